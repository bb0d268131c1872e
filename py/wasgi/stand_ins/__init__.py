"""Pure-Python stand-ins for packages that have no wheel for Pyodide.

When a site needs one of these and no wheel of it runs in Pyodide, the build
puts a wheel of wasgi's stand-in in the site under the package's own name and
the version pip chose (``wasgi.build.stand_ins``), so the app imports it as
it would the real one. Each keeps the real package's API and results for
what runs in a browser, tested against the real package under CPython, and
is slower: ``orjson`` all of it; ``httptools`` its ``parse_url`` (its HTTP
parsers, for servers reading sockets, refuse to start, saying why).
"""
