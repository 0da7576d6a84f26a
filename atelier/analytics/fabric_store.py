"""The Fabric Store Online (lesson 05): Instagram, loyal clients, the newsletter and the free-delivery promise.

Every figure is computed from the case's simulated data (`datasets/fabric_store/`, read by `atelier.casestudy`)
and the reference tables; nothing here embeds a case figure. Three layers:

- computations returning DataFrames or numbers (`engagement`, `cohorts`, `revenue_split`, `value_by_source`,
  `postage`…), used by the tables, the charts, the self-checks, the narrative and the tests;
- tables (`…_table`, an `atelier.figures.Table` with units and currency) and charts (`…_chart`) for the lesson;
- `narrative_figures()` for `case_studies/templates/fabric_store.md.j2`.

Definitions the lesson teaches:

- **engagement rate** of a post = (likes + comments + saves + shares) ÷ reach × 100, in %; an average "per post"
  is the mean of the posts' rates. Published benchmarks usually divide by followers instead: `per_follower_pct`.
- **revenue** = the value of the goods (`items_eur`), postage excluded.
- a **repeat order** is a customer's second order or later (`customer_order_number` > 1).
- a customer **came back** when they placed a second order; a cohort is the customers whose first order fell in
  the same month.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal

import numpy as np
import pandas as pd
from babel.dates import format_date as babel_format_date
from babel.numbers import format_compact_currency

from atelier import charts, display, pricing, reference, shipping
from atelier.casestudy import load
from atelier.entry import quarter_text
from atelier.errors import capital, one_of
from atelier.figures import Table, wrap
from atelier.figures import shipping as shipping_figures
from atelier.i18n import N_, _, format_money, format_number, format_pct, ngettext, number_locale
from atelier.money import Money

CASE = "fabric_store"
CURRENCY = "EUR"
INTERACTIONS = ("likes", "comments", "saves", "shares")
FORMATS = ("reel", "carousel", "image", "live")
# the formats the shop posts every week in its feed; a live is a video broadcast whose "reach" counts its viewers
FEED_FORMATS = ("reel", "carousel", "image")
LABELS = {
    "reel": N_("reels"),
    "carousel": N_("carousels"),
    "image": N_("single images"),
    "live": N_("lives"),
    "customer_make_repost": N_("customers' makes reposted"),
    "new_fabric": N_("new fabrics"),
    "tutorial": N_("tutorials"),
    "behind_the_scenes": N_("behind the scenes"),
    "promotion": N_("promotions"),
    "instagram": N_("Instagram"),
    "search": N_("a search engine"),
    "newsletter": N_("the newsletter"),
    "word_of_mouth": N_("word of mouth"),
}
FORMAT_NAMES = {"reel": N_("reel"), "carousel": N_("carousel"), "image": N_("single image"), "live": N_("live")}
GROUPINGS = {"format": N_("format"), "theme": N_("theme")}
# months after the first order shown in the cohort table (the chart shows them all)
COHORT_TABLE_MONTHS = (1, 3, 6, 12)
COHORT_HEADLINE_MONTHS = 6
# the margin The Fabric Store Online wants to keep on an order it sends free, in % (lesson 04's example)
FREE_DELIVERY_TARGET_PCT = 20
# the case's product whose margin the free-delivery threshold uses (simulator_presets.csv)
MARGIN_PRESET = "fabric_store_linen"
HUNDRED = 100.0


# --- formatting ------------------------------------------------------------------------------------------------


def label(key: str) -> str:
    """A format, theme or acquisition source in the learner's words (`carousel` → "carousels")."""
    return _(LABELS[key]) if key in LABELS else key


def euros(value: float | Decimal, decimals: int = 2) -> str:
    """`€311,900` (decimals=0) or `€9.40`, in the course language's format."""
    return format_money(value, CURRENCY, decimals=decimals)


def euros_k(value: float | Decimal) -> str:
    """`€312K`: a large amount rounded to thousands (one decimal under 10,000: `€7.8K`)."""
    digits = 1 if abs(float(value)) < 10_000 else 0
    return format_compact_currency(float(value), CURRENCY, locale=number_locale(), fraction_digits=digits)


def pct(value: float, decimals: int = 1) -> str:
    return format_pct(Decimal(str(round(float(value), decimals))), decimals)


def whole(value: float) -> str:
    return format_number(round(float(value)), 0)


def month_name(period: pd.Period) -> str:
    """`Jan 2024`."""
    return babel_format_date(period.to_timestamp().date(), format="MMM y", locale=number_locale())


def _years(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].dt.year


# --- the data, with the columns every analysis needs -------------------------------------------------------------


@functools.cache
def _posts() -> pd.DataFrame:
    posts = load(CASE, "instagram_posts")
    posts["year"] = _years(posts, "posted_at")
    posts["interactions"] = posts[list(INTERACTIONS)].sum(axis=1).astype(float)
    posts["engagement_pct"] = posts["interactions"] / posts["reach"].astype(float) * HUNDRED
    posts["per_follower_pct"] = posts["interactions"] / posts["followers_at_post"].astype(float) * HUNDRED
    posts["saves_per_100"] = posts["saves"].astype(float) / posts["reach"].astype(float) * HUNDRED
    return posts


@functools.cache
def _orders() -> pd.DataFrame:
    orders = load(CASE, "orders")
    orders["year"] = _years(orders, "order_date")
    orders["repeat"] = orders["customer_order_number"] > 1
    return orders


