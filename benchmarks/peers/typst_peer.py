"""The handout rendered with Typst: the guide and a clinic → Typst markup → PDF.

    python -m benchmarks.peers.typst_peer --root . --clinic boulder --out DIR

A small template (page, colours, cards, panel, footer with "Page N of M") plus a writer that turns
each block into markup. Every piece of YAML text becomes a Typst string literal, so nothing in it
is read as Typst syntax. ``Renderer`` keeps one ``typst.Compiler`` (fonts read once) for many
clinics, as a batch would.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import typst

from benchmarks.peers.content import Content, bare, read, tel

TEMPLATE = r"""
#let brand = rgb(DATA.brand)
#let tint = brand.lighten(92%)
#let ink = rgb("#1f2328")
#let muted = rgb("#5a6270")
#set document(title: DATA.title, author: DATA.clinic)
#set text(font: "Noto Sans", size: 12pt, fill: ink, lang: "en")
#set par(leading: 0.62em, spacing: 0.9em)
#set page(DATA.paper, margin: (x: (DATA.width - 5.9in) / 2, top: 0.75in, bottom: 0.9in),
  background: context place(top, rect(width: 100%, height: if here().page() == 1 { 10pt } else { 4pt }, fill: brand)),
  footer: context [
    #line(length: 100%, stroke: 0.6pt + muted.lighten(50%))
    #set text(size: 9pt, fill: muted)
    Page #counter(page).display() of #counter(page).final().first() #h(1fr) #DATA.short #sym.dot.c #DATA.phone
  ])
#show heading.where(level: 1): set text(font: "Noto Serif", weight: "bold", size: 27pt)
#show heading.where(level: 2): set text(font: "Noto Serif", weight: "bold", size: 19pt)
#show heading.where(level: 3): set text(weight: "bold", size: 14.5pt)
#show heading: set block(above: 1.3em, below: 0.6em, sticky: true)
#show link: set text(fill: brand.darken(20%))
#let kicker(body) = text(size: 11pt, weight: "bold", fill: brand.darken(20%), body)
#let boxed(body) = block(width: 100%, fill: tint, inset: (left: 16pt, right: 14pt, y: 10pt),
  stroke: (left: 4pt + brand), breakable: false, body)
