"""The French lessons 00–02 and the glossary: metadata, contract, code parity, no English left, figures and answers.

Every figure the French prose quotes is formatted here with `atelier.i18n` under `set_language("fr")` and looked
for in the text; the answers a French learner types (`74 %`, `94,26 £`, `7 495`) go through the real answer boxes.
"""

from __future__ import annotations

import ast
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from atelier import market, reference
from atelier.analytics import brighton_kiln as kiln
from atelier.display import format_date
from atelier.entry import read_number, read_quarter
from atelier.i18n import format_money, format_number, language, set_language
from atelier.selfcheck import answer_box, check
from atelier.selfchecks import nb01, nb02

ROOT = Path(__file__).resolve().parent.parent
FR = ROOT / "notebooks" / "fr"
TWINS = {
    "00_bienvenue.ipynb": "../00_start_here.ipynb",
    "01_artisanat_en_ligne.ipynb": "../01_artisanat_online.ipynb",
    "02_brighton_kiln.ipynb": "../02_brighton_kiln.ipynb",
}
KERNELSPEC = {"name": "artisanat-fr", "display_name": "Python 3 (Artisanat, français)", "language": "python"}
NEXT = {"00_bienvenue.ipynb": "01_artisanat_en_ligne.ipynb", "01_artisanat_en_ligne.ipynb": "02_brighton_kiln.ipynb",
        "02_brighton_kiln.ipynb": "03_prix.ipynb"}
# French files other helpers write (FR_CONVENTIONS.md): a link to one of them is right even before it lands
PLANNED = {FR / "03_prix.ipynb", ROOT / "case_studies" / "fr" / "brighton_kiln.md"}
TIMING_FR = re.compile(r"Cours : (\d+) min · Exercices : (\d+) min")
TIMING_EN = re.compile(r"Teaching: (\d+) min · Exercises: (\d+) min")
SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})
# English words that are not French words: one of them, whole, in French prose means a sentence was left over
ENGLISH = ("the", "and", "your", "you", "with", "this", "that", "what", "which", "from", "are", "is", "of", "to",
           "it", "be", "have", "has", "will", "can", "not", "by", "at", "if", "when", "where", "how", "they", "their",
           "we", "our", "shop", "shops", "sell", "sells", "price", "fees", "run", "cell", "cells", "lesson", "check",
           "yourself", "key", "next", "teaching", "exercises", "objectives", "timing",
           "orders", "customers", "visitors", "web", "sales", "answer", "box", "type", "press", "here", "there")
# names that stay English in a French text (businesses, reports, products, platforms' features)
PROPER_NAMES = ("The Brighton Kiln", "The Fabric Store Online", "The Market for Craft", "Crafts Council",
                "Offsite Ads", "Etsy Payments", "Amazon Handmade", "Folksy Plus", "Folksy Basic", "Canva Pro",
                "Royal Mail", "UK GDPR", "Mondial Relay", "France Num")



def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def markdown(name: str) -> str:
    """The lesson's markdown, on one line per cell, with the no-break spaces read as spaces."""
    cells = load(FR / name)["cells"]
    return "\n".join(" ".join(source(c).split()) for c in cells if c["cell_type"] == "markdown").translate(SPACES)


def code_cells(path: Path) -> list[str]:
    return [source(c) for c in load(path)["cells"] if c["cell_type"] == "code"]


def prose(text: str) -> str:
    """The text without code spans, link targets and the names that stay English."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return text


def fr_money(amount: object, currency: str, decimals: int = 2) -> str:
    """Money as the French prose writes it: Babel's fr_FR form, with the pound as `£` (FRENCH.md), spaces plain."""
    return format_money(amount, currency, decimals).replace("£GB", "£").translate(SPACES)  # type: ignore[arg-type]


def fr_number(value: object, decimals: int = 0) -> str:
    return format_number(value, decimals).translate(SPACES)  # type: ignore[arg-type]


def fr_date(day: date) -> str:
    """`1er mars 2025`: French writes the first of a month as an ordinal."""
    text = format_date(day).translate(SPACES)
    return "1er" + text[1:] if text.startswith("1 ") else text


def quarter(year: int, number: int) -> str:
    return kiln.quarter_label(pd.Period(f"{year}Q{number}", freq="Q"))


