"""The clinic panel: how to reach the clinic, a QR code to book, and its fees.

It stands where the guide's ``clinic-panel`` block is (in the seed guide, where a directory advert
used to be), so every edition ends by telling the patient who to call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Spacer

from handout.layout.flowables import Paragraph, QRCode
from handout.layout.markup import escape, link
from handout.model.clinic import bare_url
from handout.model.common import tel_link

if TYPE_CHECKING:
    from handout.layout.blocks import Builder

PAD = 14  # inner padding of the panel


def clinic_panel(b: Builder, depth: int) -> list[Flowable]:
    clinic, w, s = b.doc.clinic, b.words, b.s
    heading = b.heading(w("contact_heading", name=clinic.name), 2 if depth == 0 else 3,
                        "clinic-panel")
    box = b.table([[[_reach(b), _places(b)]]], [b.width], [
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(b.p.tint)), ("ROUNDEDCORNERS", [8, 8, 8, 8]),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD - 6)])
    return [KeepTogether([heading, b.plain_para(w("contact_lede"), s.body), box]),
            Spacer(1, 14)] + pricing(b)


def _row(b: Builder, label: str, markup: str) -> list[Flowable]:
    return [Paragraph(escape(label), b.s.panel_label), Paragraph(markup, b.s.panel_text)]


def _reach(b: Builder) -> Flowable:
    """Phone, email, web, booking and hours on the left; the QR code on the right."""
    c, w, s, colour = b.doc.clinic.contact, b.words, b.s, b.p.brand_text
    left = _row(b, w("phone"), link(c.phone, tel_link(c.phone), colour))
    if c.email:
        left += _row(b, w("email"), link(c.email, f"mailto:{c.email}", colour))
    if c.website:
        left += _row(b, w("website"), link(bare_url(c.website), c.website, colour))
    if c.booking:
        left += _row(b, w("book"), link(bare_url(c.booking), c.booking, colour))
    if c.hours:
        left += _row(b, w("hours"), "<br/>".join(escape(h) for h in c.hours))
    inner = b.width - 2 * PAD
    target = c.booking or c.website
    if not target:
        return b.table([[left]], [inner], _plain())
    size = s.metrics.body * 8.5
    right = [QRCode(target, size, w("qr_alt", url=bare_url(target))), Spacer(1, 4),
             Paragraph(escape(w("qr_caption" if c.booking else "qr_caption_site")), s.caption)]
    return b.table([[left, right]], [inner - size - 8, size + 8], _plain())


def _places(b: Builder) -> Flowable:
    """The clinic's addresses, side by side (up to three to a row)."""
    locations, w = b.doc.clinic.contact.locations, b.words
    if not locations:
        return Spacer(1, 0)
    cells = []
    for place in locations:
        lines = [f"<b>{escape(place.name)}</b>"] if place.name else []
        lines += [escape(line) for line in place.address]
        if place.phone:
            lines.append(link(place.phone, tel_link(place.phone), b.p.brand_text))
        cells.append(Paragraph("<br/>".join(lines), b.s.panel_text))
    cols = min(3, len(cells))
    rows = [cells[i:i + cols] + [""] * (cols - len(cells[i:i + cols]))
            for i in range(0, len(cells), cols)]
    label = Paragraph(escape(w("locations" if len(cells) > 1 else "location")), b.s.panel_label)
    inner = b.width - 2 * PAD
    grid = b.table(rows, [inner / cols] * cols, _plain())
    return b.table([[label], [grid]], [inner], _plain(top=0) + [
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, HexColor(b.p.rule)), ("TOPPADDING", (0, 0), (-1, 0), 8)])


def pricing(b: Builder) -> list[Flowable]:
    clinic, w, s, p = b.doc.clinic, b.words, b.s, b.p
    pr = clinic.pricing
    heading = b.heading(w("pricing_heading", name=clinic.name), 3, "clinic-pricing")
    if pr is None:
        return [KeepTogether([heading, b.plain_para(
            w("pricing_unpublished", name=clinic.name, phone=clinic.contact.phone), s.body)])]
    out: list[Flowable] = [heading]
    if pr.summary:
        out.append(b.para(pr.summary, s.body))
    if pr.items:
        rows = [[Paragraph(escape(w("service")), s.panel_label),
                 Paragraph(escape(w("price")), s.panel_label)]]
        for item in pr.items:
            label: list[Flowable] = [Paragraph(escape(item.label), s.cell)]
            if item.note:
                label.append(Paragraph(escape(item.note), s.card_source))
            rows.append([label, Paragraph(escape(item.price), s.cell_bold)])
        table = b.table(rows, [b.width - 90, 90], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, HexColor(p.brand)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, HexColor(p.rule)),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)],
            repeatRows=1)
        table.role = "Table"  # type: ignore[attr-defined]
        out += [table, Spacer(1, 10)]
    for key in ("insurance", "payment_plans", "sliding_scale"):
        text = getattr(pr, key)
        if text:
            out.append(Paragraph(f"<b>{escape(w(key))}.</b> " + b.markup(text), s.body))
    return out  # the heading keeps with the summary; the fee table may continue overleaf


def _plain(top: float = 0) -> list:
    return [("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
