"""Issue 10: the agendas in instructors/README.md are timetables a trainer can follow to the minute.

Each timetable is read the way a trainer reads it: every row starts when the one before it ends; a lesson row
(**NN**) lasts what the lesson's own `timing` cell says (teaching + exercises); an exercise row (**exNN_…**) lasts
what the exercise notebook states; each format adds up to its length (lunch excluded); each format covers its
lessons once, places ex00_practice, and sets every other exercise in class or as homework; the 14 h course's
individual reviews fit the window it gives them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "instructors" / "README.md"
ROW = re.compile(r"^\| (\d{1,2}):(\d{2}) \| (\d+) \| (.+) \|$")
LESSON = re.compile(r"^\*\*(\d{2})\*\*")
EXERCISE = re.compile(r"^\*\*(ex\d{2}_[a-z_]+)\*\*")
TIMING = re.compile(r"Teaching:\s*(\d+)\s*min\s*·\s*Exercises:\s*(\d+)\s*min")
EXERCISE_TIMING = re.compile(r"\*\*Timing:\*\*\s*(\d+)\s*minutes")
FORMATS = {"3.5 h workshop": 210, "7 h day": 420, "14 h course": 840}


@dataclass(frozen=True)
class Row:
    start_min: int
    minutes: int
    what: str


def lesson_minutes() -> dict[str, int]:
    """Lesson number → teaching + exercise minutes, from each lesson's cell tagged `timing`."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        cells = [cell for cell in notebook.cells if "timing" in cell.metadata.get("tags", [])]
        assert len(cells) == 1, f"{path.name} needs exactly one cell tagged timing"
        match = TIMING.search(cells[0].source)
        assert match, f"{path.name}: timing cell not in the form 'Teaching: NN min · Exercises: NN min'"
        found[path.name[:2]] = int(match.group(1)) + int(match.group(2))
    return found


def exercise_minutes() -> dict[str, int]:
    """Exercise name → its stated minutes, from the exercise notebook's '**Timing:** N minutes'."""
    found = {}
    for path in sorted((ROOT / "exercises" / "source").glob("*/*.ipynb")):
        text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
        match = EXERCISE_TIMING.search(text)
        assert match, f"{path.name} states no '**Timing:** N minutes'"
        found[path.stem] = int(match.group(1))
    return found


def formats(text: str, known: dict[str, int] = FORMATS,
            row: re.Pattern[str] = ROW) -> dict[str, tuple[list[list[Row]], str]]:
    """Format heading → (its timetables, its text), from the guide's `### <format>` sections (any language: the
    French guide passes its own format names and its `14 h 05` row pattern)."""
    sections = re.split(r"^### ", text, flags=re.MULTILINE)
    found = {}
    for section in sections[1:]:
        name = next((key for key in known if section.startswith(key)), None)
        if name is None:
            continue
        tables, current = [], []
        for line in section.splitlines():
            match = row.match(line.strip())
            if match:
                hours, minutes, length, what = match.groups()
                current.append(Row(int(hours) * 60 + int(minutes), int(length), what.strip()))
            elif current:
                tables.append(current)
                current = []
        if current:
            tables.append(current)
        found[name] = (tables, section)
    return found


@pytest.fixture(scope="module")
def agendas() -> dict[str, tuple[list[list[Row]], str]]:
    return formats(GUIDE.read_text(encoding="utf-8"))


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def test_every_format_has_its_timetables(agendas: dict) -> None:
    assert set(agendas) == set(FORMATS)
    assert len(agendas["14 h course"][0]) == 4, "the 14 h course is four half-days"


def check_rows_add_up(name: str, tables: list[list[Row]], expected_min: int, lunch: str) -> None:
    """Each row starts when the one before ends, and the taught time (lunch aside) adds up to the format's."""
    total = 0
    for table in tables:
        for before, after in itertools.pairwise(table):
            assert before.start_min + before.minutes == after.start_min, (
                f"{name}: '{before.what}' at {clock(before.start_min)} lasts {before.minutes} min, so the next row "
                f"starts at {clock(before.start_min + before.minutes)}, not {clock(after.start_min)}")
        total += sum(row.minutes for row in table if not row.what.startswith(lunch))
    assert total == expected_min, f"{name}: the timetable adds up to {total} min, not {expected_min}"


