"""Where each text of an edition was written: the file, line and key a user would edit.

Takes the blocks of one edition with the file and key path each was written at (the guide's, and
the clinic's own blocks, as ``resolve`` places them) and the clinic's file; gives ``Origins``,
which the layout asks for the ``Origin`` of the texts it sets (``Builder``) and records on the
flowables it makes. A text that cannot be laid out is then named where it can be shortened:
in the clinic's file when the clinic wrote it (a note on payment plans inside a guide's card),
in the guide's when the guide did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from handout.errors import Location
from handout.load import KeyPath, Loaded, format_path
from handout.model import parts
from handout.model.common import Part
from handout.model.guide import Block


@dataclass(frozen=True)
class Origin:
    """One text's place: ``content/clinics/c.yaml:31:18: pricing.payment_plans``."""

    location: Location
    key: str

    def __str__(self) -> str:
        return f"{self.location}: {self.key}"


class Origins:
    """The ``Origin`` of the texts of one edition's blocks and of its clinic's own texts."""

    def __init__(self, placed: Iterable[tuple[Loaded, KeyPath, Block]], clinic: Loaded):
        #: id of a block, or of a part of one (a card, a question) → its file and key path;
        #: the clinic's blocks come after the guide's, so a block it replaced is found in it
        self.paths: dict[str, tuple[Loaded, KeyPath]] = {}
        for source, path, block in placed:
            self.paths[block.id] = (source, path)
            for where, inner in parts.inner_ids(block, path):
                self.paths[inner] = (source, where[:-1])
        self.clinic_file = clinic

    def of(self, owner: str, *key: str | int) -> Origin | None:
        """The text at ``key`` of the block or part with id ``owner`` (None if unknown)."""
        found = self.paths.get(owner)
        if found is None:
            return None
        source, path = found
        return _origin(source, path + key)

    def clinic(self, *key: str | int) -> Origin:
        """The clinic's own text at ``key`` (``"pricing", "payment_plans"``)."""
        return _origin(self.clinic_file, key)

    def longest(self, block: Block) -> Origin | None:
        """The longest text of ``block`` itself (not its children's): for what a builder set
        without naming its texts one by one, the likeliest to be too long."""
        found = self.paths.get(block.id)
        if found is None:
            return None
        source, path = found
        texts = [p for p in parts.pieces(block, path)
                 if p.part in (Part.MARKUP, Part.PLAIN) and isinstance(p.value, str)]
        if not texts:
            return _origin(source, path)
        return _origin(source, max(texts, key=lambda p: len(p.value)).path)


def _origin(source: Loaded, path: KeyPath) -> Origin:
    return Origin(source.where(path), format_path(path))
