"""Notebooks 01, 07 and 08: adoption figures and funnel, tool costs, the self-diagnostic, the plan, the projection.

Hand-worked examples carry their arithmetic in the comments; `pin` fails clearly when a table they rely on changes.
"""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from atelier import diagnostic, market, reference, tools
from atelier.errors import CourseInputError, UnknownNameError
from atelier.money import Money
from atelier.selfcheck import check
from tests.conftest import pin

D = Decimal

# the potter of notebook 08 (same answers as the notebook's example)
POTTER = {
    "vis_business_profile": 1, "vis_website": 0, "vis_photos": 2,
    "sell_online_channel": 1, "sell_prices_cover_costs": 1, "sell_shipping": 0,
    "rel_social_posting": 1, "rel_reviews": 2, "rel_newsletter": 0,
    "mgmt_invoicing": 1, "mgmt_stock": 2,
    "sec_backups": 0, "sec_passwords": 1, "sec_gdpr": 1,
    "skill_learning": 1, "skill_numbers": 1, "skill_collaboration": 2,
}


def all_answers(value: int) -> dict[str, int]:
    return {q.question_id: value for q in diagnostic.questions()}


# --- reference tables -------------------------------------------------------------------------------------------

def test_new_tables_load_with_evidence() -> None:
    for name in ("digital_tools", "diagnostic_questions"):
        rows = reference.rows(name)
        assert rows
        for row in rows:
            assert row["source"] and row["valid_from"] and row["confidence"] in {"H", "M", "L"}
            if row["confidence"] == "L":
                assert "assumption:" in (row["note"] or ""), row


def test_questions_cover_six_dimensions_with_12_to_18_questions() -> None:
    questions = diagnostic.questions()
    assert 12 <= len(questions) <= 18
    assert {q.dimension for q in questions} == set(diagnostic.DIMENSIONS)
    for question in questions:
        assert question.action and all(question.answers)


# --- notebook 01: market figures and the funnel ----------------------------------------------------------------

def test_funnel_hand_worked() -> None:
    pin("market_benchmarks", "value", "1.4", metric_id="web_conversion_rate_avg")
    pin("market_benchmarks", "value", "3.2", metric_id="web_conversion_rate_top20")
    # 2,500 visitors × 1.4 % = 35 orders; × 3.2 % = 80 orders
    result = market.funnel(2500)
    assert result.orders_avg == D("35.0")
    assert result.orders_top20 == D("80.0")
    assert "Littledata" in result.footer()
    # 10 orders ÷ 1.4 % = 714.28… visitors
    assert market.visitors_needed(10).quantize(D("0.01")) == D("714.29")
    assert market.orders_from(1000, 2) == D(20)


@pytest.mark.parametrize("bad", [-5, "lots", None, 12.5])
def test_funnel_rejects_bad_visitors(bad: object) -> None:
    with pytest.raises(CourseInputError):
        market.funnel(bad)


def test_figures_show_value_unit_source_and_date() -> None:
    frame = market.figures(market.UK_CRAFT)
    assert len(frame) == len(market.UK_CRAFT)
    text = frame.to_string()
    assert "£124.00" in text and "10.3 million people" in text and "Crafts Council" in text
    assert "January 2020" in text


@pytest.mark.parametrize("metric_ids", [market.FR_ADOPTION, market.UK_CRAFT])
def test_figures_show_every_word_of_each_description(metric_ids: tuple[str, ...]) -> None:
    frame = market.figures(metric_ids)
    page, text = frame._repr_html_(), repr(frame)
    for metric_id in metric_ids:
        row = market.benchmark_row(metric_id)
        assert html.escape(row["description"]) in page and row["description"] in text
        assert html.escape(row["source"]) in page and row["source"] in text
    assert "..." not in page and "..." not in text


def test_adoption_chart_alt_text_names_figures_and_source() -> None:
    chart = market.adoption_chart()
    assert "66 %" in chart.alt and "20 %" in chart.alt and "France Num" in chart.alt
    assert "66 %" in chart.fig.axes[0].get_title(loc="left")


