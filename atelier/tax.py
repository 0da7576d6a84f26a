"""Tax statuses: VAT/TVA registration and French micro-entrepreneur contributions (`tax_rules.csv`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from atelier import reference
from atelier.errors import CourseInputError, one_of
from atelier.i18n import N_, _


@dataclass(frozen=True)
class TaxStatus:
    """How a sale is taxed: VAT charged or not, and social contributions on turnover for a micro-entrepreneur."""

    status_id: str
    region: str
    vat_registered: bool
    micro_entrepreneur: bool = False
    activity: str = "goods"  # "goods" or "services" (micro-entrepreneur rate)

    @property
    def label(self) -> str:
        return _(TAX_STATUS_LABELS[self.status_id])


# marked for the catalogue with N_; `_()` translates them when shown
TAX_STATUS_LABELS = {
    "uk_not_vat_registered": N_("UK, not VAT registered (below the threshold)"),
    "uk_vat_registered": N_("UK, VAT registered (your prices include VAT)"),
    "fr_micro_franchise": N_("France, micro-entrepreneur, no TVA charged (franchise en base)"),
    "fr_micro_franchise_services": N_("France, micro-entrepreneur selling a service, no TVA (franchise en base)"),
    "fr_micro_tva": N_("France, micro-entrepreneur charging TVA"),
    "fr_micro_tva_services": N_("France, micro-entrepreneur selling a service and charging TVA"),
    "fr_company_tva": N_("France, company charging TVA (no micro contributions)"),
}

TAX_STATUSES = {
    "uk_not_vat_registered": TaxStatus("uk_not_vat_registered", "UK", vat_registered=False),
    "uk_vat_registered": TaxStatus("uk_vat_registered", "UK", vat_registered=True),
    "fr_micro_franchise": TaxStatus("fr_micro_franchise", "FR", vat_registered=False, micro_entrepreneur=True),
    "fr_micro_franchise_services": TaxStatus(
        "fr_micro_franchise_services", "FR", vat_registered=False, micro_entrepreneur=True, activity="services"),
    "fr_micro_tva": TaxStatus("fr_micro_tva", "FR", vat_registered=True, micro_entrepreneur=True),
    "fr_micro_tva_services": TaxStatus(
        "fr_micro_tva_services", "FR", vat_registered=True, micro_entrepreneur=True, activity="services"),
    "fr_company_tva": TaxStatus("fr_company_tva", "FR", vat_registered=True),
}


def get_tax_status(status: str | TaxStatus) -> TaxStatus:
    if isinstance(status, TaxStatus):
        return status
    text = status.strip().lower() if isinstance(status, str) else status
    return TAX_STATUSES[one_of(text, TAX_STATUSES, _("tax status"))]


SELLER_REGIONS = ("UK", "FR")  # the regions a seller can be taxed in (EU rules apply across both)


def region_of(region: object) -> str:
    """A seller's region as the tables write it ("uk", " Fr " → "UK", "FR"), or a CourseInputError naming them."""
    text = region.strip().upper() if isinstance(region, str) else region
    return one_of(text, SELLER_REGIONS, _("region"))


def statuses_for(region: str) -> list[TaxStatus]:
    """The tax statuses of a seller in `region` ("UK" or "FR", any case)."""
    region = region_of(region)
    return [status for status in TAX_STATUSES.values() if status.region == region]


def vat_rate_pct(region: str) -> Decimal:
    """The standard VAT (TVA) rate of the region, in percent."""
    return reference.rule({"UK": "uk_vat_standard_rate", "FR": "fr_tva_standard_rate"}[region_of(region)])


def contribution_parts_pct(status: str | TaxStatus) -> dict[str, Decimal]:
    """The rules a micro-entrepreneur (artisan) pays on turnover, rule id → percent (empty otherwise).

    Social contributions, the training contribution (CFP, FAFCEA) and the chamber-of-crafts tax (taxe pour frais de
    chambre de métiers, national rate), all collected together on turnover.
    """
    status = get_tax_status(status)
    if not status.micro_entrepreneur:
        return {}
    goods = status.activity == "goods"
    ids = ("fr_micro_social_goods_rate" if goods else "fr_micro_social_services_rate",
           "fr_micro_training_artisan_rate",
           "fr_micro_chamber_goods_rate" if goods else "fr_micro_chamber_services_rate")
    return {rule_id: reference.rule(rule_id) for rule_id in ids}


def contribution_rate_pct(status: str | TaxStatus) -> Decimal:
    """Micro-entrepreneur social contributions + training contribution + chamber-of-crafts tax, in percent of
    turnover (0 for a seller who is not a micro-entrepreneur)."""
    return sum(contribution_parts_pct(status).values(), Decimal(0))


def rules_valid_as_of(region: str) -> date:
    """The newest `valid_from` among the tax rules of `region` (the EU-wide rules do not date a domestic sale)."""
    region = region_of(region)
    return max(row["valid_from"] for row in reference.rows("tax_rules") if row["region"] == region)


def rules_checked_on(region: str) -> date:
    """The oldest `checked_on` among the tax rules of `region`."""
    region = region_of(region)
    return min(row["checked_on"] for row in reference.rows("tax_rules") if row["region"] == region)


def check_region(status: str | TaxStatus, region: str) -> None:
    """A CourseInputError when the tax status is for another region than the channel's."""
    status = get_tax_status(status)
    region = region_of(region)
    if status.region != region:
        raise CourseInputError(_("The tax status “{status}” is for {a}, but this channel sells in {b}.").format(
            status=status.label, a=status.region, b=region))
