"""Helpers the case-study generator (and its tests) share: how a case business picks a parcel service.

The case data must agree with the simulators, so postage always comes from `atelier.shipping.quote` and fees from
`atelier.pricing.fees`; this module only adds the business rule "which of the accepted services does the maker
choose", which the core does not decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from atelier import shipping
from atelier.errors import NoServiceError
from atelier.money import Money


@dataclass(frozen=True)
class Shipment:
    """One packed parcel and the service chosen for it."""

    packaging_id: str
    parcel: shipping.Parcel
    quote: shipping.Quote

    @property
    def service_id(self) -> str:
        return self.quote.service.service_id

    @property
    def postage_cost(self) -> Money:
        assert self.quote.price is not None
        return self.quote.price

    @property
    def packaging_cost(self) -> Money:
        assert self.parcel.packaging_cost is not None
        return self.parcel.packaging_cost


def choose_service(quotes: list[shipping.Quote], goods_value: Decimal, *, cheap_below: Decimal | None = None,
                   service_id: str | None = None) -> shipping.Quote:
    """The maker's rule among accepted quotes (cheapest first, as `quote` returns them).

    - `service_id`: that service, whatever it costs (the customer chose it).
    - goods worth less than `cheap_below`: the cheapest service.
    - otherwise the cheapest service whose compensation covers the goods; if none does, the one that pays the most
      (then the cheapest of those).
    """
    if service_id is not None:
        for q in quotes:
            if q.service.service_id == service_id:
                return q
        raise NoServiceError(f"{service_id} does not accept this parcel")
    if cheap_below is not None and goods_value < cheap_below:
        return quotes[0]
    covering = [q for q in quotes if q.compensation_limit.amount >= goods_value]
    if covering:
        return covering[0]
    best = max(q.compensation_limit.amount for q in quotes)
    return next(q for q in quotes if q.compensation_limit.amount == best)


def ship(items: Iterable[shipping.Item], packaging_id: str, origin_region: str, destination: str,
         goods_value: Decimal, *, cheap_below: Decimal | None = None, service_id: str | None = None) -> Shipment:
    """Pack `items` in `packaging_id` and pick a service by `choose_service`; NoServiceError if none accepts it."""
    box = shipping.pack(list(items), packaging_id)
    quotes = shipping.quote(box, origin_region, destination)
    chosen = choose_service(quotes, goods_value, cheap_below=cheap_below, service_id=service_id)
    return Shipment(packaging_id, box, chosen)
