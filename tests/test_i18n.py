"""The message catalogue: complete, and a translation changes what learners read without changing code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from atelier import i18n, pricing
from atelier.errors import CourseInputError

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "atelier" / "locale" / "atelier.pot"
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
