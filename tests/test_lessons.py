"""The lessons keep the course's contract (see CONTRIBUTING.md); nbval checks their outputs separately."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
TIMING = re.compile(r"Teaching: (\d+) min · Exercises: (\d+) min")
# the French edition (notebooks/fr/) keeps the same contract in French words
FRENCH_LESSONS = sorted((NOTEBOOKS / "fr").glob("[0-9][0-9]_*.ipynb"))
FRENCH_TIMING = re.compile(r"Cours\s*:\s*(\d+)\s*min · Exercices\s*:\s*(\d+)\s*min")
CONTRACT = {
    "en": {"questions": "## Questions", "objectives": "## Objectives", "timing": "## Timing",
           "keypoints": "## Key points", "next": r"\*\*Next lesson:\*\*", "timing_line": TIMING},
    "fr": {"questions": "## Questions", "objectives": "## Objectifs", "timing": "## Durée",
           "keypoints": "## Points clés", "next": r"\*\*Leçon suivante[^*]*:\*\*", "timing_line": FRENCH_TIMING},
}
ALL_LESSONS = [*LESSONS, *FRENCH_LESSONS]


def language_of(path: Path) -> str:
    return "fr" if path.parent.name == "fr" else "en"


def lesson_id(path: Path) -> str:
    return f"{language_of(path)}-{path.stem}"
TOPICS = {
    "online_shops_websites": "online shops and websites",
    "social_networks": "social networks",
    "blogs_newsletters": "blogs and newsletters",
    "management_tools": "online management tools",
    "collaboration": "collaborating with other artisans",
    "learning_technology": "learning the technology",
    "delivery_constraints": "delivery constraints",
    "credibility_online": "credibility online",
    "wider_markets_visibility": "wider markets and visibility",
    "craft_and_digital": "craft know-how and digital practice together",
}
# a lesson that claims a topic must talk about it: one of these words in its text
TOPIC_WORDS = {
    "online_shops_websites": ("web shop", "website"),
    "social_networks": ("instagram", "social network"),
    "blogs_newsletters": ("newsletter", "blog"),
    "management_tools": ("management tool", "invoic", "accounting"),
    "collaboration": ("collaborat", "other artisans"),
    "learning_technology": ("notebook", "learn"),
    "delivery_constraints": ("parcel", "postage", "deliver"),
    "credibility_online": ("review", "credib", "trust"),
    "wider_markets_visibility": ("market", "visib", "abroad"),
    "craft_and_digital": ("craft", "know-how"),
}
NETWORK = re.compile(r"https?://|\burllib\b|\brequests\b|\bsocket\b|\bhttpx\b|read_html")
ABSOLUTE_PATH = re.compile(r"""["'](/|[A-Za-z]:\\|~/)""")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def source(cell: dict) -> str:
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def lesson_minutes(notebook: dict, language: str = "en") -> tuple[int, int]:
    cell = next(c for c in notebook["cells"] if "timing" in tags(c))
    match = CONTRACT[language]["timing_line"].search(source(cell))
    assert match, "the timing cell must say `Teaching: NN min · Exercises: NN min`"
    return int(match[1]), int(match[2])


def test_the_ten_lessons_are_there() -> None:
    numbers = [path.name[:2] for path in LESSONS]
    assert numbers == [f"{n:02d}" for n in range(10)], f"lessons found: {[p.name for p in LESSONS]}"


def test_the_french_edition_has_the_ten_lessons_in_the_same_time() -> None:
    assert [path.name[:2] for path in FRENCH_LESSONS] == [path.name[:2] for path in LESSONS]
    for english, french in zip(LESSONS, FRENCH_LESSONS, strict=True):
        assert lesson_minutes(load(french), "fr") == lesson_minutes(load(english)), (
            f"{french.name} must take the time its English twin {english.name} takes (the agendas count on it)")


@pytest.mark.parametrize("path", ALL_LESSONS, ids=lesson_id)
def test_contract_cells(path: Path) -> None:
    contract = CONTRACT[language_of(path)]
    cells = load(path)["cells"]
    assert cells[0]["cell_type"] == "markdown" and source(cells[0]).startswith(f"# {path.name[:2]} · ")
    head = cells[:6]
    for tag in ("questions", "objectives", "timing"):
        heading = contract[tag]
        tagged = [c for c in head if tag in tags(c)]
        assert tagged, f"{path.name}: no markdown cell tagged `{tag}` at the top"
        assert source(tagged[0]).startswith(heading), f"{path.name}: the `{tag}` cell must start with {heading}"
    last = cells[-1]
    assert "keypoints" in tags(last) and source(last).startswith(contract["keypoints"]), (
        f"{path.name}: the last cell must be the key points, tagged `keypoints`")
    teaching, exercises = lesson_minutes(load(path), language_of(path))
    assert 20 <= teaching + exercises <= 45, f"{path.name}: a lesson lasts 20–45 min, not {teaching + exercises}"