# --- metadata, contract, links --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TWINS))
def test_metadata_names_the_language_the_kernel_and_the_twin(name: str) -> None:
    notebook = load(FR / name)
    twin = FR / TWINS[name]
    assert notebook["metadata"]["kernelspec"] == KERNELSPEC
    assert notebook["metadata"]["artisanat"] == {"language": "fr", "twin": TWINS[name]}
    assert twin.exists(), f"{name}: the twin {TWINS[name]} does not exist"
    assert notebook["metadata"]["language_info"] == load(twin)["metadata"]["language_info"]


@pytest.mark.parametrize("name", sorted(TWINS))
def test_contract_cells_in_french_with_the_twins_timing(name: str) -> None:
    cells = load(FR / name)["cells"]
    tagged = {tag: [c for c in cells if tag in c.get("metadata", {}).get("tags", [])]
              for tag in ("questions", "objectives", "timing", "keypoints")}
    assert [len(found) for found in tagged.values()] == [1, 1, 1, 1], name
    assert source(tagged["questions"][0]).startswith("## Questions")
    assert source(tagged["objectives"][0]).startswith("## Objectifs")
    assert source(tagged["timing"][0]).startswith("## Durée")
    assert cells[-1] is tagged["keypoints"][0] and source(cells[-1]).startswith("## Points clés")
    twin = load(FR / TWINS[name])
    english = next(source(c) for c in twin["cells"] if "timing" in c.get("metadata", {}).get("tags", []))
    minutes = TIMING_FR.search(source(tagged["timing"][0]))
    assert minutes, "the timing cell must say `Cours : NN min · Exercices : NN min`"
    assert minutes.groups() == TIMING_EN.search(english).groups()  # type: ignore[union-attr]
    assert "**Leçon suivante :** [" in source(cells[-1]) and f"]({NEXT[name]})" in source(cells[-1])


@pytest.mark.parametrize("name", [*sorted(TWINS), "glossaire.md"])
def test_links_point_to_french_files(name: str) -> None:
    path = FR / name
    text = path.read_text(encoding="utf-8") if name.endswith(".md") else markdown(name)
    targets = re.findall(r"\]\(([^)#]+)\)", text)
    assert targets or name.endswith(".md")
    for target in targets:
        assert not re.match(r"https?://", target), f"{name}: a link to the web: {target}"
        linked = (path.parent / target).resolve()
        assert linked.exists() or linked in PLANNED, f"{name}: the link {target} leads nowhere"
        assert "/fr/" in str(linked), f"{name}: {target} is not a French file"


# --- code cells: the twin's structure ---------------------------------------------------------------------------


def shape(code: str, own_names: set[str]) -> str:
    """The syntax tree with literal values and the learner's own variable names blanked out."""
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            node.value = "·"
        elif isinstance(node, ast.Name) and node.id in own_names:
            node.id = "·"
    return ast.dump(tree)


def assigned(cells: list[str]) -> set[str]:
    return {node.id for code in cells for node in ast.walk(ast.parse(code))
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


@pytest.mark.parametrize("name", sorted(TWINS))
def test_code_cells_have_the_twins_structure(name: str) -> None:
    french, english = code_cells(FR / name), code_cells(FR / TWINS[name])
    assert len(french) == len(english)
    own = assigned(french) | assigned(english)
    for index, (fr_code, en_code) in enumerate(zip(french, english, strict=True)):
        assert shape(fr_code, own) == shape(en_code, own), f"{name}: code cell {index} differs from its twin"
        assert not re.search(r"#", fr_code), f"{name}: a comment in code cell {index}"
    renames = {}
    for fr_code, en_code in zip(french, english, strict=True):
        fr_names = [n.id for n in ast.walk(ast.parse(fr_code)) if isinstance(n, ast.Name) and n.id in own]
        en_names = [n.id for n in ast.walk(ast.parse(en_code)) if isinstance(n, ast.Name) and n.id in own]
        for en_name, fr_name in zip(en_names, fr_names, strict=True):
            assert renames.setdefault(en_name, fr_name) == fr_name, f"{name}: {en_name} renamed two ways"
    strings = [n.value for code in french for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant)
               and isinstance(n.value, str)]
    assert all(" " not in s or re.fullmatch(r"\d{4} Q[1-4]|T[1-4] \d{4}", s) for s in strings), strings


