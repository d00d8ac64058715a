"""The text of the files ``handout new`` writes: a clinic file and a guide skeleton, commented for
the office staff who will edit them.

Takes the values given or answered; gives YAML text. A file is made of ``Section``s: the ones
with a value are written as YAML, the optional ones as commented examples (``# `` before each
line) that work as soon as the ``#`` is removed; ``enable_all`` writes every example live, which
is how the tests check that each example is valid.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from handout.model.guide import BLOCK_KINDS


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML): any text, safely."""
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Section:
    """Some lines of YAML, with the comment that explains them."""

    note: str  # comment lines above it ("" for none), without their "# "
    yaml: str  # the YAML itself
    live: bool = True  # False: written as a commented example

    def text(self, enable_all: bool = False) -> str:
        """The section's lines; comments start at the indentation of its YAML, so that taking
        out "# " leaves the YAML as it must be."""
        first = next((line for line in self.yaml.splitlines() if line.strip()), "")
        indent = first[:len(first) - len(first.lstrip())]
        out = "".join(f"{indent}# {line}\n" if line else "\n" for line in self.note.split("\n")
                      if self.note)
        if self.live or enable_all:
            return out + self.yaml
        return out + "".join(f"{indent}# {line[len(indent):]}\n" if line.strip() else "\n"
                             for line in self.yaml.splitlines())


def clinic(name: str, title: str, phone: str, colour: str, logo: str | None,
           logo_alt: str | None, email: str | None, website: str | None, paper: str,
           short_name: str | None = None, guide: str | None = None, enable_all: bool = False
           ) -> str:
    """The clinic file ``content/clinics/<name>.yaml``; ``guide``: the id its example of text for
    one guide names (the project's first guide)."""
    guide = guide or "GUIDE-ID"
    head = f"""\
# yaml-language-server: $schema=../../schema/clinic.schema.json
#
# {title}: written by `handout new clinic {name}`.
#
#   handout watch --clinic {name}
#       builds the PDFs into dist/{name}/, then again each time you save (Ctrl-C stops)
#   handout preview --clinic {name}
#       pictures of every page, in dist/{name}/preview/
#   handout check --clinic {name}
#       checks this file without building
#
# Lines starting with # are notes and examples: the build skips them. To use an example,
# remove the "# " in front of each of its lines and keep the indentation (two spaces for
# each level). Text in "quotes" can hold any character; a mistake is reported with its line.
# Every key is described in the README, under "YAML reference".

"""
    logo_section = Section(
        "The logo: a PNG, JPEG, WebP or SVG file in the project, and what it shows, read\n"
        "aloud by screen readers.",
        f"  logo:\n    file: {quoted(logo or f'assets/{name}/logo.svg')}\n"
        f"    alt: {quoted(logo_alt or f'{title} logo: what it shows, in a few words')}\n",
        live=logo is not None)
    sections = [
        Section("The clinic's name as patients know it: printed at the top, in the contact\n"
                "panel and as the PDF's author.", f"name: {quoted(title)}\n"),
        Section("A shorter name for the footer at the bottom of each page (default: the name).",
                f"short_name: {quoted(short_name or title.split(' Clinic')[0] or title)}\n",
                live=short_name is not None),
        Section("\nPaper size: letter (US Letter) or a4.", f"paper: {paper}\n"),
        Section("The language of the clinic's own text: en (English) unless told otherwise.",
                "language: en\n", live=False),
        Section("", "\nbrand:\n"),
        Section("The clinic's colour, as #RRGGBB. Where text in this colour would be hard to\n"
                "read, the PDFs darken it (handout check says when).",
                f"  primary: {quoted(colour)}\n"),
        Section("A second colour, for small accents.", '  accent: "#E3A72F"\n', live=False),
        logo_section,
        Section("", "\ncontact:\n"),
        Section("The main phone number: printed large, and a link on phones.",
                f"  phone: {quoted(phone)}\n"),
        Section("Email and web site (https://…), printed in the contact panel as links.",
                f"  email: {quoted(email or f'care@{name}.example')}\n", live=email is not None),
        Section("", f"  website: {quoted(website or f'https://{name}.example')}\n",
                live=website is not None),
        Section("A booking page: the QR code points here (else to the web site).",
                f"  booking: {quoted((website or f'https://{name}.example').rstrip('/') + '/book')}"
                "\n", live=False),
        Section("Opening hours, one line each.",
                '  hours:\n    - "Monday–Friday 8 am – 5 pm"\n    - "Saturday 9 am – 12 pm"\n',
                live=False),
        Section("Offices (one or more): a name, the address in lines, and a phone number if\n"
                "it is not the main one.",
                '  locations:\n    - name: "Main office"\n      address:\n'
                '        - "123 Main Street, Suite 4"\n        - "Springfield, OR 97477"\n'
                '      phone: "(541) 555-0100"\n', live=False),
        Section("\nFees. Leave this out if the clinic does not publish prices: every edition then\n"
                "says whom to call about costs. Each part is optional.",
                "pricing:\n"
                "  summary: >-\n    Every treatment plan starts with a consultation. Prices are per"
                "\n    visit unless noted.\n"
                '  items:\n    - label: "Consultation"\n      price: "$150"\n'
                '      note: "Credited toward your first treatment"\n'
                '    - label: "Single treatment"\n      price: "$450"\n'
                "  insurance: >-\n    We give you a receipt that you can send to your insurer.\n"
                "  payment_plans: >-\n    Monthly payment plans are available. Ask our front desk."
                "\n  sliding_scale: >-\n    Reduced fees are available based on household income.\n",
                live=False),
        Section("\nPrinted at the end of every guide, in small type.",
                "disclaimer: >-\n  This handout gives general information only and does not "
                "replace advice\n  from your own doctor.\n", live=False),
        Section("\nText for one guide only, under its id (`handout list` shows the guides and "
                "their\nblocks): changes to its blocks, and a disclaimer for it alone. "
                "{clinic.phone} and the\nlike print the clinic's own details. The operations on "
                "blocks:\n"
                "  - op: append, after: BLOCK-ID, block: {…}  (yours goes right after it; "
                "without\n                                              'after', at the end)\n"
                "  - op: replace, id: BLOCK-ID, block: {…}    (the block is swapped for yours)\n"
                "  - op: remove, id: BLOCK-ID                 (the block is left out)",
                f"guides:\n  {guide}:\n    overrides:\n      - op: append\n        block:\n"
                f"          id: {name}-first-visit\n          kind: callout\n"
                '          title: "Your first visit"\n          text: >-\n'
                "            Please bring a photo ID and a list of the medicines you take.\n"
                "            Questions? Call us at {clinic.phone}.\n"
                "    disclaimer: >-\n      Printed after the disclaimer above, in this guide "
                "only.\n", live=False),
    ]
    return head + "".join(s.text(enable_all) for s in sections)


