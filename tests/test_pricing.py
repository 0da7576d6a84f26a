"""Pricing: hand-worked examples (arithmetic in the comments), properties, and bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier import pricing, tax
from atelier.errors import CourseInputError, NoPriceError, UnknownNameError
from atelier.money import Money
from atelier.pricing import fees, price_for_margin, sell, unit_cost
from tests.conftest import pin

D = Decimal


def gbp(amount: str) -> Money:
    return Money(D(amount), "GBP")


def eur(amount: str) -> Money:
    return Money(D(amount), "EUR")


@pytest.fixture
def mug() -> pricing.UnitCost:
    # a Brighton Kiln mug: £4 clay and glaze, 30 min at £15/h = £7.50, £2 overhead, £1.50 packaging → £15.00
    return unit_cost(materials=4, making_time_h=0.5, hourly_rate=15, overhead=2, packaging=1.5, currency="GBP")


@pytest.fixture
def linen() -> pricing.UnitCost:
    # a half metre of linen: €6 bought in, 6 min (0.1 h) at €15/h = €1.50, €0.50 overhead, €0.40 packaging → €8.40
    return unit_cost(materials=6, making_time_h=0.1, hourly_rate=15, overhead=0.5, packaging=0.4, currency="EUR")


def test_unit_cost_adds_materials_labour_overhead_packaging(mug: pricing.UnitCost) -> None:
    # 4 + 0.5 h × 15 + 2 + 1.5 = 4 + 7.50 + 2 + 1.50 = 15.00
    assert mug.labour == gbp("7.50")
    assert mug.total == gbp("15.00")


def test_etsy_uk_fees_itemised_with_vat_on_fees() -> None:
    pin("exchange_rates", "rate", "0.75", from_currency="USD", to_currency="GBP")
    pin("channel_fees", "rate_pct", "6.5", channel_id="etsy_uk", fee_id="transaction")
    pin("channel_fees", "rate_pct", "4", channel_id="etsy_uk", fee_id="payment_processing")
    pin("channel_fees", "rate_pct", "0.32", channel_id="etsy_uk", fee_id="regulatory_operating")
    # £28 mug + £3.75 postage = £31.75 paid by the buyer
    # listing 0.20 USD × 0.75 = £0.15; transaction 31.75 × 6.5 % = 2.06375 → £2.06
    # payment 31.75 × 4 % + 0.20 = 1.27 + 0.20 = £1.47; regulatory 31.75 × 0.32 % = 0.1016 → £0.10
    # VAT 20 % on listing + transaction + regulatory (payment is exempt): (0.15 + 2.06 + 0.10) × 20 % = 0.462 → £0.46
    # total 0.15 + 2.06 + 1.47 + 0.10 + 0.46 = £4.24
    breakdown = fees("etsy_uk", 28, postage_charged="3.75")
    amounts = {line.fee_id: line.amount for line in breakdown.lines}
    assert amounts == {"listing": gbp("0.15"), "transaction": gbp("2.06"), "payment_processing": gbp("1.47"),
                       "regulatory_operating": gbp("0.10"), "vat_on_fees": gbp("0.46")}
    assert breakdown.total == gbp("4.24")


def test_etsy_offsite_ads_is_optional_and_capped() -> None:
    pin("channel_fees", "rate_pct", "15", channel_id="etsy_uk", fee_id="offsite_ads")
    pin("channel_fees", "max_amount", "100", channel_id="etsy_uk", fee_id="offsite_ads")
    # without the opt-in there is no offsite_ads line
    assert "offsite_ads" not in {line.fee_id for line in fees("etsy_uk", 28).lines}
    # £28 × 15 % = £4.20
    assert {line.fee_id: line.amount for line in fees("etsy_uk", 28, offsite_ads=True).lines}["offsite_ads"] == gbp(
        "4.20")
    # £2,000 × 15 % = £300 > cap 100 USD × 0.75 = £75
    assert {line.fee_id: line.amount for line in fees("etsy_uk", 2000, offsite_ads=True).lines}[
        "offsite_ads"] == gbp("75.00")


def test_amazon_handmade_minimum_referral_fee() -> None:
    pin("channel_fees", "min_amount", "0.25", channel_id="amazon_handmade_uk", fee_id="referral")
    pin("channel_fees", "rate_pct", "12.24", channel_id="amazon_handmade_uk", fee_id="referral")
    pin("tax_rules", "value", "20", rule_id="uk_vat_standard_rate")
    # £1.50 × 12.24 % = £0.18 < minimum £0.25 → £0.25; Amazon adds 20 % VAT on its fee: + £0.05 → £0.30
    assert fees("amazon_handmade_uk", "1.50").lines[0].amount == gbp("0.25")
    assert fees("amazon_handmade_uk", "1.50").total == gbp("0.30")
    # £20 × 12.24 % = £2.448 → £2.45; VAT 2.45 × 20 % = 0.49 → £2.94
    assert fees("amazon_handmade_uk", 20).total == gbp("2.94")


def test_folksy_commission_on_item_only_with_vat() -> None:
    pin("channel_fees", "rate_pct", "6", channel_id="folksy_basic_uk", fee_id="commission")
    pin("channel_fees", "fixed_amount", "0.15", channel_id="folksy_basic_uk", fee_id="listing")
    # £40 bowl + £5 postage: commission 40 × 6 % = £2.40 (postage excluded); listing £0.15
    # Stripe 45 × 1.5 % + 0.20 = 0.675 + 0.20 = 0.875 → £0.88; VAT (2.40 + 0.15) × 20 % = 0.51 → total £3.94
    breakdown = fees("folksy_basic_uk", 40, 5)
    amounts = {line.fee_id: line.amount for line in breakdown.lines}
    assert amounts["commission"] == gbp("2.40")
    assert amounts["vat_on_fees"] == gbp("0.51")
    assert breakdown.total == gbp("3.94")


def test_subscription_shared_over_monthly_orders() -> None:
    pin("channels", "monthly_fee", "7.50", channel_id="folksy_plus_uk")
    # Folksy Plus £7.50 a month over 10 orders = £0.75 a sale, plus 20 % VAT on it
    lines = {line.fee_id: line.amount for line in fees("folksy_plus_uk", 40, orders_per_month=10).lines}
    assert lines["subscription_share"] == gbp("0.75")
    # VAT on (commission 2.40 + share 0.75) = 3.15 × 20 % = 0.63
    assert lines["vat_on_fees"] == gbp("0.63")


def test_direct_sale_in_the_shop_takes_no_fee(mug: pricing.UnitCost) -> None:
    # cash in the shop: no fee, not VAT registered → margin = 28 − 15 = £13; 13 / 28 = 46.4 %
    sale = sell(mug, "shop_direct_uk", 28, "uk_not_vat_registered")
    assert sale.fees.total == gbp("0")
    assert sale.margin == gbp("13.00")
    assert round(sale.margin_pct, 1) == D("46.4")
    # hourly wage: (margin 13 + labour 7.50) / 0.5 h = £41.00 an hour
    assert sale.hourly_wage == gbp("41.00")


def test_vat_registered_sale_passes_vat_on_and_reclaims_vat_on_fees(mug: pricing.UnitCost) -> None:
    pin("tax_rules", "value", "20", rule_id="uk_vat_standard_rate")
    # £36 incl. VAT on Etsy, no postage: VAT due 36 × 20/120 = £6.00; price before VAT £30
    # fees: listing 0.15, transaction 36 × 6.5 % = 2.34, payment 36 × 4 % + 0.20 = 1.64, regulatory 0.1152 → 0.12
    # VAT on fees (0.15 + 2.34 + 0.12) × 20 % = 0.522 → 0.52, reclaimed by a registered seller
    # net = 36 − 6.00 − (0.15 + 2.34 + 1.64 + 0.12 + 0.52) + 0.52 = 36 − 6 − 4.77 + 0.52 = £25.75
    # margin = 25.75 − 15 = £10.75 → 10.75 / 30 = 35.8 %
    sale = sell(mug, "etsy_uk", 36, "uk_vat_registered")
    assert sale.vat_due == gbp("6.00")
    assert sale.vat_on_fees_reclaimed == gbp("0.52")
    assert sale.net_received == gbp("25.75")
    assert sale.margin == gbp("10.75")
    assert round(sale.margin_pct, 1) == D("35.8")


def test_micro_entrepreneur_contributions_on_turnover(linen: pricing.UnitCost) -> None:
    pin("tax_rules", "value", "12.3", rule_id="fr_micro_social_goods_rate")
    pin("tax_rules", "value", "0.3", rule_id="fr_micro_training_artisan_rate")
    pin("tax_rules", "value", "0.22", rule_id="fr_micro_chamber_goods_rate")
    pin("channel_fees", "rate_pct", "1.5", channel_id="stripe_web_shop_fr", fee_id="card_payment")
    # €16 on the own web shop (Stripe 1.5 % + €0.25): fee 0.24 + 0.25 = €0.49
    # contributions (12.3 + 0.3 + 0.22 chamber tax) % = 12.82 % × 16 = 2.0512 → €2.05; no TVA (franchise en base)
    # net 16 − 0.49 − 2.05 = €13.46; margin 13.46 − 8.40 = €5.06
    sale = sell(linen, "stripe_web_shop_fr", 16, "fr_micro_franchise")
    assert sale.fees.total == eur("0.49")
    assert sale.contributions == eur("2.05")
    assert sale.margin == eur("5.06")


def test_chamber_of_crafts_tax_in_the_contributions() -> None:
    pin("tax_rules", "value", "21.2", rule_id="fr_micro_social_services_rate")
    pin("tax_rules", "value", "12.3", rule_id="fr_micro_social_goods_rate")
    pin("tax_rules", "value", "0.3", rule_id="fr_micro_training_artisan_rate")
    pin("tax_rules", "value", "0.48", rule_id="fr_micro_chamber_services_rate")
    pin("tax_rules", "value", "0.22", rule_id="fr_micro_chamber_goods_rate")
    nothing = unit_cost(materials=0, making_time_h=0, hourly_rate=0, currency="EUR")
    # the upholsterer's €600 chair job (service): (21.2 + 0.3 + 0.48) % = 21.98 % × 600 = €131.88
    chair = sell(nothing, "shop_direct_fr", 600, "fr_micro_franchise_services")
    assert chair.contributions == eur("131.88")
    # €1,000 of goods: (12.3 + 0.3 + 0.22) % = 12.82 % × 1000 = €128.20
    goods = sell(nothing, "shop_direct_fr", Decimal("1000.00"), "fr_micro_franchise")
    assert goods.contributions == eur("128.20")
    assert tax.contribution_parts_pct("fr_micro_franchise") == {
        "fr_micro_social_goods_rate": Decimal("12.3"), "fr_micro_training_artisan_rate": Decimal("0.3"),
        "fr_micro_chamber_goods_rate": Decimal("0.22")}


def test_postage_paid_by_buyer_and_carrier_cost(mug: pricing.UnitCost) -> None:
    # in the shop the buyer pays £4 postage but the carrier charges you £3.75: you keep £0.25 more
    with_postage = sell(mug, "shop_direct_uk", 28, "uk_not_vat_registered", postage_charged=4, shipping_cost="3.75")
    assert with_postage.margin == gbp("13.25")


def test_price_for_margin_on_the_shop_is_cost_over_one_minus_margin(mug: pricing.UnitCost) -> None:
    # no fees, no VAT: price × (1 − 0.40) ≥ 15 → price ≥ 25.00 exactly
    sale = price_for_margin(mug, "shop_direct_uk", 40, "uk_not_vat_registered")
    assert sale.price == gbp("25.00")


def test_price_for_margin_on_etsy(mug: pricing.UnitCost) -> None:
    pin("channel_fees", "rate_pct", "6.5", channel_id="etsy_uk", fee_id="transaction")
    pin("channel_fees", "rate_pct", "4", channel_id="etsy_uk", fee_id="payment_processing")
    pin("channel_fees", "rate_pct", "0.32", channel_id="etsy_uk", fee_id="regulatory_operating")
    # Etsy takes 6.5 + 4 + 0.32 % plus VAT on 6.82 % (1.364 %) ≈ 12.184 % and ≈ £0.38 fixed (0.15 + 0.20 + VAT 0.03)
    # price × (1 − 0.12184 − 0.30) ≈ 15.38 → price ≈ 15.38 / 0.57816 ≈ £26.60 (the search settles it to the penny)
    sale = price_for_margin(mug, "etsy_uk", 30, "uk_not_vat_registered")
    assert gbp("26.40") <= sale.price <= gbp("26.80")
    assert sale.margin_pct >= 30
    below = sell(mug, "etsy_uk", sale.price.amount - D("0.01"), "uk_not_vat_registered")
    assert below.margin_pct < 30


def test_compare_channels_one_row_per_channel(mug: pricing.UnitCost) -> None:
    table = pricing.compare_channels(mug, "UK", "uk_not_vat_registered", margin_pct=30)
    assert set(table["channel_id"]) == {c.channel_id for c in pricing.channels_in("UK")}
    shop = table.set_index("channel_id").loc["shop_direct_uk"]
    # shop: 15 / 0.7 = 21.428… → £21.43
    assert shop["price"] == pytest.approx(21.43)
    assert (table["price"] >= shop["price"]).all()


# --- properties -------------------------------------------------------------------------------------------------

UK_CHANNELS = ["etsy_uk", "folksy_basic_uk", "amazon_handmade_uk", "shopify_basic_uk", "stripe_web_shop_uk",
               "paypal_uk", "sumup_reader_uk", "shop_direct_uk"]
prices = st.decimals(min_value=D("0.50"), max_value=D("2000"), places=2)


@settings(max_examples=60, deadline=None)
@given(channel=st.sampled_from(UK_CHANNELS), price=prices, step=st.decimals(min_value=D("1"), max_value=D("50"),
                                                                            places=2))
def test_margin_grows_with_price(channel: str, price: Decimal, step: Decimal) -> None:
    cost = unit_cost(materials=4, making_time_h=0.5, hourly_rate=15, overhead=2, packaging=1.5, currency="GBP")
    low = sell(cost, channel, price, "uk_not_vat_registered")
    high = sell(cost, channel, price + step, "uk_not_vat_registered")
    assert high.margin > low.margin


@settings(max_examples=60, deadline=None)
@given(channel=st.sampled_from([*UK_CHANNELS, "etsy_fr", "stripe_web_shop_fr"]),
       margin=st.integers(min_value=0, max_value=60),
       materials=st.decimals(min_value=D("0"), max_value=D("200"), places=2),
       registered=st.booleans(), postage=st.decimals(min_value=D("0"), max_value=D("15"), places=2))
def test_price_for_margin_reaches_it_and_a_penny_less_does_not(channel: str, margin: int, materials: Decimal,
                                                               registered: bool, postage: Decimal) -> None:
    region = "FR" if channel.endswith("_fr") else "UK"
    currency = "EUR" if region == "FR" else "GBP"
    status = {("UK", False): "uk_not_vat_registered", ("UK", True): "uk_vat_registered",
              ("FR", False): "fr_micro_franchise", ("FR", True): "fr_micro_tva"}[(region, registered)]
    cost = unit_cost(materials=materials, making_time_h=1, hourly_rate=15, currency=currency)
    try:
        sale = price_for_margin(cost, channel, margin, status, postage_charged=postage)
    except NoPriceError:
        return
    target = D(margin)
    assert sale.margin.amount >= target / 100 * sale.price_before_vat.amount
    if sale.price.amount > D("0.01"):
        below = sell(cost, channel, sale.price.amount - D("0.01"), status, postage_charged=postage)
        assert below.margin.amount < target / 100 * below.price_before_vat.amount


@settings(max_examples=40, deadline=None)
@given(channel=st.sampled_from(UK_CHANNELS), price=prices)
def test_fees_are_never_negative_and_add_up(channel: str, price: Decimal) -> None:
    breakdown = fees(channel, price, 3)
    assert all(line.amount.amount >= 0 for line in breakdown.lines)
    assert breakdown.total.amount == sum(line.amount.amount for line in breakdown.lines)


# --- bad input ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "words"), [
    ({"materials": -1}, "cannot be negative"),
    ({"materials": float("nan")}, "ordinary number"),
    ({"materials": float("inf")}, "ordinary number"),
    ({"materials": "abc"}, "must be a number"),
    ({"materials": ""}, "as a number"),
    ({"making_time_h": -0.5}, "making time cannot be negative"),
])
def test_unit_cost_bad_input_is_explained(kwargs: dict, words: str) -> None:
    values = {"materials": 4, "making_time_h": 0.5, "hourly_rate": 15, "currency": "GBP"} | kwargs
    with pytest.raises(CourseInputError, match=words):
        unit_cost(**values)


def test_unknown_channel_lists_known_ones() -> None:
    with pytest.raises(UnknownNameError, match="etsy_uk") as info:
        fees("ebay_uk", 10)
    assert "is not a sales channel the course knows" in str(info.value)


def test_zero_or_negative_price_is_explained(mug: pricing.UnitCost) -> None:
    with pytest.raises(CourseInputError, match="more than 0"):
        sell(mug, "etsy_uk", 0, "uk_not_vat_registered")
    with pytest.raises(CourseInputError, match="cannot be negative"):
        fees("etsy_uk", -5)


def test_impossible_margin_is_explained(mug: pricing.UnitCost) -> None:
    with pytest.raises(NoPriceError, match="No price up to"):
        price_for_margin(mug, "etsy_uk", 95, "uk_not_vat_registered")
    with pytest.raises(CourseInputError, match="at most 99"):
        price_for_margin(mug, "etsy_uk", 120, "uk_not_vat_registered")


def test_tax_status_of_the_wrong_country_is_explained(mug: pricing.UnitCost) -> None:
    with pytest.raises(CourseInputError, match="is for FR"):
        sell(mug, "etsy_uk", 20, "fr_micro_franchise")


def test_currency_mismatch_is_explained(linen: pricing.UnitCost) -> None:
    with pytest.raises(CourseInputError, match="Cannot mix"):
        sell(linen, "etsy_uk", 20, "uk_not_vat_registered")


def test_sales_in_person_carry_no_postage(mug: pricing.UnitCost) -> None:
    # with £3.75 postage asked, the shop and the card readers still sell without postage (the buyer takes the mug)
    table = pricing.compare_channels(mug, "UK", "uk_vat_registered", price=28, postage_charged="3.75").set_index(
        "channel_id")
    assert table.loc["shop_direct_uk", "shipping_cost"] == 0
    assert table.loc["sumup_reader_uk", "shipping_cost"] == 0
    assert table.loc["etsy_uk", "shipping_cost"] == 3.75
    # £28 incl. VAT in the shop: VAT 28 × 20/120 = £4.67 (not VAT on a postage that does not exist)
    assert table.loc["shop_direct_uk", "vat_due"] == 4.67


def test_a_domestic_sale_is_dated_by_its_own_region_rules(mug: pricing.UnitCost) -> None:
    from atelier import reference

    uk_rules = [row["valid_from"] for row in reference.rows("tax_rules") if row["region"] == "UK"]
    sale = sell(mug, "shop_direct_uk", 28, "uk_not_vat_registered")
    assert sale.valid_from == max([*uk_rules, pricing.get_channel("shop_direct_uk").valid_from])


def test_micro_entrepreneur_service_charging_tva(linen: pricing.UnitCost) -> None:
    pin("tax_rules", "value", "21.2", rule_id="fr_micro_social_services_rate")
    pin("tax_rules", "value", "20", rule_id="fr_tva_standard_rate")
    pin("tax_rules", "value", "0.48", rule_id="fr_micro_chamber_services_rate")
    # €120 incl. TVA in the workshop: TVA 120 × 20/120 = €20; contributions (21.2 + 0.3 + 0.48) % × 100 = €21.98
    sale = sell(linen, "shop_direct_fr", 120, "fr_micro_tva_services")
    assert sale.vat_due == eur("20.00")
    assert sale.contributions == eur("21.98")


def test_absurdly_large_numbers_are_explained() -> None:
    with pytest.raises(CourseInputError, match="far too large"):
        unit_cost(materials="1e400", making_time_h=1, hourly_rate=15, currency="GBP")


def test_regions_and_tax_statuses_in_any_case() -> None:
    assert tax.vat_rate_pct("uk") == tax.vat_rate_pct(" UK ") == Decimal(20)
    assert [s.status_id for s in tax.statuses_for("uk")] == [s.status_id for s in tax.statuses_for("UK")] != []
    # check_region and contribution_rate_pct take the ids get_tax_status takes
    tax.check_region("fr_micro_franchise", "fr")
    with pytest.raises(CourseInputError, match="for FR"):
        tax.check_region("FR_MICRO_FRANCHISE", "UK")
    assert tax.contribution_rate_pct("fr_micro_franchise") == tax.contribution_rate_pct(
        tax.get_tax_status("fr_micro_franchise"))
    with pytest.raises(UnknownNameError, match="UK, FR"):
        tax.vat_rate_pct("Germany")


def test_a_currency_is_checked_where_it_is_typed() -> None:
    assert unit_cost(materials=1, making_time_h=1, hourly_rate=15, currency="gbp").currency == "GBP"
    for wrong in ("JPY", "USD", "£", 5):
        with pytest.raises(CourseInputError, match="GBP, EUR"):
            unit_cost(materials=1, making_time_h=1, hourly_rate=15, currency=wrong)  # type: ignore[arg-type]
