"""ReportLab's internals that ``handout.reportlab_private`` uses still have the shape it relies on
(``test_reportlab_boundary``: and no other module uses one).

When a ReportLab release changes one of them, the failure names the internal, the adapter's
function that uses it and what for: mend that function (its docstring gives the public
alternative, if there is one), and nothing else.
"""

from __future__ import annotations

import inspect
import pickle
import re
from collections.abc import Callable, Mapping
from io import BytesIO
from pathlib import Path

import pytest
import reportlab
from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFIndirectObject,
    PDFTrueTypeFont,
)
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Frame, KeepInFrame, KeepTogether, Paragraph, Spacer, Table

from handout import reportlab_private
from handout.fonts import load
from handout.reportlab_private import document as rp_document
from handout.reportlab_private import drawings as rp_drawings
from handout.reportlab_private import flowables as rp_flowables
from handout.reportlab_private import fonts as rp_fonts
from handout.reportlab_private import qr as rp_qr
from handout.reportlab_private import text as rp_text
from tests.conftest import ROOT

STYLE = ParagraphStyle("adapter-test", fontName="Helvetica", fontSize=10, leading=12)
LONG = ("A sentence long enough to break over <b>several</b> lines at this width, and with "
        "<a href='https://example.org/more'>a link of <i>two</i> styles</a> in its middle.")


# -- the internals, one check each ------------------------------------------------------------------


def _pdf_page(draw: Callable[[Canvas], None]) -> bytes:
    """One uncompressed page drawn by ``draw``, as a PDF file."""
    out = BytesIO()
    canvas = Canvas(out, pageCompression=0, invariant=1)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def check_page_code() -> None:
    seen: dict[str, object] = {}

    def draw(canvas: Canvas) -> None:
        code = rp_text.page_code(canvas)
        assert isinstance(code, list), f"a {type(code).__name__}, not a list of operators"
        canvas.rect(10, 10, 20, 20, stroke=0, fill=1)
        code = rp_text.page_code(canvas)
        assert code and all(isinstance(op, str) for op in code), f"operators are {code!r}"
        code.insert(0, "/Artifact BMC")  # in front of what was drawn, as tagging does
        canvas.addLiteral("EMC")
        assert canvas.getCurrentPageContent() == "\n".join(rp_text.page_code(canvas)), \
            "the list is not the page's content"
        seen["canvas"] = canvas

    data = _pdf_page(draw)
    stream = data[data.index(b"/Artifact BMC"):]
    assert re.match(rb"/Artifact BMC\s+n 10 10 20 20 re f\*?\s+EMC", stream), \
        "an operator inserted in front of the page's drawing did not reach the PDF there"
    assert rp_text.page_code(seen["canvas"]) == [], "showPage did not start a new list"  # type: ignore[arg-type]


def check_text_code() -> None:
    def draw(canvas: Canvas) -> None:
        text = canvas.beginText(10, 10)
        code = rp_text.text_code(text)
        assert isinstance(code, list) and code[:1] == ["BT"], f"the operators begin {code[:1]!r}"
        text.textOut("Hello")
        rp_text.text_code(text).insert(1, "/P <</MCID 0>> BDC")
        rp_text.text_code(text).append("EMC")
        canvas.drawText(text)

    data = _pdf_page(draw)
    assert re.search(rb"BT /P <</MCID 0>> BDC .*?\(Hello\) Tj EMC ET", data, re.S), \
        "operators put in a text object's list did not reach the PDF in that order"


class _Recorded(rp_text.MarkedText):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events: list[tuple] = []

    def words(self, text: str, line_end: bool) -> str:
        self.events.append(("words", text, line_end))
        return text.upper()

    def link(self, href: str, what: str) -> None:
        self.events.append(("link", href, what))


class _RecordingCanvas(Canvas):
    texts: list[_Recorded]

    def beginText(self, x=0, y=0, direction=None):  # noqa: N802 - ReportLab's name
        self.texts = [*getattr(self, "texts", []), _Recorded(self, x, y, direction=direction)]
        return self.texts[-1]


class _Pieces(rp_text.MarkedText):
    def words(self, text: str, line_end: bool) -> list[str]:
        return [text[:4], rp_text.Operator("/Span <<>> BDC"), text[4:], rp_text.Operator("EMC")]


