"""Every use of ReportLab's internals, in one place: what each is for, and why not the public API.

ReportLab's public API (canvases, text objects, flowables, doc and page templates) does not reach
far enough for a few things we do: tagging the PDF for screen readers (marked-content operators
go into the page's and the paragraph's operator lists, around exactly the words of each link,
and the structure tree reads what tables and ``KeepTogether`` hold); sharing line breaks between
paragraphs of equal text; a flowable placed even on a full page; knowing which characters a font
can print; and choosing a QR code's mask fast. Each of these reaches into ReportLab through a
function or class of this module, and no other module of ``handout`` touches a private name of
ReportLab (``tests/test_reportlab_boundary.py`` looks for them).

``tests/test_reportlab_private.py`` checks that every internal used here still has the shape we
rely on, and names the function below when one changes. ReportLab is pinned below its next major
version in ``pyproject.toml``; a new major version is taken by mending this module alone.

Takes and gives ReportLab objects; imports only ReportLab and the standard library.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import re
from collections.abc import Callable, Iterator, Mapping
from fnmatch import fnmatch
from functools import cache
from itertools import islice
from types import ModuleType
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

import reportlab.graphics
from reportlab import rl_config
from reportlab.graphics.renderPDF import _PDFRenderer, renderScaledDrawing
from reportlab.graphics.shapes import Drawing
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFObject,
    PDFObjectReference,
    PDFString,
    PDFTrueTypeFont,
    PDFZCompress,
)
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, unShapedFontGlob
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Table

# -- content streams: the tagging canvas and its paragraphs' text ----------------------------------


def page_code(canvas: Canvas) -> list[str]:
    """The live list of operators of the canvas's current page (``Canvas._code``).

    Tagging wraps what a page draws in marked-content operators, sometimes after it was drawn:
    whether a stretch of drawing was page furniture (an artifact) is known only when the next
    element begins, so the ``/Artifact BMC`` goes in front of operators already written, and the
    stretch is read to see whether it paints anything.

    Public alternative: ``Canvas.addLiteral`` appends an operator (we use it wherever appending
    is enough) and ``getCurrentPageContent`` reads the page as one string; neither can insert
    before what is already written. ReportLab replaces the list at every ``showPage`` and around
    forms, so call this each time instead of keeping the list.
    """
    return canvas._code


def text_code(text: PDFTextObject) -> list[str]:
    """The live list of operators of a text object (``PDFTextObject._code``), from ``BT`` on.

    A paragraph's marked-content sequences must nest inside its ``BT … ET``, and the sequence of
    a link is opened in front of the link's first words, which ReportLab has written by the
    time it reports the link (see ``MarkedText``).

    Public alternative: none; ``getCode`` gives the finished text object as one string, once.
    """
    return text._code


class MarkedText(PDFTextObject):
    """A paragraph's text object that tells a subclass where its words and its links begin.

    ``Paragraph`` draws each run of words with the text object's ``_textOut(text, TStar)``
    (``TStar`` is true for the last run of a line) and, where the text object has one, calls
    ``_linkRecord(link, "start" | "end")`` around the runs of a link, ``link`` being the
    fragment's ``(n, href)``. This class turns both into the hooks ``words`` and ``link``.

    Public alternative: none; ``Paragraph.drawOn`` writes its words straight into the text
    object, and its finished code no longer says which words belong to which link.
    """

    def words(self, text: str, line_end: bool) -> str | list[str]:
        """Called just before a run of the paragraph's words is written; gives the text to write,
        or its pieces with operators (``Operator``) to write between them."""
        return text

    def link(self, href: str, what: str) -> None:
        """Called where the words of the link to ``href`` begin (``"start"``, just after its first
        run was written) or end (``"end"``)."""

    def _textOut(self, text, TStar=0):  # noqa: N802,N803 - ReportLab's names
        written = self.words(text, bool(TStar))
        if isinstance(written, str):
            super()._textOut(written, TStar)
            return
        for piece in written:
            if isinstance(piece, Operator):
                self._code.append(piece)
            elif piece:
                super()._textOut(piece, 0)
        if TStar:
            self._code.append("T*")  # what ``_textOut`` writes after the line's last words

    def _linkRecord(self, link, what) -> None:  # noqa: N802 - ReportLab's name
        self.link(link[1] if isinstance(link, tuple) else link, what)


class Operator(str):
    """Content-stream code among the pieces of text ``MarkedText.words`` gives (a marked-content
    operator around some of the words), written as it is."""

    __slots__ = ()


# -- the document as ReportLab writes it: what tagging adds to it ---------------------------------


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


def rewrite_to_unicode_maps(doc: PDFDocument, rewrite: Callable[[str, str], str]) -> None:
    """When ``doc`` writes its fonts, give each subset's ToUnicode map (the text of its CMap) to
    ``rewrite(base_font_name, cmap)`` and write what it returns instead.

    ReportLab makes a subset's font objects only as it writes the file (``GetPDFData`` calls
    ``addObjects`` on each font of ``PDFDocument.delayedFonts``), its map as a ``PDFStream``
    named ``toUnicodeCMap:<base font name>`` whose ``content`` is the CMap's text. A stand-in
    for the list's fonts writes them all, then rewrites their maps, before anything is written.

    The maps of a run of similar documents are most often the same: each map written (its
    stream's ``filters`` ReportLab's Flate, ``PDFZCompress``) is compressed once for the last
    few documents, and its stream given the bytes, marked as compressed already
    (``_COMPRESSED``). The bytes written are the same.

    Public alternative: none; ``makeToUnicodeCMap`` maps every code of the subset, the unused
    ones to U+0000, and the finished file would have to be read again to change that.
    """
    doc.delayedFonts[:] = [_FontsThenMaps(list(doc.delayedFonts), rewrite)]


class _FontsThenMaps:
    """Stands in ``PDFDocument.delayedFonts`` for the fonts it holds (``rewrite_to_unicode_maps``)."""

    PREFIX = "toUnicodeCMap:"
    #: Maps kept compressed (about 9 KB each with their text): a document has one a subset of
    #: each font, about 6, and a run makes several kinds of document in turn (each clinic's
    #: guides in every format); 34 maps were all those of 360 documents of 30 clinics.
    KEPT = 64
    _compressed: ClassVar[dict[str, bytes]] = {}  # a map's text → its bytes compressed

    def __init__(self, fonts: list[Any], rewrite: Callable[[str, str], str]):
        self.fonts = fonts
        self.rewrite = rewrite

    def addObjects(self, doc: PDFDocument) -> None:  # noqa: N802 - ReportLab's name
        for font in self.fonts:
            font.addObjects(doc)
        for name, obj in doc.idToObject.items():
            if name.startswith(self.PREFIX):
                obj.content = self.rewrite(name[len(self.PREFIX):], obj.content)
                if obj.filters == [PDFZCompress] and isinstance(obj.content, str):
                    obj.content, obj.filters = self._compress(obj.content), [_COMPRESSED]

    @classmethod
    def _compress(cls, text: str) -> bytes:
        return _recall(cls._compressed, text, lambda: PDFZCompress.encode(text), cls.KEPT)


# -- what a flowable holds -----------------------------------------------------------------------


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


# -- drawings (SVG pictures) -----------------------------------------------------------------------


def draw_drawing(drawing: Drawing, canvas: Canvas) -> None:
    """Draw a drawing at the canvas's origin as ``Drawing.drawOn`` does, but with the pictures
    in it as image XObjects (``_PDFRenderer``, its ``drawImage`` and ``_canvas``).

    An SVG that embeds a picture gives a drawing with an image in it. ReportLab's renderer writes
    such images inline (``drawInlineImage``), which stops with a TypeError when ``useA85`` is off
    (render.py turns it off) and cannot carry an alpha channel; an XObject can, and is written
    once however often it is drawn. The drawing starts in the canvas's first font, where
    ReportLab's renderer would start in the process-wide default font.

    Public alternative: ``renderPDF.draw``, with images inline.
    """
    canvas.saveState()
    canvas.translate(0, 0)
    _XObjectImages().draw(renderScaledDrawing(drawing), canvas, 0, 0)
    canvas.restoreState()


class _XObjectImages(_PDFRenderer):
    def initState(self, x, y) -> None:  # noqa: N802 - ReportLab's name
        # The state a drawing starts in holds a font, set on the canvas as drawing begins: by
        # default ReportLab's process-wide ``rl_config.defaultGraphicsFontName``, which another
        # build in the same process may have changed. The document's own first font is the
        # canvas's (``Canvas._initialFontName``), so the page never depends on what ran before.
        self._tracker._combined[-1]["fontName"] = self._canvas._initialFontName
        super().initState(x, y)

    def drawImage(self, image) -> None:  # noqa: N802 - ReportLab's name
        if hasattr(image.path, "mode"):  # a picture decoded in memory: what SVGs embed
            self._canvas.drawImage(ImageReader(image.path), image.x, image.y, image.width,
                                   image.height, mask="auto")


# -- where a flowable is being placed --------------------------------------------------------------


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


# -- fonts -----------------------------------------------------------------------------------------


def glyph_map(font_name: str) -> Mapping[int, int]:
    """Code point → glyph of a registered TrueType font (``TTFontFace.charToGlyph``).

    Tells which characters the font can print, before layout.

    Public alternative: none in ReportLab (``stringWidth`` of a missing character is the width
    of the empty box); reading the font's cmap ourselves would take another library.
    """
    return pdfmetrics.getFont(font_name).face.charToGlyph


#: What ``TTFont.__init__`` sets besides the face it parses; ``font_from_tables`` sets the same.
TTFONT_FIELDS = frozenset({"fontName", "face", "encoding", "state", "_asciiReadable", "_shapable"})


def font_tables(font: TTFont) -> dict[str, Any]:
    """What parsing a TrueType file put on ``font``'s face, but for the file's bytes and a function.

    Plain values (numbers, strings, bytes, lists, dicts): the widths, character map, glyph offsets
    and names that ``TTFontFile.extractInfo`` reads, which ``font_from_tables`` turns back into a
    font without parsing the file (about 10 ms a face) — kept by ``font_cache`` between runs.

    Public alternative: none; ReportLab parses the file in ``TTFont``'s constructor.
    """
    return {k: v for k, v in vars(font.face).items()
            if k not in ("_ttf_data", "_pdfScale", *SubsetFace.KEPT_FIELDS)}


class SubsetFace(TTFontFace):
    """A ``TTFontFace`` that makes each subset of glyphs it embeds once, and compresses it once;
    and formats each subset's font and font descriptor once.

    ReportLab embeds the glyphs a document draws as subsets, each a font file of its own that it
    makes (``makeSubset``) and compresses anew for every document: about 4 ms a document for our
    faces. Every clinic's edition of a guide draws nearly the same glyphs in the same order (the
    guide's text is the same), so the subsets of one edition are most often those of the last:
    the last few made are kept with their compressed bytes, and the document's stream is given
    them, marked as compressed already (``_COMPRESSED``), in place of compressing them again.
    The bytes written are the same.

    Reads the font file stream ``TTFontFace.addSubsetObjects`` registers in the document
    (``PDFDocument.idToObject``, under the name ReportLab gives it from the file and the font), its
    ``content`` and ``filters``; and puts in place of the font descriptor it registers there
    (``fontDescriptor:`` and the font's name, a ``PDFDictionary``) an object that writes the
    same bytes from those kept for the last descriptor of equal values (``written_as_before``).

    Public alternative: ``TTFontFace``, making and compressing every subset for every document.
    """

    #: Subsets kept per face (about 60 KB each; and twice as many fonts and descriptors, about
    #: 2 KB each, ``written_as_before``): those of the few kinds of document a run makes in
    #: turn, each clinic's guides in every format. Of 360 documents of 30 clinics (3 guides,
    #: 3 formats and the booklet's print sheets), 4 kept made 319 subsets, 16 made 34: each
    #: one once.
    KEPT = 16
    #: What the face keeps besides its tables (never cached with them, ``font_tables``).
    KEPT_FIELDS = ("_kept", "_objects")

    def makeSubset(self, subset):  # noqa: N802 - ReportLab's name
        return self._subset(subset)[0]

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802 - ReportLab's name
        made = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters == [PDFZCompress]:
            data, compressed = self._subset(subset)
            if stream.content is data:
                if compressed is None:
                    compressed = PDFZCompress.encode(data)
                    self._kept[tuple(subset)] = (data, compressed)
                stream.content, stream.filters = compressed, [_COMPRESSED]
        name = f"fontDescriptor:{fontname}"
        if type(doc.idToObject.get(name)) is PDFDictionary:
            doc.idToObject[name] = self.written_as_before(doc.idToObject[name], doc)
        return made

    def _subset(self, subset) -> tuple[bytes, bytes | None]:
        kept: dict[tuple[int, ...], tuple[bytes, bytes | None]] = self.__dict__.setdefault(
            "_kept", {})
        return _recall(kept, tuple(subset), lambda: (TTFontFace.makeSubset(self, subset), None),
                       self.KEPT)

    def written_as_before(self, obj: PDFObject, doc: PDFDocument) -> PDFObject:
        """What stands in the document for a subset's font or font descriptor (``obj``, a
        ``PDFTrueTypeFont`` or a ``PDFDictionary``): an object that writes the bytes ReportLab
        writes for it, from those of the last object of equal values (``_Template``), with the
        numbers of the objects it refers to filled in; or ``obj`` itself when it holds values
        of other kinds, or when ReportLab writes comments (``rl_config.pdfComments``: they name
        the class of each object)."""
        if rl_config.pdfComments:
            return obj
        template = _Template.of(obj, doc, self.__dict__.setdefault("_objects", {}), 2 * self.KEPT)
        return obj if template is None else template.filled(obj)


def _recall(kept: dict[Any, Any], key: Any, make: Callable[[], Any], most: int) -> Any:
    """``kept[key]``, made by ``make()`` if it is not there; ``kept`` holds at most ``most``
    entries, the oldest used dropped first."""
    hit = kept.pop(key, None)
    if hit is None:
        hit = make()
        while len(kept) >= most:
            kept.pop(next(iter(kept)))
    kept[key] = hit  # the newest last
    return hit


class _Template:
    """The bytes ReportLab writes for an object of a font, between the references in it.

    A font's or a font descriptor's values (``PDFDictionary.dict``, or the attributes
    ``PDFTrueTypeFont.format`` reads) are numbers, strings (names), arrays of numbers and
    references (``PDFObjectReference``) to the font's other objects, whose numbers differ
    between documents. The object is written once by ReportLab with a mark in place of each
    reference; what lies between the marks is kept, for objects of equal values.

    Reads ``PDFDictionary.dict`` (a plain dict: written in the order of its keys) and
    ``multiline``, the attributes of a ``PDFTrueTypeFont`` (its ``format`` writes them as a
    ``PDFDictionary``, with its class's ``Type`` and ``Subtype``), and ``PDFArray.sequence``
    and ``multiline``; writes the object once with its own ``format``, which writes bytes as
    they are (the marks).
    """

    def __init__(self, pieces: list[bytes], keys: list[str]):
        self.pieces = pieces  # one more than the references
        self.keys = keys  # the key of each reference, in the order written

    @classmethod
    def of(cls, obj: PDFObject, doc: PDFDocument, kept: dict[Any, _Template | bool],
           most: int) -> _Template | None:
        """The template of objects of ``obj``'s values, kept in ``kept`` (at most ``most``);
        None for an object of another class, with values of other kinds, or whose bytes the
        marks could not be found in."""
        if type(obj) is PDFDictionary and type(obj.dict) is dict:
            values = obj.dict
        elif type(obj) is PDFTrueTypeFont:
            values = {k: v for k, v in vars(obj).items() if not k.startswith("__")}
        else:
            return None
        try:
            key = (type(obj), rl_config.pdfMultiLine, PDFDictionary.multiline,
                   getattr(obj, "multiline", None),
                   tuple((k, _value_key(v)) for k, v in values.items()))
        except TypeError:
            return None
        return _recall(kept, key, lambda: cls._made(obj, values, doc), most) or None

    @classmethod
    def _made(cls, obj: PDFObject, values: dict[str, Any], doc: PDFDocument) -> _Template | bool:
        refs = [k for k, v in values.items() if type(v) is PDFObjectReference]
        marked = copy.copy(obj)
        marks = {k: b"\0%d\0" % i for i, k in enumerate(refs)}  # written as they are
        if isinstance(marked, PDFDictionary):
            marked.dict = {**values, **marks}
        else:
            marked.__dict__.update(marks)
        try:
            parts = re.split(rb"\0(\d+)\0", marked.format(doc))
        except (TypeError, ValueError):  # a reference where ReportLab writes a name
            return False
        order = [int(i) for i in parts[1::2]]
        if sorted(order) != list(range(len(refs))):
            return False  # a mark lost, or found in a value too: not kept (and not None)
        return cls(parts[0::2], [refs[i] for i in order])

    def filled(self, obj: PDFObject) -> PDFObject:
        """What writes the template with the references of ``obj``, which has its values."""
        values = obj.dict if isinstance(obj, PDFDictionary) else vars(obj)
        return _Filled(self.pieces, [values[k] for k in self.keys])


def _value_key(value: Any) -> Any:
    """What decides how a font's value is written, hashable; a reference's number aside. A
    TypeError for a value of another kind."""
    kind = type(value)
    if kind in (int, float, str, bytes):
        return kind, value
    if kind is PDFObjectReference:
        return kind
    if kind is PDFArray:
        kinds = tuple(map(type, value.sequence))
        if set(kinds) <= {int, float}:
            return kind, value.multiline, tuple(value.sequence), kinds
    raise TypeError(f"a value of kind {kind.__name__}")


class _Filled(PDFObject):
    """An object written from a template's pieces with the references put between them."""

    def __init__(self, pieces: list[bytes], refs: list[PDFObject]):
        self.pieces = pieces
        self.refs = refs

    def format(self, document: PDFDocument) -> bytes:
        out = [self.pieces[0]]
        for ref, piece in zip(self.refs, self.pieces[1:], strict=True):
            out += (ref.format(document), piece)
        return b"".join(out)


class _Flate:
    """ReportLab's Flate filter for content already compressed by it: named as it, encodes
    nothing."""

    pdfname = PDFZCompress.pdfname

    def encode(self, data: bytes) -> bytes:
        return data

    def decode(self, data: bytes) -> bytes:
        return PDFZCompress.decode(data)


_COMPRESSED = _Flate()


class SubsetFont(TTFont):
    """A ``TTFont`` that codes text already seen in a document without a loop in Python.

    ReportLab embeds a TrueType font as subsets of 256 glyphs each, numbered in the order the
    document first draws each character. Every time text is drawn, ``splitString`` turns it into
    (subset, bytes) runs one character at a time: the largest part of ReportLab's own time in a
    handout (about 300 calls a document). Once every character of a text has its code in the
    first subset, which is so for nearly every line after the first page, the bytes are the
    text's characters looked up in one table (``str.translate``); any other text (a character
    new to the document, or coded in a later subset) takes ReportLab's own loop, which assigns
    the codes. The bytes are the same either way, and so is every PDF.

    Reads the document's subsetting state (``TTFont.State``: ``assignments``, a dict from code
    point to code kept in the order codes were given) and keeps the table beside it.

    Its subsets' font objects share with earlier documents what is the same (``addObjects``).

    Public alternative: ``TTFont``, coding each text character by character.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        # TTFont makes its face itself; ours adds behaviour only, no state of its own to set up
        self.face.__class__ = SubsetFace

    def splitString(self, text: str | bytes, doc: Any,  # noqa: N802 - ReportLab's name
                    encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is None or not text or not isinstance(text, str):
            return super().splitString(text, doc, encoding)
        first: _FirstSubset | None = getattr(state, "_first_subset", None)
        if first is None:
            first = state._first_subset = _FirstSubset()
        first.update(state.assignments)
        if first.chars.issuperset(text):
            return [(0, text.translate(first.codes).encode("latin-1"))]
        return super().splitString(text, doc, encoding)

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - ReportLab's name
        """Makes the document's objects for its subsets of the font as ``TTFont.addObjects``
        does, and puts in place of each subset's font object one that writes the same bytes
        from those kept for the last font of equal values (``SubsetFace.written_as_before``),
        the numbers of its map and descriptor filled in: its ``/Widths`` are 256 numbers,
        formatted one Python call each.

        Reads the subsetting state (``TTFont.State``: ``subsets``, and ``internalName``, which
        names each subset's ``PDFTrueTypeFont`` in ``PDFDocument.idToObject`` as
        ``<internalName>+<n>``), and puts the object that writes the font in its place there
        (the document's font resources, ``BasicFonts``, hold the font itself, written as a
        reference by that name). Anything else is left as ReportLab made it.

        Public alternative: ``TTFont.addObjects``, formatting every number for every document.
        """
        state = self.state.get(doc)
        super().addObjects(doc)
        if state is None or state.internalName is None or not isinstance(self.face, SubsetFace):
            return
        for n in range(len(state.subsets)):
            name = f"{state.internalName}+{n}"
            font = doc.idToObject.get(name)
            if type(font) is PDFTrueTypeFont:
                doc.idToObject[name] = self.face.written_as_before(font, doc)


class _FirstSubset:
    """The characters coded in a document's first subset (codes below 256), and their codes."""

    def __init__(self) -> None:
        self.codes: dict[int, int] = {}  # code point → code, for ``str.translate``
        self.chars: set[str] = set()
        self.seen = 0  # how many of the document's assignments are in ``codes``

    def update(self, assignments: dict[int, int]) -> None:
        """Add the codes given since the last update: the last in ``assignments``, which only
        grows, in the order codes are given."""
        if len(assignments) == self.seen:
            return
        for point, code in islice(reversed(assignments.items()), len(assignments) - self.seen):
            if code < 256:
                self.codes[point] = code
                self.chars.add(chr(point))
        self.seen = len(assignments)
        if 32 in self.codes:  # ReportLab draws a no-break space as a space
            self.codes[0xA0] = self.codes[32]
            self.chars.add("\u00a0")


def font_from_tables(name: str, tables: dict[str, Any], data: bytes) -> TTFont:
    """The font ``TTFont(name, file)`` makes from a file holding ``data``, from its ``tables``."""
    face = SubsetFace.__new__(SubsetFace)
    face.__dict__.update(tables)
    face._ttf_data = data
    per_em = tables["unitsPerEm"]
    # as extractInfo does: widths in 1/1000 em, as they are when the font is drawn in 1000 units
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * (1000 / per_em))
    font = SubsetFont.__new__(SubsetFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)  # as TTFont does
    return font


