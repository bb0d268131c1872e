"""wasgi: run a Python ASGI application inside the browser.

The package has two halves:

* ``wasgi.server`` runs inside Pyodide, in the site's Web Worker: it turns
  the page's requests into ASGI ``scope``/``receive``/``send`` calls.
* ``wasgi.build``, ``wasgi.cli`` and ``wasgi.devserver`` run on the host:
  they turn an app into a static site and serve it.

Nothing is imported eagerly, so the in-browser half never loads host code.
"""

__version__ = "0.1.0"
