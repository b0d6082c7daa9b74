"""A real studio for browser tests: uvicorn on 127.0.0.1 in a thread, SQLite in a temp
folder, the built web UI at /, and a renderer whose films a browser can really play."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.db import migrate
from filmstudio.studio.jobs.renderer import FakeRenderer, Progress
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.settings import Settings
from tests.studio.billing.fake_stripe import FakeStripe, billing_settings, running_fake_stripe

ROOT = Path(__file__).resolve().parents[2]
WEB_DIST = ROOT / "web" / "dist"
FILM_SECONDS = 6
FLAGGED_WORD = "dragonfire"
SCENE_LINES = (
    "The keeper climbed the lighthouse stairs at night.",
    "The storm came from the sea.",
    "At dawn a small boat reached the harbour, and the keeper smiled.",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _plan(title: str) -> dict[str, Any]:
    """A valid FilmPlan for the test film (three two-second scenes)."""
    from filmstudio.engine.plan import FilmPlan

    moods = ("mysterious", "tense", "hopeful")
    places = ("harbour", "beach", "harbour")
    times = ("night", "night", "dawn")
    scenes = [
        {
            "scene_number": n + 1,
            "description": text,
            "setting": {"place": places[n], "time_of_day": times[n]},
            "dialogue": [{"speaker": "NARRATOR", "text": text}],
            "mood": moods[n],
            "duration": FILM_SECONDS / 3,
        }
        for n, text in enumerate(SCENE_LINES)
    ]
    plan = FilmPlan.model_validate({"title": title, "target_duration": 30, "scenes": scenes})
    result: dict[str, Any] = plan.model_dump(mode="json")
    return result


def make_film_files(folder: Path) -> dict[str, Path]:
    """A small real film (H.264 + AAC, colour bars and a tone), its subtitles and thumbnail."""
    folder.mkdir(parents=True, exist_ok=True)
    film = folder / "film.mp4"
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=24:duration={FILM_SECONDS}",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={FILM_SECONDS}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", "-movflags", "+faststart", str(film),
        ],
        check=True,
    )  # fmt: skip
    thumbnail = folder / "thumbnail.jpg"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-ss", "2", "-i", str(film),
         "-frames:v", "1", str(thumbnail)],
        check=True,
    )  # fmt: skip
    cues = [(n * 2, n * 2 + 2, text) for n, text in enumerate(SCENE_LINES)]
    vtt = "WEBVTT\n\n" + "".join(
        f"00:00:0{a}.000 --> 00:00:0{b}.000\n{text}\n\n" for a, b, text in cues
    )
    srt = "".join(
        f"{i + 1}\n00:00:0{a},000 --> 00:00:0{b},000\n{text}\n\n"
        for i, (a, b, text) in enumerate(cues)
    )
    (folder / "film.vtt").write_text(vtt, encoding="utf-8")
    spanish = "WEBVTT\n\n" + "".join(
        f"00:00:0{a}.000 --> 00:00:0{b}.000\n{text}\n\n"
        for a, b, text in [(a, b, f"(es) {text}") for a, b, text in cues]
    )
    (folder / "film.es.vtt").write_text(spanish, encoding="utf-8")  # an extra language
    (folder / "film.srt").write_text(srt, encoding="utf-8")
    (folder / "film.ass").write_text("[Script Info]\n", encoding="utf-8")
    for extra in ("thumbnail-2.jpg", "thumbnail-3.jpg"):
        shutil.copy(thumbnail, folder / extra)
    return {p.name: p for p in folder.iterdir()}


class PlayableRenderer(FakeRenderer):
    """FakeRenderer's engine-like progress, then a real playable film and a valid plan."""

    def __init__(self, films: dict[str, Path], seconds: float) -> None:
        super().__init__(seconds)
        self.films = films

    def render(self, request: dict[str, Any], out_dir: Path, progress: Progress) -> dict[str, Path]:
        files = super().render(request, out_dir, progress)
        files["film.es.vtt"] = out_dir / "film.es.vtt"
        for name, path in files.items():
            if name == "plan.json":
                path.write_text(json.dumps(_plan(str(request.get("title") or "Film"))))
            elif name in self.films:  # extras the fake renderer wrote itself stay as they are
                shutil.copy(self.films[name], path)
        return files


