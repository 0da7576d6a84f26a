"""The upholsterer's analyses (lesson 06): hand-made frames with hand-worked results, the story the data must tell,
the charts, the narrative figures, the self-checks, the trust checklist, and the trainer notes' expected answers."""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from atelier import narratives
from atelier.analytics import upholsterer as case
from atelier.errors import CourseInputError, UnknownNameError
from atelier.selfcheck import check
from atelier.selfchecks import nb06
from tests.conftest import ROOT, pin

D = Decimal
NA = pd.NA


# --- small hand-made frames, typed as `atelier.casestudy.load` types them --------------------------------------------


def requests_frame(rows: list[tuple]) -> pd.DataFrame:
    """rows: (request_id, request_date, channel, quote_sent_date or None, accepted True/False/None)."""
    frame = pd.DataFrame.from_records(
        [{"request_id": r[0], "request_date": r[1], "channel": r[2], "item_type": "chair",
          "quoted": r[3] is not None, "quote_sent_date": r[3], "quote_eur": 100.0 if r[3] else None,
          "accepted": r[4]} for r in rows])
    frame["request_date"] = pd.to_datetime(frame["request_date"])
    frame["quote_sent_date"] = pd.to_datetime(frame["quote_sent_date"])
    frame["quoted"] = frame["quoted"].astype("boolean")
    frame["accepted"] = frame["accepted"].astype("boolean")
    return frame


@pytest.fixture
def small_requests() -> pd.DataFrame:
    return requests_frame([
        # Instagram: 3 in 2024, 1 in 2025; quotes after 1, 8, 2 days; accepted, declined, no answer yet; one unquoted
        ("R1", "2024-03-01", "instagram_message", "2024-03-02", True),
        ("R2", "2024-03-05", "instagram_message", "2024-03-13", False),
        ("R3", "2024-06-01", "instagram_message", None, None),
        ("R4", "2025-12-20", "instagram_message", "2025-12-22", None),
        # business profile: 2 in 2025, quotes after 0 and 3 days, both accepted
        ("R5", "2025-02-01", "business_profile", "2025-02-01", True),
        ("R6", "2025-02-10", "business_profile", "2025-02-13", True),
        # phone: 1 in 2024, quote after 10 days, declined
        ("R7", "2024-09-01", "phone", "2024-09-11", False),
    ])


def test_requests_by_channel_counts_every_channel_in_order(small_requests: pd.DataFrame) -> None:
    counts = case.requests_by_channel(small_requests)
    assert list(counts.index) == list(case.CHANNELS)
    assert list(counts.columns) == [2024, 2025]
    assert counts.loc["instagram_message"].tolist() == [3, 1]
    assert counts.loc["business_profile"].tolist() == [0, 2]
    assert counts.loc["website_form"].tolist() == [0, 0]  # no request: a row of zeros, not a missing row


def test_acceptance_counts_only_answered_quotes(small_requests: pd.DataFrame) -> None:
    summary = case.channel_summary(small_requests)
    # Instagram: 4 requests, 3 quotes, 2 answered (R4 has no answer yet), 1 accepted → 50 %
    assert summary.loc["instagram_message", ["requests", "quoted", "answered", "accepted"]].tolist() == [4, 3, 2, 1]
    assert summary.loc["instagram_message", "acceptance_pct"] == 50
    assert summary.loc["business_profile", "acceptance_pct"] == 100
    assert summary.loc["phone", "acceptance_pct"] == 0
    assert math.isnan(summary.loc["website_form", "acceptance_pct"])  # nothing answered: no rate, not 0 %
    assert case.best_channel(small_requests) == "business_profile"
    assert case.busiest_channel(small_requests, 2024) == "instagram_message"