def posts(year: int | None = None) -> pd.DataFrame:
    """Instagram posts with their interactions, engagement rate (per reach and per follower) and saves per 100."""
    frame = _posts()
    return (frame if year is None else frame[frame["year"] == _year(year)]).copy()


def orders(year: int | None = None) -> pd.DataFrame:
    """Orders with their year and whether they are a repeat order (a customer's second or later)."""
    frame = _orders()
    return (frame if year is None else frame[frame["year"] == _year(year)]).copy()


def years() -> list[int]:
    return sorted(int(y) for y in _orders()["year"].unique())


def _year(year: object) -> int:
    one_of(str(year), [str(y) for y in years()], _("year of the case study"))
    return int(year)  # type: ignore[call-overload]


def last_month() -> pd.Period:
    """The last month the data covers."""
    return _orders()["order_date"].max().to_period("M")


# --- Instagram: followers, engagement, from posts to orders -------------------------------------------------------


def followers() -> pd.Series:
    """Followers at the end of each day, indexed by date."""
    frame = load(CASE, "instagram_followers")
    return frame.set_index("date")["followers"].astype(int)


def followers_chart() -> charts.Chart:
    """Daily followers over the two years, with the start and end values marked."""
    series = followers()
    start, end = series.iloc[0], series.iloc[-1]
    first_day, last_day = series.index[0].date(), series.index[-1].date()
    title = _("Instagram followers grew from {start} to {end} in {first}–{last} (× {times})").format(
        start=whole(start), end=whole(end), first=first_day.year, last=last_day.year,
        times=format_number(end / start, 1))
    fig = charts.new_figure(8.5, 4.2)
    ax = fig.add_subplot()
    charts.style_axes(ax, title, _("Date"), _("Followers (accounts)"))
    ax.plot(series.index, series.to_numpy(), color=charts.OKABE_ITO["blue"], linewidth=1.8)
    for day, value, align in ((series.index[0], start, "left"), (series.index[-1], end, "right")):
        ax.annotate(whole(value), (day, value), textcoords="offset points", xytext=(0, 8), ha=align, fontsize=10)
    ax.set_ylim(0, end * 1.12)
    ax.yaxis.set_major_formatter(lambda value, _pos: format_number(value, 0))
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    quarters = series.groupby(series.index.to_period("Q")).last()
    alt = _("Line chart of Instagram followers, {first} to {last}. {title}. Followers at the end of each quarter: "
            "{quarters}.").format(
        title=title, first=display.format_date(first_day), last=display.format_date(last_day),
        quarters="; ".join(f"{quarter_text(q.year, q.quarter)} {whole(v)}" for q, v in quarters.items()))
    return charts.show(fig, alt)


def example_post() -> pd.Series:
    """The post the lesson computes by hand: the 2025 carousel saved most often."""
    frame = posts(years()[-1])
    carousels = frame[frame["format"] == "carousel"]
    return carousels.loc[carousels["saves"].idxmax()]


def post_table(post: pd.Series) -> Table:
    """One post's figures, as Instagram's insights show them."""
    rows = [
        (_("Post"), str(post["post_id"])),
        (_("Posted on"), display.format_date(post["posted_at"].date())),
        (_("Format"), _(FORMAT_NAMES[str(post["format"])])),
        (_("Theme"), label(str(post["theme"]))),
        (_("Accounts reached"), whole(post["reach"])),
        *((_(name.capitalize()), whole(post[name])) for name in INTERACTIONS),
    ]
    return Table(pd.DataFrame(rows, columns=[_("Insight"), _("Value")]), _("One post's insights (simulated)"))


def engagement(by: str, year: int | None = None) -> pd.DataFrame:
    """Per format or theme: posts, average reach, average engagement rate per post (per reach and per follower,
    in %), saves per 100 accounts reached; highest engagement first."""
    one_of(by, list(GROUPINGS), _("way of grouping posts"))
    frame = posts(year)
    table = frame.groupby(by).agg(posts=("post_id", "size"), reach=("reach", "mean"),
                                  engagement_pct=("engagement_pct", "mean"),
                                  per_follower_pct=("per_follower_pct", "mean"),
                                  saves_per_100=("saves_per_100", "mean"))
    table["reach"] = table["reach"].astype(float)
    return table.sort_values("engagement_pct", ascending=False)


def engagement_by_year() -> pd.DataFrame:
    """Per year: posts, followers at the year's end, average reach, average engagement per post (per reach and per
    follower, in %)."""
    frame = posts()
    table = frame.groupby("year").agg(posts=("post_id", "size"), reach=("reach", "mean"),
                                      engagement_pct=("engagement_pct", "mean"),
                                      per_follower_pct=("per_follower_pct", "mean"))
    series = followers()
    table["followers_end"] = series.groupby(series.index.year).last()
    table["reach"] = table["reach"].astype(float)
    return table


def best_feed_format(year: int | None = None) -> str:
    """The feed format (reel, carousel, image) with the highest average engagement rate per post."""
    table = engagement("format", year)
    return str(table[table.index.isin(FEED_FORMATS)]["engagement_pct"].idxmax())