@dataclass
class RunningStudio:
    url: str
    studio: Studio
    films: dict[str, Path]
    stripe: FakeStripe
    secret: str = ""

    def api(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = {**kwargs.pop("headers", {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = httpx.request(method, f"{self.url}/api/v1{path}", headers=headers, **kwargs)
        assert response.status_code < 400, response.text
        return response.json() if response.content else None

    def mail_link(self, to: str, path: str, timeout: float = 10.0) -> str:
        """The newest link to `path` in a message the studio kept for `to` (no mail server)."""
        import re

        deadline = time.monotonic() + timeout
        pattern = re.compile(rf"https?://[^\s\"'<>]*{re.escape(path)}\?token=[^\s\"'<>]+")
        while True:
            outbox = list(getattr(self.studio.mailer, "outbox", []))
            for mail in reversed(outbox):
                found = pattern.search(mail.text) if mail.to == to else None
                if found:
                    return found.group(0)
            if time.monotonic() > deadline:
                raise AssertionError(f"no {path} link was mailed to {to}")
            time.sleep(0.1)

    def account(self, email: str, password: str = "correct horse battery", **values: Any) -> str:
        """Register `email` (with user-row `values` such as role) and return an access token."""
        self.api("POST", "/auth/register", json={"email": email, "password": password})
        if values:
            from sqlalchemy import select

            from filmstudio.studio.accounts.models import User

            with self.studio.db.transaction() as session:
                user = session.scalar(select(User).where(User.email == email))
                assert user is not None
                for name, value in values.items():
                    setattr(user, name, value)
                user_id = user.id
            self.studio.cache.delete(f"user:{user_id}:profile", f"user:{user_id}:balance")
        tokens = self.api("POST", "/auth/login", json={"email": email, "password": password})
        if tokens.get("mfa_required"):  # an administrator: two-step login, set up on the way
            tokens = self.second_step(tokens)
        return str(tokens["access_token"])

    def second_step(self, challenge: dict[str, Any]) -> dict[str, Any]:
        """Pass a login's second step as an authenticator app would (enrolling first when the
        account has no app yet); keeps the secret for later logins of the same account."""
        import pyotp

        step = {"mfa_token": challenge["mfa_token"]}
        if challenge.get("enrolment_required"):
            self.secret = self.api("POST", "/auth/login/mfa/enrol", json=step)["secret"]
        code = pyotp.TOTP(self.secret).now()
        answer: dict[str, Any] = self.api("POST", "/auth/login/mfa", json={**step, "code": code})
        return answer


#: Routers that app.py does not include yet (their owners asked the lead to): (module, a path).
PENDING_ROUTERS = (
    ("filmstudio.studio.projects.editor", "/api/v1/editor/vocabulary"),
    ("filmstudio.studio.accounts.security_api", "/api/v1/auth/mail"),
    ("filmstudio.studio.privacy.api", "/api/v1/users/me/export"),
)


def _serves(app: Any, path: str) -> bool:
    """Whether one of the app's API routes (not the web UI's catch-all) answers GET `path`."""
    from starlette.routing import Match, Mount

    scope = {"type": "http", "path": path, "method": "GET", "root_path": "", "path_params": {}}
    return any(
        not isinstance(route, Mount) and route.matches(scope)[0] == Match.FULL
        for route in app.router.routes
    )


def with_pending_routers(app: Any) -> None:
    """Add each pending router ahead of the web UI's catch-all, unless app.py has it."""
    import importlib

    for module, path in PENDING_ROUTERS:
        if _serves(app, path):
            continue
        before = len(app.router.routes)
        app.include_router(importlib.import_module(module).router, prefix="/api/v1")
        added = app.router.routes[before:]
        del app.router.routes[before:]
        app.router.routes[0:0] = added


def start_studio(folder: Path, render_seconds: float = 2.0) -> tuple[RunningStudio, Any]:
    """Start the studio; returns it and a function that stops it."""
    database = folder / "studio.db"
    migrate.upgrade(f"sqlite:///{database}")
    port = free_port()
    fakes = contextlib.ExitStack()
    stripe = fakes.enter_context(running_fake_stripe())
    stripe.webhook_url = f"http://127.0.0.1:{port}/api/v1/billing/webhook"
    stripe.webhook_delay = 1.5  # the return page must wait for the webhook, as with Stripe
    settings = Settings(
        data_dir=folder / "data",
        database_url=f"sqlite:///{database}",
        queue_url=f"sqlite:///{folder / 'queue.db'}",
        cache_url="memory://",
        storage_url=f"file://{folder / 'files'}",
        public_url=f"http://127.0.0.1:{port}",
        secret_key="browser-test-secret-key-long-enough-for-hs256",
        argon2_time_cost=1,
        argon2_memory_kib=8,
        argon2_parallelism=1,
        renderer="fake",
        engine_voice="espeak",
        engine_music="fake",
        heartbeat_seconds=0.2,
        queue_poll_seconds=0.1,
        reaper_interval_seconds=3600,
        rate_limit="100000/minute",
        login_limit="1000/minute",
        moderation_words=[FLAGGED_WORD],
        google_client_id="google-client",
        google_client_secret="google-secret",
        github_client_id="github-client",
        github_client_secret="github-secret",
        web_dir=WEB_DIST,
        billing=billing_settings(stripe, stripe_price_enterprise="price_enterprise_monthly"),
        log_json=True,
        log_level="WARNING",
    )
    films = make_film_files(folder / "film")
    studio = build_studio(settings, mailer=OutboxMailer())
    app = create_app(
        studio=studio, renderer=PlayableRenderer(films, render_seconds), run_worker=True
    )
    with_pending_routers(app)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="auto")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("The studio did not start within 20 s.")
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        studio.close()
        fakes.close()

    return RunningStudio(f"http://127.0.0.1:{port}", studio, films, stripe), stop
