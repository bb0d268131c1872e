// Keeps a site's cookie jar in IndexedDB, so logins and sessions survive
// reloads and browser restarts, as a browser's own cookies would.

const DB_NAME = "wasgi";
const STORE = "cookies";

/** @returns {Promise<IDBDatabase | null>} null where IndexedDB is unavailable (some private modes) */
function openDB() {
  return new Promise((resolve) => {
    if (!globalThis.indexedDB) return resolve(null);
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
}

/**
 * Fill the jar from storage, then save it after every change.
 * @param {import("./cookies.mjs").CookieJar} jar
 * @param {string} key one jar per site: the site's URL
 */
export async function persistCookies(jar, key) {
  const db = await openDB();
  if (!db) return;
  const saved = await new Promise((resolve) => {
    const request = db.transaction(STORE).objectStore(STORE).get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(undefined);
  });
  if (Array.isArray(saved)) jar.load(saved);
  let scheduled = false;
  jar.onChange = () => {
    if (scheduled) return;
    scheduled = true;
    // One write per burst of Set-Cookie headers.
    queueMicrotask(() => {
      scheduled = false;
      db.transaction(STORE, "readwrite").objectStore(STORE).put(jar.toJSON(), key);
    });
  };
}