def check_timings(name: str, tables: list[list[Row]], lessons: dict[str, int], exercises: dict[str, int]) -> None:
    """Every lesson and exercise row is given the minutes its own timing cell states."""
    for table in tables:
        for row in table:
            lesson, exercise = LESSON.match(row.what), EXERCISE.match(row.what)
            if lesson:
                assert lesson.group(1) in lessons, f"{name}: no lesson {lesson.group(1)}"
                assert row.minutes == lessons[lesson.group(1)], (
                    f"{name}: lesson {lesson.group(1)} is given {row.minutes} min; its timing cell says "
                    f"{lessons[lesson.group(1)]}")
            if exercise:
                assert exercise.group(1) in exercises, f"{name}: no exercise {exercise.group(1)}"
                assert row.minutes == exercises[exercise.group(1)], (
                    f"{name}: {exercise.group(1)} is given {row.minutes} min; the exercise states "
                    f"{exercises[exercise.group(1)]}")


@pytest.mark.parametrize("name", list(FORMATS))
def test_rows_follow_each_other_and_add_up(agendas: dict, name: str) -> None:
    check_rows_add_up(name, agendas[name][0], FORMATS[name], lunch="Lunch")


@pytest.mark.parametrize("name", list(FORMATS))
def test_lessons_and_exercises_take_their_own_timings(agendas: dict, name: str) -> None:
    check_timings(name, agendas[name][0], lesson_minutes(), exercise_minutes())


@pytest.mark.parametrize(("name", "lessons"), [("3.5 h workshop", ["00", "01", "02", "03", "04"]),
                                               ("7 h day", None), ("14 h course", None)])
def test_each_format_covers_its_lessons_and_places_every_exercise(agendas: dict, name: str,
                                                                   lessons: list[str] | None) -> None:
    tables, text = agendas[name]
    rows = [row for table in tables for row in table]
    placed = [match.group(1) for row in rows if (match := LESSON.match(row.what))]
    wanted = lessons or [number for number in sorted(lesson_minutes()) if number <= "08"]
    if name == "14 h course" and "09" in placed:  # lesson 09 (your own shop's numbers) may take its marked slot
        assert "09" in lesson_minutes(), "the 14 h course places lesson 09, which this course does not have"
        wanted = [*wanted, "09"]
    assert sorted(placed) == wanted, f"{name}: lessons {placed}, expected each of {wanted} once"
    in_class = {match.group(1) for row in rows if (match := EXERCISE.match(row.what))}
    assert "ex00_practice" in in_class, f"{name}: ex00_practice is not placed"
    homework_line = re.search(r"^Homework: (.+?)(?:\n\n|\Z)", text, re.MULTILINE | re.DOTALL)
    homework = set(re.findall(r"ex\d{2}_[a-z_]+", homework_line.group(1))) if homework_line else set()
    assert not in_class & homework, f"{name}: set both in class and as homework: {in_class & homework}"
    due = {exercise for exercise in exercise_minutes() if exercise[2:4] in wanted}  # the lessons' own exercises
    assert in_class | homework == due, (
        f"{name}: exercises neither in class nor homework: {due - in_class - homework}; "
        f"not of this format's lessons: {(in_class | homework) - due}")


def test_individual_reviews_fit_their_window(agendas: dict) -> None:
    tables, text = agendas["14 h course"]
    match = re.search(r"Individual reviews: (\d+) × (\d+) min, from (\d+):(\d{2}) to (\d+):(\d{2})", text)
    check_reviews_window(match, tables[-1], pause="Break")


def check_reviews_window(match: re.Match[str] | None, afternoon: list[Row], pause: str) -> None:
    """The individual reviews (count × minutes, from … to …) fit their window, which the timetable's rows bound and
    which holds no break."""
    assert match, "the 14 h course says when its individual reviews happen"
    count, each, h1, m1, h2, m2 = map(int, match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    assert count * each <= end - start, f"{count} reviews of {each} min do not fit {end - start} min"
    boundaries = {row.start_min for row in afternoon} | {row.start_min + row.minutes for row in afternoon}
    assert {start, end} <= boundaries, "the review window starts and ends with rows of the timetable"
    inside = [row.what for row in afternoon if start <= row.start_min < end]
    assert not any(row.startswith(pause) for row in inside), "reviews happen while learners work, not in a break"
