"""Where content lives: a project root with ``content/guides``, ``content/clinics``, ``fonts``.

Finds guides, their translations (``content/guides/<id>.<language>.yaml``) and clinics by name
and runs the load and model stages on them.
"""

from __future__ import annotations

import difflib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handout.errors import NotFoundError
from handout.outputs import ENGLISH

#: A language code as it appears in a translation's file name (``es``, ``pt-BR``).
_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")

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
        return list(_yaml_stems(self.clinics_dir))

    def guide_ids(self) -> list[str]:
        return [stem for stem in _yaml_stems(self.guides_dir) if "." not in stem]

    def languages(self, guide_id: str) -> list[str]:
        """The languages a guide can be built in: English, then its translations' languages."""
        found = sorted(p.name[len(guide_id) + 1:-len(".yaml")]
                       for p in self.guides_dir.glob(f"{guide_id}.*.yaml"))
        return [ENGLISH] + [lang for lang in found if _LANGUAGE.match(lang) and lang != ENGLISH]

    def relative(self, path: Path) -> Path:
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path

    def clinic_file(self, name: str) -> Path:
        return self._find(self.clinics_dir, name, self.clinic_names(), "clinic")

    def guide_file(self, guide_id: str, language: str = ENGLISH) -> Path:
        """The guide's file, or its translation's (``<id>.<language>.yaml``)."""
        path = self._find(self.guides_dir, guide_id, self.guide_ids(), "guide")
        if language == ENGLISH:
            return path
        translation = self.guides_dir / f"{guide_id}.{language}.yaml"
        if not translation.is_file():
            have = [lang for lang in self.languages(guide_id) if lang != ENGLISH]
            raise NotFoundError(
                f"the guide '{guide_id}' has no translation into '{language}': there is no "
                f"{self.relative(translation)}" + (f" (it is translated into {', '.join(have)})"
                                                  if have else " (it has no translations)"))
        return translation

    def clinic(self, name: str) -> Parsed[Clinic]:
        from handout.load import load_yaml
        from handout.model import parse_clinic

        path = self.clinic_file(name)
        return parse_clinic(load_yaml(path, self.relative(path)))

    def guide(self, guide_id: str, language: str = ENGLISH) -> Parsed[Guide]:
        """The guide, or its translation into ``language`` (checked on its own: see
        ``handout.languages.translation`` for the checks against the English guide)."""
        from handout.load import load_yaml
        from handout.model import parse_guide

        path = self.guide_file(guide_id, language)
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


#: Folder → (its modification time, the stems of its YAML files): a batch looks each clinic up by
#: name, and listing a directory of a thousand clinics for each would cost more than the lookup.
_listed: dict[Path, tuple[int, tuple[str, ...]]] = {}
#: A listing is kept only when the folder was last changed this long before it was taken, so a
#: file added within the same tick of a coarse file-system clock is never missed (in nanoseconds).
_SETTLED = 2_000_000_000


def _yaml_stems(folder: Path) -> tuple[str, ...]:
    """The stems of the ``*.yaml`` files in ``folder``, sorted; listed again whenever an entry
    of the folder was added, removed or renamed (each changes the folder's modification time)."""
    try:
        changed = os.stat(folder).st_mtime_ns
    except OSError:
        return ()
    hit = _listed.get(folder)
    if hit is not None and hit[0] == changed:
        return hit[1]
    stems = tuple(sorted(p.stem for p in folder.glob("*.yaml")))
    if time.time_ns() - changed >= _SETTLED:
        _listed[folder] = (changed, stems)
    return stems