def test_days_to_quote_and_yearly_figures(small_requests: pd.DataFrame) -> None:
    days = case.days_to_quote(small_requests)
    assert days.tolist() == [1, 8, 2, 0, 3, 10]  # R1, R2, R4, R5, R6, R7 (R3 never quoted)
    yearly = case.yearly_quotes(small_requests)
    # 2024: R1, R2, R3, R7 → 3 quoted of 4 (75 %), days (1 + 8 + 10) / 3 = 6.33, answered 3, accepted 1
    assert yearly.loc[2024, "quoted_pct"] == 75
    assert yearly.loc[2024, "days_to_quote"] == pytest.approx(19 / 3)
    assert yearly.loc[2024, "acceptance_pct"] == pytest.approx(100 / 3)
    # 2025: R4, R5, R6 → days (2 + 0 + 3) / 3, answered 2 (R4 pending), both accepted
    assert yearly.loc[2025, "days_to_quote"] == pytest.approx(5 / 3)
    assert yearly.loc[2025, ["answered", "accepted"]].tolist() == [2, 2]


def test_acceptance_by_delay_groups_the_answered_quotes(small_requests: pd.DataFrame) -> None:
    groups = case.acceptance_by_delay(small_requests).set_index("first_day")
    # answered quotes and their days: R1 1 (yes), R2 8 (no), R5 0 (yes), R6 3 (yes), R7 10 (no); R4 is pending
    assert groups.loc[0, ["answered", "accepted"]].tolist() == [2, 2]  # 0–1 days: R1, R5
    assert groups.loc[2, ["answered", "accepted"]].tolist() == [1, 1]  # 2–3 days: R6
    assert groups.loc[4, "answered"] == 0 and math.isnan(groups.loc[4, "acceptance_pct"])
    assert groups.loc[7, ["answered", "accepted"]].tolist() == [2, 0]  # 7 days or more: R2, R7
    assert case.delay_group_label((7, None)) == "7 days or more"
    assert case.delay_group_label((2, 3)) == "2–3 days"


@pytest.fixture
def small_jobs() -> pd.DataFrame:
    frame = pd.DataFrame({
        "job_id": ["J1", "J2", "J3", "J4"],
        "request_id": ["R1", "R5", "R6", "R8"],
        "item_type": ["chair", "chair", "chair", "sofa"],
        "accepted_date": pd.to_datetime(["2024-03-05", "2025-02-03", "2025-02-15", "2025-12-01"]),
        "start_date": pd.to_datetime(["2024-03-20", "2025-02-20", "2025-03-01", None]),
        "hours": [8.0, 7.0, 9.0, 30.0],
        "hourly_rate_eur": [45.0, 50.0, 50.0, 50.0],
        "materials_eur": [100.0, 120.0, 130.0, 800.0],
        "price_eur": [460.0, 470.0, 580.0, 2300.0],
        "actual_hours": [8.5, 10.0, 9.0, None],
        "completed_date": pd.to_datetime(["2024-03-22", "2025-02-24", "2025-03-03", None]),
    })
    return frame


@pytest.fixture
def small_reviews() -> pd.DataFrame:
    frame = pd.DataFrame({
        "review_id": ["V1", "V2", "V3"],
        "job_id": ["J1", "J2", "J3"],
        "review_date": pd.to_datetime(["2024-04-01", "2025-03-01", "2025-03-10"]),
        "platform": ["business_profile"] * 3,
        "rating": pd.array([5, 3, 4], dtype="Int64"),
        "text": ["a", "b", "c"],
        "reply_time_days": pd.array([None, 2, 1], dtype="Int64"),
    })
    return frame


def test_hours_summary_values_the_extra_hours(small_jobs: pd.DataFrame) -> None:
    hours = case.hours_summary(small_jobs)
    # finished: J1 8 → 8.5 (+0.5 h × €45 = €22.50), J2 7 → 10 (+3 h × €50 = €150), J3 9 → 9 (0); J4 not finished
    assert hours["jobs"] == 3
    assert hours["hours_quoted"] == 24 and hours["hours_spent"] == 27.5
    assert hours["extra_hours"] == 3.5
    assert hours["extra_value_eur"] == pytest.approx(172.5)
    assert hours["overran_pct"] == pytest.approx(200 / 3)


