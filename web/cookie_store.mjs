// Keeps a site's cookie jar in IndexedDB, as a browser keeps its own cookies:
// all of them survive reloads, and those with an expiry survive browser
// restarts too. Session cookies (no Expires or Max-Age) end with the browser
// session.

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
  const store = () => db.transaction(STORE, "readwrite").objectStore(STORE).put(jar.toJSON(), key);
  const ended = newBrowserSession(key); // marks this one, for the next boot
  if (Array.isArray(saved)) {
    jar.load(ended ? saved.filter((cookie) => cookie.expires !== null) : saved);
    if (ended) store();
  }
  let scheduled = false;
  jar.onChange = () => {
    if (scheduled) return;
    scheduled = true;
    // One write per burst of Set-Cookie headers.
    queueMicrotask(() => {
      scheduled = false;
      store();
    });
  };
}

/** The browser's own session cookie that marks this browser session for a site. */
const SESSION_MARK = "wasgi-browser-session=1";

/**
 * Whether the browser session that saved the jar has ended: the browser's own
 * session cookie marking it is gone (the browser dropped it when it closed).
 * The mark is set for the next boot, here or in another tab. Where the page
 * cannot set cookies, nothing tells a restart from a reload: nothing ended.
 * @param {string} key the site's URL
 */
function newBrowserSession(key) {
  if (!globalThis.document) return false;
  const marked = () => document.cookie.split("; ").includes(SESSION_MARK);
  if (marked()) return false;
  document.cookie = `${SESSION_MARK}; path=${new URL(key).pathname}; SameSite=Strict`;
  return marked();
}
