"""Files built once for a whole test session, however many workers it runs on.

The suite runs on every core (pytest-xdist), and a session fixture belongs to a worker: left to
itself, each worker would build every shipped edition again. ``once`` lets the first worker that
asks build into a folder all workers of the session share (the parent of their own temporary
folders), and the others wait for it and read what it built. Run without workers, it simply
builds. The result is pickled: paths, strings, tuples and dicts of them.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")

#: how long a worker waits for another's build before it gives up (a crashed worker)
PATIENCE = 900


def once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """``make(folder)``, run once in the session: by this worker, or by the one that asked first."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    result, failed = shared / "result.pickle", shared / "failed"
    try:
        shared.mkdir()  # atomic: exactly one worker makes the folder, and builds
    except FileExistsError:
        deadline = time.monotonic() + PATIENCE
        while not result.exists():
            if failed.exists():
                pytest.fail(f"{name}: the worker that built it failed (see its error)")
            if time.monotonic() > deadline:
                pytest.fail(f"{name}: not built by another worker within {PATIENCE} s")
            time.sleep(0.2)
        return pickle.loads(result.read_bytes())
    try:
        (shared / "files").mkdir()
        value = make(shared / "files")
    except BaseException:
        failed.touch()
        raise
    written = shared / "result.tmp"
    written.write_bytes(pickle.dumps(value))
    written.replace(result)  # whole, or not there
    return value
