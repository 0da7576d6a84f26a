"""The French edition of lessons 03 and 04 and of the two simulators: French defaults, checked.

- every French notebook names its language, its kernel and its English twin, and its code cells have the twin's
  structure (only literals and the learner's own variable names differ);
- the self-checks of nb03 and nb04, in French, expect the French example's values (computed by the package);
- every figure in the French prose, and every figure typed in a French code cell, is the one the package computes
  from the reference tables under `set_language("fr")`;
- the simulators start on the French potter's bowl in French, show preset names in French and read `12,50`,
  `1 250`, `2,4 kg`; in English they are unchanged.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from atelier import pricing, reference, shipping
from atelier.i18n import format_money, format_number, format_pct, language, set_language
from atelier.money import Money

ROOT = Path(__file__).resolve().parents[1]
FR = ROOT / "notebooks" / "fr"
NOTEBOOKS = {
    "03_prix.ipynb": "../03_pricing.ipynb",
    "04_expedition.ipynb": "../04_shipping.ipynb",
    "simulateurs/prix.ipynb": "../../simulators/pricing.ipynb",
    "simulateurs/expedition.ipynb": "../../simulators/shipping.ipynb",
}
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def flat(text: str) -> str:
    """Text with every kind of space (and line break) as one plain space: prose wraps, Babel uses no-break spaces."""
    return SPACES.sub(" ", text)


def prose(name: str) -> str:
    return flat("\n".join(c.source for c in read(FR / name).cells if c.cell_type == "markdown"))


def code_cells(name: str) -> list[str]:
    return [c.source for c in read(FR / name).cells if c.cell_type == "code"]


def _reload_checks() -> None:
    from atelier.selfchecks import nb03, nb04

    importlib.reload(nb03)
    importlib.reload(nb04)


@pytest.fixture
def french() -> Iterator[None]:
    """The French language with the self-checks registered as a French kernel registers them; English after."""
    before = language()
    set_language("fr")
    _reload_checks()
    try:
        yield
    finally:
        set_language(before)
        _reload_checks()


# -- metadata and twins ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "twin"), NOTEBOOKS.items())
def test_metadata_names_language_kernel_and_twin(name: str, twin: str) -> None:
    notebook = read(FR / name)
    twin_path = (FR / name).parent / twin
    assert twin_path.exists(), twin_path
    assert notebook.metadata.kernelspec == {"name": "artisanat-fr", "display_name": "Python 3 (Artisanat, français)",
                                            "language": "python"}
    assert notebook.metadata.artisanat["language"] == "fr"
    assert notebook.metadata.artisanat["twin"] == twin
    assert notebook.metadata.language_info == read(twin_path).metadata.language_info


def _assigned(cells: list[str]) -> set[str]:
    names: set[str] = set()
    for source in cells:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


def _shape(source: str, own: set[str]) -> str:
    """The syntax tree of a cell with literals and the learner's own variable names blanked."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            node.value = "<literal>"
        elif isinstance(node, ast.Name) and node.id in own:
            node.id = "<own>"
    return ast.dump(tree, include_attributes=False)