def engagement_table(by: str = "format", year: int | None = None) -> Table:
    """Engagement by format or theme, as a table for the lesson."""
    table = engagement(by, year)
    frame = pd.DataFrame({
        capital(_(GROUPINGS[by])): [label(key) for key in table.index],
        _("Posts"): [whole(v) for v in table["posts"]],
        _("Average reach (accounts)"): [whole(v) for v in table["reach"]],
        _("Engagement rate per post"): [pct(v) for v in table["engagement_pct"]],
        _("Saves per 100 accounts reached"): [format_number(v, 2) for v in table["saves_per_100"]],
    })
    period = _("all posts of {first}–{last}").format(first=years()[0], last=years()[-1]) if year is None else \
        _("posts of {year}").format(year=year)
    return Table(frame, _("Engagement by {grouping}, {period} (simulated)").format(grouping=_(GROUPINGS[by]),
                                                                                   period=period),
                 _("Engagement rate = (likes + comments + saves + shares) ÷ accounts reached × 100, averaged over "
                   "the posts. A live's reach counts its viewers."))


def engagement_chart(by: str = "format", year: int | None = None) -> charts.Chart:
    """Two bar panels side by side: average engagement rate per post, and average reach per post. By format, the
    lives (broadcasts watched by a few hundred loyal followers) are drawn in grey and the title compares the feed
    formats."""
    table = engagement(by, year)
    names = [label(key) for key in table.index]
    feed = table[table.index.isin(FEED_FORMATS)] if by == "format" else table
    best, widest = feed["engagement_pct"].idxmax(), table["reach"].idxmax()
    words = {"best": label(best), "rate": pct(table.loc[best, "engagement_pct"]), "widest": label(widest),
             "reach": whole(table.loc[widest, "reach"])}
    if by == "format":
        title = _("Of the feed formats, {best} engage the most ({rate} a post); {widest} reach the most ({reach} "
                  "accounts a post)").format(**words)
    elif best == widest:
        title = _("{best} engage the most ({rate} a post) and reach the most ({reach} accounts a post)").format(
            **{**words, "best": capital(words["best"])})
    else:
        title = _("{best} engage the most ({rate} a post); {widest} reach the most ({reach} accounts a "
                  "post)").format(**{**words, "best": capital(words["best"])})
    fig = charts.new_figure(10, 1.3 + 0.55 * len(table))
    left, right = fig.subplots(1, 2, sharey=True)
    positions = np.arange(len(table))
    aside = [key not in FEED_FORMATS for key in table.index] if by == "format" else [False] * len(table)
    for ax, column, colour, x_label, text in (
        (left, "engagement_pct", charts.OKABE_ITO["blue"], _("Engagement rate per post (%)"), pct),
        (right, "reach", charts.OKABE_ITO["orange"], _("Average reach per post (accounts)"), whole),
    ):
        values = table[column].to_numpy(dtype=float)
        charts.style_axes(ax, "", x_label, "")
        ax.barh(positions, values, color=[charts.OKABE_ITO["grey"] if a else colour for a in aside], height=0.6)
        for position, value in zip(positions, values, strict=True):
            ax.text(value, position, " " + text(value), va="center", fontsize=9)
        ax.set_xlim(0, values.max() * 1.3)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_formatter(lambda value, _pos: format_number(value, 0))
    left.set_yticks(positions, names)
    left.invert_yaxis()
    fig.suptitle(wrap(title, 95), x=0.01, ha="left", fontsize=12, fontweight="bold")
    if any(aside):
        fig.supxlabel(_("In grey: lives, video broadcasts whose reach counts their viewers."), x=0.01, ha="left",
                      fontsize=8)
    alt = _("Two bar charts of Instagram posts by {grouping}. {title}. Engagement rate per post: {rates}. Average "
            "reach per post: {reaches}.").format(
        grouping=_(GROUPINGS[by]), title=title,
        rates="; ".join(f"{n} {pct(v)}" for n, v in zip(names, table["engagement_pct"], strict=True)),
        reaches="; ".join(f"{n} {whole(v)}" for n, v in zip(names, table["reach"], strict=True)))
    return charts.show(fig, alt)


BENCHMARKS = ("instagram_engagement_avg", "instagram_engagement_carousel", "instagram_engagement_reel",
              "instagram_engagement_image", "instagram_engagement_small_low", "instagram_engagement_small_high")
CONFIDENCE = {"H": N_("high"), "M": N_("medium"), "L": N_("low")}


_benchmark = reference.benchmark_row


def engagement_year_table() -> Table:
    """The shop's engagement per year, per account reached and per follower, beside the published benchmarks."""
    table = engagement_by_year()
    rows = [(_("{year}: the shop, per account reached").format(year=year), pct(r.engagement_pct), "", "")
            for year, r in table.iterrows()]
    rows += [(_("{year}: the shop, per follower").format(year=year), pct(r.per_follower_pct), "", "")
             for year, r in table.iterrows()]
    for metric_id in BENCHMARKS:
        row = _benchmark(metric_id)
        rows.append((row["description"], format_pct(row["value"], 2 if row["value"] < 1 else 0),
                     _(CONFIDENCE[row["confidence"]]), f"{row['source']} ({row['valid_from'].year})"))
    frame = pd.DataFrame(rows, columns=[_("Engagement per post"), _("Rate"), _("Confidence"), _("Source")])
    return Table(frame, _("The shop's engagement (simulated) beside published benchmarks"),
                 _("The benchmarks divide interactions by followers; they are figures quoted by the vendors of "
                   "social-media tools, and the small-account range is a vendor claim (confidence low)."))


def funnel() -> pd.DataFrame:
    """Per year: accounts reached, profile visits and link clicks (sums over the posts), new customers who came from
    Instagram, and the revenue of their first orders."""
    frame = posts()
    table = frame.groupby("year")[["reach", "profile_visits", "link_clicks"]].sum().astype(float)
    firsts = orders()
    firsts = firsts[firsts["customer_order_number"] == 1]
    sources = load(CASE, "customers").set_index("customer_id")["acquisition_source"]
    firsts = firsts[firsts["customer_id"].map(sources) == "instagram"]
    table["new_customers"] = firsts.groupby("year").size().astype(float)
    table["first_revenue"] = firsts.groupby("year")["items_eur"].sum()
    return table


