"""Reading a tagged PDF back: its structure tree with each element's text, and its marked content.

Text is decoded from each page's content stream through the fonts' ToUnicode maps and attributed
to the marked-content sequence (page, MCID) it was drawn in; the tree is read with pikepdf.
Nothing here uses the code under test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf


@dataclass
class Element:
    role: str
    text: str = ""  # the element's own content, children excluded
    alt: str | None = None
    ident: str | None = None
    lang: str | None = None  # where it differs from the document's
    children: list[Element] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)  # (page, MCID)
    annotations: list[tuple[int, tuple[int, int]]] = field(default_factory=list)  # OBJR objgens
    attributes: dict[str, str] = field(default_factory=dict)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_text(self) -> str:
        return " ".join(" ".join([self.text] + [c.all_text() for c in self.children]).split())

    def find(self, role: str) -> list[Element]:
        return [e for e in self.walk() if e.role == role]


def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """(page, MCID) → the text drawn inside that marked-content sequence.

    Reads each page's content stream, and the forms it draws (``Do``: their text belongs to the
    sequence the form is drawn in), and decodes the shown strings through the fonts' ToUnicode
    maps (our fonts are simple fonts with one-byte codes).
    """
    texts: dict[tuple[int, int], str] = {}
    for page_no, shown in enumerate(drawn_text(path)):
        for mark, text in shown:
            if isinstance(mark, int):
                texts[(page_no, mark)] = texts.get((page_no, mark), "") + text
    return texts


#: Where a string was drawn: the MCID of its innermost sequence with one, "Artifact" inside an
#: artifact, None outside marked content.
Drawn = int | str | None


def drawn_text(path: Path) -> list[list[tuple[Drawn, str]]]:
    """Page by page, every string drawn (forms included), in drawing order, with where it was
    drawn (``Drawn``)."""
    pages: list[list[tuple[Drawn, str]]] = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            shown: list[tuple[Drawn, str]] = []
            _read(page.obj, page.Resources, [], shown)
            pages.append(shown)
    return pages


def _read(stream, resources, stack: list[Drawn], shown: list[tuple[Drawn, str]]) -> None:
    """A sequence with an ``/ActualText`` reads as that text, once, as a screen reader reads
    it, in place of the strings drawn inside it."""
    fonts = {str(name): _to_unicode(font)
             for name, font in resources.get("/Font", pikepdf.Dictionary()).items()}
    forms = resources.get("/XObject", pikepdf.Dictionary())
    font: dict[int, str] = {}
    replaced = 0  # depth of the sequences with an /ActualText we are inside
    for operands, op in pikepdf.parse_content_stream(stream):
        name = str(op)
        if name == "BDC":
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else
                         "Artifact" if str(operands[0]) == "/Artifact" else None)
            actual = props.get("/ActualText") if isinstance(props, pikepdf.Dictionary) else None
            if actual is not None or replaced:
                if not replaced:
                    shown.append((next((m for m in reversed(stack) if m is not None), None),
                                  str(actual)))
                replaced += 1
        elif name == "BMC":
            stack.append("Artifact" if str(operands[0]) == "/Artifact" else None)
            replaced += 1 if replaced else 0
        elif name == "EMC":
            stack.pop()
            replaced = max(replaced - 1, 0)
        elif name == "Tf":
            font = fonts.get(str(operands[0]), {})
        elif name == "Do":
            form = forms.get(str(operands[0]))
            if form is not None and form.get("/Subtype") == "/Form":
                _read(form, form.get("/Resources", resources), list(stack), shown)
        elif name in ("Tj", "'", '"', "TJ") and not replaced:
            strings = operands[0] if name == "TJ" else [operands[-1]]
            text = "".join(font.get(b, "") for s in strings
                           if isinstance(s, pikepdf.String) for b in bytes(s))
            shown.append((next((m for m in reversed(stack) if m is not None), None), text))


def _to_unicode(font) -> dict[int, str]:
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    return {int(src, 16): chr(int(dst, 16))
            for src, dst in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4})>", cmap)}


def read_tree(path: Path) -> Element:
    """The document's structure tree, each element with its own text."""
    texts = marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        top = Element("StructTreeRoot", children=[_element(k, pages, texts) for k in kids])
    return top.children[0] if len(top.children) == 1 else top


def _element(d, pages, texts) -> Element:
    own_page = pages.get(d.Pg.objgen) if "/Pg" in d else None
    el = Element(str(d.S)[1:], alt=str(d.Alt) if "/Alt" in d else None,
                 ident=str(d.ID) if "/ID" in d else None,
                 lang=str(d.Lang) if "/Lang" in d else None)
    if "/A" in d:
        el.attributes = {str(k)[1:]: str(v) for k, v in d.A.items()}
    kids = d.get("/K")
    if kids is None:
        return el
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            el.content.append((own_page, int(kid)))
        elif kid.get("/Type") == "/MCR":
            el.content.append((pages[kid.Pg.objgen], int(kid.MCID)))
        elif kid.get("/Type") == "/OBJR":
            el.annotations.append((pages[kid.Pg.objgen], kid.Obj.objgen))
        else:
            el.children.append(_element(kid, pages, texts))
    el.text = " ".join(" ".join(texts.get(c, "") for c in el.content).split())
    return el