def test_conversion_rate_refuses_other_benchmarks() -> None:
    with pytest.raises(CourseInputError):
        market.conversion_rate("cart_abandonment_rate")


# --- notebook 07: tools -----------------------------------------------------------------------------------------

def test_stack_hand_worked_with_conversion() -> None:
    pin("digital_tools", "monthly_cost", "19", tool_id="shopify_basic_uk")
    pin("digital_tools", "monthly_cost", "15", tool_id="canva_pro")
    pin("exchange_rates", "rate", "0.75", from_currency="USD", to_currency="GBP")
    # Shopify £19 + Canva Pro USD 15 × 0.75 = £11.25 + free tools → £30.25 a month, × 12 = £363.00 a year
    chosen = tools.stack(["etsy_shop", "shopify_basic_uk", "mailerlite_free", "buffer_free", "canva_pro"], "GBP")
    assert chosen.monthly == Money(D("30.25"), "GBP")
    assert chosen.yearly == Money(D("363.00"), "GBP")
    assert chosen.valid_from == reference.valid_as_of("exchange_rates")  # converted: the rates' date counts


def test_stack_in_euros() -> None:
    pin("digital_tools", "monthly_cost", "5.20", tool_id="google_workspace_fr")
    pin("exchange_rates", "rate", "0.86", from_currency="USD", to_currency="EUR")
    # €5.20 + USD 10 × 0.86 = €8.60 → €13.80 a month, €165.60 a year
    chosen = tools.stack(["google_workspace_fr", "mailerlite_growing"], "EUR")
    assert chosen.monthly == Money(D("13.80"), "EUR")
    assert chosen.yearly == Money(D("165.60"), "EUR")


def test_shared_cost_hand_worked() -> None:
    # a Shopify Basic year, £19 × 12 = £228, shared by 4 → £57.00 each
    share = tools.shared_cost(tools.tool_yearly_cost("shopify_basic_uk", "GBP"), 4, "GBP")
    assert share.per_artisan == Money(D("57.00"), "GBP")
    # £100 shared by 3 → £33.33 each (rounded to the penny)
    assert tools.shared_cost(100, 3, "GBP").per_artisan == Money(D("33.33"), "GBP")


@pytest.mark.parametrize(("tool_ids", "currency"), [
    (["shopify_basic_uk"], "EUR"),  # a UK price in euros
    (["henrri_fr"], "GBP"),  # a French tool in pounds
    (["no_such_tool"], "GBP"),
    ([], "GBP"),
    ("shopify_basic_uk", "GBP"),  # not a list
    (["canva_free", "canva_free"], "GBP"),
    (["canva_free"], "USD"),  # the learner's currency must be GBP or EUR
])
def test_stack_rejects_bad_input(tool_ids: object, currency: str) -> None:
    with pytest.raises(CourseInputError):
        tools.stack(tool_ids, currency)  # type: ignore[arg-type]


@pytest.mark.parametrize(("total", "artisans"), [(100, 0), (100, 2.5), (-10, 2), ("a lot", 3)])
def test_shared_cost_rejects_bad_input(total: object, artisans: object) -> None:
    with pytest.raises(CourseInputError):
        tools.shared_cost(total, artisans, "GBP")


def test_catalogue_filters_by_region_and_category() -> None:
    uk = tools.catalogue("GBP")
    ids = set(uk.iloc[:, 0])
    assert "shopify_basic_uk" in ids and "henrri_fr" not in ids and "canva_pro" in ids
    newsletters = tools.catalogue("EUR", "newsletter")
    assert set(newsletters.iloc[:, 0]) == {"mailerlite_free", "mailerlite_growing"}
    with pytest.raises(UnknownNameError):
        tools.catalogue("GBP", "telepathy")


def test_stack_chart_title_states_the_total() -> None:
    chosen = tools.stack(["shopify_basic_uk", "canva_free"], "GBP")
    chart = tools.stack_chart(chosen)
    assert "£228.00" in chart.fig.axes[0].get_title(loc="left")
    assert "Shopify Basic" in chart.alt