def test_rating_by_overrun_splits_at_thirty_per_cent(small_jobs: pd.DataFrame, small_reviews: pd.DataFrame) -> None:
    # J2 took 10 h for 7 quoted: +43 % > 30 % → overran; J1 (+6 %) and J3 (0 %) did not
    ratings = case.rating_by_overrun(small_jobs, small_reviews)
    assert ratings.loc[True].tolist() == [1, 3.0]
    assert ratings.loc[False].tolist() == [2, 4.5]


def test_reviews_by_year_ignore_unanswered_in_reply_times(small_reviews: pd.DataFrame) -> None:
    yearly = case.yearly_reviews(small_reviews)
    assert yearly.loc[2024, "replied_pct"] == 0 and math.isnan(yearly.loc[2024, "reply_days"])
    assert yearly.loc[2025, "replied_pct"] == 100
    assert yearly.loc[2025, "reply_days"] == 1.5  # (2 + 1) / 2
    assert case.reply_days(small_reviews, 2025) == 1.5
    assert case.average_rating(small_reviews) == 4.0
    quarters = case.quarterly_ratings(small_reviews)
    assert quarters["reviews"].tolist() == [1, 2] and quarters["average_rating"].tolist() == [5.0, 3.5]


def test_low_reviews_keep_their_whole_text(small_reviews: pd.DataFrame) -> None:
    table = case.low_reviews(small_reviews.assign(text=["x", "A long review " * 10, "y"]))
    assert len(table.frame) == 1 and table.frame.iloc[0, -1] == "2 days"
    assert ("A long review " * 10).strip() in table._repr_html_()


def test_turnover_and_crossing_date(small_jobs: pd.DataFrame) -> None:
    totals = case.turnover(small_jobs)
    # won: 2024 J1 460; 2025 J2 + J3 + J4 = 470 + 580 + 2,300 = 3,350. Finished: 2024 460; 2025 J2 + J3 = 1,050
    assert totals.loc[2024].tolist() == [460.0, 460.0]
    assert totals.loc[2025].tolist() == [3350.0, 1050.0]
    assert case.crossing_date(small_jobs, 500, 2025) == date(2025, 3, 3)  # 470 on 24 Feb, 1,050 on 3 March
    assert case.crossing_date(small_jobs, 470, 2025) == date(2025, 3, 3)  # "more than", not "reaches"
    assert case.crossing_date(small_jobs, 5000, 2025) is None
    assert case.hourly_rate(small_jobs, 2025) == 50.0


def test_tax_zones_follow_tax_rules() -> None:
    pin("tax_rules", "value", "37500", rule_id="fr_franchise_services_threshold")
    pin("tax_rules", "value", "41250", rule_id="fr_franchise_services_tolerance")
    pin("tax_rules", "value", "83600", rule_id="fr_micro_cap_services")
    assert case.tax_zone(37_500) == "franchise"
    assert case.tax_zone(37_500.01) == "tolerance"
    assert case.tax_zone(41_250.01) == "tva_due"
    assert case.tax_zone(83_600.01) == "above_cap"


def test_typical_job_is_the_median_job(small_jobs: pd.DataFrame) -> None:
    job = case.typical_job(small_jobs, "chair", 2025)
    # 2025 chairs: J2 (7 h, €120) and J3 (9 h, €130) → median 8 h, €125, at the 2025 rate €50 → 8 × 50 + 125 = €525
    assert (job.hours, job.hourly_rate, job.materials, job.price) == (D(8), D(50), D(125), D(525))
    with pytest.raises(CourseInputError):
        case.typical_job(small_jobs, "headboard", 2025)
    with pytest.raises(UnknownNameError):
        case.typical_job(small_jobs, "table", 2025)


