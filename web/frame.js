// Runs first in every app page shown in the shell's frame (the service
// worker's answer inserts it into <head>). It gives the page what a server
// would have: document.cookie backed by the runtime's cookie jar, WebSocket
// connections to the app, and address-bar updates for same-document
// navigations. It does not depend on the app's own JavaScript.
(function () {
  "use strict";
  // The shell is the nearest ancestor with wasgiShell: usually the parent, or
  // further up for a frame inside an app page.
  var shell = null;
  var own = false; // the shell's own frame, whose URL the address bar shows
  try {
    for (var w = window; w.parent !== w && !shell; w = w.parent) {
      shell = w.parent.wasgiShell || null;
      own = shell !== null && w === window;
    }
  } catch (e) {
    return; // framed by another origin: not ours
  }
  if (!shell) return;
  // In the fallback the page is about:srcdoc; the shell knows its app URL.
  function pageURL() {
    return shell.pageURL(location.href);
  }

  // Cookies the app sets reach the jar, not the browser: serve document.cookie from it.
  Object.defineProperty(document, "cookie", {
    configurable: true,
    get: function () {
      return shell.scriptCookies(pageURL());
    },
    set: function (value) {
      shell.setScriptCookie(pageURL(), String(value));
    },
  });

  // WebSocket URLs under the app reach the app's websocket scope; others the network.
  var NativeWebSocket = window.WebSocket;
  function WebSocket(url, protocols) {
    var target = new URL(url, pageURL());
    if (target.protocol === "http:" || target.protocol === "https:") target.protocol = target.protocol === "https:" ? "wss:" : "ws:";
    if (shell.ownsWebSocketURL(target.href)) return shell.openWebSocket(target.href, protocols);
    return protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
  }
  WebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    Object.defineProperty(WebSocket, name, { value: NativeWebSocket[name] });
  });
  window.WebSocket = WebSocket;

  // Same-document navigations (pushState, hash links) change the URL without a load event.
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      if (own) shell.frameNavigated(pageURL(), document.title);
      return result;
    };
  });
  if (own) {
    window.addEventListener("popstate", function () {
      shell.frameNavigated(pageURL(), document.title);
    });
    window.addEventListener("hashchange", function () {
      shell.frameNavigated(pageURL(), document.title);
    });
    // Scripts may retitle the page at any time; keep the shell's title with it.
    new MutationObserver(function () {
      shell.frameNavigated(pageURL(), document.title);
    }).observe(document.head || document.documentElement, { subtree: true, childList: true, characterData: true });
  }

  // Files dropped on the page that the app does not take itself go to the
  // shell's data control (open a database by dragging it onto the site).
  function carriesFiles(event) {
    return event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0;
  }
  function appTakesIt(event) {
    return event.defaultPrevented || (event.target && event.target.type === "file");
  }
  window.addEventListener("dragover", function (event) {
    if (carriesFiles(event) && !appTakesIt(event)) event.preventDefault();
  });
  window.addEventListener("drop", function (event) {
    if (!carriesFiles(event) || appTakesIt(event)) return;
    event.preventDefault();
    shell.openFiles(Array.prototype.slice.call(event.dataTransfer.files));
  });

  // fetch() calls for the app's URLs go to the App directly: through the
  // service worker each would cost milliseconds (a browser's service-worker
  // round trip alone does), and without one nothing would intercept them.
  var site = shell.siteURL;
  function ownsURL(href) {
    return href.indexOf(site) === 0;
  }
  /** The App's answer to input (a Request of this page, or an absolute URL), as this window's own Response. */
  function fetchFromApp(input, init) {
    return shell.fetch(input, init, pageURL()).then(
      function (answer) {
        // Made here, so the page's own Response (and what .json() gives) belongs to this window.
        var response = new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
        Object.defineProperties(response, {
          url: { value: answer.url },
          redirected: { value: answer.redirected },
          type: { value: "basic" },
        });
        return response;
      },
      function (error) {
        // This window's error types, as its own fetch would reject with.
        var message = (error && error.message) || String(error);
        throw error && error.name === "AbortError" ? new DOMException(message, "AbortError") : new TypeError(message);
      },
    );
  }
  var nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    var isRequest = input instanceof Request;
    var url = new URL(isRequest ? input.url : String(input), document.baseURI);
    if (!ownsURL(url.href)) return nativeFetch.apply(window, arguments);
    return fetchFromApp(isRequest ? input : url.href, init);
  };

  // XMLHttpRequest (htmx, jQuery and axios use it) takes the same short way:
  // the page keeps a real XMLHttpRequest object, and a request to the app's
  // URLs made with it follows the XMLHttpRequest standard's states and events,
  // with the exchange itself done by fetchFromApp. Synchronous requests and
  // other URLs stay the browser's own (the App can only answer asynchronously).
  var NativeXHR = window.XMLHttpRequest;
  var UNSENT = 0, OPENED = 1, HEADERS_RECEIVED = 2, LOADING = 3, DONE = 4;
  var TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
  var NORMALIZED_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
  var FORBIDDEN_METHODS = ["CONNECT", "TRACE", "TRACK"];
  var PROGRESS_EVERY_MS = 50; // the standard's "roughly 50ms" between progress events

  function domError(name, message) {
    return new DOMException(message, name);
  }
  function fire(target, type, loaded, total) {
    target.dispatchEvent(
      type === "readystatechange"
        ? new Event(type)
        : new ProgressEvent(type, { lengthComputable: total !== 0, loaded: loaded, total: total }),
    );
  }
  /** Bytes an upload will send, when cheap to know (0 means unknown, as "not computable"). */
  function uploadLength(body) {
    if (body instanceof Blob) return body.size;
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
    if (typeof body === "string" || body instanceof URLSearchParams) return new Blob([String(body)]).size;
    return 0;
  }
  /** {essence, charset} of a MIME type, or null when it does not parse. */
  function parseMIME(value) {
    var match = /^\s*([^\s\/;]+\/[^\s;]+)\s*(;.*)?$/.exec(value || "");
    if (!match) return null;
    var charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(match[2] || "");
    return { essence: match[1].toLowerCase(), charset: charset ? charset[1] : null };
  }
  function decode(bytes, charset) {
    try {
      return new TextDecoder(charset || "utf-8").decode(bytes);
    } catch (e) {
      return new TextDecoder().decode(bytes); // an unknown label: UTF-8, as the standard's fallback
    }
  }

  class XMLHttpRequest extends NativeXHR {
    /** The request to the App since the last open(); null when the browser's own XMLHttpRequest has it. */
    #app = null;
    #overriddenMIME = null;

    open(method, url) {
      var async = arguments.length < 3 || Boolean(arguments[2]);
      var target;
      try {
        target = new URL(String(url), document.baseURI);
      } catch (e) {
        throw domError("SyntaxError", "Failed to execute 'open' on 'XMLHttpRequest': Invalid URL");
      }
      var previous = this.#app;
      if (!async || !ownsURL(target.href)) {
        if (previous) this.#terminate(previous);
        this.#app = null;
        return super.open.apply(this, arguments);
      }
      method = String(method);
      if (!TOKEN.test(method)) throw domError("SyntaxError", "'" + method + "' is not a valid HTTP method.");
      if (FORBIDDEN_METHODS.indexOf(method.toUpperCase()) >= 0) throw domError("SecurityError", "'" + method + "' HTTP method is unsupported.");
      if (NORMALIZED_METHODS.indexOf(method.toUpperCase()) >= 0) method = method.toUpperCase();
      var wasOpened = previous ? previous.state === OPENED : super.readyState === OPENED;
      if (previous) this.#terminate(previous);
      else if (super.readyState !== UNSENT) super.abort(); // the browser's own request, if one runs
      this.#app = {
        method: method,
        url: target.href,
        headers: new Headers(),
        state: OPENED,
        sent: false,
        ended: false,
        controller: null,
        timer: 0,
        startedAt: 0,
        uploading: false,
        response: null,
        chunks: [],
        received: 0,
        reported: 0,
        cache: {},
      };
      if (!wasOpened) fire(this, "readystatechange");
    }

    /** Drops a request without events, as open() does to one still running. */
    #terminate(request) {
      request.ended = true;
      clearTimeout(request.timer);
      if (request.controller) request.controller.abort();
    }

    setRequestHeader(name, value) {
      var request = this.#app;
      if (!request) return super.setRequestHeader(name, value);
      if (request.state !== OPENED || request.sent) throw domError("InvalidStateError", "The object's state must be OPENED.");
      name = String(name);
      value = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
      if (!TOKEN.test(name)) throw domError("SyntaxError", "'" + name + "' is not a valid HTTP header field name.");
      if (/[\0\r\n]/.test(value)) throw domError("SyntaxError", "'" + value + "' is not a valid HTTP header field value.");
      request.headers.append(name, value); // names the browser forbids are dropped when the Request is made
    }

    send(body) {
      var request = this.#app;
      if (!request) return super.send.apply(this, arguments);
      if (request.state !== OPENED || request.sent) throw domError("InvalidStateError", "The object's state must be OPENED.");
      if (body === undefined || request.method === "GET" || request.method === "HEAD") body = null;
      if (body instanceof Document) {
        if (!request.headers.has("content-type")) {
          request.headers.set("content-type", body instanceof HTMLDocument ? "text/html;charset=UTF-8" : "application/xml;charset=UTF-8");
        }
        body = new XMLSerializer().serializeToString(body);
      }
      request.sent = true;
      request.controller = new AbortController();
      request.startedAt = performance.now();
      request.uploading = body !== null;
      var total = body === null ? 0 : uploadLength(body);
      fire(this, "loadstart", 0, 0);
      if (request.uploading) fire(this.upload, "loadstart", 0, total);
      if (this.#app !== request || request.ended || !request.sent) return; // a loadstart listener aborted it
      this.#armTimeout(request);
      var init = { method: request.method, headers: request.headers, body: body, signal: request.controller.signal };
      var xhr = this;
      fetchFromApp(request.url, init).then(
        function (response) {
          xhr.#received(request, response, total);
        },
        function (error) {
          if (!request.ended) xhr.#fail(request, "error");
        },
      );
    }

    abort() {
      var request = this.#app;
      if (!request) return super.abort();
      if (request.controller) request.controller.abort();
      if (request.sent && !request.ended) this.#fail(request, "abort");
      if (request.state === DONE) {
        request.state = UNSENT; // no event, as the standard says
        request.response = null;
      }
    }

    get timeout() {
      return super.timeout;
    }
    set timeout(value) {
      super.timeout = value;
      if (this.#app && this.#app.sent && !this.#app.ended) this.#armTimeout(this.#app);
    }

    overrideMimeType(mime) {
      var request = this.#app;
      if (!request) return super.overrideMimeType(mime);
      if (request.state === LOADING || request.state === DONE) throw domError("InvalidStateError", "The object's state must not be LOADING or DONE.");
      this.#overriddenMIME = parseMIME(String(mime)) || parseMIME("application/octet-stream");
    }

    get responseType() {
      return super.responseType;
    }
    set responseType(value) {
      var request = this.#app;
      if (request && (request.state === LOADING || request.state === DONE)) {
        throw domError("InvalidStateError", "The response type cannot be set if the object's state is LOADING or DONE.");
      }
      super.responseType = value;
    }

    get readyState() {
      return this.#app ? this.#app.state : super.readyState;
    }
    get status() {
      return this.#app ? (this.#app.response ? this.#app.response.status : 0) : super.status;
    }
    get statusText() {
      return this.#app ? (this.#app.response ? this.#app.response.statusText : "") : super.statusText;
    }
    get responseURL() {
      if (!this.#app) return super.responseURL;
      return this.#app.response ? this.#app.response.url.replace(/#.*$/, "") : "";
    }

    getResponseHeader(name) {
      if (!this.#app) return super.getResponseHeader(name);
      return this.#app.response ? this.#app.response.headers.get(name) : null;
    }
    getAllResponseHeaders() {
      if (!this.#app) return super.getAllResponseHeaders();
      var lines = "";
      // Headers iterate sorted, lowercased and combined, as the standard lists them.
      if (this.#app.response) this.#app.response.headers.forEach(function (value, name) {
        lines += name + ": " + value + "\r\n";
      });
      return lines;
    }

    get responseText() {
      var request = this.#app;
      if (!request) return super.responseText;
      if (this.responseType !== "" && this.responseType !== "text") {
        throw domError("InvalidStateError", "The value is only accessible if the object's 'responseType' is '' or 'text' (was '" + this.responseType + "').");
      }
      if (request.state !== LOADING && request.state !== DONE) return "";
      return this.#text(request);
    }

    get response() {
      var request = this.#app;
      if (!request) return super.response;
      var type = this.responseType;
      if (type === "" || type === "text") return request.state === LOADING || request.state === DONE ? this.#text(request) : "";
      if (request.state !== DONE || !request.response) return null;
      var cache = request.cache;
      if (!(type in cache)) {
        if (type === "arraybuffer") cache[type] = this.#bytes(request).buffer;
        else if (type === "blob") cache[type] = new Blob(request.chunks, { type: this.#mime().essence });
        else if (type === "json") cache[type] = this.#json(request);
        else if (type === "document") cache[type] = this.#document(request, true);
      }
      return cache[type];
    }

    get responseXML() {
      var request = this.#app;
      if (!request) return super.responseXML;
      if (this.responseType !== "" && this.responseType !== "document") {
        throw domError("InvalidStateError", "The value is only accessible if the object's 'responseType' is '' or 'document' (was '" + this.responseType + "').");
      }
      if (request.state !== DONE || !request.response) return null;
      if (!("document" in request.cache)) request.cache.document = this.#document(request, this.responseType === "document");
      return request.cache.document;
    }

    #armTimeout(request) {
      clearTimeout(request.timer);
      if (!this.timeout) return;
      var xhr = this;
      request.timer = setTimeout(function () {
        if (xhr.#app !== request || request.ended) return;
        request.controller.abort();
        xhr.#fail(request, "timeout");
      }, Math.max(0, request.startedAt + this.timeout - performance.now()));
    }

    #received(request, response, uploadTotal) {
      if (this.#app !== request || request.ended) return;
      if (request.uploading) {
        request.uploading = false;
        ["progress", "load", "loadend"].forEach(function (type) {
          fire(this.upload, type, uploadTotal, uploadTotal);
        }, this);
      }
      request.response = response;
      request.state = HEADERS_RECEIVED;
      fire(this, "readystatechange");
      if (this.#app !== request || request.ended) return;
      var length = Number(response.headers.get("content-length")) || 0;
      if (!response.body) return this.#finish(request, length);
      var reader = response.body.getReader();
      var xhr = this;
      var lastProgress = -Infinity;
      var next = function () {
        reader.read().then(
          function (chunk) {
            if (xhr.#app !== request || request.ended) return reader.cancel().catch(function () {});
            if (chunk.done) return xhr.#finish(request, length);
            request.chunks.push(chunk.value);
            request.received += chunk.value.byteLength;
            if (performance.now() - lastProgress >= PROGRESS_EVERY_MS) {
              lastProgress = performance.now();
              request.state = LOADING;
              fire(xhr, "readystatechange");
              if (xhr.#app !== request || request.ended) return reader.cancel().catch(function () {});
              request.reported = request.received;
              fire(xhr, "progress", request.received, length);
            }
            next();
          },
          function () {
            if (xhr.#app === request && !request.ended) xhr.#fail(request, "error");
          },
        );
      };
      next();
    }

    #finish(request, length) {
      request.ended = true;
      clearTimeout(request.timer);
      request.state = DONE;
      // As Chromium does: a last progress event only for bytes none reported yet, once DONE.
      if (request.received !== request.reported) fire(this, "progress", request.received, length);
      fire(this, "readystatechange");
      fire(this, "load", request.received, length);
      fire(this, "loadend", request.received, length);
    }

    /** The standard's "request error steps": the response becomes a network error. */
    #fail(request, type) {
      request.ended = true;
      clearTimeout(request.timer);
      request.state = DONE;
      request.response = null;
      request.chunks = [];
      request.received = 0;
      fire(this, "readystatechange");
      if (request.uploading) {
        request.uploading = false;
        fire(this.upload, type, 0, 0);
        fire(this.upload, "loadend", 0, 0);
      }
      fire(this, type, 0, 0);
      fire(this, "loadend", 0, 0);
    }

    #bytes(request) {
      var bytes = new Uint8Array(request.received);
      var at = 0;
      request.chunks.forEach(function (chunk) {
        bytes.set(chunk, at);
        at += chunk.byteLength;
      });
      return bytes;
    }
    #mime() {
      var header = this.#app.response && this.#app.response.headers.get("content-type");
      return this.#overriddenMIME || parseMIME(header) || { essence: "text/xml", charset: null };
    }
    #text(request) {
      if (request.cache.textOf !== request.received) {
        request.cache.text = decode(this.#bytes(request), this.#mime().charset);
        request.cache.textOf = request.received;
      }
      return request.cache.text;
    }
    #json(request) {
      try {
        return JSON.parse(new TextDecoder().decode(this.#bytes(request)));
      } catch (e) {
        return null;
      }
    }
    #document(request, htmlToo) {
      var essence = this.#mime().essence;
      var xml = essence === "text/xml" || essence === "application/xml" || /\+xml$/.test(essence);
      if (!xml && !(htmlToo && essence === "text/html")) return null;
      var parsed = new DOMParser().parseFromString(this.#text(request), xml ? "application/xml" : "text/html");
      return xml && parsed.getElementsByTagName("parsererror").length ? null : parsed;
    }
  }
  window.XMLHttpRequest = XMLHttpRequest;

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
      var source = this;
      var init = { headers: headers, cache: "no-store", credentials: this.#withCredentials ? "include" : "same-origin", signal: controller.signal };
      fetchFromApp(this.#url, init).then(
        function (response) {
          if (controller.signal.aborted) return;
          var mime = parseMIME(response.headers.get("content-type"));
          if (response.status !== 200 || !mime || mime.essence !== "text/event-stream") {
            if (response.body) response.body.cancel().catch(function () {});
            return source.#fail();
          }
          source.#state = OPEN;
          source.dispatchEvent(new Event("open"));
          source.#read(response.body.getReader(), controller);
        },
        function () {
          if (!controller.signal.aborted) source.#reconnect();
        },
      );
    }

    /** Reads the stream: lines end in CRLF, LF or CR; a blank line dispatches the event. */
    #read(reader, controller) {
      var source = this;
      var decoder = new TextDecoder(); // UTF-8, and drops a leading BOM
      var pending = "";
      var event = { type: "", data: "", id: this.#lastEventId };
      var next = function () {
        reader.read().then(
          function (chunk) {
            if (controller.signal.aborted) return reader.cancel().catch(function () {});
            if (chunk.done) return source.#reconnect(); // an event not ended by a blank line is dropped
            // A CR at the very end may be half of a CRLF: it waits for the next chunk.
            var lines = (pending + decoder.decode(chunk.value, { stream: true })).split(/\r\n|\r(?!$)|\n/);
            pending = lines.pop();
            for (var i = 0; i < lines.length && !controller.signal.aborted; i++) source.#line(lines[i], event);
            next();
          },
          function () {
            if (!controller.signal.aborted) source.#reconnect();
          },
        );
      };
      next();
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
      var source = this;
      this.#timer = setTimeout(function () {
        if (source.#state === CONNECTING) source.#connect();
      }, this.#retry);
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

  if (shell.mode !== "fallback") return;
  // Without a service worker nothing intercepts this page's navigations:
  // send its link clicks and form submissions to the App directly.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
    var url = new URL(link.href, document.baseURI);
    if (url.href.indexOf(site) !== 0) return;
    event.preventDefault();
    shell.navigate(url.href);
  });
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var form = event.target;
    var submitter = event.submitter;
    var action = new URL((submitter && submitter.getAttribute("formaction")) || form.getAttribute("action") || pageURL(), document.baseURI);
    if (action.href.indexOf(site) !== 0) return;
    event.preventDefault();
    var data = new FormData(form, submitter);
    var method = ((submitter && submitter.getAttribute("formmethod")) || form.method || "get").toUpperCase();
    if (method === "GET") {
      action.search = new URLSearchParams(data).toString();
      return shell.navigate(action.href);
    }
    var multipart = ((submitter && submitter.getAttribute("formenctype")) || form.enctype) === "multipart/form-data";
    shell.navigate(action.href, { method: method, body: multipart ? data : new URLSearchParams(data) });
  });
})();
