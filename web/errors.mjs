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

/**
 * The app redirected to its site's own path without the last slash ("/repo"
 * for a site at "/repo/"), as an app that ignores root_path does for its root.
 * The static host sends that straight back to "/repo/", so the browser would go
 * round until it gave up, leaving an empty frame (a network error, as on a server).
 */
export class RedirectLoopError extends TypeError {
  /** @param {string} from the URL redirected @param {URL} to where @param {URL} siteURL */
  constructor(from, to, siteURL) {
    const root = siteURL.pathname.slice(0, -1);
    super(
      `the app redirected ${new URL(from).pathname} to ${to.pathname}, outside the site, and the host redirects that back: ` +
        `a loop. The app ignores the path the site is served under; make it build URLs from the scope's root_path ` +
        `("${root}", also in the WASGI_ROOT_PATH environment variable; Datasette: its base_url setting).`,
    );
    this.name = "RedirectLoopError";
  }

  /**
   * The error for a redirect from `from` to `location`, if it is such a loop; else null.
   * @param {string} from @param {string} location @param {URL} siteURL
   * @returns {RedirectLoopError | null}
   */
  static check(from, location, siteURL) {
    const to = new URL(location, from);
    const loops = siteURL.pathname !== "/" && to.origin === siteURL.origin && to.pathname === siteURL.pathname.slice(0, -1);
    return loops ? new RedirectLoopError(from, to, siteURL) : null;
  }
}
