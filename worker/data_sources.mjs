// Loading the page's data parameters (?url= ?csv= ?json= ?metadata=) into
// the worker's filesystem before the app is imported. Every file is fetched
// and checked first; only when all of them are good is anything written, so
// a failure leaves nothing half-loaded.

import { createLazyFile } from "./lazy_file.mjs";
import { DATA_DIR } from "./environment.mjs";
import { nativeFetch } from "./progress.mjs";

export { DATA_DIR };
/** SQLite databases larger than this are read lazily over range requests when the server allows. */
export const LAZY_THRESHOLD = 8 * 1024 * 1024;
const SQLITE_MAGIC = "SQLite format 3\u0000";
const PROBE_BYTES = 64 * 1024;

/**
 * @typedef {object} DataSpec what the page asks for
 * @property {string[]} [url] SQLite databases
 * @property {string[]} [csv] CSV files, imported into tables of data.db
 * @property {string[]} [json] JSON or newline-delimited JSON files, imported likewise
 * @property {string[]} [metadata] a metadata file for apps that take one (Datasette)
 * @property {{name: string, buffer: ArrayBuffer}[]} [files] local files the person opened
 *
 * @typedef {object} LoadedFile one entry of /data/.wasgi-data.json
 * @property {string} name @property {string} path @property {string} kind "sqlite" | "csv" | "json" | "metadata"
 * @property {string} source the URL, or "local file" @property {number} size @property {boolean} lazy
 */

/** A data source failed; the message names the URL and the likely fix. */
export class DataLoadError extends Error {
  /** @param {string} url @param {string} problem */
  constructor(url, problem) {
    super(`Could not load ${url}: ${problem}`);
    this.name = "DataLoadError";
  }
}

/**
 * Rewrite links people copy from GitHub to their raw form.
 * @param {string} url
 */
export function rawURL(url) {
  const blob = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(url);
  if (blob) return `https://raw.githubusercontent.com/${blob[1]}/${blob[2]}/${blob[3]}`;
  const gist = /^https:\/\/gist\.github\.com\/([^/]+)\/([0-9a-f]+)\/?$/.exec(url);
  if (gist) return `https://gist.githubusercontent.com/${gist[1]}/${gist[2]}/raw`;
  return url;
}

/**
 * @typedef {{entry: LoadedFile, write: (pyodide: any) => void}} PreparedFile a checked file, not yet written
 */

/** Whether the page asked for any data. @param {DataSpec | undefined} spec */
export function wantsData(spec) {
  return Boolean(spec && ["url", "csv", "json", "metadata", "files"].some((key) => spec[key]?.length));
}

/**
 * Fetch and check every source (this needs no Pyodide, so it runs while Python boots).
 * @param {DataSpec} spec
 * @param {import("./progress.mjs").ProgressTracker} tracker
 * @param {(text: string) => void} note tells the page something it should know (e.g. no range support)
 * @returns {Promise<PreparedFile[]>}
 */
export async function fetchData(spec, tracker, note) {
  const names = new Set();
  const unique = (/** @type {string} */ name) => {
    let candidate = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "") || "data";
    for (let i = 2; names.has(candidate); i++) candidate = candidate.replace(/(\.[^.]*)?$/, `-${i}$1`);
    names.add(candidate);
    return candidate;
  };
  const jobs = [
    ...(spec.url ?? []).map((url) => prepareDatabase(rawURL(url), tracker, note, unique)),
    ...(spec.csv ?? []).map((url) => prepareText(rawURL(url), "csv", tracker, unique)),
    ...(spec.json ?? []).map((url) => prepareText(rawURL(url), "json", tracker, unique)),
    ...(spec.metadata ?? []).map((url) => prepareText(rawURL(url), "metadata", tracker, unique)),
  ];
  for (const file of spec.files ?? []) {
    const bytes = new Uint8Array(file.buffer);
    const kind = kindOfLocal(file.name, bytes);
    const name = unique(file.name);
    jobs.push(
      Promise.resolve({
        entry: { name, path: `${DATA_DIR}/${name}`, kind, source: "local file", size: bytes.length, lazy: false },
        write: (/** @type {any} */ py) => py.FS.writeFile(`${DATA_DIR}/${name}`, bytes),
      }),
    );
  }
  return Promise.all(jobs);
}

/**
 * Write checked files to DATA_DIR, with the manifest the Python API reads.
 * @param {any} pyodide @param {PreparedFile[]} prepared
 * @returns {LoadedFile[]}
 */
export function writeData(pyodide, prepared) {
  pyodide.FS.mkdirTree(DATA_DIR);
  for (const { write } of prepared) write(pyodide);
  const entries = prepared.map(({ entry }) => entry);
  pyodide.FS.writeFile(`${DATA_DIR}/.wasgi-data.json`, JSON.stringify(entries));
  return entries;
}

/**
 * @param {string} url
 * @param {import("./progress.mjs").ProgressTracker} tracker
 * @param {(text: string) => void} note
 * @param {(name: string) => string} unique
 */
