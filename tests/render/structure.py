"""Reading a tagged PDF back: its structure tree with each element's text, and its marked content.

Text comes from pypdf (which decodes our fonts through their ToUnicode maps), attributed to the
marked-content sequence (page, MCID) it was drawn in; the tree comes from pikepdf. Nothing here
uses the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pypdf import PdfReader


@dataclass
class Element:
    role: str
    text: str = ""  # the element's own content, children excluded
    alt: str | None = None
    ident: str | None = None
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
    """(page, MCID) → the text drawn inside that marked-content sequence."""
    texts: dict[tuple[int, int], str] = {}
    for page_no, page in enumerate(PdfReader(str(path)).pages):
        stack: list[int | None] = []

        def before(op, args, cm, tm, stack=stack):
            if op == b"BDC":
                props = args[1] if len(args) > 1 else {}
                stack.append(props.get("/MCID") if hasattr(props, "get") else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t, cm, tm, font, size, stack=stack, page_no=page_no):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None:
                key = (page_no, int(mcid))
                texts[key] = texts.get(key, "") + t

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


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
                 ident=str(d.ID) if "/ID" in d else None)
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