#: One block of each kind, as the guide skeleton shows it (indented for the top level). Each
#: text is short and plain: the skeleton passes `handout check --strict` (reading grade 8).
GUIDE_BLOCKS: dict[str, str] = {
    "paragraph": """\
  # A paragraph. **Bold**, *italic*, [links](https://example.org) and citations such as
  # [@example-source] work in any text; {clinic.name} prints the clinic's name.
  - id: opening
    kind: paragraph
    text: >-
      Write a short opening here. Say who this guide is for and what it will help
      them do. Keep sentences short [@example-source].
""",
    "section": """\
  # A section: a heading, and blocks of its own.
  - id: what-to-expect
    kind: section
    kicker: "Before you start"
    heading: "What to Expect"
    blocks:
      - id: what-to-expect-text
        kind: paragraph
        text: >-
          Tell the reader what happens first. Then tell them what comes next.
""",
    "quote": """\
  # A quote from a patient, with who said it.
  - id: patient-words
    kind: quote
    text: "I was glad I asked my questions before my first visit."
    attribution: "A patient"
""",
    "callout": """\
  # A box that stands out, for something the reader must not miss. level: note (the
  # default), important, or urgent (with a warning sign and the word "Urgent").
  - id: important
    kind: callout
    level: important
    title: "Please note"
    text: >-
      Put one important point here. Call {clinic.phone} with any question.
""",
    "list": """\
  # A list of bullets; a bullet may have bullets of its own, one level down.
  - id: what-to-bring
    kind: list
    intro: "Bring these to your first visit:"
    items:
      - "A photo ID"
      - text: "A list of the medicines you take"
        items: ["The name of each one", "How much you take"]
""",
    "steps": """\
  # Numbered steps, in the order the reader does them; a step may have a title.
  - id: how-to-book
    kind: steps
    intro: "To book a visit:"
    items:
      - "Call us at {clinic.phone}."
      - title: "Fill in the form"
        text: "We send it to you by email."
""",
    "checklist": """\
  # A list with an empty box before each line, to tick by hand.
  - id: before-you-come
    kind: checklist
    intro: "Before you come:"
    items:
      - "I have a ride home."
      - "I have eaten a light meal."
""",
    "table": """\
  # A table: a caption, the column headers, and rows of as many cells.
  - id: visit-times
    kind: table
    caption: "How long each visit takes"
    columns: ["Visit", "Time"]
    rows:
      - ["First visit", "About 2 hours"]
      - ["Later visits", "About 1 hour"]
""",
    "figure": """\
  # A picture (PNG, JPEG, WebP or SVG in the project), with what it shows for screen
  # readers (alt), or `decorative: true` for a picture that shows nothing of use.
  - id: example-picture
    kind: figure
    asset: "{picture}"
    alt: "An example picture: a green circle on a pale square"
    caption: "A caption under the picture."
""",
    "items": """\
  # Numbered cards, such as benefits or risks. `pricing: after` puts the clinic's notes
  # on costs after a card.
  - id: key-points
    kind: items
    heading: "Three Things to Know"
    intro: "Here is what most people want to know."
    item_label: "Point"
    items:
      - id: point-one
        title: "The first point"
        body: "Say it in one or two short sentences."
        sources: [example-source]
      - id: point-two
        title: "The second point"
        body: "Keep each card to one idea."
      - id: point-costs
        title: "Costs"
        body: "Say that costs vary, and whom to ask."
        pricing: after
""",
    "faq": """\
  # Questions and answers.
  - id: questions
    kind: faq
    kicker: "FAQ"
    heading: "Common Questions"
    entries:
      - id: how-long
        question: "How long does a visit take?"
        answer: "Most visits take about an hour."
      - id: insurance
        question: "Is it covered by insurance?"
        answer: "Ask your insurer. We can give you a receipt to send them."
        pricing: after
""",
    "clinic-panel": """\
  # Where the clinic's contact details, QR code and fees go.
  - id: clinic
    kind: clinic-panel
""",
    "sources": """\
  # The numbered list of the sources cited above.
  - id: sources
    kind: sources
    heading: "Sources"
""",
}

