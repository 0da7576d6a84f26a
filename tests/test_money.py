"""Property tests for the money layer: every input gives a figure or a plain CourseInputError, never a traceback."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier.errors import CourseInputError, as_decimal, whole_number
from atelier.money import CURRENCIES, Money, as_money, total

amounts = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False,
                      allow_infinity=False)
currencies = st.sampled_from(CURRENCIES)
anything = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                     st.text(max_size=20), st.decimals(allow_nan=True, allow_infinity=True),
                     st.lists(st.integers(), max_size=2))


@given(amounts, amounts, currencies)
def test_adding_then_subtracting_gives_back_the_amount(a: Decimal, b: Decimal, currency: str) -> None:
    x, y = Money(a, currency), Money(b, currency)
    assert (x + y) - y == x
    assert x + y == y + x
    assert sum([x, y]) == total([x, y], currency) == x + y  # sum() starts from 0: that works too


@given(amounts, amounts, st.sampled_from([("GBP", "EUR"), ("EUR", "USD"), ("USD", "GBP")]))
def test_two_currencies_never_mix(a: Decimal, b: Decimal, pair: tuple[str, str]) -> None:
    x, y = Money(a, pair[0]), Money(b, pair[1])
    for operation in (lambda: x + y, lambda: x - y, lambda: x < y, lambda: x >= y, lambda: as_money(x, pair[1], "")):
        with pytest.raises(CourseInputError):
            operation()
    assert x != y  # different currencies are simply not equal


@given(amounts, currencies, anything)
def test_any_factor_gives_money_or_a_plain_sentence(a: Decimal, currency: str, factor: object) -> None:
    money = Money(a, currency)
    for operation in (lambda: money * factor, lambda: factor * money, lambda: money / factor,
                      lambda: money + factor, lambda: money < factor):
        try:
            result = operation()
        except CourseInputError as error:
            assert str(error) and "Traceback" not in str(error)
        else:
            assert isinstance(result, (Money, bool))
            if isinstance(result, Money):
                assert result.currency == currency and result.amount.is_finite()


@given(amounts, currencies)
def test_dividing_by_zero_is_explained(a: Decimal, currency: str) -> None:
    for zero in (0, 0.0, "0", Decimal(0), "0,0"):
        with pytest.raises(CourseInputError, match="by 0"):
            Money(a, currency) / zero


@given(amounts, amounts, currencies)
def test_order_follows_the_amount(a: Decimal, b: Decimal, currency: str) -> None:
    x, y = Money(a, currency), Money(b, currency)
    assert (x < y) == (a < b) and (x >= y) == (a >= b)
    assert max(x, y).amount == max(a, b)


@given(amounts, currencies)
def test_rounding_is_to_the_penny_halves_up(a: Decimal, currency: str) -> None:
    third = Money(a, currency) / 3
    rounded = third.rounded()
    assert abs(rounded.amount - third.amount) <= Decimal("0.005")
    assert rounded.amount == rounded.amount.quantize(Decimal("0.01"))


@settings(max_examples=300)
@given(anything)
def test_any_typed_value_is_a_number_or_a_plain_sentence(value: object) -> None:
    try:
        number = as_decimal(value, "the price")
    except CourseInputError as error:
        assert str(error).strip()
    else:
        assert number.is_finite() and abs(number) <= Decimal("1e12")


@given(st.decimals(min_value=0, max_value=10_000, places=2))
def test_a_french_decimal_comma_means_the_same(value: Decimal) -> None:
    assert as_decimal(str(value).replace(".", ","), "the price") == value
    assert Money.of(str(value).replace(".", ","), "EUR") == Money(value, "EUR")


def test_numpy_values_and_a_currency_in_lower_case_work_as_meant() -> None:
    assert Money.of(np.float64(2.5), "gbp") == Money(Decimal("2.5"), "GBP")
    assert Money.of(np.int64(3), " Eur ") * np.float64(1.5) == Money(Decimal("4.5"), "EUR")
    assert Money.of(3, "GBP") * 1.5 == Money(Decimal("4.5"), "GBP")
    with pytest.raises(CourseInputError, match="JPY"):
        Money.of(3, "JPY")


@pytest.mark.parametrize(("value", "expected"), [(3, 3), ("4", 4), (5.0, 5), ("6,0", 6)])
def test_a_whole_number_may_be_written_many_ways(value: object, expected: int) -> None:
    assert whole_number(value, "the number of months") == expected


@pytest.mark.parametrize("value", [2.5, "2,5", "two", None])
def test_a_fraction_is_not_cut_to_a_whole_number(value: object) -> None:
    with pytest.raises(CourseInputError):
        whole_number(value, "the number of months")


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=Decimal("-1e7"), max_value=Decimal("1e7"), places=2), st.sampled_from(["GBP", "EUR"]),
       st.sampled_from(["en", "fr"]))
def test_money_as_shown_reads_back_as_the_same_amount(amount: Decimal, currency: str, lang: str) -> None:
    """A learner copies an amount the course shows (`£1,234.56`, `1 234,56 £`) into a box: the same amount."""
    from atelier.entry import read_number
    from atelier.i18n import language, set_language

    previous = language()
    set_language(lang)
    try:
        shown = str(Money(amount, currency))
        reading = read_number(shown, currency)
    finally:
        set_language(previous)
    assert "£GB" not in shown
    assert reading.ok, (shown, reading.problem)
    assert reading.number == amount


def test_money_typed_with_its_sign_is_read_and_another_currency_refused() -> None:
    from atelier.i18n import set_language

    set_language("fr")
    try:
        assert Money.of("12,50 €", "EUR") == Money(Decimal("12.50"), "EUR")
        assert as_money("1 234,56", "EUR", "le prix") == Money(Decimal("1234.56"), "EUR")
        with pytest.raises(CourseInputError, match="£"):
            Money.of("£12", "EUR")
    finally:
        set_language("en")
    assert Money.of("£1,250.50", "GBP") == Money(Decimal("1250.50"), "GBP")
    with pytest.raises(CourseInputError, match="€"):
        as_money("12 €", "GBP", "the price")
