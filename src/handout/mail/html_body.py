"""The HTML alternative of a message: the same paragraphs as the plain text, as a small page.

Takes the message's paragraphs (spans with placeholders filled), its subject, the list of
attachments and the clinic's link colour; gives an HTML document, built as an element tree and
written by the standard library's serializer, so every character of the text is escaped and no
tag is written by hand. One column, large type, no pictures or remote content: readable on a
phone, and nothing for a mail program to block.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from handout import inline
from handout.colours import INK, MUTED

PAGE = ("max-width:36em;margin:0 auto;padding:16px;font-family:-apple-system,'Segoe UI',Roboto,"
        f"'Noto Sans',Helvetica,Arial,sans-serif;font-size:17px;line-height:1.5;color:{INK};")
PARAGRAPH = "margin:0 0 1em 0;"


def document(subject: str, paras: list[tuple[inline.Span, ...]], items: list[tuple[str, str]],
             attached: str, language: str, link: str) -> str:
    """The page; ``items`` are (label, size) of the attachments, listed under ``attached``."""
    root = ET.Element("html", lang=language)
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    ET.SubElement(head, "title").text = subject
    body = ET.SubElement(root, "body", style="margin:0;padding:0;background:#FFFFFF;")
    page = ET.SubElement(body, "div", style=PAGE)
    for spans in paras:
        paragraph = ET.SubElement(page, "p", style=PARAGRAPH)
        for span in spans:
            _span(paragraph, span, link)
    if items:
        ET.SubElement(page, "p", style="margin:1.5em 0 0.5em 0;font-weight:bold;").text = attached
        listing = ET.SubElement(page, "ul", style="margin:0;padding-left:1.25em;")
        for label, size in items:
            entry = ET.SubElement(listing, "li", style="margin:0 0 0.5em 0;")
            entry.text = f"{label} "
            ET.SubElement(entry, "span", style=f"color:{MUTED};").text = f"({size})"
    for element in root.iter():  # a line for each block, nothing added inside a paragraph
        if element.tag in ("html", "head", "body", "div", "ul"):
            element.text = "\n" + (element.text or "")
        if element.tag in ("head", "meta", "title", "body", "div", "p", "ul", "li"):
            element.tail = "\n"
    return "<!DOCTYPE html>\n" + ET.tostring(root, encoding="unicode", method="html") + "\n"


def _span(parent: ET.Element, span: inline.Span, link: str) -> None:
    """Append one span to ``parent``: text, inside ``strong``/``em``/``a`` as the span says."""
    holder = parent
    if span.href:
        nowrap = "white-space:nowrap;" if span.href.startswith("tel:") else ""  # a number whole
        holder = ET.SubElement(holder, "a", href=span.href, style=f"color:{link};{nowrap}")
    if span.bold:
        holder = ET.SubElement(holder, "strong")
    if span.italic:
        holder = ET.SubElement(holder, "em")
    lines = span.text.split("\n")
    _text(parent if holder is parent else holder, lines[0], holder is parent)
    for line in lines[1:]:  # a line break kept inside a paragraph (a signature)
        ET.SubElement(holder, "br").tail = line


def _text(element: ET.Element, text: str, after_children: bool) -> None:
    """Add ``text`` at the end of ``element``'s content."""
    if after_children and len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text
