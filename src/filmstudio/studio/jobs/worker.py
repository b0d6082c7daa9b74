"""The worker side: run a claimed job through the renderer, keep it alive with heartbeats,
store its files, and settle it; plus the recovery sweep that runs beside the consumer.

Cancel and timeout are cooperative: the engine calls our progress callback often, and
raising from it stops the render cleanly (ffmpeg is killed, nothing half-written). A
heartbeat thread writes progress once a second and learns of cancel requests on the same
round trip, so a cancelled render stops within about a second or two.

One film can use the whole pool: when a job reaches its picture segments, its worker puts calls
for help on the queue; any worker that takes one renders the segments nobody holds (from the
shared stage cache) and stops when they are all done, or when the job is cancelled, finished or
taken over. The job's own worker encodes too, then joins and publishes.

A worker killed outright leaves nothing running or lying about: its ffmpeg and segment
processes get a parent-death signal, and each job's scratch folder is held by a file lock the
kernel drops with the process, so the sweep removes exactly the folders no live worker holds.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from filmstudio.studio.context import Studio
from filmstudio.studio.jobs import options as job_options
from filmstudio.studio.jobs import service
from filmstudio.studio.jobs.renderer import Renderer, RenderFailed, make_renderer
from filmstudio.studio.logs import job_id_var
from filmstudio.studio.projects.images import plan_with_files
from filmstudio.studio.publishing import youtube_uploads
from filmstudio.studio.queue import SEGMENT_TASK, UPLOAD_TASK
from filmstudio.studio.storage import final_key, generated_key, thumbnail_key
from filmstudio.studio.telemetry import metrics as telemetry_metrics
from filmstudio.studio.telemetry import tracing as telemetry_tracing
from filmstudio.studio.telemetry.metrics import WorkMetrics
from filmstudio.studio.telemetry.tracing import StageSpans, Tracing

log = logging.getLogger("filmstudio.worker")

#: The file in a job's scratch folder that its worker keeps locked while it works there.
HOLD_FILE = ".held"
#: Calls for help a job sends when its segments start (idle workers answer; late ones find the
#: job done and drop the call).
HELPERS = 3


@contextlib.contextmanager
def held_folder(scratch: Path, prefix: str) -> Iterator[Path]:
    """A new scratch folder, locked (flock) while in use and removed afterwards."""
    scratch.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=scratch))
    hold = os.open(folder / HOLD_FILE, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(hold, fcntl.LOCK_EX)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(hold)


def _unheld(folder: Path) -> bool:
    """Whether no live process holds `folder` (a folder without a hold file is given a minute:
    it may be being made right now)."""
    try:
        hold = os.open(folder / HOLD_FILE, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > 60
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(hold, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # a live worker holds it
    finally:
        os.close(hold)
    return True


def sweep_scratch(scratch: Path) -> int:
    """Remove the `job-*` folders no live process holds (their worker was killed); returns how
    many. A folder whose lock cannot be taken belongs to a running render and is left alone."""
    removed = 0
    for folder in scratch.glob("job-*"):
        if folder.is_dir() and _unheld(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


class Stop(Exception):
    """Raised from the progress callback to stop a render; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Heartbeat:
    """Keeps one attempt alive in the database and turns cancel, timeout, lost ownership and
    shutdown into a `Stop` raised inside the render."""

    def __init__(
        self,
        studio: Studio,
        claim: service.Claim,
        shutting_down: threading.Event,
        metrics: WorkMetrics | None = None,
    ) -> None:
        self.studio = studio
        self.claim = claim
        self.shutting_down = shutting_down
        self.metrics = metrics
        self.deadline = time.monotonic() + studio.settings.job_timeout_seconds
        self.stage = "starting"
        self.fraction = 0.0
        self.stop_reason: str | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"heartbeat-{claim.job_id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()

    def percent(self) -> int:
        return min(99, max(0, int(self.fraction * 100)))

    def _beat(self) -> None:
        token = job_id_var.set(str(self.claim.job_id))
        interval = self.studio.settings.heartbeat_seconds
        try:
            while not self._done.wait(interval):
                try:
                    cancel = service.heartbeat(
                        self.studio,
                        self.claim.job_id,
                        self.claim.attempt,
                        self.percent(),
                        self.stage,
                    )
                except Exception:
                    log.exception("heartbeat failed; will try again")
                    continue
                if self.metrics is not None:
                    self.metrics.beat()
                if cancel is None:
                    self.stop_reason = "lost"
                elif cancel:
                    self.stop_reason = "cancelled"
        finally:
            job_id_var.reset(token)

    def progress(self, stage: str, fraction: float) -> None:
        """The engine's progress callback."""
        self.stage, self.fraction = stage, fraction
        self.check()

    def pending_stop(self) -> str | None:
        """Why the render must stop, if it must."""
        if self.stop_reason is not None:
            return self.stop_reason
        if self.shutting_down.is_set():
            return "shutdown"
        if time.monotonic() > self.deadline:
            return "timeout"
        return None

    def check(self) -> None:
        reason = self.pending_stop()
        if reason is not None:
            raise Stop(reason)


