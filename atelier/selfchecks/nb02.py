"""Self-checks of notebook 02 (The Brighton Kiln: can a website match a shop?). Every expected value is computed
from the case's data by `atelier.analytics.brighton_kiln` and from the reference tables, never typed here."""

from __future__ import annotations

import unicodedata

from atelier.analytics import brighton_kiln as kiln
from atelier.errors import CourseInputError
from atelier.i18n import _, format_number, format_pct, language
from atelier.selfcheck import Verdict, hint, passed, register

LAST_QUARTER = "2025 Q4"  # the quarter the lesson asks about
LAST_YEAR = 2025  # …and the year
PCT_TOLERANCE = 0.06  # the lesson shows rates with one decimal
POUND_TOLERANCE = 0.06  # the table shows pence; a reading rounded to 10p is right too
VAT_TOLERANCE = 50  # the lesson shows whole pounds; allow a rounded reading


def _number(answer: object) -> float:
    if isinstance(answer, str):
        answer = answer.replace("£", "").replace("%", "").replace(",", "").strip()
    return float(answer)  # type: ignore[arg-type]


@register("nb02.crossing_quarter", kind="quarter")
def crossing_quarter(answer: object) -> Verdict:
    """The first quarter in which the web shop sold more than the shop-studio."""
    expected = kiln.crossing_quarter(kiln.revenue_by_quarter(kiln.table("orders")))
    try:
        given = kiln.parse_quarter(answer)
    except CourseInputError:
        return hint(_("Type the quarter like 2024 Q3 (the year, a space, Q and its number)."))
    if given == expected:
        return passed(_("Right: in {quarter} the web shop sold more than the shop-studio, for the first time.").format(
            quarter=kiln.quarter_label(expected)))
    if expected is not None and given < expected:
        return hint(_("Not yet in {quarter}: the orange line is still below the blue one. Look further right.").format(
            quarter=kiln.quarter_label(given)))
    return hint(_("Look for the first quarter where the orange line (web shop) is above the blue one (shop)."))


@register("nb02.conversion_2025q4", kind="number", unit="%")
def conversion_2025q4(answer: object) -> Verdict:
    """The web shop's conversion rate in 2025 Q4, in %."""
    analytics = kiln.table("web_analytics")
    expected = kiln.conversion_in(analytics, LAST_QUARTER)
    value = _number(answer)
    if abs(value - expected) <= PCT_TOLERANCE:
        return passed(_("Right: {rate} of visits ended in an order, above the average web shop.").format(
            rate=format_pct(expected)))
    if abs(value * 100 - expected) <= PCT_TOLERANCE:
        return hint(_("That is the rate as a fraction. Give it in %: multiply by 100."))
    funnel = kiln.funnel_by_quarter(analytics).loc[kiln.parse_quarter(LAST_QUARTER)]
    if abs(value - funnel["add_to_cart_pct"]) <= PCT_TOLERANCE:
        return hint(_("That is the add-to-cart rate. The conversion rate counts orders, not carts."))
    if abs(value - float(kiln.benchmark(kiln.BENCHMARKS[0])["value"])) <= PCT_TOLERANCE:
        return hint(_("That is the average of web shops, the dashed line. Read the Brighton Kiln's own bar."))
    return hint(_("Not quite. Read the “Conversion rate” column of the funnel table, on the {quarter} line.").format(
        quarter=kiln.quarter_label(kiln.parse_quarter(LAST_QUARTER))))


SOURCE_WORDS = {
    "organic": ("organic", "search", "search engine", "search engines", "google"),
    "social": ("social", "social network", "social networks", "instagram"),
    "direct": ("direct", "typed address", "bookmark"),
    "referral": ("referral", "links", "links on other sites"),
    "email": ("email", "e-mail", "newsletter", "e-mails", "emails"),
}
# the words a French lesson offers (`recherche`, `réseaux`, `direct`, `liens`, `newsletter`) and those a French
# learner may write instead; compared without accents, so `reseaux` is read like `réseaux`
SOURCE_WORDS_FR = {
    "organic": ("recherche", "moteur", "moteurs", "moteur de recherche", "moteurs de recherche", "referencement",
                "referencement naturel"),
    "social": ("reseaux", "reseau", "reseaux sociaux", "reseau social", "sociaux"),
    "direct": ("directe", "adresse", "adresse tapee", "favori", "favoris", "acces direct"),
    "referral": ("liens", "lien", "liens sur d'autres sites", "autres sites", "sites"),
    "email": ("lettre d'information", "courriel", "courriels", "mail", "mails", "newsletters"),
}


def _plain_word(text: str) -> str:
    """Lower case, without accents, with a straight apostrophe: `Réseaux` → `reseaux`."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower().replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def source_of(word: str) -> str | None:
    """The traffic source a one-word answer names, in the words of the kernel's language (and English)."""
    given = _plain_word(word)
    tables = (SOURCE_WORDS, SOURCE_WORDS_FR) if language() == "fr" else (SOURCE_WORDS,)
    return next((source for table in tables for source, words in table.items() if given in words), None)