def test_tva_choice_hand_worked() -> None:
    pin("tax_rules", "value", "20", rule_id="fr_tva_standard_rate")
    pin("tax_rules", "value", "21.2", rule_id="fr_micro_social_services_rate")
    pin("tax_rules", "value", "0.3", rule_id="fr_micro_training_artisan_rate")
    pin("tax_rules", "value", "0.48", rule_id="fr_micro_chamber_services_rate")
    job = case.Job("chair", D(8), D(50), D(121))  # 8 h × €50 + €121 = €521
    sales = case.tva_sales(job)
    # franchise: contributions (21.2 + 0.3 + 0.48) = 21.98 % × 521 = 114.5158 → €114.52;
    # left 521 − 114.52 − 121 = 285.48 → ÷ 8 h = €35.685 → €35.69 an hour
    franchise = sales["franchise"]
    assert franchise.vat_due.amount == 0 and franchise.contributions.amount == D("114.52")
    assert franchise.hourly_wage.amount == D("35.69")  # type: ignore[union-attr]
    # TVA inside €521: 521 × 20/120 = €86.83; contributions 21.98 % × 434.17 = 95.4306 → €95.43;
    # left 521 − 86.83 − 95.43 − 121 = 217.74 → ÷ 8 = €27.2175 → €27.22 an hour
    same = sales["tva_same_price"]
    assert (same.vat_due.amount, same.contributions.amount) == (D("86.83"), D("95.43"))
    assert same.hourly_wage.amount == D("27.22")  # type: ignore[union-attr]
    # TVA added: 521 × 1.2 = €625.20, TVA €104.20, the rest as under the franchise
    added = sales["tva_added"]
    assert (added.customer_pays.amount, added.vat_due.amount) == (D("625.20"), D("104.20"))
    assert added.hourly_wage == franchise.hourly_wage
    assert case.tva_services_status().activity == "services" and case.tva_services_status().vat_registered
    table = case.tva_choice(job)
    assert table.shape == (7, 3) and table.iloc[0].tolist() == ["€521.00", "€521.00", "€625.20"]


# --- the story the case's data must tell (the case-study bible and lesson 06) ----------------------------------------


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {"requests": case.load_requests(), "jobs": case.load_jobs(), "reviews": case.load_reviews()}


def test_the_data_tells_the_story(data: dict[str, pd.DataFrame]) -> None:
    requests, jobs, reviews = data["requests"], data["jobs"], data["reviews"]
    by_year = case.requests_by_channel(requests)
    assert by_year.loc["instagram_message", 2025] > by_year.loc["instagram_message", 2024]
    assert case.busiest_channel(requests, 2025) == "instagram_message"
    assert case.best_channel(requests) == "business_profile"
    quotes = case.yearly_quotes(requests)
    assert quotes.loc[2025, "quoted_pct"] > quotes.loc[2024, "quoted_pct"]
    assert quotes.loc[2025, "acceptance_pct"] > quotes.loc[2024, "acceptance_pct"] + 5
    assert quotes.loc[2025, "days_to_quote"] < quotes.loc[2024, "days_to_quote"]
    rates = case.acceptance_by_delay(requests)["acceptance_pct"]
    assert rates.iloc[0] > rates.iloc[-1] + 15, "fast quotes are accepted more often"
    yearly = case.yearly_reviews(reviews)
    assert 4.2 <= case.average_rating(reviews) <= 4.8
    assert yearly.loc[2025, "replied_pct"] > 80 > 60 > yearly.loc[2024, "replied_pct"]
    assert yearly.loc[2025, "reply_days"] < 3 < 10 < yearly.loc[2024, "reply_days"]
    assert (case.hourly_rate(jobs, 2024), case.hourly_rate(jobs, 2025)) == (45.0, 50.0)
    ratings = case.rating_by_overrun(jobs, reviews)
    assert ratings.loc[True, "average_rating"] < ratings.loc[False, "average_rating"]
    assert case.hours_summary(jobs)["extra_hours"] > 0


