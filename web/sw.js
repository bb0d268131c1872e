// The service worker: a stateless router. Every same-origin request under
// the site's folder (the app's URL space) goes to the shell page that owns
// the Pyodide worker (over a port the shell gave it, else Client.postMessage),
// with one MessageChannel per request for the answer; the response streams
// back. A whole answer that needs nothing from the shell may come instead from
// the shell's app worker, over a port the shell linked (worker/direct_answers.mjs).
// Top-level navigations get the shell page itself; the runtime's own
// files (_wasgi/, this script) go to the network, cached per build (on a
// first visit, which starts before this worker, the app's worker puts its
// downloads in the same cache, and the rest is copied from the HTTP cache once
// the visit is done), and this build's lock.json is kept with the shell page,
// so a return visit works offline.
//
// It keeps no state it cannot lose: which shell owns which frame is a hint
// kept in memory; when the worker is stopped and restarted the hint is gone
// and the most recently focused shell answers instead.
//
// Deployed at the site's root as wasgi-sw.js; the build replaces __VERSION__
// and __MODE__.

/** The build: the first 16 hex digits of its lock.json's sha256. */
const VERSION = "__VERSION__";
/** A development build (`wasgi serve --reload`) is rebuilt under a running page: its lock comes from the network. */
const DEVELOPMENT = "__MODE__" === "development";
const CACHE = `wasgi-${VERSION}`;
const SCOPE = new URL(self.registration.scope);
const RUNTIME = new URL("_wasgi/", SCOPE).href;
/** The build's lock, kept with the shell page: a return visit then needs no network at all. */
const LOCK = new URL("lock.json", RUNTIME).href;
const SELF = new URL(self.location.href).href;
/** Runtime files named by their content or version (all but lock.json and wasgi.mjs): the cache first. */
const IMMUTABLE = /\/_wasgi\/(r-[0-9a-f]+\/|pyodide-[^/]+\/|[a-z-]+-[0-9a-f]{16}\.)/;

/** frame client id -> its shell's Client (a hint; lost when this worker stops). @type {Map<string, Client>} */
const frameOwners = new Map();
/** URL a shell is about to load in its frame -> that shell's Client. @type {Map<string, Client>} */
const pendingNavigations = new Map();
/**
 * shell client id -> a MessagePort straight to that shell: a message on it
 * skips the browser process that Client.postMessage goes through (a hint, lost
 * when this worker stops; the shell is then asked for a new one).
 * @type {Map<string, MessagePort>}
 */
const shellPorts = new Map();
/** Shells already asked for a port by this worker. @type {Set<string>} */
const portsAsked = new Set();
/**
 * shell client id -> a MessagePort to that shell's app worker, which sends
 * whole answers here itself when they need nothing from the shell
 * (worker/direct_answers.mjs); a hint, as shellPorts.
 * @type {Map<string, MessagePort>}
 */
const appWorkerPorts = new Map();
/** Requests an app worker may answer directly: key -> what takes the answer. @type {Map<number, (reply: any) => void>} */
const directAnswers = new Map();
let lastKey = 0;
/** Owners remembered at most (each page a frame loads is a new client). */
const MAX_OWNERS = 256;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => {
        await cache.add(new Request(SCOPE.href, { cache: "no-cache" }));
        if (!DEVELOPMENT) await keepLock(cache).catch(() => {}); // without it, the lock comes from the network
      })
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith("wasgi-") && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
      // The update handshake: shells built with another version reload.
      for (const client of await self.clients.matchAll({ type: "window" })) {
        client.postMessage({ t: "wasgi-sw-version", version: VERSION });
      }
    })(),
  );
});

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message?.t === "wasgi-port" && event.source && event.ports[0]) {
    if (shellPorts.size >= MAX_OWNERS) shellPorts.clear();
    const shellId = /** @type {Client} */ (event.source).id;
    shellPorts.set(shellId, event.ports[0]);
    // The shell sends its app worker's port over it (again when the app restarts).
    event.ports[0].onmessage = (e) => {
      if (e.data?.t === "wasgi-worker-port" && e.ports[0]) linkAppWorker(shellId, e.ports[0]);
    };
  } else if (message?.t === "wasgi-navigate" && event.source) {
    if (pendingNavigations.size >= MAX_OWNERS) pendingNavigations.clear();
    pendingNavigations.set(message.url, /** @type {Client} */ (event.source));
  } else if (message?.t === "wasgi-skip-waiting") {
    event.waitUntil(self.skipWaiting()); // again: a browser restart clears the flag set at install (web/frame_host.mjs)
  } else if (message?.t === "wasgi-keep" && message.version === VERSION && Array.isArray(message.urls)) {
    event.waitUntil(keepFromHttpCache(message.urls));
  } else if (message?.t === "wasgi-version?" && event.source) {
    event.source.postMessage({ t: "wasgi-sw-version", version: VERSION });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = request.url;
  if (!url.startsWith(SCOPE.href) || url === SELF) return; // not the app's: the network
  if (url.startsWith(RUNTIME)) {
    if (IMMUTABLE.test(new URL(url).pathname)) event.respondWith(cacheFirst(request));
    else if (url === LOCK && request.method === "GET" && !DEVELOPMENT) event.respondWith(keptLock(request));
    return;
  }
  if (request.mode === "navigate" && request.destination === "document") {
    event.respondWith(shellPage());
    return;
  }
  event.respondWith(viaShell(event));
});