def funnel_table() -> Table:
    """From posts to orders, per year: reach → profile visits → link clicks → new customers from Instagram."""
    table = funnel()
    rows = [
        (_("Accounts reached (all posts)"), "reach", whole),
        (_("Visits to the shop's profile"), "profile_visits", whole),
        (_("Clicks on the link to the web shop"), "link_clicks", whole),
        (_("New customers who came from Instagram"), "new_customers", whole),
        (_("Their first orders"), "first_revenue", lambda v: euros(v, 0)),
    ]
    data = {_("From posts to orders"): [name for name, _c, _f in rows]}
    for year, r in table.iterrows():
        data[str(year)] = [fmt(r[column]) for _n, column, fmt in rows]
    frame = pd.DataFrame(data)
    extra = {_("From posts to orders"): [_("Profile visits per 1,000 accounts reached"),
                                         _("Link clicks per 100 profile visits"),
                                         _("New customers per 100 link clicks")]}
    for year, r in table.iterrows():
        extra[str(year)] = [format_number(r.profile_visits / r.reach * 1000, 1),
                            format_number(r.link_clicks / r.profile_visits * 100, 1),
                            format_number(r.new_customers / r.link_clicks * 100, 0)]
    frame = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True)
    return Table(frame, _("From Instagram posts to orders (simulated)"),
                 _("Reach counts an account once per post. New customers are those who answered “Instagram” to "
                   "“how did you hear of us?”; Instagram only counts the clicks it sees, so many came another way "
                   "(typing the shop's name, a search)."))


# --- loyal clients: cohorts, repeat revenue, value by source ----------------------------------------------------


def cohorts(order_table: pd.DataFrame | None = None, until: pd.Period | None = None) -> pd.DataFrame:
    """Customers grouped by the month of their first order (the cohort): `customers` in each, then for k = 1, 2, …
    the % of them who had placed a second order by the end of the k-th month after their first order's month.
    A cell is empty (NaN) when that month is after `until` (the data's last month): not known yet."""
    if order_table is None and until is None:
        return _case_cohorts().copy()
    return _cohorts(_orders() if order_table is None else order_table, last_month() if until is None else until)


@functools.cache
def _case_cohorts() -> pd.DataFrame:
    return _cohorts(_orders(), last_month())


def _cohorts(frame: pd.DataFrame, until: pd.Period) -> pd.DataFrame:
    month = frame["order_date"].dt.to_period("M")
    first = month[frame["customer_order_number"] == 1].groupby(frame["customer_id"]).min()
    second = month[frame["customer_order_number"] == 2].groupby(frame["customer_id"]).min()
    second = second.reindex(first.index)
    came = second.notna()
    delay = pd.Series(np.nan, index=first.index)
    delay[came] = [(s - f).n for s, f in zip(second[came], first[came], strict=True)]
    span = (until - first.min()).n
    table = pd.DataFrame({"customers": first.groupby(first).size()})
    for k in range(1, span + 1):
        share = (delay <= k).groupby(first).mean() * HUNDRED
        known = pd.Series([(until - cohort).n >= k for cohort in share.index], index=share.index)
        table[k] = share.where(known)
    table.index.name = "cohort"
    return table


def came_back_pct(min_months: int = 0) -> float:
    """% of customers who placed a second order, among those whose first order was at least `min_months` before
    the end of the data (0: every customer)."""
    frame = _orders()
    month = frame["order_date"].dt.to_period("M")
    first = month[frame["customer_order_number"] == 1].groupby(frame["customer_id"]).min()
    end = last_month()
    old_enough = first[[(end - m).n >= min_months for m in first]]
    returning = set(frame.loc[frame["customer_order_number"] == 2, "customer_id"])
    return float(np.mean([customer in returning for customer in old_enough.index]) * HUNDRED)


def cohort_came_back(cohort: str, months: int) -> float:
    """% of the customers of `cohort` ("2024-01") who had come back within `months` months."""
    return float(_case_cohorts().loc[pd.Period(cohort, freq="M"), months])


def cohort_headline(months: int = COHORT_HEADLINE_MONTHS) -> float:
    """The median over the cohorts (those old enough) of the % who came back within `months` months."""
    return float(_case_cohorts()[months].dropna().median())


def cohort_table(months: tuple[int, ...] = COHORT_TABLE_MONTHS) -> Table:
    """The cohorts as a table: customers, and % who came back within 1, 3, 6, 12 months ("—": not known yet)."""
    table = cohorts()
    data = {
        _("First order in"): [month_name(m) for m in table.index],
        _("New customers"): [whole(v) for v in table["customers"]],
    }
    for k in months:
        header = ngettext("Came back within {n} month", "Came back within {n} months", k).format(n=k)
        data[header] = ["—" if pd.isna(v) else pct(v, 0) for v in table[k]]
    return Table(pd.DataFrame(data), _("Customers by month of their first order: who came back? (simulated)"),
                 _("“Came back” = placed a second order. Within 1 month = by the end of the month after the first "
                   "order's month. — : not known yet (the data stop in {month}).").format(
                     month=month_name(last_month())))


