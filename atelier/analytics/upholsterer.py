"""The upholsterer (France, EUR, 2024–2025): where quote requests come from and which become jobs, how fast quotes
and review replies go out, the reviews, the hours really spent, and the TVA thresholds the turnover passes.

Simulated for teaching, modelled on the article's upholsterer (lesson 06 · Building credibility online).
Functions take the case's DataFrames (`load_requests()`, `load_jobs()`, `load_reviews()`) and return numbers or
DataFrames; the `*_table` functions label them for a notebook, the `*_chart` functions draw them, and
`narrative_figures()` feeds `case_studies/templates/upholsterer.md.j2`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from atelier import charts, display, pricing, reference, tax
from atelier.casestudy import load
from atelier.charts import OKABE_ITO
from atelier.entry import quarter_text
from atelier.errors import CourseInputError, one_of
from atelier.i18n import N_, _, format_money, format_number, format_pct, ngettext
from atelier.money import Money

CASE = "upholsterer"
CURRENCY = "EUR"
CHANNELS = ("instagram_message", "website_form", "phone", "business_profile")
CHANNEL_LABELS = {
    "instagram_message": N_("Instagram message"),
    "website_form": N_("website form"),
    "phone": N_("phone call"),
    "business_profile": N_("business profile"),
}
ITEM_LABELS = {
    "stool": N_("stool"),
    "chair": N_("chair"),
    "headboard": N_("headboard"),
    "armchair": N_("armchair"),
    "sofa": N_("sofa"),
}
# days from the request to the quote, grouped for the acceptance chart: (first day, last day; None = no end)
DELAY_GROUPS: tuple[tuple[int, int | None], ...] = ((0, 1), (2, 3), (4, 6), (7, None))
# a job "overran" when it took more than this share (%) of extra hours beyond the hours quoted
OVERRUN_PCT = 30
# the client pays when the piece is collected, in the workshop: no platform or card fee
SALE_CHANNEL = "shop_direct_fr"
# the mention a French invoice carries under the franchise en base (legal text, not translated)
FRANCHISE_MENTION = "TVA non applicable, art. 293 B du CGI"
FRANCHISE_THRESHOLD = "fr_franchise_services_threshold"
FRANCHISE_TOLERANCE = "fr_franchise_services_tolerance"
MICRO_CAP = "fr_micro_cap_services"
THRESHOLD_LABELS = {
    FRANCHISE_THRESHOLD: N_("TVA franchise en base threshold, services"),
    FRANCHISE_TOLERANCE: N_("Franchise en base tolerance, services (above it, TVA is due at once)"),
    MICRO_CAP: N_("Micro-entreprise turnover cap, services"),
}
ZONES = ("franchise", "tolerance", "tva_due", "above_cap")
HUNDRED = Decimal(100)


# --- the data -------------------------------------------------------------------------------------------------------


def load_requests() -> pd.DataFrame:
    """The quote requests (one row per request): `casestudy.load("upholsterer", "quote_requests")`."""
    return load(CASE, "quote_requests")


def load_jobs() -> pd.DataFrame:
    """The jobs (accepted quotes)."""
    return load(CASE, "jobs")


def load_reviews() -> pd.DataFrame:
    """The reviews on the business profile, with reply times."""
    return load(CASE, "reviews")


def channel_label(channel: str) -> str:
    """`business_profile` → "business profile" (in the course's language)."""
    return _(CHANNEL_LABELS[one_of(channel, CHANNELS, _("channel"))])


def item_label(item_type: str) -> str:
    return _(ITEM_LABELS[one_of(item_type, ITEM_LABELS, _("piece of furniture"))])


def _pct(part: float, whole: float) -> float:
    return part / whole * 100 if whole else math.nan


def _flag(column: pd.Series) -> pd.Series:
    """A nullable boolean column as plain booleans (missing = False)."""
    return column.astype("boolean").fillna(False).astype(bool)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- quote requests: channels -------------------------------------------------------------------------------------


def requests_by_channel(requests: pd.DataFrame) -> pd.DataFrame:
    """Requests per channel (rows, in the order of CHANNELS) and per year of the request (columns)."""
    years = sorted(requests["request_date"].dt.year.unique())
    counts = requests.groupby([requests["channel"], requests["request_date"].dt.year]).size().unstack(fill_value=0)
    counts = counts.reindex(index=list(CHANNELS), columns=years, fill_value=0).astype(int)
    counts.index.name, counts.columns.name = "channel", None
    return counts


def channel_summary(requests: pd.DataFrame) -> pd.DataFrame:
    """Per channel: requests, quotes sent, quotes answered (accepted or declined), accepted, acceptance (% answered).

    A quote with no answer yet (on 31 December 2025) is not counted as declined: it is left out of `answered`.
    """
    records = []
    for channel in CHANNELS:
        part = requests[requests["channel"] == channel]
        answered = part[part["accepted"].notna()]
        accepted = int(_flag(answered["accepted"]).sum())
        records.append({"channel": channel, "requests": len(part), "quoted": int(_flag(part["quoted"]).sum()),
                        "answered": len(answered), "accepted": accepted,
                        "acceptance_pct": _pct(accepted, len(answered))})
    return pd.DataFrame.from_records(records).set_index("channel")


def best_channel(requests: pd.DataFrame) -> str:
    """The channel whose answered quotes are most often accepted."""
    summary = channel_summary(requests)
    return str(summary["acceptance_pct"].idxmax())


def busiest_channel(requests: pd.DataFrame, year: int) -> str:
    """The channel that brought the most requests in `year`."""
    return str(requests_by_channel(requests)[year].idxmax())


def channel_table(requests: pd.DataFrame) -> pd.DataFrame:
    """Requests per channel and year, quotes sent, and the share of answered quotes accepted, labelled."""
    by_year = requests_by_channel(requests)
    summary = channel_summary(requests)
    frame = pd.DataFrame(index=[_capital(channel_label(c)) for c in CHANNELS])
    for year in by_year.columns:
        frame[_("Requests {year}").format(year=year)] = by_year[year].to_numpy()
    frame[_("Quotes sent")] = summary["quoted"].to_numpy()
    frame[_("Quotes answered")] = summary["answered"].to_numpy()
    frame[_("Accepted")] = summary["accepted"].to_numpy()
    frame[_("Accepted (% of answered)")] = [format_pct(v, 0) for v in summary["acceptance_pct"]]
    frame.index.name = _("Channel")
    return frame


# --- quote requests: speed ----------------------------------------------------------------------------------------


def days_to_quote(requests: pd.DataFrame) -> pd.Series:
    """Days from the request to the quote, for every request that got a quote (index as in `requests`)."""
    quoted = requests[requests["quote_sent_date"].notna()]
    return (quoted["quote_sent_date"] - quoted["request_date"]).dt.days.astype(int)


def yearly_quotes(requests: pd.DataFrame) -> pd.DataFrame:
    """Per year of the request: requests, quotes sent (and %), average days to quote, answered, accepted (%)."""
    records = []
    delays = days_to_quote(requests)
    for year, part in requests.groupby(requests["request_date"].dt.year):
        quoted = int(_flag(part["quoted"]).sum())
        answered = part[part["accepted"].notna()]
        accepted = int(_flag(answered["accepted"]).sum())
        part_delays = delays.reindex(part.index).dropna()
        records.append({"year": int(year), "requests": len(part), "quoted": quoted,
                        "quoted_pct": _pct(quoted, len(part)),
                        "days_to_quote": float(part_delays.mean()) if len(part_delays) else math.nan,
                        "answered": len(answered), "accepted": accepted,
                        "acceptance_pct": _pct(accepted, len(answered))})
    return pd.DataFrame.from_records(records).set_index("year")


def delay_group_label(group: tuple[int, int | None]) -> str:
    first, last = group
    if last is None:
        return _("{first} days or more").format(first=first)
    return _("{first}–{last} days").format(first=first, last=last)


def acceptance_by_delay(requests: pd.DataFrame, groups: tuple[tuple[int, int | None], ...] = DELAY_GROUPS
                        ) -> pd.DataFrame:
    """Answered quotes grouped by the days it took to send them: answered, accepted, acceptance (%)."""
    delays = days_to_quote(requests)
    answered = requests.loc[delays.index]
    answered = answered[answered["accepted"].notna()]
    records = []
    for first, last in groups:
        days = delays.reindex(answered.index)
        inside = (days >= first) & (days <= (last if last is not None else days.max()))
        part = answered[inside]
        accepted = int(_flag(part["accepted"]).sum())
        records.append({"first_day": first, "last_day": last, "answered": len(part), "accepted": accepted,
                        "acceptance_pct": _pct(accepted, len(part))})
    return pd.DataFrame.from_records(records)


def quotes_table(requests: pd.DataFrame) -> pd.DataFrame:
    """Per year: requests, quotes sent, average days from request to quote, acceptance, labelled."""
    yearly = yearly_quotes(requests)
    frame = pd.DataFrame(index=[str(year) for year in yearly.index])
    frame[_("Requests")] = yearly["requests"].to_numpy()
    frame[_("Quotes sent (% of requests)")] = [format_pct(v, 0) for v in yearly["quoted_pct"]]
    frame[_("Days from request to quote (average)")] = [format_number(v, 1) for v in yearly["days_to_quote"]]
    frame[_("Accepted (% of answered)")] = [format_pct(v, 0) for v in yearly["acceptance_pct"]]
    frame.index.name = _("Year of the request")
    return frame


# --- reviews ------------------------------------------------------------------------------------------------------


def yearly_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    """Per year of the review: reviews, average rating, replied (and %), average days to reply (replied ones)."""
    records = []
    for year, part in reviews.groupby(reviews["review_date"].dt.year):
        replies = part["reply_time_days"].dropna().astype(float)
        records.append({"year": int(year), "reviews": len(part), "average_rating": float(part["rating"].mean()),
                        "replied": len(replies), "replied_pct": _pct(len(replies), len(part)),
                        "reply_days": float(replies.mean()) if len(replies) else math.nan})
    return pd.DataFrame.from_records(records).set_index("year")


def average_rating(reviews: pd.DataFrame) -> float:
    return float(reviews["rating"].astype(float).mean())


def reply_days(reviews: pd.DataFrame, year: int) -> float:
    """Average days to reply to the reviews of `year` that got a reply."""
    return float(yearly_reviews(reviews).loc[year, "reply_days"])


def quarterly_ratings(reviews: pd.DataFrame) -> pd.DataFrame:
    """Per quarter: reviews and average rating (index: the quarter's pandas Period)."""
    quarters = reviews["review_date"].dt.to_period("Q")
    grouped = reviews.assign(rating=reviews["rating"].astype(float)).groupby(quarters)["rating"]
    frame = pd.DataFrame({"reviews": grouped.size(), "average_rating": grouped.mean()})
    frame.index.name = "quarter"
    return frame


def reviews_table(reviews: pd.DataFrame) -> pd.DataFrame:
    """Per year: reviews, average rating, share answered, average days to answer, labelled."""
    yearly = yearly_reviews(reviews)
    frame = pd.DataFrame(index=[str(year) for year in yearly.index])
    frame[_("Reviews")] = yearly["reviews"].to_numpy()
    frame[_("Average rating (stars out of 5)")] = [format_number(v, 1) for v in yearly["average_rating"]]
    frame[_("Answered")] = [format_pct(v, 0) for v in yearly["replied_pct"]]
    frame[_("Days to answer (average)")] = [format_number(v, 1) for v in yearly["reply_days"]]
    frame.index.name = _("Year of the review")
    return frame


class FullText(display.ShowsAsText):
    """A labelled table shown with its texts in full (pandas cuts long texts short); `.frame` is the DataFrame."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def _repr_html_(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            table = self.frame.to_html()
        return table.replace("<td>", '<td style="text-align:left">')


    def __str__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 200):
            return self.frame.to_string()


def low_reviews(reviews: pd.DataFrame, max_rating: int = 3) -> FullText:
    """The reviews of `max_rating` stars or fewer, oldest first, with the days the reply took (labelled)."""
    part = reviews[reviews["rating"] <= max_rating].sort_values(["review_date", "review_id"])
    frame = pd.DataFrame({
        _("Date"): [display.table_date(day) for day in part["review_date"].dt.date],
        _("Stars"): part["rating"].astype(int).to_numpy(),
        _("Review"): part["text"].to_numpy(),
        _("Answered after"): [_("no answer") if pd.isna(days) else
                              ngettext("{days} day", "{days} days", int(days)).format(days=int(days))
                              for days in part["reply_time_days"]],
    })
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return FullText(frame)


# --- jobs: hours, ratings, turnover -------------------------------------------------------------------------------


def finished_jobs(jobs: pd.DataFrame) -> pd.DataFrame:
    return jobs[jobs["completed_date"].notna() & jobs["actual_hours"].notna()]


def hours_summary(jobs: pd.DataFrame) -> dict[str, float]:
    """Finished jobs: hours quoted, hours really spent, the extra hours and what they were worth at the quotes' rates.

    `overran_pct` is the share of finished jobs that took more hours than quoted.
    """
    done = finished_jobs(jobs)
    extra = done["actual_hours"] - done["hours"]
    return {
        "jobs": len(done),
        "hours_quoted": float(done["hours"].sum()),
        "hours_spent": float(done["actual_hours"].sum()),
        "extra_hours": float(extra.sum()),
        "extra_value_eur": float((extra * done["hourly_rate_eur"]).sum()),
        "overran_pct": _pct(int((extra > 0).sum()), len(done)),
    }


def overran(jobs: pd.DataFrame, overrun_pct: float = OVERRUN_PCT) -> pd.Series:
    """True for finished jobs that took more than `overrun_pct` % more hours than quoted (index as in `jobs`)."""
    done = finished_jobs(jobs)
    return done["actual_hours"] > done["hours"] * (1 + overrun_pct / 100)


def rating_by_overrun(jobs: pd.DataFrame, reviews: pd.DataFrame, overrun_pct: float = OVERRUN_PCT) -> pd.DataFrame:
    """Reviews and average rating of the jobs that overran (index True) and of the others (False)."""
    flags = overran(jobs, overrun_pct)
    by_job = pd.Series(flags.to_numpy(), index=finished_jobs(jobs)["job_id"].to_numpy())
    rated = reviews.assign(overran=reviews["job_id"].map(by_job), rating=reviews["rating"].astype(float))
    rated = rated[rated["overran"].notna()]
    rated = rated.assign(overran=rated["overran"].astype(bool))
    grouped = rated.groupby("overran")["rating"]
    frame = pd.DataFrame({"reviews": grouped.size(), "average_rating": grouped.mean()})
    return frame.reindex([False, True])


def hours_table(jobs: pd.DataFrame, reviews: pd.DataFrame, overrun_pct: float = OVERRUN_PCT) -> pd.DataFrame:
    """Hours quoted against hours spent, the value of the extra hours, and the ratings of jobs that overran."""
    hours = hours_summary(jobs)
    ratings = rating_by_overrun(jobs, reviews, overrun_pct)
    rows = [
        (_("Number of jobs"), format_number(hours["jobs"], 0)),
        (_("Hours quoted (billed)"), _("{hours} h").format(hours=format_number(hours["hours_quoted"], 0))),
        (_("Hours really spent"), _("{hours} h").format(hours=format_number(hours["hours_spent"], 0))),
        (_("Jobs that took longer than quoted"), format_pct(hours["overran_pct"], 0)),
        (_("Extra hours, at the quotes' hourly rates (not paid)"), format_money(hours["extra_value_eur"], CURRENCY)),
        (_("Average rating, the other jobs (stars)"), format_number(ratings.loc[False, "average_rating"], 1)),
        (_("Average rating, jobs over {pct} longer than quoted (stars)").format(pct=format_pct(overrun_pct, 0)),
         format_number(ratings.loc[True, "average_rating"], 1)),
    ]
    frame = pd.DataFrame({_("Value"): [value for _label, value in rows]}, index=[label for label, _value in rows])
    years = finished_jobs(jobs)["completed_date"].dt.year
    frame.index.name = _("Jobs finished in {first}–{last}").format(first=years.min(), last=years.max())
    return frame


def turnover(jobs: pd.DataFrame) -> pd.DataFrame:
    """Per year: `won` (price of the quotes accepted that year) and `finished` (price of the pieces finished)."""
    won = jobs.groupby(jobs["accepted_date"].dt.year)["price_eur"].sum()
    done = finished_jobs(jobs)
    finished = done.groupby(done["completed_date"].dt.year)["price_eur"].sum()
    years = sorted(set(won.index) | set(finished.index))
    frame = pd.DataFrame({"won": won.reindex(years, fill_value=0.0), "finished": finished.reindex(years,
                                                                                                   fill_value=0.0)})
    frame.index = frame.index.astype(int)
    frame.index.name = "year"
    return frame.round(2)


def hourly_rate(jobs: pd.DataFrame, year: int) -> float:
    """The hourly rate most quotes accepted in `year` used."""
    part = jobs[jobs["accepted_date"].dt.year == year]
    if part.empty:
        raise CourseInputError(_("The upholsterer has no job accepted in {year}.").format(year=year))
    return float(part["hourly_rate_eur"].mode().iloc[0])


def crossing_date(jobs: pd.DataFrame, amount: float, year: int) -> date | None:
    """The day the pieces finished in `year` first add up to more than `amount` (None if they never do)."""
    done = finished_jobs(jobs)
    done = done[done["completed_date"].dt.year == year].sort_values(["completed_date", "job_id"])
    running = done["price_eur"].cumsum()
    over = done.loc[running > amount, "completed_date"]
    return over.iloc[0].date() if len(over) else None


def threshold(rule_id: str) -> dict[str, Any]:
    """One row of `tax_rules.csv` (value, source, valid_from, confidence…)."""
    row = reference.lookup("tax_rules", "rule_id", rule_id)
    if row is None:
        raise CourseInputError(_("The tax rule “{rule}” is missing from tax_rules.csv.").format(rule=rule_id))
    return row


def tax_zone(turnover_eur: float) -> str:
    """Where a year's turnover from services stands: `franchise` (no TVA), `tolerance` (TVA from 1 January next),
    `tva_due` (above the tolerance: TVA due at once) or `above_cap` (above the micro-entreprise cap too)."""
    amount = Decimal(str(turnover_eur))
    if amount > threshold(MICRO_CAP)["value"]:
        return "above_cap"
    if amount > threshold(FRANCHISE_TOLERANCE)["value"]:
        return "tva_due"
    if amount > threshold(FRANCHISE_THRESHOLD)["value"]:
        return "tolerance"
    return "franchise"


@dataclass(frozen=True)
class TaxCheck(display.Tabular):
    """A year's work against the TVA franchise and the micro-entreprise cap for services (`tax_rules.csv`)."""

    year: int
    finished: Decimal
    won: Decimal
    franchise: dict[str, Any]
    tolerance: dict[str, Any]
    cap: dict[str, Any]
    tolerance_passed_on: date | None

    @property
    def zone(self) -> str:
        return tax_zone(float(self.finished))

    @property
    def room_under_cap(self) -> Decimal:
        return self.cap["value"] - self.won

    def rows(self) -> list[tuple[str, str]]:
        def money(value: Decimal) -> str:
            return format_money(value, CURRENCY)

        rows = [
            (_("Work finished in {year} (paid when the client collects the piece)").format(year=self.year),
             money(self.finished)),
            (_("Work won in {year} (quotes accepted)").format(year=self.year), money(self.won)),
            (_(THRESHOLD_LABELS[FRANCHISE_THRESHOLD]), money(self.franchise["value"])),
            (_(THRESHOLD_LABELS[FRANCHISE_TOLERANCE]), money(self.tolerance["value"])),
        ]
        if self.tolerance_passed_on is not None:
            rows.append((_("Day the work finished passed the tolerance"),
                         display.format_date(self.tolerance_passed_on)))
        rows += [
            (_(THRESHOLD_LABELS[MICRO_CAP]) + " " + _("(from {date})").format(
                date=display.format_date(self.cap["valid_from"])), money(self.cap["value"])),
            (_("Room left under the cap at the pace of the work won"), money(self.room_under_cap)),
        ]
        return rows

    def caption(self) -> str:
        return _("The upholsterer's turnover in {year} and the thresholds for services (simulated case)").format(
            year=self.year)

    def footer(self) -> str:
        return " ".join(
            _("{what}: {source}, valid from {date}, confidence {confidence}.").format(
                what=_capital(_(THRESHOLD_LABELS[row["rule_id"]])), source=row["source"],
                date=display.format_date(row["valid_from"]), confidence=row["confidence"])
            for row in (self.franchise, self.tolerance, self.cap))


def tax_check(jobs: pd.DataFrame, year: int) -> TaxCheck:
    """The work of `year` (finished and won) beside the franchise threshold, its tolerance and the micro cap."""
    totals = turnover(jobs)
    if year not in totals.index:
        raise CourseInputError(_("The upholsterer has no work in {year}.").format(year=year))
    tolerance = threshold(FRANCHISE_TOLERANCE)
    return TaxCheck(year, Decimal(str(totals.loc[year, "finished"])), Decimal(str(totals.loc[year, "won"])),
                    threshold(FRANCHISE_THRESHOLD), tolerance, threshold(MICRO_CAP),
                    crossing_date(jobs, float(tolerance["value"]), year))


# --- one job, with and without TVA ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job(display.ShowsAsText):
    """A job as the upholsterer quotes it: hours × hourly rate + materials."""

    item_type: str
    hours: Decimal
    hourly_rate: Decimal
    materials: Decimal

    @property
    def price(self) -> Decimal:
        return (self.hours * self.hourly_rate + self.materials).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def __str__(self) -> str:
        return _("{item}: {hours} h × {rate} + {materials} of materials = {price}").format(
            item=_capital(item_label(self.item_type)), hours=format_number(self.hours, 1),
            rate=format_money(self.hourly_rate, CURRENCY), materials=format_money(self.materials, CURRENCY),
            price=format_money(self.price, CURRENCY))


def typical_job(jobs: pd.DataFrame, item_type: str = "chair", year: int = 2025) -> Job:
    """The median job of one kind accepted in `year`: median hours (to the half hour), the year's rate, median
    materials (to the euro)."""
    one_of(item_type, ITEM_LABELS, _("piece of furniture"))
    part = jobs[(jobs["item_type"] == item_type) & (jobs["accepted_date"].dt.year == year)]
    if part.empty:
        raise CourseInputError(_("The upholsterer has no {item} job accepted in {year}.").format(
            item=item_label(item_type), year=year))
    hours = Decimal(str(round(float(part["hours"].median()) * 2) / 2))
    materials = Decimal(str(float(part["materials_eur"].median()))).quantize(Decimal(1), ROUND_HALF_UP)
    return Job(item_type, hours, Decimal(str(hourly_rate(jobs, year))), materials)


def tva_services_status() -> tax.TaxStatus:
    """A micro-entrepreneur selling a service and charging TVA (contributions at the services rate)."""
    return dataclasses.replace(tax.get_tax_status("fr_micro_tva"), activity="services")


def tva_sales(job: Job) -> dict[str, pricing.Sale]:
    """The job sold three ways: under the franchise; charging TVA inside the same price; adding TVA on top."""
    cost = pricing.unit_cost(materials=job.materials, making_time_h=job.hours, hourly_rate=job.hourly_rate,
                             currency=CURRENCY)
    with_tva = tva_services_status()
    rate = tax.vat_rate_pct("FR")
    price_plus_tva = (job.price * (HUNDRED + rate) / HUNDRED).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return {
        "franchise": pricing.sell(cost, SALE_CHANNEL, job.price, "fr_micro_franchise_services"),
        "tva_same_price": pricing.sell(cost, SALE_CHANNEL, job.price, with_tva),
        "tva_added": pricing.sell(cost, SALE_CHANNEL, price_plus_tva, with_tva),
    }


TVA_SCENARIOS = {
    "franchise": N_("No TVA (franchise en base)"),
    "tva_same_price": N_("TVA inside the same price"),
    "tva_added": N_("TVA added to the price"),
}


def tva_choice(job: Job) -> pd.DataFrame:
    """What the client pays and what the upholsterer keeps per hour, without TVA and with it (two ways)."""
    sales = tva_sales(job)

    def money(value: Money) -> str:
        return format_money(value.amount, value.currency)

    labels = [
        _("The client pays"),
        _("TVA passed on to the state"),
        _("Social contributions"),
        _("Materials"),
        _("Left for your {hours} h of work").format(hours=format_number(job.hours, 1)),
        _("What you earn per hour"),
        _("Rates valid as of"),
    ]
    frame = pd.DataFrame(index=labels)
    for key, sale in sales.items():
        left = sale.net_received - sale.unit_cost.materials
        frame[_(TVA_SCENARIOS[key])] = [
            money(sale.customer_pays), money(sale.vat_due), money(sale.contributions),
            money(sale.unit_cost.materials), money(left),
            money(sale.hourly_wage) if sale.hourly_wage is not None else "",
            display.format_date(sale.valid_from),
        ]
    frame.index.name = str(job)
    return frame


# --- charts -------------------------------------------------------------------------------------------------------


def _source_note(fig) -> None:  # type: ignore[no-untyped-def]
    fig.supxlabel(_("Simulated data for teaching: the upholsterer case (datasets/upholsterer)."), x=0.01,
                  ha="left", fontsize=8, color=OKABE_ITO["black"])


def channels_chart(requests: pd.DataFrame) -> charts.Chart:
    """Requests per channel and year (left) and the share of answered quotes accepted per channel (right)."""
    by_year = requests_by_channel(requests)
    summary = channel_summary(requests)
    years = list(by_year.columns)
    last = years[-1]
    busiest, best = busiest_channel(requests, last), best_channel(requests)
    labels = [_capital(channel_label(c)) for c in CHANNELS]
    if busiest == best:
        title = _("Most requests come by {busiest}, and its quotes are accepted most often").format(
            busiest=channel_label(busiest))
    else:
        title = _("Most requests come by {busiest};\nquotes from the {best} are accepted most often").format(
            busiest=channel_label(busiest), best=channel_label(best))

    fig = charts.new_figure(10, 4.6)
    left, right = fig.subplots(1, 2)
    positions = list(range(len(CHANNELS)))[::-1]
    height = 0.8 / len(years)
    colours = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["grey"]]
    for n, year in enumerate(years):
        offsets = [p + (len(years) - 1) * height / 2 - n * height for p in positions]
        bars = left.barh(offsets, by_year[year].to_numpy(), height=height * 0.95, color=colours[n % len(colours)],
                         label=str(year))
        for bar, value in zip(bars, by_year[year], strict=True):
            left.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, str(int(value)), va="center",
                      fontsize=9)
    charts.style_axes(left, _("Quote requests per year"), _("Requests (count)"), "")
    left.set_yticks(positions, labels)
    left.tick_params(axis="y", length=0, labelsize=10)
    left.legend(frameon=False, loc="lower right")
    left.set_xlim(0, max(by_year.max()) * 1.2)

    rates = summary["acceptance_pct"].to_numpy()
    bar_colours = [OKABE_ITO["orange"] if c == best else OKABE_ITO["grey"] for c in CHANNELS]
    bars = right.barh(positions, rates, height=0.6, color=bar_colours)
    for bar, rate, answered in zip(bars, rates, summary["answered"], strict=True):
        right.text(bar.get_width() + 1.5, bar.get_y() + bar.get_height() / 2,
                   _("{pct} of {count} quotes").format(pct=format_pct(rate, 0), count=int(answered)),
                   va="center", fontsize=9)
    charts.style_axes(right, _("Quotes accepted, {first}–{last}").format(first=years[0], last=last),
                      _("Accepted (% of answered quotes)"), "")
    right.set_xlim(0, 100)
    right.set_yticks(positions, [])
    right.tick_params(axis="y", length=0)
    right.set_xticks(list(range(0, 101, 20)))
    for ax in (left, right):
        ax.set_ylim(min(positions) - 0.6, max(positions) + 0.6)
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    _source_note(fig)

    alt = _("Two bar charts. Quote requests per channel: {requests}. Share of answered quotes accepted: {rates}. "
            "Simulated data.").format(
        requests="; ".join(
            f"{channel_label(c)} " + ", ".join(f"{int(by_year.loc[c, y])} ({y})" for y in years) for c in CHANNELS),
        rates="; ".join(f"{channel_label(c)} {format_pct(summary.loc[c, 'acceptance_pct'], 0)}" for c in CHANNELS))
    return charts.show(fig, alt)


