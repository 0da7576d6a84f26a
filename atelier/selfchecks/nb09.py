"""Self-checks of lesson 09 (Your own shop's numbers), registered as "nb09.…"; they check the learner's own figures."""

from __future__ import annotations

import pandas as pd

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
    given = str(answer).strip().replace("/", "-")
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
    return close_to(str(answer).replace(",", ".").strip(" £€$"), float(first["hourly_wage"]), 0.05,
                    _("Right: that is what each hour of making pays you on this product."),
                    _("Not quite: read the column “Your hourly pay” on the first line, as a number without the "
                      "currency sign."))
