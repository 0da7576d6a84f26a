"""Benchmark of the lessons (a script, not a test): each lesson's execution time against the floor.

    .venv/bin/python benchmarks/bench_lessons.py

The floor is a notebook that only starts a kernel and imports the course's package, pandas and matplotlib. The
target is each lesson within 1 s of that floor; the last column is (lesson − floor) ÷ 1 s.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 1.0
RUNS = 3


def run_seconds(notebook: nbformat.NotebookNode, folder: Path) -> float:
    start = time.perf_counter()
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}},
                   allow_errors=True).execute()
    return time.perf_counter() - start


def median_seconds(path: Path | None) -> float:
    times = []
    for _ in range(RUNS):
        if path is None:
            notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
                "import atelier, atelier.pricing, atelier.shipping, pandas, matplotlib.figure")])
            folder = ROOT / "notebooks"
        else:
            notebook = nbformat.read(path, as_version=4)
            folder = path.parent
        times.append(run_seconds(notebook, folder))
    return statistics.median(times)


def main() -> None:
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if len(sys.argv) > 1:
        lessons = [path for path in lessons if any(arg in path.name for arg in sys.argv[1:])]
    floor = median_seconds(None)
    print(f"floor (kernel start + imports): {floor:.2f} s (median of {RUNS})")
    print(f"{'lesson':32} {'seconds':>8} {'over floor':>11} {'over / 1 s target':>18}")
    worst = 0.0
    for path in lessons:
        seconds = median_seconds(path)
        over = seconds - floor
        worst = max(worst, over)
        print(f"{path.stem:32} {seconds:8.2f} {over:11.2f} {over / TARGET_S:18.2f}")
    print(f"\nworst lesson: {worst:.2f} s over the floor = {worst / TARGET_S:.2f} × the 1 s target")


if __name__ == "__main__":
    main()
