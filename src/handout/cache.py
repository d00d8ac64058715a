"""The build record: which inputs made each PDF in an output folder, so unchanged ones are skipped.

One JSON file per output folder (``OUT/.handout-cache.json``) maps each edition's path to the key
of its settings (``digest.edition_key``), the digest of every file it was built from, and the
digest of the PDF written. An edition is up to date only if all three still match: an edited
clinic, guide, logo or font, new code, other options, or a PDF changed or deleted by hand all
rebuild it. Files are listed as the build found them (a clinic's logo is known only once its YAML
is read), the way compilers record header dependencies.

The record is only ever an optimisation: a missing, unreadable or foreign file means "rebuild
everything", never an error, and it is replaced atomically after the PDFs are written.

A shard of a build (``--shard K/N``) writes its own record beside it, ``.handout-cache.K-of-N.json``,
never the folder's, so shards building into one folder at once lose nothing of each other's, and
folders built apart and copied together keep every record. Loading reads them all: where two hold
the same PDF, the newer file's entry wins (an entry is checked against the files anyway, so a
wrong one costs a rebuild, never a wrong PDF). A shard's record holds only the PDFs of its own
share, so that its stale copies of another shard's entries never outlive that shard's newer ones;
the folder's record, written by a build that is not sharded, holds everything it read.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from handout.digest import Digests

FILE_NAME = ".handout-cache.json"
SCHEMA = 1


@dataclass(frozen=True)
class Entry:
    key: str
    inputs: dict[str, str | None]  # absolute path → digest when the edition was built
    output: str  # digest of the PDF written


def part_name(part: str | None) -> str:
    """The record file a build writes: the folder's, or a shard's (``part`` like ``2-of-8``)."""
    return FILE_NAME if part is None else f"{PARTS_PREFIX}{part}.json"


PARTS_PREFIX = ".handout-cache."


class Record:
    """The build record of one output folder, as read from its record files; saved to one."""

    def __init__(self, folder: Path, entries: dict[str, Entry], file_name: str = FILE_NAME,
                 own: dict[str, Entry] | None = None):
        self.folder = folder
        self.entries = entries  # what every record file of the folder says
        self.file_name = file_name  # the file ``save`` writes
        #: what ``save`` writes: a shard's own entries; None: all of them (the folder's record)
        self.own = own

    @classmethod
    def load(cls, folder: Path, part: str | None = None) -> Record:
        """Every record file in ``folder``, merged; ``save`` will write ``part``'s own file."""
        entries: dict[str, Entry] = {}
        own: dict[str, Entry] = {}
        name = part_name(part)
        for path in _record_files(folder):
            read = _read(path)
            entries |= read
            if path.name == name:
                own = read
        return cls(folder, entries, name, None if part is None else own)

    def _name(self, output: Path) -> str:
        return output.relative_to(self.folder).as_posix()

    def is_fresh(self, output: Path, key: str, digests: Digests) -> bool:
        """True when ``output`` exists as written and nothing it was built from has changed."""
        entry = self.entries.get(self._name(output))
        if entry is None or entry.key != key:
            return False
        if any(digests.file(Path(p)) != d for p, d in entry.inputs.items()):
            return False
        return digests.file(output) == entry.output

    def remember(self, output: Path, entry: Entry) -> None:
        self.entries[self._name(output)] = entry
        if self.own is not None:
            self.own[self._name(output)] = entry

    def save(self) -> None:
        """Write the record atomically; failing to write it only costs a rebuild next time."""
        data = {"schema": SCHEMA, "editions": {
            name: {"key": e.key, "inputs": e.inputs, "output": e.output}
            for name, e in sorted((self.entries if self.own is None else self.own).items())}}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.file_name}.", suffix=".tmp",
                                       dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.folder / self.file_name)
        except OSError:
            pass


def _record_files(folder: Path) -> list[Path]:
    """The folder's record and its shards' records, oldest first (so newer entries win)."""
    found = []
    try:
        with os.scandir(folder) as names:
            for item in names:
                if item.name == FILE_NAME or (item.name.startswith(PARTS_PREFIX)
                                              and item.name.endswith(".json")):
                    try:
                        found.append((item.stat().st_mtime_ns, item.name))
                    except OSError:  # removed meanwhile
                        pass
    except OSError:  # no folder yet
        return []
    return [folder / name for _, name in sorted(found)]


def _read(path: Path) -> dict[str, Entry]:
    """One record file's entries; nothing when it is unreadable, foreign or of another schema."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("schema") != SCHEMA:
            return {}
        return {name: Entry(e["key"], dict(e["inputs"]), e["output"])
                for name, e in raw["editions"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
