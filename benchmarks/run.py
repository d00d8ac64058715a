"""Measure handout against plain ReportLab, Typst and WeasyPrint, side by side; write docs/benchmarks.md.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m benchmarks.run                 # writes docs/benchmarks.md
    .venv/bin/python -m benchmarks.run --clinics 50 --runs 5 --out /tmp/bench.md

What is measured, each as a median of several runs, in one run of this script:

(a) one document, whole process: ``handout build --clinic boulder --guide ketamine-benefits-risks
    --format handout --force`` from process start to exit, next to each peer's script rendering
    the same clinic's handout; and ``handout --help``. Wall and CPU time (user + system,
    ``getrusage``) of each.
(b) per document in a batch: N clinics generated from the shipped ones (names, colours, phone
    numbers and web addresses varied) in a scratch project; ``handout build --all --format
    handout --guide ketamine-benefits-risks`` (the guide the peers render) as a whole process,
    divided by N; the peers render the same N in one process each
    (their start-up not counted: the comparison is generous to them). CPU seconds per document
    beside the wall time, and the peak memory of the largest process for N/4 and for N clinics.
    The steady ratio: ``benchmarks.ratio``, each of ``--ratio-clinics`` clinics built by
    handout's workshop and then rendered by the ReportLab peer (in a process of its own) in turn,
    start-up left out: the CPU of one more document, the issue's batch target (≤ 1.2×).
    ``--large N``: one batch of N clinics more, for the peak memory of the largest process.
(c) a no-change rebuild: ``handout build --all`` again, for the N clinics and for the shipped ones.

The peers (``benchmarks/peers/``): a plain ReportLab script written for this benchmark (the floor
under handout, which is built on ReportLab: same fonts and design, no tags, no QR code), Typst
and WeasyPrint. Every measure is taken in rounds, each command once per round in turn, so that
all of them see the same load; the machine may be shared, so CPU time and the ratios of one run
are the figures to read, and the load average is printed with them.
"""

from __future__ import annotations

import argparse
import colorsys
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HANDOUT = [sys.executable, "-m", "handout"]
GUIDE = "ketamine-benefits-risks"
#: Text after this line in the output file is written by hand, and kept when the table is remade.
MARKER = "<!-- notes below are kept when benchmarks/run.py remakes the table above -->\n"


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds, median
    cpu: float  # user + system seconds of the process and its children, median
    peak_mb: float  # largest resident set of any one process, MiB


def timed(cmd: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Timing:
    """Run ``cmd`` once in a fresh process; its wall and CPU time, and its peak memory.

    A small wrapper process runs the command, so that the peak it reports is the largest
    process of this command (workers included), not of anything run before.
    """
    wrapper = ("import resource, subprocess, sys, time; s = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "w = time.perf_counter() - s; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(r.returncode, w, u.ru_utime + u.ru_stime, u.ru_maxrss); "
               "sys.stderr.write(r.stdout + r.stderr)")
    result = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, env=env,
                            capture_output=True, text=True)
    code, wall, cpu, peak = result.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stderr}")
    return Timing(float(wall), float(cpu), int(peak) / 1024)


def median(cmd: list[str], runs: int, prepare=lambda: None, warm: int = 2, **kw) -> Timing:
    for _ in range(warm):
        prepare()
        timed(cmd, **kw)
    samples = []
    for _ in range(runs):
        prepare()
        samples.append(timed(cmd, **kw))
    return Timing(statistics.median(s.wall for s in samples),
                  statistics.median(s.cpu for s in samples), max(s.peak_mb for s in samples))


def peak_in_fresh_process(code: str) -> Timing:
    """Run Python ``code`` in its own process (so that its peak memory is its own)."""
    return timed([sys.executable, "-c", code])


