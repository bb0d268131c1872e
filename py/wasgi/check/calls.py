"""Calls that cannot work in a browser: threads, processes, programs, signals,
sockets and network clients, and sleeps that block.

Pyodide runs Python on one thread of a Web Worker: no threads, no processes,
no sockets, no signals (see ``docs/sync-without-threads.md``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .findings import Finding
from .names import import_aliases, qualified_name
from .rules import finding
from .sources import SourceFile

THREADS = {"threading.Thread", "threading.Timer", "_thread.start_new_thread", "_thread.start_new"}
# multiprocessing calls that only ask about the process; every other one starts processes or threads.
MULTIPROCESSING_HARMLESS = {"cpu_count", "current_process", "parent_process", "freeze_support", "get_start_method",
                            "active_children"}  # fmt: skip
PROCESSES = {"concurrent.futures.ProcessPoolExecutor", "os.fork", "os.forkpty"}
PROGRAMS = {"subprocess.run", "subprocess.Popen", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
            "subprocess.getoutput", "subprocess.getstatusoutput", "os.system", "os.popen", "os.posix_spawn",
            "os.posix_spawnp", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell", "pty.spawn"}
PROGRAM_PREFIXES = ("os.spawn", "os.exec")
SIGNALS = {"signal.signal", "signal.alarm", "signal.setitimer", "signal.pause", "signal.sigwait"}
SOCKETS = {"socket.socket", "socket.create_connection", "socket.create_server", "socket.socketpair",
           "asyncio.open_connection", "asyncio.start_server", "asyncio.open_unix_connection",
           "asyncio.start_unix_server", "smtplib.SMTP", "smtplib.SMTP_SSL", "ftplib.FTP", "ftplib.FTP_TLS",
           "imaplib.IMAP4", "imaplib.IMAP4_SSL", "poplib.POP3", "poplib.POP3_SSL", "http.client.HTTPConnection",
           "http.client.HTTPSConnection", "websockets.connect", "websocket.create_connection"}  # fmt: skip
# Network clients built on sockets (no browser support), by module and the calls that connect.
SOCKET_CLIENTS = {"aiohttp": {"ClientSession", "request"}}
# Clients that go through the browser in Pyodide (urllib3 2.2+ by itself; httpx and urllib.request by
# wasgi's shims, server/shims/httpx_fetch.py and urllib_fetch.py): they work, for CORS-enabled hosts.
FETCH_CLIENTS = {
    "requests": {"get", "post", "put", "patch", "delete", "head", "options", "request", "Session", "session"},
    "urllib3": {"request", "PoolManager", "HTTPConnectionPool", "HTTPSConnectionPool", "connection_from_url"},
    "httpx": {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "Client", "AsyncClient"},
    "urllib.request": {"urlopen", "urlretrieve"},
}
# A literal URL of a server reached through a socket (SQLAlchemy, Celery, redis-py...).
SERVER_URL = re.compile(r"^(postgres(?:ql)?|mysql|mariadb|mssql|oracle|redis|rediss|mongodb(?:\+srv)?|amqps?)"
                        r"(?:\+\w+)?://", re.IGNORECASE)  # fmt: skip


def check_calls(source: SourceFile) -> Iterator[Finding]:
    """The findings of this module's rules in one parsed file."""
    if source.tree is None:
        return
    visitor = _Visitor(source, import_aliases(source.tree))
    visitor.visit(source.tree)
    yield from visitor.found


class _Visitor(ast.NodeVisitor):
    def __init__(self, source: SourceFile, aliases: dict[str, str]) -> None:
        self.source = source
        self.aliases = aliases
        self.found: list[Finding] = []
        self.functions: list[bool] = []  # for each enclosing function: is it async?

    def add(self, node: ast.AST, code: str, message: str, fix: str | None = None) -> None:
        self.found.append(finding(self.source.path, node.lineno, code, message, fix))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions.append(False)
        self.generic_visit(node)
        self.functions.pop()

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.functions.append(True)
        self.generic_visit(node)
        self.functions.pop()

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.functions.append(False)
        self.generic_visit(node)
        self.functions.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for base in node.bases:
            if qualified_name(base, self.aliases) in ("threading.Thread", "threading.Timer"):
                self.add(node, "thread", f"class {node.name} is a thread: starting it fails in the browser, "
                         "where Pyodide cannot start threads")  # fmt: skip
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and (match := SERVER_URL.match(node.value)):
            self.add(node, "socket", f"{match[1]}:// names a server reached through a socket, and a browser "
                     "gives Python no sockets")  # fmt: skip

    def visit_Call(self, node: ast.Call) -> None:
        name = qualified_name(node.func, self.aliases)
        if name:
            self._call(node, name)
        self.generic_visit(node)

    def _call(self, node: ast.Call, name: str) -> None:
        module, _, attr = name.rpartition(".")
        if name in THREADS:
            self.add(node, "thread", f"{name}() starts a thread; Pyodide cannot (\"can't start new thread\")")
        elif name in PROCESSES or (module.split(".")[0] == "multiprocessing" and attr not in MULTIPROCESSING_HARMLESS):
            self.add(node, "process", f"{name}() needs processes (or threads); a browser tab has neither")
        elif name in PROGRAMS or name.startswith(PROGRAM_PREFIXES):
            self.add(node, "subprocess", f"{name}() runs a program; a browser cannot")
        elif name in SIGNALS:
            self.add(node, "signal", f"{name}() relies on signals, which never reach Python in a Web Worker")
        elif name in SOCKETS or attr in SOCKET_CLIENTS.get(module, ()):
            self.add(node, "socket", f"{name}() opens a socket; a browser gives Python none")
        elif attr in FETCH_CLIENTS.get(module, ()):
            self.add(node, "http-client", f"{name}() goes through the browser in Pyodide: it reaches only "
                     "hosts that allow cross-origin requests (CORS)")  # fmt: skip
        elif name == "time.sleep":
            self._sleep(node)

    def _sleep(self, node: ast.Call) -> None:
        if self.functions and self.functions[-1]:
            self.add(node, "blocking-sleep", "time.sleep() in async code blocks the event loop: every other "
                     "request waits", "use await asyncio.sleep(...)")  # fmt: skip
        else:
            self.add(node, "blocking-sleep", "time.sleep() freezes the whole app for its duration in browsers "
                     "without JavaScript Promise Integration (JSPI; current Chromium has it)")  # fmt: skip
