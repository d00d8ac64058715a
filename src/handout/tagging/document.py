"""ReportLab's document + marks → a tagged PDF that is PDF/UA-1 and PDF/A-2a at once.

Called as the tagging canvas saves, before ReportLab writes a byte (``tag``), it adds to the
document what a tagged one needs beyond its marked content: the structure tree (``tree``),
``/MarkInfo << /Marked true >>``, the document language, ``/StructParents`` on every page and
``/Tabs /S`` on pages with links (tab order follows the structure), a ``/Contents`` description
and a ``/StructParent`` on every link, and ToUnicode maps without U+0000 (``fonts``); then what
an archival PDF needs (``archive.archival_objects``: the sRGB output intent, printed
annotations, a transparency group on pages that blend, XMP metadata with ``pdfaid`` part 2 level
A and ``pdfuaid:part 1``). It writes the creation and modification dates it is given into the
document information, in place of ReportLab's, and the XMP is made from that information.
``finishing.finish`` then gives the file its last form (stream endings, the file ID).

Nothing reads the written file again: the output is ReportLab's, byte-identical for identical
input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handout.reportlab_private.document import (
    RawObject,
    add_annotation_entries,
    add_entries,
    annotation,
    blends,
    page_objects,
    set_dates,
)
from handout.reportlab_private.fonts import rewrite_to_unicode_maps
from handout.tagging.archive import PRINT, archival_objects
from handout.tagging.fonts import clean_map
from handout.tagging.records import Annotation, Marks
from handout.tagging.tree import pdf_string, write_tree

if TYPE_CHECKING:
    from reportlab.pdfbase.pdfdoc import PDFDocument



@dataclass(frozen=True)
class Identity:
    """What the document says about itself, beyond ReportLab's document information."""

    title: str
    language: str
    created: dt.datetime  # in UTC


def pdf_date(when: dt.datetime) -> str:
    """A date as PDF's document information writes it: ``D:20261101000000+00'00'``."""
    return when.astimezone(dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")


def tag(doc: PDFDocument, marks: Marks, identity: Identity) -> None:
    """Add to ReportLab's ``doc``, whose drawing recorded ``marks``, everything its file needs to
    be tagged and archival (see the module)."""
    pages = page_objects(doc)
    tree = write_tree(doc, pages, [list(p.Annots or ()) for p in pages], marks)
    doc.Catalog.StructTreeRoot = tree.root
    doc.Catalog.MarkInfo = _inline(b"<< /Marked true >>")
    doc.Catalog.Lang = _inline(pdf_string(identity.language))
    for index, page in enumerate(pages):
        entries = {"StructParents": _inline(b"%d" % index)}
        if page.Annots:
            entries["Tabs"] = _inline(b"/S")
            for i in range(len(page.Annots)):
                add_annotation_entries(annotation(doc, page, i), None, {"F": _inline(b"%d" % PRINT)})
        if blends(doc, page):  # PDF/A-2: blending needs a group with a colour space
            entries["Group"] = _inline(b"<< /Type /Group /S /Transparency /CS /DeviceRGB >>")
        add_entries(page, entries)
    for key, linked in enumerate(tree.linked, len(pages)):
        add_annotation_entries(annotation(doc, pages[linked.page], linked.index),
                               _describe(linked), {"StructParent": _inline(b"%d" % key)})
    rewrite_to_unicode_maps(doc, clean_map)
    info = doc.info
    info.title = identity.title
    date = pdf_date(identity.created)
    set_dates(doc, date)
    archival_objects(doc, {"/Title": info.title, "/Author": info.author,
                           "/Subject": info.subject, "/Keywords": info.keywords,
                           "/Creator": info.creator, "/Producer": info.producer,
                           "/CreationDate": date, "/ModDate": date}, "A", ua=True)


def _inline(data: bytes) -> RawObject:
    return RawObject(data, inline=True)


def _describe(annotation: Annotation) -> str:
    """A link's description for assistive technology: its words, or where it goes."""
    if annotation.node is not None and annotation.node.role == "Figure" and annotation.node.alt:
        return annotation.node.alt
    return annotation.label or annotation.target
