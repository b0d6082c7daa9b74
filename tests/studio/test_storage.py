"""Storage: local folder and S3 (moto's server on 127.0.0.1), same layout, whole files only."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import build_studio
from filmstudio.studio.jobs.renderer import FakeRenderer
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.storage import (
    LocalStorage,
    S3Storage,
    final_key,
    generated_key,
    make_storage,
    thumbnail_key,
)
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import create_project, register, submit, wait_for


def test_layout_keys() -> None:
    user, project, job = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    base = f"users/{user}/projects/{project}"
    assert generated_key(user, project, job, "film.mp4") == f"{base}/generated/{job}/film.mp4"
    assert final_key(user, project, "720p") == f"{base}/final/{project}-720p.mp4"
    assert thumbnail_key(user, project) == f"{base}/thumbnail.jpg"


def test_local_storage_writes_whole_files_and_stays_inside(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "root")
    source = tmp_path / "film.mp4"
    source.write_bytes(b"x" * 1000)
    storage.put_file("users/a/film.mp4", source)
    storage.copy("users/a/film.mp4", "users/b/film.mp4")
    assert storage.exists("users/b/film.mp4")
    assert (tmp_path / "root/users/b/film.mp4").read_bytes() == b"x" * 1000
    assert not list((tmp_path / "root").rglob(".partial-*"))
    with pytest.raises(ValueError, match="leaves the storage folder"):
        storage.put_file("../../etc/evil", source)
    storage.delete("users/a/film.mp4")
    assert storage.local_path("users/a/film.mp4") is None


def test_an_interrupted_local_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    storage = LocalStorage(tmp_path / "root")
    source = tmp_path / "film.mp4"
    source.write_bytes(b"x" * 1000)

    def crash(src: object, dst: str) -> None:
        Path(dst).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(shutil, "copyfile", crash)
    with pytest.raises(OSError):
        storage.put_file("users/a/film.mp4", source)
    assert not storage.exists("users/a/film.mp4")
    assert list((tmp_path / "root").rglob("*.mp4")) == []
    assert list((tmp_path / "root").rglob(".partial-*")) == []


def test_storage_urls() -> None:
    with pytest.raises(ValueError, match="names no bucket"):
        make_storage("s3://")
    with pytest.raises(ValueError, match="Unknown storage URL"):
        make_storage("ftp://host/x")


def test_films_go_to_s3_and_download_by_presigned_link(
    make_settings: MakeSettings, s3_endpoint: str, s3_bucket: str
) -> None:
    settings = make_settings(storage_url=f"s3://{s3_bucket}/studio", s3_endpoint_url=s3_endpoint)
    studio = build_studio(settings, mailer=OutboxMailer())
    try:
        app = create_app(studio=studio, renderer=FakeRenderer(seconds=0.05))
        with TestClient(app) as client:
            assert client.get("/health").json()["storage"] is True
            user = register(client)
            project = create_project(client, user)
            job = wait_for(client, user, submit(client, user, project["id"])["id"])
            assert job["status"] == "completed"
            storage = studio.storage
            assert isinstance(storage, S3Storage)
            base = f"studio/users/{user.id}/projects/{project['id']}"
            # the project's film and thumbnail are copied just after the job completes
            deadline = time.monotonic() + 10
            while True:
                listed = storage.client.list_objects_v2(Bucket=s3_bucket, Prefix="studio/users/")
                keys = {item["Key"] for item in listed["Contents"]}
                if f"{base}/thumbnail.jpg" in keys or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert f"{base}/generated/{job['id']}/film.mp4" in keys
            assert f"{base}/final/{project['id']}-720p.mp4" in keys
            assert f"{base}/thumbnail.jpg" in keys
            response = client.get(
                f"/api/v1/jobs/{job['id']}/files/film.mp4",
                headers=user.headers,
                follow_redirects=False,
            )
            assert response.status_code == 307
            link = response.headers["location"]
            assert link.startswith(s3_endpoint) and "X-Amz-Signature" in link
            assert httpx.get(link).content.startswith(b"fake film.mp4")
    finally:
        studio.close()


def _reads_back(storage: LocalStorage | S3Storage, tmp_path: Path) -> None:
    """size, iter_chunks and fetch give back exactly what was stored, chunk by chunk."""
    data = bytes(range(256)) * 4099  # 1,049,344 bytes: not a multiple of the chunk size
    source = tmp_path / "film.mp4"
    source.write_bytes(data)
    storage.put_file("users/a/film.mp4", source)
    assert storage.size("users/a/film.mp4") == len(data)
    assert storage.size("users/a/missing.mp4") is None
    chunks = list(storage.iter_chunks("users/a/film.mp4", 256 * 1024))
    assert b"".join(chunks) == data
    assert max(len(c) for c in chunks) <= 256 * 1024 and len(chunks) >= 5
    target = tmp_path / "copy" / "film.mp4"
    storage.fetch("users/a/film.mp4", target)
    assert target.read_bytes() == data
    assert not list(target.parent.glob(".partial-*"))


def test_local_storage_reads_back_in_chunks(tmp_path: Path) -> None:
    _reads_back(LocalStorage(tmp_path / "root"), tmp_path)


def test_s3_storage_reads_back_in_chunks(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    _reads_back(S3Storage(s3_bucket, "studio", s3_endpoint, "us-east-1"), tmp_path)