def check_marked_text() -> None:
    sig = inspect.signature(PDFTextObject._textOut)
    assert list(sig.parameters) == ["self", "text", "TStar"], f"_textOut{sig}"
    out = BytesIO()
    canvas = _RecordingCanvas(out, pageCompression=0, invariant=1)
    paragraph = Paragraph('Call <a href="tel:+13035550142">our <b>front</b> desk</a> today',
                          STYLE)
    paragraph.wrapOn(canvas, 400, 100)
    paragraph.drawOn(canvas, 10, 10)
    events = [e for t in canvas.texts for e in t.events]
    words = [e for e in events if e[0] == "words"]
    links = [e[1:] for e in events if e[0] == "link"]
    assert " ".join("".join(e[1] for e in words).split()) == "Call our front desk today", \
        f"the words reported are {words!r}"
    assert words[-1][2] and not any(e[2] for e in words[:-1]), "line ends are not reported"
    assert links == [("tel:+13035550142", "start"), ("tel:+13035550142", "end")], \
        f"link boundaries reported: {links!r}"
    start = events.index(("link", "tel:+13035550142", "start"))
    assert events[start - 1][1].strip() == "our", "a link's start is not reported after its first words"
    plain = Paragraph("Only plain words, broken over lines at this narrow width", STYLE)
    plain.wrapOn(canvas, 120, 100)
    plain.drawOn(canvas, 10, 50)
    words = canvas.texts[-1].events
    assert " ".join(" ".join(e[1] for e in words).split()) == plain.getPlainText() \
        and sum(e[2] for e in words) == len(plain.blPara.lines), \
        f"a paragraph of one style reports {words!r}"
    pieces = _Pieces(canvas, 10, 80)  # a hook that gives pieces with operators between them
    pieces._textOut("Call us", 1)
    canvas.drawText(pieces)
    canvas.showPage()
    canvas.save()
    assert b"(CALL " in out.getvalue(), "the text the hook gives is not the text written"
    assert re.search(rb"\(Call\) Tj /Span <<>> BDC \( us\) Tj EMC T\*", out.getvalue()), \
        "pieces and operators are not written in order, with the line's end after them"
    shadowed = [name for name in ("words", "link") if hasattr(PDFTextObject, name)]
    assert not shadowed, f"PDFTextObject has its own {shadowed}: rename the hooks"


def check_kept_together() -> None:
    a, b = Spacer(1, 1), Spacer(1, 2)
    got = rp_flowables.kept_together(KeepTogether([a, b]))
    assert len(got) == 2 and got[0] is a and got[1] is b, f"holds {got!r}"
    got = rp_flowables.kept_together(KeepInFrame(100, 100, [a, b], mode="shrink"))
    assert len(got) == 2 and got[0] is a and got[1] is b, f"a KeepInFrame holds {got!r}"


def check_table_cells() -> None:
    p, q = Paragraph("one", STYLE), Paragraph("two", STYLE)
    table = Table([[p, "text"], ["more", [q]]])
    table.wrap(400, 400)
    cells = rp_flowables.table_cells(table)
    shape = [[_flat(value) for value in row] for row in cells]
    assert shape == [[[p], "text"], ["more", [q]]], "the rows are not the cells the table was made with"


def _flat(value):
    """A cell's flowables (as ``tagging.story`` reads them), or the cell's string."""
    if isinstance(value, (list, tuple)):
        return [f for v in value for f in _flat(v)]
    return [value] if isinstance(value, Flowable) else value


def check_link_runs() -> None:
    runs = list(rp_flowables.link_runs(Paragraph(LONG, STYLE)))
    assert {href for href, _ in runs} == {"https://example.org/more"}, f"runs are {runs!r}"
    assert " ".join("".join(text for _, text in runs).split()) == "a link of two styles", \
        f"runs are {runs!r}"


class _Capture(Paragraph):
    calls = 0

    def breakLines(self, width):  # noqa: N802 - ReportLab's name
        self.calls += 1
        lines = super().breakLines(width)
        self.captured = (lines, rp_flowables.line_break_extras(self))
        return lines


class _Replay(Paragraph):
    given: tuple

    def breakLines(self, width):  # noqa: N802 - ReportLab's name
        lines, extras = self.given
        rp_flowables.set_line_break_extras(self, extras)
        return lines


def _drawn(paragraph: Paragraph) -> tuple[tuple[float, float], str]:
    canvas = Canvas(BytesIO(), invariant=1)
    size = paragraph.wrapOn(canvas, 150, 1000)
    paragraph.drawOn(canvas, 0, 0)
    return size, canvas.getCurrentPageContent()


def check_line_breaks() -> None:
    sig = inspect.signature(Paragraph.breakLines)
    assert list(sig.parameters) == ["self", "width"], f"breakLines{sig}"
    first = _Capture(LONG, STYLE)
    size, drawn = _drawn(first)
    assert first.calls == 1, f"wrap called breakLines {first.calls} times"
    _, widest = first.captured[1]
    assert isinstance(widest, (int, float)) and 0 < widest <= 150, f"the widest line is {widest!r}"
    second = _Replay(LONG, STYLE)
    second.given = first.captured
    assert _drawn(second) == (size, drawn), "lines and extras given to another paragraph draw differently"


def check_lines_kept() -> None:
    paragraph = _Capture(LONG, STYLE)
    assert not rp_flowables.has_lines(paragraph)
    paragraph.wrap(150, 1000)
    assert rp_flowables.has_lines(paragraph), "wrap leaves no lines (blPara) on the paragraph"
    rp_flowables.forget_lines(paragraph)
    assert not rp_flowables.has_lines(paragraph)
    paragraph.wrap(150, 1000)
    assert paragraph.calls == 2, "a paragraph without its lines did not break them again"
    assert paragraph.split(150, 5) == [] and not rp_flowables.has_lines(paragraph), \
        "a split that fails keeps the lines"