def cohort_chart() -> charts.Chart:
    """A heatmap: cohorts down, months since the first order across, % who came back in colour."""
    table = cohorts()
    values = table.drop(columns="customers").to_numpy(dtype=float)
    months = [int(c) for c in table.columns if c != "customers"]
    headline = cohort_headline()
    title = _("About {share} of each month's new customers came back within {n} months").format(
        share=pct(headline, 0), n=COHORT_HEADLINE_MONTHS)
    fig = charts.new_figure(9, 6.5)
    ax = fig.add_subplot()
    charts.style_axes(ax, wrap(title, 80), _("Months since the first order (white: not known yet)"),
                      _("Month of the first order"))
    top = math.ceil(np.nanmax(values) / 10) * 10  # the scale stops at the next ten above the highest share
    image = ax.imshow(np.ma.masked_invalid(values), cmap="cividis", vmin=0, vmax=top, aspect="auto",
                      interpolation="nearest")
    # a label every quarter on both axes: enough to read the grid, and quick to draw
    x_ticks = [i for i, m in enumerate(months) if m == 1 or m % 3 == 0]
    ax.set_xticks(x_ticks, [str(months[i]) for i in x_ticks], fontsize=9)
    y_ticks = [i for i, m in enumerate(table.index) if m.month % 3 == 1]
    ax.set_yticks(y_ticks, [month_name(table.index[i]) for i in y_ticks], fontsize=9)
    ax.spines[["left", "bottom"]].set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(_("Customers who came back (%)"))
    rows = []
    for cohort, row in table.iterrows():
        known = [(k, row[k]) for k in COHORT_TABLE_MONTHS if not pd.isna(row[k])]
        rows.append(_("{month} ({n} customers): {shares}").format(
            month=month_name(cohort), n=whole(row["customers"]),
            shares=", ".join(ngettext("{share} within {k} month", "{share} within {k} months", k).format(
                share=pct(v, 0), k=k) for k, v in known)
            or _("not known yet")))
    alt = _("Heatmap of customers who came back, by month of first order (rows) and months since that order "
            "(columns); darker is fewer. {title}. {rows}.").format(title=title, rows="; ".join(rows))
    return charts.show(fig, alt)


def revenue_split(by: str = "year") -> pd.DataFrame:
    """Revenue (goods, postage excluded) per year or quarter, from first orders and from repeat orders, and the
    repeat share in %."""
    one_of(by, ["year", "quarter"], _("period"))
    frame = _orders()
    period = frame["year"] if by == "year" else frame["order_date"].dt.to_period("Q")
    table = frame.pivot_table(index=period, columns="repeat", values="items_eur", aggfunc="sum", fill_value=0.0)
    table = table.rename(columns={False: "first", True: "repeat"}).reindex(columns=["first", "repeat"],
                                                                            fill_value=0.0)
    table["revenue"] = table["first"] + table["repeat"]
    table["repeat_pct"] = table["repeat"] / table["revenue"] * HUNDRED
    table.columns.name = None
    return table


def repeat_share_pct(year: int) -> float:
    """% of the year's revenue that came from repeat orders (a customer's second order or later)."""
    return float(revenue_split().loc[_year(year), "repeat_pct"])


def revenue_table() -> Table:
    """Per year: revenue, from first orders, from repeat orders, the repeat share; customers who ordered."""
    table = revenue_split()
    frame = _orders()
    data = {_("Revenue (goods, postage excluded)"): [
        _("Revenue"), _("from first orders"), _("from repeat orders (2nd order or later)"),
        _("Share from repeat orders"), _("Customers who ordered"), _("of them, customers ordering again")]}
    for year, r in table.iterrows():
        of_year = frame[frame["year"] == year]
        buyers = of_year["customer_id"].nunique()
        again = of_year.loc[of_year["repeat"], "customer_id"].nunique()
        data[str(year)] = [euros(r["revenue"], 0), euros(r["first"], 0), euros(r["repeat"], 0),
                           pct(r["repeat_pct"]), whole(buyers), whole(again)]
    return Table(pd.DataFrame(data), _("Where the revenue comes from (simulated)"))


def revenue_chart() -> charts.Chart:
    """Stacked bars per quarter: revenue from first orders and from repeat orders."""
    table = revenue_split("quarter")
    last_year = years()[-1]
    title = _("Repeat customers brought {share} of the revenue in {year}").format(
        share=pct(repeat_share_pct(last_year), 0), year=last_year)
    fig = charts.new_figure(9, 4.5)
    ax = fig.add_subplot()
    charts.style_axes(ax, title, _("Quarter"), _("Revenue, goods only ({currency})").format(currency=CURRENCY))
    positions = np.arange(len(table))
    first, repeat = table["first"].to_numpy(dtype=float), table["repeat"].to_numpy(dtype=float)
    ax.bar(positions, first, color=charts.OKABE_ITO["sky_blue"], label=_("first orders"))
    ax.bar(positions, repeat, bottom=first, color=charts.OKABE_ITO["blue"], label=_("repeat orders"))
    ax.set_xticks(positions, [quarter_text(q.year, q.quarter) for q in table.index], fontsize=9)
    ax.yaxis.set_major_formatter(lambda value, _pos: euros(value, 0))
    handles, names = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], names[::-1], frameon=False, loc="upper left")  # the same order as the stack
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    alt = _("Stacked bar chart of revenue per quarter, first orders and repeat orders. {title}. {rows}.").format(
        title=title, rows="; ".join(
            _("{quarter}: {first} from first orders, {repeat} from repeat orders").format(
                quarter=quarter_text(q.year, q.quarter), first=euros(r["first"], 0), repeat=euros(r["repeat"], 0))
            for q, r in table.iterrows()))
    return charts.show(fig, alt)


