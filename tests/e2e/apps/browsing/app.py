"""A small website exercising browsing mode: links, forms, uploads, cookies,
scripts, server-sent events, downloads, WebSockets and framing headers."""

import asyncio
import gzip
import hashlib
import hmac
import html

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

CHAT: set[WebSocket] = set()
# Sessions live in a signed cookie: a reload restarts the app (a new worker),
# and only what is in cookies or on disk survives it.
SECRET = b"browsing-test-secret"


def sign(user: str) -> str:
    return user + "." + hmac.new(SECRET, user.encode(), hashlib.sha256).hexdigest()[:16]


def session_user(request: Request) -> str:
    user, _, signature = request.cookies.get("sid", "").rpartition(".")
    return user if user and hmac.compare_digest(sign(user), f"{user}.{signature}") else "anonymous"


def page(request: Request, title: str, body: str) -> HTMLResponse:
    nav = " ".join(
        f'<a id="nav-{name}" href="{request.url_for(name)}">{name}</a>' for name in ("home", "login", "chat", "spa")
    )
    return HTMLResponse(
        f"""<!doctype html><html><head><title>{html.escape(title)}</title>
<link rel="stylesheet" href="{request.url_for('static', path='style.css')}"></head>
<body><nav>{nav}</nav><h1>{html.escape(title)}</h1>{body}</body></html>"""
    )


async def home(request: Request):
    return page(request, "Home", f"""
<p id="root-path">{html.escape(request.scope["root_path"])}</p>
<a id="to-page-2" href="{request.url_for('numbered', n=2)}">page 2</a>
<form id="search" action="{request.url_for('search')}" method="get"><input name="q" value="wasgi"><button>Search</button></form>
<form id="submit" action="{request.url_for('submit')}" method="post"><input name="name" value="Ada"><button>Send</button></form>
<form id="upload" action="{request.url_for('upload')}" method="post" enctype="multipart/form-data">
  <input type="file" name="file"><input name="note" value="hello"><button>Upload</button></form>
<a id="download" href="{request.url_for('download')}">report</a>
<a id="framed" href="{request.url_for('framed')}">framed</a>
<img id="logo" src="{request.url_for('static', path='logo.svg')}" alt="logo">
<p id="inline-result">waiting</p><p id="external-result">waiting</p><p id="xhr-result">waiting</p>
<script>
  fetch("{request.url_for('api_time')}").then((r) => r.json()).then((d) => {{
    document.getElementById("inline-result").textContent = "inline:" + d.ok;
  }});
  const xhr = new XMLHttpRequest();
  xhr.open("GET", "{request.url_for('api_time')}");
  xhr.onload = () => (document.getElementById("xhr-result").textContent = "xhr:" + JSON.parse(xhr.responseText).ok);
  xhr.send();
</script>
<script src="{request.url_for('static', path='app.js')}"></script>""")


async def numbered(request: Request):
    n = request.path_params["n"]
    return page(request, f"Page {n}", f'<a id="next" href="{request.url_for("numbered", n=n + 1)}">next</a>')


async def search(request: Request):
    return page(request, "Search", f'<p id="query">{html.escape(request.query_params.get("q", ""))}</p>')


async def submit(request: Request):
    form = await request.form()
    return RedirectResponse(str(request.url_for("thanks").include_query_params(name=form["name"])), status_code=303)


async def thanks(request: Request):
    return page(request, "Thanks", f'<p id="thanks">{html.escape(request.query_params["name"])} {request.method}</p>')


async def upload(request: Request):
    form = await request.form()
    upload = form["file"]
    data = await upload.read()
    return page(request, "Uploaded", f'<p id="uploaded">{html.escape(upload.filename)} {len(data)} {html.escape(form["note"])}</p>')


async def login(request: Request):
    if request.method == "GET":
        return page(request, "Login", f"""<form id="login" method="post" action="{request.url_for('login')}">
<input name="user" value="grace"><button>Log in</button></form>""")
    form = await request.form()
    response = RedirectResponse(str(request.url_for("me")), status_code=303)
    response.set_cookie("sid", sign(form["user"]), httponly=True, samesite="lax")
    response.set_cookie("csrftoken", "token-" + form["user"], samesite="lax")
    return response


async def me(request: Request):
    user = session_user(request)
    return page(request, "Me", f"""<p id="user">{html.escape(user)}</p>
<p id="script-cookies"></p>
<script>
  document.cookie = "fromjs=1; path=/";
  document.getElementById("script-cookies").textContent = document.cookie;
</script>""")


async def whoami(request: Request):
    return JSONResponse({"user": session_user(request),
                         "fromjs": request.cookies.get("fromjs")})


