"""Digests: what an output depends on, reduced to short strings that change when it changes.

An edition depends on files (the guide, the clinic, its logo and figures, the fonts) and on things
that are not files: our own code, the renderer's version and the build options. ``Digests`` hashes
each file once per run however many editions share it (every clinic shares the guide and fonts);
``toolchain`` fingerprints the code without importing any of it, so that checking whether anything
is out of date stays cheap.
"""

from __future__ import annotations

import hashlib
import importlib.util
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


class Digests:
    """File digests for one run: each file is read at most once, however many outputs use it."""

    def __init__(self) -> None:
        self._seen: dict[Path, str | None] = {}

    def file(self, path: Path) -> str | None:
        if path not in self._seen:
            self._seen[path] = of_file(path)
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
