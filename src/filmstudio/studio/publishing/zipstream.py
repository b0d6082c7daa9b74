"""A zip archive written as a stream of chunks, never held whole in memory.

`zipfile` writes to any object with ``write``; given one that cannot seek, it puts each
entry's sizes and CRC in a data descriptor after the entry's bytes, so the archive can be
produced front to back. Entries are stored uncompressed: films are already compressed, and
the studio's CPU is better spent rendering.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One file of the archive: its name inside the zip, its size and its bytes in chunks."""

    name: str
    size: int
    chunks: Iterable[bytes]


class _Pipe(io.RawIOBase):
    """A write-only, unseekable sink whose bytes are taken out by the generator."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._written = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._parts.append(bytes(data))
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def zip_chunks(entries: Iterable[Entry]) -> Iterator[bytes]:
    """The zip file of `entries`, in pieces about as large as the entries' chunks."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=time.gmtime()[:6])
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = entry.size  # lets zipfile choose ZIP64 for films over 2 GiB
            with archive.open(info, mode="w") as target:
                for chunk in entry.chunks:
                    target.write(chunk)
                    if data := pipe.take():
                        yield data
            if data := pipe.take():
                yield data
    if data := pipe.take():
        yield data
