"""Self-checks of notebook 05 (The Fabric Store Online). Every expected value is computed from the case's data by
`atelier.analytics.fabric_store`, never typed here."""

from __future__ import annotations

import unicodedata

import pandas as pd

from atelier.analytics import fabric_store as fabric
from atelier.i18n import _, format_number, language
from atelier.selfcheck import Verdict, close_to, hint, passed, register

# the cohort and the months the lesson asks about (January 2024: the oldest cohort, a whole year of data behind it)
COHORT, COHORT_MONTHS = "2024-01", 6
# how close a typed percentage must be: the tables show whole or one-decimal percentages
PCT_TOLERANCE = 0.6
EURO_TOLERANCE = 1.0
# the words a French learner may type for a format or a theme, whatever label the catalogue gives it (Instagram's
# French interface, singular or plural: answers and names are compared without accents, capitals or final s/x)
FRENCH_NAMES: dict[str, tuple[str, ...]] = {
    "reel": ("reel", "réel", "vidéo courte"),
    "carousel": ("carrousel",),
    "image": ("image", "image seule", "image unique", "photo", "photo seule"),
    "live": ("live", "direct", "en direct", "vidéo en direct"),
    "customer_make_repost": ("création de cliente", "création client", "créations de clientes republiées",
                             "réalisation de cliente", "repost", "repost de cliente", "création republiée"),
    "new_fabric": ("nouveau tissu", "nouveauté", "nouveau"),
    "tutorial": ("tutoriel", "tuto"),
    "behind_the_scenes": ("coulisse", "dans les coulisses"),
    "promotion": ("promotion", "promo"),
}


def _near(answer: object, expected: float, tolerance: float) -> bool:
    return abs(float(answer) - expected) <= tolerance  # type: ignore[arg-type]