def check_copy_lines() -> None:
    """Lines in one style (kind 0), in several (kind 1) and broken between characters (CJK):
    a copy whose words are changed draws them changed, the lines copied from stay as they
    were, and a copy that changes nothing draws the same."""
    plain = ParagraphStyle("plain", fontName="Helvetica", fontSize=10, leading=12)
    cjk = ParagraphStyle("cjk", parent=plain, wordWrap="CJK")
    cases = [(Paragraph("call 303 555 0142 " * 6, plain), 0),
             (Paragraph(LONG + " call 303 555 0142", STYLE), 1),
             (Paragraph("call <b>303</b> 555 0142 " * 6, cjk), 1)]
    for paragraph, kind in cases:
        before = _drawn(paragraph)
        lines = paragraph.blPara
        assert lines.kind == kind, f"{paragraph.text[:20]!r}: lines of kind {lines.kind}"
        same = rp_flowables.copy_lines(lines, lambda whole: whole, lambda word: word)
        assert same is not lines, "the copy is the lines copied from"
        paragraph.blPara = same
        assert _drawn_again(paragraph) == before[1], "a copy that changes nothing draws otherwise"

        def upper(word):
            if isinstance(word, str):
                return word.replace("555", "777")
            text = getattr(word, "text", "")
            return word.clone(text=text.replace("555", "777")) if "555" in text else word

        paragraph.blPara = rp_flowables.copy_lines(lines, upper, upper)
        changed = _drawn_again(paragraph)
        assert "777" in changed and "555" not in changed, "the copy's words were not changed"
        paragraph.blPara = lines
        assert _drawn_again(paragraph) == before[1], "copying changed the lines copied from"


def _drawn_again(paragraph: Paragraph) -> str:
    """The page of ``paragraph`` drawn from the lines it holds, without breaking them again."""
    canvas = Canvas(BytesIO(), invariant=1)
    paragraph.drawOn(canvas, 0, 0)
    return canvas.getCurrentPageContent()


class _Room(Flowable):
    """Fits nowhere; remembers what its frame told it when asked to split."""

    def __init__(self):
        super().__init__()
        self.told: list[tuple[float, bool] | None] = []

    def wrap(self, available_width, available_height):
        return available_width, 10_000

    def split(self, available_width, available_height):
        self.told.append(rp_flowables.frame_room(self))
        return []

    def draw(self):
        pass


def check_frame_room() -> None:
    canvas = Canvas(BytesIO())
    frame = Frame(0, 0, 100, 300, leftPadding=0, rightPadding=0, topPadding=10, bottomPadding=20)
    flowable = _Room()
    assert rp_flowables.frame_room(flowable) is None, "a flowable no frame has placed has a frame"
    frame.split(flowable, canvas)
    assert frame.add(Spacer(10, 50), canvas)
    frame.split(flowable, canvas)
    assert flowable.told == [(270, True), (270, False)], \
        f"the frame told {flowable.told}, not its whole height and then that it is not at its top"


def check_glyph_map() -> None:
    family = load(ROOT / "fonts")
    glyphs = rp_fonts.glyph_map(family.regular)
    assert isinstance(glyphs, Mapping), f"a {type(glyphs).__name__}, not a mapping"
    assert ord("A") in glyphs and ord("é") in glyphs and isinstance(glyphs[ord("A")], int)
    assert ord("中") not in glyphs and ord("\U0001f600") not in glyphs, "claims glyphs it lacks"


def check_drawing_images() -> None:
    from PIL import Image as Pillow
    from reportlab.graphics import renderPDF, shapes

    sig = inspect.signature(renderPDF._PDFRenderer.drawImage)
    assert list(sig.parameters) == ["self", "image"], f"drawImage{sig}"
    plain = shapes.Drawing(40, 20)
    plain.add(shapes.Rect(0, 0, 10, 10, fillColor=None))
    assert _pdf_page(lambda c: rp_drawings.draw_drawing(plain, c)) == _pdf_page(
        lambda c: plain.drawOn(c, 0, 0)), "a drawing without pictures is drawn differently"
    pictured = shapes.Drawing(40, 20)
    pictured.add(shapes.Image(5, 5, 20, 10, Pillow.new("RGBA", (4, 2), (255, 0, 0, 128))))
    data = _pdf_page(lambda c: rp_drawings.draw_drawing(pictured, c))
    assert b"/Subtype /Image" in data and b"/SMask" in data, "the picture is no XObject with alpha"
    assert b"\nBI\n" not in data and b"\nBI " not in data, "the picture is drawn inline"
    # the drawing starts in the canvas's first font (``_PDFRenderer.initState``, its
    # ``_tracker``, and ``Canvas._initialFontName``), whatever the process-wide default is
    family = load(ROOT / "fonts")
    default = rl_config.defaultGraphicsFontName
    rl_config.defaultGraphicsFontName = "Helvetica"
    try:
        out = BytesIO()
        canvas = Canvas(out, pageCompression=0, invariant=1, initialFontName=family.regular)
        rp_drawings.draw_drawing(plain, canvas)
        canvas.showPage()
        canvas.save()
    finally:
        rl_config.defaultGraphicsFontName = default
    assert b"/Helvetica" not in out.getvalue(), "the drawing starts in the process-wide font"