@pytest.mark.parametrize("path", ALL_LESSONS, ids=lesson_id)
def test_stored_executed_in_order_without_errors(path: Path) -> None:
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    counts = [c.get("execution_count") for c in code]
    assert all(counts), f"{path.name}: every code cell must be stored executed"
    assert counts == sorted(counts) and len(set(counts)) == len(counts), f"{path.name}: cells ran out of order"
    for cell in code:
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        if errors:
            assert "raises-exception" in tags(cell), f"{path.name}: an unexpected error in cell\n{source(cell)}"
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"<(Figure|matplotlib|Axes)[ .]|\[<matplotlib", text), (
                f"{path.name}: a bare matplotlib repr is shown: {text[:60]}")
            html = "".join(output.get("data", {}).get("text/html", ""))
            for img in re.findall(r"<img[^>]*>", html):
                assert re.search(r'alt="[^"]{10,}"', img), f"{path.name}: an image without alt text"


@pytest.mark.parametrize("path", ALL_LESSONS, ids=lesson_id)
def test_code_cells_are_short_introduced_and_free_of_prose(path: Path) -> None:
    cells = load(path)["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        text = source(cell)
        assert cells[index - 1]["cell_type"] == "markdown", (
            f"{path.name}: a code cell must follow a sentence that says what it does:\n{text}")
        assert len(text.splitlines()) <= 15, f"{path.name}: a code cell longer than 15 lines:\n{text}"
        assert not NETWORK.search(text), f"{path.name}: a notebook must not reach the network:\n{text}"
        assert not ABSOLUTE_PATH.search(text), f"{path.name}: no absolute paths in a notebook:\n{text}"
        for line in text.splitlines():
            comment = line.split("#", 1)[1] if "#" in line and not line.strip().startswith(("'", '"')) else ""
            assert len(re.findall(r"[A-Za-z]{2,}", comment)) < 3, (
                f"{path.name}: prose in a code comment (put it in the markdown cell): {line}")
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue  # cells with IPython magics
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert len(re.findall(r"[^\W\d_]{2,}", node.value)) < 4 or "_" in node.value.split()[0], (
                    f"{path.name}: prose in a code cell (learner-facing words go through the catalogue): "
                    f"{node.value!r}")


def test_every_topic_of_the_article_is_taught_somewhere() -> None:
    where: dict[str, list[str]] = {topic: [] for topic in TOPICS}
    for path in LESSONS:
        for topic in load(path)["metadata"].get("artisanat", {}).get("topics", []):
            assert topic in TOPICS, f"{path.name}: unknown topic id {topic!r} (known: {sorted(TOPICS)})"
            text = " ".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown").lower()
            assert any(word in text for word in TOPIC_WORDS[topic]), (
                f"{path.name} claims to teach {TOPICS[topic]} but never mentions {TOPIC_WORDS[topic]}")
            where[topic].append(path.stem)
    listing = "\n".join(f"  {TOPICS[t]}: {', '.join(nbs) or 'NOWHERE'}" for t, nbs in where.items())
    print("Where each topic of the article is taught:\n" + listing)
    assert all(where.values()), "some topics are taught nowhere:\n" + listing


def test_workshop_formats_fit() -> None:
    minutes = {path.name[:2]: sum(lesson_minutes(load(path))) for path in LESSONS}
    half_day = sum(minutes[f"{n:02d}"] for n in range(5) if f"{n:02d}" in minutes)
    day = sum(minutes.values())
    assert half_day <= 210, f"lessons 00–04 take {half_day} min: more than a 3.5 h workshop"
    assert day <= 420, f"lessons 00–08 take {day} min: more than a 7 h day"


def test_glossary_and_trainer_notes_exist() -> None:
    assert (NOTEBOOKS / "glossary.md").exists()
    for path in LESSONS:
        assert (ROOT / "instructors" / f"{path.stem}.md").exists(), f"no trainer notes for {path.name}"


EARLY = [path for path in LESSONS if path.name[:2] in {"00", "01", "02", "03", "04"}]


@pytest.mark.parametrize("path", [*LESSONS[:-1], *FRENCH_LESSONS[:-1]], ids=lesson_id)
def test_every_lesson_but_the_last_ends_with_a_link_to_the_next(path: Path) -> None:
    last = source(load(path)["cells"][-1])
    link = CONTRACT[language_of(path)]["next"]
    match = re.search(link + r" \[(\d\d · [^\]]+)\]\((\d\d_[a-z_]+\.ipynb)\)\s*$", last)
    assert match, f"{path.name}: the key points must end with a link to the next lesson: [NN · title](file)"
    target = path.parent / match[2]
    assert target.is_file() and int(target.name[:2]) == int(path.name[:2]) + 1
    title = source(load(target)["cells"][0]).splitlines()[0].removeprefix("# ")
    shown = {"en": title.replace("Case: ", "").replace(" — ", ": "),
             "fr": re.sub(r"· (Étude de cas|Cas)\s*:\s*", "· ", title).replace(" — ", " : ")}[language_of(path)]
    assert " ".join(match[1].split()) == " ".join(shown.split()), (match[1], title)


@pytest.mark.parametrize("path", EARLY[1:], ids=lambda p: p.stem)
def test_early_lessons_take_answers_in_a_box_not_in_python(path: Path) -> None:
    cells = load(path)["cells"]
    code = [source(c) for c in cells if c["cell_type"] == "code"]
    assert not [c for c in code if re.search(r"check\(|= \.\.\.", c)], f"{path.name}: an answer still needs Python"
    assert any(c.startswith("answer_box(") for c in code)
    prose = " ".join(source(c) for c in cells if c["cell_type"] == "markdown")
    assert "between quotes" not in prose and "number without the" not in prose and "as a number, without" not in prose
