"""The preview server over real HTTP: what it answers, the event stream, and a draft
whose YAML breaks (preview/server.py, events.py, state.py)."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest

from dossier.preview import events
from dossier.preview.server import BindError, Preview, Settings

from .conftest import start_preview


def _get(
    p: Preview, path: str, *, host: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", p.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host if host is not None else f"127.0.0.1:{p.port}")
        conn.endheaders()
        res = conn.getresponse()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, res.read()
    finally:
        conn.close()


def test_format_event_keeps_each_line_in_its_own_data_field() -> None:
    data = events.format_event("state", "a\nb\r\ndata: x", 7)
    assert data == b"event: state\nid: 7\ndata: a\ndata: b\ndata: data: x\n\n"
    assert events.comment("k") == b": k\n\n"


def test_hub_gives_newer_states_and_wakes_up_on_close() -> None:
    hub = events.Hub()
    hub.publish(1, "{}")
    assert hub.wait_newer(0, timeout=0) == (1, "{}")
    assert hub.wait_newer(1, timeout=0.01) is None  # nothing newer: a keep-alive turn
    hub.close()
    assert hub.wait_newer(1, timeout=5) is None and hub.closed


def test_the_page_is_the_rendering_with_the_preview_added(shared: tuple[Preview, Path]) -> None:
    served = shared[0]
    status, headers, body = _get(served, "/")
    text = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "Example Hill Fort" in text and 'id="sec-2.a"' in text
    assert text.count('<script src="/_preview/preview.js"></script>') == 1
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"
    # Nothing the page loads comes from elsewhere.
    assert (
        "http://" not in text.split("<body", 1)[0] and "https://" not in text.split("<body", 1)[0]
    )
    status, headers, body = _get(served, "/_preview/preview.js")
    assert status == 200 and b"EventSource" in body


@pytest.mark.parametrize(
    "path",
    [
        "/files/../../../../etc/passwd",
        "/files/..%2f..%2f..%2fetc%2fpasswd",
        "/files/%2fetc%2fpasswd",
        "/files/parts/",
        "/files/parts",
        "/files/",
        "/parts/summary.yaml",
        "/../dossier.yaml",
        "/etc/passwd",
        "/_preview/page/nomination/1/1.png",
        "/preliminary-assessment",
    ],
)
def test_anything_but_the_preview_and_the_dossiers_files_is_404(
    shared: tuple[Preview, Path], path: str
) -> None:
    served = shared[0]
    status, _, body = _get(served, path)
    assert status == 404, path
    assert b"root:" not in body


def test_a_file_of_the_dossier_is_served_inert(shared: tuple[Preview, Path]) -> None:
    served, dossier_copy = shared
    status, headers, body = _get(served, "/files/parts/summary.yaml")
    assert status == 200
    assert body == (dossier_copy / "parts" / "summary.yaml").read_bytes()
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert "sandbox" in headers["content-security-policy"]


def test_other_hosts_and_methods_are_refused(shared: tuple[Preview, Path]) -> None:
    served = shared[0]
    assert _get(served, "/", host="attacker.example")[0] == 403
    assert _get(served, "/", host=f"attacker.example:{served.port}")[0] == 403
    assert _get(served, "/", method="POST")[0] == 405
    assert _get(served, "/", method="HEAD")[0] == 200


def test_binding_elsewhere_than_loopback_is_refused_before_anything_runs(
    dossier_copy: Path,
) -> None:
    def never() -> object:
        raise AssertionError("checked although the address was refused")

    p = Preview(dossier_copy, Settings(docs=("nomination",), host="0.0.0.0"), never)  # type: ignore[arg-type]
    with pytest.raises(BindError, match="--allow-remote"):
        p.start()


def _events(p: Preview) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", p.port, timeout=20)
    conn.request("GET", "/_preview/events")
    res = conn.getresponse()
    assert res.status == 200 and res.getheader("Content-Type", "").startswith("text/event-stream")
    return res


def _next_state(stream: http.client.HTTPResponse) -> dict[str, object]:
    """The data of the next `state` event of a stream (comments and retry skipped)."""
    lines: list[str] = []
    name = ""
    while True:
        raw = stream.readline()
        assert raw, "the stream ended"
        line = raw.decode("utf-8").rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            lines.append(line[6:])
        elif not line and name == "state" and lines:
            return json.loads("\n".join(lines))  # type: ignore[no-any-return]


def test_the_event_stream_pushes_each_rebuild_and_a_yaml_error_keeps_the_last_page(
    served: Preview, dossier_copy: Path
) -> None:
    stream = _events(served)
    first = _next_state(stream)
    assert first["version"] == 1 and first["blocking"] == []
    docs = first["docs"]
    assert isinstance(docs, dict)
    assert docs["nomination"]["statuses"]["sec-2.a"] == "complete"
    good_page = _get(served, "/")[2]

    history = dossier_copy / "text" / "history.md"
    history.write_text(history.read_text() + "\nA sentence added while previewing.\n")
    served.changed(["text/history.md"])
    second = _next_state(stream)
    assert second["version"] == 2 and second["changed"] == ["text/history.md"]
    assert second["docs"]["nomination"]["render_version"] == 2  # type: ignore[index]
    assert b"A sentence added while previewing." in _get(served, "/")[2]

    summary = dossier_copy / "parts" / "description.yaml"
    good = summary.read_text()
    summary.write_text("maps: [map-1\nboundary_description: x\n")
    served.changed(["parts/description.yaml"])
    broken = _next_state(stream)
    blocking = broken["blocking"]
    assert isinstance(blocking, list) and blocking
    assert blocking[0]["rule"] == "yaml.syntax"
    assert blocking[0]["where"].startswith("parts/description.yaml:")
    # The last good rendering stays (same version), never a blank page.
    assert broken["docs"]["nomination"]["render_version"] == 2  # type: ignore[index]
    assert b"A sentence added while previewing." in _get(served, "/")[2]

    summary.write_text(good)
    served.changed(["parts/description.yaml"])
    fixed = _next_state(stream)
    assert fixed["blocking"] == []
    assert len(_get(served, "/")[2]) > len(good_page) // 2
    stream.close()


def test_stop_ends_open_streams(dossier_copy: Path) -> None:
    p = start_preview(dossier_copy, watch=False)
    stream = _events(p)
    _next_state(stream)
    p.stop()
    rest = stream.read()  # returns once the server closed the stream
    assert b"event: state" not in rest