# --- notebook 08: the diagnostic --------------------------------------------------------------------------------

def test_score_hand_worked_potter() -> None:
    pin("diagnostic_questions", "weight", "2", question_id="sell_prices_cover_costs")
    pin("diagnostic_questions", "weight", "2", question_id="sec_backups")
    result = diagnostic.score(POTTER)
    # visibility: (1 + 0 + 2) / 9 = 33.3 %
    assert result.scores["visibility"].quantize(D("0.1")) == D("33.3")
    # selling online: (1 + 2×1 + 0) / (3 + 6 + 3) = 3 / 12 = 25 %
    assert result.scores["selling_online"] == D(25)
    # data and security: (2×0 + 1 + 1) / (6 + 3 + 3) = 2 / 12 = 16.7 %
    assert result.scores["data_security"].quantize(D("0.1")) == D("16.7")
    # management tools: (1 + 2) / 6 = 50 %
    assert result.scores["management_tools"] == D(50)
    assert result.weakest == "data_security"
    assert result.strongest == "management_tools"


def test_score_extremes_and_ties() -> None:
    assert all(value == 0 for value in diagnostic.score(all_answers(0)).scores.values())
    full = diagnostic.score(all_answers(3))
    assert all(value == 100 for value in full.scores.values())
    # all equal: the first dimension of the table is both weakest and strongest
    assert full.weakest == "visibility" and full.strongest == "visibility"


def test_answers_accept_numbers_written_differently() -> None:
    answers = {**POTTER, "vis_website": "2", "vis_photos": 3.0}
    assert diagnostic.check_answers(answers)["vis_website"] == 2
    assert diagnostic.check_answers(answers)["vis_photos"] == 3


@pytest.mark.parametrize("bad", [
    {**POTTER, "vis_website": 4},  # out of range
    {**POTTER, "vis_website": -1},
    {**POTTER, "vis_website": 1.5},  # not a whole number
    {**POTTER, "vis_website": "two"},
    {**POTTER, "vis_website": True},
    {**POTTER, "vis_website": ...},  # not answered yet
    {**POTTER, "vis_websit": 1},  # misspelt id
    {k: v for k, v in POTTER.items() if k != "sec_gdpr"},  # missing
    [1, 2, 3],  # not a dictionary
])
def test_score_rejects_bad_answers(bad: object) -> None:
    with pytest.raises(CourseInputError):
        diagnostic.score(bad)


def test_missing_answer_message_names_the_question() -> None:
    with pytest.raises(CourseInputError, match="sec_gdpr"):
        diagnostic.score({k: v for k, v in POTTER.items() if k != "sec_gdpr"})


def test_plan_potter_weakest_dimension_first_best_ratio_within() -> None:
    pin("diagnostic_questions", "effort", "1", question_id="sec_backups")
    pin("diagnostic_questions", "impact", "3", question_id="sec_backups")
    steps = diagnostic.plan_steps(diagnostic.score(POTTER))
    assert len(steps) == 6
    # dimensions by score: data & security 16.7, selling 25, visibility 33.3 = relationship 33.3 (table order),
    # skills 44.4, management 50 → round 1 takes one action from each, weakest first
    assert [s.question.dimension for s in steps] == [
        "data_security", "selling_online", "visibility", "customer_relationship", "skills", "management_tools"]
    # data & security: backups (answer 0, impact 3 / effort 1) before passwords (answer 1, 3 / 1) and GDPR (2 / 2)
    assert steps[0].question.question_id == "sec_backups"
    # selling: prices (3 / 1) before shipping (2 / 1) and the channel (3 / 2)
    assert steps[1].question.question_id == "sell_prices_cover_costs"
    # two actions a month over three months
    assert [s.month for s in steps] == [1, 1, 2, 2, 3, 3]


