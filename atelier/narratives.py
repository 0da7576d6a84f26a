"""Case-study narratives, trainer notes and marking guides whose figures come from the data, never typed by hand.

Each text is a Jinja template; the package computes its figures and the template only places them:

- a case narrative `case_studies/templates/<case>.md.j2`, filled from `atelier.analytics.<case>.narrative_figures()`;
- a trainer note or marking guide `instructors/templates/<name>.md.j2` (lesson notes `NN_name`, marking guides
  `exNN_name`, case notes `case_<case>`), filled from the function `NOTES[name]` names: the case's figures, the
  self-checks' `trainer_figures()`, or the figures this module computes with the self-checks and the package.

A figure may be a formatted string or a package object (`Money`, `Decimal`, a `Sale`); the template formats it with
the filters `money`, `whole`, `pct`, `num`, `day` and `about`, which follow the language (Babel: `£12.50` in English,
`12,50 €` in French).

Languages: `EDITIONS` maps each language to its template folders and output folders. English templates are in
`instructors/templates/` and `case_studies/templates/`; a French twin goes to `instructors/templates/fr/<same
name>.md.j2` (or `case_studies/templates/fr/`) and is rendered, with `atelier.i18n.set_language("fr")`, into
`instructors/fr/` (or `case_studies/fr/`) by the same code: no new code, only the template. `python -m
atelier.narratives` (and `python3 course.py refresh`) writes them all; a test renders them again and compares, so none
can drift from its data.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from atelier import i18n
from atelier.casestudy import CASES
from atelier.reference import ROOT

CASE_STUDIES = ROOT / "case_studies"
TEMPLATES = CASE_STUDIES / "templates"
INSTRUCTORS = ROOT / "instructors"
NOTES_TEMPLATES = INSTRUCTORS / "templates"
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_NUMBERS = {"fr": re.compile(r"-?\d(?:\d|[\u202f\u00a0 ](?=\d{3}))*(?:,\d+)?")}  # 24\u202f989,50


@dataclass(frozen=True)
class Edition:
    """One language's templates and the folders its rendered texts go to."""

    language: str
    case_templates: Path
    cases: Path
    notes_templates: Path
    notes: Path


# every language's folders; a language whose template folder is empty or missing renders nothing
EDITIONS: dict[str, Edition] = {
    "en": Edition("en", TEMPLATES, CASE_STUDIES, NOTES_TEMPLATES, INSTRUCTORS),
    "fr": Edition("fr", TEMPLATES / "fr", CASE_STUDIES / "fr", NOTES_TEMPLATES / "fr", INSTRUCTORS / "fr"),
}


@contextmanager
def language(code: str) -> Iterator[None]:
    """Format figures and messages in `code` ("en", "fr") for the block, then go back to the language in use."""
    previous = i18n.language()
    i18n.set_language(code)
    try:
        yield
    finally:
        i18n.set_language(previous)


