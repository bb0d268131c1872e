// Memory snapshots kept in Cache Storage, one per site's packages and per
// browser (a snapshot records what the engine it was made in can do). The
// app's own code is not in a snapshot, so editing it keeps the snapshot.

const CACHE = "wasgi-snapshots";

/**
 * The cache key of this site's snapshot in this browser: what a snapshot
 * holds is Pyodide, the runtime, the packages and which modules were imported.
 * @param {URL} runtimeURL the site's _wasgi/ folder @param {any} lock the site's lock.json
 */
export async function snapshotKey(runtimeURL, lock) {
  const inputs = JSON.stringify([lock.pyodide.version, lock.runtime, lock.sitePackages.sha256, lock.snapshot, navigator.userAgent]);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(inputs)));
  const hex = Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
  return new URL(`snapshot-${hex}.bin`, runtimeURL).href;
}

/**
 * @typedef {{bytes: Uint8Array, dynlibs: import("./dynlibs.mjs").DynlibPlan}} StoredSnapshot
 *   dynlibs: the compiled extensions to preload before restoring (see dynlibs.mjs)
 * @typedef {{bytes: Promise<Uint8Array>, dynlibs: import("./dynlibs.mjs").DynlibPlan}} FoundSnapshot
 *   bytes: still being read (tens of ms for its 30 to 50 MB), while Pyodide loads
 */

/** The stored snapshot, or null when there is none yet. @param {string} key @returns {Promise<FoundSnapshot | null>} */
export async function cachedSnapshot(key) {
  const cache = await caches.open(CACHE).catch(() => null);
  const hit = await cache?.match(key);
  if (!hit) return null;
  const dynlibs = JSON.parse(hit.headers.get(DYNLIBS_HEADER) ?? '{"root": "", "paths": [], "layout": ""}');
  const bytes = hit.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  bytes.catch(() => {}); // a failed read fails the restore, which boots normally instead
  return { bytes, dynlibs };
}

const DYNLIBS_HEADER = "x-wasgi-dynlibs";

/**
 * Keep a snapshot, dropping older ones of the same site.
 * @param {string} key @param {StoredSnapshot} snapshot @param {URL} runtimeURL
 */
export async function storeSnapshot(key, { bytes, dynlibs }, runtimeURL) {
  const cache = await caches.open(CACHE);
  for (const old of await cache.keys()) if (old.url.startsWith(runtimeURL.href) && old.url !== key) await cache.delete(old);
  const headers = { "content-type": "application/octet-stream", [DYNLIBS_HEADER]: JSON.stringify(dynlibs) };
  await cache.put(key, new Response(bytes, { headers }));
}

/** A snapshot that failed to restore must not be tried again. @param {string} key */
export async function forgetSnapshot(key) {
  await (await caches.open(CACHE).catch(() => null))?.delete(key);
}
