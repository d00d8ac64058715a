"""Parsed TrueType tables kept between runs, in the user's cache folder, keyed by the font's content.

ReportLab parses each TrueType file when a font is made (its character map, widths and glyph
offsets): about 10 ms a face, 60 ms for our six, on every cold start. The tables depend only on
the file's bytes and on ReportLab's parser, so they are kept in ``$XDG_CACHE_HOME/handout/fonts/``
(``~/.cache/handout/fonts/`` by default) under a name made of the file's digest, ReportLab's
version and our format's, and a later run makes the same font from them without parsing.

The cache can only cost a parse, never change a PDF: a missing, truncated, corrupt or foreign
entry (its payload is checked against a digest stored with it) is ignored and written anew;
entries are written atomically, so processes that write the same entry at once each leave a
whole one; entries are read with an unpickler that makes nothing but plain values, so a file put
there by someone else cannot run code; a cache folder that cannot be written is simply not used.
Takes a font file and its digest; gives a ``TTFont`` (``reportlab_private.fonts.SubsetFont``).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import reportlab
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont

from handout.reportlab_private.fonts import SubsetFont, font_from_tables, font_tables

#: Changes whenever what is stored changes shape.
FORMAT = 1
_HEAD = hashlib.sha256().digest_size


def folder() -> Path:
    """Where the entries go: ``$XDG_CACHE_HOME/handout/fonts``, else ``~/.cache/handout/fonts``."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "handout" / "fonts"


def font(name: str, path: Path, digest: str) -> TTFont:
    """``TTFont(name, path)``, from the cache when a run has parsed a file of this content."""
    data = path.read_bytes()
    entry = folder() / f"{digest}-rl{reportlab.Version}-{FORMAT}.tables"
    tables = _read(entry)
    if tables is not None:
        try:
            return font_from_tables(name, tables, data)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # an entry of the wrong shape: parse, and write it anew
    made = SubsetFont(name, str(path))
    _write(entry, font_tables(made))
    return made


class _Plain(pickle.Unpickler):
    """Makes plain values only; any class but the font name's bytes is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (TTFNameBytes.__module__, TTFNameBytes.__name__):
            return TTFNameBytes
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a font cache entry")


def _read(entry: Path) -> dict[str, Any] | None:
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    head, payload = raw[:_HEAD], raw[_HEAD:]
    if hashlib.sha256(payload).digest() != head:
        return None
    try:
        tables = _Plain(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - whatever a damaged entry raises, it only costs a parse
        return None
    return tables if isinstance(tables, dict) else None


def _write(entry: Path, tables: dict[str, Any]) -> None:
    payload = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only or full cache folder: the next run parses again