def reviews_chart(reviews: pd.DataFrame) -> charts.Chart:
    """Average rating per quarter (top) and the days each reply took, with the reviews never answered (bottom)."""
    quarters = quarterly_ratings(reviews)
    yearly = yearly_reviews(reviews)
    first, last = int(yearly.index[0]), int(yearly.index[-1])
    title = _("Ratings stayed near {rating} stars; answers went from {p1} of reviews after {d1} days ({y1})\n"
              "to {p2} after {d2} days ({y2})").format(
        rating=format_number(average_rating(reviews), 1),
        p1=format_pct(yearly.loc[first, "replied_pct"], 0), d1=format_number(yearly.loc[first, "reply_days"], 1),
        y1=first, p2=format_pct(yearly.loc[last, "replied_pct"], 0),
        d2=format_number(yearly.loc[last, "reply_days"], 1), y2=last)

    # x in days since the first quarter began, with fixed quarterly ticks (cheaper to draw than a date axis)
    origin = quarters.index[0].start_time
    quarter_starts = pd.period_range(quarters.index[0], quarters.index[-1] + 1, freq="Q")

    def x_of(dates: pd.Series | list[pd.Timestamp]) -> list[float]:
        return [(pd.Timestamp(day) - origin).days for day in dates]

    ticks_x = x_of([period.start_time for period in quarter_starts])
    tick_labels = [f"{period.year}-{period.start_time.month:02d}" for period in quarter_starts]

    fig = charts.new_figure(9, 6.2)
    top, bottom = fig.subplots(2, 1)
    middles = x_of([period.start_time + (period.end_time - period.start_time) / 2 for period in quarters.index])
    top.plot(middles, quarters["average_rating"].to_numpy(), marker="o", color=OKABE_ITO["blue"], linewidth=2)
    for x, (count, rating) in zip(middles, quarters[["reviews", "average_rating"]].to_numpy(), strict=True):
        top.annotate(_("{count} reviews").format(count=int(count)), (x, rating), textcoords="offset points",
                     xytext=(0, -16), ha="center", fontsize=8)
    charts.style_axes(top, _("Average rating per quarter"), "", _("Stars (out of 5)"))
    top.set_ylim(1, 5.3)
    top.set_yticks([1, 2, 3, 4, 5])

    replied = reviews[reviews["reply_time_days"].notna()]
    silent = reviews[reviews["reply_time_days"].isna()]
    days = replied["reply_time_days"].astype(float)
    ceiling = float(days.max()) if len(days) else 1.0
    no_reply_row = ceiling + max(4.0, ceiling * 0.2)
    bottom.scatter(x_of(replied["review_date"]), days, s=22, color=OKABE_ITO["orange"], label=_("answered"))
    bottom.scatter(x_of(silent["review_date"]), [no_reply_row] * len(silent), s=30, marker="x",
                   color=OKABE_ITO["vermillion"], label=_("never answered"))
    charts.style_axes(bottom, _("Days to answer each review"), _("Date of the review"), _("Days to answer"))
    ticks = list(range(0, int(ceiling) + 1, 5))
    bottom.set_yticks([*ticks, no_reply_row], [*map(str, ticks), _("no answer")])
    for ax in (top, bottom):
        ax.set_xlim(ticks_x[0] - 5, ticks_x[-1] + 5)
        ax.set_xticks(ticks_x, tick_labels if ax is bottom else [])
    bottom.legend(frameon=False, loc="center right")
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    _source_note(fig)

    alt = _("Two charts. Average rating per quarter: {quarters}. Reviews answered: {years}. Simulated data.").format(
        quarters="; ".join(f"{quarter_text(period.year, period.quarter)} {format_number(rating, 1)} ({int(count)})"
                           for period, (count, rating) in
                           zip(quarters.index, quarters[["reviews", "average_rating"]].to_numpy(), strict=True)),
        years="; ".join(_("{year}: {pct} of {count} reviews, after {days} days on average").format(
            year=year, pct=format_pct(row["replied_pct"], 0), count=int(row["reviews"]),
            days=format_number(row["reply_days"], 1)) for year, row in yearly.iterrows()))
    return charts.show(fig, alt)


