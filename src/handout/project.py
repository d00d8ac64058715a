"""Where content lives: a project root with ``content/guides``, ``content/clinics``, ``fonts``.

Finds guides and clinics by name and runs the load and model stages on them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handout.errors import NotFoundError

if TYPE_CHECKING:  # loading YAML and the models is imported where it is used: listing clinics
    # or checking which PDFs are up to date needs neither
    from handout.model import Clinic, Guide, Parsed


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: Path) -> Project:
        root = root.resolve()
        if not (root / "content").is_dir():
            raise NotFoundError(f"{root} is not a handout project: it has no content/ folder "
                                f"(run the command in the project folder, or pass --root DIR)")
        return cls(root)

    @property
    def guides_dir(self) -> Path:
        return self.root / "content" / "guides"

    @property
    def clinics_dir(self) -> Path:
        return self.root / "content" / "clinics"

    def clinic_names(self) -> list[str]:
        return sorted(p.stem for p in self.clinics_dir.glob("*.yaml"))

    def guide_ids(self) -> list[str]:
        return sorted(p.stem for p in self.guides_dir.glob("*.yaml") if "." not in p.stem)

    def relative(self, path: Path) -> Path:
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path

    def clinic_file(self, name: str) -> Path:
        return self._find(self.clinics_dir, name, self.clinic_names(), "clinic")

    def guide_file(self, guide_id: str) -> Path:
        return self._find(self.guides_dir, guide_id, self.guide_ids(), "guide")

    def clinic(self, name: str) -> Parsed[Clinic]:
        from handout.load import load_yaml
        from handout.model import parse_clinic

        path = self.clinic_file(name)
        return parse_clinic(load_yaml(path, self.relative(path)))

    def guide(self, guide_id: str) -> Parsed[Guide]:
        from handout.load import load_yaml
        from handout.model import parse_guide

        path = self.guide_file(guide_id)
        return parse_guide(load_yaml(path, self.relative(path)), guide_id)

    def _find(self, folder: Path, name: str, known: list[str], what: str) -> Path:
        path = folder / f"{name}.yaml"
        if name in known and path.is_file():
            return path
        message = f"unknown {what} '{name}': there is no {self.relative(path)}"
        close = difflib.get_close_matches(name, known, n=1)
        if close:
            message += f"; did you mean '{close[0]}'?"
        elif known:
            message += f" (known: {', '.join(known)})"
        raise NotFoundError(message)
