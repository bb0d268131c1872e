// Public API of the wasgi npm package (web/wasgi.mjs).

/** Boot progress, reported while the site's files load and the app starts. */
export interface Progress {
  /** "download" | "install" | "import" | "startup" */
  phase: string;
  /** Bytes downloaded so far, across every file the boot needs. */
  loaded: number;
  /** Bytes the boot downloads in all (from the site's lock). */
  total: number;
  /** What is being worked on, e.g. the app spec while importing. */
  detail?: string;
}

export interface StartOptions {
  /** URL of the built site's folder (default: the page's folder). Must be same-origin. */
  site?: string | URL;
  /** Called as boot progresses. */
  onProgress?: (progress: Progress) => void;
  /** Python log lines and print() output; default: the page's console with matching levels. */
  onLog?: (level: string, text: string) => void;
}

/** A started app: lifespan startup has completed. */
export declare class App {
  /** The folder URL of the site (ends with "/"). */
  readonly siteURL: URL;
  /** The ASGI root_path the app sees ("" at the origin's root, "/repo" under a sub-path). */
  readonly rootPath: string;
  /** "snapshot" when the worker was restored from a memory snapshot made on an earlier visit, else "boot". */
  readonly bootedFrom: "snapshot" | "boot";
  /**
   * When each boot phase began ("download", "install", "data", "import", "startup", ...,
   * and "ready"), in ms since the page's navigation started, like performance.now().
   */
  readonly bootTimings: Record<string, number>;
  /**
   * Like window.fetch, answered by the app in the worker. A path such as "/items"
   * addresses the app's own /items route, whatever path the site is served under.
   * Redirects within the app are followed (a RedirectLoopError for a redirect to the
   * site's path without its last slash); AbortSignal aborts the request
   * (the app sees http.disconnect). Response bodies stream with back-pressure.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /**
   * A WebSocket answered by the app (its ASGI "websocket" scope). "/chat" addresses the
   * app's own /chat route; ws:, wss:, http: and https: URLs inside the site work too.
   * Throws synchronously where `new WebSocket()` throws (a SyntaxError DOMException for a
   * bad URL or subprotocol list), and an OutsideAppError for a URL outside the site.
   */
  websocket(url: string | URL, protocols?: string | string[]): AppWebSocket;
  /** Run lifespan shutdown, save what the app wrote under /persist, then end the worker. Later fetches reject. */
  close(): Promise<void>;
}

/**
 * What App.websocket returns: the browser WebSocket interface (readyState and its constants,
 * url, protocol, extensions, binaryType, bufferedAmount, send, close, the open/message/error/close
 * events and on* handlers), answered by the app in the worker. It is an EventTarget, not
 * `instanceof WebSocket`. `extensions` is always "" (nothing is compressed), `bufferedAmount`
 * counts bytes the app has not yet received, and a failed handshake logs the app's HTTP
 * status and body on the console (a browser hides the body).
 */
export interface AppWebSocket extends WebSocket {}

/** The app could not start. */
export declare class StartupError extends Error {
  name: "StartupError";
  /** "import" (the app module failed to import), "startup" (lifespan startup failed),
   *  "load" (a site file did not load or failed its sha256 check), "worker", "internal". */
  kind: string;
  /** The Python traceback (or JavaScript stack), when there is one. */
  traceback: string;
}

/** App.fetch was given a URL outside the app's site. */
export declare class OutsideAppError extends TypeError {
  name: "OutsideAppError";
}

/**
 * App.fetch rejects with this when the app redirects to its site's path without the last
 * slash ("/repo" for a site at "/repo/"), which the static host sends straight back: a loop.
 * The message names the fix (build URLs from root_path).
 */
export declare class RedirectLoopError extends TypeError {
  name: "RedirectLoopError";
}

/** Boot the app of a built wasgi site in a Web Worker. Rejects with a StartupError. */
export declare function start(options?: StartOptions): Promise<App>;
