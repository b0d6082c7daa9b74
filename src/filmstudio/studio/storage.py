"""Film storage: a local folder (embedded) or an S3 bucket (at scale), same layout.

The blueprint's layout, relative to the storage root::

    users/{userId}/projects/{projectId}/generated/{jobId}/film.mp4, film.srt, ... plan.json
    users/{userId}/projects/{projectId}/final/{projectId}-720p.mp4
    users/{userId}/projects/{projectId}/thumbnail.jpg

A stored object is never half-written: local files are written beside their final name
and renamed into place; an S3 object appears only when its upload completes.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse


def project_prefix(user_id: uuid.UUID, project_id: uuid.UUID) -> str:
    return f"users/{user_id}/projects/{project_id}"


def generated_key(user_id: uuid.UUID, project_id: uuid.UUID, job_id: uuid.UUID, name: str) -> str:
    return f"{project_prefix(user_id, project_id)}/generated/{job_id}/{name}"


def final_key(user_id: uuid.UUID, project_id: uuid.UUID, quality: str) -> str:
    return f"{project_prefix(user_id, project_id)}/final/{project_id}-{quality}.mp4"


def thumbnail_key(user_id: uuid.UUID, project_id: uuid.UUID) -> str:
    return f"{project_prefix(user_id, project_id)}/thumbnail.jpg"


def content_type(name: str) -> str:
    if name.endswith((".srt", ".ass")):
        return "text/plain; charset=utf-8"
    if name.endswith(".vtt"):
        return "text/vtt; charset=utf-8"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _write_beside(target: Path, write: Callable[[str], object]) -> None:
    """Run `write(partial_path)` into a hidden file beside `target`, then rename it there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".partial-", dir=target.parent)
    os.close(handle)
    try:
        write(partial)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


class Storage(Protocol):
    """Where finished films live; keys are '/'-separated paths in the layout above."""

    def put_file(self, key: str, source: Path) -> None: ...

    def copy(self, source_key: str, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def local_path(self, key: str) -> Path | None:
        """The file on this machine, when the API can serve it itself."""
        ...

    def download_url(self, key: str, filename: str, expires: int = 3600) -> str | None:
        """A time-limited link the client can fetch directly (S3), else None."""
        ...

    def size(self, key: str) -> int | None:
        """The object's size in bytes, or None when it does not exist."""
        ...

    def iter_chunks(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The object's bytes, `chunk_size` at a time (never the whole object in memory)."""
        ...

    def fetch(self, key: str, target: Path) -> None:
        """Copy the object to a file on this machine (written whole, then renamed)."""
        ...

    def ping(self) -> bool: ...


class LocalStorage:
    """A folder on this machine with the bucket's layout."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()) or ".." in Path(key).parts:
            raise ValueError(f"Storage key {key!r} leaves the storage folder.")
        return path

    def _write(self, key: str, source: Path) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=".partial-", dir=target.parent)
        os.close(handle)
        try:
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def put_file(self, key: str, source: Path) -> None:
        self._write(key, source)

    def copy(self, source_key: str, key: str) -> None:
        self._write(key, self._path(source_key))

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        return path if path.is_file() else None

    def download_url(self, key: str, filename: str, expires: int = 3600) -> str | None:
        return None

    def size(self, key: str) -> int | None:
        path = self._path(key)
        return path.stat().st_size if path.is_file() else None

    def iter_chunks(self, key: str, chunk_size: int) -> Iterator[bytes]:
        with self._path(key).open("rb") as handle:
            while chunk := handle.read(chunk_size):
                yield chunk

    def fetch(self, key: str, target: Path) -> None:
        _write_beside(target, lambda partial: shutil.copyfile(self._path(key), partial))

    def ping(self) -> bool:
        return self.root.is_dir() and os.access(self.root, os.W_OK)


class S3Storage:
    """An S3 bucket (or any S3-compatible store at `endpoint_url`); downloads are presigned."""

    def __init__(
        self, bucket: str, prefix: str = "", endpoint_url: str | None = None, region: str = ""
    ) -> None:
        import boto3  # type: ignore[import-untyped]
        from botocore.config import Config  # type: ignore[import-untyped]

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region or None,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def _key(self, key: str) -> str:
        return self.prefix + key

    def put_file(self, key: str, source: Path) -> None:
        self.client.upload_file(
            str(source),
            self.bucket,
            self._key(key),
            ExtraArgs={"ContentType": content_type(key)},
        )

    def copy(self, source_key: str, key: str) -> None:
        self.client.copy(
            {"Bucket": self.bucket, "Key": self._key(source_key)}, self.bucket, self._key(key)
        )

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError  # type: ignore[import-untyped]

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError:
            return False
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def local_path(self, key: str) -> Path | None:
        return None

    def download_url(self, key: str, filename: str, expires: int = 3600) -> str | None:
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": self._key(key),
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
            },
            ExpiresIn=expires,
        )
        return url

    def size(self, key: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError:
            return None
        return int(head["ContentLength"])

    def iter_chunks(self, key: str, chunk_size: int) -> Iterator[bytes]:
        body = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        try:
            yield from body.iter_chunks(chunk_size)
        finally:
            body.close()

    def fetch(self, key: str, target: Path) -> None:
        _write_beside(
            target,
            lambda partial: self.client.download_file(self.bucket, self._key(key), partial),
        )

    def ping(self) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError):
            return False
        return True


def make_storage(url: str, *, endpoint_url: str | None = None, region: str = "") -> Storage:
    """``file:///path`` (or a plain path) for a local folder, ``s3://bucket/prefix`` for S3."""
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ValueError(f"The storage URL {url!r} names no bucket: use s3://bucket.")
        return S3Storage(parsed.netloc, parsed.path, endpoint_url, region)
    if parsed.scheme in ("file", ""):
        return LocalStorage(Path(parsed.path if parsed.scheme else url))
    raise ValueError(f"Unknown storage URL {url!r}: use file:///path or s3://bucket.")