# -- QR codes ------------------------------------------------------------------------------------


@cache
def _qrencoder() -> ModuleType:
    """ReportLab's ``reportlab/graphics/barcode/qrencoder.py``, loaded as a module of its own.

    Importing it the usual way runs its package first, which imports and registers every barcode
    ReportLab draws (Code 128, EAN, USPS, Data Matrix …: about 10 ms of a cold start) when we
    draw QR codes only. The file imports nothing of ReportLab, so it is loaded alone, under its
    own name but not put in ``sys.modules``: an import of the package elsewhere is unaffected.
    """
    name = "reportlab.graphics.barcode.qrencoder"
    folder = os.path.dirname(reportlab.graphics.__file__ or "")
    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, "barcode",
                                                                      "qrencoder.py"))
    if spec is None or spec.loader is None:
        raise ImportError(f"{name} not found in {folder}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The generator polynomial of n error correction codewords is rebuilt, n multiplications of
    # polynomials in Python, for every block of every code: kept once made (its polynomials are
    # only read), in this copy of the module only.
    module.QRUtil.getErrorCorrectPolynomial = staticmethod(
        cache(module.QRUtil.getErrorCorrectPolynomial))
    # The error correction codewords are the remainder of the data by that polynomial, worked out
    # one step per data codeword, each a new list and two method calls per coefficient: the same
    # steps, on one list, with the tables read directly.
    module.QRPolynomial.mod = _remainder(module)
    return module


def _remainder(qrencoder: ModuleType) -> Callable[[Any, Any], Any]:
    """``QRPolynomial.mod`` of ReportLab's encoder: the polynomial's remainder by ``divisor``,
    without leading zero coefficients (as ``QRPolynomial`` keeps its coefficients)."""
    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    polynomial = qrencoder.QRPolynomial

    def mod(self: Any, divisor: Any) -> Any:
        num, size = list(self.num), len(divisor.num)
        if len(num) < size:
            return self  # as ReportLab's: nothing to divide
        logs = [log[c] for c in divisor.num]  # a generator's coefficients are never zero
        start = 0
        while len(num) - start >= size:
            ratio = log[num[start]] - logs[0]
            for i, c in enumerate(logs, start):
                num[i] ^= exp[(c + ratio) % 255]  # QRMath.gexp: the exponent modulo 255
            while start < len(num) and num[start] == 0:
                start += 1
        return polynomial(num[start:] or [0], 0)

    return mod


class QrEncoder:
    """ReportLab's QR encoder (``qrencoder.QRCode``) holding ``data`` at error correction level
    M, at the smallest version it fits, placed with a mask of our choosing.

    ``QRCode.make`` scores all eight masks module by module in Python and keeps the best; we
    place the data once (``makeImpl`` with ``test`` true: a trial, format information left
    light), score the masks ourselves with whole rows as integers, and place it with the mask
    chosen.

    Public alternative: ``QrCodeWidget`` (or ``QRCode.make`` and ``isDark``), which choose the
    mask the slow way; measured on a batch of clinics, the QR code then took about 9 % of a
    handout's time rather than 3 % (``layout.qr``).
    """

    def __init__(self, data: str):
        qrencoder = _qrencoder()
        self._qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        self._qr.addData(data)
        self._qr.version = self._qr.calculate_version()

    @property
    def version(self) -> int:
        return self._qr.version

    def place(self, mask: int, trial: bool) -> list[list[bool | None]]:
        """The symbol's modules, row by row, placed with ``mask``; a ``trial`` leaves the format
        information light. Each call gives a new list."""
        self._qr.makeImpl(trial, mask)
        return self._qr.modules

    def finish(self, mask: int) -> list[list[bool | None]]:
        """The modules of the last placement with the format information of ``mask`` written
        (and the version information, from version 7), as ``place(mask, trial=False)`` writes
        them. Its data modules stay as they were placed: only they differ between masks, so the
        caller applies the difference between the masks itself rather than placing them again."""
        self._qr.setupTypeInfo(False, mask)
        if self._qr.version >= 7:
            self._qr.setupTypeNumber(False)
        return self._qr.modules


def qr_data_positions(version: int) -> list[tuple[int, int]]:
    """``(column, row)`` of every data module of a symbol of ``version``, in placing order
    (``QRCode.dataPosIterator``): the only modules a mask flips."""
    qrencoder = _qrencoder()
    qr = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    qr.moduleCount = version * 4 + 17
    return qr.dataPosIterator()


def qr_mask(mask: int) -> Callable[[int, int], bool]:
    """Mask pattern ``mask`` (0–7) as ``(row, column) → flips`` (``QRUtil.getMask``)."""
    return _qrencoder().QRUtil.getMask(mask)
