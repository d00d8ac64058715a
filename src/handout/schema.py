"""JSON Schema of the content files, generated from the models in ``handout.model``.

Editors with the YAML language server read the ``# yaml-language-server: $schema=…`` line at the
top of each content file and use these schemas to complete keys and underline mistakes while
staff type. The models stay the single source of truth: the committed files under ``schema/``
are regenerated with ``handout schema``, and a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from handout.model import Clinic, Guide

#: File name under ``schema/`` → (model, title, description).
SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "guide.schema.json": (Guide, "handout guide",
                          "A patient guide: content/guides/<id>.yaml"),
    "clinic.schema.json": (Clinic, "handout clinic",
                           "One clinic's identity, brand, contact, pricing and overrides: "
                           "content/clinics/<name>.yaml"),
}


def generate() -> dict[str, str]:
    """File name → the schema's JSON text, exactly as committed."""
    out = {}
    for name, (model, title, description) in SCHEMAS.items():
        schema = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
                  "description": description,
                  **{k: v for k, v in schema.items() if k not in ("title", "description")}}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def stale(folder: Path) -> list[str]:
    """Names of schema files under ``folder`` that are missing or differ from the models."""
    wanted = generate()
    return [name for name, text in wanted.items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


def write(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in generate().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
