"""An app whose packages PyPI has no Pyodide wheel for: PyYAML and MarkupSafe.

wasgi builds them from source as pure Python; ``/report`` shows they import,
work, and run without their C extensions.
"""

import importlib.util
import json

import markupsafe
import yaml


def report() -> dict:
    speedups = importlib.util.find_spec("markupsafe._speedups") is not None
    document = yaml.safe_load("name: <wasgi>\nitems: [1, 2, 3]\nnested: {ok: true}\n")
    return {
        "yaml": yaml.__version__,
        "libyaml": yaml.__with_libyaml__,
        "loaded": document,
        "dumped": yaml.safe_dump({"b": [1, 2], "a": "x"}, sort_keys=True),
        "markupsafe_speedups": speedups,
        "escaped": str(markupsafe.escape(document["name"])),
        "markup": str(markupsafe.Markup("<em>{}</em>").format("<script>")),
    }


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    body = json.dumps(report()).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
