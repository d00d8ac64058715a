"""Stage 4, layout: a ``Document`` → the flowables of one edition, one builder per block kind.

``Builder.story()`` gives the complete list of flowables; the render stage places them on pages.
Adding a block kind means its model class (``handout.model.guide``) and one method here marked
``@builds(TheKind)``; a kind without a builder stops the import with a message saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from handout import inline
from handout.layout.boxes import NO_PADDING, Box, Padding, Surface, surface
from handout.layout.columns import Align, Cell, Columns, Rule
from handout.layout.flowables import FIGURE_HEIGHT, MASTHEAD_LOGO, Badge, Heading, Paragraph, logo
from handout.layout.hanging import Hanging, TickBox, WarningSign
from handout.layout.markup import Markup, anchor, bold, cite, escape, join, link, to_markup
from handout.layout.paragraphs import AlikeParagraph
from handout.layout.styles import StyleSheet
from handout.model.clinic import bare_url as _bare
from handout.model.common import tel_link
from handout.model.guide import (
    Block,
    BlockModel,
    BulletList,
    Callout,
    Checklist,
    ClinicPanel,
    DataTable,
    Faq,
    Figure,
    Items,
    Quote,
    Section,
    Sources,
    Steps,
)
from handout.model.guide import Paragraph as ParagraphBlock
from handout.origins import Origin
from handout.resolve import Document

BuildFunction = Callable[["Builder", Any, int], list[Flowable]]
F = TypeVar("F", bound=Flowable)

#: Room inside a callout or a note on cost, around its text (its brand bar is inside ``left``).
NOTE_PADDING = Padding(left=16, right=14, top=10, bottom=8)
QUOTE_PADDING = Padding(left=18, right=12, top=4, bottom=4)


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

    @property
    def whole_paragraphs(self) -> bool: ...


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
        return self.paragraph(self.markup(text), style)

    def paragraph(self, markup: Markup, style) -> Paragraph:
        """A paragraph of ``markup``; one whose links or marks are in the clinic's colour is set
        once for every clinic's edition (``AlikeParagraph``): only its colours differ."""
        if ' color="' in markup:
            return AlikeParagraph(markup, style)
        return Paragraph(markup, style)

    def plain_para(self, text: str, style) -> Paragraph:
        return Paragraph(escape(text), style)

    def heading(self, text: str, level: int, block_id: str | None = None) -> Heading:
        style = {1: self.s.title, 2: self.s.h2}.get(level, self.s.h3)
        return Heading(escape(text), style, level, text, block_id)

    def traced(self, flowable: F, origin: Origin | None) -> F:
        """``flowable``, noted as set from the text at ``origin``: named, should it not fit."""
        flowable._origin = origin  # type: ignore[attr-defined]
        return flowable

    def plain(self, text: str) -> str:
        """What a reader sees of YAML text: markup gone, placeholders filled (for a cue)."""
        return inline.plain(self.doc.spans(text))

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
        origin = self.doc.origins.longest(block)
        for f in flowables:  # for layout error messages; a section's children keep their own
            if getattr(f, "_block_id", None) is None:
                f._block_id = block.id  # type: ignore[attr-defined]
            if getattr(f, "_origin", None) is None:  # what a builder did not trace itself
                self.traced(f, origin)
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
        cells: list[Cell] = [[name, contact]]
        widths: list[float | None] = [None]
        if self.doc.logo is not None:
            mark = logo(self.doc.logo, *MASTHEAD_LOGO, clinic.brand.logo.alt)  # type: ignore[union-attr]
            cells.insert(0, mark)
            widths.insert(0, mark.wrap(0, 0)[0] + 12)
        # 3 pt above: the padding a table gives by default, which the masthead always had
        head = self.columns([cells], widths, padding=Padding(top=3, bottom=10), valign="MIDDLE",
                            below=Rule(2.5, self.p.brand))
        guide = self.doc.guide
        out: list[Flowable] = [head, Spacer(1, 22), self.plain_para(self.words("kicker"), s.kicker),
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
        made = guide.translation  # who translated a translation, and whether it was reviewed
        if made is not None:
            review = (w("translation_reviewed", reviewer=made.reviewed_by) if made.reviewed_by
                      else w("translation_unreviewed"))
            line = f"{w('translated', translator=made.translator, date=w.date(made.date))}, {review}."
            out.append(self.plain_para(line, self.s.small))
        for _, disclaimer in self.doc.clinic.disclaimers(self.doc.guide.id):
            out.append(self.para(disclaimer, self.s.small))
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
        """Quoted words beside a brand bar, without a tint: a box, so a quotation taller than
        the room left (or than a page) continues overleaf like a note does."""
        w, at = self.words, self.doc.origins.of
        quoted = to_markup(self.doc.spans(block.text), self.p.brand_text)
        cell: list[Flowable] = [self.traced(Paragraph(
            join((w("quote_open"), quoted, w("quote_close"))), self.s.quote), at(block.id, "text"))]
        if block.attribution:
            cell.append(Paragraph(join(("\u2014 ", block.attribution)), self.s.attribution))
        quote = self.box(cell, surface=Surface(bar=(4, self.p.brand)), padding=QUOTE_PADDING,
                         after=14, role="BlockQuote")
        return [Spacer(1, 8), quote]

    @builds(Callout)
    def _callout(self, block: Callout, depth: int) -> list[Flowable]:
        at = self.doc.origins.of
        cell: list[Flowable] = []
        if block.level != "note":  # a word, and for urgent a sign: never colour alone
            mark = self.level_mark(block.level)
            mark.keepWithNext = 1  # type: ignore[attr-defined]  # never alone at a page's foot
            cell.append(mark)
        if block.title:
            title = self.plain_para(block.title, self.s.note_heading)
            title.keepWithNext = 1  # type: ignore[attr-defined]
            cell.append(self.traced(title, at(block.id, "title")))
        cell.append(self.traced(self.para(block.text, self.s.card_body), at(block.id, "text")))
        # a continued part is headed by the title, or by "Important" or "Urgent" if it has none
        cue = block.title or (self.words(block.level) if block.level != "note" else None)
        return [self.boxed(cell, title=cue, urgent=block.level == "urgent")]

    def level_mark(self, level: str) -> Flowable:
        """"Important", or a warning sign and "Urgent", above a callout's title."""
        word = self.plain_para(self.words(level), self.s.level)
        if level != "urgent":
            return word
        size = self.s.level.fontSize * 1.45
        sign = WarningSign(size, self.p.ink, "#FFFFFF")
        return self.columns([[sign, word]], [size + 6, None], padding=Padding(bottom=4),
                            valign="MIDDLE")

    # -- lists, steps, checklists, tables -------------------------------------------------------

    def intro(self, text: str | None) -> list[Flowable]:
        """A list's opening sentence, kept with its first item."""
        return [self.para(text, self.s.intro)] if text else []

    def hanging(self, label: Flowable | None, body: list[Flowable], indent: float,
                numbering: str = "Disc") -> Hanging:
        return Hanging(label, body, indent, after=self.s.metrics.body * 0.3, numbering=numbering)

    def bullet(self, body: list[Flowable], nested: bool = False) -> Hanging:
        m = self.s.metrics
        mark = self.plain_para(self.words("bullet"), self.s.list_label)
        mark.role = "Lbl"  # type: ignore[attr-defined]
        return self.hanging(mark, body, m.body * (1.3 if nested else 1.5))

    @builds(BulletList)
    def _list(self, block: BulletList, depth: int) -> list[Flowable]:
        out = self.intro(block.intro)
        for point in block.items:
            text, inner = (point, ()) if isinstance(point, str) else (point.text, point.items)
            body: list[Flowable] = [self.para(text, self.s.list_item)]
            body += [self.bullet([self.para(t, self.s.list_item)], nested=True) for t in inner]
            out.append(self.bullet(body))
        return out + [self.after_list()]

    @builds(Steps)
    def _steps(self, block: Steps, depth: int) -> list[Flowable]:
        out = self.intro(block.intro)
        for n, step in enumerate(block.items, 1):
            number = self.plain_para(self.words("step", n=n), self.s.list_label)
            number.role = "Lbl"  # type: ignore[attr-defined]
            if isinstance(step, str):
                body: list[Flowable] = [self.para(step, self.s.list_item)]
            else:
                body = [self.plain_para(step.title, self.s.step_title)]
                if step.text:
                    body[0].keepWithNext = True  # never a title at a page's foot, text overleaf
                    body.append(self.para(step.text, self.s.list_item))
            out.append(self.hanging(number, body, self.s.metrics.body * 2, "Decimal"))
        return out + [self.after_list()]

    @builds(Checklist)
    def _checklist(self, block: Checklist, depth: int) -> list[Flowable]:
        m, style = self.s.metrics, self.s.list_item
        out = self.intro(block.intro)
        for text in block.items:
            box = TickBox(style.fontSize * 0.95, self.p.ink, max(0.8, m.body / 14),
                          style.fontSize * 0.75)  # its top at the text's cap height
            out.append(self.hanging(box, [self.para(text, style)], m.body * 2, "None"))
        return out + [self.after_list()]

    def after_list(self) -> Flowable:
        return Spacer(1, self.s.metrics.body * 0.5)

    @builds(DataTable)
    def _table(self, block: DataTable, depth: int) -> list[Flowable]:
        s = self.s
        header = [Paragraph(escape(c), s.cell_bold) for c in block.columns]
        rows = [[self.para(cell, s.cell) for cell in row] for row in block.rows]
        plain = [list(block.columns)] + [[inline.plain(self.doc.spans(c)) for c in row]
                                         for row in block.rows]
        widths = _column_widths(plain, self.width, s.cell.fontName, s.cell_bold.fontName,
                                s.cell.fontSize, 12)
        table = self.table([header, *rows], widths, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(self.p.tint)),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, HexColor(self.p.brand)),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, HexColor(self.p.rule)),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)],
            repeatRows=1, splitInRow=1)
        table.role = "Table"  # type: ignore[attr-defined]
        table.hAlign = "LEFT"
        caption = self.plain_para(block.caption, s.table_caption)
        return [caption, table, Spacer(1, s.metrics.body * 0.8)]

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
        """A numbered card: on a surface with its number in a badge, or (``cards: open``) its
        words alone. Either way one list item, which continues on the next page if it must."""
        s, m, at = self.s, self.s.metrics, self.doc.origins.of
        kicker = self.plain_para(self.words("item", label=label, n=n), s.card_kicker)
        kicker.role = "Lbl"  # type: ignore[attr-defined]  # "Risk 3" labels the item, with its badge
        title = self.traced(Paragraph(to_markup(self.doc.spans(item.title), self.p.brand_text),
                                      s.card_title), at(item.id, "title"))
        content: list[Flowable] = [kicker, title,
                                   self.traced(self.para(item.body, s.card_body), at(item.id, "body"))]
        if item.sources:
            refs = join((join((cite(self.doc.number(i), self.p.brand_text), " ", self._label(i)))
                         for i in item.sources), "; ")
            content.append(self.traced(self.paragraph(join((self.words("source"), ": ", refs)),
                                                      s.card_source), at(item.id, "sources")))
        for part in content[:-1]:  # no part of a card ends with its label, title or body alone
            part.keepWithNext = 1  # type: ignore[attr-defined]
        name = self.plain(item.title)
        if m.cards == "open":  # no box and no badge: the words "Risk 3" alone label the item
            card = self.box(content, title=name, role="LI")
            card.numbering = "Decimal"  # type: ignore[attr-defined]  # the cards are numbered
            lead = Spacer(1, m.body * m.space)
            lead.keepWithNext = 1  # type: ignore[attr-defined]  # ReportLab's chain of kept
            # flowables ends at the first without the flag: a heading and intro before it go
            # with the card, as they go with a boxed card
            return [lead, card, Spacer(1, m.body * m.space)]
        badge_size = m.body * 2.1
        column = badge_size + 14  # the badge's column; the text starts 4 pt to its right
        badge = Badge(n, badge_size, self.p.fill, self.p.on_brand, self.s.family.bold)
        card = self.box(content, title=name, surface=surface(m, self.p, radius=6),
                        padding=Padding(left=column + 4, right=14, top=10, bottom=9),
                        label=badge, label_x=12, after=8, role="LI")
        card.numbering = "Decimal"  # type: ignore[attr-defined]
        return [card]

    def _label(self, source_id: str) -> str:
        return next(s.label for s in self.doc.sources if s.id == source_id)

    @builds(Faq)
    def _faq(self, block: Faq, depth: int) -> list[Flowable]:
        at = self.doc.origins.of
        out: list[Flowable] = [CondPageBreak(self.s.metrics.body * 6)]
        if block.kicker:
            out.append(self.plain_para(block.kicker, self.s.section_kicker))
        out.append(self.heading(block.heading, 2 if depth == 0 else 3, block.id))
        for entry in block.entries:
            # one entry keeps together where it fits a page; a longer one continues overleaf,
            # its question never left alone at the foot of a page
            question = self.traced(self.heading(entry.question, 3, entry.id), at(entry.id, "question"))
            answer = self.traced(self.para(entry.answer, self.s.body), at(entry.id, "answer"))
            out.append(self.box([question, answer], title=entry.question))
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
        """A table in our family: ReportLab's cell font defaults to Helvetica, never embedded.
        For tables read as tables (rows and cells); flowables merely side by side are
        ``columns``."""
        table = Table(rows, colWidths=widths, **kw)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), self.s.family.regular)] + commands))
        return table

    def columns(self, rows: Sequence[Sequence[Cell]], widths: Sequence[float | None], *,
                padding: Padding | Sequence[Padding] = NO_PADDING, valign: Align = "TOP",
                above: Rule | None = None, below: Rule | None = None) -> Columns:
        """Flowables side by side in ``widths`` (None: the rest), in rows, with ``padding``
        around each cell's content (one for all, or one per row), aligned to the top or the
        middle of their row, with rules across above the first row and below the last
        (``layout.columns``). Read as the flowables it holds, in order: no table."""
        return Columns(rows, widths, self.s.family.regular, padding, valign, above, below)

    def box(self, content: list[Flowable], *, title: str | None = None,
            surface: Surface | None = None, padding: Padding = NO_PADDING,
            label: Flowable | None = None, label_x: float = 0, after: float = 0,
            role: str | None = None, width: float | None = None) -> Box:
        """Flowables that stay together on one page where they fit one, and otherwise continue
        on the next, each continued part headed by "``title`` (continued)" (``layout.boxes``).

        ``surface`` (``layout.boxes.surface`` gives the format's): drawn behind them, with
        ``padding`` around them; without one, the box draws nothing and its flowables sit as
        they would loose on the page. ``label``: drawn at ``label_x`` beside the first part's
        top (a card's badge). ``after``: space below the box, kept with it. ``role`` "LI" makes
        the box one list item of its block, its label (or a flowable with role ``Lbl``) the
        item's label; another role is an element around its content; without one, its
        content joins the enclosing element. ``width``: fixed, for content of fixed widths
        (tables); by default the frame's.
        """
        s = self.s
        cue_text = self.words("continued", title=title) if title else self.words("continued_untitled")
        cue_style = s.derive("continued", s.metrics.small, colour=self.p.muted,
                             after=s.metrics.body * 0.3)
        return Box(content, surface or Surface(), padding, label=label, label_x=label_x,
                   cue=lambda: self.plain_para(cue_text, cue_style), after=after,
                   whole_paragraphs=self.fmt.whole_paragraphs,
                   frame_spacing=surface is None and padding == NO_PADDING, role=role,
                   width=width)

    def boxed(self, cell: list[Flowable], bar: bool = True, title: str | None = None,
              urgent: bool = False) -> Flowable:
        """A note on the format's surface with a brand bar on its left: callouts and notes on
        cost. An urgent one is outlined and barred in the text colour, to stand out in black
        and white too. Continued parts are headed by "``title`` (continued)"."""
        m, p = self.s.metrics, self.p
        look = surface(m, p, bar=bar)
        if urgent:
            look = replace(look, outline=(max(1.5, look.outline[0]) if look.outline else 1.5, p.ink),
                           bar=(6, p.ink) if bar else None)
        return self.box(cell, title=title, surface=look, padding=NOTE_PADDING, after=12)

    def pricing_note(self, topics: tuple[str, ...]) -> Flowable:
        """The clinic's own words on cost, where the guide talks about cost: its notes on
        ``topics`` (keys of ``pricing``), else its summary, else whom to call."""
        clinic, w = self.doc.clinic, self.words
        title = w("pricing_note_heading", name=clinic.name)
        heading = self.plain_para(title, self.s.note_heading)
        heading.keepWithNext = 1  # type: ignore[attr-defined]
        cell: list[Flowable] = [heading]
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
            cell.append(self.traced(Paragraph(markup, self.s.card_body),
                                    self.doc.origins.clinic("pricing", key)))
        return self.boxed(cell, title=title)