@register("nb02.top_source", kind="word")
def top_source(answer: object) -> Verdict:
    """Where most of the 2025 visitors came from."""
    analytics = kiln.table("web_analytics")
    year = int(analytics["date"].dt.year.max())
    expected = kiln.top_source(analytics, year)
    found = source_of(str(answer))
    if found is None:
        return hint(_("Answer with one word, for example social or search."))
    if found == expected:
        return passed(_("Right: {source} brought the most visitors in {year}. People search for what they want "
                        "to buy: clear product names and descriptions help them find you.").format(
            source=kiln.source_label(expected), year=year))
    if found == kiln.fastest_growing_source(analytics):
        return hint(_("That source grew the fastest, but it is not the biggest yet. Look at the {year} "
                      "share column.").format(year=year))
    return hint(_("Not that one. Find the biggest share in the {year} column.").format(year=year))


@register("nb02.web_left_per_100", kind="number", unit="GBP")
def web_left_per_100(answer: object) -> Verdict:
    """In 2025, what each £100 of goods sold on the web shop left after postage, packaging, fees and breakages."""
    orders, breakages = kiln.table("orders"), kiln.table("breakages")
    costs = kiln.channel_costs(orders, breakages, LAST_YEAR)
    expected = float(costs.loc["web_shop", "left_per_100"])
    value = _number(answer)
    if abs(value - expected) <= POUND_TOLERANCE:
        return passed(_("Right: about {amount} of every £100 stayed with the pottery in {year}, before its rent, "
                        "wages and materials. Etsy left {etsy}.").format(
            amount=kiln.money(expected), year=LAST_YEAR, etsy=kiln.money(costs.loc["etsy", "left_per_100"])))
    if abs(value - float(costs.loc["etsy", "left_per_100"])) <= POUND_TOLERANCE:
        return hint(_("That is Etsy's column. The question is about the own web shop."))
    if abs(value - 100) <= POUND_TOLERANCE:
        return hint(_("That is the shop-studio: no postage and no fees there. Read the web shop's column."))
    year_before = kiln.channel_costs(orders, breakages, LAST_YEAR - 1)
    if abs(value - float(year_before.loc["web_shop", "left_per_100"])) <= POUND_TOLERANCE:
        return hint(_("That is the figure of {year}. Change the year in the cell above to {last}, run it, and read "
                      "the table again.").format(year=LAST_YEAR - 1, last=LAST_YEAR))
    return hint(_("Make sure the table says {year} in its title (change the year in the cell above), then read "
                  "its last line, “Left from each £100 of goods”, in the web shop's column.").format(year=LAST_YEAR))


@register("nb02.breakage_after", kind="number", unit="%")
def breakage_after(answer: object) -> Verdict:
    """The share of parcels that arrived broken after the packaging redesign, in %."""
    rates = kiln.breakage_rates(kiln.table("orders"), kiln.table("breakages"))
    expected = float(rates.loc["after", "rate_pct"])
    value = _number(answer)
    if abs(value - expected) <= PCT_TOLERANCE:
        before = float(rates.loc["before", "rate_pct"])
        return passed(_("Right: {after} of parcels broke after the redesign, against {before} before: {fewer} "
                        "fewer broken parcels.").format(after=format_pct(expected), before=format_pct(before),
                                                       fewer=format_pct((1 - expected / before) * 100, 0)))
    if abs(value - float(rates.loc["before", "rate_pct"])) <= PCT_TOLERANCE:
        return hint(_("That is the rate before the redesign. The question asks for after it."))
    if abs(value * 100 - expected) <= PCT_TOLERANCE:
        return hint(_("That is the rate as a fraction. Give it in %: multiply by 100."))
    return hint(_("Read the “Breakage rate” column of the breakage table, on the second line."))


@register("nb02.vat_headroom", kind="number", unit="GBP")
def vat_headroom(answer: object) -> Verdict:
    """How far below the VAT registration threshold the last 12 months' turnover is, in £."""
    orders = kiln.table("orders")
    expected = kiln.vat_headroom(orders)
    value = _number(answer)
    if abs(value - expected) <= VAT_TOLERANCE:
        months = kiln.months_to_threshold(orders)
        if months is None:
            return passed(_("Right: {headroom} to go.").format(headroom=kiln.pounds(expected)))
        return passed(_("Right: {headroom} to go. At the pace of the last year that is about {months} months (the "
                        "VAT watch table above): time to ask an accountant about VAT.").format(
            headroom=kiln.pounds(expected), months=format_number(months, 1)))  # the table's own precision
    if abs(value + expected) <= VAT_TOLERANCE:
        return hint(_("Take the turnover away from the threshold, not the other way round."))
    return hint(_("Subtract the turnover over the last 12 months from the threshold: both are in the VAT table."))
