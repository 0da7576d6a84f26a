"""The class summary a trainer reads before giving feedback: one HTML page per exercise and one for the class.

Each exercise's page shows the distribution of the automatic scores (a chart made with `atelier.charts`), the
success rate of every task (the task most learners missed first), and the learners who need attention and why
(tampering, a blank hand-in, a notebook that stopped, a damaged file, a low score). Everything is read from the
CSV files `grade` has just written and from the problem notes: the pages hold no hidden check nor model answer.
"""

from __future__ import annotations

import csv
import html
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from atelier import charts
from atelier.display import format_date
from atelier.i18n import _, format_number, format_pct, language

FOLDER = "class_summary"
LOW_SHARE = 0.5  # below half of the automatic points, a learner is listed as needing attention
_TASK = re.compile(r"task_?(\d+)_?(.*)", re.I)


@dataclass(frozen=True)
class TaskRate:
    """How many learners passed one check."""

    task: str
    label: str
    passed: int
    total: int

    @property
    def rate_pct(self) -> float:
        return 100 * self.passed / self.total if self.total else 0.0


def task_label(grade_id: str) -> str:
    """`ex01_task3_buyers_value` → `task 3 (buyers value)`."""
    match = _TASK.search(grade_id)
    if not match:
        return grade_id
    detail = match.group(2).replace("_", " ").strip()
    name = _("task {number}").format(number=match.group(1))
    return name + (f" ({detail})" if detail else "")


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def points(value: float) -> str:
    """A number of points as the course's language writes it: `7`, `7.5` (`7,5` in French), at most two decimals."""
    rounded = round(value, 2)
    decimals = 0 if rounded == int(rounded) else 1 if round(rounded, 1) == rounded else 2
    return format_number(rounded, decimals)


def average(scores: list[float]) -> str:
    """The mean of some scores with one decimal: `7.5`, `7,5` in French."""
    return format_number(sum(scores) / len(scores), 1)


def when(moment: datetime) -> str:
    """`30 November 2026 at 14:05`, `30 novembre 2026 à 14:05`."""
    return _("{date} at {time}").format(date=format_date(moment.date()), time=f"{moment:%H:%M}")


