"""The handout rendered by a plain ReportLab script: the guide and a clinic → platypus → PDF.

    python -m benchmarks.peers.reportlab_peer --root . --clinic boulder --out DIR

What a team would write with ReportLab alone, and the floor under handout's own cost (handout is
built on ReportLab): the same words, fonts, masthead with the logo (svglib for SVG), brand band,
numbered cards and callouts as tables, quote, clinic panel, fee table, sources and a
"Page N of M" footer. No structure tree or other tagging, no QR code, no checks of the content:
YAML values go straight into paragraphs (escaped). Output is invariant (same bytes each run).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from benchmarks.peers.content import Content, bare, read, tel

FACES = {"Peer": "NotoSans-Regular.ttf", "Peer-Bold": "NotoSans-Bold.ttf",
         "Peer-Italic": "NotoSans-Italic.ttf", "Peer-BoldItalic": "NotoSans-BoldItalic.ttf",
         "PeerSerif-Bold": "NotoSerif-Bold.ttf", "PeerSerif-Italic": "NotoSerif-Italic.ttf"}
INK, MUTED = colors.HexColor("#1f2328"), colors.HexColor("#5a6270")


class NumberedCanvas(Canvas):
    """ReportLab's usual recipe for "Page N of M": keep each page's state, number them at the end."""

    def __init__(self, *args, footer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.pages: list[dict] = []
        self.footer = footer

    def showPage(self):  # noqa: N802 - ReportLab's name
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for state in self.pages:
            self.__dict__.update(state)
            self.setFont("Peer", 9)
            self.setFillColor(MUTED)
            self.drawString(0.75 * inch, 0.5 * inch, f"Page {self._pageNumber} of {len(self.pages)}")
            self.drawRightString(self._pagesize[0] - 0.75 * inch, 0.5 * inch, self.footer)
            super().showPage()
        super().save()


class Writer:
    def __init__(self, content: Content):
        self.c = content
        brand = colors.HexColor(content.clinic["brand"]["primary"])
        self.brand = brand
        self.tint = colors.Color(brand.red, brand.green, brand.blue, alpha=0.08)
        def s(name: str, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, **{"fontName": "Peer", "fontSize": 12, "leading": 17,
                                           "textColor": INK, "spaceAfter": 6.6, **kw})

        self.body, self.lede = s("body"), s("lede", fontSize=14, leading=19)
        self.small = s("small", fontSize=10.5, leading=14, textColor=MUTED)
        self.kicker = s("kicker", fontName="Peer-Bold", fontSize=11, leading=14, textColor=brand,
                        spaceAfter=3)
        self.h1 = s("h1", fontName="PeerSerif-Bold", fontSize=27, leading=31)
        self.h2 = s("h2", fontName="PeerSerif-Bold", fontSize=19, leading=23, spaceBefore=16)
        self.h3 = s("h3", fontName="Peer-Bold", fontSize=14.5, leading=18, spaceBefore=11)
        self.h4 = s("h4", fontName="Peer-Bold", fontSize=13.5, leading=17, spaceAfter=3)
        self.quote = s("quote", fontName="PeerSerif-Italic", fontSize=16.5, leading=23)
        self.badge = s("badge", fontName="Peer-Bold", textColor=colors.white, alignment=1)
        self.story: list = []

    def inline(self, text: str) -> str:
        parts = []
        for span in self.c.spans(text):
            if span.cite is not None:
                n = self.c.number(span.cite)
                parts.append(f'<a href="#source-{n}">[{n}]</a>')
                continue
            piece = escape(span.text)
            if span.href:
                piece = f'<a href="{escape(span.href)}" color="#{self.brand.hexval()[2:]}"><u>{piece}</u></a>'
            if span.italic:
                piece = f"<i>{piece}</i>"
            if span.bold:
                piece = f"<b>{piece}</b>"
            parts.append(piece)
        return "".join(parts)

    def para(self, markup: str, style: ParagraphStyle) -> None:
        self.story.append(Paragraph(markup, style))

    def box(self, flowables: list) -> Table:
        table = Table([[flowables]], colWidths=["100%"])
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), self.tint),
                                   ("LINEBEFORE", (0, 0), (0, -1), 4, self.brand),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 16),
                                   ("TOPPADDING", (0, 0), (-1, -1), 10)]))
        return table

    def document(self) -> list:
        c, g = self.c.clinic, self.c.guide
        contact = c["contact"]
        logo = c.get("brand", {}).get("logo")
        web = f' · <a href="{escape(contact["website"])}">{escape(bare(contact["website"]))}</a>' \
            if contact.get("website") else ""
        mast = Paragraph(f'<b>{escape(c["name"])}</b><br/><a href="{tel(contact["phone"])}">'
                         f'{escape(contact["phone"])}</a>{web}', self.small)
        cells = [[self.logo(self.c.root / logo["file"]), mast]] if logo else [[mast]]
        table = Table(cells, colWidths=[1.7 * inch, None] if logo else None, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LINEBELOW", (0, 0), (-1, -1), 2.5, self.brand)]))
        self.story += [table, Spacer(1, 22)]
        self.para("Patient guide", self.kicker)
        self.para(escape(g["title"]), self.h1)
        if g.get("subtitle"):
            self.para(escape(g["subtitle"]), ParagraphStyle("sub", parent=self.lede, fontSize=15,
                                                             textColor=self.brand, spaceAfter=17))
        for i, block in enumerate(self.c.blocks):
            self.block(block, 2, lede=i == 0)
        self.para(f'Reviewed {g["reviewed"]:%B %-d, %Y} · Version {escape(g["version"])} · '
                  f'Edition for {escape(c["name"])}', self.small)
        disclaimers = [c.get("disclaimer"),
                       (c.get("guides") or {}).get(g["id"], {}).get("disclaimer")]
        for text in filter(None, disclaimers):
            self.para(self.inline(text), self.small)
        return self.story

    def logo(self, path: Path):
        if path.suffix.lower() == ".svg":
            from svglib.svglib import svg2rlg

            drawing = svg2rlg(str(path))
            scale = min(1.5 * inch / drawing.width, 0.8 * inch / drawing.height)
            drawing.scale(scale, scale)
            drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
            return drawing
        image = Image(str(path))
        scale = min(1.5 * inch / image.imageWidth, 0.8 * inch / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        return image

    def block(self, b: dict, level: int, lede: bool = False) -> None:
        kind = b["kind"]
        heading = self.h2 if level == 2 else self.h3
        if kind == "paragraph":
            self.para(self.inline(b["text"]), self.lede if lede else self.body)
        elif kind == "section":
            if b.get("kicker"):
                self.para(escape(b["kicker"]), self.kicker)
            self.para(escape(b["heading"]), heading)
            for child in b.get("blocks", []):
                self.block(child, 3)
        elif kind == "quote":
            quote = [Paragraph(f"“{self.inline(b['text'])}”", self.quote),
                     Paragraph(f"— {escape(b.get('attribution', ''))}", self.kicker)]
            table = Table([[quote]])
            table.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, -1), 4, self.brand),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 18)]))
            self.story.append(table)
        elif kind == "callout":
            inside = [Paragraph(escape(b["title"]), self.kicker)] if b.get("title") else []
            self.story.append(self.box(inside + [Paragraph(self.inline(b["text"]), self.body)]))
        elif kind == "items":
            self.para(escape(b["heading"]), heading)
            if b.get("intro"):
                self.para(self.inline(b["intro"]), self.body)
            for n, item in enumerate(b["items"], 1):
                self.card(b, n, item)
        elif kind == "faq":
            if b.get("kicker"):
                self.para(escape(b["kicker"]), self.kicker)
            self.para(escape(b["heading"]), heading)
            for e in b["entries"]:
                self.story.append(KeepTogether([Paragraph(escape(e["question"]), self.h3),
                                                Paragraph(self.inline(e["answer"]), self.body)]))
                if e.get("pricing"):
                    self.pricing_note(("insurance",))
        elif kind == "clinic-panel":
            self.panel(level)
        elif kind == "sources":
            self.para(escape(b["heading"]), heading)
            for n, src in enumerate(self.c.sources, 1):
                self.para(f'<a name="source-{n}"/>{n}. {escape(src["citation"])}', self.small)

    def card(self, b: dict, n: int, item: dict) -> None:
        src = ", ".join(self.c.sources[self.c.number(i) - 1]["label"] for i in item.get("sources", []))
        text = [Paragraph(f"{escape(b['item_label'])} {n}", self.kicker),
                Paragraph(self.inline(item["title"]), self.h4),
                Paragraph(self.inline(item["body"]), self.body)]
        if src:
            text.append(Paragraph(f"Source: {escape(src)}", self.small))
        table = Table([[Paragraph(str(n), self.badge), text]], colWidths=[34, None])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (0, 0), self.brand),
                                   ("ROUNDEDCORNERS", [12, 12, 12, 12])]))
        self.story.append(table)
        if item.get("pricing"):
            self.pricing_note(("payment_plans", "sliding_scale"))

    def pricing_note(self, keys: tuple[str, ...]) -> None:
        c = self.c.clinic
        pricing = c.get("pricing") or {}
        shown = [pricing[k] for k in keys if pricing.get(k)] or \
            ([pricing["summary"]] if pricing.get("summary") else [])
        body = " ".join(self.inline(t) for t in shown) or \
            escape(f'{c["name"]} does not publish fees in this guide. Call {c["contact"]["phone"]}.')
        self.story.append(self.box([Paragraph(f"At {escape(c['name'])}", self.kicker),
                                    Paragraph(body, self.body)]))

    def panel(self, level: int) -> None:
        c = self.c.clinic
        contact = c["contact"]
        rows = [("Phone", f'<a href="{tel(contact["phone"])}">{escape(contact["phone"])}</a>')]
        for key, label, scheme in (("email", "Email", "mailto:"), ("website", "Website", ""),
                                   ("booking", "Book online", "")):
            if contact.get(key):
                shown = contact[key] if key == "email" else bare(contact[key])
                rows.append((label, f'<a href="{escape(scheme + contact[key])}">{escape(shown)}</a>'))
        if contact.get("hours"):
            rows.append(("Hours", "<br/>".join(escape(x) for x in contact["hours"])))
        for place in contact.get("locations", []):
            rows.append((place.get("name", "Address"), "<br/>".join(escape(a) for a in place["address"])))
        self.para(f"Talk with {escape(c['name'])}", self.h2 if level == 2 else self.h3)
        self.story.append(self.box([p for k, v in rows for p in (Paragraph(escape(k), self.kicker),
                                                                 Paragraph(v, self.body))]))
        self.para(f"Fees at {escape(c['name'])}", self.h3)
        pricing = c.get("pricing")
        if not pricing:
            self.para(f'{escape(c["name"])} does not publish fees in this guide. '
                      f'Call {escape(contact["phone"])}.', self.body)
            return
        if pricing.get("summary"):
            self.para(self.inline(pricing["summary"]), self.body)
        if pricing.get("items"):
            data = [[Paragraph("<b>Service</b>", self.body), Paragraph("<b>Price</b>", self.body)]]
            for i in pricing["items"]:
                note = f'<br/><font size="10.5" color="#5a6270">{escape(i["note"])}</font>' \
                    if i.get("note") else ""
                data.append([Paragraph(escape(i["label"]) + note, self.body),
                             Paragraph(f"<b>{escape(i['price'])}</b>", self.body)])
            table = Table(data, colWidths=[None, 90], repeatRows=1)
            table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1.2, self.brand),
                                       ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor("#d0d4da")),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            self.story.append(table)
        for key, label in (("insurance", "Insurance"), ("payment_plans", "Payment plans"),
                           ("sliding_scale", "Sliding scale")):
            if pricing.get(key):
                self.para(f"<b>{label}.</b> {self.inline(pricing[key])}", self.body)


class Renderer:
    """Fonts registered once for many documents, as a batch would."""

    def __init__(self, root: Path):
        self.root = root
        for name, file in FACES.items():
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(root / "fonts" / file)))
        pdfmetrics.registerFontFamily("Peer", normal="Peer", bold="Peer-Bold", italic="Peer-Italic",
                                      boldItalic="Peer-BoldItalic")

    def render(self, clinic: str, guide: str, out: Path) -> None:
        content = read(self.root, clinic, guide)
        c = content.clinic
        a4 = c.get("paper") == "a4"
        side = (1.18 if a4 else 1.3) * inch
        out.parent.mkdir(parents=True, exist_ok=True)
        brand = colors.HexColor(c["brand"]["primary"])
        footer = f"{c.get('short_name') or c['name']} · {c['contact']['phone']}"

        def band(canvas, doc):
            canvas.saveState()
            canvas.setFillColor(brand)
            width, height = doc.pagesize
            canvas.rect(0.3 * inch, height - 0.42 * inch, width - 0.6 * inch, 0.12 * inch,
                        stroke=0, fill=1)
            canvas.restoreState()

        doc = SimpleDocTemplate(str(out), pagesize=A4 if a4 else LETTER, leftMargin=side,
                                rightMargin=side, topMargin=0.75 * inch, bottomMargin=0.9 * inch,
                                title=content.guide["title"], author=c["name"], invariant=1)
        doc.build(Writer(content).document(), onFirstPage=band, onLaterPages=band,
                  canvasmaker=lambda *a, **kw: NumberedCanvas(*a, footer=footer, **kw))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--clinic", required=True)
    parser.add_argument("--guide", default="ketamine-benefits-risks")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    root = args.root.resolve()
    Renderer(root).render(args.clinic, args.guide, args.out / args.clinic / f"{args.guide}.pdf")


if __name__ == "__main__":
    main()