def test_the_threshold_decision_is_real(data: dict[str, pd.DataFrame]) -> None:
    taxes = case.tax_check(data["jobs"], 2025)
    assert case.tax_check(data["jobs"], 2024).zone == "franchise"
    assert taxes.zone == "tva_due" and taxes.tolerance_passed_on is not None
    assert taxes.tolerance_passed_on.year == 2025
    assert taxes.won > taxes.tolerance["value"] and D(0) < taxes.room_under_cap < D(10_000), (
        "the work won in 2025 comes close to the micro cap for services, without passing it")
    text = str(taxes)
    for row in (taxes.franchise, taxes.tolerance, taxes.cap):
        assert str(row["source"]) in text  # every threshold shows its source…
    assert "1 January 2026" in text and "confidence M" in text  # …its date and how sure it is


# --- charts, tables, narrative ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["channels_chart", "reviews_chart", "speed_chart"])
def test_charts_have_a_finding_title_and_alt_text_with_figures(data: dict[str, pd.DataFrame], builder: str) -> None:
    frame = data["reviews"] if builder == "reviews_chart" else data["requests"]
    chart = getattr(case, builder)(frame)
    assert len(chart.alt) > 80 and re.search(r"\d+ %", chart.alt) and "Simulated" in chart.alt
    title = chart.fig._suptitle.get_text() if chart.fig._suptitle else chart.fig.axes[0].get_title(loc="left")
    finding = re.search(r"\d", title) or case.channel_label(case.best_channel(data["requests"])) in title
    assert finding, f"the title should state the finding: {title!r}"
    for ax in chart.fig.axes:
        assert ax.get_xlabel() or ax.get_ylabel()
    html = chart._repr_mimebundle_()["text/html"]
    assert 'alt="' in html and "data:image/png;base64," in html


def test_tables_are_labelled_for_learners(data: dict[str, pd.DataFrame]) -> None:
    channels = case.channel_table(data["requests"])
    assert list(channels.index) == ["Instagram message", "Website form", "Phone call", "Business profile"]
    assert channels.loc["Business profile", "Accepted (% of answered)"].endswith("%")
    assert list(case.reviews_table(data["reviews"]).index) == ["2024", "2025"]
    assert list(case.quotes_table(data["requests"]).index) == ["2024", "2025"]
    assert case.hours_table(data["jobs"], data["reviews"]).shape == (7, 1)


def test_narrative_figures_are_formatted_and_used() -> None:
    figures = case.narrative_figures()
    assert all(isinstance(value, str) and value for key, value in figures.items() if key != "tolerance_passed_on")
    assert figures["requests_total"] == "405"
    assert figures["rate_y1"] == "€45" and figures["rate_y2"] == "€50"
    assert figures["franchise_threshold"] == "€37,500" and figures["micro_cap"] == "€83,600"
    template = (narratives.TEMPLATES / "upholsterer.md.j2").read_text(encoding="utf-8")
    used = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", template))
    assert used <= set(figures), f"the template uses figures the module does not give: {used - set(figures)}"


# --- self-checks and the trust checklist -----------------------------------------------------------------------------


def expected_answers(data: dict[str, pd.DataFrame]) -> dict[str, object]:
    return {
        "nb06.best_channel": "business_profile",
        "nb06.reply_days_2025": round(case.reply_days(data["reviews"], 2025), 1),
        "nb06.slow_quotes": round(float(case.acceptance_by_delay(data["requests"])["acceptance_pct"].iloc[-1])),
        "nb06.made_to_measure": "B",
        "nb06.newsletter": "B",
        "nb06.tva_2025": "B",
    }


def test_every_self_check_accepts_its_answer_and_hints_otherwise(data: dict[str, pd.DataFrame]) -> None:
    for question, answer in expected_answers(data).items():
        assert check(question, answer).passed, question
        wrong = "A" if isinstance(answer, str) and len(answer) == 1 else (
            "phone" if isinstance(answer, str) else float(answer) + 20)  # type: ignore[arg-type]
        verdict = check(question, wrong)
        assert not verdict.passed and verdict.message, question
        assert not check(question, ...).passed