def check_font_tables() -> None:
    path = ROOT / "fonts" / "NotoSerif-Italic.ttf"
    parsed = TTFont("adapter-test-parsed", str(path))
    assert set(vars(parsed)) == rp_fonts.TTFONT_FIELDS, f"TTFont sets {sorted(vars(parsed))}"
    tables = pickle.loads(pickle.dumps(rp_fonts.font_tables(parsed)))  # as kept in the cache
    made = rp_fonts.font_from_tables("adapter-test-parsed", tables, path.read_bytes())
    assert set(vars(made)) == rp_fonts.TTFONT_FIELDS
    assert set(vars(made.face)) == set(vars(parsed.face)), "the face's fields differ"
    for name, value in vars(parsed.face).items():
        if name != "_pdfScale":
            assert getattr(made.face, name) == value, f"face.{name} differs"
    assert [made.face._pdfScale(v) for v in (0, 1, 517, 2048)] == \
        [parsed.face._pdfScale(v) for v in (0, 1, 517, 2048)], "face._pdfScale differs"
    assert (made.shapable, made._asciiReadable) == (parsed.shapable, parsed._asciiReadable)
    text = "Ketamine — naïve “quotes” 123"
    assert made.stringWidth(text, 11) == parsed.stringWidth(text, 11)
    pages = []
    for font in (parsed, made):
        pdfmetrics.registerFont(font)
        pages.append(_pdf_page(lambda c, f=font: (c.setFont(f.fontName, 12),
                                                  c.drawString(10, 10, text))))
    assert pages[0] == pages[1], "a page drawn in the font made from its tables differs"


QR_URL = "https://www.example.org/clinics/portland-maine/book-a-visit?first=1"


def check_qr_encoder() -> None:
    alone = rp_qr._qrencoder()  # the file loaded without its package
    assert alone.__file__ == qrencoder.__file__, "not the qrencoder.py the package imports"
    taken = {name for name, value in vars(alone).items()
             if (getattr(value, "__name__", "") if inspect.ismodule(value)
                 else getattr(value, "__module__", "") or "").startswith("reportlab")
             and getattr(value, "__module__", None) != alone.__name__}
    assert taken == set(), f"qrencoder.py now takes {sorted(taken)} from ReportLab"
    sig = inspect.signature(qrencoder.QRCode.makeImpl)
    assert list(sig.parameters) == ["self", "test", "maskPattern"], f"makeImpl{sig}"
    for n in (7, 18, 26, 30):  # error correction codewords per block, versions 1 to 40
        kept = alone.QRUtil.getErrorCorrectPolynomial(n)
        assert alone.QRUtil.getErrorCorrectPolynomial(n) is kept, "the polynomial is made again"
        made = qrencoder.QRUtil.getErrorCorrectPolynomial(n)
        assert [kept.get(i) for i in range(kept.getLength())] == \
            [made.get(i) for i in range(made.getLength())], f"another polynomial for {n}"
    assert qrencoder.QRUtil.getErrorCorrectPolynomial(7) is not \
        qrencoder.QRUtil.getErrorCorrectPolynomial(7), "the package's own module was changed"
    assert alone.QRPolynomial.mod is not qrencoder.QRPolynomial.mod
    import random

    rng = random.Random(5)  # the remainder (the error correction codewords), as ReportLab's
    for n in (7, 10, 18, 26, 30):
        divisor = qrencoder.QRUtil.getErrorCorrectPolynomial(n)
        for size in (1, n - 1, n, 19, 80, 122, 0):
            data = [rng.randrange(256) for _ in range(size)] or [0, 0, 0]  # or: all zero
            data[:2] = [0, rng.randrange(2)] if size > 40 else data[:2]  # leading zeros
            made = qrencoder.QRPolynomial(data, n).mod(divisor).num
            ours = alone.QRPolynomial(data, n).mod(alone.QRPolynomial(divisor.num, 0)).num
            assert ours == made, f"another remainder of {size} codewords by {n}"
    code = rp_qr.QrEncoder(QR_URL)
    n = code.version * 4 + 17
    symbol = code.place(0, trial=False)
    assert len(symbol) == n and all(len(row) == n for row in symbol), "not n × n modules"
    assert code.place(0, trial=False) is not symbol, "placing again reuses the list"
    public = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    public.addData(QR_URL)
    public.make()
    made = [[bool(public.isDark(r, c)) for c in range(n)] for r in range(n)]
    assert public.getModuleCount() == n, "not the version ReportLab's own make() chooses"
    assert any([[bool(m) for m in row] for row in code.place(mask, trial=False)] == made
               for mask in range(8)), "no mask places the symbol ReportLab's own make() makes"
    for url in (QR_URL, QR_URL + "&campaign=" + "x" * 120):  # version 7 and up: version bits
        code = rp_qr.QrEncoder(url)
        for mask in range(8):
            final = [list(row) for row in code.place(mask, trial=False)]
            code.place(mask, trial=True)
            assert code.finish(mask) == final, f"finish({mask}) of version {code.version}"


