"""The wheel, installed in a fresh venv, serves the whole studio: ``filmstudio serve`` (no
FILMSTUDIO_WEB_DIR, no checkout) answers the web UI at ``/`` and a user logs in through it.

How it stays offline and quick: the wheel is built as ``make wheel`` does (``pip wheel
--no-deps`` over a copy of the sources with the built ``web/dist``, without build isolation
so nothing is downloaded); the fresh venv gets only the wheel, and a ``.pth`` file lends it
this venv's installed dependencies. The test checks ``filmstudio`` itself is imported from
the fresh venv, never from the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import DESKTOP, SCREENSHOTS
from tests.web.helpers import PASSWORD, email, expect
from tests.web.studio_server import ROOT, WEB_DIST, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOURCES = ("pyproject.toml", "setup.py", "README.md", "src")


def build_wheel(out: Path) -> Path:
    """The project's wheel with the built UI inside, from a copy of its sources (the build
    leaves its ``build/`` and egg-info there, not in the checkout)."""
    tree = out / "tree"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "webui")
            shutil.copytree(source, tree / name, ignore=ignore)
        else:
            tree.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, tree / name)
    shutil.copytree(WEB_DIST, tree / "web" / "dist")
    wheels = out / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(tree)],
        check=True,
        cwd=out,
    )
    [wheel] = wheels.glob("filmstudio-*.whl")
    return wheel


def fresh_venv(folder: Path, wheel: Path) -> Path:
    """A new venv holding only the wheel; dependencies come from this venv through a .pth
    (appended after the fresh venv's own site-packages, so the wheel's filmstudio wins)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(python)]
    subprocess.run([*pip, "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    lent = sysconfig.get_paths()["purelib"]
    Path(site, "_project_dependencies.pth").write_text(lent + "\n", encoding="utf-8")
    return folder


def clean_env(data: Path) -> dict[str, str]:
    """This environment without any pointer to the checkout or the studio's settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FILMSTUDIO_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env.update(
        FILMSTUDIO_DATA_DIR=str(data),
        FILMSTUDIO_RENDERER="fake",
        FILMSTUDIO_ARGON2_TIME_COST="1",
        FILMSTUDIO_ARGON2_MEMORY_KIB="8",
        FILMSTUDIO_ARGON2_PARALLELISM="1",
    )
    return env


def _where_from(venv: Path, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    probe = (
        "import json, filmstudio; from filmstudio.studio import frontend;"
        "print(json.dumps({'package': filmstudio.__file__,"
        " 'ui': str(frontend.web_dir(None)), 'packaged': str(frontend.PACKAGED)}))"
    )
    answer = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
    found: dict[str, Any] = json.loads(answer.stdout)
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`filmstudio serve` from a fresh venv with the wheel: (its URL, the venv)."""
    if not (WEB_DIST / "index.html").is_file():
        pytest.skip("web/dist is missing: build the UI first (make web).")
    base = tmp_path_factory.mktemp("wheel")
    venv = fresh_venv(base / "venv", build_wheel(base))
    env = clean_env(base / "data")
    where = _where_from(venv, env, base)
    assert Path(where["package"]).is_relative_to(venv), where  # not the checkout's
    assert where["ui"] == where["packaged"], where  # the UI shipped inside the wheel
    port = free_port()
    log = (base / "serve.log").open("w")
    server = subprocess.Popen(
        [str(venv / "bin" / "filmstudio"), "serve", "--port", str(port)],
        env=env,
        cwd=base,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, (base / "serve.log").read_text()[-3000:]
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, (base / "serve.log").read_text()[-3000:]
            time.sleep(0.3)
        yield url, venv
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_the_installed_wheel_serves_the_ui_and_a_user_logs_in(
    installed: tuple[str, Path], browser: Any
) -> None:
    url, _ = installed
    address = email("wheel")
    made = httpx.post(f"{url}/api/v1/auth/register", json={"email": address, "password": PASSWORD})
    assert made.status_code == 201, made.text
    context = browser.new_context(base_url=url, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    outside: list[str] = []

    def local_only(route: Any) -> None:
        if route.request.url.startswith(url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    try:
        page = context.new_page()
        home = page.goto("/")
        assert home is not None and home.status == 200
        assert "text/html" in home.headers["content-type"]
        expect(page.locator("main h1")).to_be_visible()
        expect(page.get_by_role("link", name="Log in").first).to_be_visible()
        page.goto("/auth/login")
        page.get_by_label("E-mail").fill(address)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/dashboard")
        expect(page.get_by_test_id("films-quota")).to_be_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "wheel-dashboard-desktop.png"))
    finally:
        context.close()
    assert not outside, outside  # the UI needs nothing from outside the studio