async def api_time(request: Request):
    return JSONResponse({"ok": True})


async def api_data(request: Request):
    return JSONResponse({"items": [1, 2, 3]})


async def api_remember(request: Request):
    response = JSONResponse({"remembered": True})
    response.set_cookie("remembered", "yes")
    return response


async def events(request: Request):
    async def stream():
        for i in range(3):
            yield f"data: event {i}\n\n"
            await asyncio.sleep(0.02)

    return StreamingResponse(stream(), media_type="text/event-stream")


async def events_page(request: Request):
    return page(request, "Events", f"""<ul id="events"></ul><script>
  const source = new EventSource("{request.url_for('events')}");
  source.onmessage = (e) => {{
    const li = document.createElement("li"); li.textContent = e.data;
    document.getElementById("events").append(li);
    if (e.data === "event 2") source.close();
  }};
</script>""")


async def download(request: Request):
    return Response("id,name\n1,Ada\n", media_type="text/csv",
                    headers={"content-disposition": 'attachment; filename="report.csv"'})


async def compressed(request: Request):
    # Sent gzip-encoded, as an app serving pre-compressed files does: the browser decodes it.
    html = b"<!doctype html><title>Compressed</title><h1>Compressed page</h1>" + b"<!-- padding -->" * 100
    return Response(gzip.compress(html), media_type="text/html", headers={"content-encoding": "gzip"})


async def framed(request: Request):
    response = page(request, "Framed", '<p id="framed-ok">shown despite framing headers</p>')
    response.headers["x-frame-options"] = "DENY"
    response.headers["content-security-policy"] = "frame-ancestors 'none'; default-src 'self' 'unsafe-inline'"
    return response


async def spa(request: Request):
    return page(request, "SPA", """<button id="go" onclick="history.pushState({}, '', 'spa/step-2'); document.title='Step 2'">go</button>""")


async def chat_page(request: Request):
    return page(request, "Chat", f"""<ul id="messages"></ul>
<input id="text"><button id="send">send</button>
<script>
  const url = new URL("{request.url_for('chat_socket')}");
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url);
  window.chatOpen = new Promise((resolve) => socket.addEventListener("open", resolve));
  socket.onmessage = (e) => {{
    const li = document.createElement("li"); li.textContent = e.data;
    document.getElementById("messages").append(li);
  }};
  document.getElementById("send").onclick = () => socket.send(document.getElementById("text").value);
</script>""")


async def chat_socket(websocket: WebSocket):
    await websocket.accept()
    CHAT.add(websocket)
    try:
        while True:
            text = await websocket.receive_text()
            for peer in list(CHAT):
                await peer.send_text(text)
    except WebSocketDisconnect:
        CHAT.discard(websocket)


LINGERING: list[str] = []  # how the connections of /linger ended


async def linger(request: Request):
    """A page holding a WebSocket, an EventSource and a streaming fetch open (see test_browsing)."""
    return page(request, "Linger", """<p id="state">opening</p><script>
  const opened = [];
  const done = (what) => { opened.push(what); if (opened.length === 3) document.getElementById("state").textContent = "open: " + opened.sort().join(" "); };
  const socket = new WebSocket("ws/linger");
  socket.binaryType = "arraybuffer";
  socket.onmessage = (e) => done(e instanceof MessageEvent && e.data instanceof ArrayBuffer ? "socket" : "socket from another window");
  new EventSource("linger/events").onmessage = () => done("events");
  fetch("linger/stream").then((r) => r.body.getReader().read()).then(() => done("stream"));
</script>""")


async def kinds_socket(websocket: WebSocket):
    """Says what kind of frame each message was: binary or text (see test_browsing)."""
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("bytes") is not None:
            await websocket.send_text(f"bytes {list(message['bytes'])}")
        else:
            await websocket.send_text(f"text {message['text']}")


PICKED: list[str] = []  # what pop-ups of /pick saved


async def pick(request: Request):
    """A page that opens a pop-up to add a choice, as the Django admin's "+" does (see test_browsing)."""
    return page(request, "Pick", """<select id="choice"></select>
<button id="add" onclick="window.open('pick/add', 'choice__1', 'height=300,width=400,resizable=yes')">+</button>
<p id="picked"></p><script>
  function added(win, value) {
    document.getElementById("choice").add(new Option(value, value, true, true));
    document.getElementById("picked").textContent = win.name + " gave " + value;
    win.close();
  }
</script>""")


async def pick_add(request: Request):
    if request.method == "POST":
        PICKED.append((await request.form())["value"])
        value = html.escape(f"{PICKED[-1]} #{len(PICKED)}")
        return page(request, "Added", f'<script>opener.added(window, "{value}");</script>')
    return page(request, "Add a choice", """<form method="post"><input name="value" id="value"><button>Save</button></form>
<p id="seen"></p><script>document.getElementById("seen").textContent = window.name + (opener ? " has an opener" : "");</script>""")


