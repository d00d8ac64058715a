"""YAML text reaches ReportLab only as escaped spans: its paragraph markup is unreachable."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handout.inline import InlineError, Span, parse
from handout.layout.markup import to_markup

CVE_2023_33733 = ("<para><font color=\"[ [ getattr(pow, Word('__globals__'))['os'].system('touch "
                  "/tmp/pwned') for Word in [ orgTypeFun( 'Word', (str,), { 'mutated': 1 } ) ] ] "
                  "and 'red' ]\">exploit</font></para>")


def test_markup_spans():
    assert parse("a **b** *c* [d](https://e.example) [@s] {clinic.phone}") == (
        Span("a "), Span("b", bold=True), Span(" "), Span("c", italic=True), Span(" "),
        Span("d", href="https://e.example"), Span(" "), Span(cite="s"), Span(" "),
        Span(field="clinic.phone"))


@pytest.mark.parametrize("text", ["5 * 3", "Fees*", "a [b] c", "{{x}}", "\\*not italic\\*"])
def test_stray_markup_characters_are_text(text):
    spans = parse(text)
    assert all(not (s.bold or s.italic or s.href or s.cite or s.field) for s in spans)


def test_reportlab_markup_in_yaml_is_escaped():
    markup = to_markup(parse(CVE_2023_33733), "#000000")
    assert "<font" not in markup and "&lt;font color=" in markup


@pytest.mark.parametrize("text, message", [
    ("[x](javascript:alert(1))", "a link starting with https://, http://, mailto: or tel:"),
    ("{clinic.fax}", "a known placeholder"),
])
def test_bad_markup_is_an_error(text, message):
    with pytest.raises(InlineError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


@given(st.text())
def test_escaping_matches_the_standard_library(text):
    """escape is the standard library's; a value quoted as an attribute reads back unchanged."""
    from html import unescape
    from xml.sax.saxutils import escape as sax_escape

    from handout.layout.markup import escape, quoteattr

    assert escape(text) == sax_escape(text)
    quoted = quoteattr(text)
    assert quoted[0] == quoted[-1] == '"' and '"' not in quoted[1:-1]
    assert unescape(quoted[1:-1]) == text
