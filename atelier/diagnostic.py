"""Notebook 08: the digital self-diagnostic, the 90-day action plan, and a 12-month projection.

The questions, their weights and the actions come from `diagnostic_questions.csv`; the fees of a projection from
`channel_fees.csv`, its tools from `digital_tools.csv`, its length from `course_defaults.csv`.

Scores: each answer is 0–3; a dimension's score is the weighted mean of its answers as a share of the maximum
(3), in percent. The plan takes the questions answered 0 or 1, weakest dimension first, and in each dimension the
action with the best impact for its effort; it goes round the dimensions so that the plan does not pile up in one.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from atelier import charts, display, reference
from atelier import tools as tool_costs
from atelier.channels import get_channel
from atelier.charts import OKABE_ITO
from atelier.errors import CourseInputError, as_decimal, at_most, not_negative, whole_number
from atelier.i18n import N_, _, format_money, format_number, format_pct, language
from atelier.money import Money
from atelier.pricing import fees
from atelier.tax import check_region, contribution_rate_pct, get_tax_status, vat_rate_pct

HUNDRED = Decimal(100)
MAX_ANSWER = 3
LOW_ANSWER = 1  # an answer of 0 or 1 calls for an action

DIMENSIONS = {
    "visibility": N_("Visibility"),
    "selling_online": N_("Selling online"),
    "customer_relationship": N_("Customer relationship"),
    "management_tools": N_("Management tools"),
    "data_security": N_("Data and security"),
    "skills": N_("Skills"),
}
EFFORT = {1: N_("a few hours"), 2: N_("a few days"), 3: N_("several weeks")}
IMPACT = {1: N_("small"), 2: N_("medium"), 3: N_("large")}

_LAST: dict[str, object] = {}  # the learner's last diagnostic and projection, for the self-checks


def dimension_label(dimension: str) -> str:
    return _(DIMENSIONS[dimension])


@dataclass(frozen=True)
class Question:
    question_id: str
    dimension: str
    text: str
    answers: tuple[str, str, str, str]
    weight: int
    action: str
    effort: int
    impact: int


@functools.cache
def _questions(folder: object, lang: str) -> tuple[Question, ...]:
    return tuple(
        Question(row["question_id"], row["dimension"], row["text"],
                 (row["answer_0"], row["answer_1"], row["answer_2"], row["answer_3"]),
                 row["weight"], row["action_if_low"], row["effort"], row["impact"])
        for row in reference.rows("diagnostic_questions", lang)
    )


def questions() -> tuple[Question, ...]:
    """The diagnostic's questions, in the table's order."""
    return _questions(reference.reference_dir(), language())


def questions_table() -> pd.DataFrame:
    """The questions and what each answer 0–3 means, to read before answering."""
    records = [{
        _("Question id"): q.question_id,
        _("Dimension"): dimension_label(q.dimension),
        _("Question"): q.text,
        "0": q.answers[0], "1": q.answers[1], "2": q.answers[2], "3": q.answers[3],
    } for q in questions()]
    frame = pd.DataFrame.from_records(records)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


def check_answers(answers: object) -> dict[str, int]:
    """The answers as {question_id: 0–3}; anything missing, unknown or out of range gets a plain explanation."""
    if not isinstance(answers, dict):
        raise CourseInputError(_("Give your answers as a dictionary between curly brackets, "
                                 "like {\"vis_website\": 2, …}."))
    known = [q.question_id for q in questions()]
    unknown = [str(key) for key in answers if key not in known]
    if unknown:
        raise CourseInputError(_("These questions do not exist: {unknown}. Check the spelling against the "
                                 "question ids in the table.").format(unknown=", ".join(unknown)))
    missing = [key for key in known if key not in answers]
    if missing:
        raise CourseInputError(_("Some questions have no answer yet: {missing}. Give each one a number from "
                                 "0 to 3.").format(missing=", ".join(missing)))
    result = {}
    for key in known:
        value = answers[key]
        if value is None or value is ...:
            raise CourseInputError(_("The question {id} has no answer yet: give it a number from 0 to 3.").format(
                id=key))
        number = as_decimal(value, _("the answer to {id}").format(id=key))
        if number != number.to_integral_value() or not 0 <= number <= MAX_ANSWER:
            raise CourseInputError(_("The answer to {id} must be 0, 1, 2 or 3; you gave {value}.").format(
                id=key, value=value))
        result[key] = int(number)
    return result


@dataclass(frozen=True)
class Diagnostic(display.Tabular):
    """The learner's answers and the score of each dimension (percent of the maximum)."""

    answers: dict[str, int]
    scores: dict[str, Decimal]

    @property
    def weakest(self) -> str:
        """The dimension with the lowest score (the first in the table's order if several tie)."""
        return min(self.scores, key=lambda d: (self.scores[d], list(DIMENSIONS).index(d)))

    @property
    def strongest(self) -> str:
        return max(self.scores, key=lambda d: (self.scores[d], -list(DIMENSIONS).index(d)))

    @property
    def overall(self) -> Decimal:
        """The mean of the six dimension scores, in percent."""
        return sum(self.scores.values(), Decimal(0)) / len(self.scores)

    def rows(self) -> list[tuple[str, str]]:
        rows = [(dimension_label(d), format_pct(self.scores[d], 0)) for d in DIMENSIONS]
        rows.append((_("Overall"), format_pct(self.overall, 0)))
        return rows

    def footer(self) -> str:
        return _("Weakest: {weak}. Strongest: {strong}. 100 % means every answer is 3.").format(
            weak=dimension_label(self.weakest), strong=dimension_label(self.strongest))

    def caption(self) -> str:
        return _("Your digital maturity, by dimension")


