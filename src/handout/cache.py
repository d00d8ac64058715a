"""The build record: which inputs made each PDF in an output folder, so unchanged ones are skipped.

One JSON file per output folder (``OUT/.handout-cache.json``) maps each edition's path to the key
of its settings (``digest.edition_key``), the digest of every file it was built from, and the
digest of the PDF written. An edition is up to date only if all three still match: an edited
clinic, guide, logo or font, new code, other options, or a PDF changed or deleted by hand all
rebuild it. Files are listed as the build found them (a clinic's logo is known only once its YAML
is read), the way compilers record header dependencies.

The record is only ever an optimisation: a missing, unreadable or foreign file means "rebuild
everything", never an error, and it is replaced atomically after the PDFs are written.
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


class Record:
    """The build record of one output folder."""

    def __init__(self, folder: Path, entries: dict[str, Entry]):
        self.folder = folder
        self.entries = entries

    @classmethod
    def load(cls, folder: Path) -> Record:
        try:
            raw = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
            if raw.get("schema") != SCHEMA:
                return cls(folder, {})
            entries = {path: Entry(e["key"], dict(e["inputs"]), e["output"])
                       for path, e in raw["editions"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(folder, {})
        return cls(folder, entries)

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

    def save(self) -> None:
        """Write the record atomically; failing to write it only costs a rebuild next time."""
        data = {"schema": SCHEMA, "editions": {
            name: {"key": e.key, "inputs": e.inputs, "output": e.output}
            for name, e in sorted(self.entries.items())}}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{FILE_NAME}.", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.folder / FILE_NAME)
        except OSError:
            pass
