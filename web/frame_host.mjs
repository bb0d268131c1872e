// Browsing mode: the app's pages in a full-viewport frame, with the address
// bar always showing the page on screen.
//
// With a service worker (web/sw.js), the frame loads real URLs under the
// site and the worker routes every request to this page's App. Without one
// (refused, private modes, ?wasgi-sw=off), web/fallback.mjs renders pages
// itself and the address bar uses hash URLs (#/path).

import { takeWholeBody } from "./app_response.mjs";
import { asksForPopup, Popups } from "./popups.mjs";
import { isRequest } from "./request.mjs";
import { answerIntercepted } from "./sw_bridge.mjs";
import { pageSockets } from "./websocket.mjs";

/** Service worker script, at the site's root so its scope covers the app's URLs. */
export const SW_SCRIPT = "wasgi-sw.js";

export class FrameHost {
  /**
   * @param {HTMLIFrameElement} frame
   * @param {URL} siteURL the site's folder
   * @param {{version: string}} options version: the build, to match the service worker's
   */
  constructor(frame, siteURL, options) {
    this.frame = frame;
    this.siteURL = siteURL;
    this.version = options.version;
    /** @type {import("./app.mjs").App | null} */
    this.app = null;
    /** "service-worker" | "fallback" */
    this.mode = "service-worker";
    /** Why the fallback is used, when it is. */
    this.fallbackReason = "";
    /** @type {import("./fallback.mjs").FallbackRenderer | null} */
    this.fallback = null;
    /** @type {ServiceWorker | null} */
    this.worker = null;
    this.reloading = false;
    /** Pop-up windows the app's pages open, as frames over the page. */
    this.popups = new Popups((frame, url) => this.#load(frame, url));
    /** Requests the service worker sent before the app was ready. @type {[any, MessagePort][]} */
    this.early = [];
    /** This page's end of the port it gave the service worker. @type {MessagePort | null} */
    this.serviceWorkerPort = null;
    /** The app's worker last linked to the service worker (#linkAppWorker). @type {object | null} */
    this.linkedConnection = null;
    /**
     * On a first visit (no service worker controls this page, so nothing it
     * loads passes through its cache), the cache the service worker will serve
     * this build from: the app's worker copies its downloads there as they
     * arrive (start()'s keepIn), and #keepLoadedFiles has the rest copied.
     */
    this.keepIn =
      !globalThis.navigator?.serviceWorker?.controller && this.version && !serviceWorkerRefusal()
        ? `wasgi-${this.version}`
        : undefined;
    // Registering takes a while on a first visit: start it while Python boots.
    this.registered = this.#registerServiceWorker();
    this.registered.catch(() => {});
  }

  /**
   * Show the app page the address bar names.
   * @param {import("./app.mjs").App} app
   */
  async show(app) {
    this.app = app;
    for (const [message, port] of this.early.splice(0)) void answerIntercepted(app, message, port);
    this.#installShellAPI(app);
    const initial = this.#initialURL();
    try {
      await this.registered;
    } catch (error) {
      if (this.keepIn) void caches.delete(this.keepIn).catch(() => {}); // no service worker will read it
      this.mode = "fallback";
      this.fallbackReason = error instanceof Error ? error.message : String(error);
      const { FallbackRenderer } = await import("./fallback.mjs");
      this.fallback = new FallbackRenderer(app, this.frame, this.fallbackReason);
      return this.fallback.start(initial);
    }
    this.frame.addEventListener("load", () => this.#frameLoaded());
    this.navigate(initial);
    if (this.keepIn) void this.#keepLoadedFiles(app);
  }

  /**
   * After a first visit, ask the service worker to keep the runtime files
   * this page and its worker loaded before it was there (those the worker
   * downloaded are kept already, see keepIn; the modules are not). It copies
   * them from the browser's HTTP cache only (web/sw.js), so nothing downloads
   * twice, and the next visit needs no network even once the HTTP cache has
   * dropped them. Not before the snapshot is made and the page is idle.
   * @param {import("./app.mjs").App} app
   */
  async #keepLoadedFiles(app) {
    await app.snapshotMade;
    await new Promise((resolve) => (globalThis.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve, 500)));
    const own = performance.getEntriesByType("resource").map((entry) => entry.name);
    const workers = await app.connection.call("loaded-urls").catch(() => []);
    this.worker?.postMessage({ t: "wasgi-keep", version: this.version, urls: [...own, ...workers] });
  }

  /**
   * Load an app URL in the frame.
   * @param {string} url an absolute URL under the site
   */
  navigate(url) {
    if (this.fallback) return void this.fallback.navigate(url);
    this.#load(this.frame, url);
  }

