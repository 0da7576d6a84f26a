"""An upholsterer (France, EUR, 2024–2025): a one-person workshop, a service priced as hours plus materials.

Simulated for teaching, modelled on the article's example: before/after photos on Instagram bring quote requests
by message; reviews on a business profile build credibility. In 2025 the upholsterer answers faster (quotes and
review replies) and raises the hourly rate; requests, acceptance and ratings show it.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np

from .common import END, START, Field, Table, days, fk, money, pick

SEED = 20_240_103
CHANNELS = ["instagram_message", "website_form", "phone", "business_profile"]
ITEMS = {  # hours (low, high), materials EUR (low, high), share of requests
    "stool": ((3, 6), (40, 90), 16),
    "chair": ((5, 10), (60, 150), 30),
    "headboard": ((6, 12), (120, 300), 14),
    "armchair": ((12, 24), (200, 480), 30),
    "sofa": ((25, 45), (500, 1200), 10),
}
HOURLY_RATE = {2024: 45, 2025: 50}
HOURS_PER_DAY = 6.5
REVIEW_TEXT = {
    5: ["{Item} came back like new, better than new actually. Beautiful work and good advice on the fabric.",
        "Superb job on my grandmother's {item}. Clear quote, delivered on the agreed date.",
        "Meticulous work, every tack in place. I recommend without hesitation.",
        "We found the workshop on Instagram and were not disappointed: the {item} is stunning.",
        "Very professional and kind. The quote was detailed, hours and materials, no surprises.",
        "Our {item} was falling apart; now it is the favourite seat in the house. Thank you!",
        "Great eye for fabrics, patient with our hesitations, and a flawless finish.",
        "Traditional craft, done properly: horsehair, springs retied, lovely finish on the {item}.",
        "Quick reply to my message, fair price, perfect result.",
        "Third piece I have had redone here. Always the same care."],
    4: ["Very nice work on the {item}; it took a bit longer than planned.",
        "Good result and good advice. The price is high but you can see the hours in it.",
        "Happy with the {item}. Communication could be a little quicker.",
        "Lovely finish. A small delay on the fabric delivery, but well handled."],
    3: ["The {item} looks good but it was ready three weeks late.",
        "Correct work, but I waited a long time for the quote.",
        "Nice fabric work; one seam is not quite straight."],
    2: ["Slow to answer and the {item} came back later than promised.",
        "Disappointed by the delay and the final price compared with what I expected."],
    1: ["No news for weeks and the {item} was not ready on the date we agreed."],
}

# the same reviews as the upholsterer's French clients wrote them: one French text per English one, same order (the
# draw picks an index, so both languages tell the same review); the piece's name and its agreement by ITEM_FR
REVIEW_TEXT_FR = {
    5: ["{Le} est revenu{e} comme {neuf}, et même mieux. Un très beau travail et de bons conseils pour le tissu.",
        "Superbe travail sur {le} de ma grand-mère. Un devis clair, et une livraison à la date convenue.",
        "Un travail minutieux, chaque semence à sa place. Je recommande sans hésiter.",
        "Nous avons découvert l'atelier sur Instagram et nous ne sommes pas déçus : {le} est magnifique.",
        "Très professionnel et très aimable. Le devis était détaillé, heures et fournitures : aucune surprise.",
        "{Notre} tombait en morceaux ; c'est devenu notre meuble préféré. Merci !",
        "Un vrai sens des tissus, de la patience face à nos hésitations, et une finition impeccable.",
        "Du travail à l'ancienne, dans les règles de l'art : crin, ressorts reguindés, belle finition sur {le}.",
        "Réponse rapide à mon message, prix juste, résultat parfait.",
        "C'est le troisième meuble que je fais refaire ici. Toujours le même soin."],
    4: ["Très beau travail sur {le} ; cela a pris un peu plus de temps que prévu.",
        "Bon résultat et bons conseils. Le prix est élevé, mais on voit les heures passées.",
        "{Le} me plaît beaucoup. Les échanges pourraient être un peu plus rapides.",
        "Jolie finition. Un petit retard sur la livraison du tissu, mais bien géré."],
    3: ["{Le} a belle allure, mais il a fallu attendre trois semaines de plus que prévu.",
        "Travail correct, mais j'ai longtemps attendu le devis.",
        "Beau travail sur le tissu ; une couture n'est pas tout à fait droite."],
    2: ["Des réponses lentes, et {le} nous a été rendu{e} plus tard que promis.",
        "Déception sur le délai, et sur le prix final par rapport à ce que j'attendais."],
    1: ["Aucune nouvelle pendant des semaines, et {le} n'était pas prêt{e} à la date convenue."],
}
ITEM_FR = {  # item: (with its article, with "notre", feminine)
    "stool": ("le tabouret", "notre tabouret", False),
    "chair": ("la chaise", "notre chaise", True),
    "headboard": ("la tête de lit", "notre tête de lit", True),
    "armchair": ("le fauteuil", "notre fauteuil", False),
    "sofa": ("le canapé", "notre canapé", False),
}


def review_fr(rating: int, index: int, item_type: str) -> str:
    """The French text of review `index` of `rating` stars about an `item_type`, its words agreeing with the piece."""
    the, ours, feminine = ITEM_FR[item_type]
    return REVIEW_TEXT_FR[rating][index].format(le=the, Le=the[:1].upper() + the[1:], Notre=ours[:1].upper() + ours[1:],
                                                e="e" if feminine else "", neuf="neuve" if feminine else "neuf")


def _t(day: date) -> float:
    return (day - START).days / ((END - START).days)


def generate() -> list[Table]:
    rng = np.random.default_rng(SEED)
    requests: list[dict] = []
    jobs: list[dict] = []
    reviews: list[dict] = []
    for day in days():
        if day.weekday() == 6:
            continue
        t = _t(day)
        mean = (0.42 + 0.3 * t) * (1.2 if day.month in (1, 2, 3, 9, 10) else 0.85 if day.month in (7, 8) else 1.0)
        for _ in range(int(rng.poisson(mean))):
            channel = pick(rng, CHANNELS, [30 + 22 * t, 20, 28 - 14 * t, 22])
            item_type = pick(rng, list(ITEMS), [v[2] for v in ITEMS.values()])
            requests.append({"request_id": f"RQ{len(requests) + 1:04d}", "request_date": day, "channel": channel,
                             "item_type": item_type})
    busy_until = START
    for request in requests:
        day = request["request_date"]
        year_2025 = day.year == 2025
        quoted = rng.random() < (0.74 if not year_2025 else 0.8)  # others: out of scope, or no photos sent
        request["quoted"] = quoted
        if not quoted:
            request["accepted"] = None
            continue
        delay = int(rng.integers(2, 11)) if not year_2025 else int(rng.integers(0, 4))
        sent = day + timedelta(delay)
        (h_low, h_high), (m_low, m_high), _share = ITEMS[request["item_type"]]
        hours = round(float(rng.uniform(h_low, h_high)) * 2) / 2
        materials = money(rng.uniform(m_low, m_high))
        if sent > END:  # the quote will go out in January 2026
            request["quoted"] = False
            request["accepted"] = None
            continue
        rate = HOURLY_RATE[sent.year]
        quote = money(hours * rate) + materials
        request.update(quote_sent_date=sent, quote_eur=quote)
        p_accept = 0.56 - 0.025 * delay + (0.08 if request["channel"] == "business_profile" else 0) - \
            (0.1 if request["item_type"] == "sofa" else 0)
        accepted = bool(rng.random() < p_accept)
        decided = sent + timedelta(int(rng.integers(1, 10)))
        request["accepted"] = accepted if decided <= END else None  # no answer yet on 31 December 2025
        if not accepted or decided > END:
            continue
        start = max(decided + timedelta(7), busy_until + timedelta(1))
        while start.weekday() >= 5:
            start += timedelta(1)
        overrun = float(rng.lognormal(0.08, 0.15))  # the workshop tends to underestimate its hours
        actual = round(hours * overrun * 2) / 2
        working_days = math.ceil(actual / HOURS_PER_DAY)
        done = start
        left = working_days - 1
        while left > 0:
            done += timedelta(1)
            if done.weekday() < 5:
                left -= 1
        busy_until = done
        job = {"job_id": f"JB{len(jobs) + 1:04d}", "request_id": request["request_id"],
               "item_type": request["item_type"], "accepted_date": decided,
               "start_date": start if start <= END else None, "hours": hours, "hourly_rate_eur": rate,
               "materials_eur": materials, "price_eur": quote,
               "actual_hours": actual if done <= END else None, "completed_date": done if done <= END else None}
        jobs.append(job)
        if done > END:
            continue
        ask = 0.55 if done.year == 2024 else 0.78  # in 2025 the upholsterer asks every client for a review
        if rng.random() >= ask:
            continue
        review_day = done + timedelta(int(rng.integers(2, 25)))
        if review_day > END:
            continue
        late = (done - decided).days > 60 or actual > hours * 1.3
        weights = [1, 2, 4, 15, 78] if not late else [3, 6, 14, 27, 50]
        rating = int(pick(rng, [1, 2, 3, 4, 5], weights))
        texts = REVIEW_TEXT[rating]
        index = int(rng.integers(len(texts)))
        text = texts[index].format(item=request["item_type"], Item=request["item_type"].capitalize())
        replies = rng.random() < (0.5 if review_day.year == 2024 else 0.95)
        reply_days = (int(rng.integers(3, 22)) if review_day.year == 2024 else int(rng.integers(0, 3))) \
            if replies else None
        if reply_days is not None and review_day + timedelta(reply_days) > END:
            reply_days = None
        reviews.append({"review_id": f"RV{len(reviews) + 1:03d}", "job_id": job["job_id"],
                        "review_date": review_day, "platform": "business_profile", "rating": rating, "text": text,
                        "reply_time_days": reply_days, "text_fr": review_fr(rating, index, request["item_type"])})
    reviews.sort(key=lambda r: (r["review_date"], r["job_id"]))
    for n, review in enumerate(reviews, 1):
        review["review_id"] = f"RV{n:03d}"
    return _tables(requests, jobs, reviews)


def _tables(requests: list[dict], jobs: list[dict], reviews: list[dict]) -> list[Table]:
    prefix, folder, eur = "upholsterer_", "upholsterer/", "EUR"
    items = list(ITEMS)
    request_table = Table(
        prefix + "quote_requests", folder + "quote_requests.csv", "The upholsterer — quote requests",
        "Every request for a quote, how it came, whether a quote was sent and accepted. A quote is hours × the "
        "hourly rate of the year + materials. Simulated for teaching.",
        [
            Field("request_id", "string", "Request identifier.", required=True, unique=True),
            Field("request_date", "date", "Date the request came in.", required=True),
            Field("channel", "string", "How it came: a message on Instagram, the website's contact form, a phone "
                  "call, or the business profile (map listing with reviews).", required=True, enum=CHANNELS),
            Field("item_type", "string", "Piece of furniture to re-upholster.", required=True, enum=items),
            Field("quoted", "boolean", "true when a quote was sent (false: out of scope, or the client never sent "
                  "the photos).", required=True),
            Field("quote_sent_date", "date", "Date the quote was sent (empty if none)."),
            Field("quote_eur", "number", "Quoted price, hours × rate + materials (empty if none).", eur, minimum=0),
            Field("accepted", "boolean", "true when the client accepted the quote, false when declined or never "
                  "answered; empty if no quote was sent, or no answer yet on 31 December 2025."),
        ],
        ["request_id"], rows=requests)
    job_table = Table(
        prefix + "jobs", folder + "jobs.csv", "The upholsterer — jobs",
        "Accepted quotes become jobs, done one at a time in the workshop. price_eur = hours × hourly_rate_eur + "
        "materials_eur (the quote); actual_hours is the time really spent, often more. Start and completion are "
        "empty when they fall after 31 December 2025. Simulated for teaching.",
        [
            Field("job_id", "string", "Job identifier.", required=True, unique=True),
            Field("request_id", "string", "Request it came from (quote_requests.csv).", required=True, unique=True),
            Field("item_type", "string", "Piece of furniture.", required=True, enum=items),
            Field("accepted_date", "date", "Date the client accepted the quote.", required=True),
            Field("start_date", "date", "Date work started (empty if not yet started)."),
            Field("hours", "number", "Hours quoted (billed).", "h", required=True, minimum=0, decimals=1),
            Field("hourly_rate_eur", "number", "Hourly rate of the quote.", "EUR/h", required=True, minimum=0),
            Field("materials_eur", "number", "Materials: fabric, foam, webbing, springs, trimmings.", eur,
                  required=True, minimum=0),
            Field("price_eur", "number", "Price paid: hours × hourly_rate_eur + materials_eur.", eur,
                  required=True, minimum=0),
            Field("actual_hours", "number", "Hours really spent (empty until completed).", "h", minimum=0,
                  decimals=1),
            Field("completed_date", "date", "Date the piece was finished (empty if not yet)."),
        ],
        ["job_id"], [fk("request_id", prefix + "quote_requests", "request_id")], rows=jobs)
    review_table = Table(
        prefix + "reviews", folder + "reviews.csv", "The upholsterer — reviews",
        "Reviews left by clients on the business profile after a job, with the upholsterer's reply time. Texts "
        "are fictional. Simulated for teaching.",
        [
            Field("review_id", "string", "Review identifier.", required=True, unique=True),
            Field("job_id", "string", "Job reviewed (jobs.csv).", required=True, unique=True),
            Field("review_date", "date", "Date of the review.", required=True),
            Field("platform", "string", "Where the review was left.", required=True, enum=["business_profile"]),
            Field("rating", "integer", "Stars.", "stars (1–5)", required=True, minimum=1, maximum=5),
            Field("text", "string", "Review text (fictional).", required=True),
            Field("reply_time_days", "integer", "Days until the upholsterer replied (empty: no reply).", "days",
                  minimum=0),
            Field("text_fr", "string", "The same review in French, as the workshop's French clients write them "
                  "(fictional); the French edition shows it, the English edition shows text.", required=True),
        ],
        ["review_id"], [fk("job_id", prefix + "jobs", "job_id")], rows=reviews)
    return [request_table, job_table, review_table]


__all__ = ["generate"]
