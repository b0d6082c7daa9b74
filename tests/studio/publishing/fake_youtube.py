"""A fake of Google's OAuth token endpoint and the YouTube Data API on 127.0.0.1.

It speaks the wire protocol the real client uses (resumable uploads with ``308 Resume
Incomplete`` and ``Range``, media uploads, JSON errors with reasons) and checks what it is
sent: every API call needs a live bearer token, every chunk must start where the stored
bytes end (or overlap them with the same bytes) and be a multiple of 256 KiB unless it is
the last. Anything wrong is recorded in `problems`, which tests assert to be empty.
Failures are injected by tests: an exhausted quota, a revoked grant, dropped connections.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fake_http import FakeHandler, local_server, server_url

QUANTUM = 256 * 1024
SCOPES = (
    "https://www.googleapis.com/auth/youtube.upload "
    "https://www.googleapis.com/auth/youtube.readonly "
    "https://www.googleapis.com/auth/youtube.force-ssl"
)


@dataclass
class Session:
    """One resumable upload session."""

    metadata: dict[str, Any]
    query: dict[str, str]
    total: int | None
    content_type: str
    data: bytearray = field(default_factory=bytearray)
    puts: list[tuple[int, int]] = field(default_factory=list)  # (start, length) of each PUT
    video_id: str | None = None


@dataclass
class FakeYoutube:
    client_id: str = "studio-client"
    client_secret: str = "studio-secret"
    channel_id: str = "UC-fake-channel"
    channel_title: str = "Lighthouse Films"
    codes: dict[str, str] = field(default_factory=dict)  # code -> redirect_uri
    access_tokens: set[str] = field(default_factory=set)
    refresh_tokens: dict[str, bool] = field(default_factory=dict)  # token -> revoked
    token_requests: list[dict[str, str]] = field(default_factory=list)
    sessions: dict[str, Session] = field(default_factory=dict)
    videos: dict[str, dict[str, Any]] = field(default_factory=dict)
    thumbnails: dict[str, bytes] = field(default_factory=dict)
    playlists: dict[str, dict[str, Any]] = field(default_factory=dict)
    playlist_items: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    quota_exhausted: bool = False
    #: offset -> how many PUTs starting there to drop; "store" ones keep the bytes first
    drop_puts: dict[int, int] = field(default_factory=dict)
    drop_after_store: dict[int, int] = field(default_factory=dict)
    fail_puts_with: int | None = None  # answer every PUT with this status (e.g. 503)
    put_delay: float = 0.0  # seconds each chunk takes to "arrive"
    thumbnails_forbidden: bool = False  # an unverified channel may not set thumbnails
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    # --- what tests call -----------------------------------------------------------------

    def authorize(self, redirect_uri: str) -> str:
        """The user clicked "Allow": the code Google would put in the redirect."""
        code = "code-" + secrets.token_urlsafe(8)
        self.codes[code] = redirect_uri
        return code

    def expire_access_tokens(self) -> None:
        self.access_tokens.clear()

    def revoke_all(self) -> None:
        self.access_tokens.clear()
        for token in self.refresh_tokens:
            self.refresh_tokens[token] = True

    def bytes_received(self) -> int:
        return sum(length for s in self.sessions.values() for _, length in s.puts)

    # --- the server ----------------------------------------------------------------------

    def _new_access(self) -> dict[str, Any]:
        token = "ya29." + secrets.token_urlsafe(12)
        self.access_tokens.add(token)
        return {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return 401, {"error": "invalid_client"}
        grant = form.get("grant_type")
        if grant == "authorization_code":
            redirect = self.codes.pop(form.get("code", ""), None)
            if redirect is None or redirect != form.get("redirect_uri"):
                return 400, {"error": "invalid_grant", "error_description": "Bad code."}
            refresh = "1//" + secrets.token_urlsafe(12)
            self.refresh_tokens[refresh] = False
            return 200, {**self._new_access(), "refresh_token": refresh, "scope": SCOPES}
        if grant == "refresh_token":
            revoked = self.refresh_tokens.get(form.get("refresh_token", ""), True)
            if revoked:
                return 400, {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                }
            return 200, {**self._new_access(), "scope": SCOPES}
        return 400, {"error": "unsupported_grant_type"}

    def authorized(self, header: str | None) -> bool:
        return bool(header and header.startswith("Bearer ") and header[7:] in self.access_tokens)


def _error(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"domain": "youtube.quota", "reason": reason, "message": message}],
        }
    }


def _handler(fake: FakeYoutube) -> type[BaseHTTPRequestHandler]:
    class Handler(FakeHandler):
        protocol_version = "HTTP/1.1"

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send(self, code: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
            self.send_json(code, body, headers, "application/json; charset=UTF-8")

        def _drop(self) -> None:
            self.close_connection = True
            self.connection.shutdown(2)

        def _route(self, method: str) -> None:
            parsed = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
            path = parsed.path
            body = self._body()
            fake.requests.append((method, path))
            with fake.lock:
                if path == "/token" and method == "POST":
                    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    self._send(*fake.token(form))
                    return
                if path.startswith("/upload-session/") and method == "PUT":
                    time.sleep(fake.put_delay)
                    self._put_chunk(path.rsplit("/", 1)[1], body)
                    return
                if not fake.authorized(self.headers.get("Authorization")):
                    self._send(401, _error(401, "authError", "Invalid Credentials"))
                    return
                self._api(method, path, query, body)

        def _api(self, method: str, path: str, query: dict[str, str], body: bytes) -> None:
            if path == "/youtube/v3/channels" and method == "GET":
                if query.get("mine") != "true":
                    fake.problems.append(f"channels.list without mine=true: {query}")
                item = {"id": fake.channel_id, "snippet": {"title": fake.channel_title}}
                self._send(200, {"kind": "youtube#channelListResponse", "items": [item]})
            elif path == "/upload/youtube/v3/videos" and method == "POST":
                self._start_upload(query, body)
            elif path == "/upload/youtube/v3/thumbnails/set" and method == "POST":
                video = query.get("videoId", "")
                if video not in fake.videos:
                    self._send(404, _error(404, "videoNotFound", "No such video."))
                    return
                if fake.thumbnails_forbidden:
                    self._send(
                        403, _error(403, "forbidden", "Custom thumbnails need a verified channel.")
                    )
                    return
                if self.headers.get("Content-Type") != "image/jpeg":
                    fake.problems.append(f"thumbnail type {self.headers.get('Content-Type')}")
                fake.thumbnails[video] = body
                self._send(200, {"items": [{"default": {"url": "https://i.ytimg.com/x.jpg"}}]})
            elif path == "/youtube/v3/videos" and method == "GET":
                items = [
                    {
                        "id": v,
                        "status": {
                            "uploadStatus": "processed",
                            "privacyStatus": fake.videos[v]["status"]["privacyStatus"],
                        },
                        "processingDetails": {"processingStatus": "succeeded"},
                    }
                    for v in query.get("id", "").split(",")
                    if v in fake.videos
                ]
                self._send(200, {"items": items})
            elif path == "/youtube/v3/playlists" and method == "POST":
                data = json.loads(body)
                if not data.get("snippet", {}).get("title"):
                    self._send(400, _error(400, "playlistTitleRequired", "Title required."))
                    return
                playlist = {
                    "id": "PL" + secrets.token_hex(6),
                    "snippet": data["snippet"],
                    "status": data.get("status", {}),
                    "contentDetails": {"itemCount": 0},
                }
                fake.playlists[playlist["id"]] = playlist
                self._send(200, playlist)
            elif path == "/youtube/v3/playlists" and method == "GET":
                if query.get("mine") != "true":
                    fake.problems.append(f"playlists.list without mine=true: {query}")
                self._send(200, {"items": list(fake.playlists.values())})
            elif path == "/youtube/v3/playlistItems" and method == "POST":
                data = json.loads(body)
                snippet = data.get("snippet", {})
                target = fake.playlists.get(snippet.get("playlistId", ""))
                video = snippet.get("resourceId", {}).get("videoId")
                if target is None:
                    self._send(404, _error(404, "playlistNotFound", "No such playlist."))
                    return
                if video not in fake.videos:
                    self._send(404, _error(404, "videoNotFound", "No such video."))
                    return
                item = {"id": "PLI" + secrets.token_hex(6), "snippet": snippet}
                fake.playlist_items.append(item)
                target["contentDetails"]["itemCount"] += 1
                self._send(200, item)
            else:
                fake.problems.append(f"unexpected {method} {path}")
                self._send(404, _error(404, "notFound", f"No route {method} {path}"))

        def _start_upload(self, query: dict[str, str], body: bytes) -> None:
            if query.get("uploadType") != "resumable":
                fake.problems.append(f"video upload not resumable: {query}")
            if fake.quota_exhausted:
                self._send(
                    403,
                    _error(
                        403,
                        "quotaExceeded",
                        "The request cannot be completed because you have exceeded your quota.",
                    ),
                )
                return
            metadata = json.loads(body) if body else {}
            if "snippet" not in query.get("part", "") or not metadata.get("snippet", {}).get(
                "title"
            ):
                fake.problems.append(f"video metadata incomplete: {query} {metadata}")
            total = self.headers.get("X-Upload-Content-Length")
            session_id = secrets.token_hex(8)
            fake.sessions[session_id] = Session(
                metadata=metadata,
                query=query,
                total=int(total) if total else None,
                content_type=self.headers.get("X-Upload-Content-Type", ""),
            )
            host = self.headers.get("Host")
            self._send(200, None, {"Location": f"http://{host}/upload-session/{session_id}"})

        def _put_chunk(self, session_id: str, body: bytes) -> None:
            session = fake.sessions.get(session_id)
            if session is None:
                self._send(404, _error(404, "notFound", "No such upload session."))
                return
            match = re.fullmatch(
                r"bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)", self.headers.get("Content-Range", "")
            )
            if match is None:
                fake.problems.append(f"bad Content-Range {self.headers.get('Content-Range')}")
                self._send(400, _error(400, "badRange", "Bad Content-Range."))
                return
            if match.group(1) is None:  # "bytes */N": how much do you have?
                self._status(session)
                return
            start, end = int(match.group(1)), int(match.group(2))
            total = None if match.group(3) == "*" else int(match.group(3))
            if len(body) != end - start + 1:
                fake.problems.append(f"chunk length {len(body)} != range {start}-{end}")
            if fake.drop_puts.get(start, 0) > 0:
                fake.drop_puts[start] -= 1
                self._drop()
                return
            if fake.fail_puts_with is not None:
                self._send(
                    fake.fail_puts_with, _error(fake.fail_puts_with, "backendError", "Try again.")
                )
                return
            session.puts.append((start, len(body)))
            held = len(session.data)
            if start > held:
                fake.problems.append(f"chunk at {start} leaves a gap after {held}")
                self._send(400, _error(400, "badRange", "Gap."))
                return
            overlap = body[: max(0, held - start)]
            if bytes(session.data[start : start + len(overlap)]) != overlap:
                fake.problems.append(f"re-sent bytes at {start} differ")
            session.data.extend(body[len(overlap) :])
            last = total is not None and end + 1 == total
            if not last and len(body) % QUANTUM:
                fake.problems.append(f"chunk of {len(body)} bytes is not a multiple of 256 KiB")
            if fake.drop_after_store.get(start, 0) > 0:
                fake.drop_after_store[start] -= 1
                self._drop()
                return
            if last:
                self._finish(session)
            else:
                self._status(session)

        def _status(self, session: Session) -> None:
            if session.video_id is not None:
                video = fake.videos[session.video_id]
                self._send(200, {k: v for k, v in video.items() if k != "data"})
                return
            headers = {"Range": f"bytes=0-{len(session.data) - 1}"} if session.data else {}
            self._send(308, None, headers)

        def _finish(self, session: Session) -> None:
            if session.total is not None and session.total != len(session.data):
                fake.problems.append(f"declared {session.total} bytes, got {len(session.data)}")
            video_id = "vid" + secrets.token_hex(4)
            session.video_id = video_id
            fake.videos[video_id] = {
                "kind": "youtube#video",
                "id": video_id,
                "snippet": session.metadata.get("snippet", {}),
                "status": {"uploadStatus": "uploaded", **session.metadata.get("status", {})},
                "data": bytes(session.data),
            }
            self._send(200, {k: v for k, v in fake.videos[video_id].items() if k != "data"})

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PUT(self) -> None:
            self._route("PUT")

    return Handler


@contextmanager
def running_fake() -> Iterator[FakeYoutube]:
    fake = FakeYoutube()
    with local_server(_handler(fake), daemon_threads=True) as server:
        fake.url = server_url(server)
        yield fake
