"""A setuptools build step that ships the built web UI inside the package.

Why: ``filmstudio serve`` from an installed wheel has no checkout to find ``web/dist`` in,
so the wheel carries a copy at ``filmstudio/studio/webui`` (where `frontend.PACKAGED` looks).
Standalone on purpose (setuptools only, no filmstudio import): a root ``setup.py`` loads this
file by path at build time, before the package is importable.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path
from typing import Any

#: Relative to the project root (where the build runs).
BUILT_UI = Path("web") / "dist"
TARGET = Path("filmstudio") / "studio" / "webui"


def copy_web_ui(root: Path, build_lib: Path) -> bool:
    """Copy ``web/dist`` into the build tree; False (nothing copied) when it was not built."""
    source = root / BUILT_UI
    if not (source / "index.html").is_file():
        return False
    target = build_lib / TARGET
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return True


def command() -> type:
    """setuptools' ``build_py`` plus the web UI (when ``web/dist`` holds a build; else a
    wheel without it, whose ``filmstudio serve`` redirects ``/`` to the API docs). Made on
    call: setuptools is only there at build time."""
    base: Any = importlib.import_module("setuptools.command.build_py").build_py

    class BuildWithWebUI(base):  # type: ignore[misc]
        def run(self) -> None:
            super().run()
            if copy_web_ui(Path.cwd(), Path(self.build_lib)):
                self.announce(f"copied {BUILT_UI} into {TARGET}", level=2)
            else:
                self.warn(f"{BUILT_UI}/index.html not found: the wheel has no web UI (make web)")

    return BuildWithWebUI