def test_plan_goes_round_dimensions_when_few_are_low() -> None:
    answers = {**all_answers(3), "sec_backups": 0, "sec_passwords": 1, "sec_gdpr": 0, "vis_photos": 1}
    steps = diagnostic.plan_steps(diagnostic.score(answers), max_actions=3)
    # security (0 + 1 + 0 → 1/12) is weakest; visibility (7/9) next: security, visibility, then security again
    assert [s.question.question_id for s in steps] == ["sec_backups", "vis_photos", "sec_passwords"]
    assert [s.month for s in steps] == [1, 2, 3]


def test_plan_is_empty_when_nothing_is_low() -> None:
    result = diagnostic.score(all_answers(2))
    assert diagnostic.plan_steps(result) == []
    assert len(diagnostic.action_plan(result)) == 0


@pytest.mark.parametrize("bad", [-1, "six", 100])
def test_plan_rejects_bad_number_of_actions(bad: object) -> None:
    with pytest.raises(CourseInputError):
        diagnostic.action_plan(diagnostic.score(POTTER), max_actions=bad)


def test_radar_alt_text_states_weakest_and_strongest() -> None:
    chart = diagnostic.radar_chart(diagnostic.score(POTTER))
    assert "weakest: Data and security" in chart.alt
    assert "Strongest dimension: Management tools" in chart.alt


# --- notebook 08: the projection --------------------------------------------------------------------------------

def test_projection_hand_worked_shopify() -> None:
    pin("channel_fees", "rate_pct", "2", channel_id="shopify_basic_uk", fee_id="card_payment")
    pin("channel_fees", "fixed_amount", "0.25", channel_id="shopify_basic_uk", fee_id="card_payment")
    pin("course_defaults", "value", "12", parameter="projection_months")
    result = diagnostic.projection(10, 50, 10, channel="shopify_basic_uk", making_cost_pct=40,
                                   tools=["shopify_basic_uk"], tax_status="uk_not_vat_registered")
    assert len(result.months) == 12
    first, second = result.months[0], result.months[1]
    # month 1: 10 orders × £50 = £500; fees 10 × (2 % × 50 + 0.25 = £1.25) = £12.50; tools £19; making 40 % = £200
    # margin = 500 − 12.50 − 19 − 200 = £268.50
    assert first.revenue == Money(D("500.00"), "GBP")
    assert first.fees == Money(D("12.50"), "GBP")
    assert first.tools == Money(D("19.00"), "GBP")
    assert first.making == Money(D("200.00"), "GBP")
    assert first.margin == Money(D("268.50"), "GBP")
    # month 2: 11 orders → £550; fees £13.75; making £220; margin 550 − 13.75 − 19 − 220 = £297.25
    assert second.orders == D("11.00")
    assert second.margin == Money(D("297.25"), "GBP")
    # month 12: 10 × 1.1^11 = 28.53 orders
    assert result.months[-1].orders == D("28.53")


def test_projection_french_micro_entrepreneur() -> None:
    pin("tax_rules", "value", "12.3", rule_id="fr_micro_social_goods_rate")
    pin("tax_rules", "value", "0.3", rule_id="fr_micro_training_artisan_rate")
    pin("tax_rules", "value", "0.22", rule_id="fr_micro_chamber_goods_rate")
    pin("channel_fees", "rate_pct", "1.5", channel_id="stripe_web_shop_fr", fee_id="card_payment")
    pin("channel_fees", "fixed_amount", "0.25", channel_id="stripe_web_shop_fr", fee_id="card_payment")
    result = diagnostic.projection(20, 40, 0, channel="stripe_web_shop_fr", making_cost_pct=30, tools=5,
                                   tax_status="fr_micro_franchise", months=3)
    month = result.months[0]
    # 20 × €40 = €800; contributions (12.3 + 0.3 + 0.22) % = 12.82 % × 800 = €102.56;
    # fees 20 × (1.5 % × 40 + 0.25 = €0.85) = €17.00; tools €5; making 30 % = €240
    # → margin 800 − 102.56 − 17 − 5 − 240 = €435.44
    assert month.contributions == Money(D("102.56"), "EUR")
    assert month.fees == Money(D("17.00"), "EUR")
    assert month.margin == Money(D("435.44"), "EUR")
    assert result.total("margin") == Money(D("1306.32"), "EUR")  # no growth: 3 × 435.44


