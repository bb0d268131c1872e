// A cookie jar (RFC 6265), because a Response built in the page never
// exposes Set-Cookie and a Request built in the page cannot carry Cookie:
// the runtime must do for the app what a browser does for a server.
//
// Cookies are kept per absolute URL, exactly as a browser would for a server
// at the site's origin, so an app served under /repo/ that sets Path=/ behaves
// as it would behind Uvicorn there.

/**
 * @typedef {object} Cookie
 * @property {string} name
 * @property {string} value
 * @property {string} host    host-only: cookies set here are never sent to other hosts
 * @property {string} path
 * @property {number | null} expires  epoch milliseconds, or null for a session cookie
 * @property {boolean} secure
 * @property {boolean} httpOnly
 * @property {string} sameSite "strict" | "lax" | "none"
 * @property {number} created  for the order cookies are sent in
 */

export class CookieJar {
  /** @param {() => number} [now] */
  constructor(now = Date.now) {
    this.now = now;
    /** @type {Map<string, Cookie>} keyed by name, host and path */
    this.cookies = new Map();
    this.counter = 0;
    /** @type {(() => void) | null} called after every change (persistence hooks in here) */
    this.onChange = null;
  }

  /**
   * Store the cookies of a response, or one that a page script set.
   * @param {string} url the response's (or page's) URL @param {string[]} setCookies the Set-Cookie values
   * @param {{script?: boolean}} [from] script: set through document.cookie, which cannot touch HttpOnly cookies
   */
  store(url, setCookies, from = {}) {
    const target = new URL(url);
    let changed = false;
    for (const line of setCookies) {
      const cookie = this.#parse(line, target);
      if (!cookie) continue;
      const key = `${cookie.name}\u0000${cookie.host}\u0000${cookie.path}`;
      const old = this.cookies.get(key);
      if (from.script && (cookie.httpOnly || old?.httpOnly)) continue;
      if (old) cookie.created = old.created;
      if (cookie.expires !== null && cookie.expires <= this.now()) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
      changed = true;
    }
    if (changed) this.onChange?.();
  }

  /**
   * The Cookie header for a request to url ("" when none apply).
   * @param {string} url
   * @param {{script?: boolean}} [to] script: for document.cookie, which never sees HttpOnly cookies
   */
  header(url, to = {}) {
    if (this.cookies.size === 0) return "";
    const target = new URL(url);
    const now = this.now();
    const matching = [];
    for (const [key, cookie] of this.cookies) {
      if (cookie.expires !== null && cookie.expires <= now) {
        this.cookies.delete(key);
        continue;
      }
      if (cookie.host !== target.hostname) continue;
      if (cookie.secure && !isSecure(target)) continue;
      if (!pathMatches(target.pathname, cookie.path)) continue;
      if (to.script && cookie.httpOnly) continue;
      matching.push(cookie);
    }
    // Longer paths first, then older cookies first (RFC 6265 section 5.4).
    matching.sort((a, b) => b.path.length - a.path.length || a.created - b.created);
    return matching.map((c) => (c.name === "" ? c.value : `${c.name}=${c.value}`)).join("; ");
  }

  /** Every live cookie, for persistence. @returns {Cookie[]} */
  toJSON() {
    const now = this.now();
    return [...this.cookies.values()].filter((c) => c.expires === null || c.expires > now);
  }

  /** @param {Cookie[]} saved */
  load(saved) {
    for (const cookie of saved) {
      this.cookies.set(`${cookie.name}\u0000${cookie.host}\u0000${cookie.path}`, cookie);
      this.counter = Math.max(this.counter, cookie.created + 1);
    }
  }

  clear() {
    this.cookies.clear();
    this.onChange?.();
  }

  /**
   * @param {string} line @param {URL} url
   * @returns {Cookie | null}
   */
  #parse(line, url) {
    const [pair, ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    const name = eq < 0 ? "" : pair.slice(0, eq).trim();
    const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
    if (!name && !value) return null;
    if (utf8.encode(name + value).length > MAX_NAME_AND_VALUE) return null;
    /** @type {Cookie} */
    const cookie = {
      name, value, host: url.hostname, path: defaultPath(url.pathname), expires: null,
      secure: false, httpOnly: false, sameSite: "lax", created: this.counter++,
    };
    let maxAge = null;
    let hasDomain = false;
    for (const attribute of attributes) {
      const i = attribute.indexOf("=");
      const key = (i < 0 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? "" : attribute.slice(i + 1).trim();
      if (val.length > MAX_ATTRIBUTE_VALUE) continue;
      if (key === "expires") {
        const when = Date.parse(val);
        if (!Number.isNaN(when)) cookie.expires = when;
      } else if (key === "max-age") {
        if (/^-?\d+$/.test(val)) maxAge = Number(val);
      } else if (key === "domain") {
        // Every request here goes to one host: a Domain attribute must match it.
        const domain = val.replace(/^\./, "").toLowerCase();
        if (domain && domain !== url.hostname && !url.hostname.endsWith(`.${domain}`)) return null;
        hasDomain = domain !== "";
      } else if (key === "path") {
        if (val.startsWith("/")) cookie.path = val;
      } else if (key === "secure") {
        cookie.secure = true;
      } else if (key === "httponly") {
        cookie.httpOnly = true;
      } else if (key === "samesite") {
        cookie.sameSite = ["strict", "lax", "none"].includes(val.toLowerCase()) ? val.toLowerCase() : "lax";
      }
    }
    // Max-Age wins over Expires; zero or less deletes.
    if (maxAge !== null) cookie.expires = maxAge <= 0 ? 0 : this.now() + maxAge * 1000;
    if (cookie.secure && !isSecure(url)) return null;
    if (cookie.sameSite === "none" && !cookie.secure) return null; // as Chromium does
    // Cookie name prefixes (RFC 6265bis 4.1.3), matched in any case, as Chromium does.
    const lower = name.toLowerCase();
    if (lower.startsWith("__secure-") && !cookie.secure) return null;
    if (lower.startsWith("__host-") && (!cookie.secure || hasDomain || cookie.path !== "/")) return null;
    return cookie;
  }
}

const utf8 = new TextEncoder();
/** A browser refuses a cookie whose name and value pass this many bytes. */
const MAX_NAME_AND_VALUE = 4096;
/** ...and ignores an attribute whose value passes this many. */
const MAX_ATTRIBUTE_VALUE = 1024;

/** @param {URL} url */
function isSecure(url) {
  return url.protocol === "https:" || url.hostname === "localhost" || url.hostname === "127.0.0.1";
}

/** RFC 6265 section 5.1.4. @param {string} path */
function defaultPath(path) {
  if (!path.startsWith("/")) return "/";
  const slash = path.lastIndexOf("/");
  return slash === 0 ? "/" : path.slice(0, slash);
}

/** @param {string} requestPath @param {string} cookiePath */
function pathMatches(requestPath, cookiePath) {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}
