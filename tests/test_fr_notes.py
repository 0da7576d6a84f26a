"""The French trainer notes of lessons 00–09 (instructors/fr/): one for each French lesson, each as its template
renders it, written in French, its links and file paths pointing to files that exist (or to French twins of the
layout other helpers deliver).

Notes 03, 04 and 08 quote the French lessons' own examples (the bowl on Etsy France, Colissimo and Mondial Relay,
the French projection): each answer they give passes the French self-check, and each figure is on screen in the
stored French lesson. The French marking guides quote the French course's points and typical hand-ins' scores; note
01 quotes the benchmarks' order values in French."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
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


# -- notes 03, 04 and 08 quote the French lessons' own figures (the French examples, not the British ones) -------------

FR_LESSONS = ROOT / "notebooks" / "fr"
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def flat(text: str) -> str:
    """Every kind of space (line breaks, Babel's no-break spaces) as one plain space."""
    return SPACES.sub(" ", text)


@pytest.fixture
def french_checks() -> Iterator[None]:
    """French, with the self-checks registered as the French kernel registers them (answer boxes in euros); English
    after."""
    from atelier.i18n import language, set_language

    def reload() -> None:
        from atelier.selfchecks import nb03, nb04

        importlib.reload(nb03)
        importlib.reload(nb04)

    before = language()
    set_language("fr")
    reload()
    try:
        yield
    finally:
        set_language(before)
        reload()


def _lesson_code(name: str) -> list[str]:
    import nbformat

    return [cell.source for cell in nbformat.read(FR_LESSONS / name, as_version=4).cells if cell.cell_type == "code"]


def _lesson_outputs(name: str) -> str:
    """What the stored French lesson shows (its outputs as text), spaces flattened."""
    import nbformat

    shown = []
    for cell in nbformat.read(FR_LESSONS / name, as_version=4).cells:
        for output in cell.get("outputs", []):
            shown.append(str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", "")))
    return flat("\n".join(shown))


def _french_projection() -> None:
    """Run the French lesson 08's projection cell on the inputs its notebook types (as the learner does)."""
    from atelier import diagnostic  # noqa: F401  (the cell's own import)

    cells = _lesson_code("08_plan_action.ipynb")
    scope: dict[str, object] = {}
    exec(cells[0], scope)  # the import cell
    for cell in cells:
        if "diagnostic.projection(" in cell or cell.startswith("commandes_par_mois"):
            exec(cell, scope)


# the self-checks each French note quotes an answer for: the first bold figure after the check's name
QUOTED_CHECKS = [
    ("03_pricing", "nb03.unit_cost"), ("03_pricing", "nb03.etsy_price"), ("03_pricing", "nb03.chair_hourly"),
    ("04_shipping", "nb04.mug_double_wall"), ("04_shipping", "nb04.lampshade_billed"),
    ("04_shipping", "nb04.break_even"), ("04_shipping", "nb04.free_delivery"), ("08_action_plan", "nb08.year_margin"),
]


def quoted_answer(text: str, key: str) -> str:
    """The answer a note gives for a self-check: the first **bold** text after `key`."""
    after = text[text.index(f"`{key}`"):]
    found = re.search(r"\*\*([^*]+)\*\*", after)
    assert found, f"no bold answer after {key}"
    return found.group(1)


def test_quoted_answer_reads_the_bold_after_the_check() -> None:
    assert quoted_answer("**A** (`nb03.x`) : 1 + 2 = **3,00 €**. **B**", "nb03.x") == "3,00 €"


@pytest.mark.parametrize(("note", "key"), QUOTED_CHECKS, ids=[key for _note, key in QUOTED_CHECKS])
def test_each_answer_a_french_note_quotes_passes_the_french_self_check(french_checks: None, note: str,
                                                                       key: str) -> None:
    """Typed into the French lesson's answer box as the note writes it, the answer is right: the note quotes the
    French example's figures (the bowl, Etsy France, Colissimo, the French projection), not the British mug's."""
    from atelier.selfcheck import check

    answer = quoted_answer((NOTES / f"{note}.md").read_text(encoding="utf-8"), key)
    if key.startswith("nb08."):
        _french_projection()
    verdict = check(key, answer)
    assert verdict.passed, f"{note}.md quotes {answer!r} for {key}: {verdict.message}"
    if key != "nb03.chair_hourly":  # the upholsterer's job is French in both editions
        assert "€" in answer or "kg" in answer


def test_french_note_03_quotes_what_the_french_lesson_shows(french_checks: None) -> None:
    """Every figure of the worked example the note quotes is on screen in the stored French lesson, and is what the
    French self-checks and the package compute for the bowl."""
    from atelier import pricing
    from atelier.i18n import format_money
    from atelier.selfchecks import nb03

    figures = narratives.pricing_lesson("fr")
    piece, cost = nb03.preset_cost("fr_potter_bowl")
    assert figures["piece"] == cost and figures["target_sale"].price == nb03.etsy_sale().price
    assert figures["postage"].amount == nb03.example_postage()
    assert figures["marketplace"].channel.channel_id == "etsy_fr"
    assert figures["price"].amount == piece["typical_price"] and figures["price"].currency == "EUR"
    code = "\n".join(_lesson_code("03_prix.ipynb"))
    for channel in ("etsy_fr", *(v for k, v in figures["channels"].items() if k != "region")):
        assert f'"{channel}"' in code, channel  # the channels and statuses the lesson's cells use
    assert f'"{figures["channels"]["region"]}"' in code
    shown, note = _lesson_outputs("03_prix.ipynb"), flat((NOTES / "03_pricing.md").read_text(encoding="utf-8"))
    money = [cost.total, cost.labour, figures["marketplace"].total, *figures["marketplace_fees"].values(),
             figures["web_shop_fees"], figures["shared"].total, *figures["shared_fees"].values(), figures["shop_fees"],
             figures["plain"].contributions, figures["plain"].net_received, figures["plain"].margin,
             figures["plain"].hourly_wage, figures["with_vat"].vat_due, figures["with_vat_fees"],
             figures["with_vat"].margin, figures["with_vat"].hourly_wage, figures["target_sale"].price,
             figures["target_sale"].customer_pays, figures["target_sale"].margin,
             *(row["price"] for row in figures["channels_for_target"]),
             *(row["margin"] for row in figures["at_price"].values())]
    expected = [flat(format_money(amount.amount, amount.currency)) for amount in money]
    assert all("€" in figure for figure in expected)
    for figure in expected:
        assert figure in note, f"03_pricing.md does not quote {figure}"
        assert figure in shown, f"the French lesson 03 does not show {figure}"
    assert pricing.sell(cost, "etsy_fr", piece["typical_price"], piece["tax_status"],
                        postage_charged=nb03.example_postage()).margin == figures["plain"].margin
    assert "£" not in note.split("## Réponses attendues")[1].split("## Questions de discussion")[0]


def test_french_note_04_quotes_what_the_french_lesson_shows(french_checks: None) -> None:
    from atelier.i18n import format_money, format_number
    from atelier.money import Money
    from atelier.selfchecks import nb04

    figures = narratives.shipping_lesson("fr")
    assert figures["double_cheapest"].price == nb04.mug_double_wall_quotes()[0].price
    assert figures["lampshade_billed"] == nb04.lampshade_quote().billed_weight_kg
    assert figures["break_even"] == nb04.packaging_comparison(Money.of(1, "EUR"), Money.of(0, "EUR")).break_even_value
    assert figures["free_from"] == nb04.free_delivery_from()
    assert figures["piece"] == nb04.preset_item("fr_potter_bowl")
    code = _lesson_code("04_expedition.ipynb")
    assert f'Money.of({figures["remake"].amount}, "EUR")' in code[12]
    assert f'Money.of({figures["resend"].amount}, "EUR")' in code[12]
    quotes = [q for group in ("single_quotes", "double_quotes", "vase_quotes") for q in figures[group].values()
              if q.accepted]
    money = [*(q.price for q in quotes), *(q.compensation_limit for q in quotes),
             *(q.price for q in figures["abroad"].values()), *(q.price for q in figures["abroad_double"].values()),
             figures["single"].packaging_cost, figures["double"].packaging_cost, figures["remake"], figures["resend"],
             *(cost for _rate, cost in figures["scenarios"]), figures["comparison"].cost_per_parcel_cheap,
             figures["comparison"].cost_per_parcel_better, figures["comparison"].saving_per_parcel,
             figures["break_even"], figures["free_from"], figures["piece_value"], figures["vase_value"]]
    expected = [flat(format_money(amount.amount, amount.currency)) for amount in money]
    expected += [flat(f"{format_number(figures['lampshade_billed'], 2)} kg"),
                 flat(f"{format_number(figures['double'].weight_g / 1000, 2)} kg")]
    shown, note = _lesson_outputs("04_expedition.ipynb"), flat((NOTES / "04_shipping.md").read_text(encoding="utf-8"))
    for figure in expected:
        assert figure in note, f"04_shipping.md does not quote {figure}"
        assert figure in shown, f"the French lesson 04 does not show {figure}"
    answers = note.split("## Réponses attendues")[1].split("## Questions de discussion")[0]
    assert "£" not in answers and "Royal Mail" not in answers
    assert "Evri" not in answers.replace("(Evri, Parcelforce)", "")  # the carriers that bill by volume, named


def test_french_note_08_quotes_what_the_french_lesson_shows(french_checks: None) -> None:
    from atelier import diagnostic
    from atelier.selfchecks import nb08

    _french_projection()
    shown_projection = diagnostic.last("projection")
    assert nb08.example_projection().total("margin") == shown_projection.total("margin")
    note = flat((NOTES / "08_action_plan.md").read_text(encoding="utf-8"))
    shown = _lesson_outputs("08_plan_action.ipynb")
    for figure in (nb08.trainer_figures()["year_margin"], nb08.trainer_figures()["year_revenue"]):
        assert flat(figure) in note and flat(figure) in shown, figure
    assert nb08.trainer_figures()["year_margin"].endswith("€")


# -- the French marking guides quote the French course's points (its own typical wrong hand-ins) ----------------------

FRENCH_GUIDES = [name for name in narratives.notes_with_templates("fr") if name.startswith("ex")]


def test_every_english_exercise_has_its_french_twin_for_points() -> None:
    assert narratives.exercise_in("ex01_artisanat_online", "fr") == "ex01_artisanat_en_ligne"
    assert narratives.exercise_in("ex06_credibility", "fr") == "ex06_credibilite"
    assert narratives.exercise_in("ex06_credibility", "en") == "ex06_credibility"
    with pytest.raises(LookupError):
        narratives.exercise_in("ex99_nothing", "fr")


@pytest.mark.parametrize("name", FRENCH_GUIDES)
def test_a_french_marking_guide_quotes_the_french_typical_hand_in_score(name: str) -> None:
    """The score the French guide quotes is the one tests/test_exercises_fr.py checks the real nbgrader gives the
    French typical hand-in (its `expected_wrong_score`), on the French course's points, and the guide names that
    hand-in's file."""
    import nbformat
    from test_exercises_fr import spec

    from atelier.grading import EXERCISES

    french = narratives.exercise_in(name, "fr")
    points = narratives.points(name, "fr")
    assert points.typical_wrong == spec(french)["expected_wrong_score"]
    source = EXERCISES / "fr" / "source" / french / f"{french}.ipynb"
    cells = nbformat.read(source, as_version=4).cells
    auto = sum(int(c.metadata["nbgrader"]["points"]) for c in cells if c.cell_type == "code"
               and c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution"))
    assert points.auto == auto
    with narratives.language("fr"):
        assert narratives.points(name) == points  # a French render uses the French course's points
    text = flat((NOTES / f"{name}.md").read_text(encoding="utf-8"))
    assert f"**{points.typical_wrong} sur {points.auto}**" in text, f"{name}.md does not quote the French score"
    assert f"tests/exercise_answers/fr/{french}.json" in text
    assert f"tests/exercise_answers/{name}.json" not in text  # the English hand-in is not the French one
    english = narratives.points(name, "en")
    if english.typical_wrong != points.typical_wrong:  # ex01: 6 in French, 7 in English; ex06: 8 and 7
        assert f"**{english.typical_wrong} sur" not in text


def test_the_french_course_has_its_own_typical_scores() -> None:
    """Some French typical hand-ins score differently from the English ones (ex01, ex06 when written): a guide that
    read the English score would quote the wrong one."""
    differ = [name for name in FRENCH_GUIDES
              if narratives.points(name, "fr").typical_wrong != narratives.points(name, "en").typical_wrong]
    assert differ, "no French typical hand-in scores differently: the test above cannot tell the courses apart"


# -- lesson 01's benchmarks: the order values are read by the table's key, not from translated text -------------------


def test_market_figures_are_the_same_in_every_language() -> None:
    """The order values the conversion benchmarks name come from the table's own (English) text by metric id, so a
    French render (where `description` is the translated `description_fr`) finds them too."""
    english = narratives.market_lesson()
    with narratives.language("fr"):
        french = narratives.market_lesson()
    for key in ("low_aov_below", "high_aov_above", "low_aov_limit", "high_aov_limit", "shops"):
        assert french[key] == english[key] and french[key], key
    assert english["low_aov_limit"].currency == "USD"
    assert english["low_aov_below"] == f"USD {english['low_aov_limit'].amount:f}".removesuffix(".00")


def test_french_note_01_quotes_the_order_values_of_the_benchmarks() -> None:
    from atelier.i18n import format_money

    figures = narratives.market_lesson()
    text = flat((NOTES / "01_artisanat_online.md").read_text(encoding="utf-8"))
    with narratives.language("fr"):
        for limit in (figures["low_aov_limit"], figures["high_aov_limit"]):
            assert flat(format_money(limit.amount, "USD", 0)) in text  # 60 $US, 200 $US
        assert flat(narratives.render_note("01_artisanat_online", "fr")) == text
