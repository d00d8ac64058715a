"""Stage 3, resolve: a guide and a clinic → the ``Document`` that one edition prints.

Applies the clinic's overrides to the guide's blocks (the merge rules are here and only here,
and in the README's table), numbers the citations in reading order, checks the clinic's assets,
and fills placeholders such as ``{clinic.phone}``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from handout import inline
from handout.catalog import Words
from handout.errors import ContentError, Problem
from handout.languages.tags import pdf_tag
from handout.load import KeyPath, Loaded
from handout.model import Clinic, Guide, Parsed, cite_problems, parts
from handout.model.clinic import Append, Remove, Replace
from handout.model.guide import Block, Source
from handout.origins import Origins
from handout.outputs import ENGLISH
from handout.pictures import Picture, PictureError, name_problem, take


@dataclass(frozen=True)
class Document:
    """Everything one edition prints: merged blocks, the clinic, numbered sources, assets."""

    guide: Guide
    clinic: Clinic
    clinic_id: str
    blocks: tuple[Block, ...]
    sources: tuple[Source, ...]  # in order of first citation; the reference list's order
    logo: Picture | None
    assets: dict[str, Picture]  # id of a block with a picture (a figure) → the picture
    words: Words  # the words the layout adds itself, in the guide's language
    origins: Origins  # where each text was written, to name a text too long to lay out

    @property
    def language(self) -> str:
        return self.guide.language

    @property
    def edition_language(self) -> str:
        """The language of the edition's files: English, or the language of a translation."""
        return ENGLISH if self.guide.translation is None else self.guide.language

    @property
    def tag(self) -> str:
        """The document's ``/Lang``: a translation is tagged with the clinic's region."""
        if self.edition_language == ENGLISH:
            return self.guide.language
        return pdf_tag(self.guide.language, self.clinic.language)

    def number(self, source_id: str) -> int:
        """The reference number of a cited source."""
        return next(i for i, s in enumerate(self.sources, 1) if s.id == source_id)

    def spans(self, text: str) -> tuple[inline.Span, ...]:
        """Parse ``text`` and fill its placeholders with this clinic's values."""
        return inline.fill(inline.parse(text), self.clinic.fields())


def resolve(guide: Parsed[Guide], clinic: Parsed[Clinic], clinic_id: str, root: Path,
            words: Words) -> Document:
    problems: list[Problem] = []
    blocks = merge(guide.value.blocks, clinic, guide.value.id, problems)
    logo = None
    if clinic.value.brand.logo is not None:
        logo = _asset(clinic.source, ("brand", "logo", "file"), clinic.value.brand.logo.file, root,
                      problems)
    assets: dict[str, Picture] = {}
    for source, path, block, where, file in picture_files(guide, clinic):
        found = _asset(source, where, file, root, problems)
        if found is not None:
            assets[block.id] = found
        if not getattr(block, "alt", None) and not getattr(block, "decorative", False):
            problems.append(source.problem(
                path + ("alt",), "a description of the picture for screen readers (alt), "
                "or 'decorative: true'", "nothing"))
    problems += cite_problems(clinic.source, _clinic_citations(clinic.value, guide.value.id),
                              {s.id for s in guide.value.sources})
    if problems:
        raise ContentError(problems)
    return Document(guide.value, clinic.value, clinic_id, blocks,
                    _number_sources(guide.value, blocks), logo, assets, words,
                    Origins(placed(guide, clinic), clinic.source))


def picture_files(guide: Parsed[Guide], clinic: Parsed[Clinic]
                  ) -> list[tuple[Loaded, KeyPath, Block, KeyPath, str]]:
    """Every picture file a block names, in the guide and in the blocks the clinic's overrides
    for it add: (the file it is written in, the block's key path, the block, the file's key path,
    the file's name)."""
    return [(source, path, block, where, file) for source, path, block in placed(guide, clinic)
            for where, file in parts.files(block, path)]


def placed(guide: Parsed[Guide], clinic: Parsed[Clinic]) -> list[tuple[Loaded, KeyPath, Block]]:
    """Every block of the guide, then every block the clinic's overrides for it add (they may
    hold pictures and long texts too), each with the file it is written in and its key path."""
    found = [(guide.source, path, block) for path, block in parts.walk(guide.value.blocks)]
    for where, new in clinic.value.new_blocks(guide.value.id):
        found += [(clinic.source, path, block) for path, block in parts.tree(new, where)]
    return found


def unknown_guides(clinic: Parsed[Clinic], guides: list[str]) -> list[Problem]:
    """A problem for each guide id under ``guides:`` that names no guide of the project (text
    for a guide that exists but is not being built is simply not used)."""
    problems = []
    for gid in clinic.value.guides:
        if gid not in guides:
            close = difflib.get_close_matches(gid, guides, n=1)
            problems.append(clinic.source.problem(
                ("guides", gid), "the id of a guide in content/guides/", repr(gid),
                f"did you mean '{close[0]}'?" if close else "guide ids are listed by 'handout list'",
                key=True))
    return problems