@pytest.mark.parametrize(("name", "twin"), NOTEBOOKS.items())
def test_code_cells_have_the_twins_structure(name: str, twin: str) -> None:
    french_cells = code_cells(name)
    english_cells = [c.source for c in read((FR / name).parent / twin).cells if c.cell_type == "code"]
    assert len(french_cells) == len(english_cells)
    own_fr, own_en = _assigned(french_cells), _assigned(english_cells)
    for index, (fr_cell, en_cell) in enumerate(zip(french_cells, english_cells, strict=True)):
        assert _shape(fr_cell, own_fr) == _shape(en_cell, own_en), f"code cell {index} of {name}"
        assert "#" not in fr_cell, f"no comment (prose) in code cell {index} of {name}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_executed_in_order_without_errors(name: str) -> None:
    counts = [c.execution_count for c in read(FR / name).cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    for cell in read(FR / name).cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error"


def test_lesson_contract_and_links() -> None:
    pairs = (("03_prix.ipynb", "04_expedition.ipynb"), ("04_expedition.ipynb", "05_fabric_store.ipynb"))
    for name, following in pairs:
        cells = read(FR / name).cells
        tags = {tag: c.source for c in cells for tag in c.metadata.get("tags", [])}
        assert tags["questions"].startswith("## Questions")
        assert tags["objectives"].startswith("## Objectifs")
        assert re.search(r"Cours : \d+ min · Exercices : \d+ min", tags["timing"])
        assert tags["keypoints"].startswith("## Points clés")
        assert f"]({following})" in tags["keypoints"]
        assert cells[0].source.startswith("# 0")


# -- the examples are French and their typed figures are the package's -------------------------------------------------


def test_lesson_03_prices_the_french_bowl_with_the_presets_figures(french: None) -> None:
    from atelier.selfchecks import nb03

    piece = nb03.preset("fr_potter_bowl")
    cells = code_cells("03_prix.ipynb")
    built = ast.parse(cells[2]).body[0].value  # bol = pricing.unit_cost(...)
    typed = {kw.arg: kw.value.value for kw in built.keywords}
    assert typed.pop("currency") == piece["currency"] == "EUR"
    assert {key: Decimal(str(value)) for key, value in typed.items()} == {
        "materials": piece["materials"], "making_time_h": piece["making_time_h"],
        "hourly_rate": reference.default("hourly_rate_fr"), "overhead": piece["overhead"],
        "packaging": piece["packaging_cost"]}
    postage = format(nb03.example_postage(), "f")
    channels = set(re.findall(r'"((?:etsy|stripe_web_shop|amazon_handmade|paypal|sumup_reader|shop_direct)_\w+)"',
                              "\n".join(cells)))
    assert channels and all(channel.endswith("_fr") for channel in channels)
    assert "etsy_fr" in channels
    for cell in cells:
        if "postage_charged" in cell:
            assert f"postage_charged={postage}" in cell
        assert "GBP" not in cell and "_uk" not in cell and '"UK"' not in cell
    assert re.search(rf'"etsy_fr", {piece["typical_price"]}\b', cells[4])
    assert "fr_micro_franchise" in cells[8] and '"fr_potter_bowl"' in cells[-1]


def test_lesson_04_sends_the_french_pieces_with_french_carriers(french: None) -> None:
    from atelier.selfchecks import nb03, nb04

    cells = code_cells("04_expedition.ipynb")
    joined = "\n".join(cells)
    assert "uk_" not in joined and '"UK"' not in joined and '"GB", "FR"' not in joined
    bowl, vase = nb03.preset("fr_potter_bowl"), nb03.preset("fr_potter_vase")
    assert (f"shipping.item({bowl['weight_g']}, {bowl['length_cm']}, {bowl['width_cm']}, {bowl['height_cm']})"
            in cells[2])
    assert f"shipping.item({', '.join(str(v) for v in nb04.LAMPSHADE)})" in cells[6]
    assert (f"shipping.item({vase['weight_g']}, {vase['length_cm']}, {vase['width_cm']}, {vase['height_cm']}, "
            "fragile=True)" in cells[8])
    _piece, vase_cost = nb03.preset_cost("fr_potter_vase")
    vase_box = shipping.pack([nb04.preset_item("fr_potter_vase")], vase["packaging_id"])
    resend = shipping.quote(vase_box, "FR", "FR")[0].price
    assert f'Money.of({vase_cost.total.amount}, "EUR")' in cells[12]
    assert f'Money.of({resend.amount}, "EUR")' in cells[12]
    from atelier.analytics.brighton_kiln import packaging_breakage_pct

    rates = packaging_breakage_pct()
    for cell in cells[13:15]:
        assert f"{rates['uk_single_wall_bubble']}, carton_double, {rates['uk_double_wall_inserts']}" in cell
    assert '"fr_potter_vase"' in cells[-1]


# -- self-checks: French expected values -------------------------------------------------------------------------------


def test_french_self_checks_expect_the_french_examples(french: None) -> None:
    from atelier.selfcheck import check
    from atelier.selfchecks import nb03, nb04

    assert nb03.example()["preset"] == "fr_potter_bowl" and nb04.example()["origin"] == "FR"
    _piece, cost = nb03.preset_cost("fr_potter_bowl")
    total = cost.total.amount
    assert check("nb03.unit_cost", format_money(total, "EUR")).passed
    assert check("nb03.unit_cost", format(total, "f").replace(".", ",")).passed
    assert not check("nb03.unit_cost", format_money(total - cost.labour.amount, "EUR")).passed
    assert not check("nb03.unit_cost", "£" + format(total, "f")).passed  # a French box is in euros

    sale = nb03.etsy_sale()
    assert sale.channel.channel_id == "etsy_fr" and sale.price.currency == "EUR"
    assert round(sale.margin.amount / sale.price.amount * 100, 1) == reference.default("target_margin")
    assert check("nb03.etsy_price", format_money(sale.price.amount, "EUR")).passed
    wrong = check("nb03.etsy_price", format_money(sale.customer_pays.amount, "EUR"))
    assert not wrong.passed and "frais de port" in wrong.message

    cheapest = nb04.mug_double_wall_quotes()[0]
    assert cheapest.service.origin_region == "FR"
    assert check("nb04.mug_double_wall", format_money(cheapest.price.amount, "EUR")).passed
    dearer = nb04.mug_double_wall_quotes()[1]
    hinted = check("nb04.mug_double_wall", format_money(dearer.price.amount, "EUR"))
    assert not hinted.passed and dearer.service.name in hinted.message

    billed = nb04.lampshade_quote().billed_weight_kg
    assert nb04.lampshade_quote().service.service_id == "colissimo_home"
    assert check("nb04.lampshade_billed", format_number(billed, 2) + " kg").passed
    assert check("nb04.lampshade_billed", f"{format_number(billed * 1000, 0)} g").passed

    break_even = nb04.packaging_comparison(Money.of(1, "EUR"), Money.of(0, "EUR")).break_even_value
    single, double = (shipping.get_packaging(p).cost.amount for p in ("fr_single_wall_bubble",
                                                                       "fr_double_wall_inserts"))
    assert break_even.currency == "EUR"
    assert abs(break_even.amount - (double - single) / (Decimal("3.8") - Decimal("0.8")) * 100) < Decimal("0.01")
    assert check("nb04.break_even", format_money(break_even.amount, "EUR")).passed
    assert check("nb04.free_delivery", format_money(nb04.free_delivery_from().amount, "EUR")).passed


def test_english_self_checks_keep_the_brighton_kiln_examples() -> None:
    from atelier.selfcheck import check
    from atelier.selfchecks import nb03, nb04

    assert language() == "en"
    assert nb03.example()["preset"] == "brighton_kiln_mug" and nb04.example()["origin"] == "UK"
    _piece, cost = nb03.preset_cost("brighton_kiln_mug")
    assert cost.total.currency == "GBP"
    assert check("nb03.unit_cost", f"£{cost.total.amount}").passed
    assert nb03.etsy_sale().channel.channel_id == "etsy_uk"
    assert nb04.lampshade_quote().service.service_id == "parcelforce_express48"


def test_the_french_notebooks_outputs_hold_the_checks_answers(french: None) -> None:
    """The answer each French check expects is what the French lesson shows (its stored outputs)."""
    from atelier.selfchecks import nb03, nb04

    def outputs(name: str) -> str:
        return flat("\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                              for c in read(FR / name).cells if c.cell_type == "code" for o in c.outputs))

    shown03, shown04 = outputs("03_prix.ipynb"), outputs("04_expedition.ipynb")
    _piece, cost = nb03.preset_cost("fr_potter_bowl")
    assert flat(format_money(cost.total.amount, "EUR")) in shown03
    assert flat(f"A sale at {format_money(nb03.etsy_sale().price.amount, 'EUR')}") in shown03 or \
        flat(format_money(nb03.etsy_sale().price.amount, "EUR")) in shown03
    assert flat(format_money(nb04.mug_double_wall_quotes()[0].price.amount, "EUR")) in shown04
    assert flat(format_number(nb04.lampshade_quote().billed_weight_kg, 2) + " kg") in shown04
    break_even = nb04.packaging_comparison(Money.of(1, "EUR"), Money.of(0, "EUR")).break_even_value
    assert flat(format_money(break_even.amount, "EUR")) in shown04
    assert flat(format_money(nb04.free_delivery_from().amount, "EUR")) in shown04


# -- figures in the French prose ---------------------------------------------------------------------------------------


def test_lesson_03_prose_figures_are_the_packages(french: None) -> None:
    from atelier.selfchecks import nb03

    text = prose("03_prix.ipynb")
    piece, cost = nb03.preset_cost("fr_potter_bowl")
    postage = nb03.example_postage()
    sale = pricing.sell(cost, "etsy_fr", piece["typical_price"], piece["tax_status"], postage_charged=postage)
    with_tva = pricing.sell(cost, "etsy_fr", piece["typical_price"], "fr_micro_tva", postage_charged=postage)
    contributions = sum((reference.rule(rule) for rule in ("fr_micro_social_goods_rate",
                                                           "fr_micro_training_artisan_rate",
                                                           "fr_micro_chamber_goods_rate")), Decimal(0))
    box = shipping.pack([shipping.item(piece["weight_g"], piece["length_cm"], piece["width_cm"],
                                       piece["height_cm"])], piece["packaging_id"])
    expected = [
        format_money(piece["typical_price"], "EUR"), format_money(reference.default("hourly_rate_fr"), "EUR"),
        format_money(reference.default("fr_smic_hourly_gross"), "EUR"), format_money(cost.materials.amount, "EUR"),
        format_number(cost.making_time_h, 2) + " h", format_money(cost.overhead.amount, "EUR"),
        format_money(cost.packaging.amount, "EUR"), format_money(postage, "EUR"),
        format_pct(contributions, 2), format_money(sale.contributions.amount, "EUR"),
        format_money(sale.margin.amount, "EUR"), format_money(with_tva.margin.amount, "EUR"),
        format_pct(reference.default("target_margin"), 0), f"{format_number(box.weight_g, 0)} g",
    ]
    for figure in expected:
        assert flat(figure) in text, figure
    assert reference.default("hourly_rate_fr") >= reference.default("fr_smic_hourly_gross")
    # the upholsterer's job (section 7): the preset's figures
    chair = nb03.preset("upholsterer_chair")
    for amount in (chair["materials"], chair["overhead"], chair["typical_price"]):
        assert f"{amount.normalize():f} €" in text or flat(format_money(amount, "EUR")) in text
    assert f"{chair['making_time_h']} heures" in text
    assert f"{reference.default('hourly_rate_fr')} € de l'heure" in text


def sides(box: shipping.Item | shipping.Parcel) -> str:
    return " × ".join(format_number(side, 0) for side in (box.length_cm, box.width_cm, box.height_cm)) + " cm"


def test_lesson_04_prose_figures_are_the_packages(french: None) -> None:
    from atelier.analytics.brighton_kiln import packaging_breakage_pct
    from atelier.selfchecks import nb03, nb04

    text = prose("04_expedition.ipynb")
    bowl, vase = nb03.preset("fr_potter_bowl"), nb03.preset("fr_potter_vase")
    item = nb04.preset_item("fr_potter_bowl")
    single, double = (shipping.pack([item], box) for box in ("fr_single_wall_bubble", "fr_double_wall_inserts"))
    colissimo = {box: next(q for q in shipping.quote(parcel, "FR", "FR") if q.service.service_id == "colissimo_home")
                 for box, parcel in (("single", single), ("double", double))}
    lamp = shipping.pack([shipping.item(*nb04.LAMPSHADE)], "fr_single_wall_bubble")
    _vp, vase_cost = nb03.preset_cost("fr_potter_vase")
    vase_box = shipping.pack([nb04.preset_item("fr_potter_vase")], vase["packaging_id"])
    _bp, bowl_cost = nb03.preset_cost("fr_potter_bowl")
    rates = packaging_breakage_pct()
    linen_piece, linen_cost = nb03.preset_cost("fabric_store_linen")
    linen = pricing.sell(linen_cost, "stripe_web_shop_fr", linen_piece["typical_price"], linen_piece["tax_status"])
    expected = [
        f"{format_number(bowl['weight_g'], 0)} g",
        sides(item),
        format_money(bowl["typical_price"], "EUR"), f"{format_number(double.weight_g - single.weight_g, 0)} g",
        f"{format_number(single.weight_kg, 2)} kg", f"{format_number(double.weight_kg, 2)} kg",
        format_money(colissimo["single"].price.amount, "EUR"), format_money(colissimo["double"].price.amount, "EUR"),
        format_money(colissimo["double"].service.compensation_per_kg, "EUR") + " par kg",
        format_money(reference.lookup("parcel_services", "service_id", "mondial_relay_point")["compensation_per_kg"],
                     "EUR") + " par kg",
        sides(lamp),
        f"{format_number(lamp.length_cm + lamp.width_cm + lamp.height_cm, 0)} cm",
        f"{format_number(shipping.volumetric_weight_kg(lamp.length_cm, lamp.width_cm, lamp.height_cm), 2)} kg",
        f"{format_number(Decimal(vase['weight_g']) / 1000, 1)} kg", format_money(vase["typical_price"], "EUR"),
        format_money(vase_cost.total.amount, "EUR"),
        format_money(shipping.quote(vase_box, "FR", "FR")[0].price.amount, "EUR"),
        format_pct(rates["uk_single_wall_bubble"]), format_pct(rates["uk_double_wall_inserts"]),
        format_money(bowl_cost.total.amount, "EUR"), format_money(linen.margin.amount, "EUR"),
        format_money(linen.price.amount, "EUR"), format_pct(nb04.linen_margin_pct()),
        format_money(reference.default("free_shipping_threshold_fr"), "EUR"),
        format_pct(nb04.FREE_DELIVERY_TARGET_PCT, 0),
    ]
    for figure in expected:
        assert flat(figure) in text, figure
    # the lesson's lampshade: 40 × 40 × 35 cm, 600 g (nb04.LAMPSHADE)
    weight, *lamp_sides = nb04.LAMPSHADE
    assert f"{lamp_sides[0]} × {lamp_sides[1]} × {lamp_sides[2]} cm ne pèse que {weight} g" in text
    # what the prose says of the carriers is what their rows say
    mondial = reference.lookup("parcel_services", "service_id", "mondial_relay_point")
    assert mondial["fragile_breakage"] == "excluded" and mondial["volumetric_divisor"] is None
    assert reference.lookup("parcel_services", "service_id", "colissimo_home")["volumetric_divisor"] is None
    assert mondial["max_sum_of_sides_cm"] == 150


def test_presets_rows_carry_sources_and_french_names() -> None:
    rows = {row["preset_id"]: row for row in reference.rows("simulator_presets")}
    for preset_id in ("fr_potter_bowl", "fr_potter_vase"):
        row = rows[preset_id]
        assert row["region"] == "FR" and row["currency"] == "EUR" and row["tax_status"] == "fr_micro_franchise"
        assert row["source"] and row["valid_from"] and row["confidence"] == "L" and "Simulated" in row["note"]
        assert shipping.get_packaging(row["packaging_id"]).cost.amount == row["packaging_cost"]
        assert row["destination"] in shipping.destinations("FR")
    assert all(row["name_fr"] for row in rows.values())
    schema = json.loads((ROOT / "datasets" / "reference" / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in schema["resources"] if r["name"] == "simulator_presets")["schema"]["fields"]
    assert "name_fr" in [field["name"] for field in fields]


# -- the simulators in French ------------------------------------------------------------------------------------------


def test_pricing_simulator_starts_on_the_french_bowl_and_reads_french_numbers(french: None) -> None:
    from atelier.simulators import PricingApp

    app = PricingApp()
    assert app.preset.value == "fr_potter_bowl" and app.region.value == "FR"
    assert app.tax_status.value == "fr_micro_franchise"
    assert app.materials.value == "3,2" and app.making_time.value == "0,75"
    labels = dict((value, label) for label, value in app.preset.options)
    assert labels["fr_potter_bowl"].startswith("Une potière en France — bol en grès")
    assert labels["brighton_kiln_mug"].startswith("The Brighton Kiln — mug en grès")
    before = app.view.cost.total.amount
    app.materials.value = "12,50"
    assert app.status.value == "" and app.view.cost.materials.amount == Decimal("12.5")
    assert app.view.cost.total.amount == before - Decimal("3.2") + Decimal("12.5")
    app.mode.value = "price"
    app.price.value = "1 250"
    assert app.status.value == ""
    assert all(r.sale.price.amount == 1250 for r in app.view.results if r.sale is not None)
    app.price.value = "1,250"  # in French the comma is always decimal: 1,25 €
    assert app.status.value == ""
    assert all(r.sale.price.amount == Decimal("1.25") for r in app.view.results if r.sale is not None)
    app.price.value = "1.250"  # a dot before three digits could be either: asked, never guessed
    assert app.status.value != ""
    assert "€" in app.result.value and "£" not in app.result.value


def test_own_figures_start_in_france_with_a_decimal_comma(french: None) -> None:
    from atelier.simulators import PricingApp, ShippingApp

    app = PricingApp(None)
    assert app.region.value == "FR" and app.materials.value == "2,50" and app.status.value == ""
    ship = ShippingApp(None)
    assert ship.origin.value == "FR" and ship.destination.value == "FR" and ship.status.value == ""


def test_shipping_simulator_starts_on_the_french_bowl_and_reads_french_weights(french: None) -> None:
    from atelier.simulators import ShippingApp

    app = ShippingApp()
    assert app.preset.value == "fr_potter_bowl" and app.origin.value == "FR" and app.destination.value == "FR"
    assert app.packaging.value == "fr_double_wall_inserts"
    assert {q.service.origin_region for q in app.view.quotes} == {"FR"}
    app.weight.text.value = "2,4 kg"
    packaging = shipping.get_packaging(app.packaging.value)
    assert app.status.value == "" and app.view.box.weight_kg == (Decimal(2400) + packaging.weight_g) / 1000
    app.declared.value = "1 250"
    assert app.status.value == "" and app.view.quotes[0].declared_value.amount == 1250


def test_english_simulators_are_unchanged() -> None:
    from atelier.simulators import PricingApp, ShippingApp
    from atelier.simulators.presets import plain

    assert language() == "en"
    app = PricingApp()
    assert app.preset.value == "brighton_kiln_mug" and app.region.value == "UK" and app.materials.value == "2.5"
    names = {value: label for label, value in app.preset.options}
    assert names["brighton_kiln_mug"] == "The Brighton Kiln — stoneware mug (UK)"
    assert PricingApp(None).materials.value == "2.50"
    ship = ShippingApp()
    assert ship.preset.value == "brighton_kiln_mug" and ship.origin.value == "UK"
    assert plain(Decimal("1.125")) == "1.125"


def test_plain_never_writes_a_french_number_that_reads_as_ambiguous(french: None) -> None:
    from atelier.entry import read_number
    from atelier.simulators.presets import plain

    for value in ("1.125", "0.125", "2.5", "350", "12.50", "1250.5"):
        typed = plain(Decimal(value))
        assert read_number(typed).number == Decimal(value), typed
