"""httptools, as far as a browser needs it: ``parse_url`` and the parser errors.

httptools is compiled (llhttp) with no Pyodide wheel, and Sanic imports its
``parse_url`` to read each request's URL. Its HTTP parsers are for servers
reading sockets, which a page has not: they refuse to be made, naming why.
``tests/unit/server/test_stand_in_httptools.py`` holds ``parse_url`` to the real one.
"""

from . import parser
from .parser import *  # noqa: F403 (as the real httptools, its parser's names)

__version__ = "0.0+wasgi"
__all__ = ("parser", *parser.__all__)
