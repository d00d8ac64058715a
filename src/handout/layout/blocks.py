"""Stage 4, layout: a ``Document`` → the flowables of one edition, one builder per block kind.

``Builder.story()`` gives the complete list of flowables; the render stage places them on pages.
Adding a block kind means its model class (``handout.model.guide``) and one method here marked
``@builds(TheKind)``; a kind without a builder stops the import with a message saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from reportlab.lib.colors import HexColor
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from handout.layout.flowables import FIGURE_HEIGHT, MASTHEAD_LOGO, Badge, Heading, Paragraph, logo
from handout.layout.markup import Markup, anchor, bold, cite, escape, join, link, to_markup
from handout.layout.styles import StyleSheet
from handout.model.clinic import bare_url as _bare
from handout.model.common import tel_link
from handout.model.guide import (
    Block,
    BlockModel,
    Callout,
    ClinicPanel,
    Faq,
    Figure,
    Items,
    Quote,
    Section,
    Sources,
)
from handout.model.guide import Paragraph as ParagraphBlock
from handout.resolve import Document

BuildFunction = Callable[["Builder", Any, int], list[Flowable]]


def builds(kind: type[BlockModel]) -> Callable[[BuildFunction], BuildFunction]:
    """Mark a ``Builder`` method as the shared builder of blocks of ``kind``."""
    def mark(method: BuildFunction) -> BuildFunction:
        method.builds = kind.KIND  # type: ignore[attr-defined]
        return method
    return mark


class Layout(Protocol):
    """What the builder asks of a format (``handout.layout.formats.Format``): the measure, the
    matter before and after the guide's blocks, and the format's own builders, if any. The
    formats use the builder; the builder knows them only by this."""

    @property
    def measure(self) -> float: ...

    @property
    def front(self) -> Callable[[Builder], list[Flowable]]: ...

    @property
    def back(self) -> Callable[[Builder], list[Flowable]]: ...

    @property
    def blocks(self) -> Mapping[str, Callable[[Builder, Any, int], list[Flowable]]]: ...


class Builder:
    def __init__(self, doc: Document, styles: StyleSheet, fmt: Layout):
        self.doc, self.s, self.fmt = doc, styles, fmt
        self.words = doc.words
        self.width = fmt.measure
        self.p = styles.palette

    # -- text helpers ---------------------------------------------------------------------------

    def markup(self, text: str) -> Markup:
        """Paragraph markup for YAML text (escaped, placeholders filled, citations numbered)."""
        return to_markup(self.doc.spans(text), self.p.brand_text, self.doc.number)

    def para(self, text: str, style) -> Paragraph:
        return Paragraph(self.markup(text), style)

    def plain_para(self, text: str, style) -> Paragraph:
        return Paragraph(escape(text), style)

    def heading(self, text: str, level: int, block_id: str | None = None) -> Heading:
        style = {1: self.s.title, 2: self.s.h2}.get(level, self.s.h3)
        return Heading(escape(text), style, level, text, block_id)

    # -- the story ------------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        out = self.fmt.front(self)
        for block in self.doc.blocks:
            out += self.block(block, depth=0)
        out += self.fmt.back(self)
        return out

    def block(self, block: Block, depth: int) -> list[Flowable]:
        build = self.fmt.blocks.get(block.kind) or BUILDERS[block.kind]
        flowables: list[Flowable] = build(self, block, depth)
        for f in flowables:  # for layout error messages; a section's children keep their own
            if getattr(f, "_block_id", None) is None:
                f._block_id = block.id  # type: ignore[attr-defined]
            f._blocks = (block, *getattr(f, "_blocks", ()))  # type: ignore[attr-defined]  # for tagging
        return flowables

    def shared(self, block: Block, depth: int) -> list[Flowable]:
        """What the shared builder makes of ``block``: for a format's own builder to wrap."""
        return BUILDERS[block.kind](self, block, depth)

    def masthead(self) -> list[Flowable]:
        """Page 1: logo and clinic identity, then the guide's kicker, title and subtitle."""
        clinic, s = self.doc.clinic, self.s
        name = Paragraph(escape(clinic.name), s.note_heading)
        c = clinic.contact
        details = [link(c.phone, tel_link(c.phone), self.p.brand_text)]
        if c.website:
            details.append(link(_bare(c.website), c.website, self.p.brand_text))
        contact = Paragraph(join(details, " · "), s.small)
        style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                 ("LINEBELOW", (0, 0), (-1, -1), 2.5, HexColor(self.p.brand))]
        if self.doc.logo is not None:
            mark = logo(self.doc.logo, *MASTHEAD_LOGO, clinic.brand.logo.alt)  # type: ignore[union-attr]
            table = self.table([[mark, [name, contact]]], [mark.wrap(0, 0)[0] + 12, None], style)
        else:
            table = self.table([[[name, contact]]], None, style)
        table.hAlign = "LEFT"
        guide = self.doc.guide
        out: list[Flowable] = [table, Spacer(1, 22), self.plain_para(self.words("kicker"), s.kicker),
                               self.heading(guide.title, 1)]
        if guide.subtitle:
            out.append(self.plain_para(guide.subtitle, s.subtitle))
        return out

    def colophon(self) -> list[Flowable]:
        guide, w = self.doc.guide, self.words
        parts = [w("reviewed", date=w.date(guide.reviewed))]
        if guide.next_review:
            parts[0] += f" · {w('next_review', date=w.date(guide.next_review))}"
        parts.append(w("version", version=guide.version))
        parts.append(w("edition_for", name=self.doc.clinic.name))
        out: list[Flowable] = [Spacer(1, 10), self.plain_para(" · ".join(parts), self.s.small)]
        if self.doc.clinic.disclaimer:
            out.append(self.para(self.doc.clinic.disclaimer, self.s.small))
        return out

    # -- one builder per block kind -------------------------------------------------------------

    @builds(ParagraphBlock)
    def _paragraph(self, block: ParagraphBlock, depth: int) -> list[Flowable]:
        first = depth == 0 and self.doc.blocks and self.doc.blocks[0].id == block.id
        return [self.para(block.text, self.s.lede if first else self.s.body)]

    @builds(Section)
    def _section(self, block: Section, depth: int) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(self.s.metrics.body * 6)]
        if block.kicker:
            out.append(self.plain_para(block.kicker, self.s.section_kicker))
        out.append(self.heading(block.heading, 2 if depth == 0 else 3, block.id))
        for child in block.blocks:
            out += self.block(child, depth + 1)
        return out

    @builds(Quote)
    def _quote(self, block: Quote, depth: int) -> list[Flowable]:
        w = self.words
        quoted = to_markup(self.doc.spans(block.text), self.p.brand_text)
        cell: list[Flowable] = [Paragraph(join((w("quote_open"), quoted, w("quote_close"))),
                                          self.s.quote)]
        if block.attribution:
            cell.append(Paragraph(join(("\u2014 ", block.attribution)), self.s.attribution))
        table = self.table([[cell]], [self.width], [
            ("LINEBEFORE", (0, 0), (0, 0), 4, HexColor(self.p.brand)),
            ("LEFTPADDING", (0, 0), (-1, -1), 18), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])
        table.role = "BlockQuote"  # type: ignore[attr-defined]
        return [Spacer(1, 8), KeepTogether([table]), Spacer(1, 14)]

    @builds(Callout)
    def _callout(self, block: Callout, depth: int) -> list[Flowable]:
        cell: list[Flowable] = []
        if block.title:
            cell.append(self.plain_para(block.title, self.s.note_heading))
        cell.append(self.para(block.text, self.s.card_body))
        return [self.boxed(cell)]

    @builds(Figure)
    def _figure(self, block: Figure, depth: int) -> list[Flowable]:
        picture = logo(self.doc.assets[block.id], self.width, FIGURE_HEIGHT, block.alt or "")
        out: list[Flowable] = [picture]
        if block.caption:
            out.append(self.para(block.caption, self.s.caption))
        return [KeepTogether(out)]

    @builds(Items)
    def _items(self, block: Items, depth: int) -> list[Flowable]:
        out: list[Flowable] = [self.heading(block.heading, 2 if depth == 0 else 3, block.id)]
        if block.intro:  # kept with the first card, so the heading never ends a page alone
            out.append(self.para(block.intro, self.s.intro))
        for n, item in enumerate(block.items, 1):
            out += self.card(n, block.item_label, item)
            if item.pricing:
                out.append(self.pricing_note(("payment_plans", "sliding_scale")))
        return out

    def card(self, n: int, label: str, item) -> list[Flowable]:
        s, m = self.s, self.s.metrics
        content: list[Flowable] = [
            self.plain_para(self.words("item", label=label, n=n), s.card_kicker),
            Paragraph(to_markup(self.doc.spans(item.title), self.p.brand_text), s.card_title),
            self.para(item.body, s.card_body),
        ]
        if item.sources:
            refs = join((join((cite(self.doc.number(i), self.p.brand_text), " ", self._label(i)))
                         for i in item.sources), "; ")
            content.append(Paragraph(join((self.words("source"), ": ", refs)), s.card_source))
        if m.cards == "open":  # no box: a card moves overleaf whole, or else between paragraphs
            for part in content[:-1]:
                part.keepWithNext = 1  # type: ignore[attr-defined]
            return [Spacer(1, m.body * m.space), *content, Spacer(1, m.body * m.space)]
        badge_size = m.body * 2.1
        table = self.table([[Badge(n, badge_size, self.p.fill, self.p.on_brand, self.s.family.bold),
                             content]], [badge_size + 14, self.width - badge_size - 14], [
            *self.s.surface(),
            ("ROUNDEDCORNERS", [6, 6, 6, 6]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, 0), 12), ("LEFTPADDING", (1, 0), (1, 0), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 9)])
        table.role = "LI"  # type: ignore[attr-defined]
        return [KeepTogether([table, Spacer(1, 8)])]

    def _label(self, source_id: str) -> str:
        return next(s.label for s in self.doc.sources if s.id == source_id)

    @builds(Faq)
    def _faq(self, block: Faq, depth: int) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(self.s.metrics.body * 6)]
        if block.kicker:
            out.append(self.plain_para(block.kicker, self.s.section_kicker))
        out.append(self.heading(block.heading, 2 if depth == 0 else 3, block.id))
        for entry in block.entries:
            # the question keeps with its answer's first lines (keepWithNext, no orphans)
            out += [self.heading(entry.question, 3, entry.id), self.para(entry.answer, self.s.body)]
            if entry.pricing:
                out.append(self.pricing_note(("insurance",)))
        return out

    @builds(Sources)
    def _sources(self, block: Sources, depth: int) -> list[Flowable]:
        out: list[Flowable] = [self.heading(block.heading, 2 if depth == 0 else 3, block.id)]
        for n, source in enumerate(self.doc.sources, 1):
            text = join((anchor(f"source-{n}"), f"{n}.\u2002", source.citation))
            if source.url:
                text = join((text, " ", link(source.url, source.url, self.p.brand_text)))
            entry = Paragraph(text, self.s.source_entry)
            entry.role = "Note"  # type: ignore[attr-defined]  # what the citations [n] point at
            out.append(entry)
        return out

    @builds(ClinicPanel)
    def _clinic_panel(self, block: ClinicPanel, depth: int) -> list[Flowable]:
        from handout.layout.panel import clinic_panel

        return clinic_panel(self, depth)

    # -- shared pieces --------------------------------------------------------------------------

    def table(self, rows, widths, commands, **kw) -> Table:
        """A table in our family: ReportLab's cell font defaults to Helvetica, never embedded."""
        table = Table(rows, colWidths=widths, **kw)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), self.s.family.regular)] + commands))
        return table

    def boxed(self, cell: list[Flowable], bar: bool = True) -> Flowable:
        """A tinted box with a brand bar on its left: callouts and pricing notes."""
        style: list[tuple] = [*self.s.surface(),
                 ("LEFTPADDING", (0, 0), (-1, -1), 16), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                 ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
        if bar:
            style.append(("LINEBEFORE", (0, 0), (0, 0), 4, HexColor(self.p.brand)))
        table = self.table([[cell]], [self.width], style)
        return KeepTogether([table, Spacer(1, 12)])

    def pricing_note(self, topics: tuple[str, ...]) -> Flowable:
        """The clinic's own words on cost, where the guide talks about cost: its notes on
        ``topics`` (keys of ``pricing``), else its summary, else whom to call."""
        clinic, w = self.doc.clinic, self.words
        cell: list[Flowable] = [self.plain_para(w("pricing_note_heading", name=clinic.name),
                                                self.s.note_heading)]
        pricing = clinic.pricing
        shown = [(key, getattr(pricing, key)) for key in topics
                 if pricing is not None and getattr(pricing, key)]
        if pricing is not None and not shown and pricing.summary:
            shown = [("summary", pricing.summary)]
        if not shown:
            cell.append(self.plain_para(w("pricing_unpublished", name=clinic.name,
                                          phone=clinic.contact.phone), self.s.card_body))
        for key, text in shown:
            lead = () if key == "summary" else (bold(f"{w(key)}."), " ")
            markup = join((*lead, to_markup(self.doc.spans(text), self.p.brand_text)))
            cell.append(Paragraph(markup, self.s.card_body))
        return self.boxed(cell)



#: Block kind → its shared builder, from the methods marked ``@builds``.
BUILDERS: dict[str, BuildFunction] = {
    f.builds: f for f in vars(Builder).values() if hasattr(f, "builds")}  # type: ignore[attr-defined]
_missing = [kind for kind in BlockModel.KINDS if kind not in BUILDERS]
if _missing:
    raise ImportError(f"no builder for the block kind(s) {', '.join(_missing)}: mark a method of "
                      f"handout.layout.blocks.Builder with @builds(<its model class>)")
