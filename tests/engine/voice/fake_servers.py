"""A tiny HTTP server on 127.0.0.1 that records requests and answers with a test's handler."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.fake_http import FakeHandler, local_server, server_url


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"


@dataclass
class FakeServer:
    url: str
    requests: list[Request] = field(default_factory=list)


@contextmanager
def fake_server(handle: Callable[[Request], Reply]) -> Iterator[FakeServer]:
    """Serve `handle` on a free 127.0.0.1 port while the block runs."""
    server_record = FakeServer("")

    class Handler(FakeHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(
                self.command,
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length) if length else b"",
            )
            server_record.requests.append(request)
            reply = handle(request)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = _serve
        do_POST = _serve

    with local_server(Handler) as server:
        server_record.url = server_url(server)
        yield server_record
