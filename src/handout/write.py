"""Stage 7, write: PDF bytes → a file, atomically.

The bytes go to a temporary file in the same folder, are flushed to disk, and then replace the
target in one step, so a reader sees either the old PDF or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from handout.errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; "
                          f"any earlier file there is unchanged") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
