"""The message catalogue: complete, and a translation changes what learners read without changing code."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from atelier import channels, entry, i18n, pricing, reference, shipping
from atelier.errors import CourseInputError
from atelier.money import Money

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "atelier" / "locale" / "atelier.pot"
REFERENCE = ROOT / "datasets" / "reference"
EXTRACT = [sys.executable, "-m", "babel.messages.frontend", "extract", "--no-location", "--omit-header",
           "--sort-output", "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "--ignore-dirs", "locale", "-o"]


def extract(out: Path) -> set[str]:
    subprocess.run([*EXTRACT, str(out), str(ROOT / "atelier")], check=True, capture_output=True)
    with open(out, "rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def test_the_catalogue_template_is_up_to_date(tmp_path: Path) -> None:
    fresh = extract(tmp_path / "fresh.pot")
    with open(TEMPLATE, "rb") as handle:
        committed = {str(message.id) for message in read_po(handle) if message.id}
    missing, stale = fresh - committed, committed - fresh
    assert not missing and not stale, (
        f"atelier/locale/atelier.pot is out of date ({len(missing)} new, {len(stale)} gone messages). "
        "Regenerate it with: .venv/bin/pybabel extract --no-location --omit-header --sort-output "
        "-k _ -k N_ -k ngettext:1,2 --ignore-dirs locale -o atelier/locale/atelier.pot atelier")
    assert len(committed) > 50


@pytest.fixture
def pseudo_language(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A made-up language 'xx' where every message is wrapped in «…», compiled with Babel."""
    with open(TEMPLATE, "rb") as handle:
        catalog = read_po(handle, locale="fr")
    for message in catalog:
        if message.id and isinstance(message.id, str):
            message.string = f"«{message.id}»"
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "atelier.mo", "wb") as handle:
        write_mo(handle, catalog)
    i18n.set_language("xx", tmp_path)
    yield
    i18n.set_language("en")


def test_a_translation_changes_messages_without_code_changes(pseudo_language: None) -> None:
    with pytest.raises(CourseInputError) as info:
        pricing.fees("etsy_uk", -5)
    assert str(info.value).startswith("«")
    assert "«Total fees»" in str(pricing.fees("etsy_uk", 28))


def test_english_is_the_default() -> None:
    assert i18n.language() == "en"
    assert i18n.format_money(26, "GBP") == "£26.00"
    assert i18n.format_money(9.4, "EUR") == "€9.40"


# --- the French catalogue (atelier/locale/fr) ---------------------------------------------------------------------

FRENCH_PO = ROOT / "atelier" / "locale" / "fr" / "LC_MESSAGES" / "atelier.po"
FRENCH_MO = FRENCH_PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
UPDATE_HINT = (
    "Update the French catalogue (see atelier/locale/fr/README.md): .venv/bin/pybabel update -i "
    "atelier/locale/atelier.pot -d atelier/locale -D atelier -l fr -w 120 --ignore-obsolete, write every empty or "
    "fuzzy message in atelier/locale/fr/LC_MESSAGES/atelier.po, then .venv/bin/pybabel compile -d atelier/locale "
    "-D atelier -l fr")