def check_qr_masks() -> None:
    code = rp_qr.QrEncoder(QR_URL)
    positions = rp_qr.qr_data_positions(code.version)
    n = code.version * 4 + 17
    assert positions and all(0 <= c < n and 0 <= r < n for c, r in positions)
    data = set(positions)
    assert len(data) == len(positions), "a data position is listed twice"
    base, flips0 = code.place(0, trial=True), rp_qr.qr_mask(0)
    for mask in range(1, 8):
        placed, flips = code.place(mask, trial=True), rp_qr.qr_mask(mask)
        for r in range(n):
            for c in range(n):
                want = bool(base[r][c])
                if (c, r) in data:
                    want ^= flips0(r, c) ^ flips(r, c)
                assert bool(placed[r][c]) == want, f"mask {mask} at row {r}, column {c}"


#: internal of ReportLab → (the adapter's function or class that uses it, its check)
def _written(prepare: Callable[[Canvas], None],
             draw: Callable[[Canvas], None] = lambda canvas: None, compressed: bool = False):
    """A one-page PDF drawn by ``draw``, whose document ``prepare`` changes before it is
    written (as the tagging does), read back with pikepdf."""
    import pikepdf

    out = BytesIO()
    canvas = Canvas(out, pageCompression=int(compressed), invariant=1)
    draw(canvas)
    canvas.showPage()
    prepare(canvas)
    canvas.save()
    return pikepdf.open(BytesIO(out.getvalue()))


def _inline(data: bytes) -> rp_document.RawObject:
    return rp_document.RawObject(data, inline=True)


def check_document_objects() -> None:
    def prepare(canvas: Canvas) -> None:
        doc = rp_document.pdf_document(canvas)
        [page] = rp_document.page_objects(doc)
        ours = rp_document.RawObject(b"<< /Kind /Ours >>")
        ref = rp_document.reference(doc, ours)
        assert re.fullmatch(rb"\d+ 0 R", ref), ref
        assert rp_document.reference(doc, ours) == ref, "an object registered twice"
        rp_document.add_entries(page, {"StructParents": _inline(b"7"), "Tabs": _inline(b"/S")})
        rp_document.add_entries(doc.Catalog, {"OutputIntents": _inline(b"[" + ref + b"]")})
        doc.Catalog.MarkInfo = _inline(b"<< /Marked true >>")

    with _written(prepare) as pdf:
        page = pdf.pages[0].obj
        assert (int(page.StructParents), page.Tabs) == (7, "/S"), "the page's new keys"
        assert pdf.Root.OutputIntents[0].Kind == "/Ours", "the catalog's new key"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        # (the catalog's own attributes, MarkInfo here, ReportLab writes as objects of their own)
        assert not pdf.Root.get("/OutputIntents").is_indirect, "an inline value written apart"
        assert pdf.Root.OutputIntents[0].is_indirect, "an object of its own written inline"


def check_annotations() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.bookmarkPage("here")
        canvas.linkURL("https://example.org", (10, 10, 50, 20))
        canvas.linkRect("", "here", (10, 30, 50, 40))

    def prepare(canvas: Canvas) -> None:
        doc = rp_document.pdf_document(canvas)
        [page] = rp_document.page_objects(doc)
        for i, words in enumerate(("the site", "là-bas")):
            rp_document.add_annotation_entries(rp_document.annotation(doc, page, i), words,
                                      {"StructParent": _inline(b"%d" % (i + 1)),
                                       "F": _inline(b"4")})

    with _written(prepare, draw) as pdf:
        annots = pdf.pages[0].obj.Annots
        assert [str(a.Contents) for a in annots] == ["the site", "là-bas"]
        assert [int(a.StructParent) for a in annots] == [1, 2]
        assert [int(a.F) for a in annots] == [4, 4]
        assert str(annots[0].A.URI) == "https://example.org" and "/Dest" in annots[1]


def check_dates() -> None:
    date = "D:20261101093000+00'00'"
    with _written(lambda canvas: rp_document.set_dates(rp_document.pdf_document(canvas), date)) as pdf:
        assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == date


def check_blends() -> None:
    from PIL import Image as Pillow
    from reportlab.lib.utils import ImageReader

    seen: list[bool] = []

    def picture(alpha: int) -> ImageReader:
        return ImageReader(Pillow.new("RGBA", (4, 2), (255, 0, 0, alpha)))

    def drawn(draw: Callable[[Canvas], None]) -> bool:
        def prepare(canvas: Canvas) -> None:
            doc = rp_document.pdf_document(canvas)
            seen.append(rp_document.blends(doc, rp_document.page_objects(doc)[0]))

        _written(prepare, draw).close()
        return seen[-1]

    def in_form(canvas: Canvas) -> None:
        canvas.beginForm("logo")
        canvas.drawImage(picture(128), 0, 0, 20, 10, mask="auto")
        canvas.endForm()
        canvas.doForm("logo")

    assert not drawn(lambda c: c.rect(10, 10, 20, 20, fill=1)), "a rectangle blends"
    assert drawn(lambda c: c.drawImage(picture(128), 0, 0, 20, 10, mask="auto")), \
        "a picture with alpha does not blend"
    assert drawn(in_form), "a picture with alpha in a form does not blend"


