"""French forms of money, numbers, dates and typed answers, written and typed as a French learner does.

FRENCH.md: `12,50 €`, `1 234,56 €` (narrow no-break space between thousands), the pound `26,00 £` in French text,
`30 %`, `1er mars 2025`; inputs accept `12,50`, `12.50`, `1 250`. Every suggestion a sentence makes ("type it like
…") is typed back here and must be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import display, entry, market
from atelier.analytics import brighton_kiln as kiln
from atelier.errors import CourseInputError
from atelier.i18n import format_money, format_number, format_pct, language, set_language
from atelier.money import Money

NNBSP, NBSP = "\u202f", "\u00a0"




# translations a French catalogue may choose (the real one is another helper's work): the code must follow them
CATALOGUE_CHOICES = {
    "2025 T4": "{year} T{quarter}",
    "T4 2025": "T{quarter} {year}",
    "4e trimestre 2025": "{quarter}e trimestre {year}",
}


def french_catalogue(tmp_path: Path, quarter: str) -> None:
    """Switch to French with a small catalogue of the messages this file checks, compiled with Babel."""
    catalog = Catalog(locale="fr")  # CLDR's French plural forms: one (0 and 1), many (whole millions), other
    catalog.add("{year} Q{quarter}", quarter)
    plurals = catalog.num_plurals - 1
    catalog.add(("{sign}{number} billion", "{sign}{number} billion"),
                ("{number} milliard de {sign}", *["{number} milliards de {sign}"] * plurals))
    catalog.add(("{number} million people", "{number} million people"),
                ("{number} million de personnes", *["{number} millions de personnes"] * plurals))
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "atelier.mo", "wb") as handle:
        write_mo(handle, catalog)
    set_language("fr", tmp_path)


@pytest.fixture(params=sorted(CATALOGUE_CHOICES))
def french_catalogues(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    previous = language()
    french_catalogue(tmp_path, CATALOGUE_CHOICES[request.param])
    yield request.param
    set_language(previous)


# --- 1. money -------------------------------------------------------------------------------------------------


def test_french_pounds_are_written_with_the_pound_sign_alone(french: None) -> None:
    assert format_money(26, "GBP") == f"26,00{NBSP}£"
    assert format_money(Decimal("1234.56"), "GBP") == f"1{NNBSP}234,56{NBSP}£"
    assert format_money(13424, "GBP", decimals=0) == f"13{NNBSP}424{NBSP}£"
    assert str(Money.of("93.85", "GBP")) == f"93,85{NBSP}£"
    assert "GB" not in format_money(-5, "GBP")


def test_french_euros_stay_as_babel_writes_them(french: None) -> None:
    assert format_money(Decimal("12.5"), "EUR") == f"12,50{NBSP}€"
    assert format_money(Decimal("1234.56"), "EUR") == f"1{NNBSP}234,56{NBSP}€"
    assert format_money(13424, "EUR", decimals=0) == f"13{NNBSP}424{NBSP}€"


def test_english_money_is_unchanged(english: None) -> None:
    assert format_money(26, "GBP") == "£26.00"
    assert format_money(Decimal("9.4"), "EUR") == "€9.40"
    assert format_money(Decimal("1234.56"), "GBP") == "£1,234.56"
    assert format_money(13424, "GBP", decimals=0) == "£13,424"


# --- 2. units and examples as French writes them --------------------------------------------------------------


@pytest.mark.parametrize(("typed", "unit", "number"), [
    ("26,00 £GB", "GBP", "26"), ("£GB 26", "GBP", "26"), ("26 GBP", "GBP", "26"), ("12,50 EUR", "EUR", "12.5"),
    ("12,50 euros", "EUR", "12.5"), ("26 livres", "GBP", "26"), ("26 livres sterling", "GBP", "26"),
    ("1 234,56 £", "GBP", "1234.56"), (f"1{NNBSP}234,56{NBSP}€", "EUR", "1234.56"), ("74 pour cent", "%", "74"),
    ("2,4 kg", "g", "2400"), ("350 grammes", "g", "350"), ("0,5 heure", "h", "0.5"), ("12.50", "EUR", "12.5"),
    ("1 250", "", "1250"),
])
def test_french_units_and_forms_are_read(typed: str, unit: str, number: str) -> None:
    reading = entry.read_number(typed, unit, lang="fr")
    assert reading.ok, reading.problem
    assert reading.number == Decimal(number)


def test_what_the_french_course_shows_reads_back(french: None) -> None:
    """A learner copies a figure the French lesson shows into a box: it is read as shown."""
    for amount in (Decimal("26"), Decimal("1234.56"), Decimal("93.85"), Decimal("13424")):
        for currency in ("GBP", "EUR"):
            for decimals in (2, 0):
                shown = format_money(amount, currency, decimals)
                reading = entry.read_number(shown, currency)
                assert reading.ok, (shown, reading.problem)
                assert reading.number == (amount if decimals else round(amount)), shown
    assert entry.read_number(format_pct(Decimal("4.2")), "%").number == Decimal("4.2")
    assert entry.read_number(format_number(Decimal("7495"), 0), "").number == 7495


@pytest.mark.parametrize("unit", ["GBP", "EUR", "%", "g", "kg", "cm", "h", ""])
def test_french_examples_are_french_and_english_ones_unchanged(unit: str) -> None:
    previous = language()
    try:
        set_language("fr")
        french_example = entry._example(unit)
        set_language("en")
        english_example = entry._example(unit)
    finally:
        set_language(previous)
    assert "." not in french_example  # a decimal comma, never a dot
    assert french_example.replace(NBSP, " ") in {"2,50 £", "2,50 €", "74 %", "350 g", "2,4 kg", "6 cm", "0,5",
                                                  "2,50"}
    assert english_example == {"GBP": "£2.50", "EUR": "€2.50", "%": "74%", "g": "350 g", "kg": "2.4 kg",
                               "cm": "6 cm", "h": "0.5", "": "2.50"}[unit]
    for example in (french_example, english_example):
        for lang in ("fr", "en"):
            reading = entry.read_number(example, unit, lang=lang)
            assert reading.ok, (example, lang, reading.problem)


def test_a_refusal_in_french_suggests_a_french_form(french: None) -> None:
    problem = entry.read_number("douze", "EUR").problem
    assert "2,50" in problem and "2.50" not in problem
    assert "74" in entry.read_number("soixante-quatorze", "%").problem


# --- 3. a question the learner can answer ---------------------------------------------------------------------

NUMBER_IN_TEXT = re.compile(r"\d(?:[\d,.\u202f\u00a0]*\d)?")


def suggestions(problem: str, typed: str) -> list[str]:
    """The numbers a sentence offers, apart from the one the learner typed (quoted at its start)."""
    offered = problem.replace(f"“{typed}”", " ").replace(f"« {typed} »", " ")
    return NUMBER_IN_TEXT.findall(offered)


def ambiguous_bodies() -> st.SearchStrategy[str]:
    """What French asks about: one dot followed by exactly three digits, after one to three digits (not 0)."""
    return st.builds(lambda whole, fraction: f"{whole}.{fraction:03d}", st.integers(1, 999), st.integers(0, 999))


@settings(max_examples=300, deadline=None)
@given(ambiguous_bodies(), st.sampled_from(["en", "fr"]))
def test_every_suggested_form_is_read_as_the_number_it_names(body: str, message_language: str) -> None:
    previous = language()
    set_language(message_language)
    try:
        reading = entry.read_number(body, "", lang="fr")
    finally:
        set_language(previous)
    assert not reading.ok
    offered = suggestions(reading.problem, body)
    assert len(offered) == 2 and body not in offered, reading.problem
    whole, fraction = body.split(".")
    meant = {Decimal(body), Decimal(whole + fraction)}
    read = set()
    for form in offered:
        for typed in (form, form.replace(NNBSP, " "), form.replace(NNBSP, "")):  # as copied, or typed by hand
            again = entry.read_number(typed, "", lang="fr")
            assert again.ok, (body, typed, again.problem)  # never asked again: no endless loop
            read.add(again.number)
    assert read == meant


@settings(max_examples=200, deadline=None)
@given(ambiguous_bodies())
def test_english_never_asks_so_it_never_loops(body: str) -> None:
    assert entry.read_number(body, "", lang="en").ok
    assert entry.read_number(body.replace(".", ","), "", lang="en").ok


def test_the_learners_case_seven_thousand_four_hundred_and_ninety_five(french: None) -> None:
    question = entry.read_number("7.495", "GBP")
    assert not question.ok and "7,495" in question.problem and f"7{NNBSP}495" in question.problem
    assert entry.read_number("7,495", "GBP").number == Decimal("7.495")
    assert entry.read_number("7 495", "GBP").number == 7495
    assert entry.read_number("7 495 £", "GBP").number == 7495


def test_a_space_inside_a_number_suggests_a_form_that_is_read(french: None) -> None:
    problem = entry.read_number("1 25", "").problem
    for form in suggestions(problem, "1 25"):
        assert entry.read_number(form, "").ok, form


# --- 4. quarters ----------------------------------------------------------------------------------------------

FRENCH_QUARTERS = ["T4 2025", "2025 T4", "t4 2025", "2025-T4", "4e trimestre 2025", "4ème trimestre 2025",
                   "4eme trimestre 2025", "4ᵉ trimestre 2025", "quatrième trimestre 2025", "2025 Q4", "Q4 2025",
                   "2025 4e trimestre", " « T4 2025 » "]


@pytest.mark.parametrize("typed", FRENCH_QUARTERS)
def test_french_quarters_are_read(typed: str) -> None:
    assert entry.read_quarter(typed) == ("2025 Q4", "")
    assert kiln.parse_quarter(typed) == pd.Period("2025Q4", freq="Q")


def test_first_quarter_in_words(french: None) -> None:
    assert entry.read_quarter("1er trimestre 2024") == ("2024 Q1", "")
    assert entry.read_quarter("premier trimestre 2024") == ("2024 Q1", "")


@pytest.mark.parametrize("typed", ["T5 2025", "5e trimestre 2025", "2025", "trimestre", "hiver 2025", "T4 25"])
def test_what_is_not_a_quarter_gets_a_sentence(typed: str) -> None:
    text, problem = entry.read_quarter(typed)
    assert text == "" and problem
    with pytest.raises(CourseInputError):
        kiln.parse_quarter(typed)


def test_every_quarter_label_the_catalogue_may_show_reads_back(french_catalogues: str) -> None:
    label = kiln.quarter_label(pd.Period("2025Q4", freq="Q"))
    assert label == french_catalogues
    for year in (2024, 2025):
        for number in range(1, 5):
            period = pd.Period(f"{year}Q{number}", freq="Q")
            assert entry.read_quarter(kiln.quarter_label(period)) == (f"{year} Q{number}", "")
            assert kiln.parse_quarter(kiln.quarter_label(period)) == period
    _text, problem = entry.read_quarter("hiver")
    assert french_catalogues in problem  # the example is written as the lesson shows quarters
    with pytest.raises(CourseInputError, match=french_catalogues):
        kiln.parse_quarter("hiver")


def test_the_crossing_quarter_check_takes_the_french_forms(french_catalogues: str) -> None:
    from atelier.selfcheck import check

    expected = kiln.crossing_quarter(kiln.revenue_by_quarter(kiln.table("orders")))
    assert expected is not None
    for typed in (kiln.quarter_label(expected), f"T{expected.quarter} {expected.year}",
                  f"{expected.quarter}e trimestre {expected.year}"):
        assert check("nb02.crossing_quarter", typed).passed, typed


# --- 5. dates -------------------------------------------------------------------------------------------------


def test_the_first_of_a_month_is_1er_in_french(french: None) -> None:
    assert display.format_date(date(2025, 3, 1)) == "1er mars 2025"
    assert display.format_date(date(2026, 1, 1)) == "1er janvier 2026"
    assert display.format_date(date(2026, 11, 30)) == "30 novembre 2026"
    assert display.format_date(date(2025, 3, 11)) == "11 mars 2025"
    assert display.format_date(date(2025, 3, 21)) == "21 mars 2025"


def test_english_dates_are_unchanged(english: None) -> None:
    assert display.format_date(date(2025, 3, 1)) == "1 March 2025"
    assert display.format_date(date(2026, 10, 1)) == "1 October 2026"


# --- 6. billions and millions ---------------------------------------------------------------------------------


def test_billions_and_millions_in_english(english: None) -> None:
    assert market.format_value(Decimal(3), "GBP_billions") == "£3 billion"
    assert market.format_value(Decimal("3.5"), "GBP_billions") == "£3.5 billion"
    assert market.format_value(Decimal("10.3"), "people_millions") == "10.3 million people"


def test_billions_and_millions_in_french(french_catalogues: str) -> None:
    assert market.format_value(Decimal(3), "GBP_billions") == "3 milliards de £"
    assert market.format_value(Decimal("1.5"), "GBP_billions") == "1,5 milliard de £"
    assert market.format_value(Decimal("10.3"), "people_millions") == "10,3 millions de personnes"
    assert market.format_value(Decimal(1), "people_millions") == "1 million de personnes"


def test_without_a_translation_french_still_writes_french_numbers(french: None) -> None:
    for shown in (market.format_value(Decimal("3.5"), "GBP_billions"),
                  market.format_value(Decimal("10.3"), "people_millions")):
        assert "£GB" not in shown and "." not in shown and ",00" not in shown


def test_the_market_table_shows_the_craft_market_in_french_words(french_catalogues: str) -> None:
    table = market.figures(["uk_craft_market_size", "uk_craft_online_buyers"])
    values = list(table.iloc[:, 1])
    assert values[0] == "3 milliards de £"
    assert values[1].endswith("millions de personnes") and "," in values[1]


# --- 7. numbers written by hand elsewhere -----------------------------------------------------------------------


def test_simulator_chart_ticks_are_written_in_the_language() -> None:
    from atelier.simulators.charts import _tick_text

    previous = language()
    try:
        set_language("en")
        assert [_tick_text(v) for v in (0, 2.5, 0.25, 10, 1250, 12500.0)] == ["0", "2.5", "0.25", "10", "1,250",
                                                                                  "12,500"]
        set_language("fr")
        assert [_tick_text(v) for v in (0, 2.5, 0.25, 10, 1250)] == ["0", "2,5", "0,25", "10", f"1{NNBSP}250"]
    finally:
        set_language(previous)


def test_tables_write_their_dates_the_french_way(french: None) -> None:
    """Valid-from and checked-on columns, the tools' catalogue and the low reviews: `26 nov. 2026`, never ISO."""
    from atelier import tools
    from atelier.analytics import upholsterer
    from atelier.casestudy import load
    from atelier.figures import pricing as pricing_figures

    iso = re.compile(r"\b20\d\d-\d\d-\d\d\b")
    tables = {
        "tax rules": pricing_figures.tax_rules("FR").frame,
        "tools": tools.catalogue("EUR"),
        "low reviews": upholsterer.low_reviews(load("upholsterer", "reviews")).frame,
    }
    for name, frame in tables.items():
        dates = [column for column in frame.columns if column in ("Valable depuis le", "Vérifié le", "Date")]
        assert dates, f"{name}: no date column among {list(frame.columns)}"
        for column in dates:
            shown = " ".join(str(value) for value in frame[column])
            assert not iso.search(shown), f"{name}, {column}: {shown[:120]}"
            assert re.search(r"\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? \d{4}", shown), (
                name, column, shown[:120])
