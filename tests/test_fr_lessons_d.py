"""The French twins of lessons 08 and 09 and of the "your shop" app (issue 13): metadata, code-cell shape, no English
left in the prose, links to French twins, prose figures generated from the code cells and the reference tables,
the self-checks reading answers typed the French way, the app reading French-typed numbers, and the app in French in
a real Voila and Chromium.

Figures are formatted with atelier.i18n under set_language("fr") (the `french` fixture puts English back after).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from atelier import diagnostic, i18n, reference
from atelier.i18n import format_money, format_number, format_pct, set_language
from tests import browser_support as bs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

ROOT = Path(__file__).resolve().parent.parent
FR = ROOT / "notebooks" / "fr"
TWINS = {  # French notebook → its English twin, as FR_CONVENTIONS lays them out
    FR / "08_plan_action.ipynb": ROOT / "notebooks" / "08_action_plan.ipynb",
    FR / "09_votre_boutique.ipynb": ROOT / "notebooks" / "09_your_shop.ipynb",
    FR / "simulateurs" / "votre_boutique.ipynb": ROOT / "notebooks" / "simulators" / "your_shop.ipynb",
}
LESSONS = [FR / "08_plan_action.ipynb", FR / "09_votre_boutique.ipynb"]
EXPORTS = ROOT / "tests" / "ownshop_exports"
SPACES = "\u00a0\u202f\u2009 "


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def markdown(path: Path) -> list[str]:
    return [source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown"]


def code(path: Path) -> list[str]:
    return [source(c) for c in load(path)["cells"] if c["cell_type"] == "code"]


def prose(path: Path) -> str:
    """All the notebook's markdown on one line, every kind of space made a plain space (Babel writes U+202F, the
    notebooks U+00A0), so that a figure cut by a line break is still found."""
    return re.sub(f"[{SPACES}\n]+", " ", "\n".join(markdown(path)))


def plain(text: str) -> str:
    return re.sub(f"[{SPACES}]", " ", text)



# ---------------------------------------------------------------- metadata, shape, contract

@pytest.mark.parametrize("path", list(TWINS), ids=lambda p: p.name)
def test_metadata_names_the_language_the_kernel_and_the_twin(path: Path) -> None:
    meta = load(path)["metadata"]
    assert meta["kernelspec"] == {"name": "artisanat-fr", "display_name": "Python 3 (Artisanat, français)",
                                  "language": "python"}
    assert meta["artisanat"]["language"] == "fr"
    assert (path.parent / meta["artisanat"]["twin"]).resolve() == TWINS[path].resolve()
    assert meta["language_info"] == load(TWINS[path])["metadata"]["language_info"]


def own_names(sources: list[str]) -> set[str]:
    """The names a notebook assigns (the learner's own variables, which may be French in the French twin)."""
    names = set()
    for text in sources:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


def shape(text: str, names: set[str]) -> str:
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value is not Ellipsis:
            node.value = "<literal>"
        elif isinstance(node, ast.Name) and node.id in names:
            node.id = "<own>"
    return ast.dump(tree)


@pytest.mark.parametrize("path", list(TWINS), ids=lambda p: p.name)
def test_code_cells_have_the_twins_shape(path: Path) -> None:
    french_code, english_code = code(path), code(TWINS[path])
    assert len(french_code) == len(english_code)
    names = own_names(french_code) | own_names(english_code)
    for number, (fr, en) in enumerate(zip(french_code, english_code, strict=True)):
        assert shape(fr, names) == shape(en, names), f"code cell {number} of {path.name} differs from its twin"
        assert "#" not in fr, f"code cell {number} of {path.name} has a comment (no prose in code cells)"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_contract_in_french(path: Path) -> None:
    cells = load(path)["cells"]
    tagged = {tag: source(c) for c in cells for tag in c.get("metadata", {}).get("tags", [])}
    assert tagged["questions"].startswith("## Questions")
    assert tagged["objectives"].startswith("## Objectifs")
    assert tagged["keypoints"].startswith("## Points clés")
    french_timing = re.search(r"Cours : (\d+) min · Exercices : (\d+) min", plain(tagged["timing"]))
    english = {tag: source(c) for c in load(TWINS[path])["cells"] for tag in c.get("metadata", {}).get("tags", [])}
    english_timing = re.search(r"Teaching: (\d+) min · Exercises: (\d+) min", english["timing"])
    assert french_timing and english_timing and french_timing.groups() == english_timing.groups()


# ---------------------------------------------------------------- no English left over

ENGLISH_WORDS = {"the", "and", "your", "you", "with", "this", "that", "of", "to", "is", "are", "for", "what",
                 "which", "each", "by", "from", "below", "shows", "has", "have", "not", "be", "can", "will", "its",
                 "their", "they", "it", "how", "does", "there", "if", "then", "when", "who", "here", "than"}


def english_sentences(text: str) -> list[str]:
    """Sentences with three or more English function words, once code, links' targets and markup are left out."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    found = []
    for sentence in re.split(r"[.!?;:\n]+", text):
        words = re.findall(r"[A-Za-zÀ-ÿ']+", sentence.lower())
        if sum(w in ENGLISH_WORDS for w in words) >= 3:
            found.append(sentence.strip())
    return found


def test_the_english_detector_finds_english() -> None:
    """The check below can fail: it finds English in most of the English twins' prose cells."""
    cells = [c for path in TWINS.values() for c in markdown(path) if len(c.split()) > 12]
    flagged = [c for c in cells if english_sentences(c)]
    assert len(flagged) >= 0.8 * len(cells)


@pytest.mark.parametrize("path", list(TWINS), ids=lambda p: p.name)
def test_no_english_sentence_is_left_in_the_prose(path: Path) -> None:
    left = [s for cell in markdown(path) for s in english_sentences(cell)]
    assert not left, f"English left in {path.name}: {left}"


# ---------------------------------------------------------------- links

@pytest.mark.parametrize("path", list(TWINS), ids=lambda p: p.name)
def test_links_lead_to_french_files_that_exist(path: Path) -> None:
    links = re.findall(r"\]\(([^)#]+)\)", "\n".join(markdown(path)))
    for link in links:
        target = (path.parent / link).resolve()
        assert target.exists(), f"{path.name}: {link} does not exist"
        if target.suffix in {".ipynb", ".md"}:
            assert FR.resolve() in target.parents, f"{path.name}: {link} is not a French twin"


def test_lesson_08_leads_on_to_09_and_09_back_to_08() -> None:
    assert "](09_votre_boutique.ipynb)" in markdown(FR / "08_plan_action.ipynb")[-1]
    assert "](08_plan_action.ipynb)" in markdown(FR / "09_votre_boutique.ipynb")[-1]
    assert "](../09_votre_boutique.ipynb)" in markdown(FR / "simulateurs" / "votre_boutique.ipynb")[0]


# ---------------------------------------------------------------- figures in the prose

def assigned(path: Path) -> dict[str, object]:
    """The constants the notebook's code cells assign (name = literal), e.g. panier_moyen_eur = 45."""
    values: dict[str, object] = {}
    for text in code(path):
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                try:
                    values[node.targets[0].id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
    return values


def calls(path: Path, name: str) -> list[ast.Call]:
    return [node for text in code(path) for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name]


def test_lesson_08_prose_figures_are_the_code_cells_figures(french: None) -> None:
    path = FR / "08_plan_action.ipynb"
    text, values = prose(path), assigned(path)
    projection = calls(path, "projection")[0]
    kwargs = {k.arg: k.value for k in projection.keywords}
    assert ast.literal_eval(kwargs["channel"]) == "etsy_fr" and "Etsy" in text
    assert ast.literal_eval(kwargs["tax_status"]) == "fr_micro_franchise" and "franchise en base" in text
    assert f"aujourd'hui** ({values['commandes_par_mois']} :" in text
    assert f"({plain(format_money(Decimal(values['panier_moyen_eur']), 'EUR', 0))})" in text
    assert f"({plain(format_pct(Decimal(values['croissance_pct']), 0))}, une fois sa boutique Etsy ouverte)" in text
    assert f"du prix ({plain(format_pct(Decimal(values['cout_fabrication_pct']), 0))})" in text
    assert len(values["mes_outils"]) == 3  # three tools, described in the prose as one, one and Canva Pro
    assert "canva_pro" in values["mes_outils"] and "Canva Pro" in text
    months = int(reference.default("projection_months"))
    assert months == 12 and "douze mois" in text and "12 mois" in text  # "douze" in words: a check on the table
    assert f"de 0 à {diagnostic.MAX_ANSWER}" in text and len(diagnostic.DIMENSIONS) == 6 and "six dimensions" in text
    assert diagnostic.LOW_ANSWER == 1 and "répondu 0 ou 1" in text
    plan = diagnostic.action_plan(diagnostic.score(values["mes_reponses"]))
    assert len(plan) == 6 and "en garde six au plus, deux par mois" in text
    assert f"({plain(format_pct(100, 0))} veut dire que toutes les réponses valent {diagnostic.MAX_ANSWER})" in text


def test_lesson_09_prose_figures_are_the_code_cells_figures(french: None) -> None:
    path = FR / "09_votre_boutique.ipynb"
    text = prose(path)
    piece = calls(path, "item")[0]
    weight, *sides = (ast.literal_eval(a) for a in piece.args)
    assert f"ici {format_number(weight, 0)} g, {' × '.join(str(s) for s in sides)} cm" in text
    margins = calls(path, "margins")[0]
    rate = ast.literal_eval(next(k.value for k in margins.keywords if k.arg == "hourly_rate"))
    hourly_rate_fr, smic = reference.default("hourly_rate_fr"), reference.default("fr_smic_hourly_gross")
    assert Decimal(rate) == hourly_rate_fr > smic
    assert f"Le taux horaire de {plain(format_money(Decimal(rate), 'EUR', 0))} est celui de la leçon 03, " \
           "au-dessus du SMIC" in text
    costs = assigned(path)["mes_couts"]
    materials, hours = costs["Bol à thé « céladon »"]
    assert f"`{materials:.2f}` pour {plain(format_money(Decimal(str(materials)), 'EUR'))}" in text
    assert f"`{hours}` pour trois quarts d'heure" in text and hours == 0.75
    postage = calls(path, "postage")[0]
    packaging = ast.literal_eval(next(k.value for k in postage.keywords if k.arg == "packaging"))
    assert packaging == "fr_double_wall_inserts" and "carton double cannelure avec des cales" in text


# ---------------------------------------------------------------- self-checks, answers typed the French way

def test_the_french_lesson_opens_the_french_sample_and_the_english_one_the_uk_sample(french: None) -> None:
    from atelier.ownshop import lesson

    assert all("_fr_" in e.source or e.source.startswith("sumup") for e in lesson.open_shop([]).exports)
    assert lesson.open_shop([]).currency == "EUR"
    set_language("en")
    assert lesson.open_shop([]).currency == "GBP"


def example_projection_fr() -> diagnostic.Projection:
    values = assigned(FR / "08_plan_action.ipynb")
    return diagnostic.projection(values["commandes_par_mois"], values["panier_moyen_eur"], values["croissance_pct"],
                                 channel="etsy_fr", making_cost_pct=values["cout_fabrication_pct"],
                                 tools=values["mes_outils"], tax_status="fr_micro_franchise")


def test_year_margin_accepts_the_margin_written_the_french_way(french: None) -> None:
    from atelier.selfcheck import check

    margin = example_projection_fr().total("margin")
    shown = format_money(margin.amount, "EUR")
    assert "\u202f" in shown or "\u00a0" in shown  # Babel's French spaces, as the summary prints them
    for answer in (shown, plain(shown), format_number(margin.amount), str(margin.amount).replace(".", ","),
                   str(margin.amount), margin, f'{str(margin.amount).replace(".", ",")} euros'):
        assert check("nb08.year_margin", answer).passed, answer
    sales = format_money(example_projection_fr().total("revenue").amount, "EUR")
    verdict = check("nb08.year_margin", sales)
    assert not verdict.passed and "ventes" in verdict.message
    assert not check("nb08.year_margin", "mille euros").passed


@pytest.fixture()
def french_dimension_names(tmp_path: Path) -> Iterator[dict[str, str]]:
    """French with a small catalogue naming the dimensions (the real one comes with the French catalogue)."""
    names = {"Data and security": "Données et sécurité", "Skills": "Compétences", "Visibility": "Visibilité"}
    catalogue = Catalog(locale="fr", domain=i18n.DOMAIN)
    for english, french_name in names.items():
        catalogue.add(english, french_name)
    target = tmp_path / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / f"{i18n.DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    set_language("fr", locale_dir=tmp_path)
    try:
        yield names
    finally:
        set_language("en")


def test_weakest_accepts_the_french_name_with_or_without_accents(french_dimension_names: dict[str, str]) -> None:
    from atelier.selfcheck import check

    diagnostic.score(assigned(FR / "08_plan_action.ipynb")["mes_reponses"])
    assert diagnostic.dimension_label("data_security") == "Données et sécurité"
    for answer in ("Données et sécurité", "données et sécurité", "DONNEES ET SECURITE", "« Données et sécurité »",
                   "Data and security", "data_security"):
        assert check("nb08.weakest", answer).passed, answer
    assert not check("nb08.weakest", "Compétences").passed
    assert not check("nb08.weakest", "sécurité des données").passed


def test_best_month_and_hourly_pay_accept_french_answers(french: None) -> None:
    from atelier.ownshop import analysis, lesson
    from atelier.selfcheck import check

    shop = lesson.open_shop([])
    table = analysis.revenue_by_month(shop.orders)
    best = table.loc[table["takings"].idxmax(), "month"]
    year, month = (int(part) for part in str(best).split("-"))
    spelt = format_date(date(year, month, 1), "MMMM y", locale="fr_FR")  # "janvier 2026"
    for answer in (spelt, spelt.capitalize(), str(best), f"{month:02d}/{year}", f"« {spelt} »"):
        assert check("nb09.best_month", answer).passed, answer
    wrong_month = 1 + month % 12
    assert not check("nb09.best_month", format_date(date(year, wrong_month, 1), "MMMM y", locale="fr_FR")).passed
    shop.margins(assigned(FR / "09_votre_boutique.ipynb")["mes_couts"], hourly_rate=15)
    pay = Decimal(str(lesson.last("margins").iloc[0]["hourly_wage"])).quantize(Decimal("0.01"))
    for answer in (format_money(pay, "EUR"), plain(format_money(pay, "EUR")), format_number(pay), str(pay)):
        assert check("nb09.hourly_pay", answer).passed, answer
    assert not check("nb09.hourly_pay", format_money(pay * 2, "EUR")).passed


# ---------------------------------------------------------------- the app reads numbers typed the French way

def test_the_app_reads_french_typed_numbers_and_explains_a_word(french: None) -> None:
    from atelier.ownshop.app import YourShopApp

    app = YourShopApp()
    assert app.sample.options[1][1] == "fr_all"  # the French maker's sample first in French
    app.sample.value = "fr_all"
    product = next(iter(app.cost_boxes))
    materials, hours = app.cost_boxes[product]
    app.hourly_rate.value, materials.value, hours.value = "12,50 €", "3,20", "0,75"
    app.weight.value, app.size.value = "1 250", "22,5 × 18 × 12"
    assert app.status.value == ""
    table = app.margins_table()
    cost = (Decimal("3.20") + Decimal("0.75") * Decimal("12.50")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert table is not None and Decimal(str(table.iloc[0]["unit_cost"])) == cost
    assert plain(format_money(cost, "EUR")) in plain(app.margins.value)
    shown = app.margins.value
    hours.value = "trois quarts"
    assert "artisanat-warning" in app.status.value and "trois quarts" in app.status.value
    assert app.margins.value == shown  # the last valid table stays, marked as such by the warning


# ---------------------------------------------------------------- the app in French, in a real browser

APP_FR = FR / "simulateurs" / "votre_boutique.ipynb"
KERNEL_TIMEOUT_MS = 90_000
UI_TIMEOUT_MS = 30_000
FRENCH_MONEY = re.compile(r"\d,\d\d[\u00a0\u202f ]€|\d[\u00a0\u202f ]€")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from bs.browser_or_skip()


@pytest.fixture(scope="module")
def voila_fr(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bs.Server]:
    folder = tmp_path_factory.mktemp("votre-boutique")
    shutil.copy(APP_FR, folder / APP_FR.name)
    server = bs.voila_server(folder, tmp_path_factory.mktemp("voila-fr-scratch"))
    server.env["ARTISANAT_LANG"] = "fr"  # as the kernelspec artisanat-fr sets it
    with bs.running(server, "/") as running:
        yield running


def pick_file(page: Page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator("button.widget-upload, .widget-upload").first.click()
    chooser.value.set_files(str(path))


def type_in(box: Locator, text: str) -> None:
    """Type into a box as a learner does: select what is there, type, press Enter."""
    box.click()
    box.press("Control+a")
    box.type(text, delay=30)
    box.press("Enter")


def test_your_shop_app_in_french_in_voila(browser: Browser, voila_fr: bs.Server) -> None:
    context = browser.new_context(viewport=bs.VIEWPORT)
    context.set_default_timeout(UI_TIMEOUT_MS)
    bs.offline_but_localhost(context)
    try:
        page = context.new_page()
        page.goto(voila_fr.url(f"/voila/render/{APP_FR.name}"), wait_until="domcontentloaded")
        select = page.locator("select").first
        select.wait_for(timeout=KERNEL_TIMEOUT_MS)
        # the French maker's sample comes first in the French menu, and its figures are written the French way
        select.select_option(index=1)
        findings = page.locator(".artisanat-findings").first
        findings.wait_for()
        assert FRENCH_MONEY.search(findings.inner_text())
        page.get_by_text("Théière, grès émaillé", exact=True).first.wait_for()  # a cost row per French product
        # costs typed the French way in a product's boxes
        row = page.locator(".widget-hbox").filter(has=page.get_by_text("Tasse, émail bleu", exact=True)).last
        assert row.locator("input").count() == 2
        materials, hours = row.locator("input").nth(0), row.locator("input").nth(1)
        type_in(materials, "3,20")
        type_in(hours, "0,75")
        page.locator("td", has_text="Tasse, émail bleu").first.wait_for()
        set_language("fr")
        try:
            expected_cost = plain(format_money((Decimal("3.20") + Decimal("0.75") * Decimal("15")).quantize(
                Decimal("0.01"), ROUND_HALF_UP), "EUR"))
        finally:
            set_language("en")
        page.wait_for_function(
            "cost => [...document.querySelectorAll('td')].some(td => td.innerText.replace(/[\\u00a0\\u202f]/g, ' ')"
            " === cost)", arg=expected_cost)
        # a French Excel re-save (semicolons, decimal commas, cp1252) through the file picker
        upload = EXPORTS / "sumup_sales__fr_excel.csv"
        pick_file(page, upload)
        page.get_by_text(upload.name).first.wait_for()
        page.wait_for_function("() => document.querySelector('.artisanat-findings').innerText.includes('100')")
        assert FRENCH_MONEY.search(findings.inner_text())
        assert page.locator(".artisanat-warning").count() == 0
        assert page.locator(bs.WIDGET_ERROR).count() == 0
    finally:
        context.close()
