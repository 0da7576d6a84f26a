"""Self-checks of lesson 09 (Your own shop's numbers), registered as "nb09.…"; they check the learner's own figures."""

from __future__ import annotations

import unicodedata

import pandas as pd

from atelier import entry
from atelier.i18n import _
from atelier.ownshop import analysis
from atelier.selfcheck import Verdict, close_to, hint, passed, register


def _last(kind: str) -> object | None:
    from atelier.ownshop.lesson import last

    return last(kind)


@register("nb09.best_month")
def best_month(answer: object) -> Verdict:
    """The month with the largest takings, written 2026-06."""
    shop = _last("shop")
    if shop is None:
        return hint(_("Run the cell that opens the shop's exports first, then this one."))
    table = analysis.revenue_by_month(shop.orders)  # type: ignore[attr-defined]
    best = str(table.loc[table["takings"].idxmax(), "month"])
    given = _month(answer)
    if given is None:
        return hint(_("Write the month as year-month, for example 2026-01, or as “January 2026”."))
    if given == best:
        return passed(_("Right: {month} was the best month.").format(month=best))
    return hint(_("Not quite: read the chart's title, and write the month as year-month, e.g. 2026-01."))


@register("nb09.hourly_pay")
def hourly_pay(answer: object) -> Verdict:
    """The hourly pay of the first product in the learner's margin table."""
    table = _last("margins")
    if not isinstance(table, pd.DataFrame) or table.empty:
        return hint(_("Run the cell with shop.margins(...) first, then this one."))
    first = table.iloc[0]
    if first["hourly_wage"] is None:
        return hint(_("Give the product a making time above 0 hours to see an hourly pay."))
    shop = _last("shop")
    reading = entry.read_number(answer, str(shop.currency) if shop is not None else "")  # type: ignore[attr-defined]
    if not reading.ok:
        return hint(reading.problem)
    return close_to(reading.number, float(first["hourly_wage"]), 0.05,
                    _("Right: that is what each hour of making pays you on this product."),
                    _("Not quite: read the column “Your hourly pay” on the first line of your table."))


FRENCH_MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
                 "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12}


def _french_month(text: str) -> str | None:
    """"juin 2026", "Février 2026", "aout 2026" (with or without accents) as "2026-06", or None."""
    words = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(".", "").split()
    if len(words) == 2 and words[0] in FRENCH_MONTHS and words[1].isdigit() and len(words[1]) == 4:
        return f"{words[1]}-{FRENCH_MONTHS[words[0]]:02d}"
    return None


def _month(answer: object) -> str | None:
    """A month as a person writes it (2026-06, 2026/06, June 2026, juin 2026, 06/2026) as "2026-06", or None."""
    text = str(answer).strip().strip("\"'«»“”").strip()
    if (french := _french_month(text)) is not None:
        return french
    try:
        return str(pd.Period(text.replace("/", "-") if text[:4].isdigit() else text, freq="M"))
    except (ValueError, TypeError):
        return None