#: What the metrics call each way an attempt ends (a requeue at shutdown is not an attempt).
METRIC_OUTCOMES: dict[str, str] = {
    "completed": "completed",
    "failed": "failed",
    "cancelled": "cancelled",
    "retry": "retried",
}


class _JobTask:
    """A queue handler for a job id: runs `run` with the job id in every log line."""

    def __call__(self, job_id: str) -> None:
        token = job_id_var.set(job_id)
        try:
            self.run(uuid.UUID(job_id))
        finally:
            job_id_var.reset(token)

    def run(self, job_id: uuid.UUID) -> None:
        raise NotImplementedError


class JobRunner(_JobTask):
    """Runs one job id from the queue (the Huey task's body).

    Each attempt is a span (``job.render``, continuing the trace the queue message carried)
    with a child span per render stage, and its outcome and wall time go to the worker's
    metrics. `metrics` and `tracing` default to what the process installed last
    (``telemetry.metrics.active()``, ``telemetry.tracing.current()``), looked up per job."""

    def __init__(
        self,
        studio: Studio,
        renderer: Renderer | None = None,
        *,
        metrics: WorkMetrics | None = None,
        tracing: Tracing | None = None,
    ) -> None:
        self.studio = studio
        self.renderer = renderer or make_renderer(studio.settings)
        self.shutting_down = threading.Event()
        self.scratch = studio.settings.data_dir / "work"
        self._metrics = metrics
        self._tracing = tracing

    @property
    def metrics(self) -> WorkMetrics | None:
        return self._metrics or telemetry_metrics.active()

    @property
    def tracing(self) -> Tracing:
        return self._tracing or telemetry_tracing.current()

    def run(self, job_id: uuid.UUID) -> None:
        claim = service.claim(self.studio, job_id)
        if claim is None:
            log.info("job not claimable (taken, cancelled or held); message dropped")
            return
        log.info("job started", extra={"attempt": claim.attempt})
        metrics, tracing = self.metrics, self.tracing
        started = time.monotonic()
        with (
            tracing.job_span(job_id, None) as span,
            tracing.stages(span) as stages,
            telemetry_metrics.job_metrics(metrics),
            held_folder(self.scratch, f"job-{job_id}-") as folder,
            Heartbeat(self.studio, claim, self.shutting_down, metrics) as beat,
        ):
            span.set_attribute("filmstudio.attempt", claim.attempt)
            outcome = self._render_and_store(claim, beat, folder, stages)
            if outcome is not None:
                span.set_attribute("filmstudio.outcome", outcome)
        counted = METRIC_OUTCOMES.get(outcome or "")
        if metrics is not None and counted is not None:
            metrics.job_finished(counted, time.monotonic() - started)

    def _helped(
        self, claim: service.Claim, beat: Heartbeat, stages: StageSpans
    ) -> Callable[[str, float], None]:
        """The progress callback: a span per stage, and a call for help once the segments
        start."""
        asked = False

        def progress(stage: str, fraction: float) -> None:
            nonlocal asked
            stages.enter(stage)
            if stage == "render" and not asked:
                asked = True
                self._ask_for_help(claim)
            beat.progress(stage, fraction)

        return progress

    def _ask_for_help(self, claim: service.Claim) -> None:
        """Put calls for help with this job's segments on the queue (best effort: without
        help the job's own worker renders them all); they carry the job's trace."""
        if not hasattr(self.renderer, "help_render") or claim.request.get("image_keys"):
            return  # a renderer that cannot share, or reference images fetched only here
        trace = telemetry_tracing.inject() or None
        try:
            for _ in range(HELPERS):
                self.studio.queue.send(SEGMENT_TASK, claim.job_id, claim.priority, trace=trace)
        except Exception:
            log.warning("cannot ask for help with the segments; rendering them alone")

    def _with_images(self, request: dict[str, Any], folder: Path) -> dict[str, Any]:
        """The request with its reference images fetched from storage as local files, which
        is what the engine reads (an edited plan's scenes name them by storage key: mapped to
        the fetched files); an image deleted since submit is left out."""
        fetched: dict[str, str] = {}
        for index, key in enumerate(request.get("image_keys") or []):
            if self.studio.storage.size(key) is None:
                log.warning("reference image missing from storage", extra={"key": key})
                continue
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{index:02d}-{Path(key).name}"
            self.studio.storage.fetch(key, target)  # a storage failure retries the job
            fetched[key] = str(target)
        fields = {k: v for k, v in request.items() if k != "image_keys"}
        if isinstance(fields.get("plan"), dict):
            fields["plan"] = plan_with_files(fields["plan"], fetched)
        return {**fields, "images": list(fetched.values())} if fetched else fields

    def _render_and_store(
        self, claim: service.Claim, beat: Heartbeat, folder: Path, stages: StageSpans
    ) -> service.Outcome | None:
        """Render, store and settle the attempt; returns how it was settled (None: it had
        lost the job)."""
        studio, job_id, attempt = self.studio, claim.job_id, claim.attempt
        try:
            request = job_options.with_local_files(
                studio.storage,
                self._with_images(claim.request, folder / "references"),
                folder / "uploads",
            )
            progress = self._helped(claim, beat, stages)
            files = self.renderer.render(request, folder / "out", progress)
            beat.stage = "saving"
            stages.enter("store")
            outputs = self._store(claim, files)
            beat.check()
            # Still ours (not cancelled, not timed out, claim held): make it the project's latest
            # before the job reads "completed", so a client never sees completed-but-missing.
            self._publish(outputs)
        except Stop as stop:
            return self._stopped(claim, stop.reason)
        except job_options.BadOptions as bad:
            log.warning("job options cannot be used", extra={"error": str(bad)})
            return service.settle_outcome(studio, job_id, attempt, "failed", error=str(bad))
        except RenderFailed as failure:
            if (reason := beat.pending_stop()) is not None:  # our Stop, wrapped by the engine
                return self._stopped(claim, reason)
            outcome: service.Outcome = "failed" if failure.permanent else "retry"
            log.warning("render failed", extra={"error": failure.message, "outcome": outcome})
            return service.settle_outcome(studio, job_id, attempt, outcome, error=failure.message)
        except Exception as exc:
            if (reason := beat.pending_stop()) is not None:
                return self._stopped(claim, reason)
            log.exception("render crashed")
            return service.settle_outcome(
                studio,
                job_id,
                attempt,
                "retry",
                error=f"The render failed unexpectedly ({type(exc).__name__}).",
            )
        finally:
            stages.close()
        settled = service.settle_outcome(studio, job_id, attempt, "completed", outputs=outputs)
        if settled is not None:
            log.info("job completed")
        else:
            log.warning("job finished after losing its claim; its files are deleted")
            self._discard(claim, outputs)
        return settled

    def _stopped(self, claim: service.Claim, reason: str) -> service.Outcome | None:
        studio, job_id, attempt = self.studio, claim.job_id, claim.attempt
        log.info("render stopped", extra={"reason": reason})
        if reason == "cancelled":
            return service.settle_outcome(
                studio, job_id, attempt, "cancelled", error="Cancelled while it was rendering."
            )
        if reason == "timeout":
            minutes = studio.settings.job_timeout_seconds / 60
            return service.settle_outcome(
                studio,
                job_id,
                attempt,
                "retry",
                error=f"The render ran past the {minutes:g}-minute limit.",
            )
        if reason == "shutdown":
            return service.settle_outcome(studio, job_id, attempt, "requeue")
        return None  # lost: another attempt owns the job now

    def _store(self, claim: service.Claim, files: dict[str, Path]) -> dict[str, str]:
        """Upload every file under generated/{jobId}/ (each object appears whole or not at
        all). The project's latest film and thumbnail are named here but written only after
        the last cancel/timeout/claim check (`_publish`): a stopped attempt must not replace
        them."""
        storage = self.studio.storage
        outputs: dict[str, str] = {}
        for name, path in files.items():
            key = generated_key(claim.user_id, claim.project_id, claim.job_id, name)
            storage.put_file(key, path)
            outputs[name] = key
        quality = str(claim.request.get("quality", "720p"))
        outputs["final"] = final_key(claim.user_id, claim.project_id, quality)
        outputs["project_thumbnail"] = thumbnail_key(claim.user_id, claim.project_id)
        return outputs

    def _publish(self, outputs: dict[str, str]) -> None:
        """Copy the completed job's film and thumbnail to the project's latest ones."""
        storage = self.studio.storage
        storage.copy(outputs["film.mp4"], outputs["final"])
        storage.copy(outputs["thumbnail.jpg"], outputs["project_thumbnail"])

    def _discard(self, claim: service.Claim, outputs: dict[str, str]) -> None:
        """Delete the generated files of an attempt that lost its job, unless another attempt
        of the job completed (its files have the same keys)."""
        if service.is_completed(self.studio, claim.job_id):
            return
        prefix = generated_key(claim.user_id, claim.project_id, claim.job_id, "")
        for key in outputs.values():
            if key.startswith(prefix):
                try:
                    self.studio.storage.delete(key)
                except Exception:
                    log.exception("cannot delete a generated file", extra={"key": key})


