"""The preview's web server: the standard library's threading HTTP server, bound to the
loopback interface, answering GET and HEAD for the few paths of `safety.route` and 404
for every other; each page keeps one event stream open (`events.Hub`).

`Preview` ties the parts together: the first rendering before the address is given out,
then a watcher thread that rebuilds on every save and publishes the new state.
"""

from __future__ import annotations

import errno
import json
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from dossier.preview import events, page, safety
from dossier.preview.state import Builder, CheckFn, Snapshot
from dossier.preview.watcher import Watcher


class BindError(Exception):
    """The server could not listen where asked (address in use, not an address here)."""


@dataclass(frozen=True)
class Settings:
    docs: tuple[str, ...]
    lang: str | None = None
    stage: str = "draft"
    host: str = "127.0.0.1"
    port: int = 0
    allow_remote: bool = False
    watch: bool = True
    # The writer's editor address pattern (links to file:line:col), or None: text only.
    editor_url: str | None = None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    preview: Preview


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "dossier-preview"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        return None  # the terminal shows the preview's own messages, not an access log

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _refuse_method(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"", "text/plain", head=False, allow="GET, HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    def _answer(self, *, head: bool) -> None:
        p = self.server.preview
        if not safety.host_allowed(
            self.headers.get("Host"), p.port, allow_remote=p.settings.allow_remote
        ):
            self._send(HTTPStatus.FORBIDDEN, b"", "text/plain", head=head)
            return
        target = safety.route(self.path, p.settings.docs)
        if target.kind == "page":
            view = p.builder.views[target.arg]
            body = page.inject(view.html, doc=target.arg, render_version=view.render_version)
            self._send(HTTPStatus.OK, body.encode("utf-8"), "text/html; charset=utf-8", head=head)
        elif target.kind == "asset":
            self._send(HTTPStatus.OK, page.asset(target.arg), page.ASSETS[target.arg], head=head)
        elif target.kind == "state":
            data = p.hub.latest()[1].encode("utf-8")
            self._send(HTTPStatus.OK, data, "application/json", head=head)
        elif target.kind == "events" and not head:
            self._stream()
        elif target.kind == "print":
            answer = p.print_state(parse_qs(target.query))
            self._send(HTTPStatus.OK, json.dumps(answer).encode(), "application/json", head=head)
        elif target.kind == "image" and (png := p.page_image(target.arg)) is not None:
            self._send(HTTPStatus.OK, png, "image/png", head=head)
        elif target.kind == "file" and (found := safety.dossier_file(p.root, target.arg)):
            path, kind = found
            try:
                data = path.read_bytes()
            except OSError:
                self._not_found(head)
                return
            self._send(HTTPStatus.OK, data, kind, head=head, policy=page.FILE_POLICY)
        else:
            self._not_found(head)

    def _not_found(self, head: bool) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head=head)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        kind: str,
        *,
        head: bool,
        policy: str = page.CONTENT_POLICY,
        allow: str = "",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self._common_headers(policy)
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _common_headers(self, policy: str) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")

    def _stream(self) -> None:
        """The event stream of one page: the current state at once, then each newer one."""
        hub = self.server.preview.hub
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self._common_headers(page.CONTENT_POLICY)
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(events.preamble())
            seen = -1
            while not hub.closed:
                newer = hub.wait_newer(seen)
                if newer is None:
                    if hub.closed:
                        break
                    self.wfile.write(events.comment("keep-alive"))
                else:
                    seen, data = newer
                    self.wfile.write(events.format_event("state", data, seen))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return  # the page was closed or reloaded


class Preview:
    """The preview of one dossier: build, serve, watch; `stop()` ends all of it."""

    def __init__(self, root: Path, settings: Settings, check: CheckFn) -> None:
        self.root = root.resolve()
        self.settings = settings
        self.builder = Builder(
            self.root, check, settings.docs, settings.lang, settings.stage, settings.editor_url
        )
        self.hub = events.Hub()
        self.stopping = threading.Event()
        self.last: Snapshot | None = None
        self._httpd: _Server | None = None
        self._threads: list[threading.Thread] = []
        from dossier.preview.printview import PrintPreview

        self.printer = PrintPreview(self.root)

    # -- life cycle
    def start(self) -> str:
        """Render once, listen, start watching; the address to open."""
        refusal = safety.bind_refusal(self.settings.host, self.settings.allow_remote)
        if refusal is not None:
            raise BindError(refusal)
        self.publish(self.builder.rebuild())
        try:
            kind = _Server6 if ":" in self.settings.host else _Server
            httpd = kind((self.settings.host, self.settings.port), _Handler)
        except OSError as exc:
            raise BindError(_bind_problem(exc, self.settings)) from None
        httpd.preview = self
        self._httpd = httpd
        serving = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            daemon=True,
            name="dossier-preview-server",
        )
        serving.start()
        self._threads.append(serving)
        if self.settings.watch:
            watcher = Watcher(self.root, self.changed, self.stopping)
            watcher.start()
            watcher.ready.wait(5)
            self._threads.append(watcher)
        return self.url

    @property
    def port(self) -> int:
        return self._httpd.server_address[1] if self._httpd is not None else self.settings.port

    @property
    def url(self) -> str:
        host = self.settings.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}/"

    def wait(self) -> None:
        """Block until stopped; Ctrl-C (SIGINT) or SIGTERM raise here, in the main thread,
        and so does whatever stopped the watcher (a bug, or no way to watch the folder)."""
        while not self.stopping.wait(0.5):
            for thread in self._threads:
                if isinstance(thread, Watcher) and thread.error is not None:
                    raise thread.error

    def stop(self) -> None:
        """Close the event streams, stop watching and serving; idempotent."""
        self.stopping.set()
        self.hub.close()
        self.printer.close()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        for thread in self._threads:
            thread.join(timeout=3)
        self._threads.clear()

    # -- changes
    def changed(self, paths: Sequence[str]) -> None:
        """A batch of saves: rebuild and push the new state to the pages."""
        if not self.stopping.is_set():
            self.publish(self.builder.rebuild(paths))

    def publish(self, snap: Snapshot) -> None:
        self.last = snap
        self.hub.publish(snap.version, snap.to_json())

    # -- print preview
    def print_state(self, query: dict[str, list[str]]) -> dict[str, Any]:
        doc = (query.get("doc") or [self.settings.docs[0]])[0]
        section = (query.get("section") or [""])[0]
        view = self.builder.views.get(doc)
        if view is None:
            return {"state": "failed", "message": f"no document {doc!r} in this preview"}
        return self.printer.request(doc, view.model, view.render_version, section)

    def page_image(self, arg: str) -> bytes | None:
        return self.printer.image(arg)


def _bind_problem(exc: OSError, settings: Settings) -> str:
    where = f"{settings.host}:{settings.port}"
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {settings.port} is already in use on {settings.host}; "
            "give another with --port N (or --port 0 for any free port)"
        )
    if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
        return f"{settings.host} is not an address of this computer"
    return f"cannot listen on {where}: {exc.strerror or exc}"
