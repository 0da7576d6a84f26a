"""Answers as people write them: the reading layer (atelier.entry) and the self-checks and answer boxes on top."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import entry
from atelier.i18n import set_language
from atelier.money import Money
from atelier.selfcheck import answer_box, check

READ = [
    ("74%", "%", "74"), ("74 %", "%", "74"), ("£94.26", "GBP", "94.26"), ("94.26 £", "GBP", "94.26"),
    ("€12,50", "EUR", "12.5"), ("12,50 €", "EUR", "12.5"), ("7,495", "", "7495"), ("£7,495", "GBP", "7495"),
    ("10,000", "", "10000"), ("1,250", "", "1250"), ("1,250,000", "", "1250000"), ("12,50", "", "12.5"),
    ("0,5", "", "0.5"), ("1 250", "", "1250"), ("1\u202f250,50", "", "1250.5"), ("1\u00a0250", "", "1250"),
    ("1,250.50", "", "1250.5"), ("1.250,50", "", "1250.5"), ("2.26kg", "kg", "2.26"), ("2.4 kg", "kg", "2.4"),
    ("2.4 kg", "g", "2400"), ("600 g", "kg", "0.6"), ("6 cm", "cm", "6"), ("60 mm", "cm", "6"),
    ("£35", "GBP", "35"), ("−5", "", "-5"), ("-£5", "GBP", "-5"), ("  3.75  ", "GBP", "3.75"), ('"3.75"', "", "3.75"),
    (".5", "", "0.5"), ("1.250", "", "1.25"),
]


@pytest.mark.parametrize(("text", "unit", "number"), READ)
def test_reads_what_people_write(text: str, unit: str, number: str) -> None:
    reading = entry.read_number(text, unit, lang="en")
    assert reading.ok, reading.problem
    assert reading.number == Decimal(number)


REFUSED = [
    ("1e-27", "", "ordinary number"), ("nan", "", "ordinary number"), ("inf", "", "ordinary number"),
    ("abc", "", "not a number"), ("", "", "Nothing typed"), ("1 25", "", "space inside"),
    ("€35", "GBP", "in £, not in €"), ("35 kg", "cm", "in cm, not in kg"), ("12 apples", "", "can read"),
    ("1,25,000", "", "can read"), ("£5 €5", "GBP", "can read"),
]


@pytest.mark.parametrize(("text", "unit", "words"), REFUSED)
def test_what_cannot_be_read_gets_one_sentence(text: str, unit: str, words: str) -> None:
    reading = entry.read_number(text, unit, lang="en")
    assert not reading.ok and reading.number is None
    assert words in reading.problem
    assert reading.problem.count(". ") <= 1 and "Traceback" not in reading.problem


@pytest.mark.parametrize("text", ["1.250", "10.000", "7.495"])
def test_in_french_a_dot_before_three_digits_is_asked_about(text: str) -> None:
    reading = entry.read_number(text, "", lang="fr")
    assert not reading.ok
    assert "could mean" in reading.problem


@pytest.mark.parametrize(("text", "number"), [("1,250", "1.25"), ("7,495", "7.495"), ("10,000", "10"),
                                              ("1,250,000", "1250000"), ("1 250", "1250"), ("1.250,5", "1250.5")])
def test_in_french_a_comma_is_the_decimal_mark(text: str, number: str) -> None:
    """French writes `7,495` for seven and a bit and `7 495` for thousands (the glossary's rule)."""
    assert entry.read_number(text, "", lang="fr").number == Decimal(number)


def test_french_decimal_comma_and_space_thousands() -> None:
    assert entry.read_number("12,5", "EUR", lang="fr").number == Decimal("12.5")
    assert entry.read_number("1 250,50 €", "EUR", lang="fr").number == Decimal("1250.5")


def test_python_values_are_taken_as_they_are() -> None:
    assert entry.read_number(Decimal("9.5")).number == Decimal("9.5")
    assert entry.read_number(np.float64(74.0), "%").number == Decimal("74.0")
    assert entry.read_number(np.int64(7495)).number == 7495
    assert entry.read_number(Money.of("5.20", "GBP"), "GBP").number == Decimal("5.20")
    assert not entry.read_number(Money.of(5, "EUR"), "GBP").ok
    assert not entry.read_number(float("nan")).ok
    assert not entry.read_number(True).ok


@pytest.mark.parametrize(("text", "letter"), [("D", "D"), ("d", "D"), ('"D"', "D"), ("(d)", "D"), ("D.", "D")])
def test_letters(text: str, letter: str) -> None:
    assert entry.read_letter(text, "ABCD").letter == letter


def test_a_letter_outside_the_choices_names_them() -> None:
    assert entry.read_letter("E", "ABCD").problem == "Type one letter: A, B, C or D."
    assert entry.read_letter("DD", "ABCD").problem


@pytest.mark.parametrize("text", ["2025 Q4", "2025Q4", "Q4 2025", "q4-2025", "2025-Q4", '"2025 Q4"', "T4 2025",
                                  "2025 T4", "4e trimestre 2025", "4ème trimestre 2025", "« 2025 T4 »"])
def test_quarters(text: str) -> None:
    assert entry.read_quarter(text) == ("2025 Q4", "")


def test_a_wrong_quarter_says_how_the_lessons_write_one() -> None:
    set_language("en")
    assert entry.read_quarter("Q5 2025") == ("", "Type a quarter as the lessons show it, like 2025 Q4.")


# -- properties ------------------------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2, allow_nan=False, allow_infinity=False)


def english(number: Decimal) -> str:
    return f"{number:,.2f}"


def french(number: Decimal) -> str:
    return f"{number:,.2f}".replace(",", "\u202f").replace(".", ",")


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(["", "£", "GBP "]), st.sampled_from(["", " £"]))
def test_any_amount_written_the_english_way_reads_back(number: Decimal, before: str, after: str) -> None:
    text = before + english(number) + (after if not before else "")
    assert entry.read_number(text, "GBP", lang="en").number == number


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(["", " €", "€"]))
def test_any_amount_written_the_french_way_reads_back(number: Decimal, sign: str) -> None:
    text = french(number) + sign
    assert entry.read_number(text, "EUR", lang="fr").number == number
    assert entry.read_number(text, "EUR", lang="en").number == number  # the decimal comma has two digits after it


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9))
def test_english_thousands_are_never_read_as_decimals(number: int) -> None:
    assert entry.read_number(f"{number:,}", "", lang="en").number == number
    reading = entry.read_number(f"{number:,}", "", lang="fr")
    if number >= 10**6:  # two groups or more: thousands in French too
        assert reading.number == number
    else:  # one comma: French reads a decimal comma, as a French spreadsheet does
        assert reading.number == Decimal(number) / 1000


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9))
def test_german_thousands_are_asked_about_in_french_never_read_as_decimals(number: int) -> None:
    written = f"{number:,}".replace(",", ".")
    reading = entry.read_number(written, "", lang="fr")
    assert reading.number == number or "could mean" in reading.problem  # asked about, never a silent 1.25


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12), st.sampled_from(["", "%", "GBP", "EUR", "g", "kg", "cm"]),
       st.sampled_from(["en", "fr"]))