class HelpRunner(_JobTask):
    """Answers a call for help (the SEGMENT_TASK handler): encodes segments of a job another
    worker renders, until they are all done or the job stops rendering."""

    def __init__(self, studio: Studio, runner: JobRunner) -> None:
        self.studio = studio
        self.runner = runner

    def run(self, job_id: uuid.UUID) -> None:
        claim = service.rendering(self.studio, job_id)
        helper = getattr(self.runner.renderer, "help_render", None)
        if claim is None or helper is None:
            return  # finished, cancelled or not started: the call is stale
        with (
            self.runner.tracing.job_span(job_id, None, "job.help"),
            held_folder(self.runner.scratch, f"job-{job_id}-help-") as folder,
        ):
            try:
                made = helper(claim.request, folder, self._progress(claim))
            except Stop as stop:
                log.info("stopped helping", extra={"reason": stop.reason})
                return
            except Exception:
                log.exception("helping with segments failed; the job's worker carries on")
                return
        log.info("helped with segments", extra={"segments": made})

    def _progress(self, claim: service.Claim) -> Callable[[str, float], None]:
        """Stops the help (raises Stop) within a heartbeat of a cancel, a retry or shutdown."""
        interval = self.studio.settings.heartbeat_seconds
        checked = time.monotonic()

        def progress(stage: str, fraction: float) -> None:
            nonlocal checked
            if self.runner.shutting_down.is_set():
                raise Stop("shutdown")
            if time.monotonic() - checked < interval:
                return
            checked = time.monotonic()
            now = service.rendering(self.studio, claim.job_id)
            if now is None or now.attempt != claim.attempt:
                raise Stop("cancelled")

        return progress