def value_by_source() -> pd.DataFrame:
    """Per acquisition source: customers, % who came back, orders per customer, revenue per customer over the two
    years (goods, EUR); the most valuable first."""
    customers = load(CASE, "customers").set_index("customer_id")
    frame = _orders()
    per_customer = frame.groupby("customer_id").agg(orders=("order_id", "size"), revenue=("items_eur", "sum"))
    per_customer["source"] = customers["acquisition_source"].reindex(per_customer.index)
    table = per_customer.groupby("source").agg(customers=("orders", "size"), orders=("orders", "mean"),
                                               revenue=("revenue", "mean"))
    table["came_back_pct"] = per_customer.groupby("source")["orders"].apply(lambda o: (o > 1).mean() * HUNDRED)
    table["orders"] = table["orders"].astype(float)
    return table.sort_values("revenue", ascending=False)


def value_table() -> Table:
    table = value_by_source()
    frame = pd.DataFrame({
        _("First came through"): [capital(label(s)) for s in table.index],
        _("Customers"): [whole(v) for v in table["customers"]],
        _("Came back"): [pct(v, 0) for v in table["came_back_pct"]],
        _("Orders per customer"): [format_number(v, 2) for v in table["orders"]],
        _("Revenue per customer"): [euros(v) for v in table["revenue"]],
    })
    return Table(frame, _("What a customer is worth, by how they first came (simulated, {first}–{last})").format(
        first=years()[0], last=years()[-1]),
        _("Revenue = goods bought over the whole period, postage excluded. Customers who arrived late in {last} "
          "have had less time to come back.").format(last=years()[-1]))


def value_per_customer(source: str) -> float:
    table = value_by_source()
    one_of(source, list(table.index), _("acquisition source"))
    return float(table.loc[source, "revenue"])


# --- the newsletter: an owned channel ----------------------------------------------------------------------------


def newsletter() -> pd.DataFrame:
    """Per year: sends, e-mails sent, opens, clicks, unsubscribes, and open, click and unsubscribe rates in %."""
    sends = load(CASE, "newsletter_sends")
    sends["year"] = _years(sends, "sent_date")
    table = sends.groupby("year").agg(sends=("send_id", "size"), recipients=("recipients", "sum"),
                                      opens=("opens", "sum"), clicks=("clicks", "sum"),
                                      unsubscribes=("unsubscribes", "sum"),
                                      list_end=("recipients", "last")).astype(float)
    table["open_pct"] = table["opens"] / table["recipients"] * HUNDRED
    table["click_pct"] = table["clicks"] / table["recipients"] * HUNDRED
    table["unsubscribe_pct"] = table["unsubscribes"] / table["recipients"] * HUNDRED
    return table


def channels_table() -> Table:
    """Instagram (a rented audience) beside the newsletter (an owned list): how many people each reached, and how
    many clicked through to the shop per 1,000 reached."""
    letters, insta = newsletter(), funnel()
    data = {_("Per year"): [
        _("Newsletters sent"), _("Subscribers at the last send"), _("E-mails sent"), _("Opened"),
        _("Clicked through to the shop"), _("Newsletter: clicks per 1,000 e-mails"),
        _("Instagram: accounts reached"), _("Instagram: link clicks"),
        _("Instagram: clicks per 1,000 accounts reached")]}
    for year in years():
        n, i = letters.loc[year], insta.loc[year]
        data[str(year)] = [whole(n["sends"]), whole(n["list_end"]), whole(n["recipients"]), pct(n["open_pct"]),
                           pct(n["click_pct"]), format_number(n["clicks"] / n["recipients"] * 1000, 1),
                           whole(i["reach"]), whole(i["link_clicks"]),
                           format_number(i["link_clicks"] / i["reach"] * 1000, 1)]
    return Table(pd.DataFrame(data), _("The newsletter beside Instagram (simulated)"),
                 _("Opened and clicked: % of the e-mails sent. Every e-mail reaches someone who asked for it; a post "
                   "reaches whom the platform chooses."))


# --- wider markets ----------------------------------------------------------------------------------------------


def customers_by_city() -> pd.Series:
    """Customers per city, most first."""
    return load(CASE, "customers")["city"].value_counts()


def cities_table(top: int = 8) -> Table:
    counts = customers_by_city()
    total = counts.sum()
    rest = counts.iloc[top:].sum()
    frame = pd.DataFrame({
        _("City"): [*counts.index[:top], _("{n} other cities").format(n=len(counts) - top)],
        _("Customers"): [whole(v) for v in [*counts.iloc[:top], rest]],
        _("Share"): [pct(v / total * HUNDRED, 0) for v in [*counts.iloc[:top], rest]],
    })
    return Table(frame, _("Where the customers live (simulated)"),
                 _("{n} customers in {cities} cities: a shop online sells far beyond its own street.").format(
                     n=whole(total), cities=len(counts)))


# --- the free-delivery promise -----------------------------------------------------------------------------------