def speed_chart(requests: pd.DataFrame) -> charts.Chart:
    """The share of answered quotes accepted, by the days it took to send the quote."""
    groups = acceptance_by_delay(requests)
    labels = [delay_group_label((int(r.first_day), None if pd.isna(r.last_day) else int(r.last_day)))
              for r in groups.itertuples()]
    rates = groups["acceptance_pct"].to_numpy()
    title = _("Quotes sent {fast} after the request were accepted {p1} of the time;\n{slow} after, {p2}").format(
        fast=labels[0], p1=format_pct(rates[0], 0), slow=labels[-1], p2=format_pct(rates[-1], 0))

    fig = charts.new_figure(8, 4.4)
    ax = fig.add_subplot()
    shades = [OKABE_ITO["grey"]] * len(labels)
    shades[0], shades[-1] = OKABE_ITO["bluish_green"], OKABE_ITO["vermillion"]
    bars = ax.bar(range(len(labels)), rates, color=shades, width=0.6)
    for bar, rate, answered in zip(bars, rates, groups["answered"], strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 1.5,
                _("{pct}\n{count} quotes").format(pct=format_pct(rate, 0), count=int(answered)), ha="center",
                fontsize=9)
    charts.style_axes(ax, title, _("Days from the request to the quote"), _("Accepted (% of answered quotes)"))
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 100)
    ax.set_yticks(list(range(0, 101, 20)))
    _source_note(fig)
    alt = _("Bar chart. Share of answered quotes accepted, by the days taken to send the quote: {groups}. "
            "Simulated data.").format(groups="; ".join(
                _("{label}: {pct} of {count} quotes").format(label=label, pct=format_pct(rate, 0), count=int(n))
                for label, rate, n in zip(labels, rates, groups["answered"], strict=True)))
    return charts.show(fig, alt)


