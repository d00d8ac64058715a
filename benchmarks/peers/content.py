"""The guide and a clinic as the peer renderers see them: plain YAML values, overrides applied.

The peers are small on purpose: what a team would write to render the same handout with Typst,
WeasyPrint or plain ReportLab. They share this reader and the inline markup parser of ``handout.inline`` (pure
Python, no ReportLab), so that the three renderers print the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handout import inline

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Content:
    guide: dict[str, Any]
    clinic: dict[str, Any]
    blocks: list[dict[str, Any]]
    sources: list[dict[str, Any]]  # in order of first citation
    root: Path

    def spans(self, text: str) -> tuple[inline.Span, ...]:
        return inline.fill(inline.parse(text), fields(self.clinic))

    def number(self, source_id: str) -> int:
        return next(i for i, s in enumerate(self.sources, 1) if s["id"] == source_id)


def read(root: Path, clinic: str, guide: str) -> Content:
    g = _yaml(root / "content" / "guides" / f"{guide}.yaml")
    c = _yaml(root / "content" / "clinics" / f"{clinic}.yaml")
    blocks = list(g["blocks"])
    for op in (c.get("guides") or {}).get(guide, {}).get("overrides", []):
        blocks = _apply(blocks, op)
    cited: list[str] = []
    for block in walk(blocks):
        for text in (block.get("text"), block.get("intro")):
            cited += [s.cite for s in inline.parse(text or "") if s.cite]
        for item in block.get("items", []):
            cited += [s.cite for s in inline.parse(item["body"]) if s.cite] + item.get("sources", [])
    order = list(dict.fromkeys(cited)) + [s["id"] for s in g.get("sources", [])]
    by_id = {s["id"]: s for s in g.get("sources", [])}
    return Content(g, c, blocks, [by_id[i] for i in dict.fromkeys(order) if i in by_id], root)


def _yaml(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def walk(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for b in blocks:
        yield b
        yield from walk(b.get("blocks", []))


def _apply(blocks: list[dict[str, Any]], op: dict[str, Any]) -> list[dict[str, Any]]:
    target = op.get("after") if op["op"] == "append" else op.get("id")
    if target is None:
        return blocks + [op["block"]]

    def edit(bs: list[dict[str, Any]], change: Callable[[dict], list[dict]]) -> list[dict]:
        out: list[dict[str, Any]] = []
        for b in bs:
            if b["id"] == target:
                out += change(b)
            else:
                out.append({**b, "blocks": edit(b["blocks"], change)} if "blocks" in b else b)
        return out

    change = {"replace": lambda b: [op["block"]], "remove": lambda b: [],
              "append": lambda b: [b, op["block"]]}[op["op"]]
    return edit(blocks, change)


def tel(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"tel:+1{digits}" if len(digits) == 10 else f"tel:{digits}"


def bare(url: str) -> str:
    return url.split("://", 1)[1].rstrip("/")


def fields(c: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    contact = c["contact"]
    phone, web = contact["phone"], contact.get("website")
    booking = contact.get("booking") or web
    return {
        "clinic.name": (c["name"], None),
        "clinic.short_name": (c.get("short_name") or c["name"], None),
        "clinic.phone": (phone, tel(phone)),
        "clinic.email": (contact.get("email") or phone,
                         f"mailto:{contact['email']}" if contact.get("email") else tel(phone)),
        "clinic.website": (bare(web) if web else phone, web or tel(phone)),
        "clinic.booking": (bare(booking) if booking else phone, booking or tel(phone)),
    }