def test_any_text_is_read_or_explained_never_raises(text: str, unit: str, lang: str) -> None:
    reading = entry.read_number(text, unit, lang=lang)
    assert (reading.number is not None) != bool(reading.problem)
    if reading.number is not None:
        assert reading.number.is_finite()


# -- the self-checks read strings -------------------------------------------------------------------------------

AS_WRITTEN = [
    ("nb01.not_selling", ["74%", "74 %", "74", Decimal("74"), np.float64(74.0)]),
    ("nb01.challenges", ["D", "d", '"D"']),
    ("nb02.crossing_quarter", ["2025 Q4", "Q4 2025", "2025Q4"]),
    ("nb02.vat_headroom", ["£7,495", "7,495", "7 495", "£7495.00"]),
    ("nb02.top_source", ["search", "Search", '"search"']),
    ("nb04.lampshade_billed", ["17.35kg", "17.35 kg", "17350 g", "17,35"]),
]


@pytest.mark.parametrize(("question", "answers"), AS_WRITTEN)
def test_self_checks_accept_answers_as_written(question: str, answers: list[object]) -> None:
    set_language("en")
    for answer in answers:
        verdict = check(question, answer)
        assert verdict.passed, (answer, verdict.message)


def test_money_answers_are_read() -> None:
    from atelier.selfchecks.nb03 import etsy_sale

    price = etsy_sale().price
    assert check("nb03.etsy_price", price).passed
    assert check("nb03.etsy_price", str(price)).passed
    assert check("nb03.etsy_price", f"{price.amount}").passed
    wrong_currency = check("nb03.etsy_price", Money(price.amount, "EUR"))
    assert not wrong_currency.passed and "€" in wrong_currency.message


def test_an_unreadable_answer_says_how_to_type_it() -> None:
    verdict = check("nb01.not_selling", "seventy")
    assert not verdict.passed and "74%" in verdict.message


# -- the answer box ------------------------------------------------------------------------------------------------


def test_answer_box_checks_on_submit_and_clears_when_typing() -> None:
    box = answer_box("nb01.not_selling")
    assert "like 12.5%" in box.text.placeholder
    verdict = box.submit("74%")
    assert verdict.passed and "✓" in box.verdict.value
    box.text.value = "7"  # typing again: the old verdict does not stand for the new answer
    assert box.verdict.value == ""
    box._message(box.text, {"event": "submit"}, None)  # Enter in the field
    assert "✗" in box.verdict.value
    assert not box.submit("").passed
    assert "Answer box for nb01.not_selling" in repr(box.widget)


def test_answer_box_in_a_kernel_waits_for_the_keys_the_browser_held_back() -> None:
    """In a busy kernel, Enter overtakes the last keys (Jupyter widgets hold back value updates, not messages)."""
    import asyncio

    from atelier import selfcheck

    async def learner_types_fast() -> tuple[str, str]:
        box = answer_box("nb01.not_selling")
        box.text.value = "7"
        box._message(box.text, {"event": "submit"}, None)  # Enter arrives first...
        await asyncio.sleep(selfcheck.SETTLE_S / 3)
        box.text.value = "74%"  # ...then the keys the browser held back
        shown_early = box.verdict.value
        await asyncio.sleep(selfcheck.SETTLE_S * 2)
        return shown_early, box.verdict.value

    shown_early, shown = asyncio.run(learner_types_fast())
    assert shown_early == ""  # no verdict for half an answer
    assert "✓" in shown, shown  # the verdict is for what the learner typed: 74%
