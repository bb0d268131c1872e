// Put into every app page after web/frame.js (web/sw_bridge.mjs, web/fallback.mjs).
(function () {
  "use strict";
  var frame = window[Symbol.for("wasgi.frame")];
  if (!frame) return; // not in a wasgi shell's frame (web/frame.js said so)
  var ownsURL = frame.ownsURL, fetchFromApp = frame.fetchFromApp, domError = frame.domError, parseMIME = frame.parseMIME;

  // EventSource (server-sent events) to the app's URLs goes to the App too, so
  // it works without a service worker: the standard's connection, parsing and
  // reconnection (with Last-Event-ID), over fetchFromApp's streamed body.
  var NativeEventSource = window.EventSource;
  var CONNECTING = 0, OPEN = 1, CLOSED = 2;
  var RECONNECT_MS = 3000; // Chromium's reconnection time until the stream sets "retry"

  class EventSource extends EventTarget {
    #url;
    #withCredentials;
    #state = CONNECTING;
    #lastEventId = "";
    #retry = RECONNECT_MS;
    #controller = null;
    #timer = 0;
    #handlers = { open: null, message: null, error: null };

    constructor(url, init) {
      var target;
      try {
        target = new URL(String(url), document.baseURI);
      } catch (e) {
        throw domError("SyntaxError", "Failed to construct 'EventSource': The URL '" + url + "' is invalid.");
      }
      if (!ownsURL(target.href)) return new NativeEventSource(url, init);
      super();
      this.#url = target.href;
      this.#withCredentials = Boolean(init && init.withCredentials);
      for (var type in this.#handlers) this.addEventListener(type, this.#callHandler.bind(this, type));
      this.#connect();
    }

    get url() {
      return this.#url;
    }
    get withCredentials() {
      return this.#withCredentials;
    }
    get readyState() {
      return this.#state;
    }
    get onopen() {
      return this.#handlers.open;
    }
    set onopen(handler) {
      this.#handlers.open = typeof handler === "function" ? handler : null;
    }
    get onmessage() {
      return this.#handlers.message;
    }
    set onmessage(handler) {
      this.#handlers.message = typeof handler === "function" ? handler : null;
    }
    get onerror() {
      return this.#handlers.error;
    }
    set onerror(handler) {
      this.#handlers.error = typeof handler === "function" ? handler : null;
    }

    close() {
      this.#state = CLOSED;
      clearTimeout(this.#timer);
      if (this.#controller) this.#controller.abort();
    }

    #callHandler(type, event) {
      if (this.#handlers[type]) this.#handlers[type].call(this, event);
    }

    #connect() {
      var headers = { Accept: "text/event-stream", "Cache-Control": "no-cache" };
      if (this.#lastEventId) headers["Last-Event-ID"] = this.#lastEventId;
      var controller = (this.#controller = new AbortController());
      var init = { headers: headers, cache: "no-store", credentials: this.#withCredentials ? "include" : "same-origin", signal: controller.signal };
      fetchFromApp(this.#url, init).then(
        (response) => {
          if (controller.signal.aborted) return;
          var mime = parseMIME(response.headers.get("content-type"));
          if (response.status !== 200 || !mime || mime.essence !== "text/event-stream") {
            if (response.body) response.body.cancel().catch(function () {});
            return this.#fail();
          }
          this.#state = OPEN;
          this.dispatchEvent(new Event("open"));
          this.#read(response.body.getReader(), controller);
        },
        () => controller.signal.aborted || this.#reconnect(),
      );
    }

    /** Reads the stream: lines end in CRLF, LF or CR; a blank line dispatches the event. */
    async #read(reader, controller) {
      var decoder = new TextDecoder(); // UTF-8, and drops a leading BOM
      var pending = "";
      var event = { type: "", data: "", id: this.#lastEventId };
      for (;;) {
        var chunk;
        try {
          chunk = await reader.read();
        } catch (e) {
          return controller.signal.aborted || this.#reconnect();
        }
        if (controller.signal.aborted) return reader.cancel().catch(function () {});
        if (chunk.done) return this.#reconnect(); // an event not ended by a blank line is dropped
        // A CR at the very end may be half of a CRLF: it waits for the next chunk.
        var lines = (pending + decoder.decode(chunk.value, { stream: true })).split(/\r\n|\r(?!$)|\n/);
        pending = lines.pop();
        for (var i = 0; i < lines.length && !controller.signal.aborted; i++) this.#line(lines[i], event);
      }
    }

    #line(line, event) {
      if (line === "") return this.#dispatch(event);
      if (line[0] === ":") return; // a comment
      var colon = line.indexOf(":");
      var field = colon < 0 ? line : line.slice(0, colon);
      var value = colon < 0 ? "" : line.slice(line[colon + 1] === " " ? colon + 2 : colon + 1);
      if (field === "event") event.type = value;
      else if (field === "data") event.data += value + "\n";
      else if (field === "id" && value.indexOf("\0") < 0) event.id = value;
      else if (field === "retry" && /^[0-9]+$/.test(value)) this.#retry = Number(value);
    }

    #dispatch(event) {
      this.#lastEventId = event.id;
      var type = event.type || "message";
      var data = event.data;
      event.type = "";
      event.data = "";
      if (data === "") return;
      this.dispatchEvent(new MessageEvent(type, { data: data.slice(0, -1), origin: new URL(this.#url).origin, lastEventId: this.#lastEventId }));
    }

    #reconnect() {
      if (this.#state === CLOSED) return;
      this.#state = CONNECTING;
      this.dispatchEvent(new Event("error"));
      if (this.#state === CLOSED) return; // closed by an error listener
      this.#timer = setTimeout(() => this.#state === CONNECTING && this.#connect(), this.#retry);
    }

    /** A response that is not an event stream ends the connection for good. */
    #fail() {
      if (this.#state === CLOSED) return;
      this.#state = CLOSED;
      this.dispatchEvent(new Event("error"));
    }
  }
  // The page sees a real EventSource: instanceof, and the constants on instances.
  Object.setPrototypeOf(EventSource.prototype, NativeEventSource.prototype);
  [["CONNECTING", CONNECTING], ["OPEN", OPEN], ["CLOSED", CLOSED]].forEach(function (constant) {
    Object.defineProperty(EventSource, constant[0], { value: constant[1], enumerable: true });
  });
  window.EventSource = EventSource;
})();