async function prepareDatabase(url, tracker, note, unique) {
  const probe = await request(url, { headers: { range: `bytes=0-${PROBE_BYTES - 1}` } });
  const ranged = probe.status === 206;
  const total = ranged ? await totalSize(url, probe) : Number(probe.headers.get("content-length") || 0);
  const name = unique(baseName(url, "database.db"));
  const path = `${DATA_DIR}/${name}`;
  if (ranged && total > LAZY_THRESHOLD) {
    checkSQLite(url, new Uint8Array(await probe.arrayBuffer()), probe.headers.get("content-type"));
    tracker.grow(0);
    return {
      entry: { name, path, kind: "sqlite", source: url, size: total, lazy: true },
      write: (/** @type {any} */ pyodide) => createLazyFile(pyodide.FS, path, url, total),
    };
  }
  let bytes;
  if (ranged && total <= PROBE_BYTES) {
    bytes = await readAll(probe, tracker, total); // the probe already holds the whole file
  } else if (ranged) {
    await probe.body?.cancel();
    bytes = await download(url, tracker, total);
  } else {
    if (total > LAZY_THRESHOLD) {
      note(`${url} is downloaded whole (${(total / 1e6).toFixed(0)} MB): its server does not answer range requests.`);
    }
    bytes = await readAll(probe, tracker, total);
  }
  checkSQLite(url, bytes, probe.headers.get("content-type"));
  return {
    entry: { name, path, kind: "sqlite", source: url, size: bytes.length, lazy: false },
    write: (/** @type {any} */ pyodide) => pyodide.FS.writeFile(path, bytes),
  };
}

/**
 * @param {string} url @param {string} kind
 * @param {import("./progress.mjs").ProgressTracker} tracker
 * @param {(name: string) => string} unique
 */
async function prepareText(url, kind, tracker, unique) {
  const response = await request(url);
  const bytes = await readAll(response, tracker, Number(response.headers.get("content-length") || 0));
  if (looksLikeHTML(bytes, response.headers.get("content-type")) && kind !== "metadata") {
    throw new DataLoadError(url, "the server sent an HTML page, not a data file. For GitHub, link the raw file.");
  }
  const name = unique(baseName(url, kind === "metadata" ? "metadata" : `data.${kind}`));
  const path = `${DATA_DIR}/${name}`;
  return {
    entry: { name, path, kind, source: url, size: bytes.length, lazy: false },
    write: (/** @type {any} */ pyodide) => pyodide.FS.writeFile(path, bytes),
  };
}

/**
 * fetch(), with failures named: HTTP errors, a missing CORS header, the network.
 * @param {string} url @param {RequestInit} [init]
 */
async function request(url, init) {
  let response;
  try {
    // Not the global fetch, which boot points at its progress tracker while Pyodide loads.
    response = await nativeFetch(url, init);
  } catch {
    // fetch hides why; a no-cors request tells a CORS refusal from a dead server. Chromium's
    // opaque-response blocking may fail a no-cors GET whose body it sniffs as a page's data
    // (JSON, HTML), so a HEAD (no body to sniff) asks too; either answer means the server is there.
    const probe = (/** @type {string} */ method) => nativeFetch(url, { mode: "no-cors", method, cache: "no-store" });
    const reachable = await Promise.any([probe("GET"), probe("HEAD")]).then(() => true, () => false);
    throw new DataLoadError(
      url,
      reachable
        ? "the server does not allow other sites to read it (no Access-Control-Allow-Origin header). Host the file where CORS is allowed, e.g. GitHub, or a server that sends Access-Control-Allow-Origin: *."
        : "the network request failed. Check the URL and your connection.",
    );
  }
  if (!response.ok) {
    const hint = response.status === 404 ? " Check the URL (for GitHub, use the raw file's link)." : "";
    throw new DataLoadError(url, `the server answered HTTP ${response.status} ${response.statusText}.${hint}`);
  }
  return response;
}

/** Size of the whole file when a range response arrived. @param {string} url @param {Response} probe */
async function totalSize(url, probe) {
  const range = probe.headers.get("content-range"); // exposed only if the server allows it
  const match = range && /\/(\d+)$/.exec(range);
  if (match) return Number(match[1]);
  const head = await request(url, { method: "HEAD" });
  return Number(head.headers.get("content-length") || 0);
}

/** @param {string} url @param {import("./progress.mjs").ProgressTracker} tracker @param {number} size */
async function download(url, tracker, size) {
  return readAll(await request(url), tracker, size);
}

/**
 * Read a body whole, counting its bytes in the boot progress.
 * @param {Response} response @param {import("./progress.mjs").ProgressTracker} tracker @param {number} size
 */
async function readAll(response, tracker, size) {
  tracker.grow(size);
  const parts = [];
  let length = 0;
  const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
    tracker.add(value.length);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** @param {string} url @param {Uint8Array} bytes @param {string | null} type */
function checkSQLite(url, bytes, type) {
  if (new TextDecoder("latin1").decode(bytes.subarray(0, 16)) === SQLITE_MAGIC) return;
  if (looksLikeHTML(bytes, type)) {
    throw new DataLoadError(url, "the server sent an HTML page, not a SQLite database. For GitHub, link the raw file.");
  }
  throw new DataLoadError(url, "this is not a SQLite database (it does not start with the SQLite header). Use ?csv= or ?json= for those formats.");
}

/** @param {Uint8Array} bytes @param {string | null} type */
function looksLikeHTML(bytes, type) {
  if (type && /text\/html/i.test(type)) return true;
  const start = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  return start.startsWith("<!doctype html") || start.startsWith("<html");
}

/** @param {string} name @param {Uint8Array} bytes */
function kindOfLocal(name, bytes) {
  if (new TextDecoder("latin1").decode(bytes.subarray(0, 16)) === SQLITE_MAGIC) return "sqlite";
  if (/\.csv$|\.tsv$/i.test(name)) return "csv";
  if (/\.json$|\.ndjson$|\.jsonl$/i.test(name)) return "json";
  throw new DataLoadError(name, "this file is neither a SQLite database nor CSV or JSON.");
}

/** @param {string} url @param {string} fallback */
function baseName(url, fallback) {
  const last = new URL(url).pathname.split("/").filter(Boolean).pop();
  return last ? decodeURIComponent(last) : fallback;
}