def task_rates(task_rows: list[dict[str, str]], assignment: str) -> list[TaskRate]:
    """The success rate of each automatic check of an assignment, the most missed first."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in task_rows:
        if row["assignment"] != assignment or row["kind"] != "auto":
            continue
        counts[row["task"]][1] += 1
        if _float(row["score"]) >= _float(row["max_score"]) > 0:
            counts[row["task"]][0] += 1
    rates = [TaskRate(task, task_label(task), passed, total) for task, (passed, total) in counts.items()]
    return sorted(rates, key=lambda rate: (rate.rate_pct, rate.task))


def attention(rows: list[dict[str, str]], problems: dict[tuple[str, str], list[str]]) -> list[tuple[str, str, str]]:
    """(learner, exercise, why) for every hand-in the trainer should look at."""
    found = []
    for row in rows:
        key = (row["student_id"], row["assignment"])
        reasons = list(problems.get(key, []))
        maximum = _float(row["max_auto_score"])
        if row["status"] == _("not handed in"):
            continue  # listed apart: see missing()
        if maximum and _float(row["auto_score"]) < LOW_SHARE * maximum and not reasons:
            reasons.append(
                _("low score: {score} of {maximum} automatic points").format(
                    score=points(_float(row["auto_score"])), maximum=points(maximum)
                )
            )
        if reasons:
            found.append((row["student_id"], row["assignment"], "; ".join(reasons)))
    return found


def missing(rows: list[dict[str, str]], assignment: str) -> list[str]:
    """The learners of the class who handed nothing in for an exercise."""
    return sorted(row["student_id"] for row in rows
                  if row["assignment"] == assignment and row["status"] == _("not handed in"))


def distribution_chart(scores: list[float], maximum: float, assignment: str) -> str:
    """An HTML figure: how many learners got each automatic score."""
    fig = charts.new_figure(7, 3.2)
    ax = fig.add_subplot()
    values = list(range(int(maximum) + 1))
    counts = [sum(1 for score in scores if round(score) == value) for value in values]
    ax.bar(values, counts, color=charts.OKABE_ITO["blue"])
    best = max(counts) if counts else 0
    charts.style_axes(
        ax,
        _("{assignment}: automatic scores of {count} learners").format(assignment=assignment, count=len(scores)),
        _("automatic score (out of {maximum})").format(maximum=points(maximum)),
        _("learners"),
    )
    ax.set_xticks(values)
    ax.set_ylim(0, best + 1)
    alt = _("Bar chart of the automatic scores: {pairs}.").format(
        pairs=", ".join(f"{value}: {count}" for value, count in zip(values, counts, strict=True) if count)
    )
    return charts.show(fig, alt)._repr_mimebundle_()["text/html"]


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}"
    "th{background:#f3f3f3}.low{color:#b00}.warn{background:#fff4d6;padding:.5rem 1rem;border-left:4px solid #E69F00}"
)


def _page(title: str, body: list[str]) -> str:
    return (
        f'<!DOCTYPE html><html lang="{language()}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>" + "\n".join(body) + "</body></html>\n"
    )


def _isolation(sandboxed: bool) -> str:
    if sandboxed:
        return "<p>" + html.escape(_("Each hand-in ran in its own sandbox (bubblewrap).")) + "</p>"
    return '<p class="warn">' + html.escape(
        _("The hand-ins were NOT isolated: this computer has no sandbox (bubblewrap, Linux only).")
    ) + "</p>"


def assignment_page(
    assignment: str,
    rows: list[dict[str, str]],
    task_rows: list[dict[str, str]],
    problems: dict[tuple[str, str], list[str]],
    sandboxed: bool,
    now: datetime | None = None,
) -> str:
    """The summary page of one exercise, dated `now` (the present moment by default)."""
    mine = [row for row in rows if row["assignment"] == assignment]
    handed_in = [row for row in mine if row["status"] != _("not handed in")]
    maximum = max((_float(row["max_auto_score"]) for row in mine), default=0.0)
    scores = [_float(row["auto_score"]) for row in handed_in]
    body = [f"<h1>{html.escape(assignment)}</h1>",
            "<p>" + html.escape(_("Class summary of {date}: {count} hand-ins graded.").format(
                date=when(now or datetime.now()), count=len(handed_in))) + "</p>",
            _isolation(sandboxed)]
    if scores:
        body.append("<p>" + html.escape(_("Average automatic score: {mean} of {maximum}.").format(
            mean=average(scores), maximum=points(maximum))) + "</p>")
        body.append(distribution_chart(scores, maximum, assignment))
    rates = task_rates(task_rows, assignment)
    body.append("<h2>" + html.escape(_("Tasks, the most missed first")) + "</h2>")
    body.append("<table><tr><th>" + "</th><th>".join(
        html.escape(text) for text in (_("task"), _("learners who passed"), _("success rate"))) + "</th></tr>")
    for rate in rates:
        low = ' class="low"' if rate.rate_pct < 50 else ""
        body.append(f"<tr><td>{html.escape(rate.label)}</td><td>{rate.passed} / {rate.total}</td>"
                    f"<td{low}>{html.escape(format_pct(rate.rate_pct, 0))}</td></tr>")
    body.append("</table>")
    written = sum(1 for row in handed_in if _("written answer to mark") in row["status"])
    if written:
        body.append("<p>" + html.escape(_("{count} written answers wait for your marks (Formgrader).").format(
            count=written)) + "</p>")
    body.append("<h2>" + html.escape(_("Learners who need attention")) + "</h2>")
    needing = attention(mine, problems)
    if needing:
        body.append("<ul>" + "".join(
            f"<li><b>{html.escape(student)}</b>: {html.escape(why)}</li>" for student, _a, why in needing) + "</ul>")
    else:
        body.append("<p>" + html.escape(_("Nobody: every hand-in was graded normally.")) + "</p>")
    absent = missing(rows, assignment)
    if absent:
        body.append("<p>" + html.escape(_("Not handed in ({count}): {names}.").format(
            count=len(absent), names=", ".join(absent))) + "</p>")
    return _page(assignment, body)


def write(course_dir: Path, problems: dict[tuple[str, str], list[str]], sandboxed: bool,
          now: datetime | None = None) -> Path:
    """Write one page per exercise and the class page from grades.csv and grades_by_task.csv; return the latter."""
    rows = _read(course_dir / "grades.csv")
    task_rows = _read(course_dir / "grades_by_task.csv")
    folder = course_dir / FOLDER
    folder.mkdir(exist_ok=True)
    assignments = sorted({row["assignment"] for row in rows})
    body = ["<h1>" + html.escape(_("Class summary")) + "</h1>", _isolation(sandboxed),
            "<table><tr><th>" + "</th><th>".join(html.escape(text) for text in (
                _("exercise"), _("hand-ins"), _("average automatic score"), _("most missed task"),
                _("learners who need attention"))) + "</th></tr>"]
    for assignment in assignments:
        (folder / f"{assignment}.html").write_text(
            assignment_page(assignment, rows, task_rows, problems, sandboxed, now), encoding="utf-8"
        )
        mine = [row for row in rows if row["assignment"] == assignment and row["status"] != _("not handed in")]
        scores = [_float(row["auto_score"]) for row in mine]
        maximum = max((_float(row["max_auto_score"]) for row in mine), default=0.0)
        rates = task_rates(task_rows, assignment)
        missed = f"{rates[0].label} ({format_pct(rates[0].rate_pct, 0)})" if rates else "-"
        mean = f"{average(scores)} / {points(maximum)}" if scores else "-"
        needing = len(attention([r for r in rows if r["assignment"] == assignment], problems))
        body.append(f'<tr><td><a href="{html.escape(assignment)}.html">{html.escape(assignment)}</a></td>'
                    f"<td>{len(mine)}</td><td>{html.escape(mean)}</td><td>{html.escape(missed)}</td><td>{needing}</td></tr>")
    body.append("</table>")
    everyone = attention(rows, problems)
    if everyone:
        body.append("<h2>" + html.escape(_("Learners who need attention")) + "</h2><ul>" + "".join(
            f"<li><b>{html.escape(student)}</b>, {html.escape(assignment)}: {html.escape(why)}</li>"
            for student, assignment, why in everyone) + "</ul>")
    index = folder / "index.html"
    index.write_text(_page(_("Class summary"), body), encoding="utf-8")
    return index
