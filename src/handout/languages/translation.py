"""A guide's translation, checked against the English guide it translates.

A translation (``content/guides/<id>.<language>.yaml``) is a whole guide in its language, with
the same blocks, numbered cards, questions and sources under the same ids as the English guide,
so that a clinic's overrides and citations point at the same things in every language. It says
who translated it and who reviewed it (``translation:``).

Takes the parsed English guide and the parsed translation; gives problems (empty when the
translation matches).
"""

from __future__ import annotations

from handout.errors import Problem
from handout.languages.tags import name
from handout.load import KeyPath
from handout.model import Guide, Parsed, parts


def problems(english: Parsed[Guide], translation: Parsed[Guide], language: str) -> list[Problem]:
    """Everything that keeps ``translation`` from standing in for ``english`` in ``language``."""
    t, src = translation.value, translation.source
    lang = name(language)
    out: list[Problem] = []
    if t.language != language:
        out.append(src.problem(("language",), f"'{language}' (the language in the file's name)",
                               repr(t.language)))
    if t.translation is None:
        out.append(src.problem(("translation",), "who translated the guide and who reviewed "
                               "it: translation: {translator: …, reviewed_by: …, date: …}",
                               "nothing", key=True))
    e = english.value
    if t.fees != e.fees:  # the same booklet pages in every language
        out.append(src.problem(("fees",), f"fees: {str(e.fees).lower()}, as in the English guide",
                               f"fees: {str(t.fees).lower()}"))
    if len(t.questions) != len(e.questions):
        out.append(src.problem(("questions",) if t.questions else (),
                               f"{len(e.questions)} questions, one for each of the English "
                               f"guide's, in the same order", str(len(t.questions)),
                               key=not t.questions))
    theirs, ours = _ids(e), _ids(t)
    for ident, (path, kind) in ours.items():
        if ident not in theirs:
            out.append(src.problem(path + ("id",), f"the id of a block, card or question of the "
                                   f"English guide ({english.source.file})", repr(ident),
                                   "a translation keeps the English guide's ids"))
        elif theirs[ident][1] != kind:
            out.append(src.problem(path if kind.startswith(_PART) else path + ("kind",),
                                   f"a {theirs[ident][1]}, as '{ident}' is in the English guide",
                                   repr(kind)))
    missing = [i for i in theirs if i not in ours]
    if missing:
        shown = ", ".join(repr(i) for i in missing[:5]) + (" …" if len(missing) > 5 else "")
        out.append(src.problem(("blocks",), f"every block of the English guide, in {lang}",
                               f"no {shown}", f"translate them, with the ids they have in "
                               f"{english.source.file}"))
    english_sources = {s.id for s in english.value.sources}
    for i, source in enumerate(t.sources):
        if source.id not in english_sources:
            out.append(src.problem(("sources", i, "id"), "the id of a source of the English guide",
                                   repr(source.id)))
    gone = sorted(english_sources - {s.id for s in t.sources})
    if gone:
        out.append(src.problem(("sources",), "every source of the English guide",
                               f"no {', '.join(map(repr, gone))}"))
    return out


_PART = "part of "


def _ids(guide: Guide) -> dict[str, tuple[KeyPath, str]]:
    """id → (key path, kind) of every block and inner part (card, question) of ``guide``."""
    out: dict[str, tuple[KeyPath, str]] = {}
    for path, block in parts.walk(guide.blocks):
        out.setdefault(block.id, (path, block.kind))
        for where, inner in parts.inner_ids(block, path):
            out.setdefault(inner, (where[:-1], _PART + block.kind))
    return out
