// Where things live in the worker's filesystem, and Python's environment.
// A memory snapshot keeps os.environ as it was when made, so the app's
// worker and the snapshot maker (snapshot_worker.mjs) must both use this.

/** The app's source; its folder becomes the working directory. */
export const APP_DIR = "/app";
/** Files the page's data parameters load (the app reads WASGI_DATA_DIR). */
export const DATA_DIR = "/data";
/** Files kept in the browser's storage (the app reads WASGI_PERSIST_DIR). */
export const PERSIST_DIR = "/persist";
/** Python's os.environ. */
export const ENV = { HOME: "/home/pyodide", WASGI_DATA_DIR: DATA_DIR, WASGI_PERSIST_DIR: PERSIST_DIR };
