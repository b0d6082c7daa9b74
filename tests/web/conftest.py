"""Browser-test fixtures: one studio server and one Chromium for the whole module.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright without `playwright install`.
The tests need the built UI (`cd web && npm ci && npm run build`); without web/dist they skip.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.web.studio_server import ROOT, WEB_DIST, RunningStudio, start_studio

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--autoplay-policy=no-user-gesture-required",
]
SCREENSHOTS = ROOT / "out" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStudio]:
    if not (WEB_DIST / "index.html").is_file():
        pytest.skip("web/dist is missing: build the UI first (cd web && npm ci && npm run build).")
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is missing: the test film cannot be made.")
    running, stop = start_studio(tmp_path_factory.mktemp("studio"))
    yield running
    stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


NewPage = Callable[..., object]


@pytest.fixture
def new_page(browser: object, server: RunningStudio) -> Iterator[NewPage]:
    """Open a page in a fresh browser context (its own storage) at the studio's address."""
    contexts: list[object] = []

    def make(language: str = "en", viewport: dict[str, int] | None = None) -> object:
        context = browser.new_context(  # type: ignore[attr-defined]
            base_url=server.url,
            viewport=viewport or DESKTOP,
            locale={"en": "en-US", "es": "es-ES", "fr": "fr-FR", "hi": "hi-IN"}[language],
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()  # type: ignore[attr-defined]