def merge(blocks: tuple[Block, ...], clinic: Parsed[Clinic], guide_id: str,
          problems: list[Problem]) -> tuple[Block, ...]:
    """Apply the clinic's overrides for the guide (``guides.<id>.overrides``), in the order
    written, to the guide's block tree.

    replace id:        the block with that id (anywhere in the tree) is swapped for the new one
    remove id:         the block with that id is dropped, with its children
    append after id:   the new block goes right after that block, in the same section
    append (no after): the new block goes at the end of the guide
    """
    result = blocks
    for i, op in enumerate(clinic.value.for_guide(guide_id).overrides):
        path = ("guides", guide_id, "overrides", i)
        target = op.after if isinstance(op, Append) else op.id
        if target is not None and target not in _ids(result):
            key = "after" if isinstance(op, Append) else "id"
            close = difflib.get_close_matches(target, sorted(_ids(result)), n=1)
            problems.append(clinic.source.problem(
                path + (key,), "the id of a block in the guide", repr(target),
                f"did you mean '{close[0]}'?" if close else "block ids are listed by 'handout list'"))
            continue
        if isinstance(op, (Replace, Append)):
            new_ids = {b.id for _, b in parts.walk((op.block,))}
            old_ids = _ids(result) - ({op.id} if isinstance(op, Replace) else set())
            clash = sorted(new_ids & old_ids)
            if clash:
                problems.append(clinic.source.problem(path + ("block", "id"),
                                                      "an id not already used in the guide",
                                                      repr(clash[0])))
                continue
        if isinstance(op, Replace):
            result = _edit(result, op.id, lambda b, new=op.block: (new,))
        elif isinstance(op, Remove):
            result = _edit(result, op.id, lambda b: ())
        elif op.after is None:
            result = result + (op.block,)
        else:
            result = _edit(result, op.after, lambda b, new=op.block: (b, new))
    return result


def _edit(blocks: tuple[Block, ...], target: str, change) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if block.id == target:
            out.extend(change(block))
        elif parts.children(block):
            out.append(parts.with_children(block, _edit(parts.children(block), target, change)))
        else:
            out.append(block)
    return tuple(out)


def _ids(blocks: tuple[Block, ...]) -> set[str]:
    return {b.id for _, b in parts.walk(blocks)}


def _clinic_citations(clinic: Clinic, guide_id: str) -> list[tuple[KeyPath, str]]:
    """Sources cited by the clinic's own texts for a guide: pricing notes, disclaimers, blocks."""
    texts: list[tuple[KeyPath, str | None]] = list(clinic.disclaimers(guide_id))
    if clinic.pricing is not None:
        texts += [(("pricing", key), getattr(clinic.pricing, key))
                  for key in ("summary", "insurance", "payment_plans", "sliding_scale")]
    cited = [(path, span.cite) for path, text in texts for span in inline.parse(text or "")
             if span.cite]
    for where, block in clinic.new_blocks(guide_id):
        cited += parts.citations(block, where, children=True)
    return cited


def _number_sources(guide: Guide, blocks: tuple[Block, ...]) -> tuple[Source, ...]:
    """Sources in order of first citation, in reading order across every text of every block;
    sources never cited come last, in file order."""
    order = [ref for top in blocks for _, ref in parts.citations(top, (), children=True)]
    by_id = {s.id: s for s in guide.sources}
    ranked = list(dict.fromkeys(i for i in order if i in by_id))
    ranked += [s.id for s in guide.sources if s.id not in ranked]
    return tuple(by_id[i] for i in ranked)


def _asset(source: Loaded, where: KeyPath, file: str, root: Path, problems: list[Problem]
           ) -> Picture | None:
    """A picture file named in YAML: inside the project, present, and printable (the picture
    intake, ``handout.pictures``, reads it and says what is wrong with it)."""
    rel = Path(file)
    if rel.is_absolute() or ".." in rel.parts or "://" in file:
        problems.append(source.problem(where, "a path inside the project, like "
                                       "assets/boulder/logo.svg", repr(file)))
        return None
    path = (root / rel).resolve()
    if not path.is_relative_to(root.resolve()):
        problems.append(source.problem(where, "a file inside the project", repr(file),
                                       "links that lead outside the project are refused"))
        return None
    wrong_name = name_problem(file)
    if wrong_name is not None:
        problems.append(source.problem(where, *wrong_name))
        return None
    if not path.is_file():
        problems.append(source.problem(where, "an existing file", f"no file at {file}"))
        return None
    try:
        return take(path)
    except PictureError as exc:
        problems.append(source.problem(where, exc.expected, exc.found))
        return None
