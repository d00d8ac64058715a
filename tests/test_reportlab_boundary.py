"""No module of ``handout`` outside the ``reportlab_private`` package uses a private name of
ReportLab, and the private names we put on ReportLab's objects are not ones ReportLab uses itself.

A private name is one that starts with "_" (attributes, methods, class attributes, keyword
arguments, parameters, imports, attribute names in strings), plus ReportLab internals whose names
do not (``REPORTLAB_INTERNALS``). Our own are listed by name in ``OURS``: a new one of ours goes
there; a new one of ReportLab's goes through the adapter, with a check in
``test_reportlab_private``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import reportlab

from handout import reportlab_private
from tests.conftest import ROOT

ADAPTER = Path(reportlab_private.__file__).parent  # the adapter: every module of this package
PACKAGE = ADAPTER.parent

#: Private names of our own, put on ReportLab's objects: attributes of our subclasses of its
#: canvas, text object, doc template and paragraph, and attributes builders attach to its
#: flowables. ReportLab must never use one of them itself (``test_our_names_are_not_reportlabs``).
OURS_ON_REPORTLAB = frozenset({
    "_total_style", "_pages_of",  # render: the canvas that draws page numbers at the end
    "_outline_level", "_bookmarks", "_whole_paragraphs",  # render: the doc template
    "_kept_whole",  # render: a paragraph already wrapped to keep it whole
    "_identity",  # tagging.canvas: what the document says about itself, for the tagging
    "_fit", "_fits", "_shaped",  # layout.shaped: how many words a line takes
    "_block_id", "_blocks",  # layout.blocks: the blocks a flowable comes from
    "_origin",  # layout.blocks: where the text a flowable was set from was written
    "_shared", "_wrapped_at", "_lines_at", "_break_own",  # layout.paragraphs: shared parsing
    "_swap", "_template",  # and line breaks, and the stand-in of an AlikeParagraph
    "_tagging", "_node", "_open", "_opened_at", "_last_text", "_begin",  # tagging.text
    "_hyphenation", "_link_words", "_broken", "_join",  # tagging.text: words broken at a line end
    "_runs", "_lines", "_break",  # layout.shaped: a shaped paragraph draws its runs; its lines
    # are found once per width
    "_marks", "_records", "_drawn", "_current", "_links", "_page_start", "_mcid", "_annots",
    "_unmarked_from", "_close_unmarked", "_annotation",  # tagging.canvas
    "_later", "_last", "_sink", "_own", "_opened", "_open_own", "_close_own",  # tagging.canvas:
    # what painters draw, read after the page's story; furniture inside an element's content
    "_struct_node", "_struct_links",  # tagging.story: a flowable's structure element
})

#: Private names of our own classes, which are not ReportLab's.
OURS = OURS_ON_REPORTLAB | {
    "_console", "_progress", "_task",  # report
    "_guides", "_family", "_known",  # the build workshop (and digest's Digests)
    "_seen", "_by_path",  # digest
    "_find",  # project
    "_name",  # cache
    "_words",  # catalog
    "_scalars", "_add", "_build",  # load (and load's own _open, above)
    "_cache",  # layout.styles
    "_paint",  # layout.formats: painters that draw inside the trimmed page
    "_label", "_paragraph", "_section", "_quote", "_callout", "_figure", "_items", "_faq",
    "_sources", "_clinic_panel", "_list", "_steps", "_checklist", "_table",  # layout.blocks:
    # one builder per block kind
    "_sizes", "_gaps",  # layout.hanging
    "_rows_fit_columns",  # model.guide: a validator
    "_smtp", "_sleep", "_login", "_transaction", "_after_error", "_text", "_reply",
    "_scrub",  # mail.send: the SMTP session
    "_value",  # mail.settings: the password, never shown
    "_last",  # mail.outbox: the record's last word on each message
}

#: Private names of the standard library that its documentation makes public.
STDLIB = frozenset({"_exit"})  # os._exit: a forked child leaves without the parent's cleanup

#: ReportLab internals whose names do not start with "_".
REPORTLAB_INTERNALS = frozenset({
    "blPara", "charToGlyph", "qrencoder", "QRUtil", "makeImpl", "dataPosIterator",
    "calculate_version", "moduleCount", "getMask", "handle_flowable",
})


def _private(name: str) -> bool:
    return name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))


def _names(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, name, how) for every private or ReportLab-internal name used in ``tree``."""
    found: list[tuple[int, str, str]] = []

    def add(node: ast.AST, name: str | None, how: str) -> None:
        if name and (_private(name) or name in REPORTLAB_INTERNALS):
            found.append((getattr(node, "lineno", 0), name, how))

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            add(node, node.attr, f"attribute .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in REPORTLAB_INTERNALS:
            add(node, node.id, f"name {node.id}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.isidentifier():
            add(node, node.value, f'string "{node.value}"')
        elif isinstance(node, ast.keyword):
            add(node, node.arg, f"keyword argument {node.arg}=")
        elif isinstance(node, ast.arg) and node.arg != "_":
            add(node, node.arg, f"parameter {node.arg}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
            for part in (node.module or "").split("."):
                add(node, part, f"import from {node.module}")
            for alias in node.names:
                add(node, alias.name, f"import of {alias.name} from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("reportlab"):
                    for part in alias.name.split("."):
                        add(node, part, f"import of {alias.name}")
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    add(item, item.name, f"method {item.name}")
                targets = item.targets if isinstance(item, ast.Assign) else \
                    [item.target] if isinstance(item, ast.AnnAssign) else []
                for target in targets:
                    if isinstance(target, ast.Name):
                        add(item, target.id, f"class attribute {target.id}")
    return found


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if ADAPTER not in p.parents)


def test_no_reportlab_private_name_outside_the_adapter():
    unknown = []
    for path in _sources():
        for line, name, how in _names(ast.parse(path.read_text(encoding="utf-8"))):
            if name not in OURS and name not in STDLIB:
                unknown.append(f"{path.relative_to(ROOT)}:{line}: {how}")
    assert not unknown, (
        "ReportLab internals used outside src/handout/reportlab_private/: go through it, with a "
        "check of the internal in tests/test_reportlab_private.py; or, if a name is our own, add "
        "it to OURS in tests/test_reportlab_boundary.py:\n" + "\n".join(unknown))


def test_allow_list_holds_only_names_in_use():
    used = {name for path in _sources()
            for _, name, _ in _names(ast.parse(path.read_text(encoding="utf-8")))}
    assert OURS - used == set(), "names no longer used: take them out of OURS"


def test_our_names_are_not_reportlabs():
    """A private name of ours on ReportLab's objects must not be one ReportLab uses itself:
    one would silently overwrite the other."""
    package = Path(reportlab.__file__).parent
    pattern = re.compile(r"(?:\.|['\"])(" + "|".join(sorted(OURS_ON_REPORTLAB)) + r")\b")
    clashes = []
    for folder in ("pdfgen", "platypus", "pdfbase", "lib"):
        for path in sorted((package / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace")
                                          .splitlines(), 1):
                for match in pattern.finditer(line):
                    clashes.append(f"{match.group(1)}: reportlab/{path.relative_to(package)}:{number}")
    assert not clashes, (f"ReportLab {reportlab.Version} uses names we put on its objects; "
                         "rename ours:\n" + "\n".join(clashes))


def test_the_adapter_imports_only_reportlab_and_the_standard_library():
    """Nor any module of ours, its own modules included: each stands alone on ReportLab."""
    imported = set()
    for path in sorted(ADAPTER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names}
        imported |= {"." * node.level + (node.module or "") for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}
    others = {m for m in imported
              if m.split(".")[0] != "reportlab" and m.split(".")[0] not in sys.stdlib_module_names}
    assert not others, f"the adapter imports {sorted(others)}"