def check_to_unicode_maps() -> None:
    family = load(ROOT / "fonts")
    names: list[str] = []

    def rewrite(name: str, cmap: str) -> str:
        names.append(name)
        assert "beginbfchar" in cmap, cmap[:200]
        return cmap.replace("endcmap", "%ours\nendcmap")

    def draw(canvas: Canvas) -> None:
        canvas.setFont(family.regular, 10)
        canvas.drawString(10, 10, "Hello")

    docs: list[PDFDocument] = []

    def prepare(canvas: Canvas) -> None:
        docs.append(rp_document.pdf_document(canvas))
        rp_fonts.rewrite_to_unicode_maps(docs[-1], rewrite)

    for _ in range(2):  # the first compresses the maps, the second takes the bytes kept
        with _written(prepare, draw, compressed=True) as pdf:
            maps = [f.ToUnicode.read_bytes() for page in pdf.pages
                    for f in page.obj.Resources.Font.values() if "/ToUnicode" in f]
        assert maps and all(b"%ours" in m for m in maps), "the maps written are not the rewritten"
    assert names and all("+" in n for n in names), names
    first, second = ({name: obj for name, obj in doc.idToObject.items()
                      if name.startswith("toUnicodeCMap:")} for doc in docs)
    assert first and first.keys() == second.keys(), f"maps {list(first)}, then {list(second)}"
    for name, stream in second.items():
        assert stream.content is first[name].content, f"{name} was compressed again"


def check_subset_font() -> None:
    """``SubsetFont`` codes every text as ``TTFont`` does and leaves the same subsets, over texts
    with characters new and seen, a no-break space, characters the font lacks, and more than
    256 distinct characters (so later subsets are used); and it codes a text seen before without
    ReportLab's loop."""
    import random

    path = str(ROOT / "fonts" / "NotoSans-Regular.ttf")
    ours, theirs = rp_fonts.SubsetFont("subset-check", path), TTFont("subset-check-rl", path)
    doc_ours, doc_theirs = PDFDocument(), PDFDocument()  # each font keeps a state per document
    alphabet = ("abcdefghij ABCDE.,;é\u00a0" + "".join(map(chr, range(0x391, 0x3c9)))
                + "".join(map(chr, range(0x410, 0x44f))) + "".join(map(chr, range(0x100, 0x17f)))
                + "漢\ue000")  # the last two: not in the font
    rng = random.Random(17)
    texts = ["Hello", "Hello", "\u00a0", " ", "a\u00a0b"]
    texts += ["".join(rng.choice(alphabet[:rng.randint(5, len(alphabet))])
                      for _ in range(rng.randint(1, 40))) for _ in range(400)]
    texts += ["Hello world", "abc", "αβγ"]
    loops = 0
    base = TTFont.splitString

    def counted(self, *args, **kwargs):
        nonlocal loops
        loops += self is ours
        return base(self, *args, **kwargs)

    TTFont.splitString = counted  # type: ignore[method-assign]
    try:
        for text in texts:
            assert ours.splitString(text, doc_ours) == theirs.splitString(text, doc_theirs), text
        before = loops
        for text in ("Hello", "lob", "a\u00a0b", "Hel lo"):  # coded first: the first subset
            assert ours.splitString(text, doc_ours) == theirs.splitString(text, doc_theirs)
        assert loops == before, "a text seen before went through ReportLab's loop"
    finally:
        TTFont.splitString = base  # type: ignore[method-assign]
    mine, rl = ours.state[doc_ours], theirs.state[doc_theirs]
    assert (mine.assignments, mine.subsets, mine.nextCode) == (rl.assignments, rl.subsets,
                                                                rl.nextCode)
    assert len(rl.subsets) > 1, "the texts did not fill the first subset"


def check_subset_face() -> None:
    """A ``SubsetFace`` makes a subset's font file as ``TTFontFace`` does, once; the stream of
    that file in a second document holds the same bytes, written without compressing again."""
    path = str(ROOT / "fonts" / "NotoSans-Regular.ttf")
    ours, theirs = rp_fonts.SubsetFont("face-check", path).face, TTFont("face-check-rl", path).face
    assert isinstance(ours, rp_fonts.SubsetFace)
    subset = [0, *range(32, 127), 0xE9, 0x2014]
    assert ours.makeSubset(subset) == theirs.makeSubset(subset)
    assert ours.makeSubset(subset) is ours.makeSubset(subset), "the subset was made again"

    def stream(face, doc: PDFDocument) -> bytes:
        face.addSubsetObjects(doc, "F1+0", subset)
        found = doc.idToObject[f"fontFile:{face.filename}(F1+0)"]
        return found.format(doc)

    expected = stream(theirs, PDFDocument())
    for _ in range(2):  # the first compresses, the second takes the bytes kept
        doc = PDFDocument()
        assert stream(ours, doc) == expected
        assert doc.idToObject[f"fontFile:{ours.filename}(F1+0)"].filters[0].encode(b"x") == b"x"


