// Runs first in every app page shown in the shell's frame (the service
// worker's answer inserts it into <head>, before web/frame_xhr.js and
// web/frame_event_source.js). It gives the page what a server would have:
// document.cookie backed by the runtime's cookie jar, fetch() and WebSocket
// connections answered by the app, and address-bar updates for same-document
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
  // A page in a pop-up frame (web/popups.mjs) gets what a pop-up window's page
  // has: its opener, and a close() that closes it. It is not the frame whose
  // URL the address bar shows.
  var opener = own && shell.popupOpener ? shell.popupOpener(window) : undefined;
  if (opener !== undefined) {
    own = false;
    window.opener = opener;
    window.close = function () {
      shell.closePopup(window);
    };
  }
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

  // What this page has open in the shell (sockets, requests whose answers are
  // still arriving): the shell outlives the page, so when the page goes, these
  // are closed as a browser closes a page's connections, and the app sees it.
  var live = new Set();
  window.addEventListener("pagehide", function () {
    live.forEach(function (close) {
      close();
    });
    live.clear();
  });

  // WebSocket URLs under the app reach the app's websocket scope; others the network.
  var NativeWebSocket = window.WebSocket;
  function WebSocket(url, protocols) {
    var target = new URL(url, pageURL());
    if (target.protocol === "http:" || target.protocol === "https:") target.protocol = target.protocol === "https:" ? "wss:" : "ws:";
    if (!shell.ownsWebSocketURL(target.href)) {
      return protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    }
    var socket = shell.openWebSocket(target.href, protocols, window);
    var close = function () {
      shell.dropWebSocket(socket); // the app sees 1001, going away
    };
    live.add(close);
    socket.addEventListener("close", function () {
      live.delete(close);
    });
    return socket;
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
  /**
   * The same stream, and `ended()` once it ends, fails or is cancelled. Read on
   * demand (no queue), so the bytes before a failure still reach the reader,
   * as the body stream itself gives them (web/exchange.mjs).
   */
  function untilItEnds(body, ended) {
    var reader = body.getReader();
    return new ReadableStream(
      {
        pull: function (controller) {
          return reader.read().then(
            function (step) {
              if (!step.done) return controller.enqueue(step.value);
              ended();
              controller.close();
            },
            function (error) {
              ended();
              controller.error(error);
            },
          );
        },
        cancel: function (reason) {
          ended();
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** The App's answer to input (a Request of this page, or an absolute URL), as this window's own Response. */
  function fetchFromApp(input, init) {
    // The request is aborted when this page goes (or when the page's own signal
    // aborts), unless it is keepalive (a beacon), which outlives its page.
    var request = input instanceof Request ? input : null;
    var keepalive = init && init.keepalive !== undefined ? init.keepalive : request !== null && request.keepalive;
    var controller = new AbortController();
    var signal = (init && init.signal) || (request && request.signal);
    if (signal && signal.aborted) controller.abort(signal.reason);
    else if (signal) signal.addEventListener("abort", function () { controller.abort(signal.reason); });
    var close = function () {
      controller.abort(new DOMException("The page was unloaded.", "AbortError"));
    };
    if (!keepalive) live.add(close);
    return shell.fetch(input, Object.assign({}, init, { signal: controller.signal }), pageURL()).then(
      function (answer) {
        var body = answer.body;
        if (body && typeof body.getReader === "function") {
          body = untilItEnds(body, function () {
            live.delete(close);
          });
        } else {
          live.delete(close);
        }
        // Made here, so the page's own Response (and what .json() gives) belongs to this window.
        var response = new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
        Object.defineProperties(response, {
          url: { value: answer.url },
          redirected: { value: answer.redirected },
          type: { value: "basic" },
        });
        return response;
      },
      function (error) {
        live.delete(close);
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

  // window.open asking for a pop-up (window features, as the Django admin's "+"
  // gives) of an app URL opens it in a frame over the page: a new window would
  // load a second copy of the app, which cannot write, and no opener to reach.
  // Tabs (no features, noopener) are the browser's.
  var nativeOpen = window.open;
  window.open = function (url, target, features) {
    var name = target === undefined ? "" : String(target);
    var popup = shell.mode === "service-worker" && url !== undefined && url !== "" &&
      !/^_(self|parent|top)$/i.test(name) && shell.asksForPopup(features === undefined ? "" : String(features));
    var href = popup && URL.canParse(String(url), document.baseURI) ? new URL(String(url), document.baseURI).href : "";
    if (href && ownsURL(href)) return shell.openPopup(href, name, String(features), window);
    return nativeOpen.apply(window, arguments);
  };

  // navigator.sendBeacon (analytics, saving on leave) too: without a service worker the
  // browser would send it to the static host. The App lives in the shell, so the request
  // outlives this page, as a beacon should.
  var nativeBeacon = navigator.sendBeacon;
  var BEACON_QUOTA = 64 * 1024; // a browser refuses beacons past its keepalive quota
  if (nativeBeacon) {
    navigator.sendBeacon = function sendBeacon(url, data) {
      var target;
      try {
        target = new URL(String(url), document.baseURI);
      } catch (e) {
        throw new TypeError("Failed to execute 'sendBeacon' on 'Navigator': The URL argument is ill-formed or unsupported.");
      }
      if (!ownsURL(target.href)) return nativeBeacon.apply(navigator, arguments);
      var body = data === undefined ? null : data;
      if (body !== null && bodySize(body) > BEACON_QUOTA) return false;
      fetchFromApp(target.href, { method: "POST", body: body, credentials: "include", keepalive: true }).catch(function () {});
      return true;
    };
  }
  /** A request body's size in bytes as the browser sends it (a form in its multipart encoding). */
  function bodySize(body) {
    if (body instanceof Blob) return body.size;
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
    if (body instanceof FormData) return multipartLength(body);
    return new Blob([String(body)]).size; // a string, URLSearchParams, or what becomes one
  }
  var utf8 = new TextEncoder();
  /**
   * The length of a FormData body as the browser encodes it (the HTML standard's
   * multipart/form-data algorithm), known at once (XHR's upload events need it):
   * each part is its headers, its content and CRLF, after a boundary line.
   */
  function multipartLength(form) {
    var type = new Request(document.baseURI, { method: "POST", body: form }).headers.get("content-type") || "";
    var boundary = (/boundary=(.*)$/.exec(type) || [])[1];
    if (!boundary) return 0;
    var length = ("--" + boundary + "--\r\n").length;
    form.forEach(function (value, name) {
      var head = '--' + boundary + '\r\nContent-Disposition: form-data; name="' + escapeName(name) + '"';
      if (typeof value === "string") {
        length += utf8.encode(head + "\r\n\r\n" + crlf(value) + "\r\n").length;
      } else {
        head += '; filename="' + escapeName(value.name) + '"\r\nContent-Type: ' + (value.type || "application/octet-stream");
        length += utf8.encode(head + "\r\n\r\n\r\n").length + value.size;
      }
    });
    return length;
  }
  /** Line breaks as CRLF, as the multipart encoding writes them. */
  function crlf(text) {
    return text.replace(/\r\n|\r|\n/g, "\r\n");
  }
  /** A name or file name in a part's header: line breaks made CRLF, then CR, LF and quote escaped. */
  function escapeName(name) {
    return crlf(name).replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
  }

  function domError(name, message) {
    return new DOMException(message, name);
  }
  /** {essence, charset} of a MIME type, or null when it does not parse. */
  function parseMIME(value) {
    var match = /^\s*([^\s\/;]+\/[^\s;]+)\s*(;.*)?$/.exec(value || "");
    if (!match) return null;
    var charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(match[2] || "");
    return { essence: match[1].toLowerCase(), charset: charset ? charset[1] : null };
  }
  // What web/frame_xhr.js and web/frame_event_source.js, put in after this script, build on.
  Object.defineProperty(window, Symbol.for("wasgi.frame"), {
    value: Object.freeze({ ownsURL: ownsURL, fetchFromApp: fetchFromApp, domError: domError, parseMIME: parseMIME, bodySize: bodySize }),
  });

  if (shell.mode !== "fallback") return;
  // Without a service worker nothing intercepts this page's navigations:
  // send its link clicks and form submissions to the App directly.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
    var url = new URL(link.href, document.baseURI);
    if (!ownsURL(url.href)) return;
    event.preventDefault();
    shell.navigate(url.href);
  });
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var form = event.target;
    var submitter = event.submitter;
    var action = new URL((submitter && submitter.getAttribute("formaction")) || form.getAttribute("action") || pageURL(), document.baseURI);
    if (!ownsURL(action.href)) return;
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

  // Scripts the page adds: the browser fetches one from the static host the moment it is in
  // the page with a src. So the app URL of a script not yet in the page is held back (in
  // data-wasgi-src), and once it is in the page it gets a blob: URL of the App's answer (a
  // script in the page without a src has not started, so setting one runs it). Its src still
  // reads as the app URL, as for the page's own scripts (web/fallback.mjs): scripts use
  // document.currentScript.src as a base for URLs.
  var scriptSrc = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, "src");
  var setAttribute = Element.prototype.setAttribute;
  var started = new WeakSet();
  var inOrder = Promise.resolve(); // scripts with async false run in the order they were added
  function holdScriptURL(script, value) {
    if (!(script instanceof HTMLScriptElement) || script.hasAttribute("src")) return false;
    var url;
    try {
      url = new URL(String(value), document.baseURI).href;
    } catch (e) {
      return false; // not a URL: the browser's to refuse
    }
    if (!ownsURL(url)) return false;
    setAttribute.call(script, "data-wasgi-src", url);
    if (script.isConnected) loadScript(script);
    return true;
  }
  function loadScript(script) {
    if (started.has(script)) return;
    started.add(script);
    var blobURL = fetchFromApp(script.getAttribute("data-wasgi-src")).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.blob().then(URL.createObjectURL);
    });
    function run(url) {
      script.addEventListener("load", function () {
        URL.revokeObjectURL(url); // run: no longer needed
      }, { once: true });
      setAttribute.call(script, "src", url);
    }
    function fail() {
      script.dispatchEvent(new Event("error")); // as for a script the network could not load
    }
    if (script.async) blobURL.then(run, fail);
    else inOrder = inOrder.then(function () {
      return blobURL.then(run, fail);
    });
  }
  Object.defineProperty(HTMLScriptElement.prototype, "src", {
    configurable: true,
    enumerable: true,
    get: function () {
      return this.getAttribute("data-wasgi-src") || scriptSrc.get.call(this);
    },
    set: function (value) {
      if (!holdScriptURL(this, value)) scriptSrc.set.call(this, value);
    },
  });
  Element.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === "src" && holdScriptURL(this, value)) return;
    return setAttribute.call(this, name, value);
  };
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType !== Node.ELEMENT_NODE) return;
        if (node.matches("script[data-wasgi-src]:not([src])")) loadScript(node);
        node.querySelectorAll("script[data-wasgi-src]:not([src])").forEach(loadScript);
      });
    });
  }).observe(document, { childList: true, subtree: true });
})();
