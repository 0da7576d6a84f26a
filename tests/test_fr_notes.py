"""The French trainer notes of lessons 00–09 (instructors/fr/): one for each French lesson, each as its template
renders it, written in French, its links and file paths pointing to files that exist (or to French twins of the
layout other helpers deliver)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atelier import narratives

ROOT = narratives.ROOT
NOTES = ROOT / "instructors" / "fr"
TEMPLATES = ROOT / "instructors" / "templates" / "fr"
LESSONS = sorted((ROOT / "notebooks" / "fr").glob("[0-9][0-9]_*.ipynb"))
# the French lessons the edition has (FR_CONVENTIONS): a note exists for each, whether or not its lesson is merged yet
LESSON_NUMBERS = [f"{number:02d}" for number in range(10)]


def lesson_notes() -> list[Path]:
    return sorted(path for path in NOTES.glob("[0-9][0-9]_*.md"))


def guides() -> list[Path]:
    """The French marking guides (instructors/fr/exNN_*.md)."""
    return sorted(NOTES.glob("ex[0-9][0-9]_*.md"))


def note_for(number: str) -> Path | None:
    found = [path for path in lesson_notes() if path.name.startswith(f"{number}_")]
    return found[0] if len(found) == 1 else None


@pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
def test_every_french_lesson_has_its_trainer_note(lesson: Path) -> None:
    assert note_for(lesson.name[:2]) is not None, f"no French trainer note instructors/fr/{lesson.name[:2]}_*.md"


@pytest.mark.parametrize("number", LESSON_NUMBERS)
def test_every_lesson_number_has_one_french_note(number: str) -> None:
    assert note_for(number) is not None, f"instructors/fr/ needs exactly one note {number}_*.md"


FRENCH_RENDERED = [path for path, _render in narratives.outputs("fr") if re.match(r"\d\d_", path.name)]


def test_the_lesson_notes_with_a_template_are_rendered_by_the_french_edition() -> None:
    templated = {path.name[:2] for path in FRENCH_RENDERED}
    english = {name[:2] for name in narratives.notes_with_templates("en") if re.match(r"\d\d_", name)}
    assert english <= templated, f"English lesson notes with no French template: {sorted(english - templated)}"


@pytest.mark.parametrize("path", FRENCH_RENDERED, ids=[path.name for path in FRENCH_RENDERED])
def test_a_french_note_equals_a_fresh_render(path: Path) -> None:
    render = dict(narratives.outputs("fr"))[path]
    text = render()
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.relative_to(ROOT)} differs from its template: run `.venv/bin/python -m atelier.narratives`")
    assert "£" not in text or "£GB" in text or "(£)" in text  # pounds only in the British case's figures
    from atelier import i18n
    assert i18n.language() == "en"


def test_a_french_note_writes_figures_the_french_way() -> None:
    text = (NOTES / "05_fabric_store.md").read_text(encoding="utf-8")
    assert re.search(r"\d,\d\d\u00a0€", text), "money as 12,50 € (decimal comma, no-break space, sign after)"
    assert re.search(r"\d\u202f\d{3}", text), "thousands with a narrow no-break space (24 962)"
    assert not re.search(r"€\s?\d|\d\.\d\d\s?€", text), "no English money format left"


# words that only English uses, whole words; French shares "on", "a", "as", "or", "an", "plan", "tape"…
ENGLISH_WORDS = {
    "the", "and", "with", "which", "your", "you", "is", "are", "of", "to", "this", "that", "what", "when", "from",
    "for", "not", "but", "have", "has", "will", "should", "they", "their", "it", "be", "by", "at", "been", "were",
    "would", "there", "these", "those", "into", "than", "then", "only", "also", "each", "every", "after", "before",
    "how", "why", "who", "learner", "learners", "trainer", "answer", "answers", "run", "cell", "cells",
}
# proper names and titles that keep their English words (platforms, tools, sources, the British case)
PROPER_NAMES = [
    "The Brighton Kiln", "The Fabric Store Online", "The Market for Craft", "Shopify Basic", "Canva Pro",
    "Squarespace Business", "Buffer Essentials", "MailerLite Growing Business", "Xero Ignite", "Royal Mail",
    "Your own shop's exports", "Crafts Council", "Order Items", "Offsite Ads",
]


def french_prose(text: str) -> str:
    """The note's text without code spans, link targets and proper names."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\b\w*_\w*\b", " ", text)  # a learner's variable quoted from a check (paid_by_customers)
    text = re.sub(r"\s+", " ", text)  # a name may break across two lines
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return text


