// Byte-accurate boot progress: every file the worker loads goes through
// ProgressTracker.fetch, which counts bytes as they arrive (and, on a first
// visit, copies each file into the service worker's cache as it arrives).

/**
 * The browser's fetch, captured once: boot.mjs points the global fetch at the
 * tracker while Pyodide loads, and what must reach the network unchanged
 * meanwhile uses this (the tracker itself, and the page's data files, whose
 * failures and opaque probes the tracker would turn into its own errors).
 */
export const nativeFetch = globalThis.fetch.bind(globalThis);

/**
 * @typedef {{phase: string, loaded: number, total: number, detail?: string}} Progress
 */

export class ProgressTracker {
  /**
   * @param {number} total bytes expected across all files
   * @param {(p: Progress) => void} report
   */
  constructor(total, report) {
    this.total = total;
    this.loaded = 0;
    this.phase = "download";
    this.report = report;
    this.lastReport = 0;
    /** When each phase began, as epoch ms (the page makes them its own). @type {Record<string, number>} */
    this.timings = { [this.phase]: now() };
    /** Responses started before anything asked for them, by URL; fetch() hands each out once. @type {Map<string, Promise<Response>>} */
    this.early = new Map();
    this.fail = /** @type {(error: FileLoadError) => void} */ (() => {});
    /**
     * Rejects with the first file that could not be loaded. loadPyodide never
     * settles when its wasm is missing (Emscripten aborts inside it), so the
     * boot races it against this.
     * @type {Promise<never>}
     */
    this.failure = new Promise((_, reject) => {
      this.fail = reject;
    });
    this.failure.catch(() => {});
    /** Where fetched files are also put, once keepIn() named it. @type {Promise<Cache | null> | null} */
    this.cache = null;
  }

  /**
   * Also put every file fetched from now on into this Cache Storage cache, as
   * it arrives: a copy of the same stream, so nothing is downloaded twice.
   * Every file the boot fetches has a content- or version-named URL.
   * @param {string} name
   */
  keepIn(name) {
    this.cache = globalThis.caches ? caches.open(name).catch(() => null) : null; // none outside secure contexts
  }

  /**
   * Start downloading a file that code loaded later will fetch (Pyodide's own
   * files): its fetch() then gets this response rather than a new request.
   * @param {URL} url
   */
  prefetch(url) {
    const response = this.fetch(url);
    response.catch(() => {}); // reported to whoever takes it
    this.early.set(url.href, response);
  }

  /** @param {string} phase @param {string} [detail] */
  setPhase(phase, detail) {
    this.phase = phase;
    this.timings[phase] = now();
    this.report({ phase, loaded: this.loaded, total: this.total, detail });
  }

  /** More bytes to load than the lock listed (data files named by the page). @param {number} n */
  grow(n) {
    this.total += n;
  }

  /** @param {number} n */
  add(n) {
    this.loaded += n;
    const now = performance.now();
    // Enough to animate a bar; not a message per network packet.
    if (now - this.lastReport > 50 || this.loaded >= this.total) {
      this.lastReport = now;
      this.report({ phase: this.phase, loaded: Math.min(this.loaded, this.total), total: this.total });
    }
  }

  /**
   * fetch() whose body bytes are counted. The counting reads a clone, so the
   * Response handed on is the browser's own: WebAssembly.instantiateStreaming
   * keeps the compiled code of pyodide.asm.wasm in the browser's code cache
   * only for such a Response (one made in JavaScript has no URL to key it by).
   * @param {string | URL} url
   * @param {RequestInit} [init]
   */
  async fetch(url, init) {
    const early = this.early.get(String(url));
    if (early) {
      this.early.delete(String(url));
      return early;
    }
    try {
      const response = await nativeFetch(url, init);
      if (!response.ok) throw new FileLoadError(String(url), `HTTP ${response.status} ${response.statusText}`);
      if (response.body) void this.#count(/** @type {ReadableStream<Uint8Array>} */ (response.clone().body));
      if (this.cache) void this.#keep(String(url), response.clone());
      return response;
    } catch (error) {
      const failure = error instanceof FileLoadError ? error : new FileLoadError(String(url), String(error));
      this.fail(failure);
      throw failure;
    }
  }

  /** @param {string} url @param {Response} copy */
  async #keep(url, copy) {
    const cache = await this.cache;
    if (cache) await cache.put(url, copy).catch(() => {}); // a cache that fails only costs the next visit a download
    else await copy.body?.cancel();
  }

  /** @param {ReadableStream<Uint8Array>} body */
  async #count(body) {
    const reader = body.getReader();
    try {
      for (let part = await reader.read(); !part.done; part = await reader.read()) this.add(part.value.byteLength);
    } catch {
      // The original's reader reports the failure.
    }
  }
}

/** The time as epoch ms, comparable between the worker and the page. */
export function now() {
  return performance.timeOrigin + performance.now();
}

/** A site file could not be loaded; the message names the URL. */
export class FileLoadError extends Error {
  /** @param {string} url @param {string} reason */
  constructor(url, reason) {
    super(`Could not load ${url}: ${reason}. Is the site fully uploaded, and served over http(s)?`);
    this.name = "FileLoadError";
  }
}