# --- no English left over ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*sorted(TWINS), "glossaire.md"])
def test_no_english_sentence_left_in_the_prose(name: str) -> None:
    text = (FR / name).read_text(encoding="utf-8") if name.endswith(".md") else markdown(name)
    words = re.findall(r"[A-Za-zÀ-ÿ'’]+:?", prose(text))
    english = sorted({w for w in words if w.lower() in ENGLISH})
    assert not english, f"{name}: English words left in the French text: {english}"


def test_the_english_word_list_catches_an_english_sentence() -> None:
    left_over = "Run the cell below, then type your answer in the box."
    assert {w.lower() for w in re.findall(r"[A-Za-z']+", prose(left_over))} & set(ENGLISH)
    assert not {w.lower() for w in re.findall(r"[A-Za-z']+", prose("The Brighton Kiln vend à `the shop`."))} \
        & set(ENGLISH)


@pytest.mark.parametrize("name", [*sorted(TWINS), "glossaire.md"])
def test_french_typography_of_figures(name: str) -> None:
    """Outside code spans, a figure keeps its %, € or £ and its thousands with a no-break space."""
    path = FR / name
    raw = path.read_text(encoding="utf-8") if name.endswith(".md") else "\n".join(
        source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    text = re.sub(r"`[^`]*`", " ", raw)
    assert not re.findall(r"\d [%€£]", text), name
    assert not re.findall(r"\b\d{1,3} \d{3}\b", text), name
    text = re.sub(r"\]\([^)]*\)", "]", text).replace("artisanat 2.0", "").replace("Artisanat 2.0", "")
    assert not re.findall(r"\d\.\d", text), f"{name}: a decimal point in prose"


# --- figures in the prose -----------------------------------------------------------------------------------------


def test_lesson_00_figures_are_the_code_cells_and_the_tables(french: None) -> None:
    text = markdown("00_bienvenue.ipynb")
    cells = code_cells(FR / "00_bienvenue.ipynb")
    first = ast.parse(cells[0]).body[0].value  # type: ignore[attr-defined]
    prices = [first.left.value, first.right.value]
    assert f"deux tasses, {fr_money(prices[0], 'EUR', 0)} et {fr_money(prices[1], 'EUR', 0)}" in text
    values = {n.targets[0].id: n.value.value for n in ast.parse(cells[1]).body  # type: ignore[attr-defined]
              if isinstance(n, ast.Assign)}
    assert f"prix d'une tasse en euros ({fr_money(values['prix_tasse_eur'], 'EUR', 0)})" in text
    assert f"un nombre de tasses ({values['tasses']})" in text and "remplacez le `3` par `5`" in text
    assert check("nb00.mugs", 5).passed and not check("nb00.mugs", values["tasses"]).passed
    call = ast.parse(cells[3]).body[-1].value  # type: ignore[attr-defined]
    channel, price = call.args[0].value, call.args[1].value
    postage = next(k.value.value for k in call.keywords if k.arg == "postage_charged")
    assert channel == "etsy_fr" and reference.lookup("channels", "channel_id", channel) is not None
    mondial_1kg = next(r for r in reference.rows("parcel_rates")
                       if r["service_id"] == "mondial_relay_point" and r["zone"] == "france"
                       and r["max_weight_kg"] == Decimal(1))
    assert Decimal(str(postage)) == mondial_1kg["price"]
    assert (f"une cliente paie {fr_money(price, 'EUR', 0)} pour une tasse et {fr_money(postage, 'EUR')} de frais "
            f"de port (le tarif Mondial Relay d'un colis jusqu'à {fr_number(1)} kg") in text
    error = ast.parse(cells[4]).body[0].value  # type: ignore[attr-defined]
    assert error.args[1].operand.value == 5 and "un prix de −5 euros" in text


def test_lesson_01_figures_are_the_checks_and_the_tables(french: None) -> None:
    text = markdown("01_artisanat_en_ligne.ipynb")
    visitors = ast.parse(code_cells(FR / "01_artisanat_en_ligne.ipynb")[5]).body[0].value.value  # type: ignore
    assert f"le calcul pour {fr_number(visitors)} visiteurs par mois" in text
    assert f"remplacez `{visitors}` par `{nb01.VISITORS_ASKED}`" in text
    assert f"Combien de commandes apportent {fr_number(nb01.VISITORS_ASKED)} visiteurs" in text
    assert f"recevoir {fr_number(nb01.ORDERS_WANTED)} commandes par mois" in text
    assert f"`{nb01.ORDERS_WANTED} * 100 / 2`" in text
    top = market.benchmark_row("web_conversion_rate_top20")
    # the table's own words, in French since the catalogue and the tables' _fr columns
    assert " ".join(top["description"].split()).startswith("Taux de conversion atteint par les 20")
    assert f"celui des {fr_number(20)} % de boutiques" in text
    selling = market.benchmark_row("fr_small_firms_selling_online_2024")
    assert f"ne vendait **pas** en ligne en {selling['valid_from'].year}" in text
    assert "`35 %`" in text and Decimal(35) != 100 - selling["value"]  # the example is not the answer


def test_lesson_02_figures_are_the_case_data(french: None) -> None:
    text = markdown("02_brighton_kiln.ipynb")
    orders, breakages = kiln.table("orders"), kiln.table("breakages")
    months = orders["order_date"].dt.to_period("M")
    assert f"de {kiln.month_label(months.min())} à {kiln.month_label(months.max())}" in text
    assert "sa propre boutique en ligne depuis janvier 2024" in text
    assert months[orders["channel"] == "web_shop"].min() == pd.Period("2024-01", freq="M")
    crossing = kiln.crossing_quarter(kiln.revenue_by_quarter(orders))
    assert crossing == pd.Period("2025Q4", freq="Q")
    assert f"au quatrième trimestre {crossing.year} ({kiln.quarter_label(crossing)}). Vérifiez" in text
    assert crossing.quarter == 4
    assert f"{quarter(2024, 1)} va de janvier à mars, {quarter(2024, 4)} d'octobre à décembre" in text
    assert f"comme `{quarter(2024, 3)}`" in text
    assert f"au quatrième trimestre 2025 ({quarter(2025, 4)}), en %" in text
    assert f"exécutez-la pour {quarter(2025, 4)}, puis remplacez le trimestre par `\"{quarter(2024, 4)}\"`" in text
    cells = code_cells(FR / "02_brighton_kiln.ipynb")
    assert ast.parse(cells[17]).body[0].value.value == quarter(2025, 4)  # type: ignore[attr-defined]
    year = ast.parse(cells[12]).body[0].value.value  # type: ignore[attr-defined]
    assert f"remplacez `{year}` par `{nb02.LAST_YEAR}`" in text and f"En {nb02.LAST_YEAR}, sur chaque tranche" in text
    rate = ast.parse(cells[8]).body[0].value.value  # type: ignore[attr-defined]
    assert f"remplacez `{rate}` par un autre taux" in text
    assert f"les {fr_number(20)} % de boutiques en ligne qui réussissent le mieux" in text
    hundred = fr_money(100, "GBP", 0)
    assert f"calculer ce que laissent {hundred} de marchandises" in text
    assert f"sur chaque tranche de {hundred} de marchandises" in text
    assert f"Le {fr_date(kiln.REDESIGN)}, la poterie a changé d'emballage" in text
    rates = kiln.breakage_rates(orders, breakages)
    assert rates.loc["after", "rate_pct"] < rates.loc["before", "rate_pct"] / 2  # "divisé par plus de deux"
    assert "a divisé la casse par plus de deux" in text
    assert kiln.fastest_growing_source(kiln.table("web_analytics")) == "social"
    assert "Les réseaux sociaux progressent le plus vite" in text
    shares = kiln.share_by_year(orders)
    assert "Etsy recule à mesure que la boutique en ligne grandit" in text
    assert shares.loc[2025, "etsy"] < shares.loc[2024, "etsy"] < shares.loc[2024, "shop"]
    assert "chiffre d'affaires taxable des **12 derniers mois**" in text


def test_glossary_volumetric_divisor_is_the_carriers(french: None) -> None:
    divisors = [r["volumetric_divisor"] for r in reference.rows("parcel_services") if r["volumetric_divisor"]]
    common = max(set(divisors), key=divisors.count)
    text = (FR / "glossaire.md").read_text(encoding="utf-8").translate(SPACES)
    assert f"(souvent {fr_number(common)})" in text


def test_glossary_has_an_entry_for_each_english_one() -> None:
    english = re.findall(r"^\*\*([^*]+)\*\* — ", (ROOT / "notebooks" / "glossary.md").read_text(encoding="utf-8"),
                         re.M)
    french = re.findall(r"^\*\*([^*]+)\*\* — ", (FR / "glossaire.md").read_text(encoding="utf-8"), re.M)
    assert len(french) == len(english) - 1 and "## Taper des nombres" in (FR / "glossaire.md").read_text()
    assert len(set(french)) == len(french)


# --- answers typed the French way ---------------------------------------------------------------------------------


def french_answers() -> list[tuple[str, str]]:
    """The right answers of lessons 01 and 02, computed from the data and written as a French learner writes them."""
    orders, analytics = kiln.table("orders"), kiln.table("web_analytics")
    not_selling = 100 - market.benchmark_row("fr_small_firms_selling_online_2024")["value"]
    left = kiln.channel_costs(orders, kiln.table("breakages"), nb02.LAST_YEAR).loc["web_shop", "left_per_100"]
    after = kiln.breakage_rates(orders, kiln.table("breakages")).loc["after", "rate_pct"]
    headroom = kiln.vat_headroom(orders)
    plain = {"\u202f": " ", "\u00a0": " "}
    typed = lambda text: text.translate(str.maketrans(plain))  # noqa: E731 - people type ordinary spaces
    return [
        ("nb01.not_selling", typed(fr_number(not_selling) + " %")),
        ("nb01.not_selling", fr_number(not_selling) + "\u00a0%"),
        ("nb01.orders_2500", typed(fr_number(market.orders_from(nb01.VISITORS_ASKED), 1))),
        ("nb01.visitors_for_10", typed(fr_number(market.visitors_needed(nb01.ORDERS_WANTED), 0))),
        ("nb01.visitors_for_10", typed(fr_number(market.visitors_needed(nb01.ORDERS_WANTED), 1))),
        ("nb01.challenges", "d"),
        ("nb02.crossing_quarter", quarter(2025, 4)),
        ("nb02.conversion_2025q4", typed(fr_number(kiln.conversion_in(analytics, "2025 Q4"), 1) + " %")),
        ("nb02.conversion_2025q4", typed(fr_number(kiln.conversion_in(analytics, "2025 Q4"), 2))),
        ("nb02.top_source", "recherche"),
        ("nb02.top_source", "Moteurs de recherche"),
        ("nb02.web_left_per_100", typed(fr_money(left, "GBP"))),
        ("nb02.web_left_per_100", typed(fr_number(left, 2))),
        ("nb02.breakage_after", typed(fr_number(after, 1) + " %")),
        ("nb02.vat_headroom", typed(fr_number(headroom))),
        ("nb02.vat_headroom", typed(fr_money(headroom, "GBP", 0))),
        ("nb02.vat_headroom", fr_money(headroom, "GBP", 0).replace(" ", "\u202f")),
        ("nb02.vat_headroom", str(round(headroom))),
    ]


def test_right_answers_typed_the_french_way_pass_in_the_answer_boxes(french: None) -> None:
    for question, typed in french_answers():
        verdict = answer_box(question).submit(typed)
        assert verdict.passed, f"{question}: “{typed}” refused: {verdict.message}"


def test_wrong_french_answers_get_the_hint_not_a_pass(french: None) -> None:
    for question, typed in (("nb01.not_selling", "26 %"), ("nb02.top_source", "réseaux"),
                            ("nb02.web_left_per_100", "100 £"), ("nb02.breakage_after", "3,7 %")):
        verdict = answer_box(question).submit(typed)
        assert not verdict.passed and verdict.message, (question, typed)


def test_the_examples_the_french_lessons_show_read_as_shown(french: None) -> None:
    assert read_number("4,2 %", "%").number == Decimal("4.2")
    assert read_number("4,2", "%").number == Decimal("4.2")
    for typed in ("1 234 £", "1234", "1 234"):
        assert read_number(typed, "GBP").number == Decimal(1234), typed
    for typed, unit in (("28 €", "EUR"), ("2,4 kg", "kg"), ("7 495", ""), ("35 %", "%")):
        assert read_number(typed, unit).ok, typed
    assert read_quarter(quarter(2024, 3)) == ("2024 Q3", "")


def test_the_french_lessons_name_the_source_words_the_check_reads(french: None) -> None:
    text = markdown("02_brighton_kiln.ipynb")
    words = re.search(r"tapez un seul mot dans la case : (.*?)\.", text)
    assert words
    offered = re.findall(r"`([^`]+)`", words.group(1))
    assert len(offered) == len(kiln.SOURCES)
    assert {nb02.source_of(word) for word in offered} == set(kiln.SOURCES)


def test_english_kernel_does_not_read_french_source_words() -> None:
    previous = language()
    set_language("en")
    try:
        assert nb02.source_of("recherche") is None and nb02.source_of("search") == "organic"
    finally:
        set_language(previous)


# --- the quarter, written the French way (`T4 2025`, trimestre) -----------------------------------------------------

def test_a_quarter_reads_the_french_way_in_french_and_the_english_way_in_english(french: None) -> None:
    from atelier import entry

    assert entry.quarter_text(2025, 4) == "T4 2025"
    assert kiln.quarter_label(pd.Period("2024Q1", freq="Q")) == "T1 2024"
    set_language("en")
    assert entry.quarter_text(2025, 4) == "2025 Q4"
    assert kiln.quarter_label(pd.Period("2024Q1", freq="Q")) == "2024 Q1"


def test_the_french_lesson_02_shows_quarters_the_french_way_only() -> None:
    """Prose, the `à vous` cell and every output of the French lesson write `T4 2025`, never `2025 Q4`."""
    notebook = load(FR / "02_brighton_kiln.ipynb")
    english_form = re.compile(r"\b20\d\d ?Q[1-4]\b|\bQ[1-4] ?20\d\d\b")
    for number, cell in enumerate(notebook["cells"]):
        texts = [source(cell)]
        for output in cell.get("outputs", []):
            texts += ["".join(value) if isinstance(value, list) else str(value)
                      for key, value in {**output.get("data", {}), "text": output.get("text", "")}.items()
                      if key.startswith("text")]
        for text in texts:
            assert not english_form.search(text), f"cell {number}: {english_form.search(text).group(0)!r}"  # type: ignore[union-attr]
    shown = "\n".join(texts for texts in (source(c) for c in notebook["cells"]))
    assert re.search(r"\bT4 2025\b", shown) and re.search(r"\bT1 2024\b", shown)


def test_the_quarter_question_takes_what_the_french_lesson_shows(french: None) -> None:
    crossing = kiln.crossing_quarter(kiln.revenue_by_quarter(kiln.table("orders")))
    assert crossing is not None
    shown = kiln.quarter_label(crossing)
    for typed in (shown, f"{crossing.year} T{crossing.quarter}", f"{crossing.quarter}e trimestre {crossing.year}",
                  shown.lower(), f" {shown} "):
        verdict = answer_box("nb02.crossing_quarter").submit(typed)
        assert verdict.passed, f"“{typed}” refused: {verdict.message}"
        assert shown in verdict.message
    earlier = crossing - 1
    verdict = answer_box("nb02.crossing_quarter").submit(kiln.quarter_label(earlier))
    assert not verdict.passed and kiln.quarter_label(earlier) in verdict.message


def test_the_quarter_hints_show_the_french_form(french: None) -> None:
    for typed in ("hiver", "T5 2025", "2025"):
        verdict = answer_box("nb02.crossing_quarter").submit(typed)
        assert not verdict.passed
        assert "T4 2025" in verdict.message and "Q4" not in verdict.message, verdict.message
    _text, problem = read_quarter("Q9")
    assert "T4 2025" in problem
    from atelier.i18n import _

    hint = _("Type the quarter like 2024 Q3 (the year, a space, Q and its number).")
    assert "T3 2024" in hint and "Q3" not in hint
    assert read_quarter("T3 2024") == ("2024 Q3", "")


def test_the_conversion_hint_names_the_quarter_the_french_way(french: None) -> None:
    from atelier.selfcheck import check

    verdict = check("nb02.conversion_2025q4", "99")
    assert not verdict.passed and "T4 2025" in verdict.message and "Q4" not in verdict.message
