"""PDF bytes + marks → a tagged PDF that is PDF/UA-1 and PDF/A-2a at once.

Adds what a tagged document needs beyond its marked content: the structure tree (``tree``),
``/MarkInfo << /Marked true >>``, the document language and title shown in the title bar,
``/Tabs /S`` on pages with links (tab order follows the structure), a ``/Contents`` description
on every link, and ToUnicode maps without U+0000 (``fonts``); then what an archival PDF needs
(``archive``: the sRGB output intent, printed annotations, XMP metadata with the title,
``pdfaid`` part 2 level A and ``pdfuaid:part 1``), and writes it (``saving``). It writes the
creation and modification dates it is given into the document information, in place of
ReportLab's, and the XMP is made from that information. The output stays byte-identical for
identical input: the file ID is derived from the content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from handout.tagging.archive import make_archival
from handout.tagging.canvas import Marks
from handout.tagging.fonts import fix_to_unicode
from handout.tagging.saving import write
from handout.tagging.tree import build_tree


@dataclass(frozen=True)
class Identity:
    """What the document says about itself, beyond ReportLab's document information."""

    title: str
    language: str
    created: dt.datetime  # in UTC


def pdf_date(when: dt.datetime) -> str:
    """A date as PDF's document information writes it: ``D:20261101000000+00'00'``."""
    return when.astimezone(dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")


def finish(data: bytes, marks: Marks, identity: Identity) -> bytes:
    """The tagged PDF for ``data``, whose drawing recorded ``marks``."""
    import pikepdf
    from pikepdf import Dictionary, Name

    with pikepdf.open(BytesIO(data)) as pdf:
        tree = build_tree(pdf, marks)
        root = pdf.Root
        root.StructTreeRoot = tree.root
        root.MarkInfo = Dictionary(Marked=True)
        root.Lang = pikepdf.String(identity.language)
        prefs = root.get("/ViewerPreferences", Dictionary())
        prefs.DisplayDocTitle = True
        root.ViewerPreferences = prefs
        for annotation, _ in tree.annotations:
            annot = pdf.pages[annotation.page].obj.Annots[annotation.index]
            annot.Contents = pikepdf.String(_describe(annotation))
        for page in pdf.pages:
            if "/Annots" in page.obj and len(page.obj.Annots):
                page.obj.Tabs = Name.S
        fix_to_unicode(pdf)
        pdf.docinfo.Title = pikepdf.String(identity.title)
        pdf.docinfo.CreationDate = pdf.docinfo.ModDate = pikepdf.String(pdf_date(identity.created))
        make_archival(pdf, "A", ua=True)
        _name_single_filters(pdf)
        return write(pdf)


def _name_single_filters(pdf) -> None:
    """Write ``/Filter [/FlateDecode]`` as ``/Filter /FlateDecode``, as most PDF writers do.

    ReportLab writes every filter as an array. qpdf copies a stream compressed with a filter
    *name* as it is, but decompresses and compresses again one whose filter is an array: for a
    handout with a raster logo that took three-quarters of this pass, for the same bytes.
    """
    import pikepdf

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            if isinstance(filters, pikepdf.Array) and len(filters) == 1:
                obj.Filter = filters[0]


def _describe(annotation) -> str:
    """A link's description for assistive technology: its words, or where it goes."""
    if annotation.node is not None and annotation.node.role == "Figure" and annotation.node.alt:
        return annotation.node.alt
    return annotation.label or annotation.target
