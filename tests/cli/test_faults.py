"""Faults outside the content: read-only or full output, interrupted builds, two builds at once.

In every case the user gets one clear line, no traceback, and the PDF already at the output path
is either left exactly as it was or replaced by a complete new one — never a torn file.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from handout.errors import OutputError
from handout.write import write_atomic
from tests.conftest import GUIDE, ROOT

EARLIER = b"%PDF-1.4 an earlier good build\n"
COMMAND = [sys.executable, "-m", "handout", "build", "--clinic", "boulder", "--guide", GUIDE,
           "--format", "handout"]


@pytest.fixture(scope="module")
def reference_pdf(tmp_path_factory) -> bytes:
    """The PDF a complete, uninterrupted build writes."""
    out = tmp_path_factory.mktemp("reference")
    subprocess.run(COMMAND + ["--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    return (out / "boulder" / f"{GUIDE}.pdf").read_bytes()


def earlier_output(out: Path) -> Path:
    pdf = out / "boulder" / f"{GUIDE}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(EARLIER)
    return pdf


def leftovers(folder: Path, pdf: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != pdf)


@contextmanager
def read_only(folder: Path):
    """``folder`` made read-only: by its permissions, or for root (whom permissions do not stop)
    by a read-only bind mount of it."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "Permission denied"
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode:
        pytest.skip("as root, needs a read-only bind mount (mount, CAP_SYS_ADMIN)")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield "Read-only file system"
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_read_only_output_folder(tmp_path):
    out = tmp_path / "out"
    pdf = earlier_output(out)
    with read_only(out) as reason:
        result = subprocess.run(COMMAND + ["--out", str(out)], cwd=ROOT, capture_output=True,
                                text=True)
        assert result.returncode == 2, result.stderr
        assert result.stderr == (f"error: cannot write to {pdf.parent}: {reason}\n")
        assert pdf.read_bytes() == EARLIER and leftovers(pdf.parent, pdf) == []


def test_full_disk(tmp_path):
    # A file-size limit makes the kernel refuse the write part-way, as a full disk does.
    out = tmp_path / "out"
    pdf = earlier_output(out)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run(COMMAND + ["--out", str(out)], cwd=ROOT, capture_output=True,
                            text=True, preexec_fn=limit)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (f"error: cannot write {pdf}: File too large; any earlier file there "
                             f"is unchanged\n")
    assert pdf.read_bytes() == EARLIER and leftovers(pdf.parent, pdf) == []


def test_interrupt_while_writing_leaves_the_earlier_file(tmp_path, monkeypatch):
    pdf = earlier_output(tmp_path)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr("handout.write.os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(pdf, b"%PDF-1.4 new" + b"x" * 100_000)
    assert pdf.read_bytes() == EARLIER and leftovers(pdf.parent, pdf) == []


def test_write_error_names_the_file(tmp_path):
    target = tmp_path / "boulder" / "guide.pdf"
    target.mkdir(parents=True)  # a folder where the PDF should go
    with pytest.raises(OutputError, match=r"cannot write .*guide\.pdf: Is a directory; any "
                                          r"earlier file there is unchanged"):
        write_atomic(target, b"%PDF")
    assert leftovers(target.parent, target) == []


def started(proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until the command is under way: pydantic's compiled core, which the build loads once
    the command has begun (and our handling of Ctrl-C with it), is mapped into the process.

    Earlier than that, an interrupt lands in Python's own start-up (``site``, ``runpy``), which
    no program can handle: Python then stops with its own traceback. Waiting on the process
    rather than on the clock keeps the test meaningful on a loaded machine, where that start-up
    can take longer than any fixed delay.
    """
    maps = Path(f"/proc/{proc.pid}/maps")
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            if "pydantic_core" in maps.read_text():
                return
        except OSError:
            return  # the process has gone
        time.sleep(0.005)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc/PID/maps (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_build_never_tears_the_pdf(tmp_path, sig, reference_pdf):
    new = reference_pdf
    outcomes, codes = set(), set()
    # From the imports of the build (where a caught interrupt once still killed the exit) to
    # the render, the write and the end of the command.
    for delay in (0, 0.1, 0.3, 0.6, 1.0, 2.0):
        out = tmp_path / f"out-{sig.name}-{delay}"
        pdf = earlier_output(out)
        proc = subprocess.Popen(COMMAND + ["--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        started(proc)
        time.sleep(delay)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        data = pdf.read_bytes()
        assert data in (EARLIER, new)  # old or complete new, never part of one
        outcomes.add(data == new)
        codes.add(proc.returncode)
        if sig == signal.SIGINT and proc.returncode == 130:
            assert "Traceback" not in err
            assert err.strip() == ("interrupted; files already written are complete, nothing is "
                                   "half-written")
            assert leftovers(pdf.parent, pdf) == []
    assert False in outcomes  # at least one interrupt landed before the write
    if sig == signal.SIGINT:  # Ctrl-C is never an internal error, nor an unexplained death
        assert codes <= {0, 130}, codes
    assert (130 if sig == signal.SIGINT else -signal.SIGKILL) in codes


def test_two_builds_writing_the_same_file(tmp_path, reference_pdf):
    new = reference_pdf
    out = tmp_path / "out"
    pdf = earlier_output(out)
    procs = [subprocess.Popen(COMMAND + ["--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    assert pdf.read_bytes() == new
    assert leftovers(pdf.parent, pdf) == []
