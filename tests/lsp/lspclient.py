"""A small Language Server Protocol client (JSON-RPC over stdio) for tests.

It starts a server process, answers the requests a server makes of its editor
(configuration, capability registration, progress), and lets a test open documents,
ask for completion or hover, and wait for published diagnostics.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Json = dict[str, Any]


class LspError(RuntimeError):
    """The server answered a request with an error, or did not answer in time."""


class LspClient:
    """Talk to one language server process; close() ends it."""

    def __init__(self, command: Sequence[str], *, settings: Json, cwd: Path | None = None) -> None:
        self.settings = settings
        self.proc = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        )
        self._next_id = 0
        self._responses: dict[int, queue.Queue[Json]] = {}
        self._lock = threading.Lock()
        self.notifications: queue.Queue[Json] = queue.Queue()
        # Every notification seen, for assertions after the fact (e.g. log messages).
        self.seen: list[Json] = []
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self._stderr: list[bytes] = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # --- framing ---------------------------------------------------------------------
    def _send(self, message: Json) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read_message(self) -> Json | None:
        out = self.proc.stdout
        assert out is not None
        length = None
        while True:
            line = out.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        if length is None:
            return None
        data: Json = json.loads(out.read(length).decode("utf-8"))
        return data

    def _read_loop(self) -> None:
        while True:
            msg = self._read_message()
            if msg is None:
                return
            if "id" in msg and "method" in msg:
                self._answer_server_request(msg)
            elif "id" in msg:
                with self._lock:
                    box = self._responses.get(msg["id"])
                if box is not None:
                    box.put(msg)
            else:
                self.seen.append(msg)
                self.notifications.put(msg)

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    def _answer_server_request(self, msg: Json) -> None:
        method = msg["method"]
        result: Any = None
        if method == "workspace/configuration":
            result = [
                self.settings.get(item.get("section", ""), None) for item in msg["params"]["items"]
            ]
        self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    # --- requests and notifications --------------------------------------------------
    def request(self, method: str, params: Json, timeout: float = 30.0) -> Any:
        with self._lock:
            self._next_id += 1
            rid = self._next_id
            box: queue.Queue[Json] = queue.Queue()
            self._responses[rid] = box
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        try:
            reply = box.get(timeout=timeout)
        except queue.Empty:
            raise LspError(f"no answer to {method} within {timeout} s") from None
        if "error" in reply:
            raise LspError(f"{method}: {reply['error']}")
        return reply.get("result")

    def notify(self, method: str, params: Json) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, predicate: Callable[[Json], bool], timeout: float = 30.0) -> Json:
        """The first notification (already seen or coming) that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        for msg in list(self.seen):
            if predicate(msg):
                return msg
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError("the expected notification did not come")
            try:
                msg = self.notifications.get(timeout=left)
            except queue.Empty:
                continue
            if predicate(msg):
                return msg

    # --- an editor's life cycle ------------------------------------------------------
    def initialize(self, root: Path) -> Json:
        result: Json = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {
                        "completion": {"completionItem": {"documentationFormat": ["markdown"]}},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return result

    def open(self, path: Path, language: str = "yaml") -> str:
        uri = path.resolve().as_uri()
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": language,
                    "version": 1,
                    "text": path.read_text(encoding="utf-8"),
                }
            },
        )
        return uri

    def diagnostics(self, uri: str, timeout: float = 30.0) -> list[Json]:
        msg = self.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            ),
            timeout,
        )
        found: list[Json] = msg["params"]["diagnostics"]
        return found

    def completion(self, uri: str, line: int, character: int) -> list[Json]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if result is None:
            return []
        items: list[Json] = result["items"] if isinstance(result, dict) else result
        return items

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, dict):
            return str(contents.get("value", ""))
        if isinstance(contents, list):
            return "\n".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
        return str(contents)

    def stderr_text(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()
            self.proc.wait()
