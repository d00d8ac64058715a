"""The handout rendered with WeasyPrint: the guide and a clinic → HTML and CSS → PDF.

    python -m benchmarks.peers.weasyprint_peer --root . --clinic boulder --out DIR

The same page design as our handout in print CSS (@page with a running footer and "Page N of M"),
fonts from the project's fonts/ folder through @font-face. Every YAML string is HTML-escaped.
"""

from __future__ import annotations

import argparse
from html import escape
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from benchmarks.peers.content import Content, bare, read, tel

FACES = [("Noto Sans", "NotoSans-Regular.ttf", "normal", "normal"),
         ("Noto Sans", "NotoSans-Bold.ttf", "bold", "normal"),
         ("Noto Sans", "NotoSans-Italic.ttf", "normal", "italic"),
         ("Noto Sans", "NotoSans-BoldItalic.ttf", "bold", "italic"),
         ("Noto Serif", "NotoSerif-Bold.ttf", "bold", "normal"),
         ("Noto Serif", "NotoSerif-Italic.ttf", "normal", "italic")]

STYLE = """
@page { size: %(paper)s; margin: 0.75in %(side)s 0.9in;
  border-top: %(band)s;
  @bottom-left { content: "Page " counter(page) " of " counter(pages); font: 9pt "Noto Sans"; color: #5a6270; }
  @bottom-right { content: "%(footer)s"; font: 9pt "Noto Sans"; color: #5a6270; } }
body { font: 12pt/1.42 "Noto Sans"; color: #1f2328; margin: 0; }
h1, h2 { font-family: "Noto Serif"; font-weight: bold; break-after: avoid; }
h1 { font-size: 27pt; line-height: 1.15; margin: 0 0 7pt; } h2 { font-size: 19pt; margin: 16pt 0 6pt; }
h3 { font-size: 14.5pt; margin: 11pt 0 4pt; break-after: avoid; }
p { margin: 0 0 6.6pt; } a { color: %(text)s; }
.kicker { font-size: 11pt; font-weight: bold; color: %(text)s; margin: 0 0 3pt; }
.subtitle { font-size: 15pt; color: %(text)s; margin-bottom: 17pt; } .lede { font-size: 14pt; }
.mast { display: flex; align-items: center; border-bottom: 2.5pt solid %(brand)s; padding-bottom: 10pt; margin-bottom: 22pt; }
.mast img { width: 1.5in; height: 0.8in; object-fit: contain; margin-right: 12pt; }
blockquote { border-left: 4pt solid %(brand)s; margin: 8pt 0 14pt; padding: 4pt 12pt 4pt 18pt; break-inside: avoid; }
blockquote p { font: italic 16.5pt/1.4 "Noto Serif"; } .attr { font-weight: bold; color: #5a6270; }
.box { background: %(tint)s; border-left: 4pt solid %(brand)s; padding: 10pt 14pt 8pt 16pt; margin-bottom: 12pt; break-inside: avoid; }
.card { display: flex; break-inside: avoid; margin: 6pt 0; }
.badge { flex: none; width: 24pt; height: 24pt; border-radius: 12pt; background: %(brand)s; color: white; font-weight: bold; text-align: center; line-height: 24pt; margin-right: 10pt; }
.card h4 { font-size: 13.5pt; margin: 0 0 3pt; } .src, .small { font-size: 10.5pt; color: #5a6270; }
.panel { background: %(tint)s; border-radius: 8pt; padding: 14pt; break-inside: avoid; }
.panel dt { font-size: 10.5pt; font-weight: bold; color: %(text)s; } .panel dd { margin: 0 0 6pt; }
table { width: 100%%; border-collapse: collapse; } th { text-align: left; border-bottom: 1.2pt solid %(brand)s; }
td { border-bottom: 0.5pt solid #d0d4da; padding: 5pt 6pt 6pt 0; vertical-align: top; }
"""