def lingering_stream(name: str, media_type: str):
    async def stream():
        try:
            yield "data: first\n\n"
            await asyncio.Event().wait()  # nothing more, until the page goes
        finally:
            LINGERING.append(f"{name} closed")

    return StreamingResponse(stream(), media_type=media_type)


async def linger_socket(websocket: WebSocket):
    await websocket.accept()
    await websocket.send_bytes(b"\x01\x02")
    message = await websocket.receive()
    LINGERING.append(f"socket {message.get('code')}")


async def libraries(request: Request):
    """htmx, jQuery and axios, loaded from ?from= (the test serves them), each making an XHR to the app."""
    base = html.escape(request.query_params["from"])
    echo = request.url_for("xhr_echo")
    return page(request, "Libraries", f"""
<script src="{base}htmx.org/dist/htmx.min.js"></script>
<script src="{base}jquery/dist/jquery.min.js"></script>
<script src="{base}axios/dist/axios.min.js"></script>
<button id="hx" hx-post="{echo}" hx-vals='{{"via": "htmx"}}' hx-target="#hx-out">htmx</button><p id="hx-out"></p>
<p id="jq-out"></p><p id="ax-out"></p>
<script>
  $.ajax({{ url: "{echo}", method: "POST", data: {{ via: "jquery" }} }}).done((text) => $("#jq-out").text(text));
  axios.post("{echo}", new URLSearchParams({{ via: "axios" }})).then((r) => (document.getElementById("ax-out").textContent = r.data));
</script>""")


BEACONS: list[str] = []


async def beacon(request: Request):
    BEACONS.append(f"{request.headers.get('content-type')}: {(await request.body()).decode()}")
    return Response(status_code=204)


async def beacons(request: Request):
    return JSONResponse(BEACONS)


async def xhr_echo(request: Request):
    form = await request.form()
    asked = "htmx" if request.headers.get("hx-request") else "jquery" if request.headers.get("x-requested-with") else "plain"
    return PlainTextResponse(f"{form['via']} said {asked} to {session_user(request)}")


async def referer(request: Request):
    return PlainTextResponse(request.headers.get("referer", "none"))


async def unslashed(request: Request):
    # What an app that ignores root_path sends for its root: the site's path without its slash.
    return RedirectResponse(request.scope["root_path"] or "/", 302)


app = Starlette(routes=[
    Route("/", home, name="home"),
    Route("/page/{n:int}", numbered, name="numbered"),
    Route("/search", search, name="search"),
    Route("/submit", submit, methods=["POST"], name="submit"),
    Route("/thanks", thanks, name="thanks"),
    Route("/upload", upload, methods=["POST"], name="upload"),
    Route("/login", login, methods=["GET", "POST"], name="login"),
    Route("/me", me, name="me"),
    Route("/api/whoami", whoami, name="whoami"),
    Route("/api/time", api_time, name="api_time"),
    Route("/api/data", api_data, name="api_data"),
    Route("/api/remember", api_remember),
    Route("/events", events, name="events"),
    Route("/events-page", events_page, name="events_page"),
    Route("/download", download, name="download"),
    Route("/framed", framed, name="framed"),
    Route("/compressed", compressed),
    Route("/linger", linger),
    Route("/linger/events", lambda request: lingering_stream("events", "text/event-stream")),
    Route("/linger/stream", lambda request: lingering_stream("stream", "text/plain")),
    Route("/linger/seen", lambda request: JSONResponse(sorted(LINGERING))),
    WebSocketRoute("/ws/linger", linger_socket),
    WebSocketRoute("/ws/kinds", kinds_socket),
    Route("/pick", pick),
    Route("/pick/add", pick_add, methods=["GET", "POST"]),
    Route("/spa", spa, name="spa"),
    Route("/chat", chat_page, name="chat"),
    Route("/unslashed", unslashed),
    Route("/libraries", libraries, name="libraries"),
    Route("/api/xhr-echo", xhr_echo, methods=["POST"], name="xhr_echo"),
    Route("/api/beacon", beacon, methods=["POST"], name="beacon"),
    Route("/api/referer", referer, methods=["GET", "POST"]),
    Route("/api/moved", lambda request: RedirectResponse("referer", 307), methods=["POST"]),
    Route("/api/beacons", beacons, name="beacons"),
    WebSocketRoute("/ws/chat", chat_socket, name="chat_socket"),
    Mount("/static", StaticFiles(directory="static"), name="static"),
])