#: The example figure the skeleton refers to: shapes only (text in an SVG needs fonts).
EXAMPLE_PICTURE = """\
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240" viewBox="0 0 400 240">
  <rect width="400" height="240" fill="#EEF3EF"/>
  <circle cx="200" cy="120" r="80" fill="#2E6B3F"/>
</svg>
"""


def guide(gid: str, title: str, picture: str, today: dt.date) -> str:
    """The guide skeleton ``content/guides/<gid>.yaml``: metadata, one source, one block of each
    kind (in ``BLOCK_KINDS`` order, the section first so the opening paragraph leads)."""
    try:
        next_review = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        next_review = today + dt.timedelta(days=365)
    first = ["paragraph", "section", "quote", "callout", "list", "steps", "checklist", "table",
             "figure", "items", "faq"]
    last = ["clinic-panel", "sources"]
    order = first + [k for k in BLOCK_KINDS if k not in first + last] + last
    blocks = "\n".join(GUIDE_BLOCKS[k].replace("{picture}", picture) for k in order
                       if k in GUIDE_BLOCKS)
    return f"""\
# yaml-language-server: $schema=../../schema/guide.schema.json
#
# {title}: a guide skeleton written by `handout new guide {gid}`, showing each kind of
# block once. Replace the example text with your own, and remove the blocks you do not need.
# Ids (lowercase letters, digits and hyphens) must be unique: clinics use them to change
# blocks. `handout check` checks the guide, and grades how easy each section is to read.

id: {gid}
language: en
title: {quoted(title)}
subtitle: "A short line under the title"
summary: "One sentence that says what the guide is about."
keywords: ["patient guide"]
version: "0.1"
# The date the text was last reviewed, and when it should be reviewed again
# (`handout check` warns after that date).
reviewed: {today.isoformat()}
next_review: {next_review.isoformat()}

# What the guide cites, as [@id] in a text or in an item's `sources`.
sources:
  - id: example-source
    label: "Example source, 2024"
    citation: "Author, A. (2024). The title of the work. The publisher."
    url: "https://example.org/"

blocks:
{blocks}"""