def _column_widths(texts: list[list[str]], width: float, font: str, bold: str, size: float,
                   padding: float) -> list[float]:
    """Column widths for cells of plain ``texts`` (the header row first, in ``bold``): each column
    gets at least its longest word, and the rest of the width goes where lines are longest."""
    def measure(text: str, face: str) -> tuple[float, float]:
        words = text.split() or [""]
        return (max(stringWidth(w, face, size) for w in words) + padding,
                stringWidth(text, face, size) + padding)

    columns = list(zip(*texts, strict=True))
    least, most = [], []
    for column in columns:
        sizes = [measure(t, bold if r == 0 else font) for r, t in enumerate(column)]
        least.append(max(a for a, _ in sizes))
        most.append(max(b for _, b in sizes))
    if sum(most) <= width:  # every cell fits on one line: share out the room that is left
        return [m + (width - sum(most)) * m / sum(most) for m in most]
    spare = max(0.0, width - sum(least))
    wants = [m - a for a, m in zip(least, most, strict=True)]
    return [a + spare * w / (sum(wants) or 1) for a, w in zip(least, wants, strict=True)]


#: Block kind → its shared builder, from the methods marked ``@builds``.
BUILDERS: dict[str, BuildFunction] = {
    f.builds: f for f in vars(Builder).values() if hasattr(f, "builds")}  # type: ignore[attr-defined]
_missing = [kind for kind in BlockModel.KINDS if kind not in BUILDERS]
if _missing:
    raise ImportError(f"no builder for the block kind(s) {', '.join(_missing)}: mark a method of "
                      f"handout.layout.blocks.Builder with @builds(<its model class>)")
