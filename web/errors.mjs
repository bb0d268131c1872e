// Errors the page-side runtime raises; each names its cause.

/** The app could not start: import failed, lifespan startup failed, or a file did not load. */
export class StartupError extends Error {
  /**
   * @param {string} kind "import" | "startup" | "load" | "internal" | "worker"
   * @param {string} message one line naming the cause
   * @param {string} [traceback] the Python traceback or JS stack, if any
   */
  constructor(kind, message, traceback = "") {
    super(message);
    this.name = "StartupError";
    this.kind = kind;
    this.traceback = traceback;
  }
}

/** A URL given to App.fetch is not inside the app's site. */
export class OutsideAppError extends TypeError {
  /** @param {string} url @param {string} site */
  constructor(url, site) {
    super(`App.fetch only reaches the app: ${url} is outside ${site}. Use a path such as "/items", or window.fetch for other URLs.`);
    this.name = "OutsideAppError";
  }
}