def read_catalogue(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def test_the_french_catalogue_translates_every_message_of_the_template() -> None:
    template = read_catalogue(TEMPLATE)
    french_catalogue = read_catalogue(FRENCH_PO, "fr")
    problems = []
    for message in template:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        found = french_catalogue.get(key)
        strings = () if found is None else (found.string if isinstance(found.string, tuple) else (found.string,))
        if found is None:
            problems.append(f"missing: {key!r}")
        elif found.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        elif not strings or not all(strings):
            problems.append(f"untranslated: {key!r}")
    listing = "\n".join(problems[:40])
    assert not problems, f"{len(problems)} French message(s) to write:\n{listing}\n{UPDATE_HINT}"


def test_french_plural_forms_are_those_of_french() -> None:
    catalogue = read_catalogue(FRENCH_PO, "fr")
    assert catalogue.num_plurals == 2 and catalogue.plural_expr == "(n > 1)"
    plurals = [m for m in catalogue if m.id and isinstance(m.id, tuple)]
    assert plurals and all(isinstance(m.string, tuple) and len(m.string) == 2 for m in plurals)


def test_every_french_message_keeps_the_placeholders_of_its_msgid() -> None:
    wrong = []
    for message in read_catalogue(FRENCH_PO, "fr"):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, text in enumerate(strings):
            source = ids[min(index, len(ids) - 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                wrong.append(f"{source!r} → {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_french_catalogue_compiles_without_a_checker_error() -> None:
    """`pybabel compile` runs these checks (python-format placeholders among them) and fails on any error."""
    errors = [(message.id, [str(e) for e in found]) for message, found in read_catalogue(FRENCH_PO, "fr").check()]
    assert not errors


def test_the_committed_mo_is_a_fresh_compile_of_the_po() -> None:
    fresh = io.BytesIO()
    write_mo(fresh, read_catalogue(FRENCH_PO, "fr"))
    assert FRENCH_MO.read_bytes() == fresh.getvalue(), (
        "atelier.mo is older than atelier.po: run .venv/bin/pybabel compile -d atelier/locale -D atelier -l fr")


def test_the_french_messages_keep_french_typography() -> None:
    """No English quotes around words, a space before the French colon, a no-break space before a percent."""
    bad = []
    for message in read_catalogue(FRENCH_PO, "fr"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if not text or not message.id:
                continue
            if "“" in text or "”" in text or re.search(r"\d %", text) or re.search(r"[^\s\d\\/(:\"]: ", text):
                bad.append(text)
    assert not bad, "\n".join(bad[:20])


def test_an_error_reads_in_french_with_french_money(french: None) -> None:
    cost = pricing.unit_cost(materials="3,20", making_time_h="0,5", hourly_rate=12, currency="EUR")
    with pytest.raises(CourseInputError) as info:
        pricing.price_for_margin(cost, "etsy_fr", 99, "fr_micro_franchise")
    assert str(info.value).startswith("Aucun prix jusqu'à 10\u202f000,00\xa0€ n'atteint une marge de 99\xa0%")
    with pytest.raises(CourseInputError) as info:
        pricing.fees("etsy_fr", -5)
    assert str(info.value) == "Le prix ne peut pas être négatif ; vous avez donné -5."


def test_a_sale_reads_in_french(french: None) -> None:
    cost = pricing.unit_cost(materials="3,20", making_time_h="0,5", hourly_rate=12, currency="EUR")
    text = str(pricing.sell(cost, "etsy_fr", "12,50", "fr_micro_franchise"))
    assert text.startswith("Une vente à 12,50\xa0€ sur ")
    assert "Cotisations sociales" in text and "Ce que vous gagnez par heure de fabrication" in text
    assert "Frais et tarifs valables au" in text
    fees = str(pricing.fees("etsy_fr", Decimal("12.50")))
    assert "Total des frais" in fees and "2,05\xa0€" in fees


def test_typed_answers_are_explained_in_french(french: None) -> None:
    problem = entry.read_number("douze", "EUR").problem
    # the example is the money form the course itself writes (Babel's no-break space before €)
    assert " ".join(problem.split()) == "« douze » n'est pas un nombre. Tapez un nombre, comme 2,50 €."
    assert entry.read_number("12,50 €", "EUR").number == Decimal("12.50")
    assert "une espace à l'intérieur du nombre" in entry.read_number("12 50", "EUR").problem
    with pytest.raises(CourseInputError, match=r"^Opération impossible \(addition\) entre GBP et EUR"):
        Money.of(12.5, "EUR") + Money.of(1, "GBP")


def test_french_plurals_follow_the_count(french: None) -> None:
    assert i18n.ngettext("{days} day", "{days} days", 1).format(days=1) == "1 jour"
    assert i18n.ngettext("{days} day", "{days} days", 0).format(days=0) == "0 jour"
    assert i18n.ngettext("{days} day", "{days} days", 2).format(days=2) == "2 jours"


def test_setting_english_again_restores_english() -> None:
    i18n.set_language("fr")
    try:
        assert i18n._("Total fees") == "Total des frais"
    finally:
        i18n.set_language("en")
    assert i18n._("Total fees") == "Total fees"
    assert i18n.format_money(12.5, "EUR") == "€12.50"


# --- the French text of the reference tables (columns `name_fr`, `label_fr`, … beside the English ones) -------------

def translation_columns() -> list[tuple[str, str, str]]:
    """(table, English column, French column) for every `_fr` column the data package declares."""
    descriptor = json.loads((REFERENCE / "datapackage.json").read_text(encoding="utf-8"))
    found = []
    for resource in descriptor["resources"]:
        names = [field["name"] for field in resource["schema"]["fields"]]
        found += [(resource["name"], name[:-3], name) for name in names if name.endswith("_fr") and name[:-3] in names]
    return found


def test_the_texts_learners_read_have_their_french_in_the_tables() -> None:
    columns = translation_columns()
    tables = {table for table, _english, _french in columns}
    assert {"channels", "channel_fees", "parcel_services", "packaging", "destinations", "breakage_scenarios",
            "digital_tools", "diagnostic_questions", "market_benchmarks", "tax_rules", "course_defaults"} <= tables
    descriptor = json.loads((REFERENCE / "datapackage.json").read_text(encoding="utf-8"))
    paths = {resource["name"]: REFERENCE / resource["path"] for resource in descriptor["resources"]}
    empty = []
    for table, english, french in columns:
        with open(paths[table], encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                if row[english] and not row[french].strip():
                    empty.append(f"{paths[table].name} line {number}: no French in {french} for {row[english]!r}")
    assert not empty, "\n".join(empty)


def test_english_rows_are_the_tables_as_written() -> None:
    with open(REFERENCE / "channels.csv", encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    shown = reference.rows("channels", "en")
    assert [row["name"] for row in shown] == [row["name"] for row in written]
    assert [row["name_fr"] for row in shown] == [row["name_fr"] for row in written]  # the French, as written
    assert list(reference.table("channels").columns) == [c for c in written[0] if not c.endswith("_fr")]


def test_reference_names_follow_the_language(french: None) -> None:
    assert channels.get_channel("etsy_fr").name == "Etsy (vendeur en France)"
    assert pricing.fees("etsy_fr", 12).lines[0].label == "Frais de mise en vente (renouvelés après chaque vente)"
    assert shipping.destinations("FR")["DE"] == "Allemagne"
    assert shipping.get_packaging("fr_padded_mailer").name == "Enveloppe matelassée"
    colissimo = shipping.services("FR")["colissimo_home"]
    assert colissimo.name == "Colissimo France — livraison à domicile" and colissimo.carrier == "La Poste Colissimo"
    assert reference.lookup("breakage_scenarios", "scenario_id", "high")["label"].startswith("Élevé")  # type: ignore[index]
    assert reference.text_in("diagnostic_questions", "question_id", "rel_reviews", "answer_0") == "Jamais"
    i18n.set_language("en")
    assert channels.get_channel("etsy_fr").name == "Etsy (French seller)"
    assert shipping.destinations("FR")["DE"] == "Germany"
    assert pricing.fees("etsy_fr", 12).lines[0].label == "Listing fee (renewed after each sale)"


def test_carriers_and_platforms_keep_their_names(french: None) -> None:
    for service in shipping.services().values():
        assert service.name.split(" ")[0] in {"Royal", "Parcelforce", "Evri", "Colissimo", "Mondial"}
    for channel in channels.all_channels().values():
        brands = ("Etsy", "Folksy", "Amazon", "Shopify", "Stripe", "PayPal", "SumUp", "Square", "Vente directe")
        assert any(brand in channel.name for brand in brands), channel.name


def test_a_french_table_with_an_empty_french_cell_shows_the_english(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A trainer who adds a row and leaves `name_fr` empty still sees a name (the English one), not a blank."""
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    path = folder / "packaging.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    column = table[0].index("name_fr")
    table[1][column] = ""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    monkeypatch.setenv("ARTISANAT_REFERENCE_DIR", str(folder))
    assert reference.rows("packaging", "fr")[0]["name"] == table[1][table[0].index("name")]
    assert reference.rows("packaging", "fr")[1]["name"] == table[2][column]