def score(answers: object) -> Diagnostic:
    """Each dimension's score: the weighted mean of its answers as a share of the maximum, in percent."""
    checked = check_answers(answers)
    totals: dict[str, Decimal] = {d: Decimal(0) for d in DIMENSIONS}
    maxima: dict[str, Decimal] = {d: Decimal(0) for d in DIMENSIONS}
    for question in questions():
        totals[question.dimension] += question.weight * checked[question.question_id]
        maxima[question.dimension] += question.weight * MAX_ANSWER
    scores = {d: totals[d] / maxima[d] * HUNDRED for d in DIMENSIONS if maxima[d]}
    result = Diagnostic(checked, scores)
    _LAST["diagnostic"] = result
    return result


def radar_chart(result: Diagnostic) -> charts.Chart:
    """A radar (spider) chart of the six dimension scores, 0–100 %."""
    names = list(result.scores)
    values = [float(result.scores[d]) for d in names]
    angles = [2 * math.pi * i / len(names) for i in range(len(names))]
    fig = charts.new_figure(7.5, 6.5)
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(math.pi / 2)  # first dimension at the top
    ax.set_theta_direction(-1)  # then clockwise
    closed_angles, closed_values = [*angles, angles[0]], [*values, values[0]]
    ax.plot(closed_angles, closed_values, color=OKABE_ITO["blue"], linewidth=2)
    ax.fill(closed_angles, closed_values, color=OKABE_ITO["sky_blue"], alpha=0.35)
    weak, strong = result.weakest, result.strongest
    for angle, value, name in zip(angles, values, names, strict=True):
        colour = OKABE_ITO["vermillion"] if name == weak else OKABE_ITO["blue"]
        ax.plot([angle], [value], "o", color=colour, markersize=9 if name == weak else 6)
    ax.set_xticks(angles, [f"{dimension_label(d)}\n{format_pct(result.scores[d], 0)}" for d in names], fontsize=10)
    ax.tick_params(axis="x", pad=14)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100], ["25 %", "50 %", "75 %", "100 %"], fontsize=8, color=OKABE_ITO["grey"])
    ax.set_rlabel_position(360 / len(names) / 2)
    ax.spines["polar"].set_color(OKABE_ITO["grey"])
    ax.grid(color=OKABE_ITO["grey"], alpha=0.4)
    ax.set_title(_("Strongest: {strong} ({s}); weakest: {weak} ({w})").format(
        strong=dimension_label(strong), s=format_pct(result.scores[strong], 0),
        weak=dimension_label(weak), w=format_pct(result.scores[weak], 0)),
        loc="center", fontsize=12, fontweight="bold", pad=30)
    alt = _("Radar chart of your digital maturity from 0 to 100 %: {items}. Strongest dimension: {strong}; "
            "weakest: {weak}.").format(
        items="; ".join(f"{dimension_label(d)} {format_pct(result.scores[d], 0)}" for d in names),
        strong=dimension_label(strong), weak=dimension_label(weak))
    return charts.show(fig, alt)