/** The shell page, for a top-level navigation anywhere in the app. */
async function shellPage() {
  const cache = await caches.open(CACHE);
  let response = await cache.match(SCOPE.href);
  if (!response) {
    response = await fetch(SCOPE.href, { cache: "no-cache" });
    if (response.ok) await cache.put(SCOPE.href, response.clone());
  }
  // The shell may be at a deep URL: <base> makes its relative URLs start at the site's root.
  const html = (await response.text()).replace(/<head>/i, `<head><base href="${SCOPE.href}">`);
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" } });
}

/**
 * Keep this build's lock.json. Only the one this worker was built with: a
 * deploy may have replaced it since (the page then stays on this build, and
 * reloads onto the next when its worker takes over).
 * @param {Cache} cache
 */
async function keepLock(cache) {
  const response = await fetch(LOCK, { cache: "no-cache" }).catch(() => null);
  if (!response?.ok) return; // the worker fetches it from the network, as without this
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex.startsWith(VERSION)) await cache.put(LOCK, response);
}

/** The lock install kept, else the network's (never stored: it may be another build's). @param {Request} request */
async function keptLock(request) {
  return (await (await caches.open(CACHE)).match(LOCK)) ?? fetch(request);
}

/**
 * Keep the runtime files a first visit loaded before this worker was there
 * (web/frame_host.mjs), taken from the browser's HTTP cache: one it has
 * dropped is skipped, not downloaded again (a later visit caches it here).
 * @param {string[]} urls
 */
async function keepFromHttpCache(urls) {
  const cache = await caches.open(CACHE);
  for (const url of new Set(urls)) {
    if (!url.startsWith(RUNTIME) || !IMMUTABLE.test(new URL(url).pathname) || (await cache.match(url))) continue;
    const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null);
    if (response?.ok) await cache.put(url, response);
  }
}

/** @param {Request} request */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && request.method === "GET") await cache.put(request, response.clone());
  return response;
}

/**
 * Take whole answers from a shell's app worker (worker/direct_answers.mjs).
 * @param {string} shellId @param {MessagePort} port
 */
function linkAppWorker(shellId, port) {
  if (appWorkerPorts.size >= MAX_OWNERS) appWorkerPorts.clear();
  appWorkerPorts.set(shellId, port);
  port.onmessage = (e) => {
    const take = directAnswers.get(e.data.key);
    directAnswers.delete(e.data.key);
    take?.(e.data);
  };
}

/**
 * Hand the request to the shell that owns the requesting frame; stream its answer back.
 * @param {FetchEvent} event
 */
async function viaShell(event) {
  const request = event.request;
  const shell = await findShell(event);
  if (!shell) {
    return new Response("No wasgi page is open to answer this request: open the site's page first.\n", {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  if (event.resultingClientId) {
    if (frameOwners.size >= MAX_OWNERS) frameOwners.clear();
    frameOwners.set(event.resultingClientId, shell);
  }
  const channel = new MessageChannel();
  // The answer comes from the shell on this channel, or from its app worker with this key
  // (never for a navigation: the shell prepares frame documents, web/sw_bridge.mjs).
  const navigate = request.mode === "navigate";
  const key = !navigate && appWorkerPorts.has(shell.id) ? ++lastKey : undefined;
  const answer = new Promise((resolve) => {
    channel.port1.onmessage = (e) => resolve(e.data);
    if (key !== undefined) directAnswers.set(key, resolve);
  });
  const body = request.method === "GET" || request.method === "HEAD" ? null : request.body;
  const message = {
    t: "wasgi-fetch",
    version: VERSION,
    url: request.url,
    method: request.method,
    headers: [...request.headers],
    body,
    referrer: request.referrer,
    credentials: request.credentials,
    redirect: request.redirect,
    destination: request.destination,
    navigate,
    sw: key,
    wantPort: false, // set once per shell: "send me a port of your own"
  };
  const transfer = body ? [channel.port2, body] : [channel.port2];
  const port = shellPorts.get(shell.id);
  if (port) {
    port.postMessage(message, transfer);
  } else {
    if (!portsAsked.has(shell.id)) {
      if (portsAsked.size >= MAX_OWNERS) portsAsked.clear();
      portsAsked.add(shell.id);
      message.wantPort = true;
    }
    shell.postMessage(message, transfer);
  }
  const reply = await answer;
  if (key !== undefined) directAnswers.delete(key);
  if (reply.error) return Response.error();
  return new Response(reply.body, { status: reply.status, statusText: reply.statusText, headers: reply.headers });
}

/**
 * The shell for this request: the frame's known owner, the shell that said
 * it is loading this URL, else the most recently focused shell.
 * @param {FetchEvent} event
 */
async function findShell(event) {
  // A frame lives inside its shell, so the shell that owned it is still there.
  const owner = frameOwners.get(event.clientId);
  const announced = pendingNavigations.get(event.request.url);
  pendingNavigations.delete(event.request.url);
  if (owner) return owner;
  // A navigation's note can outlive its shell: when the note arrives after the
  // request it names, nothing takes it, and a shell that has since closed would
  // never answer. Only a shell that is still open counts.
  if (announced && (await self.clients.get(announced.id))) return announced;
  // matchAll lists windows most recently focused first.
  const windows = await self.clients.matchAll({ type: "window" });
  return windows.find((client) => client.frameType === "top-level" && client.url.startsWith(SCOPE.href)) ?? null;
}