def test_french_prose_sees_through_code_and_names() -> None:
    sample = "Lancez `the cell` ; voir [ici](the_file.md) et The Brighton\nKiln, puis the end."
    assert re.findall(r"[A-Za-z']+", french_prose(sample)).count("the") == 1


@pytest.mark.parametrize("path", [*lesson_notes(), *guides()], ids=lambda path: path.name)
def test_no_english_sentence_is_left(path: Path) -> None:
    words = re.findall(r"[A-Za-zÀ-ÿ']+", french_prose(path.read_text(encoding="utf-8")))
    english = sorted({word for word in words if word.lower() in ENGLISH_WORDS})
    assert not english, f"{path.name}: English words outside code spans and names: {english}"


# French twins other helpers deliver (FR_CONVENTIONS layout); a path to one of these is right before it is merged
FRENCH_TWINS = {
    *(f"notebooks/fr/{stem}.ipynb" for stem in (
        "00_bienvenue", "01_artisanat_en_ligne", "02_brighton_kiln", "03_prix", "04_expedition", "05_fabric_store",
        "06_credibilite", "07_outils_collaboration", "08_plan_action", "09_votre_boutique")),
    *(f"notebooks/fr/simulateurs/{stem}.ipynb" for stem in ("prix", "expedition", "votre_boutique")),
    "notebooks/fr/glossaire.md", "exercises/fr/README.md", "instructors/fr/README.md",
    *(f"case_studies/fr/{case}.md" for case in ("brighton_kiln", "fabric_store", "upholsterer")),
    *(f"instructors/fr/case_{case}.md" for case in ("brighton_kiln", "fabric_store", "upholsterer")),
}
PATH = re.compile(r"`((?:[\w.-]+/)+[\w.-]+\.(?:md|ipynb|csv|py|json))`")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("path", [*lesson_notes(), *guides()], ids=lambda path: path.name)
def test_links_and_paths_point_to_existing_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    missing = [link for link in LINK.findall(text)
               if not link.startswith("http") and not (path.parent / link).exists()]
    for named in PATH.findall(text):
        candidates = [ROOT / named, ROOT / "notebooks" / "fr" / named]
        if not any(candidate.exists() for candidate in candidates) and named not in FRENCH_TWINS \
                and f"notebooks/fr/{named}" not in FRENCH_TWINS:
            missing.append(named)
    assert not missing, f"{path.name} points to files that do not exist: {missing}"


def test_the_path_check_catches_a_wrong_name() -> None:
    assert "notebooks/fr/03_pricing.ipynb" not in FRENCH_TWINS
    assert PATH.findall("voir `notebooks/fr/03_prix.ipynb`") == ["notebooks/fr/03_prix.ipynb"]


# figures a French template may type: tolerances, inputs learners type, advice (as in tests/test_narratives.py)
TYPED_ON_PURPOSE = {
    "01_artisanat_online": {"3 %", "20 %"},
    "03_pricing": {"12,50 €", "4,50 €"},  # how to type an amount in a box or the simulator
    "05_fabric_store": {"1 €", "1 %"},
    "06_credibility": {"25 000 €"},  # the abrogated reform, a fact of the table's note, not a figure in use
    "08_action_plan": {"0 %", "1 €"},
    "ex02_brighton_kiln": {"100 %"},  # the bound a share must stay under, quoted from the exercise's check
}


@pytest.mark.parametrize("template", sorted([*TEMPLATES.glob("[0-9][0-9]_*.md.j2"), *TEMPLATES.glob("ex*.md.j2")]),
                         ids=lambda path: path.name)
def test_french_templates_type_no_money_or_share_figure(template: Path) -> None:
    prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
    typed = set(re.findall(r"\d[\d\u202f\u00a0 ]*(?:,\d+)?\s?[€£%]", prose))
    typed = {re.sub(r"[\u202f\u00a0]", " ", figure) for figure in typed}
    allowed = TYPED_ON_PURPOSE.get(template.name.removesuffix(".md.j2"), set())
    assert typed <= allowed, f"{template.name} types figures by hand (compute them): {sorted(typed - allowed)}"
