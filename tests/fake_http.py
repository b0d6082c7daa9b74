"""What every local fake service shares: an HTTP server on 127.0.0.1 in a thread, and a
quiet request handler that answers JSON.

Why shared: the real clients (stripe, sendgrid, simple-salesforce, google-api-python-client,
openai, deepl...) are pointed at fakes that check their requests; each fake only needs to
say what the service answers, not how to run a server.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class FakeHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing (pytest shows failures, not access lines)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_json(
        self,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> None:
        """Answer `status` with `body` as JSON (no body and no Content-Type when None)."""
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def local_server(
    handler: type[BaseHTTPRequestHandler] = BaseHTTPRequestHandler,
    *,
    tls: tuple[Path, Path] | None = None,
    daemon_threads: bool = False,
    poll_interval: float = 0.5,
) -> Iterator[ThreadingHTTPServer]:
    """A server on a free port of 127.0.0.1 running `handler`, shut down on leaving.

    `tls` is (certificate, key) to serve https. The handler may also be set afterwards
    (``server.RequestHandlerClass``) by a fake that needs the port first; no request comes
    before the caller makes one.
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = daemon_threads
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(poll_interval,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def server_url(server: ThreadingHTTPServer, scheme: str = "http") -> str:
    """The server's base address, e.g. ``http://127.0.0.1:54321``."""
    return f"{scheme}://127.0.0.1:{server.server_address[1]}"