def postage() -> pd.DataFrame:
    """Per year: orders, parcels, orders sent free (count and % of orders), postage charged to customers, postage
    paid to the carriers, the gap, the gap as % of revenue, and the average basket with and without free delivery."""
    frame = _orders()
    parcels = frame[frame["delivery_method"] != "digital"]
    free = frame[frame["free_delivery"].astype(bool)]
    paid = parcels[~parcels["free_delivery"].astype(bool)]
    table = pd.DataFrame({
        "orders": frame.groupby("year").size(),
        "parcels": parcels.groupby("year").size(),
        "free": free.groupby("year").size(),
        "charged": parcels.groupby("year")["postage_charged_eur"].sum(),
        "paid": parcels.groupby("year")["postage_cost_eur"].sum(),
        "revenue": frame.groupby("year")["items_eur"].sum(),
        "basket_free": free.groupby("year")["items_eur"].mean(),
        "basket_paid": paid.groupby("year")["items_eur"].mean(),
        "postage_per_free_parcel": free.groupby("year")["postage_cost_eur"].mean(),
    }).astype(float)
    table["free_pct"] = table["free"] / table["orders"] * HUNDRED
    table["gap"] = table["paid"] - table["charged"]
    table["gap_pct_revenue"] = table["gap"] / table["revenue"] * HUNDRED
    return table


def postage_gap(year: int) -> float:
    """Postage paid to the carriers minus postage charged to customers in `year`, in EUR."""
    return float(postage().loc[_year(year), "gap"])


def free_share_pct(year: int | None = None) -> float:
    """% of orders sent with free delivery (in `year`, or over the whole period)."""
    frame = _orders() if year is None else orders(year)
    return float(frame["free_delivery"].astype(bool).mean() * HUNDRED)


def postage_table() -> Table:
    threshold = reference.default("free_shipping_threshold_fr")
    table = postage()
    data = {_("Delivery"): [
        _("Orders"), _("Orders sent free"), _("Postage customers paid the shop"), _("Postage the shop paid carriers"),
        _("What the shop paid on top"), _("… as a share of revenue"), _("Average basket, free delivery"),
        _("Average basket, paid delivery"), _("Postage paid per parcel sent free")]}
    for year, r in table.iterrows():
        data[str(year)] = [whole(r["orders"]), f"{whole(r['free'])} ({pct(r['free_pct'], 0)})", euros(r["charged"], 0),
                           euros(r["paid"], 0), euros(r["gap"], 0), pct(r["gap_pct_revenue"]),
                           euros(r["basket_free"]), euros(r["basket_paid"]), euros(r["postage_per_free_parcel"])]
    return Table(pd.DataFrame(data), _("The cost of free delivery from {threshold} (simulated)").format(
        threshold=euros(threshold, 0)),
        _("Postage paid: the carriers' prices in the course's tables (parcel_rates.csv), valid as of {date}, "
          "checked against their sources on {checked}.").format(
            date=display.format_date(reference.valid_as_of("parcel_rates")),
            checked=display.format_date(reference.checked_on("parcel_rates"))))


def linen_margin_pct() -> Decimal:
    """The margin on a half-metre of linen sold on the shop's own site, as a share of its VAT-included price (the
    share `shipping.free_delivery_threshold` takes, as in lesson 04; the case's preset)."""
    piece = reference.lookup("simulator_presets", "preset_id", MARGIN_PRESET)
    assert piece is not None, MARGIN_PRESET
    cost = pricing.unit_cost(materials=piece["materials"], making_time_h=piece["making_time_h"],
                             hourly_rate=reference.default("hourly_rate_fr"), overhead=piece["overhead"],
                             packaging=piece["packaging_cost"], currency=piece["currency"])
    return pricing.sell(cost, "stripe_web_shop_fr", piece["typical_price"], piece["tax_status"]).margin_pct_of_price


def free_postage(year: int | None = None) -> Money:
    """What the shop paid, on average, for a parcel it sent free (in `year`; the last year by default)."""
    year = years()[-1] if year is None else _year(year)
    return Money.of(Decimal(str(round(postage().loc[year, "postage_per_free_parcel"], 2))), CURRENCY)


def free_delivery_from(target_margin_pct: object = FREE_DELIVERY_TARGET_PCT, year: int | None = None) -> Money:
    """The order value from which free delivery keeps `target_margin_pct` (atelier.shipping.free_delivery_threshold
    with the shop's average postage per free parcel and the linen margin)."""
    return shipping.free_delivery_threshold(free_postage(year), linen_margin_pct(), target_margin_pct)


def free_delivery_table(target_margin_pct: object = FREE_DELIVERY_TARGET_PCT, year: int | None = None) -> Table:
    """Lesson 04's free-delivery table with the shop's real postage: the threshold that keeps the target margin,
    and the margin the threshold in use keeps."""
    return shipping_figures.free_delivery(free_postage(year), linen_margin_pct(), target_margin_pct,
                                          threshold_in_use=reference.default("free_shipping_threshold_fr"))


# --- the narrative -----------------------------------------------------------------------------------------------


