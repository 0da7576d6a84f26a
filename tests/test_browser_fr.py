"""Issue 13: the two French simulators, used for real — as Voila apps and in JupyterLab, in headless Chromium.

Each test opens a French simulator page (`notebooks/fr/simulateurs/`) the way a French learner would: its kernel is
the French one (`artisanat-fr`, which sets ARTISANAT_LANG=fr), it starts on the French potter's bowl in euros, a
number typed the French way (`12,50`, `2,4 kg`) changes the result, and the main slider moves it.

The boxes are found by what they hold (the preset's figure, written with a decimal comma), not by their label, so
these tests do not depend on the catalogue's wording. One test needs the French catalogue (issue 13, helper "cat"):
`test_labels_are_french_NEEDS_THE_FRENCH_CATALOGUE` — it fails until `atelier/locale/fr` is merged.

Needs Debian's Chromium; without it these tests are skipped, except in CI (env CI=true) where that is a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from atelier.i18n import _, format_money, format_number, language, set_language
from tests import browser_support as bs
from tests.test_browser import (
    SCREENS,
    UI_TIMEOUT_MS,
    assert_every_widget_rendered,
    fingerprint,
    layout_problems,
    move_slider_and_check,
    open_in_lab,
    open_in_voila,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ServerFor = Callable[[str, Path], bs.Server]

ROOT = bs.ROOT
SIMULATEURS = ROOT / "notebooks" / "fr" / "simulateurs"
APPS = ["prix", "expedition"]
KERNEL = "artisanat-fr"


def french(function: Callable[[], object]) -> object:
    """Run `function` with the course in French (numbers, money, messages), then restore the language."""
    before = language()
    set_language("fr")
    try:
        return function()
    finally:
        set_language(before)


def bowl_figures() -> dict[str, object]:
    """What the page must show for the French bowl, computed by the package in French."""
    from atelier import pricing
    from atelier.selfchecks.nb03 import preset, preset_cost
    from atelier.simulators.presets import plain

    def compute() -> dict[str, object]:
        piece, cost = preset_cost("fr_potter_bowl")
        with_new_materials = pricing.unit_cost(
            materials=Decimal("12.50"), making_time_h=cost.making_time_h, hourly_rate=cost.hourly_rate.amount,
            overhead=cost.overhead.amount, packaging=cost.packaging.amount, currency="EUR")
        return {
            "name": preset("fr_potter_bowl")["name_fr"],
            "materials_typed": plain(piece["materials"]),  # `3,2`: the preset as the French box shows it
            "weight_typed": plain(piece["weight_g"]),
            "total": format_money(cost.total.amount, "EUR"),
            "new_total": format_money(with_new_materials.total.amount, "EUR"),
        }

    return french(compute)  # type: ignore[return-value]


# --- fixtures -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from bs.browser_or_skip()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerFor]:
    """Voila on the French simulators and a JupyterLab on the course, each started once, all stopped at the end."""
    pool = bs.ServerPool(tmp_path_factory.mktemp("browser-fr"))
    try:
        yield pool.get
    finally:
        pool.stop_all()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport=bs.VIEWPORT, locale="fr-FR")
    ctx.set_default_timeout(UI_TIMEOUT_MS)
    bs.offline_but_localhost(ctx)
    try:
        yield ctx
    finally:
        ctx.close()


def test_the_french_kernel_is_installed() -> None:
    """The French pages name the kernel `artisanat-fr`; without it Voila and Lab cannot run them in French."""
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    assert KERNEL in specs, (
        "the French kernelspec is not installed: run `.venv/bin/python -m ipykernel install --sys-prefix --name "
        "artisanat-fr --display-name 'Python 3 (Artisanat, français)' --env ARTISANAT_LANG fr`")


def simulator(name: str) -> Path:
    path = SIMULATEURS / f"{name}.ipynb"
    assert path.is_file(), path
    return path


def box_holding(page: Page, value: str):  # type: ignore[no-untyped-def]
    """The text box of the app that holds `value` now (found by its content, whatever the label's language)."""
    boxes = page.locator(".artisanat-field input[type=text]")
    for index in range(boxes.count()):
        if boxes.nth(index).input_value() == value:
            return boxes.nth(index)
    raise AssertionError(f"no box holds {value!r}: {[boxes.nth(i).input_value() for i in range(boxes.count())]}")


def type_over(box, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select what the box holds and type over it, as a learner does; then Enter."""
    box.click()
    box.press("Control+a")
    box.type(text, delay=30)
    box.press("Enter")


def flat(text: str) -> str:
    """Text as compared here: widgets and Babel write no-break spaces where the source has plain ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def page_text(page: Page) -> str:
    return flat(page.locator("body").inner_text())


# --- the French simulators in Voila --------------------------------------------------------------------------------


def test_french_pricing_simulator_in_voila(context: BrowserContext, servers: ServerFor) -> None:
    figures = bowl_figures()
    page, diagnostics = open_in_voila(context, servers("voila", SIMULATEURS), simulator("prix"))
    preset = page.locator("select").first
    assert flat(preset.locator("option:checked").inner_text()).startswith(str(figures["name"])), diagnostics.report(
        "the pricing simulator does not start on the French bowl")
    result = bs.result_text(page)
    assert flat(str(figures["total"])) in flat(result), diagnostics.report(
        f"the bowl's cost {figures['total']} is not in the result")
    assert "€" in result and "£" not in result, diagnostics.report("the result is not in euros")

    type_over(box_holding(page, str(figures["materials_typed"])), "12,50")
    after = bs.wait_result_changes(page, result, UI_TIMEOUT_MS)
    assert flat(str(figures["new_total"])) in flat(after), diagnostics.report(
        f"after typing 12,50 the cost should be {figures['new_total']}: {after[:400]!r}")
    assert page.locator(".artisanat-status .artisanat-warning").count() == 0, diagnostics.report("a warning")

    move_slider_and_check(page, diagnostics)
    assert_every_widget_rendered(page, diagnostics)


def test_french_shipping_simulator_in_voila(context: BrowserContext, servers: ServerFor) -> None:
    figures = bowl_figures()
    page, diagnostics = open_in_voila(context, servers("voila", SIMULATEURS), simulator("expedition"))
    preset = page.locator("select").first
    assert flat(preset.locator("option:checked").inner_text()).startswith(str(figures["name"])), diagnostics.report(
        "the shipping simulator does not start on the French bowl")
    result = bs.result_text(page)
    assert "Colissimo" in result and "Mondial Relay" in result and "£" not in result, diagnostics.report(
        "the French carriers are not in the result")

    from atelier import shipping

    type_over(box_holding(page, str(figures["weight_typed"])), "2,4 kg")
    after = bs.wait_result_changes(page, result, UI_TIMEOUT_MS)
    packed_kg = (Decimal(2400) + shipping.get_packaging("fr_double_wall_inserts").weight_g) / 1000
    billed = french(lambda: format_number(packed_kg, 2)) + " kg"
    assert flat(billed) in flat(after), diagnostics.report(
        f"after typing 2,4 kg the parcel should weigh {billed}: {after[:400]!r}")
    assert page.locator(".artisanat-status .artisanat-warning").count() == 0, diagnostics.report("a warning")

    move_slider_and_check(page, diagnostics)
    assert_every_widget_rendered(page, diagnostics)


# --- the French simulators in JupyterLab ----------------------------------------------------------------------------


@pytest.mark.parametrize("app", APPS)
def test_french_simulator_in_jupyterlab(context: BrowserContext, servers: ServerFor, app: str) -> None:
    notebook = simulator(app)
    unchanged = fingerprint(notebook)
    page, diagnostics = open_in_lab(context, servers("lab", ROOT), notebook, f"test-fr-{app}")
    assert "€" in bs.result_text(page), diagnostics.report("the result is not in euros")
    move_slider_and_check(page, diagnostics)
    assert_every_widget_rendered(page, diagnostics)
    page.close()
    assert fingerprint(notebook) == unchanged, f"running {notebook.name} in the browser modified the file"


# --- NEEDS THE FRENCH CATALOGUE (issue 13, helper "cat"): fails until atelier/locale/fr is merged ---------------------


def test_labels_are_french_NEEDS_THE_FRENCH_CATALOGUE(context: BrowserContext, servers: ServerFor) -> None:
    """The labels the French pages show are the catalogue's French, not the English msgids."""
    from atelier.simulators import pricing_app, shipping_app

    def labels() -> dict[str, list[str]]:
        return {
            "prix": [_(pricing_app.LABELS[key]).split("(")[0].strip() for key in ("making_time", "tax_status")],
            "expedition": [_(shipping_app.LABELS[key]).split("(")[0].strip() for key in ("packaging", "breakage")],
        }

    english = {"prix": [pricing_app.LABELS[k].split("(")[0].strip() for k in ("making_time", "tax_status")],
               "expedition": [shipping_app.LABELS[k].split("(")[0].strip() for k in ("packaging", "breakage")]}
    expected = french(labels)
    assert expected != english, (
        "the French catalogue (atelier/locale/fr) has no translation of the simulators' labels yet: this test "
        "passes once the catalogue is merged")
    for app in APPS:
        page, diagnostics = open_in_voila(context, servers("voila", SIMULATEURS), simulator(app))
        text = page_text(page)
        for label in expected[app]:  # type: ignore[index]
            assert flat(label) in text, diagnostics.report(f"the French label {label!r} is not on the page")
        page.close()



@pytest.mark.parametrize("app", APPS)
def test_french_simulator_fits_a_laptop_and_a_phone(browser: Browser, servers: ServerFor, app: str) -> None:
    """French labels are longer than English ones: at 1366 × 768 and at 390 × 844 (a phone held upright) nothing is
    cut off and the form does not scroll sideways — the English simulators' layout check, on the French apps."""
    context = browser.new_context(viewport=SCREENS["laptop"], locale="fr-FR")
    context.set_default_timeout(UI_TIMEOUT_MS)
    bs.offline_but_localhost(context)
    try:
        page, diagnostics = open_in_voila(context, servers("voila", SIMULATEURS), simulator(app))
        found = {}
        for screen, size in SCREENS.items():
            page.set_viewport_size(size)
            found[screen] = layout_problems(page, screen == "phone")
        assert not found["laptop"] and not found["phone"], diagnostics.report(
            "layout problems:\n" + "\n".join(f"{screen}: {p}" for screen, ps in found.items() for p in ps))
    finally:
        context.close()
