/* Latency (p50, p99, ms) of n sequential requests for "json" made by a page: "fetch" and
   "xhr" use the page's fetch() and XMLHttpRequest (in an app page web/frame.js hands both to
   the App), "sw" the browser's own XMLHttpRequest, which an app page sends through the service
   worker. Evaluated by bench/run.py, and by tiny.py's /xhr-page and sw_floor/index.html without
   DevTools. */
async ([n, kind]) => {
  // In an app page XMLHttpRequest is the runtime's subclass of the browser's.
  const browserXHR = Object.getPrototypeOf(XMLHttpRequest) === XMLHttpRequestEventTarget ? XMLHttpRequest : Object.getPrototypeOf(XMLHttpRequest);
  const xhr = (XHR) => () => new Promise((resolve, reject) => {
    const request = new XHR();
    request.open("GET", "json");
    request.onload = resolve;
    request.onerror = reject;
    request.send();
  });
  const request = kind === "fetch" ? async () => (await fetch("json")).arrayBuffer() : xhr(kind === "sw" ? browserXHR : XMLHttpRequest);
  for (let i = 0; i < 100; i++) await request();  // warm up
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await request();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n / 2)], p99: times[Math.floor(n * 0.99)] };
}