def narrative_figures() -> dict[str, str]:
    """The formatted figures of `case_studies/templates/fabric_store.md.j2`, computed from the data."""
    first_year, last_year = years()[0], years()[-1]
    series = followers()
    by_year = engagement_by_year()
    formats = engagement("format")
    themes = engagement("theme")
    feed = formats[formats.index.isin(FEED_FORMATS)]
    best_format = best_feed_format()
    least_format = str(feed["engagement_pct"].idxmin())
    widest_format = str(formats["reach"].idxmax())
    split = revenue_split()
    value = value_by_source()
    letters, insta = newsletter(), funnel()
    post = postage()
    threshold = reference.default("free_shipping_threshold_fr")
    bench = {m: _benchmark(m) for m in BENCHMARKS}
    conversion = _benchmark("web_conversion_rate_avg")
    return {
        "first_year": str(first_year),
        "last_year": str(last_year),
        "followers_start": whole(series.iloc[0]),
        "followers_end": whole(series.iloc[-1]),
        "followers_times": format_number(series.iloc[-1] / series.iloc[0], 1),
        "posts_first": whole(by_year.loc[first_year, "posts"]),
        "posts_last": whole(by_year.loc[last_year, "posts"]),
        "engagement_first": pct(by_year.loc[first_year, "engagement_pct"]),
        "engagement_last": pct(by_year.loc[last_year, "engagement_pct"]),
        "per_follower_first": pct(by_year.loc[first_year, "per_follower_pct"]),
        "per_follower_last": pct(by_year.loc[last_year, "per_follower_pct"]),
        "benchmark_average": format_pct(bench["instagram_engagement_avg"]["value"], 1),
        "benchmark_small_low": format_pct(bench["instagram_engagement_small_low"]["value"], 0),
        "benchmark_small_high": format_pct(bench["instagram_engagement_small_high"]["value"], 0),
        "benchmark_source": str(bench["instagram_engagement_avg"]["source"]),
        "benchmark_year": str(bench["instagram_engagement_avg"]["valid_from"].year),
        "best_format": label(best_format),
        "best_format_rate": pct(formats.loc[best_format, "engagement_pct"]),
        "best_format_saves": format_number(formats.loc[best_format, "saves_per_100"], 1),
        "least_format": label(least_format),
        "least_format_rate": pct(formats.loc[least_format, "engagement_pct"]),
        "widest_format": label(widest_format),
        "widest_format_reach": whole(formats.loc[widest_format, "reach"]),
        "best_format_reach": whole(formats.loc[best_format, "reach"]),
        "live_rate": pct(formats.loc["live", "engagement_pct"]),
        "live_posts": whole(formats.loc["live", "posts"]),
        "live_reach": whole(formats.loc["live", "reach"]),
        "best_theme": label(str(themes.index[0])),
        "best_theme_rate": pct(themes["engagement_pct"].iloc[0]),
        "worst_theme": label(str(themes.index[-1])),
        "worst_theme_rate": pct(themes["engagement_pct"].iloc[-1]),
        "reach_last": whole(insta.loc[last_year, "reach"]),
        "link_clicks_last": whole(insta.loc[last_year, "link_clicks"]),
        "instagram_customers_last": whole(insta.loc[last_year, "new_customers"]),
        "conversion_average": format_pct(conversion["value"], 1),
        "conversion_source": str(conversion["source"]),
        "clicks_orders_at_average": whole(insta.loc[last_year, "link_clicks"] * float(conversion["value"]) / HUNDRED),
        "revenue_first": euros_k(split.loc[first_year, "revenue"]),
        "revenue_last": euros_k(split.loc[last_year, "revenue"]),
        "repeat_share_first": pct(split.loc[first_year, "repeat_pct"], 0),
        "repeat_share_last": pct(split.loc[last_year, "repeat_pct"], 0),
        "customers": whole(value["customers"].sum()),
        "came_back": pct(came_back_pct(), 0),
        "came_back_year_old": pct(came_back_pct(12), 0),
        "cohort_months": str(COHORT_HEADLINE_MONTHS),
        "cohort_headline": pct(cohort_headline(), 0),
        "value_instagram": euros(value.loc["instagram", "revenue"], 0),
        "value_search": euros(value.loc["search", "revenue"], 0),
        "value_best_source": label(str(value.index[0])),
        "value_best": euros(value["revenue"].iloc[0], 0),
        "came_back_instagram": pct(value.loc["instagram", "came_back_pct"], 0),
        "came_back_search": pct(value.loc["search", "came_back_pct"], 0),
        "cities": whole(customers_by_city().size),
        "newsletter_sends_last": whole(letters.loc[last_year, "sends"]),
        "newsletter_list_start": whole(load(CASE, "newsletter_sends")["recipients"].iloc[0]),
        "newsletter_list_end": whole(letters.loc[last_year, "list_end"]),
        "newsletter_open_last": pct(letters.loc[last_year, "open_pct"], 0),
        "newsletter_click_last": pct(letters.loc[last_year, "click_pct"]),
        "newsletter_clicks_per_1000": format_number(
            letters.loc[last_year, "clicks"] / letters.loc[last_year, "recipients"] * 1000, 0),
        "instagram_clicks_per_1000": format_number(
            insta.loc[last_year, "link_clicks"] / insta.loc[last_year, "reach"] * 1000, 1),
        "threshold": euros(threshold, 0),
        "free_share_all": pct(free_share_pct(), 0),
        "free_share_last": pct(post.loc[last_year, "free_pct"], 0),
        "postage_charged_last": euros_k(post.loc[last_year, "charged"]),
        "postage_paid_last": euros_k(post.loc[last_year, "paid"]),
        "postage_gap_last": euros_k(post.loc[last_year, "gap"]),
        "postage_gap_pct_last": pct(post.loc[last_year, "gap_pct_revenue"]),
        "basket_free_last": euros(post.loc[last_year, "basket_free"], 0),
        "basket_paid_last": euros(post.loc[last_year, "basket_paid"], 0),
        "free_postage_last": str(free_postage(last_year)),
        "linen_margin": format_pct(linen_margin_pct(), 1),
        "target_margin": format_pct(Decimal(FREE_DELIVERY_TARGET_PCT), 0),
        "threshold_needed": euros(free_delivery_from().amount, 0),
        # the margin the threshold in use keeps on an order of exactly that value (lesson 04's formula)
        "threshold_keeps": pct(float(linen_margin_pct() - free_postage().amount / threshold * 100)),
    }