def about(figure: Any, step: int = 1) -> str:
    """A figure rounded for speech: "£94.32" → "£94", "14.4 %" → "14 %", ("24,989", 1000) → "25,000"; in French
    "94,32 £GB" → "94 £GB". A `Money` is rounded and written in the language in use."""
    from babel.numbers import parse_decimal

    from atelier.money import Money

    if isinstance(figure, Money):  # rounded in the language's own format: £2, 2 £GB
        rounded = (figure.amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
        return i18n.format_money(rounded, figure.currency, 0)
    figure = str(figure)
    match = _NUMBERS.get(i18n.language(), _NUMBER).search(figure)
    if match is None:
        return figure
    number = parse_decimal(match.group().strip(), locale=i18n.number_locale(), strict=False)
    rounded = (number / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return figure[:match.start()] + i18n.format_number(rounded, 0) + figure[match.end():]


def _money(value: Any, decimals: int = 2) -> str:
    """A `Money` (or a plain amount with its currency in a pair) as the language writes it."""
    from atelier.money import Money

    if isinstance(value, Money):
        return i18n.format_money(value.amount, value.currency, decimals)
    amount, currency = value
    return i18n.format_money(Decimal(str(amount)), currency, decimals)


def _whole(value: Any) -> str:
    """An amount in whole units: £1,736, €37,500."""
    return _money(value, 0)


def _pct(value: Any, decimals: int = 1) -> str:
    return i18n.format_pct(Decimal(str(value)), decimals)


def _num(value: Any, decimals: int = 0) -> str:
    return i18n.format_number(Decimal(str(value)), decimals)


def _day(value: date, with_year: bool = True) -> str:
    """"1 April 2026" (the language's long date); without the year, "1 April"."""
    from atelier.display import format_date

    text = format_date(value)
    return text if with_year else text.replace(str(value.year), "").strip(" ,")


def _environment(folder: Path) -> Environment:
    environment = Environment(loader=FileSystemLoader(folder), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    environment.filters.update(about=about, money=_money, whole=_whole, pct=_pct, num=_num, day=_day)
    return environment


def figures(case: str) -> dict[str, str]:
    """The formatted figures one narrative uses, computed from the case's data."""
    return import_module(f"atelier.analytics.{case}").narrative_figures()


# --- figures of the notes and guides that no self-check module gives (computed here with the package) -------------
def _row(table: str, key: str, value: str) -> dict[str, Any]:
    from atelier import reference

    row = reference.lookup(table, key, value)
    assert row is not None, f"{table}: no row {value}"
    return row


def _money_of(amount: Any, currency: str) -> Any:
    from atelier.money import Money

    return Money.of(amount, currency)


def _fee_lines(breakdown: Any) -> dict[str, Any]:
    """The fees of a FeeBreakdown by fee_id (`listing`, `transaction`…, `vat_on_fees`), as Money."""
    return {line.fee_id: line.amount for line in breakdown.lines}


def _channel_rows(table: Any) -> list[dict[str, Any]]:
    """The rows of a `pricing.compare_channels` table, amounts as Money in the table's currency."""
    rows = []
    for record in table.to_dict("records"):
        row = dict(record)
        for column in ("price", "fees", "margin", "hourly_wage", "shipping_cost", "net_received"):
            if row.get(column) == row.get(column) and row.get(column) is not None:  # NaN when no price reaches it
                row[column] = _money_of(str(round(row[column], 2)), row["currency"])
        rows.append(row)
    return rows


# lesson 03's other channels and statuses in each language, beside the marketplace of its worked example
# (`selfchecks.nb03.EXAMPLES`): the notebook shows the piece's fees on the own web shop, on a channel whose monthly
# cost is shared over the month's orders, and in the shop (cash), then sells it again charging VAT
# (tests/test_fr_notes.py compares them with the French notebook's cells)
LESSON_03_CHANNELS: dict[str, dict[str, str]] = {
    "en": {"region": "UK", "web_shop": "stripe_web_shop_uk", "shared": "shopify_basic_uk", "shop": "shop_direct_uk",
           "with_vat": "uk_vat_registered"},
    "fr": {"region": "FR", "web_shop": "stripe_web_shop_fr", "shared": "amazon_handmade_fr", "shop": "shop_direct_fr",
           "with_vat": "fr_micro_tva"},
}


def lesson_03_channels() -> dict[str, str]:
    """Lesson 03's channels and statuses in the course's language."""
    return LESSON_03_CHANNELS.get(i18n.language(), LESSON_03_CHANNELS["en"])


def pricing_lesson(lang: str | None = None) -> dict[str, Any]:
    """The figures of lesson 03 the trainer notes 00 and 03 quote, for the lesson of `lang` (the language in use if
    None): its worked example (the Brighton Kiln's mug on Etsy UK in English, the French potter's bowl on Etsy France
    in French) costed, its fees on each channel, its sales, the price for the course's target margin, the channels
    compared; and the upholsterer's chair. The notes of the English lesson were written with the mug's names
    (`mug`, `etsy`, `shopify`…); each has a neutral twin (`piece`, `marketplace`, `shared`…)."""
    if lang is not None:
        with language(lang):
            return pricing_lesson()
    from atelier import pricing, reference, tax
    from atelier.selfchecks import nb03

    example, channels = nb03.example(), lesson_03_channels()
    piece, cost = nb03.preset_cost(example["preset"])
    price, postage, currency = piece["typical_price"], nb03.example_postage(), piece["currency"]
    orders, target = reference.default("orders_per_month"), reference.default("target_margin")
    status, region, marketplace_id = piece["tax_status"], channels["region"], example["channel"]
    marketplace = pricing.fees(marketplace_id, price, postage_charged=postage)
    shared = pricing.fees(channels["shared"], price, postage_charged=postage, orders_per_month=orders)
    plain = pricing.sell(cost, marketplace_id, price, status, postage_charged=postage)
    with_vat = pricing.sell(cost, marketplace_id, price, channels["with_vat"], postage_charged=postage)
    for_target = pricing.compare_channels(cost, region, status, margin_pct=target, postage_charged=postage,
                                          orders_per_month=orders)
    at_price = pricing.compare_channels(cost, region, status, price=price, postage_charged=postage,
                                        orders_per_month=orders)
    margins = {row["channel_id"]: row for row in _channel_rows(at_price)}
    ranked = sorted(margins.values(), key=lambda row: row["margin"].amount)
    chair_piece, chair_cost = nb03.preset_cost("upholsterer_chair")
    chair = nb03.chair_sale()
    wage = _row("course_defaults", "parameter", "uk_national_living_wage")
    smic = _row("course_defaults", "parameter", "fr_smic_hourly_gross")
    buyers = _row("market_benchmarks", "metric_id", "uk_craft_online_buyers")
    lesson = {
        "piece": cost, "price": _money_of(price, currency), "postage": _money_of(postage, currency),
        "postage_service": reference.text_in("parcel_services", "service_id", example["postage_service"], "name"),
        "channels": channels, "orders": orders, "target_pct": target,
        "rate_uk": _money_of(reference.default("hourly_rate_uk"), "GBP"),
        "rate_fr": _money_of(reference.default("hourly_rate_fr"), "EUR"),
        "living_wage": _money_of(wage["value"], "GBP"), "living_wage_from": wage["valid_from"],
        "smic": _money_of(smic["value"], "EUR"), "smic_from": smic["valid_from"],
        "without_packaging": cost.total - cost.packaging, "without_time": cost.total - cost.labour,
        "marketplace": marketplace, "marketplace_fees": _fee_lines(marketplace),
        "uk_vat_pct": tax.vat_rate_pct("UK"), "vat_pct": tax.vat_rate_pct(region),
        "web_shop_fees": pricing.fees(channels["web_shop"], price, postage_charged=postage).total,
        "shared": shared, "shared_fees": _fee_lines(shared),
        "shop_fees": pricing.fees(channels["shop"], price).total,
        "plain": plain, "with_vat": with_vat,
        "with_vat_fees": with_vat.fees.total - with_vat.vat_on_fees_reclaimed,
        "target_sale": nb03.etsy_sale(), "channels_for_target": _channel_rows(for_target),
        "at_price": margins, "least_margin": ranked[0], "most_margin": ranked[-1],
        "chair": chair, "chair_price": _money_of(chair_piece["typical_price"], "EUR"),
        "chair_parts": list(tax.contribution_parts_pct(chair_piece["tax_status"]).values()),
        "chair_margin_per_hour": chair.margin / chair_cost.making_time_h,
        "craft_online_buyers": buyers["value"], "craft_online_buyers_year": buyers["valid_from"].year,
        "fr_services_threshold": _money_of(_row("tax_rules", "rule_id", "fr_franchise_services_threshold")["value"],
                                           "EUR"),
        "fr_vat_pct": tax.vat_rate_pct("FR"),
    }
    english_names = {"mug": "piece", "mug_price": "price", "mug_without_packaging": "without_packaging",
                     "mug_without_time": "without_time", "etsy": "marketplace", "etsy_fees": "marketplace_fees",
                     "stripe_fees": "web_shop_fees", "shopify": "shared", "shopify_fees": "shared_fees",
                     "registered": "with_vat", "registered_fees": "with_vat_fees", "etsy_target": "target_sale"}
    return {**lesson, **{name: lesson[neutral] for name, neutral in english_names.items()}}


def notes_00() -> dict[str, Any]:
    """Lesson 00: the mugs cell (the count a learner types times the mug's price) and Etsy's fees on the mug."""
    figures = pricing_lesson()
    kiln = brighton_lesson()  # answers of lessons 01 and 02, as examples of how people type them
    examples = {key: kiln[key] for key in ("left_last", "vat_headroom", "crossing_quarter")}
    return {**figures, **examples, "not_selling": market_lesson()["not_selling"],
            "mugs_after": figures["mug_price"] * MUGS_TYPED, "mugs_typed": MUGS_TYPED}


MUGS_TYPED = 5  # lesson 00 asks learners to change 3 mugs into 5


def notes_03() -> dict[str, Any]:
    return pricing_lesson()


def market_lesson() -> dict[str, Any]:
    """The figures of lesson 01 its trainer notes quote: the market benchmarks and the self-checks' answers."""
    from atelier import market
    from atelier.selfchecks import nb01

    def value(metric_id: str) -> Decimal:
        return market.benchmark_row(metric_id)["value"]

    average = market.conversion_rate()
    shops = re.search(r"~?(\d[\d,]*) Shopify", _written("web_conversion_rate_avg", "source"))
    return {
        "selling": value("fr_small_firms_selling_online_2024"),
        "not_selling": 100 - value("fr_small_firms_selling_online_2024"),
        "website": value("fr_small_firms_website_2021"), "webshop": value("fr_small_firms_webshop_2021"),
        "average": average, "top20": market.conversion_rate("web_conversion_rate_top20"),
        "low_aov": value("web_conversion_rate_low_aov"), "high_aov": value("web_conversion_rate_high_aov"),
        "average_year": market.benchmark_row("web_conversion_rate_avg")["valid_from"].year,
        "shops": shops.group(1) if shops else "",
        "low_aov_below": _usd(_written("web_conversion_rate_low_aov", "description")),
        "high_aov_above": _usd(_written("web_conversion_rate_high_aov", "description")),
        "low_aov_limit": _usd_amount(_written("web_conversion_rate_low_aov", "description")),
        "high_aov_limit": _usd_amount(_written("web_conversion_rate_high_aov", "description")),
        "selling_year": market.benchmark_row("fr_small_firms_selling_online_2024")["valid_from"].year,
        "website_year": market.benchmark_row("fr_small_firms_website_2021")["valid_from"].year,
        "visitors_asked": nb01.VISITORS_ASKED, "orders_asked": market.orders_from(nb01.VISITORS_ASKED),
        "orders_top20": market.orders_from(nb01.VISITORS_ASKED, market.conversion_rate("web_conversion_rate_top20")),
        "orders_wanted": nb01.ORDERS_WANTED, "visitors_needed": market.visitors_needed(nb01.ORDERS_WANTED),
        "forgot_100": Decimal(nb01.ORDERS_WANTED) / average,
    }


def _written(metric_id: str, column: str) -> str:
    """A text cell of a market benchmark as the table writes it (its English column, whatever the course's language:
    a translated `description_fr` writes its figures another way)."""
    from atelier import reference

    return reference.text_in("market_benchmarks", "metric_id", metric_id, column, "en")


def _usd(description: str) -> str:
    """The order value a benchmark's description names ("… under USD 60." → "USD 60")."""
    found = re.search(r"USD \d[\d,]*", description)
    return found.group() if found else ""


def _usd_amount(description: str) -> Any:
    """The order value a benchmark's description names, as Money ("… under USD 60." → 60 USD), written by the
    template in the language of the note ("US$60", "60 $US"); None if the description names none."""
    found = re.search(r"USD (\d[\d,]*)", description)
    return _money_of(found.group(1).replace(",", ""), "USD") if found else None


def notes_01() -> dict[str, Any]:
    return market_lesson()


def guide_ex01() -> dict[str, Any]:
    """Exercise 01's model answer, run on the course's market table."""
    answer, _shown = model_answer("ex01_artisanat_online")
    return {**market_lesson(), **{key: answer[key] for key in (
        "number_of_figures", "with_website", "with_webshop", "website_but_no_shop", "visitors", "buyers",
        "revenue_gbp", "nadia_channel")}, "points": points("ex01_artisanat_online"),
        "object_price": _money_of(answer["revenue_gbp"] / answer["buyers"], "GBP")}


def _by_service(quotes: Iterable[Any]) -> dict[str, Any]:
    return {quote.service.service_id: quote for quote in quotes}


# lesson 04's vase in each language (simulator_presets.csv) and the service whose price resends a broken one
# (the French notebook types the cheapest: tests/test_fr_pricing_shipping.py)
LESSON_04_VASES: dict[str, dict[str, str]] = {
    "en": {"preset": "brighton_kiln_vase", "resend": "royal_mail_tracked48_medium"},
    "fr": {"preset": "fr_potter_vase", "resend": "mondial_relay_point"},
}
LESSON_04_COUNTRIES: dict[str, tuple[str, ...]] = {"en": ("GB", "FR", "DE", "US"), "fr": ("FR", "DE", "GB", "US")}


def shipping_lesson(lang: str | None = None) -> dict[str, Any]:
    """The figures of lesson 04 its trainer notes quote, for the lesson of `lang` (the language in use if None): the
    lesson's piece (the Brighton Kiln's mug from the UK in English, the French potter's bowl with Colissimo and
    Mondial Relay in French), its lampshade and vase packed and quoted, the piece abroad, breakage and packaging,
    the Fabric Store's linen and its free-delivery threshold. The English notes' names (`mug`, `single_uk`…) each
    have a neutral twin (`piece`, `single_quotes`…)."""
    if lang is not None:
        with language(lang):
            return shipping_lesson()
    from atelier import pricing, reference, shipping
    from atelier.analytics.brighton_kiln import packaging_breakage_pct
    from atelier.money import Money
    from atelier.selfchecks import nb03, nb04

    example, code = nb04.example(), i18n.language() if i18n.language() in LESSON_04_VASES else "en"
    origin, destination = example["origin"], example["destination"]
    piece_row = nb03.preset(example["preset"])
    piece = nb04.preset_item(example["preset"])
    piece_value, currency = piece_row["typical_price"], piece_row["currency"]
    single = shipping.pack([piece], example["single"])
    double = shipping.pack([piece], example["double"])
    lampshade = shipping.item(*nb04.LAMPSHADE)
    bulky = shipping.pack([lampshade], nb04.lampshade_packaging())
    vase_piece = nb03.preset(LESSON_04_VASES[code]["preset"])
    vase = shipping.item(vase_piece["weight_g"], vase_piece["length_cm"], vase_piece["width_cm"],
                         vase_piece["height_cm"], fragile=vase_piece["fragile"])
    vase_box = shipping.pack([vase], vase_piece["packaging_id"])
    vase_quotes = _by_service(shipping.assess(vase_box, origin, destination,
                                              declared_value=vase_piece["typical_price"]))

    def cheapest_to(parcel: Any, country: str) -> Any:
        accepted = [quote for quote in shipping.assess(parcel, origin, country, piece_value) if quote.accepted]
        return accepted[0] if accepted else None

    countries = LESSON_04_COUNTRIES[code]
    abroad = {country: cheapest_to(single, country) for country in countries}
    abroad_double = {country: cheapest_to(double, country) for country in countries}
    double_abroad = [quote for country in countries if country != destination
                     for quote in shipping.assess(double, origin, country, piece_value) if quote.accepted]
    remake = nb03.preset_cost(vase_piece["preset_id"])[1].total
    resend = vase_quotes[LESSON_04_VASES[code]["resend"]].price
    scenarios = [(row["breakage_rate_pct"], shipping.expected_breakage_cost(row["breakage_rate_pct"], remake, resend))
                 for row in reference.rows("breakage_scenarios")]
    rates = packaging_breakage_pct()
    linen_piece, linen_cost = nb03.preset_cost("fabric_store_linen")
    linen = pricing.sell(linen_cost, "stripe_web_shop_fr", linen_piece["typical_price"], linen_piece["tax_status"])
    order_value = _money_of(linen_piece["typical_price"] * nb04.LINEN_PER_ORDER, "EUR")
    order = shipping.pack([nb04.preset_item("fabric_store_linen")] * nb04.LINEN_PER_ORDER,
                          linen_piece["packaging_id"])
    order_quotes = _by_service(shipping.assess(order, "FR", "FR", declared_value=order_value))
    in_use = reference.default("free_shipping_threshold_fr")
    postage = nb04.linen_order_postage()
    kept = nb04.linen_margin_pct() - postage.amount / in_use * 100
    eu = {row["rule_id"]: row for row in reference.rows("tax_rules") if row["region"] == "EU"}
    small = shipping.services("UK")["royal_mail_tracked48_small"]
    piece_cost = nb03.preset_cost(example["preset"])[1].total
    single_quotes = _by_service(shipping.assess(single, origin, destination, declared_value=piece_value))
    resend_piece = single_quotes[nb03.EXAMPLES[code]["postage_service"]].price  # the lesson 03 postage's service
    lampshade_quote = nb04.lampshade_quote()
    lesson = {
        "piece": piece, "piece_value": _money_of(piece_value, currency), "single": single, "double": double,
        "single_quotes": single_quotes,
        "double_quotes": _by_service(shipping.assess(double, origin, destination, declared_value=piece_value)),
        "double_cheapest": nb04.mug_double_wall_quotes()[0],
        "small_limit_cm": small.max_height_cm,
        "lampshade": lampshade, "bulky": bulky, "bulky_quotes": _by_service(shipping.assess(bulky, origin,
                                                                                            destination)),
        "lampshade_quote": lampshade_quote, "lampshade_billed": lampshade_quote.billed_weight_kg,
        "lampshade_volumetric": shipping.volumetric_weight_kg(bulky.length_cm, bulky.width_cm, bulky.height_cm),
        "vase": vase, "vase_box": vase_box, "vase_value": _money_of(vase_piece["typical_price"], currency),
        "vase_quotes": vase_quotes,
        "vase_paid_back": sum(1 for q in vase_quotes.values() if q.accepted and q.value_covered),
        "vase_services": sum(1 for q in vase_quotes.values() if q.accepted),
        "abroad": abroad, "abroad_double": abroad_double, "double_abroad": double_abroad,
        "ioss": _money_of(eu["eu_ioss_max_consignment"]["value"], "EUR"),
        "duty": _money_of(eu["eu_low_value_duty_per_item"]["value"], "EUR"),
        "duty_from": eu["eu_low_value_duty_per_item"]["valid_from"],
        "duty_confidence": eu["eu_low_value_duty_per_item"]["confidence"],
        "oss": _money_of(eu["eu_oss_threshold"]["value"], "EUR"),
        "remake": remake, "resend": resend, "scenarios": scenarios,
        "single_pct": rates["uk_single_wall_bubble"], "double_pct": rates["uk_double_wall_inserts"],
        "comparison": nb04.packaging_comparison(remake, resend),
        "break_even": nb04.packaging_comparison(Money.of(1, currency), Money.of(0, currency)).break_even_value,
        "box_difference": double.packaging_cost - single.packaging_cost,
        "piece_cost": piece_cost, "broken_piece": piece_cost + resend_piece,
        "linen": linen, "linen_price": _money_of(linen_piece["typical_price"], "EUR"),
        "linen_share": nb04.linen_margin_pct(), "order": order, "order_value": order_value,
        "order_quotes": order_quotes, "order_items": nb04.LINEN_PER_ORDER,
        "free_target": nb04.FREE_DELIVERY_TARGET_PCT, "free_from": nb04.free_delivery_from(),
        "in_use": _money_of(in_use, "EUR"), "kept": kept,
        "divisor": shipping.services("UK")["parcelforce_express48"].volumetric_divisor,
    }
    english_names = {"mug": "piece", "mug_value": "piece_value", "single_uk": "single_quotes",
                     "double_uk": "double_quotes", "bulky_uk": "bulky_quotes", "vase_uk": "vase_quotes",
                     "broken_mug": "broken_piece", "order_uk": "order_quotes"}
    return {**lesson, **{name: lesson[neutral] for name, neutral in english_names.items()}}


def notes_04() -> dict[str, Any]:
    return shipping_lesson()


WHAT_IF_RATE_PCT = 3  # the conversion rate lesson 02's "what if" cell types (`rate_pct = 3`)


def brighton_lesson() -> dict[str, Any]:
    """The figures of lesson 02 its trainer notes quote: the case's figures and the self-checks' answers."""
    from atelier import channels
    from atelier.analytics import brighton_kiln as kiln
    from atelier.selfchecks import nb02

    orders, visits, breakages = kiln.table("orders"), kiln.table("web_analytics"), kiln.table("breakages")
    funnel = kiln.funnel_by_quarter(visits).loc[kiln.parse_quarter(nb02.LAST_QUARTER)]
    conversion = Decimal(str(kiln.conversion_in(visits, nb02.LAST_QUARTER)))
    tolerance = Decimal(str(nb02.PCT_TOLERANCE))
    rates = kiln.breakage_rates(orders, breakages)
    left = {year: _money_of(str(round(kiln.channel_costs(orders, breakages, year).loc["web_shop", "left_per_100"],
                                      2)), "GBP") for year in (nb02.LAST_YEAR - 1, nb02.LAST_YEAR)}
    what_if = kiln.what_if_conversion(visits, orders, WHAT_IF_RATE_PCT, nb02.LAST_YEAR)
    reader = channels.get_channel("sumup_reader_uk")
    return {
        **figures("brighton_kiln"),
        "q4_orders": int(funnel["orders"]), "q4_sessions": int(funnel["sessions"]), "q4_conversion": conversion,
        "q4_low": conversion - tolerance, "q4_high": conversion + tolerance,
        "left_last": left[nb02.LAST_YEAR], "left_before": left[nb02.LAST_YEAR - 1],
        "year_before": nb02.LAST_YEAR - 1, "year": nb02.LAST_YEAR,
        "broken_after": int(rates.loc["after", "broken"]), "parcels_after": int(rates.loc["after", "parcels"]),
        "broken_before": int(rates.loc["before", "broken"]), "parcels_before": int(rates.loc["before", "parcels"]),
        "vat_tolerance": _money_of(nb02.VAT_TOLERANCE, "GBP"),
        "what_if_rate": what_if.rate_pct, "what_if_orders": what_if.orders, "what_if_revenue": what_if.revenue,
        "actual_orders": what_if.actual_orders, "actual_revenue": what_if.actual_revenue,
        "reader_fee_pct": next(fee.rate_pct for fee in reader.fees if fee.fee_id == "card_payment"),
    }


def notes_02() -> dict[str, Any]:
    return brighton_lesson()


def guide_ex04() -> dict[str, Any]:
    """Exercise 04's answers as its hidden checks compute them (the pottery's products, orders and breakages, the
    postage tables), and the figures of its mistakes."""
    import pandas as pd

    from atelier import exercises, shipping
    from atelier.analytics.brighton_kiln import packaging_breakage_pct
    from atelier.selfchecks import nb03

    answer, _shown = model_answer("ex04_shipping")
    products = exercises.read_case_table("brighton_kiln", "products").set_index("product_id")
    vase, mug = products.loc["vase-groyne"], products.loc["mug-tide"]
    groyne = shipping.item(vase["weight_g"], vase["length_cm"], vase["width_cm"], vase["height_cm"])
    groyne_box = shipping.pack([groyne], "uk_double_wall_inserts")
    value = _money_of(vase["price_gbp"], "GBP")
    quotes = shipping.assess(groyne_box, "UK", "GB", declared_value=value.amount)
    accepted = [quote for quote in quotes if quote.accepted]
    covering = [quote for quote in accepted if quote.value_covered]
    mug_item = shipping.item(mug["weight_g"], mug["length_cm"], mug["width_cm"], mug["height_cm"])
    single = shipping.pack([mug_item], "uk_single_wall_bubble")
    double = shipping.pack([mug_item], "uk_double_wall_inserts")
    single_uk = _by_service(shipping.assess(single, "UK", "GB"))
    double_uk = _by_service(shipping.assess(double, "UK", "GB"))
    small, medium = single_uk["royal_mail_tracked48_small"].price, double_uk["royal_mail_tracked48_medium"].price
    extra = medium - small
    remake = nb03.preset_cost("brighton_kiln_mug")[1].total
    rates = packaging_breakage_pct()
    single_pct, double_pct = rates["uk_single_wall_bubble"], rates["uk_double_wall_inserts"]
    costs = (single.packaging_cost, single_pct, double.packaging_cost, double_pct, remake, small)
    rounded_pct = (round(single_pct), round(double_pct))
    evri_single, evri_double = single_uk["evri_dropoff"].price, double_uk["evri_dropoff"].price
    margin, keep = 40, 30  # the margins task 4 gives, in %
    orders = exercises.read_case_table("brighton_kiln", "orders")
    year = pd.to_datetime(orders["order_date"]).dt.year
    last = int(year.max())
    means = orders[year == last].groupby("service_id")["postage_cost_gbp"].mean()
    both = orders.groupby("service_id")["postage_cost_gbp"].mean()
    mediums = orders[(year == last) & (orders["service_id"] == "royal_mail_tracked48_medium")]
    bands = sorted((row for row in shipping.services("UK")["royal_mail_tracked48_medium"].rates if row[0] == "uk"),
                   key=lambda row: row[1])
    heavy = int((mediums["parcel_weight_g"] > bands[0][1] * 1000).sum())
    return {
        "points": points("ex04_shipping"), "letter": answer["groyne_service"],
        "groyne": groyne, "groyne_box": groyne_box, "value": value,
        "volumetric": shipping.volumetric_weight_kg(groyne_box.length_cm, groyne_box.width_cm, groyne_box.height_cm),
        "vase_volumetric": shipping.volumetric_weight_kg(groyne.length_cm, groyne.width_cm, groyne.height_cm),
        "divisor": shipping.services("UK")["evri_dropoff"].volumetric_divisor,
        "quotes": _by_service(quotes), "cheapest": accepted[0], "safe": covering[0],
        "refused": [quote for quote in quotes if not quote.accepted],
        "dearest": max(accepted, key=lambda quote: quote.price.amount),
        "small": small, "medium": medium, "extra": extra, "remake": remake, "broken_mug": remake + small,
        "single_pct": single_pct, "double_pct": double_pct, "rounded_pct": rounded_pct,
        "with_postage": shipping.compare_packaging(*costs, extra_postage=extra),
        "without_postage": shipping.compare_packaging(*costs),
        "whole_medium": shipping.compare_packaging(*costs, extra_postage=medium),
        "rounded": shipping.compare_packaging(single.packaging_cost, rounded_pct[0], double.packaging_cost,
                                              rounded_pct[1], remake, small, extra_postage=extra),
        "evri_single": evri_single, "evri_double": evri_double, "evri_extra": evri_double - evri_single,
        "evri_over_small": evri_double - small,
        "evri_break_even": shipping.compare_packaging(*costs[:5], evri_single,
                                                      extra_postage=evri_double - evri_single).break_even_value,
        "evri_cover": double_uk["evri_dropoff"].compensation_limit, "mug_value": _money_of(mug["price_gbp"], "GBP"),
        "margin": margin, "keep": keep, "threshold": shipping.free_delivery_threshold(medium, margin, keep),
        "threshold_fractions": shipping.free_delivery_threshold(medium, Decimal(margin) / 100, Decimal(keep) / 100),
        "last_year": last, "means": {key: _money_of(str(round(v, 2)), "GBP") for key, v in means.items()},
        "both_years_medium": _money_of(str(round(both["royal_mail_tracked48_medium"], 2)), "GBP"),
        "mediums": len(mediums), "heavy": heavy, "light": len(mediums) - heavy,
        "band_limit_kg": bands[0][1], "band_next_kg": bands[1][1], "band_price": _money_of(bands[1][2], "GBP"),
    }


def guide_ex07() -> dict[str, Any]:
    """Exercise 07's answers as its hidden checks compute them from `digital_tools.csv` and `exchange_rates.csv`."""
    import pandas as pd

    from atelier import reference, tools

    answer, _shown = model_answer("ex07_tools_collaboration")
    table = pd.read_csv(reference.reference_dir() / "digital_tools.csv")
    stack = tools.stack(list(answer["priya_tools"]), "GBP")
    lines = {line.tool.tool_id: line for line in stack.lines}
    stand_total, stand_makers, shop_makers = 450, 6, 4  # what task 3 gives: 450 euros, 6 makers; 4 makers
    shop_monthly, _valid = tools.monthly_cost("shopify_basic_fr", "EUR")
    shop_yearly = tools.tool_yearly_cost("shopify_basic_fr", "EUR")
    free_plan = re.search(r"up to (\d[\d,]*) subscribers", tools.get_tool("mailerlite_free", "GBP").what_it_does)
    return {
        "points": points("ex07_tools_collaboration"), "letter": answer["priya_owned"],
        "number_free": int(table["free_tier"].sum()), "tools_count": len(table),
        "stack": stack, "lines": lines, "usd_rate": reference.exchange_rate("USD", "GBP"),
        "stand_total": _money_of(stand_total, "EUR"), "stand_makers": stand_makers,
        "stand_each": tools.shared_cost(stand_total, stand_makers, "EUR").per_artisan,
        "shop_makers": shop_makers, "shop_monthly": shop_monthly, "shop_yearly": shop_yearly,
        "shop_each": tools.shared_cost(shop_yearly, shop_makers, "EUR").per_artisan,
        "shop_monthly_share": shop_monthly / shop_makers,
        "typed_shop_monthly": Decimal(str(answer["shop_each_year_eur"])) * shop_makers / 12,  # 19 * 12 / 4
        "free_plan_limit": free_plan.group(1) if free_plan else "",
    }


def guide_ex08() -> dict[str, Any]:
    """Exercise 08's model answer: Camille's scores and her projection, with and without growth."""
    from atelier import diagnostic, reference, tools

    answer, _shown = model_answer("ex08_action_plan")
    result, grown = answer["camille_result"], answer["camille_projection"]
    inputs = dict(orders=grown.months[0].orders, average=grown.months[0].revenue / grown.months[0].orders)
    flat = diagnostic.projection(inputs["orders"], inputs["average"].amount, 0, channel="etsy_fr", making_cost_pct=45,
                                 tools=["henrri_fr", "mailerlite_free", "canva_pro"], tax_status="fr_micro_franchise")
    rates = {row["rule_id"]: row["value"] for row in reference.rows("tax_rules")}
    canva = tools.get_tool("canva_pro", "EUR")
    growth = (grown.months[1].orders / grown.months[0].orders - 1) * 100
    last = grown.months[11]
    return {
        "points": points("ex08_action_plan"), "four": answer["camille_four"], "count": len(answer["camille_answers"]),
        "scores": {key: value for key, value in result.scores.items()}, "overall": result.overall,
        "labels": {key: diagnostic.dimension_label(key) for key in result.scores},
        "weakest": diagnostic.dimension_label(result.weakest),
        "strongest": diagnostic.dimension_label(result.strongest),
        "letter": answer["camille_first_action"], "first": grown.months[0], "last": last,
        "orders": inputs["orders"], "average": inputs["average"], "growth": growth,
        "making_pct": last.making.amount / last.revenue.amount * 100,
        "revenue_total": grown.total("revenue"), "margin_total": grown.total("margin"),
        "flat_month": flat.months[0].margin, "flat_total": flat.total("margin"),
        "social": rates["fr_micro_social_goods_rate"], "training": rates["fr_micro_training_artisan_rate"],
        "chamber": rates["fr_micro_chamber_goods_rate"],
        "canva_usd": canva.monthly_cost, "usd_rate": reference.exchange_rate("USD", "EUR"),
    }


def guide_ex05() -> dict[str, Any]:
    """Exercise 05's model answer on the Fabric Store's simulated posts and orders, and the figures of its mistakes."""
    from atelier import exercises

    answer, _shown = model_answer("ex05_fabric_store")
    posts, carousels = answer["posts"], answer["carousels"]
    of_year, repeat = answer["orders_2025"], answer["repeat_2025"]
    reactions = posts["likes"] + posts["comments"] + posts["saves"] + posts["shares"]
    no_brackets = posts["likes"] + posts["comments"] + posts["saves"] + posts["shares"] / posts["reach"] * 100
    per_follower = (reactions / posts["followers_at_post"] * 100)[posts["format"] == "carousel"].mean()
    by_format = posts.groupby("format")["engagement_pct"].mean()
    yearly = posts.groupby(posts["posted_at"].dt.year)["engagement_pct"].mean()
    followers = exercises.read_case_table("fabric_store", "instagram_followers").iloc[:, 1]
    return {
        "points": points("ex05_fabric_store"), "letter": answer["falling_rate"],
        "carousels": len(carousels), "carousel_rate": answer["carousel_rate"],
        "others_below": max(by_format["reel"], by_format["image"]),
        "repeat_revenue": _money_of(str(repeat["items_eur"].sum()), "EUR"),
        "revenue": _money_of(str(of_year["items_eur"].sum()), "EUR"), "repeat_share": answer["repeat_share_2025"],
        "orders_share": len(repeat) / len(of_year) * 100,
        "paid": _money_of(str(answer["paid_to_carriers"]), "EUR"),
        "charged": _money_of(str(answer["paid_by_customers"]), "EUR"),
        "gap": _money_of(str(round(answer["postage_gap_2025"], 2)), "EUR"),
        "no_brackets_max": no_brackets.max(), "per_follower": per_follower,
        "yearly": {int(year): rate for year, rate in yearly.items()},
        "followers_first": int(followers.iloc[0]), "followers_last": int(followers.iloc[-1]),
        "reel_reach": figures("fabric_store")["widest_format_reach"],
    }


def guide_ex02() -> dict[str, Any]:
    """Exercise 02's model answer on the Brighton Kiln's simulated orders and visits, the market benchmarks, and the
    figures of its mistakes."""
    from atelier import market
    from atelier.analytics import brighton_kiln as kiln

    answer, _shown = model_answer("ex02_brighton_kiln")
    orders, visits, of_year = answer["orders"], answer["visits"], answer["orders_2025"]
    goods = of_year.groupby("channel")["items_gbp"].sum()
    web, everything = answer["web_goods_2025"], answer["all_goods_2025"]
    days = answer["visits_2025"]
    left = kiln.channel_costs(kiln.table("orders"), kiln.table("breakages")).loc["web_shop", "left_per_100"]
    return {
        "web_taken_per_100": _money_of(str(round(100 - left, 2)), "GBP"),
        **figures("brighton_kiln"), "points": points("ex02_brighton_kiln"), "letter": answer["kiln_vs_benchmarks"],
        "orders_count": len(of_year), "web_orders": len(answer["web_2025"]),
        "web_goods": _money_of(str(web), "GBP"), "all_goods": _money_of(str(everything), "GBP"),
        "shop_goods": _money_of(str(goods["shop"]), "GBP"), "etsy_goods": _money_of(str(goods["etsy"]), "GBP"),
        "share": answer["web_share_2025"], "conversion": answer["conversion_2025"],
        "day_orders": int(days["orders"].sum()), "day_sessions": int(days["sessions_total"].sum()),
        "average": market.conversion_rate(), "top20": market.conversion_rate("web_conversion_rate_top20"),
        "both_years_web": _money_of(str(orders.loc[orders["channel"] == "web_shop", "items_gbp"].sum()), "GBP"),
        "upside_down": everything / web * 100,
        "both_years_rate": visits["orders"].sum() / visits["sessions_total"].sum() * 100,
        "sessions_per_order": Decimal(int(days["sessions_total"].sum())) / int(days["orders"].sum()) * 100,
    }


def guide_ex06() -> dict[str, Any]:
    """Exercise 06's model answer on the upholsterer's simulated quotes, reviews and jobs, and its mistakes."""
    from atelier.analytics import upholsterer

    answer, _shown = model_answer("ex06_credibility")
    shares = answer["acceptance_by_channel"].astype(float)
    reviews, jobs = answer["reviews"], answer["jobs"]
    yearly = upholsterer.yearly_reviews(upholsterer.load_reviews())
    hours = upholsterer.hours_summary(upholsterer.load_jobs())
    finished = answer["finished"]
    return {
        "points": points("ex06_credibility"), "letter": answer["review_reply"],
        "answered": len(answer["answered"]), "shares": {key: float(value) for key, value in shares.items()},
        "reviews_count": len(answer["reviews_2025"]), "rating": answer["rating_2025"],
        "reply_days": answer["reply_days_2025"], "finished": len(finished),
        "hours_spent": finished["actual_hours"].sum(), "hours_quoted": finished["hours"].sum(),
        "extra_hours": answer["extra_hours"], "extra_value": _money_of(str(hours["extra_value_eur"]), "EUR"),
        "before": yearly.loc[yearly.index.min()], "after": yearly.loc[yearly.index.max()],
        "both_years_days": reviews["reply_time_days"].mean(), "both_years_rating": reviews["rating"].mean(),
        "all_jobs_gap": jobs["actual_hours"].sum() - jobs["hours"].sum(),
    }


def model_answer(exercise: str) -> tuple[dict[str, Any], list[Any]]:
    """Run the model answer of `exercise` (exercises/source, every cell but the checks): its variables and what its
    cells display, in order."""
    import json

    path = ROOT / "exercises" / "source" / exercise / f"{exercise}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    shown: list[Any] = []
    scope: dict[str, Any] = {"display": shown.append, "print": lambda *args, **kwargs: None}
    for cell in cells:
        source = "".join(cell["source"])
        grading = cell.get("metadata", {}).get("nbgrader", {})
        check = grading.get("grade") and not grading.get("solution")  # a visible or hidden check cell
        if cell["cell_type"] == "code" and not check and not source.lstrip().startswith("# ✅"):
            exec(compile(source, f"{exercise}.ipynb", "exec"), scope)  # the course's own source notebook
    return scope, shown


@dataclass(frozen=True)
class Points:
    """An exercise's points as its nbgrader cells give them: checked by the computer, marked by the trainer."""

    auto: int
    manual: int
    typical_wrong: int | None  # what the course's typical wrong hand-in scores (tests/exercise_answers, graded)

    @property
    def total(self) -> int:
        return self.auto + self.manual


# each language's nbgrader course (its source notebooks) and its typical wrong hand-ins (graded with the real nbgrader
# by tests/test_exercises.py and tests/test_exercises_fr.py)
EXERCISE_SOURCES = {"en": ROOT / "exercises" / "source", "fr": ROOT / "exercises" / "fr" / "source"}
TYPICAL_HAND_INS = {"en": ROOT / "tests" / "exercise_answers", "fr": ROOT / "tests" / "exercise_answers" / "fr"}


def exercise_in(exercise: str, lang: str) -> str:
    """The name of the English exercise `exercise` in the course of `lang`: its own name in English; in French, the
    source notebook whose metadata names it as its twin (`ex01_artisanat_online` → `ex01_artisanat_en_ligne`)."""
    import json

    if lang == "en":
        return exercise
    for path in sorted(EXERCISE_SOURCES[lang].glob("*/*.ipynb")):
        twin = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("artisanat", {}).get("twin", "")
        if Path(twin).stem == exercise:
            return path.parent.name
    raise LookupError(f"no exercise of the {lang} course is the twin of {exercise}")


def points(exercise: str, lang: str | None = None) -> Points:
    """The points of the English exercise `exercise` in the course of `lang` (the language in use if None), from
    that course's source notebook's grading metadata, with what that course's typical wrong hand-in scores."""
    import json

    lang = lang or (i18n.language() if i18n.language() in EXERCISE_SOURCES else "en")
    name = exercise_in(exercise, lang)
    path = EXERCISE_SOURCES[lang] / name / f"{name}.ipynb"
    auto = manual = 0
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if grading.get("grade") and grading.get("points") is not None:
            if cell["cell_type"] == "code" and not grading.get("solution"):
                auto += int(grading["points"])
            else:
                manual += int(grading["points"])
    typical = TYPICAL_HAND_INS[lang] / f"{name}.json"
    wrong = json.loads(typical.read_text(encoding="utf-8")).get("expected_wrong_score") if typical.exists() else None
    return Points(auto, manual, wrong)


def guide_ex03() -> dict[str, Any]:
    """Exercise 03's model answer (the vase on Etsy and the other channels) and the figures of its mistakes."""
    from atelier import pricing, reference, tax

    answer, shown = model_answer("ex03_pricing")
    vase, etsy_30, before, after = answer["vase"], answer["etsy_30"], shown[-2], shown[-1]
    price, postage = before.price, before.postage_charged
    rows = {row["channel_id"]: row for row in _channel_rows(answer["uk_at_90"])}
    best = rows[answer["best_online"]]
    target_pct = etsy_30.margin_pct.quantize(Decimal(1))  # the margin task 3 asks for
    target = pricing.compare_channels(vase, "UK", before.tax_status.status_id, margin_pct=target_pct,
                                      postage_charged=postage, orders_per_month=reference.default("orders_per_month"))
    buyers = _row("market_benchmarks", "metric_id", "uk_craft_online_buyers")
    return {
        "points": points("ex03_pricing"), "letter": answer["vat_effect"], "best_id": answer["best_online"],
        "uk_vat_share": tax.vat_rate_pct("UK") / (100 + tax.vat_rate_pct("UK")) * 100,
        "craft_online_buyers": buyers["value"],
        "vase": vase, "price": price, "postage": postage, "target_pct": target_pct,
        "etsy": answer["etsy"], "etsy_fees": _fee_lines(answer["etsy"]),
        "etsy_30": etsy_30, "rows": rows, "best": best, "before": before, "after": after,
        "for_target": {row["channel_id"]: row for row in _channel_rows(target)},
        "without_time": vase.total - vase.labour, "without_packaging": vase.total - vase.packaging,
        "fees_without_postage": pricing.fees("etsy_uk", price).total,
        "price_for_fraction": pricing.price_for_margin(vase, "etsy_uk", target_pct / 100,
                                                       before.tax_status.status_id, postage_charged=postage).price,
    }


# --- the registry: every trainer note and marking guide, and the function that gives its figures -------------------
def _case_notes(case: str) -> Callable[[], Mapping[str, Any]]:
    return lambda: figures(case)


def _lesson_notes(case: str | None, checks: str) -> Callable[[], Mapping[str, Any]]:
    def values() -> Mapping[str, Any]:
        return {**(figures(case) if case else {}), **import_module(checks).trainer_figures()}
    return values


NOTES: dict[str, Callable[[], Mapping[str, Any]]] = {
    "00_start_here": notes_00,
    "01_artisanat_online": notes_01,
    "02_brighton_kiln": notes_02,
    "03_pricing": notes_03,
    "04_shipping": notes_04,
    "05_fabric_store": _lesson_notes("fabric_store", "atelier.selfchecks.nb05"),
    "06_credibility": _lesson_notes("upholsterer", "atelier.selfchecks.nb06"),
    "07_tools_collaboration": _lesson_notes(None, "atelier.selfchecks.nb07"),
    "08_action_plan": _lesson_notes(None, "atelier.selfchecks.nb08"),
    "ex01_artisanat_online": guide_ex01,
    "ex02_brighton_kiln": guide_ex02,
    "ex03_pricing": guide_ex03,
    "ex04_shipping": guide_ex04,
    "ex05_fabric_store": guide_ex05,
    "ex06_credibility": guide_ex06,
    "ex07_tools_collaboration": guide_ex07,
    "ex08_action_plan": guide_ex08,
    **{f"case_{case}": _case_notes(case) for case in CASES},
}


def render_case(case: str, lang: str = "en") -> str:
    """The narrative of `case` in `lang`, its figures filled in from the data."""
    edition = EDITIONS[lang]
    with language(lang):
        return _environment(edition.case_templates).get_template(f"{case}.md.j2").render(**figures(case))


def render_note(name: str, lang: str = "en") -> str:
    """The trainer note or marking guide `name` (instructors/<name>.md) in `lang`, its figures from the package."""
    edition = EDITIONS[lang]
    with language(lang):
        return _environment(edition.notes_templates).get_template(f"{name}.md.j2").render(**NOTES[name]())


def render(case: str) -> str:
    """The English narrative of `case`."""
    return render_case(case)


def render_notes(case: str) -> str:
    """The English trainer notes of `case` (instructors/case_<case>.md)."""
    return render_note(f"case_{case}")


def cases_with_templates(lang: str = "en") -> list[str]:
    return [case for case in CASES if (EDITIONS[lang].case_templates / f"{case}.md.j2").exists()]


def notes_with_templates(lang: str = "en") -> list[str]:
    return [name for name in NOTES if (EDITIONS[lang].notes_templates / f"{name}.md.j2").exists()]


def cases_with_notes(lang: str = "en") -> list[str]:
    return [name.removeprefix("case_") for name in notes_with_templates(lang) if name.startswith("case_")]


def outputs(lang: str = "en") -> list[tuple[Path, Callable[[], str]]]:
    """Every text `lang` renders: (the file it is committed as, the function that renders it)."""
    edition = EDITIONS[lang]
    found: list[tuple[Path, Callable[[], str]]] = []
    for case in cases_with_templates(lang):
        found.append((edition.cases / f"{case}.md", lambda case=case: render_case(case, lang)))
    for name in notes_with_templates(lang):
        found.append((edition.notes / f"{name}.md", lambda name=name: render_note(name, lang)))
    return found


def write_all(languages: Iterable[str] = tuple(EDITIONS)) -> list[Path]:
    """Render every narrative, trainer note and marking guide of every language that has templates; the paths
    written."""
    written = []
    for lang in languages:
        for path, text in outputs(lang):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text(), encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(ROOT))
    sys.exit(0)
