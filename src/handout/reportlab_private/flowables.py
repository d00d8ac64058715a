"""What a flowable holds, the line breaks paragraphs share, and where a flowable is placed.

The structure tree reads what tables and ``KeepTogether`` hold and which words a paragraph
links; equal paragraphs share their broken lines (``handout.layout.paragraphs``); a box asks the
frame placing it how much room a whole page offers (``handout.layout.boxes``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Table


def kept_together(keep: KeepTogether | KeepInFrame) -> list[Flowable]:
    """The flowables a ``KeepTogether`` or a ``KeepInFrame`` holds (their ``_content``).

    The structure tree gives each of them its element, in order.

    Public alternative: none; ``split`` gives them only when they do not fit, and with page
    breaks added (and a ``KeepInFrame`` that shrinks its content never splits).
    """
    return keep._content


def table_cells(table: Table) -> list[list[Any]]:
    """A table's rows of cell values, as the table was made with them (``Table._cellvalues``).

    The structure tree makes a row element per row and a cell element per cell, and gives the
    flowables in each cell their elements.

    Public alternative: keeping the data we passed to ``Table`` ourselves, beside it; every
    builder that makes a table would have to carry it.
    """
    return table._cellvalues


def link_runs(paragraph: Flowable) -> Iterator[tuple[str, str]]:
    """``(href, text)`` for each parsed run of a paragraph's text that lies inside a link.

    Reads ``Paragraph.frags`` before layout: each fragment's ``link`` is a list of ``(n, href)``
    and its ``text`` the words it shows. The structure tree names each link by its words.

    Public alternative: parsing our own markup again; the builders that write it (``markup``)
    would have to hand the links on to tagging.
    """
    for frag in getattr(paragraph, "frags", None) or ():
        for entry in getattr(frag, "link", None) or ():
            yield (entry[1] if isinstance(entry, tuple) else entry), getattr(frag, "text", "")


# -- paragraphs that share their line breaks ---------------------------------------------------


def line_break_extras(paragraph: Paragraph) -> tuple[Any, float | None]:
    """What ``Paragraph.breakLines`` leaves on the paragraph besides the lines it returns: the
    fragments (now one per word) and the widest line (``Paragraph._width_max``, which
    ``breakLinesCJK`` does not set: None).

    Lines broken once are given to other paragraphs of equal text, style and width; these go
    with them (``set_line_break_extras``).

    Public alternative: none; ReportLab breaks a paragraph's lines anew at every ``wrap``.
    """
    return paragraph.frags, paragraph.__dict__.get("_width_max")


def set_line_break_extras(paragraph: Paragraph, extras: tuple[Any, float | None]) -> None:
    """Leave on ``paragraph`` what ``breakLines`` would have (``line_break_extras``), and the
    height of 0 it starts from."""
    paragraph.frags, widest = extras
    if widest is not None:
        paragraph._width_max = widest
    paragraph.height = 0


def has_lines(paragraph: Paragraph) -> bool:
    """Whether the paragraph holds lines broken by its last ``wrap`` (``Paragraph.blPara``).

    ``split`` and ``draw`` use those lines, and ``split`` deletes them when it fails, so a
    paragraph wrapped again at the same width may keep them and its size.

    Public alternative: none; ``wrap`` breaks the lines again every time.
    """
    return "blPara" in paragraph.__dict__


def forget_lines(paragraph: Paragraph) -> None:
    """Drop the lines of the last ``wrap`` (``Paragraph.blPara``): the next one breaks anew."""
    paragraph.__dict__.pop("blPara", None)


def copy_lines(lines: Any, own: Callable[[Any], Any], word: Callable[[Any], Any]) -> Any:
    """A copy of ``lines`` (what ``Paragraph.breakLines`` returns) with ``own`` applied to
    ``lines`` itself and ``word`` to each of its words, in reading order; a line in which
    ``word`` changes nothing is shared with ``lines``.

    The lines of a paragraph in one style (``kind`` 0) are a clone of its one fragment (their
    text and colour: ``own``) holding ``(extra space, [words as strings])`` per line; those of
    a paragraph in several styles (``kind`` 1) hold ``FragLine``s whose ``words`` are
    fragments, each a run of words in one style with its ``text``. A paragraph's lines are
    passed to another paragraph of the same text but its digits and colours this way
    (``layout.paragraphs.AlikeParagraph``).

    Public alternative: none; ReportLab breaks a paragraph's lines anew at every ``wrap``.
    """
    out = own(lines)
    if out is lines:
        out = lines.clone()
    copied = []
    for line in lines.lines:
        if lines.kind == 0:
            extra, words = line
            changed = [word(w) for w in words]
            same = all(a is b for a, b in zip(changed, words, strict=True))
            copied.append(line if same else (extra, changed))
        else:
            changed = [word(w) for w in line.words]
            same = all(a is b for a, b in zip(changed, line.words, strict=True))
            copied.append(line if same else line.clone(words=changed))
    out.lines = type(lines.lines)(copied) if type(lines.lines) is not list else copied
    return out


def frame_room(flowable: Flowable) -> tuple[float, bool] | None:
    """The height a whole frame offers, and whether nothing stands above ``flowable`` in it yet,
    for the frame that is placing or splitting ``flowable`` (``Frame._aH`` and ``Frame._atTop``,
    through the ``_frame`` a frame sets on a flowable before it asks it to wrap or split); None
    when no frame has placed it.

    A box (``layout.boxes``) splits only when it cannot move whole to the next page, and starts
    on the rest of this page only when enough of it fits: it must know both. ReportLab's own
    ``KeepTogether`` reads the same attributes.

    Public alternative: none; ``split(width, height)`` is told only the room left.
    """
    frame = getattr(flowable, "_frame", None)
    if frame is None:
        return None
    return frame._aH, bool(frame._atTop)