  /**
   * @param {HTMLIFrameElement} frame one of this page's frames
   * @param {string} url an absolute URL under the site
   */
  #load(frame, url) {
    // Tell the service worker which page this navigation comes from (the
    // request itself carries no client id when the shell starts it).
    this.worker?.postMessage({ t: "wasgi-navigate", url });
    frame.src = url;
  }

  /** Show the page on screen again (the app restarted). */
  reload() {
    if (this.fallback) return void this.fallback.navigate(this.fallback.currentURL, undefined, { history: false });
    this.navigate(location.href);
  }

  async #registerServiceWorker() {
    const refusal = serviceWorkerRefusal();
    if (refusal) throw new Error(refusal);
    const container = navigator.serviceWorker;
    container.addEventListener("message", (event) => this.#onWorkerMessage(event));
    // A new worker took over: ask its version too, in case its activate message was missed.
    container.addEventListener("controllerchange", () => container.controller?.postMessage({ t: "wasgi-version?" }));
    const script = new URL(SW_SCRIPT, this.siteURL);
    const registration = await container.register(script, { scope: this.siteURL.pathname, updateViaCache: "none" });
    keepActivating(registration, script);
    this.worker = await activeWorker(registration);
    // The answer arrives as "wasgi-sw-version": a different build means a stale page.
    this.worker.postMessage({ t: "wasgi-version?" });
  }

  /** @param {MessageEvent} event */
  #onWorkerMessage(event) {
    const message = event.data;
    if (message?.t === "wasgi-fetch") {
      if (message.version !== this.version) this.#reloadForUpdate();
      if (message.wantPort && event.source) this.#openPort(/** @type {ServiceWorker} */ (event.source));
      if (this.app) {
        this.#linkAppWorker(this.app);
        void answerIntercepted(this.app, message, event.ports[0]);
      } else {
        this.early.push([message, event.ports[0]]);
      }
    } else if (message?.t === "wasgi-sw-version" && message.version !== this.version) {
      this.#reloadForUpdate();
    }
  }

  /**
   * Give the service worker a port of its own to this page: its requests then
   * arrive without a trip through the browser process (web/sw.js).
   * @param {ServiceWorker} worker
   */
  #openPort(worker) {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => this.#onWorkerMessage(event);
    worker.postMessage({ t: "wasgi-port" }, [channel.port2]);
    this.serviceWorkerPort = channel.port1;
    this.linkedConnection = null; // a restarted service worker knows no app worker yet
  }

  /**
   * Give the service worker a port to the app's worker (once per worker: a
   * restarted app has a new one), over the port it has to this page: whole
   * answers that need nothing from this page then skip it on the way back
   * (worker/direct_answers.mjs), about a tenth of such a request's time.
   * @param {import("./app.mjs").App} app
   */
  #linkAppWorker(app) {
    const connection = app.connection;
    if (!this.serviceWorkerPort || this.linkedConnection === connection || connection.dead !== null) return;
    this.linkedConnection = connection;
    const channel = new MessageChannel();
    connection.linkServiceWorker(channel.port1);
    this.serviceWorkerPort.postMessage({ t: "wasgi-worker-port" }, [channel.port2]);
  }

  /** A new build is live: reload on the page the person is on, with the new runtime. */
  #reloadForUpdate() {
    if (this.reloading) return;
    this.reloading = true;
    console.info("wasgi: a new version of this site is live; reloading");
    location.reload();
  }

  /** The address bar URL, as an app URL (a #/path from the fallback works too). */
  #initialURL() {
    const here = new URL(location.href);
    if (here.hash.startsWith("#/")) return new URL(here.hash.slice(2), this.siteURL).href;
    // Deleting through searchParams respells the whole query (%20 becomes +): only when there is one to take.
    if (here.searchParams.has("wasgi-sw")) here.searchParams.delete("wasgi-sw");
    if (here.href === new URL("index.html", this.siteURL).href) return this.siteURL.href;
    return here.href.startsWith(this.siteURL.href) ? here.href : this.siteURL.href;
  }

  #frameLoaded() {
    let doc;
    try {
      doc = this.frame.contentDocument;
    } catch {
      return; // the app sent the frame elsewhere
    }
    if (!doc) return;
    this.frameNavigated(doc.location.href, doc.title);
  }

  /**
   * Keep the address bar and title on the frame's page.
   * @param {string} url @param {string} title
   */
  frameNavigated(url, title) {
    if (!url.startsWith(this.siteURL.href)) return;
    const address = this.fallback ? this.fallback.addressFor(url) : url;
    if (location.href !== address) history.replaceState(history.state, "", address);
    if (title) document.title = title;
  }

  /**
   * What web/frame.js in the app's pages calls (same origin, same thread).
   * @param {import("./app.mjs").App} app
   */
  #installShellAPI(app) {
    const host = this;
    const site = this.siteURL;
    /** @type {any} */ (window).wasgiShell = {
      app,
      siteURL: site.href,
      get mode() {
        return host.mode;
      },
      pageURL: (/** @type {string} */ url) => (/^https?:/.test(url) ? url : (this.fallback?.currentURL ?? site.href)),
      scriptCookies: (/** @type {string} */ url) => app.cookies.header(url, { script: true }),
      setScriptCookie: (/** @type {string} */ url, /** @type {string} */ value) =>
        app.cookies.store(url, [value], { script: true }),
      ownsWebSocketURL: (/** @type {string} */ url) => {
        const target = new URL(url);
        return (target.protocol === "ws:" || target.protocol === "wss:") && target.host === site.host &&
          target.pathname.startsWith(site.pathname);
      },
      /** A socket for an app page: its events and data are made in `realm`, the page's window. */
      openWebSocket: (/** @type {string} */ url, /** @type {string | string[] | undefined} */ protocols, /** @type {typeof globalThis} */ realm) => {
        const target = new URL(url);
        const socket = app.websocket("/" + target.pathname.slice(site.pathname.length) + target.search, protocols);
        pageSockets.inRealm(socket, realm);
        return socket;
      },
      /** The page that opened `socket` unloaded. */
      dropWebSocket: (/** @type {import("./websocket.mjs").AppWebSocket} */ socket) => pageSockets.goneAway(socket),
      frameNavigated: (/** @type {string} */ url, /** @type {string} */ title) => this.frameNavigated(url, title),
      openFiles: (/** @type {File[]} */ files) => window.dispatchEvent(new CustomEvent("wasgi-open-files", { detail: files })),
      /** window.open from an app page that asks for a pop-up (web/popups.mjs). */
      openPopup: (/** @type {string} */ url, /** @type {string} */ name, /** @type {string} */ features, /** @type {Window} */ opener) =>
        this.popups.show(url, name, features, opener),
      /** The opener of a page shown in a pop-up frame; undefined for other pages. */
      popupOpener: (/** @type {Window} */ win) => this.popups.openerOf(win),
      closePopup: (/** @type {Window} */ win) => this.popups.close(win),
      asksForPopup,
      navigate: (/** @type {string} */ url, /** @type {RequestInit} */ init) =>
        this.fallback ? this.fallback.navigate(url, init) : this.navigate(url),
      fetch: (/** @type {Request | string} */ input, /** @type {RequestInit | undefined} */ init, /** @type {string} */ referrer) =>
        answerFetch(app, input, init, referrer),
    };
  }
}

