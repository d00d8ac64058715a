"""The document as ReportLab writes it: what tagging adds to it before it is written.

The structure tree, the archival metadata and the keys that hook pages and links to the tree go
into ReportLab's document model (``PDFDocument``) as objects of ours among its own, written in
the one pass that writes the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFDocument,
    PDFObject,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas


def pdf_document(canvas: Canvas) -> PDFDocument:
    """The document model a canvas writes into (``Canvas._doc``): its catalog, its pages and
    ``Reference``, which numbers an object of ours among ReportLab's.

    The structure tree, the archival metadata and the keys that hook pages and links to the tree
    are added to the document before ReportLab writes it (``handout.tagging.document``), instead
    of by a second pass that reads the finished file and writes it again.

    Public alternative: none; a canvas's ``save`` writes the document without a hook between the
    last page and the file.
    """
    return canvas._doc


class RawObject(PDFObject):
    """An object whose PDF text is given, written as it is: indirect (registered with
    ``PDFDocument.Reference``) or, with ``inline=True``, as a value inside another object.

    ReportLab formats its own objects one Python call per value; the structure tree's hundreds of
    elements are written as text instead (``handout.tagging.tree``), references included, since
    ReportLab numbers an object when it is registered.

    Public alternative: none; ``PDFDictionary`` and friends are ReportLab's own, undocumented too.
    """

    def __init__(self, data: bytes = b"", inline: bool = False):
        self.data = data
        if not inline:  # ReportLab's mark of an object never inline: it asks whether it is there
            self.__RefOnly__ = 1

    def format(self, document: PDFDocument) -> bytes:
        return self.data


def reference(doc: PDFDocument, obj: PDFObject) -> bytes:
    """``obj`` registered with ``doc`` (if it is not already), and its reference: ``n 0 R``."""
    return doc.Reference(obj).format(doc)


def page_objects(doc: PDFDocument) -> list[Any]:
    """The document's pages in order (``PDFPages.pages``), each a ``PDFPage``."""
    return doc.Pages.pages


def add_entries(obj: Any, entries: Mapping[str, PDFObject]) -> None:
    """Write ``entries`` (name → a value ReportLab formats) into the catalog or a page.

    Both write only the keys their class lists (``__NoDefault__``, and the catalog has no
    ``OutputIntents``, a page no ``StructParents``, ``Tabs`` or ``Group``); the list is extended
    for this one object.
    """
    names = list(obj.__NoDefault__)
    obj.__NoDefault__ = names + [k for k in entries if k not in names]
    for key, value in entries.items():
        setattr(obj, key, value)


def annotation(doc: PDFDocument, page: Any, index: int) -> Any:
    """The ``index``-th annotation of ``page`` (before the document is written, ``Annots`` holds
    references by name, ``Canvas._annotatePage``)."""
    return doc.idToObject[page.Annots[index].name]


def add_annotation_entries(annot: Any, contents: str | None,
                           entries: Mapping[str, PDFObject]) -> None:
    """Give a link annotation ``entries`` and, unless None, its ``/Contents`` (its description).

    ``linkURL`` makes a ``PDFDictionary``; ``linkRect`` a ``LinkAnnotation``, which writes only
    the keys its class permits and its ``Contents`` attribute as ``/Contents``.
    """
    if isinstance(annot, PDFDictionary):
        if contents is not None:
            annot.dict["Contents"] = PDFString(contents)
        annot.dict.update(entries)
        return
    if contents is not None:
        annot.Contents = contents
    annot.otherkw.update(entries)
    annot.permitted = (*annot.permitted, *entries)


def set_dates(doc: PDFDocument, date: str) -> None:
    """Write ``date`` (a PDF date string) as the document information's creation and
    modification dates, in place of the time ReportLab reads (fixed in invariant mode, or
    ``SOURCE_DATE_EPOCH``): ``PDFInfo._dateFormatter``.

    Public alternative: none; ``Canvas`` takes no dates.
    """
    doc.info._dateFormatter = lambda *_: date


def blends(doc: PDFDocument, thing: Any, seen: set[int] | None = None) -> bool:
    """Whether a page or form draws a picture with a soft mask (one with an alpha channel, drawn
    with ``mask="auto"``), itself or in a form it draws: its ``XObjects``, references by name,
    to ``PDFImageXObject``s (whose soft mask ``drawImage`` moves from ``_smask`` to a reference
    in ``smask``) and ``PDFFormXObject``s. Nothing else we draw blends (no alpha constants, no
    blend modes).

    Public alternative: none; the finished file's resources would have to be read.
    """
    seen = set() if seen is None else seen
    xobjects = getattr(thing, "XObjects", None)
    for ref in (xobjects.dict.values() if xobjects is not None else ()):
        obj = doc.idToObject.get(getattr(ref, "name", None))
        if obj is None or id(obj) in seen:
            continue
        seen.add(id(obj))
        if getattr(obj, "smask", None) is not None or blends(doc, obj, seen):
            return True
    return False