def _plain(text: str) -> str:
    """A name as compared: lower case, no accents, one kind of apostrophe, no final s or x (`Carrousels` →
    `carrousel`, `nouveaux tissus` → `nouveau tissu`)."""
    text = unicodedata.normalize("NFKD", text.strip().strip("\"'“”«»").lower().replace("’", "'"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = [word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in text.replace("_", " ").split()]
    return " ".join(words)


def _word(answer: object) -> str:
    if not isinstance(answer, str):
        raise TypeError(answer)
    return _plain(answer)


def _names(key: str) -> set[str]:
    """Every way a learner may write a format or theme: its id, its label, singular or plural; in French also the
    French words for it."""
    names = {key, fabric.label(key)}
    if key in fabric.FORMAT_NAMES:
        names.add(_(fabric.FORMAT_NAMES[key]))
    if language() == "fr":
        names.update(FRENCH_NAMES.get(key, ()))
    return {_plain(name) for name in names}


def _matches(answer: object, key: str) -> bool:
    return _word(answer) in _names(key)


def _last_year() -> int:
    return fabric.years()[-1]


@register("nb05.post_rate")
def post_rate(answer: object) -> Verdict:
    post = fabric.example_post()
    expected = float(post["engagement_pct"])
    reach = float(post["reach"])
    if _near(answer, expected / 100, 0.0006):
        return hint(_("That is the rate as a fraction. Multiply by 100 to get a percentage."))
    if _near(answer, float(post["likes"]) / reach * 100, 0.05):
        return hint(_("You counted the likes only. Add the comments, saves and shares too."))
    if _near(answer, float(post["per_follower_pct"]), 0.05):
        return hint(_("You divided by the followers. The engagement rate divides by the accounts reached."))
    return close_to(answer, expected, 0.05,
                    _("Right: {rate} % of the accounts that saw this post reacted to it.").format(
                        rate=format_number(expected, 1)),
                    _("Not yet. Add likes, comments, saves and shares, divide by the accounts reached, then "
                      "multiply by 100."))


@register("nb05.best_format")
def best_format(answer: object) -> Verdict:
    best = fabric.best_feed_format()
    if _matches(answer, best):
        rate = fabric.engagement("format").loc[best, "engagement_pct"]
        return passed(_("Right: {format} engage the most of the feed formats ({rate} a post).").format(
            format=fabric.label(best), rate=fabric.pct(rate)))
    if _matches(answer, "live"):
        return hint(_("Lives do have a high rate, but they are broadcasts watched by a few hundred loyal followers. "
                      "The question asks about the three feed formats: reels, carousels, single images."))
    widest = str(fabric.engagement("format")["reach"].idxmax())
    if _matches(answer, widest):
        return hint(_("{format} reach the most accounts, but look at the engagement rate column.").format(
            format=fabric.label(widest).capitalize()))
    if not any(_matches(answer, key) for key in fabric.FORMATS):
        return hint(_("Type one of the formats in quotes: \"reel\", \"carousel\" or \"image\"."))
    return hint(_("Not that one. Read the engagement rate column, or the left-hand chart."))


@register("nb05.widest_theme")
def widest_theme(answer: object) -> Verdict:
    year = _last_year()
    table = fabric.engagement("theme", year)
    widest = str(table["reach"].idxmax())
    if _matches(answer, widest):
        return passed(_("Right: in {year}, {theme} reached the most accounts per post.").format(
            year=year, theme=fabric.label(widest)))
    if _matches(answer, str(table["engagement_pct"].idxmax())):
        return hint(_("That theme engages the most. The question asks which one reached the most accounts: read "
                      "the right-hand chart, for {year}.").format(year=year))
    if not any(_matches(answer, key) for key in table.index):
        return hint(_("Type one of the themes in quotes, as the table's row names are written, e.g. \"tutorial\"."))
    return hint(_("Not that one. Did you change the year to {year} and run the cell again?").format(year=year))


@register("nb05.repeat_share")
def repeat_share(answer: object) -> Verdict:
    year = _last_year()
    expected = fabric.repeat_share_pct(year)
    if _near(answer, expected / 100, 0.006):
        return hint(_("Give it as a percentage: multiply by 100."))
    if _near(answer, fabric.repeat_share_pct(fabric.years()[0]), PCT_TOLERANCE):
        return hint(_("That is the share in {year}. The question asks about {last}.").format(
            year=fabric.years()[0], last=year))
    if _near(answer, fabric.came_back_pct(), PCT_TOLERANCE):
        return hint(_("That is the share of customers who came back. The question asks about the revenue."))
    return close_to(answer, expected, PCT_TOLERANCE,
                    _("Right: in {year}, {share} % of the revenue came from customers ordering again.").format(
                        year=year, share=format_number(expected, 1)),
                    _("Not yet. Read the line “Share from repeat orders” in the {year} column.").format(year=year))


@register("nb05.cohort")
def cohort(answer: object) -> Verdict:
    expected = fabric.cohort_came_back(COHORT, COHORT_MONTHS)
    month = fabric.month_name(pd.Period(COHORT, freq="M"))
    for months in (1, 3, 12):
        if _near(answer, fabric.cohort_came_back(COHORT, months), 0.5):
            return hint(_("That is the share within {n} months. Read the column for {wanted} months.").format(
                n=months, wanted=COHORT_MONTHS))
    return close_to(answer, expected, PCT_TOLERANCE,
                    _("Right: {share} % of the customers whose first order was in {month} had ordered again within "
                      "{n} months.").format(share=format_number(expected, 0), month=month, n=COHORT_MONTHS),
                    _("Not yet. Find the row “{month}” and the column for {n} months.").format(month=month,
                                                                                               n=COHORT_MONTHS))


@register("nb05.instagram_value", unit="EUR")
def instagram_value(answer: object) -> Verdict:
    expected = fabric.value_per_customer("instagram")
    for other in ("search", "newsletter", "word_of_mouth"):
        if _near(answer, fabric.value_per_customer(other), EURO_TOLERANCE):
            return hint(_("That is the value of a customer who came through {source}. Read the Instagram line.")
                        .format(source=fabric.label(other)))
    return close_to(answer, expected, EURO_TOLERANCE,
                    _("Right: a customer who came through Instagram bought {value} over {first}–{last}.").format(
                        value=fabric.euros(expected), first=fabric.years()[0], last=_last_year()),
                    _("Not yet. Read the column “Revenue per customer” on the Instagram line, in euros."))


@register("nb05.postage_gap", unit="EUR")
def postage_gap(answer: object) -> Verdict:
    year = _last_year()
    row = fabric.postage().loc[year]
    expected = float(row["gap"])
    if _near(answer, float(row["paid"]), EURO_TOLERANCE):
        return hint(_("That is all the postage the shop paid. Take away what the customers paid for postage."))
    if _near(answer, float(row["charged"]), EURO_TOLERANCE):
        return hint(_("That is what the customers paid for postage. The question asks what the shop paid on top."))
    return close_to(answer, expected, EURO_TOLERANCE,
                    _("Right: in {year} the free-delivery promise cost the shop {gap}.").format(
                        year=year, gap=fabric.euros(expected, 0)),
                    _("Not yet. Read the line “What the shop paid on top” in the {year} column, in euros.").format(
                        year=year))


def trainer_figures() -> dict[str, str]:
    """The expected answers and the figures the trainer notes of lesson 05 quote (instructors/templates)."""
    from decimal import Decimal

    from atelier import shipping
    from atelier.errors import CourseInputError
    from atelier.i18n import format_pct

    year = _last_year()
    post = fabric.example_post()
    formats = fabric.engagement("format")
    themes = fabric.engagement("theme", year)
    split = fabric.revenue_split("year").loc[year]
    gap = fabric.postage().loc[year]
    widest = str(themes["reach"].idxmax())
    figures = {
        "post_id": str(post["post_id"]),
        "post_rate": format_number(float(post["engagement_pct"]), 2),
        "post_likes": format_number(float(post["likes"]), 0),
        "post_comments": format_number(float(post["comments"]), 0),
        "post_saves": format_number(float(post["saves"]), 0),
        "post_shares": format_number(float(post["shares"]), 0),
        "post_reach": format_number(float(post["reach"]), 0),
        "image_rate": fabric.pct(formats.loc["image", "engagement_pct"]),
        "repeat_share": format_number(fabric.repeat_share_pct(year), 1),
        "repeat_revenue": fabric.euros(split["repeat"], 0),
        "revenue": fabric.euros(split["revenue"], 0),
        "cohort_answer": format_number(fabric.cohort_came_back(COHORT, COHORT_MONTHS), 0),
        "cohort_exact": fabric.pct(fabric.cohort_came_back(COHORT, COHORT_MONTHS)),
        "instagram_value": format_number(fabric.value_per_customer("instagram"), 2),
        "postage_gap": format_number(float(gap["gap"]), 0),
        "postage_paid": fabric.euros(gap["paid"], 0),
        "postage_charged": fabric.euros(gap["charged"], 0),
        "widest_theme_reach": format_number(float(themes.loc[widest, "reach"]), 0),
        "makes_reach": format_number(float(themes.loc["customer_make_repost", "reach"]), 0),
    }
    postage, margin = fabric.free_postage(), fabric.linen_margin_pct()
    for target in (15, 20, 25, 30):
        try:
            figures[f"free_from_{target}"] = str(shipping.free_delivery_threshold(postage, margin, target))
        except CourseInputError:
            figures[f"free_from_{target}"] = ""
        figures[f"target_{target}"] = format_pct(Decimal(target), 0)
    return figures
