"""Sales channels and their fee rules, read from `channels.csv` and `channel_fees.csv`."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from atelier import reference
from atelier.errors import one_of
from atelier.i18n import _, language
from atelier.money import Money

REGIONS = ("UK", "FR")
REGION_CURRENCY = {"UK": "GBP", "FR": "EUR"}


@dataclass(frozen=True)
class FeeRule:
    """One fee a channel takes: a percentage of a base, a fixed part, a minimum and a cap."""

    fee_id: str
    label: str
    basis: str  # "item", "item_and_postage" or "per_sale"
    rate_pct: Decimal
    fixed: Money | None
    minimum: Money | None
    maximum: Money | None
    vat_applies: bool
    optional: bool
    source: str
    valid_from: date
    checked_on: date | None = None


@dataclass(frozen=True)
class Channel:
    channel_id: str
    name: str
    region: str
    currency: str
    kind: str
    monthly_fee: Money
    monthly_fee_vat_applies: bool
    fees: tuple[FeeRule, ...]
    source: str
    valid_from: date  # the newest date among the channel's rows
    checked_on: date | None = None  # the oldest checked_on among the channel's rows


def _in_currency(amount: Decimal | None, currency: str | None, target: str) -> Money | None:
    if amount is None:
        return None
    return Money(amount * reference.exchange_rate(currency or target, target), target)


@functools.cache
def _all_channels(folder: object, lang: str) -> dict[str, Channel]:
    """The channels with their names and fee labels in `lang` (one cache per language: `name` is what learners read)."""
    fee_rows = reference.rows("channel_fees", lang)
    result = {}
    for row in reference.rows("channels", lang):
        currency = row["currency"]
        rules = tuple(
            FeeRule(
                fee_id=fee["fee_id"],
                label=fee["label"],
                basis=fee["basis"],
                rate_pct=fee["rate_pct"] or Decimal(0),
                fixed=_in_currency(fee["fixed_amount"], fee["currency"], currency),
                minimum=_in_currency(fee["min_amount"], fee["currency"], currency),
                maximum=_in_currency(fee["max_amount"], fee["currency"], currency),
                vat_applies=bool(fee["vat_applies"]),
                optional=bool(fee["optional"]),
                source=fee["source"],
                valid_from=fee["valid_from"],
                checked_on=fee["checked_on"],
            )
            for fee in fee_rows
            if fee["channel_id"] == row["channel_id"]
        )
        result[row["channel_id"]] = Channel(
            channel_id=row["channel_id"],
            name=row["name"],
            region=row["region"],
            currency=currency,
            kind=row["kind"],
            monthly_fee=Money(row["monthly_fee"] or Decimal(0), currency),
            monthly_fee_vat_applies=bool(row["monthly_fee_vat_applies"]),
            fees=rules,
            source=row["source"],
            valid_from=max([row["valid_from"], *(rule.valid_from for rule in rules)]),
            checked_on=min([row["checked_on"], *(rule.checked_on for rule in rules if rule.checked_on)]),
        )
    return result


def all_channels() -> dict[str, Channel]:
    """Every channel, named in the course's language ("Etsy (vendeur en France)" in French)."""
    return _all_channels(reference.reference_dir(), language())


def channels_in(region: str) -> list[Channel]:
    """The channels of one region (UK or FR), in the table's order."""
    one_of(region, REGIONS, _("region"))
    return [channel for channel in all_channels().values() if channel.region == region]


def get_channel(channel: str | Channel) -> Channel:
    """A channel by its id; an unknown id gets the list of known ones."""
    if isinstance(channel, Channel):
        return channel
    known = all_channels()
    return known[one_of(channel, known, _("sales channel"))]
