"""The shipped guides use every kind of block, so that every kind is built, tagged and checked
by the tests that build every clinic × guide × format, not only by a test's made-up guide."""

from __future__ import annotations

from handout.model import parts
from handout.model.guide import BLOCK_KINDS, BulletList, Callout, Point, Step, Steps
from handout.project import Project


def _shipped_blocks(project: Project) -> dict[str, list]:
    """guide id → every block of that shipped guide, children included."""
    return {gid: [block for _, block in parts.walk(project.guide(gid).value.blocks)]
            for gid in project.guide_ids()}


def test_every_block_kind_is_in_a_shipped_guide(project: Project):
    used = {block.kind for blocks in _shipped_blocks(project).values() for block in blocks}
    assert set(BLOCK_KINDS) - used == set(), "kinds no shipped guide uses"


def test_every_callout_level_is_in_a_shipped_guide(project: Project):
    levels = {block.level for blocks in _shipped_blocks(project).values() for block in blocks
              if isinstance(block, Callout)}
    assert levels == set(Callout.model_fields["level"].annotation.__args__)


def test_both_shapes_of_list_and_step_are_in_a_shipped_guide(project: Project):
    blocks = [b for bs in _shipped_blocks(project).values() for b in bs]
    bullets = [item for b in blocks if isinstance(b, BulletList) for item in b.items]
    steps = [item for b in blocks if isinstance(b, Steps) for item in b.items]
    assert any(isinstance(i, Point) and i.items for i in bullets), "no nested list"
    assert any(isinstance(i, str) for i in bullets)
    assert any(isinstance(i, Step) and i.text for i in steps), "no step with a title and text"
    assert any(isinstance(i, str) for i in steps)