class Writer:
    def __init__(self, content: Content):
        self.c = content
        self.out: list[str] = []

    def inline(self, text: str) -> str:
        parts = []
        for span in self.c.spans(text):
            if span.cite is not None:
                n = self.c.number(span.cite)
                parts.append(f'<a href="#source-{n}">[{n}]</a>')
                continue
            piece = escape(span.text)
            if span.href:
                piece = f'<a href="{escape(span.href)}"><u>{piece}</u></a>'
            if span.italic:
                piece = f"<i>{piece}</i>"
            if span.bold:
                piece = f"<b>{piece}</b>"
            parts.append(piece)
        return "".join(parts)

    def document(self) -> str:
        c, g = self.c.clinic, self.c.guide
        contact = c["contact"]
        logo = c.get("brand", {}).get("logo")
        img = f'<img src="{(self.c.root / logo["file"]).as_uri()}" alt="{escape(logo["alt"])}">' if logo else ""
        web = f' · <a href="{escape(contact["website"])}">{escape(bare(contact["website"]))}</a>' \
            if contact.get("website") else ""
        o = self.out
        o.append(f'<div class="mast">{img}<div><b class="kicker">{escape(c["name"])}</b><br>'
                 f'<span class="small"><a href="{tel(contact["phone"])}">{escape(contact["phone"])}</a>'
                 f'{web}</span></div></div>')
        o += ['<p class="kicker">Patient guide</p>', f"<h1>{escape(g['title'])}</h1>"]
        if g.get("subtitle"):
            o.append(f'<p class="subtitle">{escape(g["subtitle"])}</p>')
        for i, block in enumerate(self.c.blocks):
            self.block(block, 2, lede=i == 0)
        o.append(f'<p class="small">Reviewed {g["reviewed"]:%B %-d, %Y} · Version {escape(g["version"])}'
                 f' · Edition for {escape(c["name"])}</p>')
        if c.get("disclaimer"):
            o.append(f'<p class="small">{self.inline(c["disclaimer"])}</p>')
        return "".join(o)

    def block(self, b: dict, level: int, lede: bool = False) -> None:
        kind, o = b["kind"], self.out
        h = f"h{level}"
        if kind == "paragraph":
            o.append(f'<p{" class=lede" if lede else ""}>{self.inline(b["text"])}</p>')
        elif kind == "section":
            if b.get("kicker"):
                o.append(f'<p class="kicker">{escape(b["kicker"])}</p>')
            o.append(f"<{h}>{escape(b['heading'])}</{h}>")
            for child in b.get("blocks", []):
                self.block(child, 3)
        elif kind == "quote":
            o.append(f'<blockquote><p>“{self.inline(b["text"])}”</p>'
                     f'<div class="attr">— {escape(b.get("attribution", ""))}</div></blockquote>')
        elif kind == "callout":
            title = f'<b class="kicker">{escape(b["title"])}</b><br>' if b.get("title") else ""
            o.append(f'<div class="box">{title}{self.inline(b["text"])}</div>')
        elif kind == "items":
            o.append(f"<{h}>{escape(b['heading'])}</{h}>")
            if b.get("intro"):
                o.append(f"<p>{self.inline(b['intro'])}</p>")
            for n, item in enumerate(b["items"], 1):
                src = ", ".join(self.c.sources[self.c.number(i) - 1]["label"] for i in item.get("sources", []))
                o.append(f'<div class="card"><div class="badge">{n}</div><div>'
                         f'<p class="kicker">{escape(b["item_label"])} {n}</p>'
                         f'<h4>{self.inline(item["title"])}</h4><p>{self.inline(item["body"])}</p>'
                         + (f'<p class="src">Source: {escape(src)}</p>' if src else "") + "</div></div>")
                if item.get("pricing"):
                    self.pricing_note(("payment_plans", "sliding_scale"))
        elif kind == "faq":
            if b.get("kicker"):
                o.append(f'<p class="kicker">{escape(b["kicker"])}</p>')
            o.append(f"<{h}>{escape(b['heading'])}</{h}>")
            for e in b["entries"]:
                o.append(f"<h3>{escape(e['question'])}</h3><p>{self.inline(e['answer'])}</p>")
                if e.get("pricing"):
                    self.pricing_note(("insurance",))
        elif kind == "clinic-panel":
            self.panel(level)
        elif kind == "sources":
            o.append(f"<{h}>{escape(b['heading'])}</{h}>")
            for n, src in enumerate(self.c.sources, 1):
                o.append(f'<p class="small" id="source-{n}">{n}. {escape(src["citation"])}</p>')

    def pricing_note(self, keys: tuple[str, ...]) -> None:
        c = self.c.clinic
        pricing = c.get("pricing") or {}
        shown = [pricing[k] for k in keys if pricing.get(k)] or \
            ([pricing["summary"]] if pricing.get("summary") else [])
        body = " ".join(self.inline(t) for t in shown) or \
            escape(f'{c["name"]} does not publish fees in this guide. Call {c["contact"]["phone"]}.')
        self.out.append(f'<div class="box"><b class="kicker">At {escape(c["name"])}</b><br>{body}</div>')

    def panel(self, level: int) -> None:
        c, o = self.c.clinic, self.out
        contact = c["contact"]
        rows = [("Phone", f'<a href="{tel(contact["phone"])}">{escape(contact["phone"])}</a>')]
        for key, label, scheme in (("email", "Email", "mailto:"), ("website", "Website", ""),
                                   ("booking", "Book online", "")):
            if contact.get(key):
                shown = contact[key] if key == "email" else bare(contact[key])
                rows.append((label, f'<a href="{escape(scheme + contact[key])}">{escape(shown)}</a>'))
        if contact.get("hours"):
            rows.append(("Hours", "<br>".join(escape(x) for x in contact["hours"])))
        for place in contact.get("locations", []):
            rows.append((place.get("name", "Address"), "<br>".join(escape(a) for a in place["address"])))
        o.append(f"<h{level}>Talk with {escape(c['name'])}</h{level}><dl class=panel>"
                 + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>")
        o.append(f"<h3>Fees at {escape(c['name'])}</h3>")
        pricing = c.get("pricing")
        if not pricing:
            o.append(f'<p>{escape(c["name"])} does not publish fees in this guide. '
                     f'Call {escape(contact["phone"])}.</p>')
            return
        if pricing.get("summary"):
            o.append(f"<p>{self.inline(pricing['summary'])}</p>")
        if pricing.get("items"):
            o.append("<table><tr><th>Service</th><th>Price</th></tr>" + "".join(
                f'<tr><td>{escape(i["label"])}' + (f'<br><span class="src">{escape(i["note"])}</span>'
                                                    if i.get("note") else "")
                + f'</td><td><b>{escape(i["price"])}</b></td></tr>' for i in pricing["items"]) + "</table>")
        for key, label in (("insurance", "Insurance"), ("payment_plans", "Payment plans"),
                           ("sliding_scale", "Sliding scale")):
            if pricing.get(key):
                o.append(f"<p><b>{label}.</b> {self.inline(pricing[key])}</p>")


class Renderer:
    """One font configuration for many documents, as a batch would keep."""

    def __init__(self, root: Path):
        self.root = root
        self.fonts = FontConfiguration()
        faces = "".join(f'@font-face {{ font-family: "{family}"; src: url("{(root / "fonts" / file).as_uri()}"); '
                        f"font-weight: {weight}; font-style: {style}; }}\n"
                        for family, file, weight, style in FACES)
        self.faces = CSS(string=faces, font_config=self.fonts)

    def render(self, clinic: str, guide: str, out: Path) -> None:
        content = read(self.root, clinic, guide)
        c = content.clinic
        brand = c["brand"]["primary"]
        a4 = c.get("paper") == "a4"
        css = STYLE % {"paper": "A4" if a4 else "letter", "side": "1.18in" if a4 else "1.3in",
                       "band": f"0 solid {brand}", "brand": brand, "text": brand,
                       "tint": brand + "14", "footer": f"{c.get('short_name') or c['name']} · "
                                                       f"{c['contact']['phone']}".replace('"', "'")}
        html = (f'<html lang="en"><head><meta charset="utf-8"><title>{escape(content.guide["title"])}'
                f'</title><meta name="author" content="{escape(c["name"])}"></head><body>'
                f"{Writer(content).document()}</body></html>")
        out.parent.mkdir(parents=True, exist_ok=True)
        HTML(string=html, base_url=str(self.root)).write_pdf(
            str(out), stylesheets=[self.faces, CSS(string=css, font_config=self.fonts)],
            font_config=self.fonts)


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
