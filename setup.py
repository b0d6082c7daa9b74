"""The wheel carries the built web UI (see src/filmstudio/studio/webui_build.py); the rest of
the build is declared in pyproject.toml."""

import runpy

from setuptools import setup

setup(cmdclass={"build_py": runpy.run_path("src/filmstudio/studio/webui_build.py")["command"]()})