def test_self_checks_forgive_the_way_a_learner_types(data: dict[str, pd.DataFrame]) -> None:
    assert check("nb06.best_channel", " Business profile ").passed
    assert check("nb06.best_channel", "business-profile").passed
    assert "most requests" in check("nb06.best_channel", "Instagram message").message
    assert "2024" in check("nb06.reply_days_2025", round(case.reply_days(data["reviews"], 2024), 1)).message
    slow = float(case.acceptance_by_delay(data["requests"])["acceptance_pct"].iloc[-1])
    assert "per cent" in check("nb06.slow_quotes", round(slow / 100, 2)).message
    assert check("nb06.made_to_measure", "b").passed
    assert "one letter" in check("nb06.tva_2025", "maybe").message


def test_checklist_scores_and_puts_the_law_first() -> None:
    ticks = dict.fromkeys(nb06.CHECKLIST, False) | {"legal_notice": True, "reply_reviews": True}
    result = nb06.trust_checklist(ticks)
    assert result.score == 2 and result.total == len(nb06.CHECKLIST) == 10
    left = result.to_do()
    kinds = [nb06.CHECKLIST[key][0] for key in left]
    assert kinds == sorted(kinds, key=lambda kind: kind != nb06.LAW), "what the law asks comes first"
    assert "legal_notice" not in left and "privacy_notice" == left[0]
    assert result.summary().startswith("You tick 2 of 10.")
    html = result._repr_html_()
    assert html.count("✓") == 2 and html.count("✗") == 8


def test_checklist_all_done_missing_keys_and_friendly_words() -> None:
    assert nb06.trust_checklist(dict.fromkeys(nb06.CHECKLIST, True)).summary().startswith("You tick all 10")
    partial = nb06.trust_checklist({"legal_notice": "yes", "privacy_notice": "False"})
    assert partial.done == ("legal_notice",) and "keep_only_needed" in partial.missing
    assert "Not in your list" in partial.summary()
    only_trust_left = dict.fromkeys(nb06.CHECKLIST, True) | {"show_the_work": False}
    assert "Everything the law asks is done" in nb06.trust_checklist(only_trust_left).summary()


@pytest.mark.parametrize("answers, words", [
    ({"legal_notes": True}, "is not in the checklist"),
    ({"legal_notice": "maybe"}, "True or False"),
    ({"legal_notice": 2}, "True or False"),
    (["legal_notice"], "curly brackets"),
])
def test_checklist_explains_bad_input(answers: object, words: str) -> None:
    with pytest.raises(CourseInputError, match=words):
        nb06.trust_checklist(answers)


# --- the trainer notes carry the answers the package computes --------------------------------------------------------


def test_trainer_notes_give_the_computed_answers(data: dict[str, pd.DataFrame]) -> None:
    notes = (ROOT / "instructors" / "06_credibility.md").read_text(encoding="utf-8")
    figures = case.narrative_figures()
    rows = {match[0]: match[1] for match in re.findall(r"^\| `(nb06\.\w+)` \| ([^|]+) \|", notes, flags=re.M)}
    assert set(rows) == set(expected_answers(data)), "one row per self-check in the expected-answers table"
    assert figures["best_channel"] in rows["nb06.best_channel"].lower()
    assert figures["reply_days_y2"] in rows["nb06.reply_days_2025"]
    assert figures["slow_acceptance"].replace(" %", "") in rows["nb06.slow_quotes"]
    for question in ("nb06.made_to_measure", "nb06.newsletter", "nb06.tva_2025"):
        assert '"B"' in rows[question]
    case_notes = (ROOT / "instructors" / "case_upholsterer.md").read_text(encoding="utf-8")
    for key in ("requests_total", "acceptance_y1", "acceptance_y2", "best_channel_acceptance", "reply_days_y1",
                "reply_days_y2", "finished_y2", "won_y2", "franchise_threshold", "micro_cap", "tolerance_passed_on",
                "chair_price_with_tva", "chair_hourly_same_price", "extra_value"):
        assert figures[key] in case_notes, f"instructors/case_upholsterer.md does not give {key} = {figures[key]}"