def generate(project: Path, count: int) -> list[str]:
    """A scratch project with ``count`` clinics varied from the shipped ones."""
    shutil.copytree(ROOT / "content" / "guides", project / "content" / "guides")
    shutil.copytree(ROOT / "assets", project / "assets")
    (project / "fonts").symlink_to(ROOT / "fonts")
    clinics = project / "content" / "clinics"
    clinics.mkdir(parents=True)
    shipped = [yaml.safe_load(p.read_text()) for p in sorted((ROOT / "content/clinics").glob("*.yaml"))]
    names = []
    for i in range(count):
        c = yaml.safe_load(yaml.safe_dump(shipped[i % len(shipped)]))
        r, g, b = colorsys.hsv_to_rgb((i * 0.618) % 1, 0.75, 0.55 + 0.4 * ((i * 7) % 10) / 10)
        c["name"] = f"{c['name']} {i}"
        c["short_name"] = f"{c.get('short_name', c['name'])} {i}"
        c["brand"]["primary"] = f"#{int(r * 255):02X}{int(g * 255):02X}{int(b * 255):02X}"
        c["contact"]["phone"] = f"(303) 555-{i:04d}"
        for key in ("website", "booking"):
            if c["contact"].get(key):
                c["contact"][key] = c["contact"][key].replace(".example", f"-{i}.example")
        name = f"clinic-{i:03d}"
        (clinics / f"{name}.yaml").write_text(yaml.safe_dump(c, allow_unicode=True, sort_keys=False))
        names.append(name)
    return names


MEMORY = """
import sys
from pathlib import Path
from handout.build import Workshop
from handout.cache import Record
from handout.plan import Request, plan
from handout.project import Project
project, out = Project.at(Path(sys.argv[1])), Path(sys.argv[2])
names = project.clinic_names()
todo = plan(Request(project.root, None, out, (sys.argv[3],), formats=("handout",), force=True),
            Record.load(out))
workshop, marks = Workshop(project.root), []
for i, (clinic, editions) in enumerate(todo.by_clinic().items(), 1):
    workshop.build(clinic, editions)
    if i % (len(names) // 4) == 0:
        marks.append(int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20)
print(" ".join(f"{m:.1f}" for m in marks))
"""


