// The service-worker floor: a worker that answers a constant at once. What
// an app page's request through wasgi's service worker costs beyond this is
// wasgi's; this much is the browser's.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  if (new URL(event.request.url).pathname.endsWith("/json")) {
    event.respondWith(new Response('{"hello":"world","n":1}', { headers: { "content-type": "application/json" } }));
  }
});