def check_font_objects() -> None:
    """``SubsetFont.addObjects`` makes the objects of every subset as ``TTFont.addObjects``
    does, which write the same bytes, multiline or not, with comments or not; a second
    document's fonts and font descriptors are written without formatting a value again."""
    path = str(ROOT / "fonts" / "NotoSans-Regular.ttf")
    ours, theirs = rp_fonts.SubsetFont("objects-check", path), TTFont("objects-check", path)  # unregistered
    text = "".join(map(chr, range(0x20, 0x17F)))  # more than 256 characters: two subsets
    formatted: list[str] = []

    def objects(font: TTFont, doc: PDFDocument) -> dict[str, bytes]:
        font.splitString(text, doc)
        font.getSubsetInternalName(0, doc)  # as drawing does: names the font in the document
        font.addObjects(doc)
        written = {}
        for name, obj in doc.idToObject.items():
            formatted.clear()
            written[name] = PDFIndirectObject(name, obj).format(doc)
            if name.startswith(("F1+", "fontDescriptor:")):
                written[f"{name} formats"] = b"".join(sorted({k.encode() for k in formatted}))
        return written

    def counted(cls: type) -> Callable:
        def format(self, *args, **kwargs):
            formatted.append(cls.__name__)
            return original[cls](self, *args, **kwargs)
        return format

    classes = (PDFArray, PDFDictionary, PDFTrueTypeFont)
    original = {cls: cls.format for cls in classes}
    settings = rl_config.pdfMultiLine, rl_config.pdfComments
    try:
        for cls in classes:
            cls.format = counted(cls)  # type: ignore[method-assign]
        for rl_config.pdfMultiLine, rl_config.pdfComments in ((0, 0), (1, 0), (0, 1), (0, 0)):
            expected = objects(theirs, PDFDocument())
            assert {"F1+0", "F1+1"} <= expected.keys(), f"objects named {sorted(expected)}"
            for again in (False, True):
                got = objects(ours, PDFDocument())
                assert {k: v for k, v in got.items() if not k.endswith(" formats")} == \
                    {k: v for k, v in expected.items() if not k.endswith(" formats")}, \
                    "the objects written differ"
                if again and not rl_config.pdfComments:
                    formats = {k: v for k, v in got.items() if k.endswith(" formats") and v}
                    assert len(got) > 4 and not formats, f"formatted again: {formats}"
    finally:
        for cls in classes:
            cls.format = original[cls]  # type: ignore[method-assign]
        rl_config.pdfMultiLine, rl_config.pdfComments = settings


INTERNALS: dict[str, tuple[Callable | type, Callable[[], None]]] = {
    "Canvas._code": (rp_text.page_code, check_page_code),
    "PDFTextObject._code": (rp_text.text_code, check_text_code),
    "PDFTextObject._textOut and the _linkRecord hook of Paragraph": (rp_text.MarkedText, check_marked_text),
    "KeepTogether._content and KeepInFrame._content": (rp_flowables.kept_together, check_kept_together),
    "Table._cellvalues": (rp_flowables.table_cells, check_table_cells),
    "Paragraph.frags (each fragment's link and text)": (rp_flowables.link_runs, check_link_runs),
    "Paragraph.breakLines, frags and _width_max": (rp_flowables.line_break_extras, check_line_breaks),
    "Paragraph.blPara": (rp_flowables.has_lines, check_lines_kept),
    "Paragraph.blPara's lines (kind 0 and 1, ParaLines, FragLine and its words)":
        (rp_flowables.copy_lines, check_copy_lines),
    "Flowable._frame, Frame._aH and Frame._atTop": (rp_flowables.frame_room, check_frame_room),
    "TTFontFace.charToGlyph": (rp_fonts.glyph_map, check_glyph_map),
    "TTFont.splitString and TTFont.State (assignments, in the order codes are given)":
        (rp_fonts.SubsetFont, check_subset_font),
    "TTFontFace.makeSubset and addSubsetObjects (its fontFile stream in idToObject)":
        (rp_fonts.SubsetFace, check_subset_face),
    "TTFont.addObjects (State.subsets, internalName), PDFTrueTypeFont's fields, fontDescriptor:":
        (rp_fonts.SubsetFont.addObjects, check_font_objects),
    "renderPDF._PDFRenderer (drawImage, _canvas, initState's _tracker), Canvas._initialFontName":
        (rp_drawings.draw_drawing, check_drawing_images),
    "TTFont's fields and TTFontFace's parsed tables (_ttf_data, _pdfScale)":
        (rp_fonts.font_from_tables, check_font_tables),
    "qrencoder.QRCode (calculate_version, makeImpl, modules, setupTypeInfo, setupTypeNumber)":
        (rp_qr.QrEncoder, check_qr_encoder),
    "qrencoder.QRCode.dataPosIterator and QRUtil.getMask": (rp_qr.qr_data_positions, check_qr_masks),
    "Canvas._doc, PDFDocument.Reference, Pages.pages, PDFCatalog/PDFPage.__NoDefault__":
        (rp_document.add_entries, check_document_objects),
    "Page.Annots before writing, PDFDictionary.dict, LinkAnnotation (otherkw, permitted)":
        (rp_document.add_annotation_entries, check_annotations),
    "PDFInfo._dateFormatter": (rp_document.set_dates, check_dates),
    "XObjects of pages and forms, PDFImageXObject._smask": (rp_document.blends, check_blends),
    "PDFDocument.delayedFonts and the toUnicodeCMap: streams (content, filters)":
        (rp_fonts.rewrite_to_unicode_maps, check_to_unicode_maps),
}


