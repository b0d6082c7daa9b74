"""A killed worker leaves nothing behind: no encoder writing on, no scratch folder kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from filmstudio.studio.jobs.worker import HOLD_FILE, held_folder, sweep_scratch


def _gone(pid: int) -> bool:
    """Ended (or a zombie nobody reaped yet: it runs no more)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def test_the_sweep_removes_only_scratch_that_no_live_worker_holds(tmp_path: Path) -> None:
    scratch = tmp_path / "work"
    with held_folder(scratch, "job-live-") as live:
        dead = scratch / "job-dead-1"
        dead.mkdir()
        (dead / HOLD_FILE).touch()  # its worker was killed: the lock went with it
        (dead / "picture.mp4").write_bytes(b"half")
        fresh = scratch / "job-new-1"
        fresh.mkdir()  # no hold file yet: being made, left alone for a minute
        other = scratch / "keep-me"
        other.mkdir()
        assert sweep_scratch(scratch) == 1
        assert live.is_dir() and fresh.is_dir() and other.is_dir() and not dead.exists()
    assert not live.exists()  # the holder removes its own folder


def test_a_child_of_a_killed_worker_dies_with_it(tmp_path: Path) -> None:
    code = (
        "import subprocess, sys, time\n"
        "from filmstudio.engine.render.ffmpeg import child_options\n"
        "child = subprocess.Popen(['sleep', '120'], **child_options())\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert worker.stdout is not None
    child = int(worker.stdout.readline())
    assert not _gone(child)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    deadline = time.monotonic() + 5
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert _gone(child), "the child outlived its worker"
    finally:
        if not _gone(child):
            os.kill(child, signal.SIGKILL)
