"""Self-checks of notebook 01 (Artisanat 2.0: what changes online). Expected values come from the tables."""

from __future__ import annotations

from decimal import Decimal

from atelier import market
from atelier.i18n import _, format_number, format_pct
from atelier.selfcheck import Verdict, hint, passed, register

HUNDRED = Decimal(100)
VISITORS_ASKED = 2500  # the lesson asks about 2,500 visitors
ORDERS_WANTED = 10  # …and about 10 orders a month


@register("nb01.not_selling", kind="number", unit="%")
def not_selling(answer: object) -> Verdict:
    """The share of French very small businesses that did NOT sell online in 2024, in %."""
    selling = market.benchmark_row("fr_small_firms_selling_online_2024")["value"]
    value = Decimal(str(float(answer)))  # type: ignore[arg-type]
    if abs(value - (HUNDRED - selling)) <= Decimal("0.5"):
        return passed(_("Right: {share} did not sell online in 2024. Most small firms are not there yet: room to "
                        "stand out.").format(share=format_pct(HUNDRED - selling, 0)))
    if abs(value - selling) <= Decimal("0.5"):
        return hint(_("That is the share that DID sell online. The question asks for the others: 100 minus it."))
    return hint(_("Not quite. Find the 2024 figure in the chart, then take it away from 100."))


@register("nb01.orders_2500", kind="number")
def orders_2500(answer: object) -> Verdict:
    """Orders from 2,500 visitors at the average conversion rate."""
    expected = market.orders_from(VISITORS_ASKED)
    value = Decimal(str(float(answer)))  # type: ignore[arg-type]
    if abs(value - expected) <= Decimal("0.5"):
        return passed(_("Right: about {orders} orders from {visitors} visitors. Most visitors look and leave.").format(
            orders=format_number(expected, 0), visitors=format_number(VISITORS_ASKED, 0)))
    if abs(value - market.orders_from(VISITORS_ASKED, market.conversion_rate("web_conversion_rate_top20"))) <= 1:
        return hint(_("That is the figure for the best shops (top 20 %). The question asks for the average rate."))
    return hint(_("Not yet. Change the number of visitors to {visitors} in the cell above, run it, and read the "
                  "line “average conversion rate”.").format(visitors=format_number(VISITORS_ASKED, 0)))


@register("nb01.visitors_for_10", kind="number")
def visitors_for_10(answer: object) -> Verdict:
    """Visitors needed a month for 10 orders at the average conversion rate."""
    expected = market.visitors_needed(ORDERS_WANTED)
    value = Decimal(str(float(answer)))  # type: ignore[arg-type]
    if abs(value - expected) <= expected * Decimal("0.03"):
        return passed(_("Right: about {visitors} visitors a month for {orders} orders. That is why a shop needs "
                        "photos, posts and a newsletter to bring people in.").format(
            visitors=format_number(expected, 0), orders=ORDERS_WANTED))
    if value < ORDERS_WANTED * 10:
        return hint(_("Too few: only about 1 or 2 visitors in 100 buy. Try {orders} × 100 ÷ the rate in %.").format(
            orders=ORDERS_WANTED))
    return hint(_("Not quite. Divide {orders} by the average rate as a fraction: {orders} ÷ {rate} × 100.").format(
        orders=ORDERS_WANTED, rate=format_number(market.conversion_rate(), 1)))


@register("nb01.challenges", kind="letter")
def challenges(answer: object) -> Verdict:
    """Which challenges of going online does the article name? D = all three."""
    letter = str(answer).strip().upper()
    if letter not in {"A", "B", "C", "D"}:
        return hint(_("Type one letter: A, B, C or D."))
    if letter == "D":
        return passed(_("Right: learning the tools, delivering the pieces and being trusted online. Lessons 03 to 06 "
                        "take them one by one."))
    return hint(_("That one is a challenge, but not the only one. Read the list again."))
