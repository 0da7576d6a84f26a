"""Case-study starting points for the simulators, read from `datasets/reference/simulator_presets.csv`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from atelier import reference
from atelier.i18n import language

# the preset each simulator starts on, by course language: a French artisan starts on a French piece
DEFAULT_PRESETS = {"en": "brighton_kiln_mug", "fr": "fr_potter_bowl"}
# the value of a simulator's `preset_id` that means "the preset of the course's language"
DEFAULT = "default"
# the region a simulator starts in when it starts on the learner's own figures
HOME_REGIONS = {"en": "UK", "fr": "FR"}


@dataclass(frozen=True)
class Preset:
    """One case-study product or job: its costs, and for a product its weight, size and usual parcel."""

    preset_id: str
    name: str
    name_fr: str
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
    def shown_name(self) -> str:
        """The name shown in the preset list, in the course's language."""
        return self.name_fr if language() == "fr" and self.name_fr else self.name

    @property
    def shippable(self) -> bool:
        return self.weight_g is not None and self.packaging_id is not None


def presets() -> dict[str, Preset]:
    """Every preset, by id, in the table's order."""
    fields = Preset.__dataclass_fields__
    return {row["preset_id"]: Preset(**{name: row[name] for name in fields})
            for row in reference.rows("simulator_presets")}


def default_preset() -> str:
    """The preset a simulator starts on in the course's language."""
    return DEFAULT_PRESETS.get(language(), DEFAULT_PRESETS["en"])


def home_region() -> str:
    """Where a simulator's learner sells from, until they choose: the UK in English, France in French."""
    return HOME_REGIONS.get(language(), HOME_REGIONS["en"])


def as_typed(text: str) -> str:
    """A starting figure written in code (`2.50`) as the learner types it: `2,50` in French."""
    return text.replace(".", ",") if language() == "fr" else text


def plain(number: Decimal | None) -> str:
    """A preset figure as the learner would type it (`2.5`, `350`; `2,5` in French)."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    if language() == "fr" and "." in text:
        whole, fraction = text.split(".")
        if len(fraction) == 3 and whole != "0":  # `1,125` would be read as ambiguous in French
            fraction += "0"
        text = f"{whole},{fraction}"
    return text
