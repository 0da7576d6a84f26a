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
    return TAX_STATUSES[one_of(status, TAX_STATUSES, _("tax status"))]


def statuses_for(region: str) -> list[TaxStatus]:
    return [status for status in TAX_STATUSES.values() if status.region == region]


def vat_rate_pct(region: str) -> Decimal:
    """The standard VAT (TVA) rate of the region, in percent."""
    return reference.rule({"UK": "uk_vat_standard_rate", "FR": "fr_tva_standard_rate"}[region])


def contribution_rate_pct(status: TaxStatus) -> Decimal:
    """Micro-entrepreneur social contributions + training contribution, in percent of turnover (0 otherwise)."""
    if not status.micro_entrepreneur:
        return Decimal(0)
    main = "fr_micro_social_goods_rate" if status.activity == "goods" else "fr_micro_social_services_rate"
    return reference.rule(main) + reference.rule("fr_micro_training_artisan_rate")


def rules_valid_as_of(region: str) -> date:
    """The newest `valid_from` among the tax rules of `region` (the EU-wide rules do not date a domestic sale)."""
    return max(row["valid_from"] for row in reference.rows("tax_rules") if row["region"] == region)


def check_region(status: TaxStatus, region: str) -> None:
    if status.region != region:
        raise CourseInputError(_("The tax status “{status}” is for {a}, but this channel sells in {b}.").format(
            status=status.label, a=status.region, b=region))
