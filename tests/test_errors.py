"""`atelier.errors.as_decimal` and everything built on it read typed text as the answer boxes do (`atelier.entry`).

In French a comma is always the decimal mark (`12,50` = 12.5, `1 250,5` = 1250.5, with the narrow no-break space
and the no-break space Babel writes between thousands); in English `1,250` is 1250. Nothing reads `12,50` as 1250.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from atelier import entry, pricing, shipping
from atelier.errors import CourseInputError, as_decimal, not_negative, positive, whole_number
from atelier.i18n import format_number, language, set_language
from atelier.money import Money, as_money

NNBSP, NBSP = "\u202f", "\u00a0"


# --- French: the comma is the decimal mark -------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "number"), [
    ("12,5", "12.5"),
    ("12,50", "12.50"),
    (" 12,50 ", "12.50"),
    ("0,5", "0.5"),
    (",5", "0.5"),
    ("7,495", "7.495"),  # French writes thousands with a space: a comma and three digits are decimals
    ("1,250", "1.25"),
    ("1 250", "1250"),
    ("1 250,5", "1250.5"),
    (f"1{NNBSP}250,50", "1250.50"),  # as Babel's fr_FR writes it
    (f"1{NBSP}250,50", "1250.50"),  # as a French spreadsheet writes it
    (f"12{NNBSP}345{NNBSP}678,9", "12345678.9"),
    ("1.250,50", "1250.50"),  # with both marks the last one is the decimal mark (the German way)
    ("12.50", "12.50"),  # the point a keyboard's number pad types is read too
    ("-3,5", "-3.5"),
])
def test_french_text_reads_the_comma_as_the_decimal_mark(french: None, typed: str, number: str) -> None:
    assert as_decimal(typed, "le prix") == Decimal(number)


def test_what_the_french_number_format_writes_reads_back(french: None) -> None:
    for value in (Decimal("1250.5"), Decimal("0.07"), Decimal("987654.32")):
        written = format_number(value, 2)
        assert "," in written
        assert as_decimal(written, "le prix") == value


def test_a_point_and_three_digits_is_asked_about_in_french(french: None) -> None:
    # "1.250" is 1.25 in English and 1250 written the German way: in French the course asks, it never guesses
    with pytest.raises(CourseInputError) as raised:
        as_decimal("1.250", "le prix")
    message = str(raised.value)
    assert "1,25" in message and f"1{NNBSP}250" in message
    assert message.startswith("Le prix")


@pytest.mark.parametrize("typed", ["12,50", "1 250,50", f"1{NNBSP}250,50", "3,5"])
def test_no_caller_reads_a_french_decimal_comma_as_thousands(french: None, typed: str) -> None:
    expected = as_decimal(typed, "x")
    assert expected < 1300  # 12.5, 1250.5 or 3.5: never 1250, 125050 or 35
    assert positive(typed, "le poids", "g") == expected
    assert not_negative(typed, "la marge", "%") == expected
    assert Money.of(typed, "EUR").amount == expected
    assert as_money(typed, "EUR", "les frais de port").amount == expected
    cost = pricing.unit_cost(materials=typed, making_time_h="0,5", hourly_rate="15,20", currency="EUR")
    assert cost.materials == Money(expected, "EUR")
    assert cost.making_time_h == Decimal("0.5")
    assert shipping.item(typed, "20,5", "15", "10").weight_g == expected
    with pytest.raises(CourseInputError, match=r"nombre entier|whole number"):
        whole_number("12,50", "le nombre de mois")  # 12,5 months is not cut to 12, nor read as 1250


def test_units_are_read_and_converted(french: None) -> None:
    assert positive("2,4 kg", "le poids", "g") == Decimal(2400)
    assert positive(f"350{NBSP}g", "le poids", "g") == Decimal(350)
    assert not_negative(f"30{NBSP}%", "la marge", "%") == Decimal(30)
    assert shipping.item("1,2 kg", "20", "15", "10").weight_g == Decimal(1200)


def test_an_amount_with_its_currency_sign_is_refused_with_a_sentence(french: None) -> None:
    # as_decimal reads a plain number: the sign is not dropped silently (it could be £ where € is asked)
    with pytest.raises(CourseInputError) as raised:
        as_decimal("1 250,50 €", "le prix")
    message = str(raised.value)
    assert message.startswith("Le prix : cette réponse n'a pas d'unité") and "2,50" in message
    assert "Traceback" not in message


def test_an_amount_in_the_currency_asked_is_read_and_another_is_refused(french: None) -> None:
    # where the currency is known (Money.of, as_money), the sign may be typed: € where € is asked, never £
    assert as_decimal(f"1{NNBSP}250,50{NBSP}€", "le prix", "EUR") == Decimal("1250.50")
    assert as_decimal("12,50 euros", "le prix", "EUR") == Decimal("12.50")
    with pytest.raises(CourseInputError) as raised:
        as_decimal("£12", "le prix", "EUR")
    assert "€" in str(raised.value) and "£" in str(raised.value)


def test_french_messages_name_the_value(french: None) -> None:
    with pytest.raises(CourseInputError, match="doit être un nombre"):
        as_decimal("beaucoup", "le prix")
    with pytest.raises(CourseInputError, match="nombre ordinaire"):
        as_decimal("nan", "le prix")
    with pytest.raises(CourseInputError, match="bien trop grand"):
        as_decimal("1e400", "le prix")


# --- English: a comma between groups of three digits separates thousands ------------------------------------------

@pytest.mark.parametrize(("typed", "number"), [
    ("1,250", "1250"),
    ("10,000", "10000"),
    ("1,250.50", "1250.50"),
    ("1 250", "1250"),
    ("12.50", "12.50"),
    ("1.250", "1.250"),
    ("12,50", "12.50"),  # a comma and two digits can only be a decimal comma, in English too
    ("12,5", "12.5"),
    ("1.250,50", "1250.50"),
])
def test_english_text_reads_thousands_commas(english: None, typed: str, number: str) -> None:
    assert as_decimal(typed, "the price") == Decimal(number)


def test_english_amounts_with_thousands_commas_reach_the_callers(english: None) -> None:
    assert Money.of("1,250", "GBP").amount == Decimal(1250)
    assert positive("2,500", "the weight", "g") == Decimal(2500)


# --- numbers that are not text are taken as they are, in both languages --------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_decimal_and_numpy_values(lang: str) -> None:
    previous = language()
    set_language(lang)
    try:
        assert as_decimal(Decimal("12.50"), "x") == Decimal("12.50")
        assert as_decimal(np.float64(12.5), "x") == Decimal("12.5")
        assert as_decimal(np.int64(1250), "x") == Decimal(1250)
        assert as_decimal(np.float32(0.1), "x") == Decimal("0.1")
        assert as_decimal(7, "x") == Decimal(7)
        assert as_decimal(np.str_("12,50"), "x") == Decimal("12.50")
        with pytest.raises(CourseInputError):
            as_decimal(np.float64("nan"), "x")
        with pytest.raises(CourseInputError):
            as_decimal(True, "x")
    finally:
        set_language(previous)


def test_one_reader_for_boxes_and_functions() -> None:
    # what a simulator box reads and what a function reads are the same number, in both languages
    previous = language()
    try:
        for lang in ("en", "fr"):
            set_language(lang)
            for typed in ("12,50", "1,250", "1 250,5", f"1{NNBSP}250", "0,75", "1.250,50"):
                reading = entry.read_number(typed)
                assert reading.ok
                assert as_decimal(typed, "x") == reading.number
    finally:
        set_language(previous)
