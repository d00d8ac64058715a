"""Clinics and guides are listed from their folders, and a change to a folder is seen at once."""

import os
import time

from handout.project import Project
from tests.conftest import copy_project


def test_a_clinic_added_removed_or_renamed_is_seen_by_the_same_process(tmp_path):
    project = Project.at(copy_project(tmp_path).root)
    folder = project.clinics_dir
    old = time.time_ns() - 10_000_000_000  # settled: the listing may be kept
    os.utime(folder, ns=(old, old))
    before = project.clinic_names()
    assert project.clinic_names() == before and "boulder" in before
    (folder / "aspen.yaml").write_text((folder / "boulder.yaml").read_text())
    assert project.clinic_names() == sorted([*before, "aspen"])
    assert project.clinic_file("aspen") == folder / "aspen.yaml"
    (folder / "aspen.yaml").rename(folder / "birch.yaml")
    assert "aspen" not in project.clinic_names() and "birch" in project.clinic_names()
    (folder / "birch.yaml").unlink()
    assert project.clinic_names() == before


def test_a_folder_changed_in_the_same_clock_tick_is_listed_again(tmp_path):
    """On a file system whose clock ticks once a second or slower, a file added in the tick the
    folder was listed in leaves its modification time as it was: that listing is not kept."""
    project = Project.at(copy_project(tmp_path).root)
    folder = project.clinics_dir
    tick = time.time_ns() // 1_000_000_000 * 1_000_000_000
    os.utime(folder, ns=(tick, tick))
    before = project.clinic_names()
    (folder / "aspen.yaml").write_text((folder / "boulder.yaml").read_text())
    os.utime(folder, ns=(tick, tick))  # the clock did not move on
    assert project.clinic_names() == sorted([*before, "aspen"])
