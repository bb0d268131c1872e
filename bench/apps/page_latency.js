/* Latency (p50, p99, ms) of n sequential requests for "json" made by a page: fetch() or
   XMLHttpRequest (which an app page sends through the service worker). Evaluated by
   bench/run.py, and by tiny.py's /xhr-page and sw_floor/index.html without DevTools. */
async ([n, kind]) => {
  const request = kind === "xhr"
    ? () => new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open("GET", "json");
        xhr.onload = resolve;
        xhr.onerror = reject;
        xhr.send();
      })
    : async () => (await fetch("json")).arrayBuffer();
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