def memory_by_clinic(project: Path, out: Path) -> list[float]:
    """Resident memory (MiB) of one process after each quarter of the clinics, built in turn."""
    result = subprocess.run([sys.executable, "-c", MEMORY, str(project), str(out), GUIDE], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return [float(x) for x in result.stdout.split()]


PEER_BATCH = """
import sys, time
from pathlib import Path
from benchmarks.peers.{module} import Renderer
root, out, names = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
renderer = Renderer(root)
start = time.perf_counter(); cpu = time.process_time()
for name in names:
    renderer.render(name, "{guide}", out / name / "{guide}.pdf")
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def peer_batch(module: str, project: Path, names: list[str]) -> tuple[float, float]:
    """Seconds per document (wall, CPU) of a peer rendering ``names`` in one process."""
    with tempfile.TemporaryDirectory() as out:
        code = PEER_BATCH.format(module=module, guide=GUIDE)
        result = subprocess.run([sys.executable, "-c", code, str(project), out, *names], cwd=ROOT,
                                capture_output=True, text=True, check=True)
    wall, cpu = map(float, result.stdout.split())
    return wall / len(names), cpu / len(names)


@contextmanager
def server(scratch: Path) -> Iterator[dict[str, str]]:
    """A warm ``handout serve`` in a socket folder of its own; gives the environment to use it."""
    folder = scratch / "served"
    folder.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "XDG_RUNTIME_DIR": str(folder)}
    proc = subprocess.Popen([*HANDOUT, "serve", "--idle", "600"], cwd=ROOT, env=env,
                            stderr=subprocess.DEVNULL)
    try:
        sock = folder / f"handout-{os.getuid()}" / "serve.sock"
        while not sock.exists():
            if proc.poll() is not None:
                raise SystemExit("handout serve did not start")
            time.sleep(0.05)
        yield env
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def versions() -> str:
    def v(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "absent"

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; handout {v('handout')}, ReportLab {v('reportlab')} "
            f"(rl_accel {v('rl_accel')}), PyYAML {v('pyyaml')}, pydantic {v('pydantic')}, "
            f"Typer {v('typer')}; typst (PyPI) {v('typst')}; WeasyPrint {v('weasyprint')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=200, help="generated clinics for (b)")
    parser.add_argument("--runs", type=int, default=11, help="runs per one-shot median")
    parser.add_argument("--batch-runs", type=int, default=3, help="runs per batch median")
    parser.add_argument("--weasyprint-clinics", type=int, default=10,
                        help="documents for WeasyPrint's batch (it takes about 0.5 s each)")
    parser.add_argument("--large", type=int, default=0,
                        help="also build this many generated clinics once, for the peak memory of "
                             "a large batch (the issue's 1,000; about 1 s of CPU per 7 clinics)")
    parser.add_argument("--ratio-clinics", type=int, default=40,
                        help="clinics for the steady in-process ratio (benchmarks.ratio)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    n, runs = args.clinics, args.runs
    # An installed package has its bytecode (pip compiles it); a checkout run with
    # PYTHONDONTWRITEBYTECODE set would compile every module in every cold process instead.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src"),
                    str(ROOT / "benchmarks")], check=True)
    scratch = Path(tempfile.mkdtemp(prefix="handout-bench-"))
    load_before = os.getloadavg()
    try:
        rows, notes = run(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load_after = os.getloadavg()
    notes.append("Load average (1, 5, 15 min) of the machine when the run started: "
                 f"{', '.join(f'{x:.2f}' for x in load_before)}; when it ended: "
                 f"{', '.join(f'{x:.2f}' for x in load_after)} (other work shares these CPUs).")
    command = "python -m benchmarks.run" + "".join(
        f" --{k.replace('_', '-')} {getattr(args, k)}" for k in ("clinics", "runs", "batch_runs",
                                                                  "weasyprint_clinics", "large",
                                                                  "ratio_clinics"))
    text = render(rows, notes, command, n, runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    kept = args.out.read_text().partition(MARKER)[2] if args.out.exists() else ""
    args.out.write_text(text + (MARKER + kept if kept else ""))
    print(text)


def interleaved(measures: dict[str, Callable[[], Timing]], runs: int, warm: int = 1
                ) -> dict[str, Timing]:
    """Run every measure once per round, in turn, so that all of them see the same load."""
    for _ in range(warm):
        for measure in measures.values():
            measure()
    samples: dict[str, list[Timing]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            samples[name].append(measure())
    return {name: Timing(statistics.median(t.wall for t in ts), statistics.median(t.cpu for t in ts),
                         max(t.peak_mb for t in ts)) for name, ts in samples.items()}


def run(args, scratch: Path) -> tuple[list[tuple[str, ...]], list[str]]:
    n, runs = args.clinics, args.runs
    # no server for the cold measurements: an empty socket folder of our own
    (scratch / "cold").mkdir()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "XDG_RUNTIME_DIR": str(scratch / "cold")}
    one_out = scratch / "one"
    one_shot = [*HANDOUT, "build", "--clinic", "boulder", "--guide", GUIDE, "--format", "handout",
                "--force", "--out", str(one_out)]
    project = scratch / "project"
    names = generate(project, n)
    quarter = scratch / "quarter"
    generate(quarter, max(1, n // 4))
    out, quarter_out = scratch / "batch", scratch / "quarter-out"
    # one guide, the one the peers render: the project holds every guide of the shipped ones
    batch_cmd = [*HANDOUT, "build", "--all", "--format", "handout", "--guide", GUIDE, "--root",
                 str(project), "--out", str(out)]
    quarter_cmd = [*HANDOUT, "build", "--all", "--format", "handout", "--guide", GUIDE, "--root",
                   str(quarter), "--out", str(quarter_out)]

    def fresh(cmd: list[str], folder: Path, run_env: dict[str, str]) -> Timing:
        shutil.rmtree(folder, ignore_errors=True)
        return timed(cmd, env=run_env)

    def peer(module: str, documents: list[str]) -> Timing:
        wall, cpu = peer_batch(module, project, documents)
        return Timing(wall, cpu, 0.0)

    with server(scratch) as served_env:
        # (a) one document, whole process
        a = interleaved({
            "ours": lambda: timed(one_shot, env=env),
            "served": lambda: timed(one_shot, env=served_env),
            "reportlab": lambda: timed([sys.executable, "-m", "benchmarks.peers.reportlab_peer",
                                        "--clinic", "boulder", "--out", str(scratch / "rl-one")],
                                       env=env),
            "typst": lambda: timed([sys.executable, "-m", "benchmarks.peers.typst_peer", "--clinic",
                                    "boulder", "--out", str(scratch / "typst-one")], env=env),
            "help": lambda: timed([*HANDOUT, "--help"], env=env),
        }, runs, warm=2)
        ours, served, typst_one, helped = a["ours"], a["served"], a["typst"], a["help"]
        rl_one = a["reportlab"]
        weasy_one = median([sys.executable, "-m", "benchmarks.peers.weasyprint_peer", "--clinic",
                            "boulder", "--out", str(scratch / "weasy-one")], max(3, runs // 3),
                           warm=1, env=env)
        # (b) per document for N generated clinics (per document for the peers)
        b = interleaved({
            "batch": lambda: fresh(batch_cmd, out, env),
            "quarter": lambda: fresh(quarter_cmd, quarter_out, env),
            "typst": lambda: peer("typst_peer", names),
            "reportlab": lambda: peer("reportlab_peer", names),
            "served": lambda: fresh(batch_cmd, out, served_env),
        }, args.batch_runs)
    rl_batch, rl_cpu = b["reportlab"].wall, b["reportlab"].cpu
    batch, small, served_batch = b["batch"], b["quarter"], b["served"]
    typst_batch, typst_cpu = b["typst"].wall, b["typst"].cpu
    weasy_names = names[:args.weasyprint_clinics]
    weasy_batch, weasy_cpu = peer_batch("weasyprint_peer", project, weasy_names)
    # (c) no change since the last build
    timed(batch_cmd, env=env)
    unchanged = median(batch_cmd, runs, env=env)
    every_format = timed([*HANDOUT, "build", "--all", "--guide", GUIDE, "--root", str(project), "--out",
                          str(scratch / "every")], env=env)
    shipped_out = scratch / "shipped"
    timed([*HANDOUT, "build", "--all", "--out", str(shipped_out)], env=env)
    shipped = median([*HANDOUT, "build", "--all", "--out", str(shipped_out)], runs, env=env)
    one_job = timed([*HANDOUT, "build", "--all", "--format", "handout", "--guide", GUIDE, "--jobs",
                     "1", "--force",
                     "--root", str(project), "--out", str(out)], env=env)
    memory = memory_by_clinic(project, scratch / "memory") if Path("/proc/self/statm").exists() \
        else []
    steady = subprocess.run([sys.executable, "-m", "benchmarks.ratio", "--clinics",
                             str(args.ratio_clinics), "--rounds", str(max(3, runs))], cwd=ROOT,
                            env=env, capture_output=True, text=True, check=True).stdout.strip()
    large = None
    if args.large:
        big = scratch / "large"
        generate(big, args.large)
        large = timed([*HANDOUT, "build", "--all", "--format", "handout", "--guide", GUIDE, "--root",
                       str(big),
                       "--out", str(scratch / "large-out")], env=env)

    marginal = (batch.wall - small.wall) / (n - max(1, n // 4))
    marginal_cpu = (batch.cpu - small.cpu) / (n - max(1, n // 4))

    ms = lambda s: f"{s * 1000:.0f} ms" if s >= 0.1 else f"{s * 1000:.1f} ms"  # noqa: E731
    ratio = lambda ours_s, peer_s: f"{ours_s / peer_s:.2f}×"  # noqa: E731
    rows = [
        ("(a) one document, whole process: `handout build --clinic boulder --guide "
         "ketamine-benefits-risks --format handout --force`",
         ms(ours.wall), ms(rl_one.wall), ms(typst_one.wall), ms(weasy_one.wall)),
        ("(a) the same, CPU time", ms(ours.cpu), ms(rl_one.cpu), ms(typst_one.cpu),
         ms(weasy_one.cpu)),
        ("(a) handout's CPU time ÷ the peer's; target ≤ 1.5× the plain ReportLab script", "",
         ratio(ours.cpu, rl_one.cpu), ratio(ours.cpu, typst_one.cpu), ratio(ours.cpu, weasy_one.cpu)),
        ("(a) the same with `handout serve` running (client process; the build runs in the server)",
         ms(served.wall), ratio(served.wall, rl_one.wall) + " (wall)",
         ratio(served.wall, typst_one.wall) + " (wall)", ratio(served.wall, weasy_one.wall) + " (wall)"),
        ("(a) `handout --help`, wall (CPU); target < 100 ms wall",
         f"{ms(helped.wall)} ({ms(helped.cpu)})", "", "", ""),
        (f"(b) per document, `handout build --all --format handout` of {n} clinics ÷ {n} (whole process, "
         f"start-up included, default `--jobs`); peers: in one process, start-up not counted",
         ms(batch.wall / n), ms(rl_batch), ms(typst_batch),
         ms(weasy_batch) + f" ({len(weasy_names)} documents)"),
        ("(b) handout's wall time ÷ the peer's; target: below Typst's (< 1×)", "",
         ratio(batch.wall / n, rl_batch), ratio(batch.wall / n, typst_batch),
         ratio(batch.wall / n, weasy_batch)),
        ("(b) CPU time per document (handout: all processes, start-up included)", ms(batch.cpu / n),
         ms(rl_cpu), ms(typst_cpu), ms(weasy_cpu)),
        (f"(b) steady CPU per document, {args.ratio_clinics} clinics, each built by handout and "
         "then by the peer (in a process of its own) in turn (`python -m benchmarks.ratio`), "
         "handout ÷ peer; target ≤ 1.2×", _steady_ms(steady, "handout"),
         f"{_steady_ratio(steady)} (peer {_steady_ms(steady, 'peer')})", "", ""),
        (f"(b) CPU time per additional document: (CPU for {n} − CPU for {max(1, n // 4)}) ÷ "
         f"{n - max(1, n // 4)}", ms(marginal_cpu), "", "", ""),
        ("(b) handout's CPU per document ÷ the peer's (whole batch; per additional document); "
         "target ≤ 1.2× the plain ReportLab script", "",
         f"{ratio(batch.cpu / n, rl_cpu)}; {ratio(marginal_cpu, rl_cpu)}",
         f"{ratio(batch.cpu / n, typst_cpu)}; {ratio(marginal_cpu, typst_cpu)}", ""),
        (f"(b) per additional document, wall: (time for {n} − time for {max(1, n // 4)}) ÷ "
         f"{n - max(1, n // 4)}", ms(marginal), "", ratio(marginal, typst_batch) + " of Typst's", ""),
        (f"(b) per document, the same {n} with `handout serve` running", ms(served_batch.wall / n),
         ratio(served_batch.wall / n, rl_batch), ratio(served_batch.wall / n, typst_batch),
         ratio(served_batch.wall / n, weasy_batch)),
        ("(b) handout with one process (`--jobs 1`), per document", ms(one_job.wall / n), "", "", ""),
        (f"(b) every edition (`--format all`: handout, booklet and its print edition, large print), "
         f"per clinic of {n}", ms(every_format.wall / n), "", "", ""),
        (f"(b) peak memory of the largest process: {max(1, n // 4)} clinics → {n} clinics",
         f"{small.peak_mb:.0f} → {batch.peak_mb:.0f} MiB", "", "", ""),
        (f"(b) memory of one process building the {n} clinics in turn, after each quarter",
         " → ".join(f"{m:.0f}" for m in memory) + " MiB", "", "", ""),
        *([(f"(b) peak memory of the largest process, one batch of {args.large} clinics "
             f"({large.wall:.0f} s wall, {large.cpu:.0f} s CPU)", f"{large.peak_mb:.0f} MiB", "", "",
             "")] if large else []),
        (f"(c) no-change rebuild of {n} clinics, whole process", ms(unchanged.wall), "", "", ""),
        ("(c) no-change rebuild of the shipped clinics, whole process", ms(shipped.wall), "", "", ""),
    ]
    notes = [versions(),
             f"handout batch: {n} documents in {batch.wall:.2f} s wall, {batch.cpu:.2f} s CPU "
             f"(all processes), default --jobs; one-shot CPU {ms(ours.cpu)}.",
             f"Rounds: {runs} for (a) after 2 to warm up, {args.batch_runs} for (b) after 1; medians.",
             f"Steady ratio (`benchmarks.ratio`): {steady}"]
    return rows, notes


def _steady_ratio(line: str) -> str:
    """The median ratio in ``benchmarks.ratio``'s line (``… ratio median 1.234× …``)."""
    return line.split("ratio median ", 1)[1].split()[0] if "ratio median " in line else line


def _steady_ms(line: str, who: str) -> str:
    """``who``'s CPU per document in ``benchmarks.ratio``'s line (``handout 12.3 ms, peer …``)."""
    words = line.replace(",", " ").split()
    return f"{words[words.index(who) + 1]} ms" if who in words else ""


def render(rows, notes, command: str, n: int, runs: int) -> str:
    lines = ["# Benchmarks", "",
             "Measured side by side in one run of `benchmarks/run.py` (medians; the script's "
             "docstring says what each row measures).", "",
             f"Command: `{command}`", "",
             "| measure | handout | plain ReportLab | Typst | WeasyPrint |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    lines += ["", "Machine and versions: " + notes[0], ""] + [f"- {x}" for x in notes[1:]] + [""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