#let card(n, label, title, body, source) = block(width: 100%, breakable: false, inset: (y: 6pt), grid(
  columns: (30pt, 1fr), gutter: 10pt,
  circle(radius: 12pt, fill: brand, align(center + horizon, text(fill: white, weight: "bold", str(n)))),
  [#kicker(label) \ #text(size: 13.5pt, weight: "bold", title) \ #body #if source != none [ \ #text(size: 10.5pt, fill: muted, source)]]))
"""


def s(text: str) -> str:
    """A Typst string literal: YAML text never becomes Typst syntax."""
    return json.dumps(text, ensure_ascii=False)


class Writer:
    def __init__(self, content: Content):
        self.c = content
        self.out: list[str] = []

    def inline(self, text: str) -> str:
        parts = []
        for span in self.c.spans(text):
            if span.cite is not None:
                n = self.c.number(span.cite)
                parts.append(f'#link(<source-{n}>)[\\[{n}\\]]')
                continue
            piece = f"#{s(span.text)}"
            if span.href:
                piece = f"#link({s(span.href)})[#underline[{piece}]]"
            if span.italic:
                piece = f"#emph[{piece}]"
            if span.bold:
                piece = f"#strong[{piece}]"
            parts.append(piece)
        return "".join(parts)

    def document(self) -> str:
        c, g = self.c.clinic, self.c.guide
        contact = c["contact"]
        logo = c.get("brand", {}).get("logo")
        head = f'#text(weight: "bold", fill: brand.darken(20%))[#{s(c["name"])}] \\ ' \
               f'#text(size: 10.5pt)[#link({s(tel(contact["phone"]))})[#{s(contact["phone"])}]' + \
               (f' #sym.dot.c #link({s(contact["website"])})[#{s(bare(contact["website"]))}]'
                if contact.get("website") else "") + "]"
        if logo:
            head = f'#grid(columns: (auto, 1fr), gutter: 12pt, align: horizon, ' \
                   f'image({s("/" + logo["file"])}, width: 1.5in, height: 0.8in, fit: "contain", ' \
                   f'alt: {s(logo["alt"])}), [{head}])'
        self.out += [head, '#line(length: 100%, stroke: 2.5pt + brand)', "#v(22pt)",
                     "#kicker[Patient guide]", f"= #{s(g['title'])}"]
        if g.get("subtitle"):
            self.out.append(f'#text(size: 15pt, fill: brand.darken(20%))[#{s(g["subtitle"])}]')
        for i, block in enumerate(self.c.blocks):
            self.block(block, 2, lede=i == 0)
        self.out.append(f'#v(10pt) #text(size: 10.5pt, fill: muted)[#{s(self.colophon())}]')
        if c.get("disclaimer"):
            self.out.append(f'#text(size: 10.5pt, fill: muted)[{self.inline(c["disclaimer"])}]')
        return "\n\n".join(self.out)

    def colophon(self) -> str:
        g = self.c.guide
        return f"Reviewed {g['reviewed']:%B %-d, %Y} · Version {g['version']} · " \
               f"Edition for {self.c.clinic['name']}"

    def block(self, b: dict, level: int, lede: bool = False) -> None:
        kind, o = b["kind"], self.out
        if kind == "paragraph":
            o.append(f"#text(size: 14pt)[{self.inline(b['text'])}]" if lede else self.inline(b["text"]))
        elif kind == "section":
            if b.get("kicker"):
                o.append(f"#kicker[#{s(b['kicker'])}]")
            o.append("=" * level + f" #{s(b['heading'])}")
            for child in b.get("blocks", []):
                self.block(child, 3)
        elif kind == "quote":
            o.append(f'#block(stroke: (left: 4pt + brand), inset: (left: 18pt, y: 4pt), breakable: false)['
                     f'#text(font: "Noto Serif", style: "italic", size: 16.5pt)[“{self.inline(b["text"])}”]'
                     f' \\ #text(weight: "bold", fill: muted)[— #{s(b.get("attribution", ""))}]]')
        elif kind == "callout":
            title = f'#text(weight: "bold", fill: brand.darken(20%))[#{s(b["title"])}] \\ ' if b.get("title") else ""
            o.append(f"#boxed[{title}{self.inline(b['text'])}]")
        elif kind == "items":
            o.append("=" * level + f" #{s(b['heading'])}")
            if b.get("intro"):
                o.append(self.inline(b["intro"]))
            for n, item in enumerate(b["items"], 1):
                src = ", ".join(self.c.sources[self.c.number(i) - 1]["label"] for i in item.get("sources", []))
                o.append(f"#card({n}, {s(b['item_label'] + ' ' + str(n))}, [{self.inline(item['title'])}], "
                         f"[{self.inline(item['body'])}], {('[#' + s('Source: ' + src) + ']') if src else 'none'})")
                if item.get("pricing"):
                    self.pricing_note(("payment_plans", "sliding_scale"))
        elif kind == "faq":
            if b.get("kicker"):
                o.append(f"#kicker[#{s(b['kicker'])}]")
            o.append("=" * level + f" #{s(b['heading'])}")
            for e in b["entries"]:
                o += ["=" * (level + 1) + f" #{s(e['question'])}", self.inline(e["answer"])]
                if e.get("pricing"):
                    self.pricing_note(("insurance",))
        elif kind == "clinic-panel":
            self.panel(level)
        elif kind == "sources":
            o.append("=" * level + f" #{s(b['heading'])}")
            for n, src in enumerate(self.c.sources, 1):
                o.append(f"#text(size: 10.5pt)[{n}. #{s(src['citation'].strip())}] <source-{n}>")

    def pricing_note(self, keys: tuple[str, ...]) -> None:
        c = self.c.clinic
        pricing = c.get("pricing") or {}
        shown = [(k, pricing[k]) for k in keys if pricing.get(k)] or \
            ([("summary", pricing["summary"])] if pricing.get("summary") else [])
        body = " ".join(self.inline(t) for _, t in shown) or \
            f'#{s(c["name"] + " does not publish fees in this guide. Call " + c["contact"]["phone"] + ".")}'
        self.out.append(f'#boxed[#text(weight: "bold", fill: brand.darken(20%))[#{s("At " + c["name"])}] \\ {body}]')

    def panel(self, level: int) -> None:
        c = self.c.clinic
        contact = c["contact"]
        rows = [("Phone", f'#link({s(tel(contact["phone"]))})[#{s(contact["phone"])}]')]
        for key, label, scheme in (("email", "Email", "mailto:"), ("website", "Website", ""),
                                   ("booking", "Book online", "")):
            if contact.get(key):
                shown = contact[key] if key == "email" else bare(contact[key])
                rows.append((label, f"#link({s(scheme + contact[key])})[#{s(shown)}]"))
        if contact.get("hours"):
            rows.append(("Hours", " \\ ".join(f"#{s(h)}" for h in contact["hours"])))
        for place in contact.get("locations", []):
            rows.append((place.get("name", "Address"), " \\ ".join(f"#{s(a)}" for a in place["address"])))
        cells = ", ".join(f'text(size: 10.5pt, weight: "bold", fill: brand.darken(20%), {s(k)}), [{v}]'
                          for k, v in rows)
        self.out += ["=" * level + f" #{s('Talk with ' + c['name'])}",
                     f"#block(width: 100%, fill: tint, radius: 8pt, inset: 14pt, breakable: false, "
                     f"grid(columns: (1fr, 3fr), row-gutter: 8pt, {cells}))"]
        pricing = c.get("pricing")
        self.out.append("=" * (level + 1) + f" #{s('Fees at ' + c['name'])}")
        if not pricing:
            self.out.append(f'#{s(c["name"] + " does not publish fees in this guide. Call " + contact["phone"] + ".")}')
            return
        if pricing.get("summary"):
            self.out.append(self.inline(pricing["summary"]))
        if pricing.get("items"):
            cells = ", ".join(f"[#{s(i['label'])}" + (f" \\ #text(size: 10.5pt, fill: muted)[#{s(i['note'])}]"
                              if i.get("note") else "") + f"], [#strong[#{s(i['price'])}]]"
                              for i in pricing["items"])
            self.out.append(f'#table(columns: (1fr, 90pt), stroke: (x, y) => (bottom: if y == 0 {{ 1.2pt + brand }} '
                            f'else {{ 0.5pt + muted.lighten(60%) }}), table.header([*Service*], [*Price*]), {cells})')
        for key, label in (("insurance", "Insurance"), ("payment_plans", "Payment plans"),
                           ("sliding_scale", "Sliding scale")):
            if pricing.get(key):
                self.out.append(f"#strong[#{s(label + '.')}] {self.inline(pricing[key])}")


def markup(content: Content) -> str:
    c = content.clinic
    data = {"brand": c["brand"]["primary"], "title": content.guide["title"], "clinic": c["name"],
            "short": c.get("short_name") or c["name"], "phone": c["contact"]["phone"],
            "paper": "a4" if c.get("paper") == "a4" else "us-letter"}
    width = "210mm" if data["paper"] == "a4" else "8.5in"
    head = "#let DATA = (" + ", ".join(f"{k}: {s(v)}" for k, v in data.items()) + f", width: {width})\n"
    return head + TEMPLATE + "\n" + Writer(content).document()


class Renderer:
    """One compiler for many documents: fonts are read once, as in a batch."""

    def __init__(self, root: Path):
        self.root = root
        self.compiler = typst.Compiler(root=str(root), font_paths=[str(root / "fonts")],
                                       ignore_system_fonts=True)

    def render(self, clinic: str, guide: str, out: Path) -> None:
        content = read(self.root, clinic, guide)
        out.parent.mkdir(parents=True, exist_ok=True)
        self.compiler.compile(input=markup(content).encode("utf-8"), output=str(out),
                              timestamp=0)


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