@pytest.mark.parametrize("internal", INTERNALS)
def test_reportlab_internal_has_the_shape_we_use(internal):
    user, check = INTERNALS[internal]
    try:
        check()
        return
    except Exception as exc:  # an attribute gone, a signature changed, different behaviour
        failure = f"{type(exc).__name__}: {exc}"
    purpose = " ".join(inspect.getdoc(user).split("\n\n")[0].split()).rstrip(".")  # type: ignore[union-attr]
    pytest.fail(f"ReportLab {reportlab.Version} changed {internal}, used by "
                f"{user.__module__}.{user.__qualname__} ({purpose}); see its docstring "
                f"for what it does and the public alternative.\nWhat failed: {failure}",
                pytrace=False)


def test_every_adapter_function_is_checked_and_documented():
    modules = (rp_document, rp_drawings, rp_flowables, rp_fonts, rp_qr, rp_text)
    folder = Path(reportlab_private.__file__).parent
    assert sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__") == sorted(
        m.__name__.rsplit(".", 1)[1] for m in modules)  # every module of the adapter is read
    public = {(name, obj) for module in modules for name, obj in vars(module).items()
              if not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__}
    checked = {user.__name__ for user, _ in INTERNALS.values()}
    helpers = {"set_line_break_extras", "forget_lines", "qr_mask",  # checked with their pairs
               "font_tables", "Operator", "pdf_document", "RawObject", "reference",
               "page_objects", "annotation"}
    assert {name for name, _ in public} - checked - helpers == set(), \
        "adapter functions without a check here"
    for name, obj in public:
        assert inspect.getdoc(obj), f"{obj.__module__}.{name} has no docstring"


def test_documents_written_from_kept_font_objects_are_reportlabs_byte_for_byte():
    """Documents that draw different glyphs in turn, each written from what the ones before
    kept (font files, fonts and their descriptors, ToUnicode maps), are the files ReportLab
    writes on its own.

    A face no other test draws (one ReportLab ships), so that each font is the one registered
    for it, in turn: ReportLab gives a face's first font for any later font of that face."""
    path = str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")
    ours, theirs = rp_fonts.SubsetFont("kept-check", path), TTFont("kept-check-rl", path)
    every = "".join(chr(c) for c in sorted(ours.face.charToGlyph) if c >= 0x20)
    assert len(every) > 256, "the face cannot fill two subsets"
    texts = ["Hello, world", "Ketamine — naïve “quotes” 123", "Hello, world!", every,
             "Hello, world"]

    def written(font: TTFont, text: str, maps: bool) -> bytes:
        pdfmetrics.registerFont(font)
        try:
            assert pdfmetrics.getFont(font.fontName) is font, "another font has this face"
            out = BytesIO()
            canvas = Canvas(out, invariant=1)
            canvas.setFont(font.fontName, 10)
            canvas.drawString(10, 10, text)
            canvas.showPage()
            if maps:
                rp_fonts.rewrite_to_unicode_maps(rp_document.pdf_document(canvas), lambda name, cmap: cmap)
            canvas.save()
        finally:
            font.unregister()
        return out.getvalue()

    multiline = rl_config.pdfMultiLine
    try:
        for rl_config.pdfMultiLine in (0, 1):
            for text in texts * 2:
                expected = written(theirs, text, maps=False)
                assert expected.count(b"/Widths") == 1 + (text == every)
                assert written(ours, text, maps=True) == expected, f"{text!r} differs"
    finally:
        rl_config.pdfMultiLine = multiline
    assert len(ours.face._objects) > 4, "no font objects were kept"


# -- what the lower bound of the pin rests on ------------------------------------------------------


def test_drawings_take_our_family_as_their_base_font():
    """Our fonts become ReportLab's graphics base font when registered, after ReportLab's modules
    were imported; ReportLab reads it when a drawing is drawn only from 5.1 on (before, a logo
    drawn from SVG brought an unembedded Times-Roman into the PDF). pyproject pins >=5.1."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing, Rect

    family = load(ROOT / "fonts")
    drawing = Drawing(20, 20)
    drawing.add(Rect(0, 0, 10, 10))
    data = _pdf_page(lambda canvas: renderPDF.draw(drawing, canvas, 0, 0))
    standard = re.findall(rb"/BaseFont /([\w-]+)[^>]*/Subtype /Type1\b", data)  # not embedded
    assert not standard, (
        f"ReportLab {reportlab.Version} draws a drawing in {standard[0].decode()}, not in "
        f"{family.regular}, registered at run time as rl_config.defaultGraphicsFontName")
