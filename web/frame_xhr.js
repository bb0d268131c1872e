// Put into every app page after web/frame.js (web/sw_bridge.mjs, web/fallback.mjs).
(function () {
  "use strict";
  var frame = window[Symbol.for("wasgi.frame")];
  if (!frame) return; // not in a wasgi shell's frame (web/frame.js said so)
  var ownsURL = frame.ownsURL, fetchFromApp = frame.fetchFromApp, domError = frame.domError, parseMIME = frame.parseMIME;
  var bodySize = frame.bodySize;

  // XMLHttpRequest (htmx, jQuery and axios use it) takes the same short way:
  // the page keeps a real XMLHttpRequest object, and a request to the app's
  // URLs made with it follows the XMLHttpRequest standard's states and events,
  // with the exchange itself done by fetchFromApp. Other URLs stay the
  // browser's own. A synchronous request to the app fails at once with a
  // NetworkError saying why: the App answers asynchronously, on the thread the
  // request blocks, and the browser would send it to the static host instead.
  var NativeXHR = window.XMLHttpRequest;
  var UNSENT = 0, OPENED = 1, HEADERS_RECEIVED = 2, LOADING = 3, DONE = 4;
  var TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
  var NORMALIZED_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
  var FORBIDDEN_METHODS = ["CONNECT", "TRACE", "TRACK"];
  var PROGRESS_EVERY_MS = 50; // the standard's "roughly 50ms" between progress events

  function fire(target, type, loaded, total) {
    target.dispatchEvent(
      type === "readystatechange"
        ? new Event(type)
        : new ProgressEvent(type, { lengthComputable: total !== 0, loaded: loaded, total: total }),
    );
  }
  function textDecoder(charset) {
    try {
      return new TextDecoder(charset || "utf-8");
    } catch (e) {
      return new TextDecoder(); // an unknown label: UTF-8, as the standard's fallback
    }
  }

  class XMLHttpRequest extends NativeXHR {
    /**
     * The request to the App since the last open(); null when the browser's own XMLHttpRequest has it.
     * A request open() replaced is "ended" (#terminate), so a callback of an old request checks ended alone.
     */
    #app = null;
    #overriddenMIME = null;
    /** A synchronous request to the app: "opened", "failed" once send() refused it, "unsent" after abort(); else null. */
    #sync = null;

    open(method, url) {
      var async = arguments.length < 3 || Boolean(arguments[2]);
      this.#sync = null;
      var target;
      try {
        target = new URL(String(url), document.baseURI);
      } catch (e) {
        throw domError("SyntaxError", "Failed to execute 'open' on 'XMLHttpRequest': Invalid URL");
      }
      var previous = this.#app;
      var ours = ownsURL(target.href);
      if (!async || !ours) {
        if (previous) this.#terminate(previous);
        this.#app = null;
        super.open.apply(this, arguments);
        if (ours) this.#sync = "opened"; // synchronous, then: send() refuses it
        return;
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
      if (this.#sync && this.#sync !== "opened") throw domError("InvalidStateError", "The object's state must be OPENED.");
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
      if (this.#sync) return this.#refuseSync();
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
      var total = body === null ? 0 : bodySize(body);
      fire(this, "loadstart", 0, 0);
      if (request.uploading) fire(this.upload, "loadstart", 0, total);
      if (request.ended) return; // a loadstart listener aborted it
      this.#armTimeout(request);
      var init = { method: request.method, headers: request.headers, body: body, signal: request.controller.signal };
      fetchFromApp(request.url, init).then(
        (response) => this.#received(request, response, total),
        () => request.ended || this.#fail(request, "error"),
      );
    }

    /** The standard's request error steps for a synchronous request: state DONE, then throw. */
    #refuseSync() {
      if (this.#sync !== "opened") throw domError("InvalidStateError", "The object's state must be OPENED.");
      this.#sync = "failed";
      var message = "wasgi: a synchronous XMLHttpRequest to the app cannot be answered (the app answers " +
        "asynchronously, on the page thread this request blocks); make it asynchronous: open(method, url, true)";
      console.error(message);
      throw domError("NetworkError", message);
    }

    abort() {
      if (this.#sync === "failed") this.#sync = "unsent"; // DONE becomes UNSENT, as the standard says
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
      if (this.#sync === "failed") return DONE;
      if (this.#sync === "unsent") return UNSENT;
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
      request.timer = setTimeout(() => {
        if (request.ended) return;
        request.controller.abort();
        this.#fail(request, "timeout");
      }, Math.max(0, request.startedAt + this.timeout - performance.now()));
    }

    #received(request, response, uploadTotal) {
      if (request.ended) return;
      if (request.uploading) {
        request.uploading = false;
        ["progress", "load", "loadend"].forEach(function (type) {
          fire(this.upload, type, uploadTotal, uploadTotal);
        }, this);
      }
      request.response = response;
      request.state = HEADERS_RECEIVED;
      fire(this, "readystatechange");
      if (request.ended) return;
      var length = Number(response.headers.get("content-length")) || 0;
      if (response.body) this.#read(request, response.body.getReader(), length);
      else this.#finish(request, length);
    }

    async #read(request, reader, length) {
      var lastProgress = -Infinity;
      for (;;) {
        var chunk;
        try {
          chunk = await reader.read();
        } catch (e) {
          return request.ended || this.#fail(request, "error");
        }
        if (request.ended) return reader.cancel().catch(function () {});
        if (chunk.done) return this.#finish(request, length);
        request.chunks.push(chunk.value);
        request.received += chunk.value.byteLength;
        if (performance.now() - lastProgress < PROGRESS_EVERY_MS) continue;
        lastProgress = performance.now();
        request.state = LOADING;
        fire(this, "readystatechange");
        if (request.ended) return reader.cancel().catch(function () {});
        request.reported = request.received;
        fire(this, "progress", request.received, length);
      }
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
      request.cache = {};
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
    /** The text so far, decoded once per chunk: a script reading it at each progress event stays linear. */
    #text(request) {
      var cache = request.cache;
      // The charset is fixed by now: overrideMimeType() throws once LOADING.
      if (!cache.decoder) Object.assign(cache, { decoder: textDecoder(this.#mime().charset), text: "", decoded: 0, flushed: false });
      for (; cache.decoded < request.chunks.length; cache.decoded++) {
        cache.text += cache.decoder.decode(request.chunks[cache.decoded], { stream: true });
      }
      if (request.state === DONE && !cache.flushed) {
        cache.flushed = true;
        cache.text += cache.decoder.decode(); // a truncated last character, if any
      }
      return cache.text;
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
})();
