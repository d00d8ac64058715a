"""The clinic panel: how to reach the clinic, a QR code to book, and its fees.

It stands where the guide's ``clinic-panel`` block is (in the seed guide, where a directory advert
used to be), so every edition ends by telling the patient who to call.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from handout.layout.boxes import Padding, surface
from handout.layout.columns import Rule
from handout.layout.flowables import Paragraph, QRCode
from handout.layout.markup import Markup, bold, escape, join, lines, link
from handout.model.clinic import bare_url
from handout.model.common import tel_link

if TYPE_CHECKING:
    from handout.layout.blocks import Builder

PAD = 14  # inner padding of the panel
GAP = 10  # room on the right of each column of the panel's rows (``CELL``)
#: Around each cell of the panel's rows: the gap to the next column, on its right; nothing else
#: (the box pads the panel).
CELL = Padding(right=GAP)


def clinic_panel(b: Builder, depth: int, keep: bool = True) -> list[Flowable]:
    """The contact panel, then the fees where the guide has them. With ``keep``, headings are kept
    with what follows them on a page; without, the caller places everything as one unit (the
    booklet's back cover)."""
    if not b.doc.guide.fees:
        return contact(b, depth, keep)
    return contact(b, depth, keep) + [Spacer(1, 14)] + pricing(b, keep)


def contact(b: Builder, depth: int, keep: bool = True) -> list[Flowable]:
    """How to reach the clinic: a heading, one line of welcome, and the box with the QR code."""
    clinic, w, s = b.doc.clinic, b.words, b.s
    heading = b.heading(w("contact_heading", name=clinic.name), 2 if depth == 0 else 3,
                        "clinic-panel")
    # the box may continue overleaf between its parts (in large type it can be taller than the
    # room left under the heading), under a plain "Continued": the heading holds the clinic's
    # name, which may be long
    parts: list[Flowable] = []
    for part in _reach(b):
        parts += [Spacer(1, 8), part] if parts else [part]
    parts.append(_places(b))
    box = b.box(parts, surface=surface(s.metrics, b.p, radius=8),
                padding=Padding(left=PAD, right=PAD, top=PAD, bottom=PAD - 6), width=b.width)
    return _kept([heading, b.plain_para(w("contact_lede"), s.body), box], keep)


def _kept(flowables: list[Flowable], keep: bool) -> list[Flowable]:
    return [KeepTogether(flowables)] if keep else flowables


def _row(b: Builder, label: str, markup: Markup, key: str) -> list[Flowable]:
    return [Paragraph(escape(label), b.s.panel_label),
            b.traced(Paragraph(markup, b.s.panel_text), b.doc.origins.clinic("contact", key))]


def _reach(b: Builder) -> list[Flowable]:
    """Phone, email, web, booking and hours on the left; the QR code on the right (or below)."""
    c, w, s, colour = b.doc.clinic.contact, b.words, b.s, b.p.brand_text
    left = _row(b, w("phone"), link(c.phone, tel_link(c.phone), colour), "phone")
    if c.email:
        left += _row(b, w("email"), link(c.email, f"mailto:{c.email}", colour), "email")
    if c.website:
        left += _row(b, w("website"), link(bare_url(c.website), c.website, colour), "website")
    if c.booking:
        left += _row(b, w("book"), link(bare_url(c.booking), c.booking, colour), "booking")
    if c.hours:
        left += _row(b, w("hours"), lines(c.hours), "hours")
    inner = b.width - 2 * PAD
    target = c.booking or c.website
    if not target:
        return [b.columns([[left]], [inner], padding=CELL)]
    size = s.metrics.qr
    code = QRCode(target, size, w("qr_alt" if c.booking else "qr_alt_site", url=bare_url(target)))
    caption = escape(w("qr_caption" if c.booking else "qr_caption_site"))
    shown = [c.phone, c.email] + [bare_url(url) for url in (c.website, c.booking) if url]
    if _widest(b, shown) <= inner - size - 8 - GAP:
        right = [code, Spacer(1, 4), Paragraph(caption, s.caption)]
        return [b.columns([[left, right]], [inner - size - 8, size + 8], padding=CELL)]
    # an address too long to sit beside the code (large type, narrow page): the code goes below
    below = b.columns([[code, Paragraph(caption, s.small)]], [size + 12, inner - size - 12],
                      padding=CELL, valign="MIDDLE")
    return [b.columns([[left]], [inner], padding=CELL), below]


def _widest(b: Builder, texts: list[str | None]) -> float:
    """Width of the longest unbreakable line of the panel (addresses do not wrap well)."""
    style = b.s.panel_text
    return max(stringWidth(t, style.fontName, style.fontSize) for t in texts if t)


def _places(b: Builder) -> Flowable:
    """The clinic's addresses, side by side (up to three to a row)."""
    locations, w = b.doc.clinic.contact.locations, b.words
    if not locations:
        return Spacer(1, 0)
    cells = []
    for n, place in enumerate(locations):
        card: list[str] = [bold(place.name)] if place.name else []
        card += place.address
        if place.phone:
            card.append(link(place.phone, tel_link(place.phone), b.p.brand_text))
        cells.append(b.traced(Paragraph(lines(card), b.s.panel_text),
                              b.doc.origins.clinic("contact", "locations", n)))
    cols = min(3, len(cells))
    rows = [cells[i:i + cols] for i in range(0, len(cells), cols)]
    label = Paragraph(escape(w("locations" if len(cells) > 1 else "location")), b.s.panel_label)
    inner = b.width - 2 * PAD
    grid = b.columns(rows, [inner / cols] * cols, padding=CELL)
    # two rows, so that the addresses may go overleaf when the box must continue
    return b.columns([[label], [grid]], [inner], padding=[replace(CELL, top=8), CELL],
                     above=Rule(0.6, b.p.rule))


def pricing(b: Builder, keep: bool = True, notes: bool = True, level: int = 3) -> list[Flowable]:
    """The clinic's fees: summary and fee table, then (with ``notes``) its notes on insurance,
    payment plans and sliding-scale fees; or whom to call when the clinic publishes none."""
    clinic, w, s = b.doc.clinic, b.words, b.s
    pr = clinic.pricing
    heading = b.heading(w("pricing_heading", name=clinic.name), level, "clinic-pricing")
    if pr is None:
        return _kept([heading, b.plain_para(
            w("pricing_unpublished", name=clinic.name, phone=clinic.contact.phone), s.body)], keep)
    out: list[Flowable] = [heading]
    if pr.summary:
        out.append(b.traced(b.para(pr.summary, s.body), b.doc.origins.clinic("pricing", "summary")))
    out += fee_table(b)
    if notes:
        out += pricing_notes(b, s.body)
    return out  # the heading keeps with the summary; the fee table may continue overleaf


def fee_table(b: Builder) -> list[Flowable]:
    """Service and fee, one row each (none when the clinic lists no items)."""
    w, s, p, pr = b.words, b.s, b.p, b.doc.clinic.pricing
    if pr is None or not pr.items:
        return []
    rows: list[list[Flowable | list[Flowable]]] = [[Paragraph(escape(w("service")), s.panel_label),
             Paragraph(escape(w("price")), s.panel_label)]]
    for n, item in enumerate(pr.items):
        at = partial(b.doc.origins.clinic, "pricing", "items", n)
        label: list[Flowable] = [b.traced(Paragraph(escape(item.label), s.cell), at("label"))]
        if item.note:
            label.append(b.traced(Paragraph(escape(item.note), s.card_source), at("note")))
        rows.append([label, b.traced(Paragraph(escape(item.price), s.cell_bold), at("price"))])
    table = b.table(rows, [b.width - 90, 90], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, HexColor(p.brand)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, HexColor(p.rule)),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)],
        # a row taller than a page continues on the next, two lines at least on each side
        repeatRows=1, splitInRow=2 * s.cell.leading + 11)
    table.role = "Table"  # type: ignore[attr-defined]
    return [table, Spacer(1, 10)]


def pricing_notes(b: Builder, style) -> list[Flowable]:
    """The clinic's notes on insurance, payment plans and sliding-scale fees."""
    w, pr = b.words, b.doc.clinic.pricing
    out: list[Flowable] = []
    for key in ("insurance", "payment_plans", "sliding_scale"):
        text = getattr(pr, key) if pr is not None else None
        if text:
            out.append(b.traced(Paragraph(join((bold(f"{w(key)}."), " ", b.markup(text))), style),
                                b.doc.origins.clinic("pricing", key)))
    return out