# --- the narrative ------------------------------------------------------------------------------------------------


def narrative_figures() -> dict[str, str]:
    """Every figure of `case_studies/templates/upholsterer.md.j2`, formatted (units and currency)."""
    requests, jobs, reviews = load_requests(), load_jobs(), load_reviews()
    by_year = requests_by_channel(requests)
    summary = channel_summary(requests)
    quotes = yearly_quotes(requests)
    delays = acceptance_by_delay(requests)
    yearly = yearly_reviews(reviews)
    hours = hours_summary(jobs)
    ratings = rating_by_overrun(jobs, reviews)
    totals = turnover(jobs)
    y1, y2 = int(quotes.index[0]), int(quotes.index[-1])
    check = tax_check(jobs, y2)
    chair = typical_job(jobs, "chair", y2)
    sales = tva_sales(chair)
    best = best_channel(requests)
    busiest = busiest_channel(requests, y2)
    tva_rate = tax.vat_rate_pct("FR")
    contributions = tax.contribution_rate_pct(tax.get_tax_status("fr_micro_franchise_services"))

    def eur(value: object, decimals: int = 0) -> str:
        amount = Decimal(str(value))
        text = format_money(amount, CURRENCY)
        return text.replace(".00", "") if decimals == 0 and amount == amount.to_integral_value() else text

    def eur0(value: object) -> str:
        return format_money(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP), CURRENCY).replace(".00", "")

    def pct(value: float) -> str:
        return format_pct(value, 0)

    def money(value: Money) -> str:
        return format_money(value.amount, value.currency)

    return {
        "first_year": str(y1),
        "last_year": str(y2),
        "requests_total": format_number(len(requests), 0),
        "requests_y1": format_number(quotes.loc[y1, "requests"], 0),
        "requests_y2": format_number(quotes.loc[y2, "requests"], 0),
        "instagram_y1": format_number(by_year.loc["instagram_message", y1], 0),
        "instagram_y2": format_number(by_year.loc["instagram_message", y2], 0),
        "profile_y1": format_number(by_year.loc["business_profile", y1], 0),
        "profile_y2": format_number(by_year.loc["business_profile", y2], 0),
        "phone_y1": format_number(by_year.loc["phone", y1], 0),
        "phone_y2": format_number(by_year.loc["phone", y2], 0),
        "busiest_channel": channel_label(busiest),
        "best_channel": channel_label(best),
        "best_channel_acceptance": pct(summary.loc[best, "acceptance_pct"]),
        "instagram_acceptance": pct(summary.loc["instagram_message", "acceptance_pct"]),
        "quoted_y1": pct(quotes.loc[y1, "quoted_pct"]),
        "quoted_y2": pct(quotes.loc[y2, "quoted_pct"]),
        "acceptance_y1": pct(quotes.loc[y1, "acceptance_pct"]),
        "acceptance_y2": pct(quotes.loc[y2, "acceptance_pct"]),
        "days_to_quote_y1": format_number(quotes.loc[y1, "days_to_quote"], 1),
        "days_to_quote_y2": format_number(quotes.loc[y2, "days_to_quote"], 1),
        "fast_group": delay_group_label(DELAY_GROUPS[0]),
        "fast_acceptance": pct(delays["acceptance_pct"].iloc[0]),
        "slow_group": delay_group_label(DELAY_GROUPS[-1]),
        "slow_acceptance": pct(delays["acceptance_pct"].iloc[-1]),
        "jobs_total": format_number(len(jobs), 0),
        "jobs_finished": format_number(hours["jobs"], 0),
        "rate_y1": eur(hourly_rate(jobs, y1)),
        "rate_y2": eur(hourly_rate(jobs, y2)),
        "hours_quoted": format_number(hours["hours_quoted"], 0),
        "hours_spent": format_number(hours["hours_spent"], 0),
        "extra_hours": format_number(hours["extra_hours"], 0),
        "extra_value": eur0(hours["extra_value_eur"]),
        "overran_share": pct(hours["overran_pct"]),
        "overrun_pct": pct(OVERRUN_PCT),
        "rating_other": format_number(ratings.loc[False, "average_rating"], 1),
        "rating_overran": format_number(ratings.loc[True, "average_rating"], 1),
        "reviews_total": format_number(len(reviews), 0),
        "rating_average": format_number(average_rating(reviews), 1),
        "rating_y1": format_number(yearly.loc[y1, "average_rating"], 1),
        "rating_y2": format_number(yearly.loc[y2, "average_rating"], 1),
        "reviews_y1": format_number(yearly.loc[y1, "reviews"], 0),
        "reviews_y2": format_number(yearly.loc[y2, "reviews"], 0),
        "replied_y1": pct(yearly.loc[y1, "replied_pct"]),
        "replied_y2": pct(yearly.loc[y2, "replied_pct"]),
        "reply_days_y1": format_number(yearly.loc[y1, "reply_days"], 1),
        "reply_days_y2": format_number(yearly.loc[y2, "reply_days"], 1),
        "finished_y1": eur0(totals.loc[y1, "finished"]),
        "finished_y2": eur0(totals.loc[y2, "finished"]),
        "won_y1": eur0(totals.loc[y1, "won"]),
        "won_y2": eur0(totals.loc[y2, "won"]),
        "franchise_threshold": eur(check.franchise["value"]),
        "franchise_tolerance": eur(check.tolerance["value"]),
        "franchise_source": str(check.franchise["source"]),
        "franchise_valid_from": display.format_date(check.franchise["valid_from"]),
        "tolerance_passed_on": display.format_date(check.tolerance_passed_on) if check.tolerance_passed_on else "",
        "micro_cap": eur(check.cap["value"]),
        "micro_cap_source": str(check.cap["source"]),
        "micro_cap_valid_from": display.format_date(check.cap["valid_from"]),
        "micro_cap_confidence": str(check.cap["confidence"]),
        "room_under_cap": eur0(check.room_under_cap),
        "won_share_of_cap": pct(float(check.won / check.cap["value"] * HUNDRED)),
        "tva_rate": format_pct(tva_rate, 0),
        "contributions_rate": format_pct(contributions, 1),
        "franchise_mention": FRANCHISE_MENTION,
        "chair_hours": format_number(chair.hours, 1),
        "chair_materials": eur(chair.materials),
        "chair_price": money(Money(chair.price, CURRENCY)),
        "chair_price_with_tva": money(sales["tva_added"].customer_pays),
        "chair_hourly_franchise": money(sales["franchise"].hourly_wage),  # type: ignore[arg-type]
        "chair_hourly_same_price": money(sales["tva_same_price"].hourly_wage),  # type: ignore[arg-type]
        "chair_hourly_tva_added": money(sales["tva_added"].hourly_wage),  # type: ignore[arg-type]
        "chair_hourly_gap": money(sales["franchise"].hourly_wage - sales["tva_same_price"].hourly_wage),  # type: ignore[operator]
        "tax_valid_as_of": display.format_date(sales["franchise"].valid_from),
    }


__all__ = [
    "CHANNELS",
    "FullText",
    "Job",
    "TaxCheck",
    "acceptance_by_delay",
    "average_rating",
    "best_channel",
    "channel_summary",
    "channel_table",
    "channels_chart",
    "crossing_date",
    "days_to_quote",
    "hours_summary",
    "hours_table",
    "load_jobs",
    "load_requests",
    "load_reviews",
    "low_reviews",
    "narrative_figures",
    "quotes_table",
    "rating_by_overrun",
    "reply_days",
    "requests_by_channel",
    "reviews_chart",
    "reviews_table",
    "speed_chart",
    "tax_check",
    "tax_zone",
    "turnover",
    "tva_choice",
    "typical_job",
    "yearly_quotes",
    "yearly_reviews",
]