def test_projection_vat_registered_takes_vat_out() -> None:
    result = diagnostic.projection(10, 60, 0, channel="stripe_web_shop_uk", making_cost_pct=0,
                                   tax_status="uk_vat_registered", months=1)
    # £600 including 20 % VAT → VAT = 600 × 20 / 120 = £100
    assert result.months[0].vat == Money(D("100.00"), "GBP")


@pytest.mark.parametrize("kwargs", [
    {"orders_per_month": -1},
    {"average_order_value": "cheap"},
    {"monthly_growth_pct": -100},
    {"monthly_growth_pct": 150},
    {"making_cost_pct": 120},
    {"months": 0},
    {"channel": "no_such_channel"},
    {"tax_status": "fr_micro_franchise"},  # a French status on a UK channel
    {"tools": ["henrri_fr"]},  # a French tool in pounds
])
def test_projection_rejects_bad_input(kwargs: dict[str, object]) -> None:
    arguments: dict[str, object] = {"orders_per_month": 10, "average_order_value": 50, "monthly_growth_pct": 5,
                                    "channel": "shopify_basic_uk", "making_cost_pct": 40}
    arguments.update(kwargs)
    with pytest.raises(CourseInputError):
        diagnostic.projection(**arguments)  # type: ignore[arg-type]


def test_projection_chart_says_when_it_loses_money() -> None:
    losing = diagnostic.projection(1, 10, 0, channel="shopify_basic_uk", making_cost_pct=50,
                                   tools=["shopify_basic_uk"], months=3)
    chart = diagnostic.projection_chart(losing)
    assert "lose money" in chart.fig.axes[0].get_title(loc="left")


# --- self-checks ------------------------------------------------------------------------------------------------

def test_self_checks_nb01() -> None:
    assert check("nb01.not_selling", 74).passed
    assert not check("nb01.not_selling", 26).passed
    assert check("nb01.orders_2500", 35).passed
    assert not check("nb01.orders_2500", 80).passed
    assert check("nb01.visitors_for_10", 714).passed
    assert check("nb01.visitors_for_10", 10 * 100 / 1.4).passed
    assert not check("nb01.visitors_for_10", 14).passed
    assert check("nb01.challenges", " d ").passed
    assert not check("nb01.challenges", "A").passed
    assert not check("nb01.orders_2500", "thirty").passed  # a word: a hint, not a traceback


def test_self_checks_nb07() -> None:
    assert check("nb07.example_yearly", 363).passed
    assert not check("nb07.example_yearly", D("30.25")).passed
    assert check("nb07.shared_per_month", 4.75).passed
    assert not check("nb07.shared_per_month", 57).passed
    assert check("nb07.owned_audience", "b").passed
    assert not check("nb07.owned_audience", "A").passed


def test_self_checks_nb08() -> None:
    assert check("nb08.answers", POTTER).passed
    assert not check("nb08.answers", {**POTTER, "vis_website": 7}).passed
    diagnostic.score(POTTER)
    assert check("nb08.weakest", "Data and security").passed
    assert check("nb08.weakest", "data_security").passed
    assert not check("nb08.weakest", "Skills").passed
    assert not check("nb08.weakest", "Pottery").passed
    result = diagnostic.projection(10, 50, 10, channel="shopify_basic_uk", making_cost_pct=40)
    assert check("nb08.year_margin", result.total("margin").amount).passed
    assert not check("nb08.year_margin", result.total("revenue").amount).passed


@pytest.mark.parametrize("months", [2.5, "2,5", -1, 0])
def test_a_projection_needs_a_whole_number_of_months(months: object) -> None:
    with pytest.raises(CourseInputError):
        diagnostic.projection(20, 40, 0, channel="stripe_web_shop_fr", making_cost_pct=30, tools=5,
                              tax_status="fr_micro_franchise", months=months)
