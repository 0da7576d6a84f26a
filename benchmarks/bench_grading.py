"""Benchmark: grade a simulated class with `python3 course.py grade` (parallel) and with plain nbgrader (sequential).

    .venv/bin/python benchmarks/bench_grading.py [--learners 30] [--jobs N] [--baseline all|per-learner|both]

The class: LEARNERS learners hand in every assignment of exercises/source/ — mostly correct, some partly wrong,
and a few broken (an endless loop, a damaged file, deleted check cells, an exception). Both ways grade the same
hand-ins in separate temporary copies of the course folder, and both end with feedback pages and exported grades:

- parallel: `python -m atelier.grading.grade --jobs N` (what `python3 course.py grade` runs);
- sequential, "all": `nbgrader autograde <assignment>` once per assignment (nbgrader grades one notebook at a
  time), then `nbgrader generate_feedback` per assignment and `nbgrader export`;
- sequential, "per-learner": `nbgrader autograde <assignment> --student <id>` for each hand-in, as a trainer
  would by hand, then the same feedback and export;
- parallel without the sandbox (`ARTISANAT_SANDBOX=off`), to print the sandbox's own cost per hand-in (each
  kernel in bubblewrap, talking through Unix sockets, with resource limits).

It prints the wall times and the speed-up. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from atelier.grading import CONFIG_FILE, DATASETS, DATASETS_ENV, EXERCISES, source_assignments  # noqa: E402
from atelier.grading.sandbox import sandbox_works  # noqa: E402

PYTHON = sys.executable
NBGRADER = [PYTHON, "-m", "nbgrader"]


def make_course(folder: Path) -> Path:
    """A fresh course folder (config and sources) with its assignments generated."""
    course = folder / "exercises"
    course.mkdir(parents=True)
    shutil.copy2(EXERCISES / CONFIG_FILE, course / CONFIG_FILE)
    shutil.copytree(EXERCISES / "source", course / "source")
    for assignment in source_assignments(course):
        subprocess.run(
            [*NBGRADER, "generate_assignment", assignment, "--force", "--log-level=ERROR"],
            cwd=course,
            check=True,
            env=environment(),
        )
    return course


def environment(**extra: str) -> dict[str, str]:
    bin_dir = str(Path(PYTHON).parent)
    return {**os.environ, DATASETS_ENV: str(DATASETS), "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            **extra}


def hand_in(source: nbformat.NotebookNode, kind: str) -> nbformat.NotebookNode | None:
    """A learner's notebook made from the solution: correct, partly wrong or broken (None = damaged file)."""
    nb = nbformat.from_dict(source)
    answers = [cell for cell in nb.cells if cell.metadata["nbgrader"].get("solution") and cell.cell_type == "code"]
    if kind == "partial":
        answers[-1].source = "# I was not sure\n"
    elif kind == "loop":
        answers[len(answers) // 2].source = "while True:\n    pass\n"
    elif kind == "exception":
        answers[0].source = "1 / 0\n"
    elif kind == "deleted":
        checks = [cell for cell in nb.cells if cell.metadata["nbgrader"].get("grade") and cell.cell_type == "code"]
        nb.cells = [cell for cell in nb.cells if cell is not checks[0]]
    elif kind == "damaged":
        return None
    return nb


def write_class(course: Path, learners: int) -> list[tuple[str, str]]:
    """Write the hand-ins into nbgrader's submitted/ tree; return the learner × assignment pairs."""
    broken = {3: "loop", 7: "damaged", 11: "deleted", 15: "exception"}
    pairs = []
    for assignment in source_assignments(course):
        source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        for number in range(1, learners + 1):
            learner = f"learner{number:02d}"
            kind = broken.get(number, "partial" if number % 4 == 0 else "correct")
            if assignment != "ex01_artisanat_online" and kind in {"loop", "deleted"}:
                kind = "correct"
            folder = course / "submitted" / learner / assignment
            folder.mkdir(parents=True)
            nb = hand_in(source, kind)
            target = folder / f"{assignment}.ipynb"
            if nb is None:
                target.write_text("{ damaged", encoding="utf-8")
            else:
                nbformat.write(nb, target)
            pairs.append((learner, assignment))
    return pairs


def timed(commands: list[list[str]], cwd: Path, **extra: str) -> float:
    """Run commands one after the other; return the wall time. A failing grading command is not fatal."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=cwd, env=environment(**extra), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    end_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    # other programs running at the same time (the load average) slow both ways down, the parallel one most
    print(f"    ({len(commands)} commands, {seconds:.1f} s, machine load {load:.1f} before, {end_load:.1f} after)")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline", choices=["all", "per-learner", "both"], default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="artisanat-bench-") as scratch:
        work = Path(scratch)
        assignments = source_assignments(EXERCISES)
        print(f"{args.learners} learners × {len(assignments)} assignments, {os.cpu_count()} cores, jobs={args.jobs}")
        times: dict[str, float] = {}

        course = make_course(work / "parallel")
        pairs = write_class(course, args.learners)
        command = [PYTHON, "-m", "atelier.grading.grade", "--course-dir", str(course), "--jobs", str(args.jobs)]
        times["parallel (course.py grade)"] = timed([[*command, "--quiet"]], ROOT)
        grades = (course / "grades.csv").read_text(encoding="utf-8").splitlines()
        print(f"  parallel grader wrote {len(grades) - 1} grade rows for {len(pairs)} hand-ins")
        sandboxed = sandbox_works()
        if sandboxed:
            course = make_course(work / "unsandboxed")
            write_class(course, args.learners)
            command = [PYTHON, "-m", "atelier.grading.grade", "--course-dir", str(course), "--jobs", str(args.jobs)]
            unsandboxed = timed([[*command, "--quiet"]], ROOT, ARTISANAT_SANDBOX="off")

        finish = [[*NBGRADER, "generate_feedback", a, "--force", "--log-level=ERROR"] for a in assignments]
        finish.append([*NBGRADER, "export", "--log-level=ERROR"])
        baselines = ["all", "per-learner"] if args.baseline == "both" else [args.baseline]
        for baseline in baselines:
            course = make_course(work / baseline)
            write_class(course, args.learners)
            if baseline == "all":
                grading = [[*NBGRADER, "autograde", a, "--force", "--log-level=ERROR"] for a in assignments]
            else:
                grading = [
                    [*NBGRADER, "autograde", assignment, "--student", learner, "--force", "--log-level=ERROR"]
                    for learner, assignment in pairs
                ]
            times[f"sequential nbgrader ({baseline})"] = timed(grading + finish, course)

        parallel = times["parallel (course.py grade)"]
        print(f"  hand-ins sandboxed in bubblewrap: {'yes' if sandboxed else 'no (bubblewrap missing)'}")
        for name, seconds in times.items():
            ratio = "" if seconds is parallel else f"   parallel is {seconds / parallel:.2f}× faster"
            print(f"  {name:34s} {seconds:7.1f} s{ratio}")
        if sandboxed:
            cost = (parallel - unsandboxed) * args.jobs / len(pairs)
            print(f"  {'parallel, sandbox off':34s} {unsandboxed:7.1f} s   the sandbox costs {cost:+.2f} s of a "
                  f"worker per hand-in ({parallel / unsandboxed:.2f}× the time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
