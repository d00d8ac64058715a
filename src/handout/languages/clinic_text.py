"""A clinic's text in one language: checked against its English text, then put in its place.

The English text of a clinic is the top of its file; its text in another language is under that
language's code, with the same keys (``handout.model.clinic_text``). For an edition in that
language every English text the clinic wrote must have its translation: a text left out is an
error at the English text's line, naming the key to add (a Spanish handout never prints an English
paragraph), and a translation of something the English file does not say is an error at its own
line. Keys that say the same in every language (``CARRIED``: names, addresses, prices) keep the
English value when left out. Blocks that the clinic's overrides add to a guide are translated by
id under ``<language>.guides.<guide-id>.blocks``; only the guide being built needs them.

Takes a parsed clinic, a language and the guide being built; gives the clinic as that language's
edition prints it, with the same source (so later problems still point into the file), and the
problems found.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from handout.errors import Problem
from handout.languages.tags import name
from handout.load import KeyPath, format_path
from handout.model import Clinic, Parsed
from handout.model.clinic import TRANSLATED, Append, Replace
from handout.model.clinic_text import ClinicText, ForGuideText, Translated
from handout.outputs import ENGLISH


def localized(clinic: Parsed[Clinic], language: str, guide_id: str
              ) -> tuple[Parsed[Clinic], list[Problem]]:
    """The clinic with its text in ``language`` in place of the English (see the docstring)."""
    if language == ENGLISH:
        return clinic, []
    job = _Overlay(clinic, language)
    text = clinic.value.text_in(language)
    if text is None and language not in TRANSLATED:
        return clinic, [clinic.source.problem((), f"a language a clinic can give its text in "
                                              f"({', '.join(TRANSLATED)})", repr(language))]
    updates = job.model(clinic.value, text, (), skip=frozenset({"guides"}))
    updates["guides"] = job.guides(clinic.value, text, guide_id)
    value = clinic.value.model_copy(update=updates)
    return Parsed(value, clinic.source), job.problems




class _Overlay:
    def __init__(self, clinic: Parsed[Clinic], language: str):
        self.source, self.language = clinic.source, language
        self.problems: list[Problem] = []

    # -- problems ---------------------------------------------------------------------------

    def missing(self, path: KeyPath) -> None:
        """The English text at ``path`` has no translation."""
        lang = name(self.language)
        under = format_path((self.language, *path[:-1]))
        self.problems.append(Problem(
            self.source.where(path), format_path((self.language, *path)),
            f"the {lang} text of '{format_path(path)}' ({lang} editions never print English)",
            "nothing", f"add '{path[-1]}:' under '{under}:'" if isinstance(path[-1], str)
            else f"give '{under}' one entry for each English one, in the same order"))

    def extra(self, path: KeyPath, what: str = "") -> None:
        """The translation at ``path`` translates nothing of the English text."""
        where = (self.language, *path)
        self.problems.append(self.source.problem(
            where, f"a translation of the English '{format_path(path)}'",
            what or "a text the English part of the file does not have",
            "write the English text first, or remove this one"))

    # -- the overlay ------------------------------------------------------------------------

    def model(self, english: BaseModel, text: Translated | None, path: KeyPath,
              skip: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The updates that put ``text`` in place of the English values of ``english``."""
        kind = _PAIRS[type(english)]
        updates: dict[str, Any] = {}
        for key in kind.model_fields:
            if key in skip:
                continue
            theirs = getattr(english, key)
            ours = getattr(text, key) if text is not None else None
            value = self.value(theirs, ours, path + (key,), key in kind.CARRIED)
            if value is not theirs:
                updates[key] = value
        return updates

    def value(self, english: Any, text: Any, path: KeyPath, carried: bool) -> Any:
        empty_english = english is None or english == ()
        empty_text = text is None or text == ()
        if empty_english:
            if not empty_text:
                self.extra(path)
            return english
        if empty_text:
            if carried:
                return english
            if isinstance(english, BaseModel):  # each text inside is missing: say which
                return english.model_copy(update=self.model(english, None, path))
            if isinstance(english, tuple) and english and isinstance(english[0], BaseModel):
                return tuple(e.model_copy(update=self.model(e, None, path + (i,)))
                             for i, e in enumerate(english))
            self.missing(path)
            return english
        if isinstance(english, BaseModel):
            return english.model_copy(update=self.model(english, text, path))
        if isinstance(english, tuple) and isinstance(english[0], BaseModel):
            if len(text) != len(english):
                self.extra(path, f"{len(text)} entries for the {len(english)} English ones "
                                 f"(one for each, in the same order)")
                return english
            return tuple(e.model_copy(update=self.model(e, t, path + (i,)))
                         for i, (e, t) in enumerate(zip(english, text, strict=True)))
        return text  # a text, or a list of lines (hours)

    def guides(self, clinic: Clinic, text: ClinicText | None, guide_id: str) -> dict[str, Any]:
        """Per-guide text: the disclaimer, and the blocks the overrides add, by id."""
        out = dict(clinic.guides)
        ours = text.guides if text is not None else {}
        for gid in ours:
            if gid not in clinic.guides:
                self.extra(("guides", gid), f"text for the guide '{gid}', which the English part "
                                            f"of the file says nothing about")
        english = clinic.guides.get(guide_id)
        if english is None:
            return out
        mine = ours.get(guide_id, ForGuideText())
        path = ("guides", guide_id)
        disclaimer = self.value(english.disclaimer, mine.disclaimer, path + ("disclaimer",), False)
        blocks = {b.id: (i, b) for i, b in enumerate(mine.blocks)}
        added = {}
        ops = []
        for i, op in enumerate(english.overrides):
            if isinstance(op, (Replace, Append)):
                added[op.block.id] = i
                found = blocks.get(op.block.id)
                if found is None:
                    self.missing_block(path, i, op.block.id)
                else:
                    op = op.model_copy(update={"block": found[1]})
            ops.append(op)
        for block_id, (i, _) in blocks.items():
            if block_id not in added:
                self.problems.append(self.source.problem(
                    (self.language, *path, "blocks", i, "id"),
                    "the id of a block this clinic's overrides add to the guide"
                    + (f" ({', '.join(map(repr, added))})" if added else ""), repr(block_id)))
        out[guide_id] = english.model_copy(update={"overrides": tuple(ops),
                                                   "disclaimer": disclaimer})
        return out

    def missing_block(self, path: KeyPath, index: int, block_id: str) -> None:
        lang = name(self.language)
        where = path + ("overrides", index, "block")
        self.problems.append(Problem(
            self.source.where(where), format_path((self.language, *path, "blocks")),
            f"the {lang} text of the block '{block_id}' ({lang} editions never print English)",
            "nothing", f"add the block, with 'id: {block_id}', under "
                       f"'{format_path((self.language, *path, 'blocks'))}:'"))


def _pairs() -> dict[type[BaseModel], type[Translated]]:
    from handout.model import clinic as c
    from handout.model import clinic_text as t

    return {c.Clinic: t.ClinicText, c.Brand: t.BrandText, c.Logo: t.LogoText,
            c.Contact: t.ContactText, c.Location: t.LocationText, c.Pricing: t.PricingText,
            c.PriceItem: t.PriceItemText, c.IntakeEmail: t.EmailText}


#: English model → the model of its translated text (whose keys are the ones translated).
_PAIRS = _pairs()
