"""The Brighton Kiln (UK, GBP, 2024–2025): a studio pottery whose own web shop grows to match its shop.

Simulated for teaching, modelled on the article's example. Postage comes from atelier.shipping (the parcel each
order makes and the service the potter picks, see atelier.casedata.ship) and fees from atelier.pricing.fees, so
the case and the simulators agree.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from atelier import reference, shipping
from atelier.casedata import ship
from atelier.channels import get_channel
from atelier.errors import NoServiceError
from atelier.pricing import fees

from .common import END, START, Field, Table, days, fk, money, pick

SEED = 20_240_101
REGION = "UK"
CHANNEL_IDS = {"shop": "shop_direct_uk", "web_shop": "shopify_basic_uk", "etsy": "etsy_uk"}
REDESIGN = date(2025, 3, 1)  # single-wall box + bubble wrap → double-wall box + cardboard inserts
OLD_PACKAGING, NEW_PACKAGING = "uk_single_wall_bubble", "uk_double_wall_inserts"
BREAKAGE_PCT = {OLD_PACKAGING: 4.0, NEW_PACKAGING: 0.9}
CHEAP_BELOW_GBP = Decimal(40)  # goods under this value go by the cheapest service, whatever its cover
# What the buyer pays for delivery (web shop and Etsy alike): by zone, and in the UK by parcel weight.
POSTAGE_CHARGED = {
    "before": {"uk_light": Decimal("4.50"), "uk_heavy": Decimal("7.95")},
    "after": {"uk_light": Decimal("5.95"), "uk_heavy": Decimal("8.95")},
    "europe": Decimal("14.95"), "usa": Decimal("19.95"), "world": Decimal("24.95"),
}
UK_LIGHT_MAX_G = 2000

# product_id, name, category, price_gbp, weight_g, length_cm, width_cm, height_cm
PRODUCTS = [
    ("mug-tide", "Tide mug (sea-blue glaze)", "mug", 28, 350, 12, 9, 10),
    ("mug-sandstone", "Sandstone mug", "mug", 26, 340, 12, 9, 10),
    ("mug-seaweed", "Seaweed mug (green celadon)", "mug", 28, 360, 12, 9, 10),
    ("mug-chalk-tall", "Chalk tall mug", "mug", 32, 380, 12, 9, 12),
    ("mug-espresso-pair", "Pebble espresso cups, pair", "mug", 30, 300, 14, 7, 7),
    ("bowl-breakfast-tide", "Breakfast bowl, tide", "bowl", 34, 520, 16, 16, 8),
    ("bowl-breakfast-sandstone", "Breakfast bowl, sandstone", "bowl", 34, 520, 16, 16, 8),
    ("bowl-ramen-seaweed", "Ramen bowl, seaweed", "bowl", 42, 800, 19, 19, 9),
    ("bowl-serving-chalk", "Serving bowl, chalk", "bowl", 48, 1150, 25, 25, 10),
    ("plate-dinner-tide", "Dinner plate, tide", "plate", 38, 650, 27, 27, 3),
    ("plate-dinner-sandstone", "Dinner plate, sandstone", "plate", 38, 650, 27, 27, 3),
    ("plate-dinner-chalk", "Dinner plate, chalk", "plate", 38, 650, 27, 27, 3),
    ("vase-bud", "Bud vase", "vase", 55, 800, 10, 10, 18),
    ("vase-moon", "Moon vase, small", "vase", 85, 1400, 16, 10, 22),
    ("vase-groyne", "Groyne vase, ribbed", "vase", 110, 1900, 15, 15, 30),
    ("vase-tall-chalk", "Tall chalk vase", "vase", 140, 2500, 18, 18, 38),
    ("planter-small", "Small planter with saucer", "planter", 45, 1500, 16, 16, 14),
    ("planter-medium", "Medium planter with saucer", "planter", 65, 2600, 22, 22, 19),
    ("planter-large", "Large planter, tide", "planter", 90, 4000, 28, 28, 24),
    ("class-taster", "Wheel-throwing taster class (2 h, one person)", "class", 65, None, None, None, None),
]
CATEGORY_WEIGHTS = {  # what a basket line is, by channel
    "shop": {"mug": 40, "bowl": 18, "plate": 9, "vase": 12, "planter": 9, "class": 12},
    "web_shop": {"mug": 34, "bowl": 18, "plate": 12, "vase": 18, "planter": 10, "class": 8},
    "etsy": {"mug": 42, "bowl": 18, "plate": 10, "vase": 20, "planter": 10, "class": 0},
}
SMALL_ENOUGH_ABROAD = {"mug-tide", "mug-sandstone", "mug-seaweed", "mug-chalk-tall", "mug-espresso-pair",
                       "bowl-breakfast-tide", "bowl-breakfast-sandstone", "plate-dinner-tide", "plate-dinner-chalk",
                       "vase-bud"}
COUNTRIES = {  # customer countries of shipped orders
    "web_shop": (["GB", "IE", "FR", "DE", "NL", "BE", "ES", "IT", "US", "CA", "AU"],
                 [91.0, 1.6, 1.4, 1.2, 0.8, 0.4, 0.4, 0.4, 2.4, 0.4, 0.4]),
    "etsy": (["GB", "IE", "FR", "DE", "NL", "US", "CA", "AU", "JP"],
             [73.0, 2.0, 3.0, 3.5, 1.5, 13.0, 2.0, 1.5, 0.5]),
}
SHOP_SEASON = {1: 0.55, 2: 0.65, 3: 0.8, 4: 0.95, 5: 1.0, 6: 1.1, 7: 1.3, 8: 1.4, 9: 1.0, 10: 0.9, 11: 1.15, 12: 1.7}
WEB_SEASON = {1: 0.8, 2: 0.8, 3: 0.9, 4: 0.9, 5: 0.95, 6: 0.9, 7: 0.85, 8: 0.85, 9: 0.95, 10: 1.05, 11: 1.35,
              12: 1.55}
SHOP_WEEKDAY = [0.0, 0.8, 0.8, 0.9, 1.05, 1.55, 1.2]  # Monday closed
WEB_WEEKDAY = [1.1, 1.0, 1.0, 0.95, 0.9, 0.9, 1.15]
CLOSED = {date(2024, 12, 25), date(2024, 12, 26), date(2025, 1, 1), date(2025, 12, 25), date(2025, 12, 26),
          date(2024, 1, 1)}
SOURCES = ["organic", "social", "direct", "referral", "email"]


def _t(day: date) -> float:
    """Years since 1 January 2024 (0 … 2)."""
    return (day - START).days / 365.25


def _christmas(day: date) -> float:
    """Extra pull of the weeks before Christmas (last posting days mid-December), nothing after the 20th."""
    if day.month == 12 and day.day <= 18:
        return 1.0 + 0.5 * day.day / 18
    if day.month == 12 and day.day > 20:
        return 0.45
    return 1.0


def _web_sessions_mean(day: date) -> float:
    growth = 16 + 54 / (1 + math.exp(-3.2 * (_t(day) - 1.05)))  # ~18/day at launch → ~70/day late 2025
    return growth * WEB_SEASON[day.month] * WEB_WEEKDAY[day.weekday()] * _christmas(day)


def _web_conversion(day: date) -> float:
    base = 0.012 + 0.010 * min(_t(day), 1.9) / 1.9  # 1.2 % at launch → 2.2 % late 2025 (photos, reviews, speed)
    return base * (1.15 if day.month in (11, 12) else 1.0)


def _source_shares(day: date) -> list[float]:
    t = _t(day) / 2
    shares = [0.42 - 0.06 * t, 0.14 + 0.14 * t, 0.26 - 0.08 * t, 0.12 - 0.05 * t, 0.06 + 0.05 * t]
    return [s / sum(shares) for s in shares]


def _packaging_for(day: date) -> str:
    return OLD_PACKAGING if day < REDESIGN else NEW_PACKAGING


def _item(product: dict) -> shipping.Item:
    return shipping.item(product["weight_g"], product["length_cm"], product["width_cm"], product["height_cm"],
                         product["product_id"])


def _postage_charged(day: date, zone: str, weight_g: Decimal) -> Decimal:
    if zone != "uk":
        return POSTAGE_CHARGED[zone]
    period = POSTAGE_CHARGED["before" if day < REDESIGN else "after"]
    return period["uk_light"] if weight_g <= UK_LIGHT_MAX_G else period["uk_heavy"]


def generate() -> list[Table]:
    # one stream per channel, so that tuning one channel does not reshuffle the others
    rng, rng_shop, rng_web, rng_etsy = (np.random.default_rng(s) for s in np.random.SeedSequence(SEED).spawn(4))
    products = [dict(zip(["product_id", "name", "category", "price_gbp", "weight_g", "length_cm", "width_cm",
                          "height_cm"], p, strict=True)) for p in PRODUCTS]
    for p in products:
        p["fragile"] = p["category"] != "class"
    by_id = {p["product_id"]: p for p in products}
    by_category: dict[str, list[dict]] = defaultdict(list)
    for p in products:
        by_category[p["category"]].append(p)

    def basket(rng: np.random.Generator, channel: str, day: date, abroad: bool) -> list[tuple[dict, int]]:
        weights = dict(CATEGORY_WEIGHTS[channel])
        if channel == "web_shop" and day.month in (11, 12):
            weights["class"] *= 2.5  # gift vouchers for a taster class
        if abroad:
            choices = [by_id[pid] for pid in sorted(SMALL_ENOUGH_ABROAD)]
            n_items = 1 if rng.random() < 0.7 else 2
            lines: dict[str, int] = {}
            for _ in range(n_items):
                p = choices[int(rng.integers(len(choices)))]
                lines[p["product_id"]] = lines.get(p["product_id"], 0) + 1
            return [(by_id[pid], q) for pid, q in lines.items()]
        n_lines = pick(rng, [1, 2, 3], [72, 23, 5])
        lines = {}
        for _ in range(n_lines):
            category = pick(rng, list(weights), list(weights.values()))
            if category == "class" and lines and channel != "shop":
                continue  # online, a class voucher is bought on its own
            options = by_category[category]
            p = options[int(rng.integers(len(options)))]
            quantity = 1
            if category in ("mug", "bowl", "plate") and rng.random() < 0.15:
                quantity = int(rng.integers(2, 5))  # a set
            elif category == "class" and rng.random() < 0.35:
                quantity = 2
            lines[p["product_id"]] = lines.get(p["product_id"], 0) + quantity
            if category == "class" and channel != "shop":
                break
        return [(by_id[pid], q) for pid, q in lines.items()]

    orders: list[dict] = []
    order_lines: list[dict] = []
    analytics: list[dict] = []
    shipments: dict[str, object] = {}
    counter = 0

    def add_order(channel: str, day: date, country: str | None, lines: list[tuple[dict, int]]) -> dict:
        nonlocal counter
        shipment = None
        physical = [(p, q) for p, q in lines if p["category"] != "class"]
        if channel != "shop" and physical:
            zone = shipping.zone_of(REGION, country or "GB")
            while shipment is None:
                items = [_item(p) for p, q in physical for _ in range(q)]
                value = sum((Decimal(p["price_gbp"]) * q for p, q in physical), Decimal(0))
                for packaging_id in _packagings_to_try(day, zone):
                    try:
                        shipment = ship(items, packaging_id, REGION, country or "GB", value,
                                        cheap_below=CHEAP_BELOW_GBP)
                        break
                    except NoServiceError:
                        continue
                if shipment is None:  # too big for any service abroad: the customer buys one piece only
                    if len(items) == 1:
                        raise RuntimeError(f"no parcel service for {physical} to {country}")
                    physical = lines = [(physical[0][0], 1)]
        counter += 1
        order_id = f"BK{counter:05d}"
        items_total = sum((Decimal(p["price_gbp"]) * q for p, q in lines), Decimal(0))
        row = {"order_id": order_id, "order_date": day, "channel": channel, "channel_id": CHANNEL_IDS[channel],
               "customer_country": country, "items_gbp": items_total, "item_count": sum(q for _, q in lines)}
        postage = Decimal(0)
        if shipment is not None:
            zone = shipping.zone_of(REGION, country or "GB")
            postage = _postage_charged(day, zone, shipment.parcel.weight_g)
            shipments[order_id] = shipment
            row.update(service_id=shipment.service_id, packaging_id=shipment.packaging_id,
                       parcel_weight_g=shipment.parcel.weight_g, postage_cost_gbp=shipment.postage_cost.amount,
                       packaging_cost_gbp=shipment.packaging_cost.amount)
        else:
            row.update(postage_cost_gbp=Decimal(0), packaging_cost_gbp=Decimal(0))
        row["postage_charged_gbp"] = postage
        row["fees_gbp"] = fees(CHANNEL_IDS[channel], items_total, postage).total.amount
        row["total_paid_gbp"] = items_total + postage
        orders.append(row)
        for p, q in lines:
            order_lines.append({"order_id": order_id, "product_id": p["product_id"], "quantity": q,
                                "unit_price_gbp": p["price_gbp"], "line_total_gbp": Decimal(p["price_gbp"]) * q})
        return row

    def country_for(rng: np.random.Generator, channel: str) -> str:
        options, weights = COUNTRIES[channel]
        return pick(rng, options, weights)

    for day in days():
        t = _t(day)
        # the shop-studio
        if day.weekday() != 0 and day not in CLOSED:
            mean = 1.66 * SHOP_SEASON[day.month] * SHOP_WEEKDAY[day.weekday()] * (1 - 0.04 * t) * \
                (_christmas(day) if day.day <= 20 or day.month != 12 else 0.9)
            for _ in range(int(rng_shop.poisson(mean))):
                add_order("shop", day, None, basket(rng_shop, "shop", day, False))
        # the own web shop: sessions → orders
        sessions = int(rng.poisson(_web_sessions_mean(day) * float(rng.lognormal(0, 0.12))))
        conversion = _web_conversion(day)
        n_orders = int(rng.binomial(sessions, conversion))
        for _ in range(n_orders):
            country = country_for(rng_web, "web_shop")
            add_order("web_shop", day, country, basket(rng_web, "web_shop", day, country != "GB"))
        abandonment = float(rng.uniform(0.66, 0.74))
        extra_carts = int(rng.binomial(max(sessions - n_orders, 0),
                                       min(1.0, conversion * (1 / (1 - abandonment) - 1) / (1 - conversion))))
        split = rng.multinomial(sessions, _source_shares(day))
        analytics.append({"date": day, "sessions_total": sessions,
                          **{f"sessions_{s}": int(n) for s, n in zip(SOURCES, split, strict=True)},
                          "add_to_cart_sessions": n_orders + extra_carts, "orders": n_orders})
        # Etsy: steady at first, drifting down as regular buyers move to the own web shop
        etsy_mean = (0.54 - 0.15 * t) * WEB_SEASON[day.month] * _christmas(day)
        for _ in range(int(rng_etsy.poisson(etsy_mean))):
            country = country_for(rng_etsy, "etsy")
            add_order("etsy", day, country, basket(rng_etsy, "etsy", day, country != "GB"))

    breakages = _breakages(rng, orders, order_lines, shipments, by_id)
    monthly = _monthly_costs(rng, orders, order_lines, breakages, by_id)
    return _tables(products, orders, order_lines, breakages, analytics, monthly)


def _packagings_to_try(day: date, zone: str) -> list[str]:
    standard = _packaging_for(day)
    if zone == "uk" or standard == OLD_PACKAGING:
        return [standard]
    # Abroad only the small-parcel format is in the tables: a double-wall box with inserts is often too big for it,
    # so the potter falls back to the old box for those orders.
    return [standard, OLD_PACKAGING]


def _breakages(rng: np.random.Generator, orders: list[dict], order_lines: list[dict], shipments: dict,
               by_id: dict) -> list[dict]:
    lines_of: dict[str, list[dict]] = defaultdict(list)
    for line in order_lines:
        lines_of[line["order_id"]].append(line)
    groups: dict[tuple[bool, str], list[dict]] = defaultdict(list)
    for order in orders:
        if order["order_id"] in shipments:
            groups[order["order_date"] >= REDESIGN, order["packaging_id"]].append(order)
    broken: list[dict] = []
    for (_after, packaging_id), group in sorted(groups.items()):
        k = round(len(group) * BREAKAGE_PCT[packaging_id] / 100 * float(rng.uniform(0.92, 1.08)))
        chosen = sorted(int(i) for i in rng.choice(len(group), size=k, replace=False))
        broken.extend(group[i] for i in chosen)
    broken.sort(key=lambda o: o["order_id"])
    rows = []
    for order in broken:
        abroad = order["customer_country"] != "GB"
        reported = order["order_date"] + timedelta(int(rng.integers(5, 13) if abroad else rng.integers(2, 5)))
        if reported > END:
            continue
        fragile = [line for line in lines_of[order["order_id"]] if by_id[line["product_id"]]["fragile"]]
        line = fragile[int(rng.integers(len(fragile)))]
        product = by_id[line["product_id"]]
        replace = not abroad and rng.random() < 0.65
        row = {"breakage_id": f"BKB{len(rows) + 1:03d}", "order_id": order["order_id"], "reported_date": reported,
               "product_id": product["product_id"], "packaging_id": order["packaging_id"],
               "service_id": order["service_id"], "resolution": "replacement" if replace else "refund",
               "refund_gbp": Decimal(0) if replace else Decimal(product["price_gbp"]),
               "replacement_value_gbp": Decimal(product["price_gbp"]) if replace else Decimal(0),
               "reshipping_cost_gbp": Decimal(0), "reshipping_packaging_gbp": Decimal(0), "reshipping_service_id": None}
        if replace:
            again = ship([_item(product)], _packaging_for(reported), REGION, order["customer_country"],
                         Decimal(product["price_gbp"]), cheap_below=CHEAP_BELOW_GBP)
            row.update(reshipping_cost_gbp=again.postage_cost.amount,
                       reshipping_packaging_gbp=again.packaging_cost.amount, reshipping_service_id=again.service_id)
        rows.append(row)
    return rows


def _monthly_costs(rng: np.random.Generator, orders: list[dict], order_lines: list[dict], breakages: list[dict],
                   by_id: dict) -> list[dict]:
    def month_of(day: date) -> str:
        return f"{day.year:04d}-{day.month:02d}"

    order_month = {o["order_id"]: month_of(o["order_date"]) for o in orders}
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for o in orders:
        m = sums[order_month[o["order_id"]]]
        m["fees_gbp"] += o["fees_gbp"]
        m["postage_gbp"] += o["postage_cost_gbp"]
        m["packaging_gbp"] += o["packaging_cost_gbp"]
    for line in order_lines:
        m = sums[order_month[line["order_id"]]]
        if by_id[line["product_id"]]["category"] == "class":
            m["class_seats"] += line["quantity"]
        else:
            m["goods"] += line["line_total_gbp"]
    for b in breakages:
        m = sums[month_of(b["reported_date"])]
        m["postage_gbp"] += b["reshipping_cost_gbp"]
        m["packaging_gbp"] += b["reshipping_packaging_gbp"]
        m["breakage_refunds_gbp"] += b["refund_gbp"]
    shopify = get_channel(CHANNEL_IDS["web_shop"])
    vat = reference.rule("uk_vat_standard_rate")
    subscription = money(shopify.monthly_fee.amount * (1 + vat / 100)) if shopify.monthly_fee_vat_applies \
        else shopify.monthly_fee.amount
    rows = []
    for year in (2024, 2025):
        for month in range(1, 13):
            key = f"{year:04d}-{month:02d}"
            m = sums[key]
            wage = Decimal("11.44") if (year, month) < (2025, 4) else Decimal("12.21")  # National Living Wage 21+
            if (year, month) < (2024, 4):
                wage = Decimal("10.42")
            weekly_hours = 24 if month in (11, 12) else 16
            rows.append({
                "month": key,
                "rent_gbp": Decimal(1150 if year == 2024 else 1195),
                "assistant_wages_gbp": money(wage * weekly_hours * 52 / 12),
                "materials_gbp": money(m["goods"] * Decimal("0.11") + m["class_seats"] * 6),
                "kiln_energy_gbp": money(Decimal(190) + m["goods"] * Decimal("0.025") +
                                         Decimal(str(round(float(rng.normal(0, 12)), 2)))),
                "platform_subscriptions_gbp": subscription,
                "marketing_gbp": money((60 if year == 2024 else 110) * (2 if month in (11, 12) else 1)),
                "packaging_gbp": money(m["packaging_gbp"]),
                "postage_gbp": money(m["postage_gbp"]),
                "fees_gbp": money(m["fees_gbp"]),
                "breakage_refunds_gbp": money(m["breakage_refunds_gbp"]),
            })
    return rows


def _tables(products: list[dict], orders: list[dict], order_lines: list[dict], breakages: list[dict],
            analytics: list[dict], monthly: list[dict]) -> list[Table]:
    services = sorted(shipping.services(REGION))
    packagings = sorted(shipping.packagings(REGION))
    prefix, folder = "brighton_kiln_", "brighton_kiln/"
    gbp = "GBP"
    product_table = Table(
        prefix + "products", folder + "products.csv", "The Brighton Kiln — products",
        "What the pottery sells: stoneware pieces and a taster class. Sizes are of the piece itself (the parcel "
        "adds the packaging's padding). Simulated for teaching.",
        [
            Field("product_id", "string", "Product identifier.", required=True, unique=True),
            Field("name", "string", "Product name as shown to customers.", required=True),
            Field("category", "string", "Kind of product.", required=True,
                  enum=["mug", "bowl", "plate", "vase", "planter", "class"]),
            Field("price_gbp", "number", "Selling price, the same in the shop, the web shop and on Etsy.", gbp,
                  required=True, minimum=0),
            Field("weight_g", "integer", "Weight of the piece (empty for a class).", "g", minimum=1),
            Field("length_cm", "number", "Longest side of the piece (empty for a class).", "cm", minimum=0,
                  decimals=1),
            Field("width_cm", "number", "Middle side of the piece (empty for a class).", "cm", minimum=0,
                  decimals=1),
            Field("height_cm", "number", "Shortest or standing height of the piece (empty for a class).", "cm",
                  minimum=0, decimals=1),
            Field("fragile", "boolean", "true for ceramics that can break in transit.", required=True),
        ],
        ["product_id"], rows=products)
    order_table = Table(
        prefix + "orders", folder + "orders.csv", "The Brighton Kiln — orders",
        "One row per order, January 2024 – December 2025, from the shop-studio, the own web shop (launched January "
        "2024, Shopify Basic) and Etsy. Postage cost is the price atelier.shipping.quote gives for the packed "
        "parcel (atelier.shipping.pack of the order's pieces in packaging_id) and the chosen service; fees are "
        "atelier.pricing.fees(channel_id, items_gbp, postage_charged_gbp).total, at the reference tables' current "
        "rates for every date. Simulated for teaching.",
        [
            Field("order_id", "string", "Order identifier.", required=True, unique=True),
            Field("order_date", "date", "Date of the order (ISO 8601).", required=True),
            Field("channel", "string", "Where the customer bought: shop (in the shop-studio), web_shop (own web "
                  "shop), etsy.", required=True, enum=["shop", "web_shop", "etsy"]),
            Field("channel_id", "string", "Channel id in datasets/reference/channels.csv used to compute the fees.",
                  required=True, enum=sorted(set(CHANNEL_IDS.values()))),
            Field("customer_country", "string", "ISO 3166 code of the delivery country (empty for shop sales: not "
                  "recorded).", enum=sorted({c for v in COUNTRIES.values() for c in v[0]})),
            Field("item_count", "integer", "Number of pieces or class places in the order.", "count",
                  required=True, minimum=1),
            Field("items_gbp", "number", "Value of the goods (sum of the order lines), postage excluded.", gbp,
                  required=True, minimum=0),
            Field("postage_charged_gbp", "number", "Delivery price the customer paid (0 when nothing is posted).",
                  gbp, required=True, minimum=0),
            Field("total_paid_gbp", "number", "items_gbp + postage_charged_gbp.", gbp, required=True, minimum=0),
            Field("service_id", "string", "Parcel service used (parcel_services.csv); empty when nothing is "
                  "posted.", enum=services),
            Field("packaging_id", "string", "Packaging used (packaging.csv); empty when nothing is posted. "
                  f"{OLD_PACKAGING} until {REDESIGN - timedelta(1)}, {NEW_PACKAGING} from {REDESIGN} (abroad the "
                  "old box when the new one is too big for the small-parcel format).", enum=packagings),
            Field("parcel_weight_g", "number", "Weight of the packed parcel (pieces + packaging).", "g",
                  minimum=0, decimals=0),
            Field("postage_cost_gbp", "number", "What the carrier charged the pottery for the parcel.", gbp,
                  required=True, minimum=0),
            Field("packaging_cost_gbp", "number", "Cost of the packaging used (packaging.csv).", gbp,
                  required=True, minimum=0),
            Field("fees_gbp", "number", "All channel fees on the order, VAT on fees included "
                  "(atelier.pricing.fees total).", gbp, required=True, minimum=0),
        ],
        ["order_id"], rows=orders)
    line_table = Table(
        prefix + "order_lines", folder + "order_lines.csv", "The Brighton Kiln — order lines",
        "The products in each order. Simulated for teaching.",
        [
            Field("order_id", "string", "Order (orders.csv).", required=True),
            Field("product_id", "string", "Product (products.csv).", required=True),
            Field("quantity", "integer", "Number of pieces (or class places).", "count", required=True, minimum=1),
            Field("unit_price_gbp", "number", "Price of one piece.", gbp, required=True, minimum=0),
            Field("line_total_gbp", "number", "quantity × unit_price_gbp.", gbp, required=True, minimum=0),
        ],
        ["order_id", "product_id"],
        [fk("order_id", prefix + "orders", "order_id"), fk("product_id", prefix + "products", "product_id")],
        rows=order_lines)
    breakage_table = Table(
        prefix + "breakages", folder + "breakages.csv", "The Brighton Kiln — breakages in transit",
        f"Parcels that arrived with a broken piece, as reported by the customer. About "
        f"{BREAKAGE_PCT[OLD_PACKAGING]:.0f} % of parcels in {OLD_PACKAGING}, about "
        f"{BREAKAGE_PCT[NEW_PACKAGING]:.0f} % in {NEW_PACKAGING} (redesign on {REDESIGN}). A replacement is sent "
        "by the same rule as an order (atelier.casedata.ship) in the packaging of the day it is reported. "
        "Simulated for teaching.",
        [
            Field("breakage_id", "string", "Breakage identifier.", required=True, unique=True),
            Field("order_id", "string", "Order whose parcel arrived broken (orders.csv).", required=True),
            Field("reported_date", "date", "Date the customer reported it.", required=True),
            Field("product_id", "string", "The broken piece (products.csv).", required=True),
            Field("packaging_id", "string", "Packaging of the broken parcel.", required=True, enum=packagings),
            Field("service_id", "string", "Service that carried the broken parcel.", required=True, enum=services),
            Field("resolution", "string", "What the pottery did: refund the piece or send a replacement.",
                  required=True, enum=["refund", "replacement"]),
            Field("refund_gbp", "number", "Money refunded (0 for a replacement).", gbp, required=True, minimum=0),
            Field("replacement_value_gbp", "number", "Selling price of the replacement piece sent (0 for a "
                  "refund).", gbp, required=True, minimum=0),
            Field("reshipping_cost_gbp", "number", "Postage paid to send the replacement (0 for a refund).", gbp,
                  required=True, minimum=0),
            Field("reshipping_packaging_gbp", "number", "Packaging cost of the replacement parcel.", gbp,
                  required=True, minimum=0),
            Field("reshipping_service_id", "string", "Service used for the replacement (empty for a refund).",
                  enum=services),
        ],
        ["breakage_id"],
        [fk("order_id", prefix + "orders", "order_id"), fk("product_id", prefix + "products", "product_id")],
        rows=breakages)
    analytics_table = Table(
        prefix + "web_analytics", folder + "web_analytics.csv", "The Brighton Kiln — web shop analytics, daily",
        "Visits to the own web shop by traffic source, sessions with an add-to-cart, and orders; `orders` equals "
        "the number of web_shop orders of that date in orders.csv. Simulated for teaching.",
        [
            Field("date", "date", "Day.", required=True, unique=True),
            Field("sessions_total", "integer", "Sessions (visits) that day; the sum of the five sources.",
                  "sessions", required=True, minimum=0),
            *[Field(f"sessions_{s}", "integer", f"Sessions from {label}.", "sessions", required=True, minimum=0)
              for s, label in [("organic", "search engines (unpaid)"), ("social", "social networks (Instagram, "
                               "Pinterest, Facebook)"), ("direct", "typed address or bookmark"),
                               ("referral", "links on other sites"), ("email", "the newsletter and e-mails")]],
            Field("add_to_cart_sessions", "integer", "Sessions in which something was added to the cart.",
                  "sessions", required=True, minimum=0),
            Field("orders", "integer", "Web shop orders that day.", "orders", required=True, minimum=0),
        ],
        ["date"], rows=analytics)
    cost_fields = [
        ("rent_gbp", "Rent of the shop-studio."),
        ("assistant_wages_gbp", "Part-time assistant's pay (16 h a week, 24 h in November and December, at the UK "
         "National Living Wage of the time)."),
        ("materials_gbp", "Clay, glazes and class materials."),
        ("kiln_energy_gbp", "Electricity for the kilns."),
        ("platform_subscriptions_gbp", "Shopify Basic monthly fee (channels.csv) with VAT."),
        ("marketing_gbp", "Paid promotion (social network and Etsy ads)."),
        ("packaging_gbp", "Packaging of the month's parcels, replacements included (sum of packaging costs)."),
        ("postage_gbp", "Postage of the month's parcels, replacements included (sum of postage_cost_gbp and "
         "reshipping_cost_gbp)."),
        ("fees_gbp", "Channel fees: the sum of fees_gbp of the month's orders."),
        ("breakage_refunds_gbp", "Refunds for broken pieces reported that month."),
    ]
    monthly_table = Table(
        prefix + "monthly_costs", folder + "monthly_costs.csv", "The Brighton Kiln — monthly costs",
        "The pottery's costs by month. Fees, postage and packaging are sums over orders.csv and breakages.csv; "
        "the other lines are simulated. Simulated for teaching.",
        [Field("month", "yearmonth", "Month (YYYY-MM).", required=True, unique=True),
         *[Field(name, "number", text, gbp, required=True, minimum=0) for name, text in cost_fields]],
        ["month"], rows=monthly)
    for p in products:
        for key in ("price_gbp",):
            p[key] = Decimal(p[key])
    return [product_table, order_table, line_table, breakage_table, analytics_table, monthly_table]


__all__ = ["generate"]
