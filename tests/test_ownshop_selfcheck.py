"""Lesson 09's self-checks read answers the way a person writes them (a month, an amount with its currency)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from atelier.ownshop import analysis, lesson
from atelier.selfcheck import check


@pytest.fixture(scope="module")
def shop() -> lesson.Shop:
    return lesson.open_shop([])


def test_the_best_month_is_read_as_people_write_it(shop: lesson.Shop) -> None:
    months = analysis.revenue_by_month(shop.orders)
    best = str(months.loc[months["takings"].idxmax(), "month"])
    year, month = best.split("-")
    written = [best, f"{year}/{month}", f"{month}/{year}", f"{year}-{int(month)}",
               {"06": "June", "07": "July"}.get(month, best) + (f" {year}" if month in {"06", "07"} else "")]
    for answer in written:
        assert check("nb09.best_month", answer).passed, answer
    assert not check("nb09.best_month", "2026-13").passed
    assert "year-month" in check("nb09.best_month", "juin").message


def test_the_hourly_pay_takes_a_currency_sign_and_a_decimal(shop: lesson.Shop) -> None:
    shop.margins({"Mug, speckled stoneware": (2.50, 0.5)}, hourly_rate=15)
    table = lesson.last("margins")
    pay = Decimal(str(table.iloc[0]["hourly_wage"])).quantize(Decimal("0.01"))
    symbol = {"GBP": "£", "EUR": "€"}[str(shop.currency)]
    for answer in [f"{symbol}{pay}", str(pay), pay, float(pay)]:
        assert check("nb09.hourly_pay", answer).passed, answer
    assert not check("nb09.hourly_pay", pay + 5).passed
    assert "not a number" in check("nb09.hourly_pay", "abc").message
