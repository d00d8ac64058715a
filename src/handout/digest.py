"""Digests: what an output depends on, reduced to short strings that change when it changes.

An edition depends on files (the guide, the clinic, its logo and figures, the fonts) and on things
that are not files: our own code, the renderer's version and the build options. ``Digests`` hashes
each file once per run however many editions share it (every clinic shares the guide and fonts),
and ``Known`` keeps digests between the runs of one build session for files whose status has not
changed (the fonts, 3 MB, were hashed again for every clinic of a batch);
``toolchain`` fingerprints the code without importing any of it, so that checking whether anything
is out of date stays cheap.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import time
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import handout

#: Packages whose code decides the bytes of a PDF. Their ``__init__.py`` carries the version.
RENDERERS = ("reportlab", "svglib", "PIL", "pypdf", "pikepdf")

_CHUNK = 1 << 20


def of_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def of_strings(parts: Iterable[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")  # so that ("ab", "c") and ("a", "bc") differ
    return h.hexdigest()


def of_file(path: Path) -> str | None:
    """The digest of a file's content, or None when it cannot be read (gone, a folder, ...)."""
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


#: A file changed less than this long before it was hashed may change again without its times
#: changing (file systems keep times in clock ticks, some of a second or two): hash it again
#: next time (git's "racily clean" entries).
SETTLED_NS = 3_000_000_000


class Known:
    """Digests of files kept between runs, each with the file's status when it was hashed.

    A file whose device, inode, size, modification and change times are all as they were is not
    read again; any write changes its change time. Kept only for files that had settled when they
    were hashed (``SETTLED_NS``) and did not change while being read, so that an edit in the same
    clock tick as a hash is never mistaken for the old content.
    """

    def __init__(self) -> None:
        self._by_path: dict[Path, tuple[tuple[int, ...], str]] = {}

    def digest(self, path: Path) -> str | None:
        before = _status(path)
        if before is None:
            self._by_path.pop(path, None)
            return None
        hit = self._by_path.get(path)
        if hit is not None and hit[0] == before:
            return hit[1]
        digest = of_file(path)
        if (digest is not None and _status(path) == before
                and time.time_ns() - max(before[3], before[4]) > SETTLED_NS):
            self._by_path[path] = (before, digest)
        else:
            self._by_path.pop(path, None)
        return digest


def _status(path: Path) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class Digests:
    """File digests for one run: each file is read at most once, however many outputs use it,
    and not at all when ``known`` holds its digest for its unchanged status."""

    def __init__(self, known: Known | None = None) -> None:
        self._seen: dict[Path, str | None] = {}
        self._known = known

    def file(self, path: Path) -> str | None:
        if path not in self._seen:
            self._seen[path] = of_file(path) if self._known is None else self._known.digest(path)
        return self._seen[path]

    def files(self, paths: Iterable[Path]) -> dict[str, str | None]:
        return {str(p): self.file(p) for p in paths}


@cache
def toolchain() -> str:
    """Our version and source code, and the versions of the renderers we call.

    Hashing our own sources (not just ``__version__``) means a changed builder rebuilds every
    edition even between releases. Dependencies are located with ``find_spec``, which does not
    import them: a no-change rebuild never pays for loading ReportLab.
    """
    package = Path(handout.__file__).parent
    parts = [handout.__version__]
    for source in sorted(package.rglob("*.py")):
        parts += [source.relative_to(package).as_posix(), of_file(source) or ""]
    for name in RENDERERS:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        parts += [name, (of_file(Path(origin)) or "") if origin else "absent"]
    return of_strings(parts)


def edition_key(clinic: str, guide: str, fmt: str, options: Mapping[str, str]) -> str:
    """Everything but files that one edition's bytes depend on."""
    settings = [f"{k}={options[k]}" for k in sorted(options)]
    return of_strings([toolchain(), clinic, guide, fmt, *settings])
