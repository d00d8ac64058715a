"""Instructions a batch document costs, counted by valgrind: a measure the machine's load does not
move, for changes too small for the timed ratio to see.

    .venv/bin/python -m benchmarks.instructions ../handout-before . --clinics 8

The timed figures (``benchmarks.ratio``, ``benchmarks.compare``) move by 10% and more with the
load of a shared machine; a change worth 1–3% of a document is lost in that. Here each checkout's
code runs under ``valgrind --tool=cachegrind``, which counts the instructions the processor
executes: a process warms up (the guide parsed, ``--warm`` generated clinics built) and builds
``--clinics`` more, and a second process stops after the warm-up; the difference of their
counts, divided by ``--clinics``, is the instructions of one more document. Repeated runs of the
same code agree within about 1% (Python's hash seed changes the order of sets and dicts). About
35 s a process at 8 clinics; valgrind must be installed (``apt-get install valgrind``).

``--one-shot`` counts the cold start instead, the issue's one-shot target: in each checkout, the
whole process of ``handout build --clinic boulder --guide ketamine-benefits-risks --format
handout --force`` (its font cache warm, as after a first run; no ``handout serve``), and the
same command line given ``--all`` as well, which Typer parses in full before handout refuses it:
what starting the command costs before any of handout's work. Beside them, the plain ReportLab
script (``benchmarks/peers/reportlab_peer.py``, this checkout's) rendering the same handout.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")

def build(warm: int, count: int, built: int) -> None:
    """What each counted process runs (``--build``): makes ``warm`` + ``count`` generated
    clinics, the same every time, and builds the handouts of ``warm`` + ``built`` of them.
    Its imports are the checkout's (on ``PYTHONPATH``), so it counts code that has no copy of
    this module."""
    import gc
    import tempfile

    from benchmarks.run import GUIDE, generate
    from handout.build import Workshop
    from handout.cache import Record
    from handout.plan import Request, plan

    scratch = Path(tempfile.mkdtemp())
    try:
        names = generate(scratch / "p", warm + count)
        request = Request(scratch / "p", None, scratch / "o", (GUIDE,), ("handout",), force=True)
        tasks = plan(request, Record(scratch / "o", {})).by_clinic()
        workshop = Workshop(scratch / "p")
        workshop.warm([GUIDE])
        gc.set_threshold(10_000, 20, 100)  # as a batch's workers
        for name in names[:warm + built]:
            workshop.build(name, tasks[name])
    finally:
        shutil.rmtree(scratch)


def instructions(checkout: Path, warm: int, count: int, built: int) -> int:
    """Instructions of one process of ``checkout``'s code that makes ``warm`` + ``count`` clinics
    and builds ``warm`` + ``built`` of them."""
    return counted([sys.executable, __file__, "--build", str(warm), str(count), str(built)],
                   checkout)


def counted(command: list[str], checkout: Path, env: dict[str, str] | None = None,
            codes: tuple[int, ...] = (0,)) -> int:
    """Instructions of ``command`` run in ``checkout`` with its code first on the path; it must
    exit with one of ``codes``."""
    env = {**(env or os.environ),
           "PYTHONPATH": os.pathsep.join([str(checkout), str(checkout / "src")])}
    # bytecode written beforehand, as an installed package has it: not compiled in the count
    # (the peer's script included, which lives in the checkout's benchmarks/)
    folders = [str(f) for f in (checkout / "src", checkout / "benchmarks") if f.is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True)
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         *command], cwd=checkout, env=env, capture_output=True, text=True)
    found = _REFS.search(result.stderr)
    if result.returncode not in codes or found is None:
        raise SystemExit(f"{' '.join(command)} in {checkout} gave no count (exit "
                         f"{result.returncode}):\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_document(checkout: Path, warm: int, clinics: int) -> float:
    return (instructions(checkout, warm, clinics, clinics)
            - instructions(checkout, warm, clinics, 0)) / clinics


def one_shot(checkout: Path, scratch: Path) -> tuple[int, int]:
    """Instructions of a one-shot build of Boulder's handout in ``checkout``, and of the same
    command line refused after Typer has parsed it."""
    from benchmarks.run import GUIDE

    env = {**os.environ, "XDG_RUNTIME_DIR": str(scratch / "no-server"),
           "XDG_CACHE_HOME": str(scratch / "cache"), "PYTHONDONTWRITEBYTECODE": "1"}
    build = [sys.executable, "-m", "handout", "build", "--clinic", "boulder", "--guide", GUIDE,
             "--format", "handout", "--force", "--out", str(scratch / "out")]
    subprocess.run(build, cwd=checkout, check=True, capture_output=True,  # the font cache warm
                   env={**env, "PYTHONPATH": str(checkout / "src")})
    return counted(build, checkout, env), counted([*build, "--all"], checkout, env, codes=(2,))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", type=Path, nargs="*", help="checkouts of the code to count")
    parser.add_argument("--clinics", type=int, default=8, help="new clinics counted")
    parser.add_argument("--warm", type=int, default=6, help="clinics built first, not counted")
    parser.add_argument("--one-shot", action="store_true",
                        help="count a cold one-shot build and the plain ReportLab script instead")
    parser.add_argument("--build", nargs=3, type=int, help=argparse.SUPPRESS)  # a counted process
    args = parser.parse_args()
    if args.build:
        build(*args.build)
        return
    if not args.checkouts:
        parser.error("name at least one checkout")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    if args.one_shot:
        report_one_shot([c.resolve() for c in args.checkouts])
        return
    first = None
    for checkout in args.checkouts:
        count = per_document(checkout.resolve(), args.warm, args.clinics)
        first = first or count
        print(f"{checkout}: {count / 1e6:.1f} million instructions a document "
              f"({100 * (count / first - 1):+.1f}% against the first)", flush=True)


def report_one_shot(checkouts: list[Path]) -> None:
    import tempfile

    from benchmarks.run import ROOT

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        (scratch / "no-server").mkdir()
        peer = counted([sys.executable, "-m", "benchmarks.peers.reportlab_peer", "--clinic",
                        "boulder", "--out", str(scratch / "peer")], ROOT)
        print(f"plain ReportLab script: {peer / 1e6:.0f} million instructions", flush=True)
        for checkout in checkouts:
            whole, command_line = one_shot(checkout, scratch)
            print(f"{checkout}: {whole / 1e6:.0f} million instructions, {whole / peer:.2f}× the "
                  f"script; its command line alone {command_line / 1e6:.0f} million "
                  f"({command_line / peer:.2f}× the script)", flush=True)


if __name__ == "__main__":
    main()
