// Browsing without a service worker (refused, private modes, ?wasgi-sw=off):
// reduced, not broken. Pages are fetched through the App and written into
// the frame; their stylesheets, images and scripts are fetched the same way;
// link clicks, form submissions, fetch(), XMLHttpRequest, EventSource and beacons in
// the page are routed to the App by web/frame.js and the scripts built on it.
// The address bar holds hash URLs (#/path). Images, media, icons and
// stylesheets the page adds or changes later are swapped the same way, and
// web/frame.js does the same for the scripts it adds. The app's URLs inside
// stylesheets (images, fonts, @import) are swapped too.

import { errorPage, FRAME_SCRIPTS } from "./sw_bridge.mjs";

/** Elements whose URL attribute is fetched through the App and swapped for a blob: URL. */
const SUBRESOURCES = [
  ["img[src]", "src"],
  ["script[src]", "src"],
  ["source[src]", "src"],
  ["video[src]", "src"],
  ["audio[src]", "src"],
  ["link[rel~='icon'][href]", "href"],
];
/**
 * What the page may add or change after it loaded, swapped once it is in the page: its
 * stylesheets too. Not scripts: the browser fetches a script as soon as it is in the page,
 * so web/frame.js holds its URL back before that.
 */
const LATER_SUBRESOURCES = [...SUBRESOURCES.filter(([selector]) => !selector.startsWith("script")), ["link[rel~='stylesheet'][href]", "href"]];
const LATER_SELECTOR = LATER_SUBRESOURCES.map(([selector]) => selector).join(", ");
/** url(...) in CSS: [whole, quote, reference]; data: and blob: URLs are left alone. */
const CSS_URL = /url\(\s*(['"]?)(?!data:|blob:)([^'")\s]+)\1\s*\)/gi;

export class FallbackRenderer {
  /**
   * @param {import("./app.mjs").App} app
   * @param {HTMLIFrameElement} frame
   * @param {string} reason why there is no service worker
   */
  constructor(app, frame, reason) {
    this.app = app;
    this.frame = frame;
    this.reason = reason;
    this.siteURL = app.siteURL;
    /** The app URL on screen (the frame's own URL is about:srcdoc). */
    this.currentURL = app.siteURL.href;
    /** @type {string[]} blob: URLs of the page on screen, revoked on the next page */
    this.blobs = [];
  }

  /** @param {string} initialURL */
  async start(initialURL) {
    this.#showBanner();
    addEventListener("popstate", () => this.navigate(this.#urlFromHash(), undefined, { history: false }));
    await this.navigate(initialURL, undefined, { history: "replace" });
  }

  /**
   * Fetch an app URL and show it.
   * @param {string} url @param {RequestInit} [init]
   * @param {{history?: false | "push" | "replace"}} [options]
   */
  async navigate(url, init, options = {}) {
    let response;
    try {
      response = await this.app.fetch(url, init);
    } catch (error) {
      console.error(`wasgi: ${url}: ${/** @type {Error} */ (error).message}`);
      return this.#render(errorPage(/** @type {Error} */ (error)), url);
    }
    const finalURL = response.url || url;
    const mode = options.history ?? "push";
    if (mode) history[mode === "push" ? "pushState" : "replaceState"](null, "", this.addressFor(finalURL));
    const disposition = response.headers.get("content-disposition") ?? "";
    if (/^\s*attachment/i.test(disposition)) return this.#download(response, disposition);
    this.currentURL = finalURL;
    const type = response.headers.get("content-type") ?? "";
    if (/html/i.test(type)) return this.#render(await response.text(), finalURL);
    this.#showBlob(await response.blob(), type);
  }

  /** @param {string} html @param {string} url */
  async #render(html, url) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const base = doc.createElement("base");
    base.href = url;
    doc.head.prepend(base);
    base.after(...FRAME_SCRIPTS.map((src) => Object.assign(doc.createElement("script"), { src })));
    const previous = this.blobs;
    this.blobs = [];
    await Promise.all([this.#inlineStylesheets(doc, url), this.#swapSubresources(doc, url)]);
    this.frame.srcdoc = "<!doctype html>" + doc.documentElement.outerHTML;
    this.frame.addEventListener(
      "load",
      () => {
        previous.forEach((blob) => URL.revokeObjectURL(blob));
        this.#watchSubresources();
      },
      { once: true },
    );
    document.title = doc.title || document.title;
  }

  /** @param {Document} doc @param {string} pageURL */
  async #inlineStylesheets(doc, pageURL) {
    const links = [...doc.querySelectorAll("link[rel~='stylesheet'][href]")];
    await Promise.all(
      links.map(async (link) => {
        const href = new URL(/** @type {string} */ (link.getAttribute("href")), pageURL).href;
        if (!href.startsWith(this.siteURL.href)) return;
        const style = doc.createElement("style");
        style.textContent = await this.app.fetch(href).then((r) => r.text(), () => "").then((css) => this.#withBlobURLs(css, href));
        link.replaceWith(style);
      }),
    );
  }

  /** @param {Document} doc @param {string} pageURL */
  async #swapSubresources(doc, pageURL) {
    const jobs = [];
    for (const [selector, attribute] of SUBRESOURCES) {
      for (const element of doc.querySelectorAll(selector)) jobs.push(this.#swap(element, attribute, pageURL));
    }
    await Promise.all(jobs);
  }

  /**
   * CSS whose url(...)s of the app's (images, fonts) point at blob: URLs of the App's answers:
   * as a <style> or a blob: stylesheet it would resolve them against the page, or not at all.
   * @param {string} css @param {string} sheetURL @param {number} [depth] of @imports, bounded (a sheet may import itself)
   */
  async #withBlobURLs(css, sheetURL, depth = 0) {
    if (depth >= 4) return css;
    /** Each reference to the app, fetched once, and then its blob: URL (the URL itself when the App failed). */
    const blobs = new Map();
    for (const [, , reference] of css.matchAll(CSS_URL)) {
      const url = URL.canParse(reference, sheetURL) ? new URL(reference, sheetURL).href : "";
      if (url.startsWith(this.siteURL.href) && !blobs.has(reference)) blobs.set(reference, this.#blobOf(url, depth + 1).catch(() => url));
    }
    for (const [reference, blobURL] of blobs) blobs.set(reference, await blobURL);
    return css.replace(CSS_URL, (whole, quote, reference) => (blobs.has(reference) ? `url(${quote}${blobs.get(reference)}${quote})` : whole));
  }

  /** A blob: URL of the App's answer for url, revoked with the page. @param {string} url @param {number} [depth] */
  async #blobOf(url, depth = 0) {
    const response = await this.app.fetch(url);
    const type = response.headers.get("content-type") ?? "";
    const blob = /css/i.test(type) ? new Blob([await this.#withBlobURLs(await response.text(), url, depth)], { type }) : await response.blob();
    const blobURL = URL.createObjectURL(blob);
    this.blobs.push(blobURL);
    return blobURL;
  }

  /** Point an element's URL attribute at a blob: URL of the App's answer, when the URL is the app's. */
  async #swap(/** @type {Element} */ element, /** @type {string} */ attribute, /** @type {string} */ pageURL) {
    const url = new URL(/** @type {string} */ (element.getAttribute(attribute)), pageURL).href;
    if (!url.startsWith(this.siteURL.href) || url.includes("/_wasgi/")) return;
    try {
      const blobURL = await this.#blobOf(url);
      // A script's src still reads as its app URL (web/frame.js): scripts resolve URLs against it.
      if (element.localName === "script") element.setAttribute("data-wasgi-src", url);
      element.setAttribute(attribute, blobURL);
    } catch {
      // left as it was: the browser reports it missing, as for any broken link
    }
  }

  /** Swap what the page on screen adds or changes from now on (a blob: URL is not the app's, so no loop). */
  #watchSubresources() {
    const doc = this.frame.contentDocument;
    if (!doc) return;
    const visit = (/** @type {Element} */ element) => {
      for (const [selector, attribute] of LATER_SUBRESOURCES) {
        if (element.matches(selector)) void this.#swap(element, attribute, doc.baseURI);
      }
    };
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "attributes") visit(/** @type {Element} */ (record.target));
        for (const node of record.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE) continue;
          visit(/** @type {Element} */ (node));
          /** @type {Element} */ (node).querySelectorAll(LATER_SELECTOR).forEach(visit);
        }
      }
    }).observe(doc, { childList: true, subtree: true, attributes: true, attributeFilter: ["src", "href"] });
  }

  /** @param {Blob} blob @param {string} type */
  #showBlob(blob, type) {
    const url = URL.createObjectURL(blob);
    this.blobs.push(url);
    this.frame.removeAttribute("srcdoc");
    this.frame.src = url;
    if (/^text\/|json/.test(type)) document.title = this.currentURL;
  }

  /** @param {Response} response @param {string} disposition */
  async #download(response, disposition) {
    const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? "download";
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement("a"), { href: url, download: decodeURIComponent(name) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /**
   * The address-bar form of an app URL here: #/path.
   * @param {string} url
   */
  addressFor(url) {
    const address = new URL(this.siteURL);
    address.hash = "/" + url.slice(this.siteURL.href.length);
    return address.href;
  }

  #urlFromHash() {
    const hash = location.hash.startsWith("#/") ? location.hash.slice(2) : "";
    return new URL(hash, this.siteURL).href;
  }

  #showBanner() {
    const banner = document.createElement("div");
    banner.id = "wasgi-fallback";
    banner.setAttribute("role", "status");
    banner.textContent =
      `Reduced mode: no service worker (${this.reason}). Pages, links, forms, fetch(), XMLHttpRequest, ` +
      "server-sent events and WebSockets work; frames and workers a page starts do not.";
    const close = Object.assign(document.createElement("button"), { textContent: "×", title: "Dismiss" });
    close.addEventListener("click", () => banner.remove());
    banner.append(close);
    document.body.prepend(banner);
  }
}
