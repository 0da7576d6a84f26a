"""Case-study starting points for the simulators, read from `datasets/reference/simulator_presets.csv`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from atelier import reference


@dataclass(frozen=True)
class Preset:
    """One case-study product or job: its costs, and for a product its weight, size and usual parcel."""

    preset_id: str
    name: str
    case_study: str
    region: str
    currency: str
    kind: str  # "product" or "service"
    tax_status: str
    materials: Decimal
    making_time_h: Decimal
    overhead: Decimal
    packaging_cost: Decimal
    typical_price: Decimal
    weight_g: Decimal | None
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None
    packaging_id: str | None
    destination: str | None
    fragile: bool  # crockery, porcelain, glass, pottery: breakage may not be paid by the carrier
    source: str
    valid_from: object

    @property
    def shippable(self) -> bool:
        return self.weight_g is not None and self.packaging_id is not None


def presets() -> dict[str, Preset]:
    """Every preset, by id, in the table's order."""
    fields = Preset.__dataclass_fields__
    return {row["preset_id"]: Preset(**{name: row[name] for name in fields})
            for row in reference.rows("simulator_presets")}


def plain(number: Decimal | None) -> str:
    """A preset figure as the learner would type it (`2.5`, `350`)."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text