/** Why this page will have no service worker, or "" when it may. */
function serviceWorkerRefusal() {
  if (new URL(location.href).searchParams.get("wasgi-sw") === "off") return "turned off by ?wasgi-sw=off";
  if (!("serviceWorker" in navigator)) return "this browser offers no service workers here";
  return "";
}

/**
 * An app page's fetch() (web/frame.js), answered by the App without a trip
 * through the service worker. The answer is plain data: the page makes its
 * own Response from it, so what the page gets belongs to its own window.
 * @param {import("./app.mjs").App} app
 * @param {Request | string} input a Request made in the app page, or an absolute URL
 * @param {RequestInit | undefined} init
 * @param {string} referrer the page's URL, sent when the request names none (as the page's own fetch would)
 */
async function answerFetch(app, input, init, referrer) {
  const named = init?.referrer !== undefined || (isRequest(input) && input.referrer !== "about:client");
  const response = await app.fetch(input, named ? init : { ...init, referrer });
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
    body: takeWholeBody(response) ?? response.body,
    url: response.url,
    redirected: response.redirected,
  };
}

/**
 * A new build's service worker skips waiting when it installs, but Chromium
 * only switches once the outgoing worker is idle, and asks it to stop at
 * once only when the switch is tried while it runs. When a request restarts
 * the outgoing worker around that moment, the new one stays "installed"
 * (waiting) until the old one idles out on its own: 30 s after its last
 * event, or never while DevTools is attached. A second skipWaiting() does
 * not retry the switch (Chromium keeps the first one pending), but every
 * navigation in the scope does: so while a worker waits, load the worker
 * script, which the service worker passes to the network, in a hidden frame
 * once a second (at most a minute). The first nudge is a message that sets
 * the skip flag again, which a browser restart clears.
 * @param {ServiceWorkerRegistration} registration
 * @param {URL} scriptURL
 */
function keepActivating(registration, scriptURL) {
  let tries = 0;
  let timer = 0;
  const nudge = () => {
    if (!registration.waiting || tries++ >= 60) return;
    if (tries === 1) registration.waiting.postMessage({ t: "wasgi-skip-waiting" });
    else navigateHidden(scriptURL);
    timer = setTimeout(nudge, 1000);
  };
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state !== "installed") return;
      clearTimeout(timer);
      tries = 0;
      nudge();
    });
  });
  nudge(); // one left waiting by an earlier visit
}

/**
 * One navigation to `url` in a hidden frame, removed once it loads.
 * @param {URL} url
 */
function navigateHidden(url) {
  const frame = document.createElement("iframe");
  frame.hidden = true;
  const remove = () => frame.remove();
  frame.addEventListener("load", remove);
  setTimeout(remove, 5000);
  frame.src = url.href;
  document.body.append(frame);
}

/**
 * The registration's worker once it is active.
 * @param {ServiceWorkerRegistration} registration
 * @returns {Promise<ServiceWorker>}
 */
function activeWorker(registration) {
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker) return Promise.reject(new Error("the service worker did not install"));
  if (worker.state === "activated") return Promise.resolve(worker);
  return new Promise((resolve, reject) => {
    worker.addEventListener("statechange", () => {
      if (worker.state === "activated") resolve(worker);
      else if (worker.state === "redundant") reject(new Error("the service worker failed to install"));
    });
  });
}