class WorkerService:
    """A queue consumer plus the recovery sweep, in this process (``serve`` or ``worker``):
    it runs renders and YouTube uploads, and recovers both. Its liveness loop beats the
    heartbeat metric every heartbeat interval, busy or idle, and runs the sweep every
    reaper interval."""

    def __init__(
        self,
        studio: Studio,
        renderer: Renderer | None = None,
        *,
        metrics: WorkMetrics | None = None,
        tracing: Tracing | None = None,
    ) -> None:
        self.studio = studio
        self.runner = JobRunner(studio, renderer, metrics=metrics, tracing=tracing)
        self._stop = threading.Event()
        self._sweeper = threading.Thread(target=self._sweep, name="job-recovery", daemon=True)

    def start(self) -> None:
        settings = self.studio.settings
        self.studio.queue.set_handler(self.runner)
        self.studio.queue.set_handler(youtube_uploads.UploadRunner(self.studio), UPLOAD_TASK)
        self.studio.queue.set_handler(HelpRunner(self.studio, self.runner), SEGMENT_TASK)
        self.studio.queue.start_consumer(settings.workers, settings.queue_poll_seconds)
        self._sweeper.start()

    def _sweep(self) -> None:
        settings = self.studio.settings
        tick = min(settings.heartbeat_seconds, settings.reaper_interval_seconds)
        due = time.monotonic()
        while True:
            metrics = self.runner.metrics
            if metrics is not None:
                metrics.beat()
            if time.monotonic() >= due:
                self._recover(metrics)
                due = time.monotonic() + settings.reaper_interval_seconds
            if self._stop.wait(tick):
                return

    def _recover(self, metrics: WorkMetrics | None) -> None:
        try:
            report = service.recover(self.studio)
            report["uploads_requeued"] = youtube_uploads.recover(self.studio)
            report["scratch_removed"] = sweep_scratch(self.runner.scratch)
        except Exception:
            log.exception("recovery sweep failed; will try again")
            return
        if metrics is not None:
            ended = report["failed"] + report["cancelled"]
            metrics.attempts_lost("retried", report["retried"] - ended)
            metrics.attempts_lost("failed", report["failed"])
            metrics.attempts_lost("cancelled", report["cancelled"])
        if any(report.values()):
            log.warning("recovery sweep", extra=report)

    def stop(self) -> None:
        """Stop taking jobs; running renders stop and go back on the queue (not lost, not
        counted as a failed attempt)."""
        self._stop.set()
        self.runner.shutting_down.set()
        self.studio.queue.stop_consumer()
        if self._sweeper.is_alive():
            self._sweeper.join()
