// After a first visit, make this build's memory snapshot in a background
// worker (worker/snapshot_worker.mjs) so the next visit boots from it.

/** @type {Promise<any> | null} one per page */
let making = null;

/**
 * Start making the snapshot once the page is idle; resolves to the worker's report.
 * @param {URL} siteURL
 * @param {import("./connection.mjs").WorkerConnection} connection the app's worker, asked what it loaded
 * @returns {Promise<{ok: boolean, failed?: string[], error?: string}>}
 */
export function makeSnapshotLater(siteURL, connection) {
  making ??= new Promise((resolve) => {
    const run = async () => {
      await requestsDone(connection);
      const plan = await connection.call("snapshot-plan").catch(() => null);
      if (!plan) return resolve({ ok: false, error: "the app's worker is gone" });
      const worker = new Worker(new URL("../worker/snapshot_worker.mjs", import.meta.url), {
        type: "module",
        name: "wasgi-snapshot",
      });
      worker.onmessage = (event) => {
        worker.terminate();
        if (!event.data.ok) console.warn(`wasgi: no memory snapshot for the next visit: ${event.data.error}`);
        resolve(event.data);
      };
      worker.onerror = (event) => {
        worker.terminate();
        resolve({ ok: false, error: event.message });
      };
      worker.postMessage({ siteURL: siteURL.href, plan });
    };
    // Not while the page is still busy with its first screen.
    if (globalThis.requestIdleCallback) requestIdleCallback(run, { timeout: 2000 });
    else setTimeout(run, 500);
  });
  return making;
}

/**
 * Wait until no request is in flight (at most 10 s): what the first requests
 * import lazily belongs in the snapshot, and a plan taken mid-request misses it.
 * @param {import("./connection.mjs").WorkerConnection} connection
 */
async function requestsDone(connection) {
  for (let waited = 0; connection.exchanges.size > 0 && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
