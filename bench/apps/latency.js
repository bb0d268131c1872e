/* Latency (p50, p99, mean, ms) of window.call() one at a time, then requests per second
   with inFlight in flight: evaluated by bench/run.py, and by tiny.py's /latency-page. */
async ([n, inFlight, total]) => {
  const call = window.call;
  for (let i = 0; i < 200; i++) await (await call()).arrayBuffer();  // warm up
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await call();
    await r.arrayBuffer();
    times.push(performance.now() - t0);
  }
  const mean = times.reduce((sum, t) => sum + t, 0) / n;  // not rounded to the timer's 0.1 ms, unlike each sample
  times.sort((a, b) => a - b);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < total) { next++; await (await call()).arrayBuffer(); }
  }));
  const seconds = (performance.now() - t0) / 1000;
  return { p50: times[Math.floor(n / 2)], p99: times[Math.floor(n * 0.99)], mean, rps: total / seconds };
}
