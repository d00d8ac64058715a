"""Paragraph markup is written in ``layout/markup.py`` only, and every text is escaped there."""

from __future__ import annotations

import io
import re
import tokenize

import pytest
from reportlab.lib.styles import ParagraphStyle

from handout import catalog
from handout.build import build_clinic
from handout.layout.paragraphs import Paragraph
from tests.conftest import ROOT, pdf_text, tiny_project

#: ReportLab's paragraph tags, opening or closing.
TAG = re.compile(r"</?(b|i|u|a|br|font|para|span|strike|super|sub|img|seq|onDraw|strong|em)\b",
                 re.IGNORECASE)


def test_no_paragraph_tags_outside_markup_py():
    found = []
    for path in sorted((ROOT / "src" / "handout").rglob("*.py")):
        if path.name == "markup.py" and path.parent.name == "layout":
            continue
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            if token.type == tokenize.STRING and TAG.search(token.string):
                found.append(f"{path.relative_to(ROOT)}:{token.start[0]}: {token.string[:60]}")
    assert not found, "paragraph markup written outside layout/markup.py:\n" + "\n".join(found)


def test_a_paragraph_refuses_a_plain_string():
    with pytest.raises(TypeError, match="Markup from handout.layout.markup"):
        Paragraph("<b>not escaped</b>", ParagraphStyle("t"))


def test_catalog_words_with_markup_characters_print_as_written(tmp_path, monkeypatch):
    words = dict(catalog.WORDS["en"])
    words["kicker"] = "Guide <for> patients & families"
    words["source"] = "Source <& more>"
    words["quote_open"], words["quote_close"] = "<<", ">>"
    monkeypatch.setitem(catalog.WORDS, "en", words)
    project = tiny_project(tmp_path, 'name: C\ncontact: {phone: "(303) 555-0142"}\n'
                                     'brand: {primary: "#1D5B79"}\n', TINY_WITH_SOURCES)
    out = build_clinic(project, "c", ["tiny"], tmp_path / "out", formats=["handout"])
    text = pdf_text(out[0].path)
    assert "Guide <for> patients & families" in text
    assert "Source <& more>: [1] Source one" in text
    assert "<<It helped me.>>" in text


TINY_WITH_SOURCES = """\
id: tiny
title: A short guide
version: "1"
reviewed: 2026-11-01
sources:
  - {id: s1, label: "Source one", citation: "Source one (2024)."}
blocks:
  - {id: said, kind: quote, text: "It helped me."}
  - id: things
    kind: items
    heading: Things to know
    item_label: Point
    items:
      - {id: one, title: One, body: "The first point.", sources: [s1]}
  - {id: sources, kind: sources, heading: Sources}
"""