@dataclass(frozen=True)
class Step:
    question: Question
    answer: int
    month: int  # 1, 2 or 3


def plan_steps(result: Diagnostic, max_actions: object = 6) -> list[Step]:
    """The prioritised actions: answers of 0 or 1, weakest dimension first, best impact for the effort first."""
    limit = int(at_most(not_negative(max_actions, _("the number of actions")), Decimal(len(questions())),
                        _("the number of actions")))
    order = sorted(result.scores, key=lambda d: (result.scores[d], list(DIMENSIONS).index(d)))
    table_order = {q.question_id: i for i, q in enumerate(questions())}
    queues = {
        d: sorted((q for q in questions() if q.dimension == d and result.answers[q.question_id] <= LOW_ANSWER),
                  key=lambda q: (-Decimal(q.impact) / q.effort, result.answers[q.question_id],
                                 table_order[q.question_id]))
        for d in order
    }
    chosen: list[tuple[Question, int]] = []
    while len(chosen) < limit and any(queues.values()):
        for d in order:  # one action per dimension per round, weakest dimension first
            if queues[d] and len(chosen) < limit:
                question = queues[d].pop(0)
                chosen.append((question, result.answers[question.question_id]))
    count = len(chosen)
    return [Step(q, answer, 1 + (i * 3) // count) for i, (q, answer) in enumerate(chosen)]


def action_plan(result: Diagnostic, max_actions: object = 6) -> pd.DataFrame:
    """The 90-day plan as a table: when, which dimension, the action, its effort and impact."""
    steps = plan_steps(result, max_actions)
    records = [{
        _("When"): _("Month {n}").format(n=step.month),
        _("Dimension"): dimension_label(step.question.dimension),
        _("Action"): step.question.action,
        _("Effort"): _(EFFORT[step.question.effort]),
        _("Impact"): _(IMPACT[step.question.impact]),
        _("Your answer"): f"{step.answer} / {MAX_ANSWER}",
    } for step in steps]
    columns = [_("When"), _("Dimension"), _("Action"), _("Effort"), _("Impact"), _("Your answer")]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


@dataclass(frozen=True)
class Month:
    month: int
    orders: Decimal
    revenue: Money  # what buyers pay for the pieces
    vat: Money  # VAT passed on (when registered)
    fees: Money  # platform and payment fees
    contributions: Money  # micro-entrepreneur contributions on turnover
    tools: Money  # monthly cost of the tools
    making: Money  # cost of making the pieces (materials and your time)
    margin: Money  # what is left


@dataclass(frozen=True)
class Projection(display.ShowsAsText):
    """A month-by-month projection of online sales, with fees, tools and the cost of making."""

    channel_name: str
    currency: str
    months: tuple[Month, ...]
    valid_from: object
    checked_on: object = None  # the oldest checked_on of the rows used (channel, defaults, tax rules, tools)

    def total(self, field: str) -> Money:
        return Money(sum((getattr(m, field).amount for m in self.months), Decimal(0)), self.currency)

    def table(self) -> pd.DataFrame:
        def money(value: Money) -> str:
            return format_money(value.amount, value.currency)

        records = [{
            _("Month"): m.month,
            _("Orders"): format_number(m.orders, 1),
            _("Sales"): money(m.revenue),
            _("VAT and contributions"): money(m.vat + m.contributions),
            _("Fees"): money(m.fees),
            _("Tools"): money(m.tools),
            _("Making the pieces"): money(m.making),
            _("Margin"): money(m.margin),
        } for m in self.months]
        frame = pd.DataFrame.from_records(records).set_index(_("Month"))
        return frame

    def summary_rows(self) -> list[tuple[str, str]]:
        return [
            (_("Sales over {n} months").format(n=len(self.months)), str(self.total("revenue"))),
            (_("Fees"), str(self.total("fees"))),
            (_("Tools"), str(self.total("tools"))),
            (_("Margin over {n} months").format(n=len(self.months)), str(self.total("margin"))),
        ]

    def caption(self) -> str:
        return _("Your {n}-month projection").format(n=len(self.months))

    def footer(self) -> str:
        if self.checked_on is None:
            return _("Fees of {channel}; fees, rates and tool prices valid as of {date}.").format(
                channel=self.channel_name, date=display.format_date(self.valid_from))  # type: ignore[arg-type]
        return _("Fees of {channel}; fees, rates and tool prices valid as of {date}, checked against their sources "
                 "on {checked}.").format(channel=self.channel_name,
                                         date=display.format_date(self.valid_from),  # type: ignore[arg-type]
                                         checked=display.format_date(self.checked_on))  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        summary = display.html_table(self.summary_rows(), self.caption(), self.footer())
        return summary + self.table().to_html()


    def __str__(self) -> str:
        return display.text_table(self.summary_rows(), self.caption(), self.footer()) + "\n" + self.table().to_string()


def _tools_monthly(chosen: object, currency: str) -> tuple[Money, object]:
    if isinstance(chosen, tool_costs.Stack):
        chosen.monthly.same_currency(Money.zero(currency))
        return chosen.monthly, chosen.valid_from
    if isinstance(chosen, (list, tuple)):
        if not chosen:
            return Money.zero(currency), None
        picked = tool_costs.stack(list(chosen), currency)
        return picked.monthly, picked.valid_from
    if isinstance(chosen, Money):
        chosen.same_currency(Money.zero(currency))
        return chosen, None
    return Money(not_negative(chosen, _("the monthly cost of your tools")), currency), None


def projection(
    orders_per_month: object,
    average_order_value: object,
    monthly_growth_pct: object,
    *,
    channel: str,
    making_cost_pct: object,
    tools: object = (),
    tax_status: str | None = None,
    months: object | None = None,
) -> Projection:
    """Online sales month by month: orders grow by `monthly_growth_pct` a month from `orders_per_month` now.

    Each month: sales = orders × average order value; fees = orders × the channel's fees on one order
    (`channel_fees.csv`, postage left out: it is paid by the buyer and passed to the carrier); tools = the monthly
    cost of `tools` (a list of tool ids from notebook 07, or an amount); making the pieces = `making_cost_pct` % of
    sales; VAT (if registered) and micro-entrepreneur contributions follow `tax_status`; margin = what is left.
    """
    found = get_channel(channel)
    currency = found.currency
    orders_now = not_negative(orders_per_month, _("the number of orders a month"))
    value = not_negative(average_order_value, _("the average order value"))
    growth = as_decimal(monthly_growth_pct, _("the monthly growth"))
    if growth <= -100:
        raise CourseInputError(_("The monthly growth must be more than −100 %; you gave {value} %.").format(
            value=monthly_growth_pct))
    at_most(growth, HUNDRED, _("the monthly growth"), "%")
    making_pct = at_most(not_negative(making_cost_pct, _("the cost of making"), "%"), HUNDRED,
                         _("the cost of making"), "%")
    count = int(reference.default("projection_months")) if months is None else int(
        at_most(Decimal(whole_number(months, _("the number of months"))), Decimal(60), _("the number of months")))
    if count < 1:
        raise CourseInputError(_("The projection needs at least 1 month."))
    monthly_tools, tools_valid = _tools_monthly(tools, currency)
    status = get_tax_status(tax_status) if tax_status is not None else None
    if status is not None:
        check_region(status, found.region)
    vat_pct = vat_rate_pct(found.region) if status is not None and status.vat_registered else Decimal(0)
    contribution_pct = contribution_rate_pct(status) if status is not None else Decimal(0)
    per_order_fees = fees(found, value).total if value > 0 else Money.zero(currency)

    rows = []
    for month in range(1, count + 1):
        orders = orders_now * (1 + growth / HUNDRED) ** (month - 1)
        revenue = Money(orders * value, currency).rounded()
        vat = (revenue * vat_pct / (HUNDRED + vat_pct)).rounded()
        fee_total = (per_order_fees * orders).rounded()
        contributions = ((revenue - vat) * contribution_pct / HUNDRED).rounded()
        making = ((revenue - vat) * making_pct / HUNDRED).rounded()
        margin = revenue - vat - fee_total - contributions - monthly_tools - making
        rows.append(Month(month, orders.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), revenue, vat, fee_total,
                          contributions, monthly_tools.rounded(), making, margin.rounded()))
    dates = [found.valid_from, reference.valid_as_of("course_defaults")]
    if status is not None:
        dates.append(reference.valid_as_of("tax_rules"))
    if tools_valid is not None:
        dates.append(tools_valid)
    checked = [day for day in (found.checked_on, reference.checked_on("course_defaults"),
                               reference.checked_on("tax_rules") if status is not None else None) if day is not None]
    result = Projection(found.name, currency, tuple(rows), max(dates), min(checked) if checked else None)
    _LAST["projection"] = result
    return result


def projection_chart(result: Projection) -> charts.Chart:
    """Sales (bars) and margin (line) month by month, in the projection's currency."""
    currency = result.currency
    months = [m.month for m in result.months]
    sales = [float(m.revenue.amount) for m in result.months]
    costs = [float((m.vat + m.fees + m.contributions + m.tools + m.making).amount) for m in result.months]
    margins = [float(m.margin.amount) for m in result.months]
    fig = charts.new_figure(8, 4.5)
    ax = fig.add_subplot()
    ax.bar(months, sales, color=OKABE_ITO["sky_blue"], label=_("Sales"), width=0.7)
    ax.plot(months, costs, color=OKABE_ITO["vermillion"], marker="s", linewidth=2,
            label=_("Fees, tools, making and taxes"))
    ax.plot(months, margins, color=OKABE_ITO["blue"], marker="o", linewidth=2.5, label=_("Margin"))
    ax.axhline(0, color=OKABE_ITO["black"], linewidth=0.8)
    first, last = result.months[0].margin, result.months[-1].margin
    if last.amount < 0:
        title = _("At these numbers your online sales lose money: {last} in month {n}").format(
            last=last, n=len(months))
    else:
        title = _("Your monthly margin goes from {first} to {last} in {n} months").format(
            first=first, last=last, n=len(months))
    charts.style_axes(ax, title, _("Month"), _("Amount per month ({currency})").format(currency=currency))
    ax.set_xticks(months)
    ax.legend(frameon=False, loc="upper left")
    alt = _("Bar and line chart over {n} months: sales from {s1} to {s2}; margin from {first} to {last}.").format(
        n=len(months), s1=result.months[0].revenue, s2=result.months[-1].revenue, first=first, last=last)
    return charts.show(fig, alt)


def last(kind: str) -> object | None:
    """The learner's last diagnostic ("diagnostic") or projection ("projection"), for the self-checks."""
    return _LAST.get(kind)
