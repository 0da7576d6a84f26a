"""The Fabric Store Online (France, EUR, 2024–2025): an online fabric shop that grows on Instagram.

Simulated for teaching, modelled on the article's example. Followers grow from ~3,000 to ~25,000; engagement per
post is that of a small account (2–6 %) and falls as the account grows; repeat customers bring most of the revenue.
Postage is what atelier.shipping.quote gives for the packed parcel with the service the customer chose; fees are
atelier.pricing.fees on the shop's Stripe account; free delivery from the threshold in course_defaults.csv.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np

from atelier import reference, shipping
from atelier.casedata import ship
from atelier.pricing import fees

from .common import END, START, Field, Table, days, fk, pick

SEED = 20_240_102
REGION = "FR"
CHANNEL_ID = "stripe_web_shop_fr"
FOLLOWERS_START, FOLLOWERS_END = 3_000, 25_000
POSTAGE_CHARGED = {"colissimo_home": Decimal("6.90"), "mondial_relay_point": Decimal("4.50")}
MAILER_MAX_G = 1500  # above this the order goes in a box
FORMATS = ["reel", "carousel", "image", "live"]
THEMES = ["customer_make_repost", "new_fabric", "tutorial", "behind_the_scenes", "promotion"]
# share of the followers a post reaches, engagement rate at 3,000 followers, split of the interactions
REACH_SHARE = {"reel": 0.55, "carousel": 0.30, "image": 0.22, "live": 0.05}
ENGAGEMENT_AT_START = {"reel": 0.036, "carousel": 0.058, "image": 0.034, "live": 0.062}
SPLIT = {  # likes, comments, saves, shares
    "reel": [0.72, 0.05, 0.10, 0.13],
    "carousel": [0.60, 0.06, 0.28, 0.06],
    "image": [0.82, 0.07, 0.08, 0.03],
    "live": [0.55, 0.40, 0.0, 0.05],
}
THEME_REACH = {"customer_make_repost": 1.1, "new_fabric": 1.0, "tutorial": 1.1, "behind_the_scenes": 0.9,
               "promotion": 0.8}
THEME_ENGAGEMENT = {"customer_make_repost": 1.2, "new_fabric": 1.0, "tutorial": 1.15, "behind_the_scenes": 0.95,
                    "promotion": 0.75}
SOURCES = ["instagram", "search", "newsletter", "word_of_mouth"]
REPEAT_PROBABILITY = {"instagram": 0.62, "search": 0.4, "newsletter": 0.66, "word_of_mouth": 0.55}
ORDER_SEASON = {1: 1.15, 2: 1.1, 3: 1.1, 4: 1.0, 5: 0.95, 6: 0.85, 7: 0.75, 8: 0.8, 9: 1.2, 10: 1.1, 11: 1.2,
                12: 1.05}
CITIES = (["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Bordeaux", "Lille", "Rennes", "Strasbourg",
           "Montpellier", "Nice", "Grenoble", "Angers", "Dijon", "Tours", "Brest", "Annecy", "La Rochelle",
           "Clermont-Ferrand", "Rouen", "Metz", "Besançon", "Caen", "Poitiers", "Pau", "Avignon", "Quimper",
           "Limoges", "Nancy", "Orléans"],
          [16, 7, 5, 5, 5, 5, 4, 4, 3, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1.5, 1.5, 1.5, 1.5, 1.5, 1, 1, 1.5, 1.5])
FIRST_NAMES = ["Camille", "Léa", "Manon", "Chloé", "Inès", "Jeanne", "Louise", "Alice", "Juliette", "Margaux",
               "Clara", "Sarah", "Anaïs", "Pauline", "Élise", "Mathilde", "Lucie", "Emma", "Zoé", "Agathe",
               "Hélène", "Sophie", "Nathalie", "Isabelle", "Claire", "Aurélie", "Marion", "Céline", "Julie",
               "Amandine", "Maëlle", "Noémie", "Romane", "Salomé", "Capucine", "Thomas", "Julien", "Hugo",
               "Antoine", "Lucas", "Nicolas", "Maxime", "Yasmine", "Fatou", "Nour", "Mei", "Sofia", "Elena",
               "Rose", "Victoire"]
# product_id, name, category, fibre, unit_price_eur, fabric_weight_g_per_m2, width_cm
FABRICS = [
    ("lin-lave-naturel", "Washed linen, natural", "linen", 14.0, 185, 140),
    ("lin-lave-terracotta", "Washed linen, terracotta", "linen", 14.0, 185, 140),
    ("lin-lave-sauge", "Washed linen, sage", "linen", 14.0, 185, 140),
    ("lin-lave-encre", "Washed linen, ink blue", "linen", 14.0, 185, 140),
    ("lin-rayure-marine", "Striped linen, navy", "linen", 15.5, 190, 140),
    ("lin-epais-ecru", "Heavy linen canvas, ecru", "linen", 16.0, 280, 150),
    ("lin-viscose-moutarde", "Linen-viscose, mustard", "linen", 12.5, 160, 140),
    ("coton-popeline-blanc", "Cotton poplin, white", "cotton", 7.5, 120, 150),
    ("coton-popeline-fleurs", "Cotton poplin, wild flowers print", "cotton", 9.0, 120, 150),
    ("coton-double-gaze-rose", "Cotton double gauze, dusty pink", "cotton", 9.5, 130, 135),
    ("coton-double-gaze-ocre", "Cotton double gauze, ochre", "cotton", 9.5, 130, 135),
    ("coton-toile-kaki", "Cotton canvas, khaki", "cotton", 10.5, 300, 150),
    ("coton-seersucker-vichy", "Cotton seersucker gingham", "cotton", 10.0, 140, 140),
    ("coton-velours-cotele", "Cotton needlecord, rust", "cotton", 12.0, 260, 145),
    ("laine-crepe-noir", "Wool crepe, black", "wool", 19.0, 230, 150),
    ("laine-flanelle-gris", "Wool flannel, grey marl", "wool", 21.0, 320, 150),
    ("laine-bouillie-camel", "Boiled wool, camel", "wool", 24.0, 450, 145),
    ("laine-tweed-chevrons", "Herringbone tweed", "wool", 23.0, 380, 150),
    ("soie-habotai-ivoire", "Silk habotai, ivory", "silk", 22.0, 50, 140),
    ("soie-crepe-emeraude", "Silk crêpe de chine, emerald", "silk", 29.0, 75, 140),
    ("soie-noil-sable", "Silk noil, sand", "silk", 26.0, 140, 135),
    ("soie-satin-nuit", "Silk satin, midnight", "silk", 34.0, 90, 140),
]
SWATCHES = [  # product_id, name, unit_price_eur, weight_g
    ("echantillons-lin", "Swatch pack, all linens", 6.0, 60),
    ("echantillons-soie", "Swatch pack, all silks", 8.0, 40),
    ("echantillons-complet", "Swatch library, every fabric", 15.0, 140),
]
PATTERNS = [  # product_id, name, unit_price_eur
    ("patron-robe-portefeuille", "PDF pattern: wrap dress", 12.0),
    ("patron-pantalon-lin", "PDF pattern: wide linen trousers", 10.0),
    ("patron-top-carre", "PDF pattern: boxy top", 8.0),
    ("patron-manteau", "PDF pattern: unlined coat", 16.0),
    ("patron-tote", "PDF pattern: tote bag", 5.0),
    ("patron-chemise", "PDF pattern: relaxed shirt", 12.0),
]
THICKNESS_CM_PER_HALF_METRE = {"linen": 0.5, "cotton": 0.4, "wool": 0.9, "silk": 0.3}
SUBJECTS = ["New linens are in", "Sew along: the wrap dress", "Our favourite makes of the month",
            "Autumn wools have landed", "Silk care: a short guide", "Behind the cutting table",
            "Spring colours preview", "Last chance: winter fabrics", "Your makes in our fabrics",
            "How to choose a fabric weight", "Black Friday: free patterns with every order",
            "Christmas sewing ideas", "A new PDF pattern", "Swatch library restocked"]

SPECIAL_SUBJECTS = {11: "Black Friday: free patterns with every order", 12: "Christmas sewing ideas"}
SEASON_MONTHS = {"Autumn wools have landed": (9, 10, 11), "Last chance: winter fabrics": (1, 2),
                 "Spring colours preview": (3, 4, 5)}


def _t(day: date) -> float:
    return (day - START).days / ((END - START).days)


def _followers(rng: np.random.Generator, viral: dict[date, float]) -> dict[date, int]:
    """Daily followers: a steady growth with noise, small dips, and jumps after viral reels; ends near 25,000."""
    calendar = days()
    jumps = np.zeros(len(calendar))
    for i, day in enumerate(calendar):
        if day in viral:
            for k, share in enumerate([0.55, 0.3, 0.15]):
                if i + k < len(calendar):
                    jumps[i + k] += viral[day] * share
    noise = rng.lognormal(0, 0.6, len(calendar))
    steady = noise * (0.6 + 0.8 * np.linspace(0, 1, len(calendar)))  # growth speeds up with reels in 2025
    dips = rng.random(len(calendar)) < 0.04
    total_log = math.log(FOLLOWERS_END / FOLLOWERS_START) - jumps.sum()
    increments = steady / steady.sum() * total_log + jumps
    increments[dips] = -rng.uniform(0.0005, 0.002, int(dips.sum()))
    increments *= (math.log(FOLLOWERS_END / FOLLOWERS_START)) / increments.sum()
    increments[0] = 0.0
    level = FOLLOWERS_START * np.exp(np.cumsum(increments))
    return {day: round(value) for day, value in zip(calendar, level, strict=True)}


def generate() -> list[Table]:
    rng = np.random.default_rng(SEED)
    threshold = reference.default("free_shipping_threshold_fr")
    products = []
    for pid, name, fibre, price, gsm, width in FABRICS:
        products.append({"product_id": pid, "name": name, "category": "fabric", "fibre": fibre,
                         "unit": "half_metre", "unit_price_eur": Decimal(str(price)),
                         "price_eur_per_half_metre": Decimal(str(price)), "fabric_weight_g_per_m2": gsm,
                         "width_cm": width, "weight_g_per_unit": round(gsm * width / 100 * 0.5),
                         "digital": False, "cut_to_order": True, "returnable": False})
    for pid, name, price, weight in SWATCHES:
        products.append({"product_id": pid, "name": name, "category": "swatch_pack", "fibre": None, "unit": "pack",
                         "unit_price_eur": Decimal(str(price)), "weight_g_per_unit": weight, "digital": False,
                         "cut_to_order": False, "returnable": True})
    for pid, name, price in PATTERNS:
        products.append({"product_id": pid, "name": name, "category": "pdf_pattern", "fibre": None,
                         "unit": "download", "unit_price_eur": Decimal(str(price)), "weight_g_per_unit": 0,
                         "digital": True, "cut_to_order": False, "returnable": False})
    by_id = {p["product_id"]: p for p in products}
    fabrics_by_fibre: dict[str, list[dict]] = defaultdict(list)
    for p in products:
        if p["category"] == "fabric":
            fabrics_by_fibre[p["fibre"]].append(p)

    # --- Instagram: viral reels, followers, posts -------------------------------------------------------------
    calendar = days()
    viral_days = sorted(calendar[int(i)] for i in rng.choice(np.arange(60, len(calendar) - 5), 8, replace=False))
    viral = {day: float(rng.uniform(0.04, 0.09)) for day in viral_days}
    followers = _followers(rng, viral)
    posts: list[dict] = []
    for day in calendar:
        per_day = 0.55 if day.year == 2024 else 0.85
        n = 1 if day in viral else int(rng.random() < per_day) + int(rng.random() < 0.06)
        for k in range(n):
            year_mix = {"reel": 20, "carousel": 35, "image": 40, "live": 5} if day.year == 2024 else \
                {"reel": 40, "carousel": 35, "image": 20, "live": 5}
            fmt = "reel" if day in viral and k == 0 else pick(rng, FORMATS, list(year_mix.values()))
            theme = pick(rng, THEMES, [30, 25, 18, 15, 12])
            if day in viral and k == 0:
                theme = pick(rng, ["customer_make_repost", "tutorial"], [1, 1])
            hour = int(pick(rng, [8, 12, 13, 17, 18, 19, 20, 21], [5, 12, 8, 8, 20, 22, 17, 8]))
            if fmt == "live":
                hour = int(pick(rng, [18, 19, 20], [1, 2, 2]))
            f = followers[day]
            reach = f * REACH_SHARE[fmt] * THEME_REACH[theme] * float(rng.lognormal(0, 0.35))
            rate = ENGAGEMENT_AT_START[fmt] * THEME_ENGAGEMENT[theme] * (f / FOLLOWERS_START) ** -0.22 * \
                float(rng.lognormal(0, 0.15))
            if day in viral and k == 0:
                reach *= float(rng.uniform(6, 14))
                rate *= 0.8
            reach = max(round(reach), 50)
            interactions = int(rng.binomial(reach, min(rate, 0.5)))
            likes, comments, saves, shares = (int(x) for x in rng.multinomial(interactions, SPLIT[fmt]))
            visits = int(rng.binomial(reach, 0.006 if fmt == "reel" else 0.011))
            clicks = int(rng.binomial(visits, 0.3 if theme == "promotion" else 0.14))
            posts.append({"post_id": f"IG{len(posts) + 1:04d}",
                          "posted_at": datetime(day.year, day.month, day.day, hour, int(rng.choice([0, 15, 30, 45]))),
                          "format": fmt, "theme": theme, "followers_at_post": f, "reach": reach, "likes": likes,
                          "comments": comments, "saves": saves, "shares": shares, "profile_visits": visits,
                          "link_clicks": clicks})

    # --- newsletter -----------------------------------------------------------------------------------------
    sends: list[dict] = []
    send_days = set()
    day = date(2024, 1, 11)
    specials = {date(2024, 11, 29), date(2025, 11, 28), date(2024, 12, 5), date(2025, 12, 4)}
    while day <= END:
        send_days.add(day)
        day += timedelta(14)
    send_days |= specials
    for day in sorted(send_days):
        subscribers = int(1200 + 5300 * _t(day) ** 1.2 + rng.normal(0, 40))
        open_rate = 0.43 - 0.05 * _t(day) + float(rng.normal(0, 0.02))
        recipients = subscribers
        opens = int(rng.binomial(recipients, open_rate))
        clicks = int(rng.binomial(opens, 0.11 + (0.05 if day in specials else 0)))
        recent = [send["subject"] for send in sends[-4:]]
        regular = [s for s in SUBJECTS if s not in SPECIAL_SUBJECTS.values() and s not in recent
                   and (s not in SEASON_MONTHS or day.month in SEASON_MONTHS[s])]
        subject = SPECIAL_SUBJECTS[day.month] if day in specials else regular[int(rng.integers(len(regular)))]
        sends.append({"send_id": f"NL{len(sends) + 1:03d}", "sent_date": day, "subject": subject,
                      "recipients": recipients, "opens": opens, "clicks": clicks,
                      "unsubscribes": int(rng.binomial(recipients, 0.0025))})

    # --- customers and their orders ---------------------------------------------------------------------------
    customers: list[dict] = []
    planned: dict[date, list[tuple[int, int]]] = defaultdict(list)  # day → (customer index, order number)
    for day in calendar:
        f = followers[day]
        boost = 3.0 if (day in send_days or day - timedelta(1) in send_days) else 1.0
        rates = {"instagram": 0.75 * (f / FOLLOWERS_START) ** 0.72, "search": 0.9 + 0.3 * _t(day),
                 "newsletter": 0.2 * boost, "word_of_mouth": 0.35 + 0.45 * _t(day)}
        season = ORDER_SEASON[day.month]
        for source in SOURCES:
            for _ in range(int(rng.poisson(rates[source] * season))):
                index = len(customers)
                first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
                customers.append({
                    "customer_id": f"C{index + 1:05d}", "first_name": first,
                    "email": f"{_slug(first)}.{index + 1:05d}@example.fr",
                    "city": pick(rng, *CITIES), "acquisition_source": source,
                    "newsletter_subscriber": source == "newsletter" or bool(rng.random() < 0.35),
                    "first_order_date": day,
                    "_fibre": pick(rng, ["linen", "cotton", "wool", "silk"], [40, 30, 15, 15]),
                    "_delivery": pick(rng, ["mondial_relay_point", "colissimo_home"], [55, 45]),
                    "_repeat": REPEAT_PROBABILITY[source],
                })
                planned[day].append((index, 1))

    orders: list[dict] = []
    order_lines: list[dict] = []
    for day in calendar:
        for index, number in planned.get(day, []):
            customer = customers[index]
            lines = _basket(rng, customer, number, day, products, fabrics_by_fibre)
            orders.append(_order(len(orders) + 1, customer, number, day, lines, by_id, threshold, order_lines))
            p_next = min(0.82, customer["_repeat"] + 0.06 * (number - 1))
            if rng.random() < p_next:
                gap = 15 + int(rng.exponential(55))
                when = day + timedelta(gap)
                if when <= END:
                    planned[when].append((index, number + 1))
    for c in customers:
        for key in [k for k in c if k.startswith("_")]:
            del c[key]
    return _tables(products, customers, orders, order_lines, posts, followers, sends, threshold)


def _slug(name: str) -> str:
    table = str.maketrans("éèêëàâäîïôöûüçÉ", "eeeeaaaiioouucE")
    return name.translate(table).lower()


def _basket(rng: np.random.Generator, customer: dict, number: int, day: date, products: list[dict],
            fabrics_by_fibre: dict[str, list[dict]]) -> list[tuple[dict, int]]:
    swatches = [p for p in products if p["category"] == "swatch_pack"]
    patterns = [p for p in products if p["category"] == "pdf_pattern"]
    lines: dict[str, tuple[dict, int]] = {}
    roll = rng.random()
    if number == 1 and roll < 0.2:  # a first order is often a swatch pack, sometimes with a pattern
        p = swatches[int(rng.integers(len(swatches)))]
        lines[p["product_id"]] = (p, 1)
        if rng.random() < 0.3:
            q = patterns[int(rng.integers(len(patterns)))]
            lines[q["product_id"]] = (q, 1)
        return list(lines.values())
    if roll > 0.93:  # a pattern-only order (digital)
        for _ in range(1 if rng.random() < 0.8 else 2):
            q = patterns[int(rng.integers(len(patterns)))]
            lines[q["product_id"]] = (q, 1)
        return list(lines.values())
    n_fabrics = pick(rng, [1, 2, 3, 4], [50, 32, 13, 5])
    wool_season = day.month in (10, 11, 12, 1, 2)
    for _ in range(n_fabrics):
        weights = {"linen": 35, "cotton": 30, "wool": 30 if wool_season else 8, "silk": 14}
        weights[customer["_fibre"]] += 40
        fibre = pick(rng, list(weights), list(weights.values()))
        options = fabrics_by_fibre[fibre]
        p = options[int(rng.integers(len(options)))]
        half_metres = int(pick(rng, [1, 2, 3, 4, 5, 6], [8, 24, 20, 26, 8, 14]))
        previous = lines.get(p["product_id"], (p, 0))[1]
        lines[p["product_id"]] = (p, previous + half_metres)
    if rng.random() < 0.2:
        q = patterns[int(rng.integers(len(patterns)))]
        lines[q["product_id"]] = (q, 1)
    return list(lines.values())


def _order(n: int, customer: dict, number: int, day: date, lines: list[tuple[dict, int]], by_id: dict,
           threshold: Decimal, order_lines: list[dict]) -> dict:
    order_id = f"FS{n:05d}"
    items_total = sum((p["unit_price_eur"] * q for p, q in lines), Decimal(0))
    physical = [(p, q) for p, q in lines if not p["digital"]]
    row = {"order_id": order_id, "customer_id": customer["customer_id"], "order_date": day,
           "customer_order_number": number, "channel_id": CHANNEL_ID, "items_eur": items_total}
    if physical:
        items = []
        for p, q in physical:
            if p["category"] == "fabric":
                items.append(shipping.item(p["weight_g_per_unit"] * q, 32, 24,
                                           max(Decimal("0.5"), Decimal(str(THICKNESS_CM_PER_HALF_METRE[p["fibre"]]))
                                               * q)))
            else:
                items.extend(shipping.item(p["weight_g_per_unit"], 15, 10, 1.5) for _ in range(q))
        weight = sum(i.weight_g for i in items)
        packaging_id = "fr_padded_mailer" if weight <= MAILER_MAX_G else "fr_single_wall_bubble"
        method = customer["_delivery"]
        shipment = ship(items, packaging_id, REGION, "FR", items_total, service_id=method)
        free = items_total >= threshold
        postage = Decimal(0) if free else POSTAGE_CHARGED[method]
        row.update(delivery_method=method, packaging_id=packaging_id, parcel_weight_g=shipment.parcel.weight_g,
                   postage_charged_eur=postage, postage_cost_eur=shipment.postage_cost.amount,
                   packaging_cost_eur=shipment.packaging_cost.amount, free_delivery=free)
    else:
        postage = Decimal(0)
        row.update(delivery_method="digital", postage_charged_eur=postage, postage_cost_eur=Decimal(0),
                   packaging_cost_eur=Decimal(0), free_delivery=False)
    row["fees_eur"] = fees(CHANNEL_ID, items_total, postage).total.amount
    row["total_paid_eur"] = items_total + postage
    for p, q in lines:
        order_lines.append({"order_id": order_id, "product_id": p["product_id"], "quantity": q,
                            "unit_price_eur": p["unit_price_eur"], "line_total_eur": p["unit_price_eur"] * q})
    return row


def _tables(products: list[dict], customers: list[dict], orders: list[dict], order_lines: list[dict],
            posts: list[dict], followers: dict[date, int], sends: list[dict], threshold: Decimal) -> list[Table]:
    prefix, folder, eur = "fabric_store_", "fabric_store/", "EUR"
    product_table = Table(
        prefix + "products", folder + "products.csv", "The Fabric Store Online — products",
        "Fabrics sold by the half metre (cut to order, so not returnable: made to the customer's specification), "
        "swatch packs (returnable within 14 days) and PDF sewing patterns (digital, no shipping, not returnable "
        "once downloaded). Simulated for teaching.",
        [
            Field("product_id", "string", "Product identifier.", required=True, unique=True),
            Field("name", "string", "Product name.", required=True),
            Field("category", "string", "Kind of product.", required=True,
                  enum=["fabric", "swatch_pack", "pdf_pattern"]),
            Field("fibre", "string", "Fibre of a fabric (empty otherwise).", enum=["linen", "cotton", "wool", "silk"]),
            Field("unit", "string", "What one unit of quantity is: half a metre of fabric, one pack, one download.",
                  required=True, enum=["half_metre", "pack", "download"]),
            Field("unit_price_eur", "number", "Price of one unit.", eur, required=True, minimum=0),
            Field("price_eur_per_half_metre", "number", "Price of half a metre (fabrics only).", eur, minimum=0),
            Field("fabric_weight_g_per_m2", "integer", "Fabric weight (grammage), fabrics only.", "g/m²",
                  minimum=1),
            Field("width_cm", "integer", "Width of the fabric roll, fabrics only.", "cm", minimum=1),
            Field("weight_g_per_unit", "integer", "Shipping weight of one unit (0 for a download).", "g",
                  required=True, minimum=0),
            Field("digital", "boolean", "true for a download (nothing to ship).", required=True),
            Field("cut_to_order", "boolean", "true for fabric cut to the length ordered.", required=True),
            Field("returnable", "boolean", "false for fabric cut to order (made to the customer's "
                  "specification) and downloaded patterns.", required=True),
        ],
        ["product_id"], rows=products)
    customer_table = Table(
        prefix + "customers", folder + "customers.csv", "The Fabric Store Online — customers",
        "One row per customer, with how they first heard of the shop. Names and e-mail addresses are fictional "
        "(example.fr). Stable ids: follow a customer's orders in orders.csv. Simulated for teaching.",
        [
            Field("customer_id", "string", "Customer identifier.", required=True, unique=True),
            Field("first_name", "string", "Fictional first name.", required=True),
            Field("email", "string", "Fictional e-mail address (example.fr).", required=True),
            Field("city", "string", "City in France.", required=True),
            Field("acquisition_source", "string", "How the customer first came: instagram, search (search "
                  "engine), newsletter (signed up before buying), word_of_mouth.", required=True, enum=SOURCES),
            Field("newsletter_subscriber", "boolean", "Subscribed to the newsletter.", required=True),
            Field("first_order_date", "date", "Date of the customer's first order.", required=True),
        ],
        ["customer_id"], rows=customers)
    order_table = Table(
        prefix + "orders", folder + "orders.csv", "The Fabric Store Online — orders",
        f"One row per order, 2024–2025, all delivered in France. Delivery is free when items_eur ≥ {threshold} EUR "
        "(course_defaults.csv free_shipping_threshold_fr) for a parcel; otherwise the customer pays a flat "
        "price. postage_cost_eur is atelier.shipping.quote for the packed parcel (atelier.shipping.pack of the "
        "order in packaging_id) with the chosen service; fees_eur is atelier.pricing.fees(channel_id, items_eur, "
        "postage_charged_eur).total. No returns: fabric is cut to order. Simulated for teaching.",
        [
            Field("order_id", "string", "Order identifier.", required=True, unique=True),
            Field("customer_id", "string", "Customer (customers.csv).", required=True),
            Field("order_date", "date", "Date of the order.", required=True),
            Field("customer_order_number", "integer", "1 for the customer's first order, 2 for the second…",
                  "count", required=True, minimum=1),
            Field("channel_id", "string", "Payment channel in channels.csv used to compute the fees (own web shop, "
                  "Stripe).", required=True, enum=[CHANNEL_ID]),
            Field("items_eur", "number", "Value of the goods (sum of the order lines).", eur, required=True,
                  minimum=0),
            Field("delivery_method", "string", "colissimo_home or mondial_relay_point (parcel service ids) or "
                  "digital (downloads only).", required=True,
                  enum=["colissimo_home", "mondial_relay_point", "digital"]),
            Field("packaging_id", "string", "Packaging (packaging.csv); empty for digital orders.",
                  enum=["fr_padded_mailer", "fr_single_wall_bubble"]),
            Field("parcel_weight_g", "number", "Weight of the packed parcel.", "g", minimum=0, decimals=0),
            Field("postage_charged_eur", "number", "Delivery price the customer paid (0 when free or digital).", eur,
                  required=True, minimum=0),
            Field("postage_cost_eur", "number", "What the carrier charged the shop.", eur, required=True,
                  minimum=0),
            Field("packaging_cost_eur", "number", "Cost of the packaging.", eur, required=True, minimum=0),
            Field("free_delivery", "boolean", f"true when a parcel was sent free because items_eur ≥ {threshold} "
                  "EUR (false for digital orders, which have no delivery).", required=True),
            Field("fees_eur", "number", "Card payment fees (atelier.pricing.fees total).", eur, required=True,
                  minimum=0),
            Field("total_paid_eur", "number", "items_eur + postage_charged_eur.", eur, required=True, minimum=0),
        ],
        ["order_id"], [fk("customer_id", prefix + "customers", "customer_id")], rows=orders)
    line_table = Table(
        prefix + "order_lines", folder + "order_lines.csv", "The Fabric Store Online — order lines",
        "The products in each order; for a fabric, quantity counts half metres (quantity 3 = 1.5 m). "
        "Simulated for teaching.",
        [
            Field("order_id", "string", "Order (orders.csv).", required=True),
            Field("product_id", "string", "Product (products.csv).", required=True),
            Field("quantity", "integer", "Number of units: half metres for a fabric, packs, downloads.", "units",
                  required=True, minimum=1),
            Field("unit_price_eur", "number", "Price of one unit.", eur, required=True, minimum=0),
            Field("line_total_eur", "number", "quantity × unit_price_eur.", eur, required=True, minimum=0),
        ],
        ["order_id", "product_id"],
        [fk("order_id", prefix + "orders", "order_id"), fk("product_id", prefix + "products", "product_id")],
        rows=order_lines)
    post_table = Table(
        prefix + "instagram_posts", folder + "instagram_posts.csv", "The Fabric Store Online — Instagram posts",
        "Every post with its reach and interactions (as Instagram's insights show them, counted a week after "
        "posting). Engagement rate = (likes + comments + saves + shares) / reach. Simulated for teaching.",
        [
            Field("post_id", "string", "Post identifier.", required=True, unique=True),
            Field("posted_at", "datetime", "Date and local time of posting (ISO 8601).", required=True),
            Field("format", "string", "Post format.", required=True, enum=FORMATS),
            Field("theme", "string", "What the post shows.", required=True, enum=THEMES),
            Field("followers_at_post", "integer", "Followers on the day of posting.", "followers", required=True,
                  minimum=0),
            Field("reach", "integer", "Accounts that saw the post (live: viewers).", "accounts", required=True,
                  minimum=1),
            *[Field(name, "integer", text, "count", required=True, minimum=0) for name, text in [
                ("likes", "Likes."), ("comments", "Comments."), ("saves", "Saves (bookmarks)."),
                ("shares", "Shares (sent to someone or to a story)."),
                ("profile_visits", "Visits to the shop's profile from the post."),
                ("link_clicks", "Clicks on the link to the web shop (bio or sticker) after the post.")]],
        ],
        ["post_id"], rows=posts)
    follower_table = Table(
        prefix + "instagram_followers", folder + "instagram_followers.csv",
        "The Fabric Store Online — Instagram followers, daily",
        "Followers at the end of each day. Simulated for teaching.",
        [Field("date", "date", "Day.", required=True, unique=True),
         Field("followers", "integer", "Followers at the end of the day.", "followers", required=True, minimum=0)],
        ["date"], rows=[{"date": d, "followers": f} for d, f in followers.items()])
    send_table = Table(
        prefix + "newsletter_sends", folder + "newsletter_sends.csv", "The Fabric Store Online — newsletter sends",
        "Every newsletter sent (every other Thursday, plus Black Friday and Christmas specials). Simulated for "
        "teaching.",
        [
            Field("send_id", "string", "Send identifier.", required=True, unique=True),
            Field("sent_date", "date", "Date sent.", required=True),
            Field("subject", "string", "Subject line.", required=True),
            Field("recipients", "integer", "Subscribers it was sent to.", "people", required=True, minimum=0),
            Field("opens", "integer", "Recipients who opened it.", "people", required=True, minimum=0),
            Field("clicks", "integer", "Recipients who clicked a link in it.", "people", required=True, minimum=0),
            Field("unsubscribes", "integer", "Recipients who unsubscribed from it.", "people", required=True,
                  minimum=0),
        ],
        ["send_id"], rows=sends)
    return [product_table, customer_table, order_table, line_table, post_table, follower_table, send_table]


__all__ = ["generate"]
