"""The reference tables: every row sourced and dated, validated on load with a message naming file, row, column."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from atelier import reference
from atelier.reference import ReferenceTableError

REFERENCE = Path(reference.DATASETS_DIR) / "reference"


def descriptor() -> dict:
    return json.loads((REFERENCE / "datapackage.json").read_text(encoding="utf-8"))


def resource_names() -> list[str]:
    return [resource["name"] for resource in descriptor()["resources"]]


def test_the_reference_package_is_valid() -> None:
    assert reference.validate_folder(REFERENCE) == []


@pytest.mark.parametrize("name", resource_names())
def test_every_row_has_a_source_a_valid_from_date_and_a_confidence(name: str) -> None:
    rows = reference.rows(name)
    assert rows, f"{name} is empty"
    for number, row in enumerate(rows, start=2):
        assert row.get("source"), f"{name}.csv row {number} has no source"
        assert row.get("valid_from"), f"{name}.csv row {number} has no valid_from date"
        assert row.get("confidence") in {"H", "M", "L"}, f"{name}.csv row {number}: confidence must be H, M or L"


@pytest.mark.parametrize("name", resource_names())
def test_an_assumed_value_says_so(name: str) -> None:
    for number, row in enumerate(reference.rows(name), start=2):
        if "assumption" in str(row.get("source", "")).lower():
            assert row["confidence"] == "L", f"{name}.csv row {number}: an assumption must have confidence L"
            assert "assumption" in str(row.get("note") or "").lower(), (
                f"{name}.csv row {number}: say in `note` what is assumed and where to check it")


def test_every_channel_and_service_has_what_the_core_needs() -> None:
    fee_channels = {row["channel_id"] for row in reference.rows("channel_fees")}
    for row in reference.rows("channel_fees"):
        if row["fixed_amount"] is not None or row["min_amount"] is not None or row["max_amount"] is not None:
            assert row["currency"], f"channel_fees {row['channel_id']}/{row['fee_id']}: amounts need a currency"
    direct = {row["channel_id"] for row in reference.rows("channels") if row["kind"] == "direct"}
    assert {row["channel_id"] for row in reference.rows("channels")} - direct <= fee_channels
    for service in reference.rows("parcel_services"):
        bands = [r for r in reference.rows("parcel_rates") if r["service_id"] == service["service_id"]]
        assert bands, f"{service['service_id']} has no price in parcel_rates.csv"


def copy_reference(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    return folder


def edit_cell(folder: Path, file: str, row_index: int, column: str, value: str) -> None:
    path = folder / file
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row_index][column] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def load_from(folder: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> object:
    monkeypatch.setenv("ARTISANAT_REFERENCE_DIR", str(folder))
    return reference.rows(name)


def test_a_wrong_cell_is_named_by_file_row_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_reference(tmp_path)
    edit_cell(folder, "channel_fees.csv", 1, "rate_pct", "-6.5")  # the 2nd data row is on line 3
    with pytest.raises(ReferenceTableError) as info:
        load_from(folder, monkeypatch, "channel_fees")
    message = str(info.value)
    assert "channel_fees.csv, row 3, column “rate_pct”" in message
    assert "minimum" in message


def test_a_missing_source_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_reference(tmp_path)
    edit_cell(folder, "tax_rules.csv", 0, "source", "")
    with pytest.raises(ReferenceTableError, match=re.escape("tax_rules.csv, row 2, column “source”")):
        load_from(folder, monkeypatch, "tax_rules")


def test_a_missing_column_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_reference(tmp_path)
    path = folder / "packaging.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row[:-1] for row in csv.reader(handle)]  # drop the last column ("note")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(ReferenceTableError, match=re.escape("packaging.csv")) as info:
        load_from(folder, monkeypatch, "packaging")
    assert "note" in str(info.value)


def test_a_user_file_is_never_modified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_reference(tmp_path)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    load_from(folder, monkeypatch, "channels")
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_valid_as_of_is_the_newest_date() -> None:
    dates = [row["valid_from"] for row in reference.rows("parcel_rates")]
    assert reference.valid_as_of("parcel_rates") == max(dates)


@pytest.mark.parametrize("name", resource_names())
def test_every_row_says_when_it_was_last_checked(name: str) -> None:
    for number, row in enumerate(reference.rows(name), start=2):
        checked = row.get("checked_on")
        assert checked is not None, f"{name}.csv row {number} has no checked_on date"
        # a row cannot be checked before the course's research began, nor be checked in the future
        assert date(2026, 11, 1) <= checked <= date.today(), f"{name}.csv row {number}: checked_on {checked}"


def test_a_price_shows_checked_on_beside_valid_as_of() -> None:
    from atelier import pricing, shipping
    cost = pricing.unit_cost(materials=2, making_time_h="0.5", hourly_rate=15, currency="GBP")
    sale = pricing.sell(cost, "etsy_uk", 28, "uk_not_vat_registered")
    used = [*(row for row in reference.rows("channel_fees") if row["channel_id"] == "etsy_uk"),
            *(row for row in reference.rows("channels") if row["channel_id"] == "etsy_uk"),
            *(row for row in reference.rows("tax_rules") if row["region"] == "UK")]
    # "valid as of" stays the newest valid_from of the rows used; "checked on" is the oldest checked_on
    assert sale.valid_from == max(row["valid_from"] for row in used)
    assert sale.checked_on == min(row["checked_on"] for row in used)
    assert "checked against their sources on" in sale.footer() and "valid as of" in sale.footer()
    box = shipping.parcel(350, 12, 9, 10)
    first = shipping.quote(box, "UK", "GB")[0]
    assert first.checked_on is not None and first.checked_on <= first.service.checked_on


def test_an_excel_csv_utf8_file_with_a_bom_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Excel's "CSV UTF-8" starts the file with a byte-order mark; the first column must still be found
    folder = copy_reference(tmp_path)
    path = folder / "channels.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    rows = load_from(folder, monkeypatch, "channels")
    assert rows[0]["channel_id"] == "etsy_uk"  # type: ignore[index]


def test_a_table_with_its_header_only_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_reference(tmp_path)
    path = folder / "channel_fees.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(ReferenceTableError) as info:
        load_from(folder, monkeypatch, "channel_fees")
    message = str(info.value)
    assert "1 problem(s)" in message and "channel_fees.csv: the table has its column names but no rows" in message


@pytest.mark.parametrize("damage", ["missing", "truncated", "not a package"])
def test_a_damaged_or_missing_datapackage_is_one_clear_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    folder = copy_reference(tmp_path)
    path = folder / "datapackage.json"
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_text(path.read_text(encoding="utf-8")[:500], encoding="utf-8")
    else:
        path.write_text('["channels.csv"]', encoding="utf-8")
    with pytest.raises(ReferenceTableError) as info:
        load_from(folder, monkeypatch, "channels")
    message = str(info.value)
    assert "datapackage.json" in message and "\n" not in message
    assert {"missing": "is missing", "truncated": "is damaged at line", "not a package": "does not describe"}[
        damage] in message


def test_a_missing_column_is_one_problem_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_reference(tmp_path)
    path = folder / "channel_fees.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row[:4] + row[5:] for row in csv.reader(handle)]  # drop "rate_pct"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(ReferenceTableError) as info:
        load_from(folder, monkeypatch, "channel_fees")
    message = str(info.value)
    assert "1 problem(s)" in message
    assert "channel_fees.csv, row 1: the column “rate_pct” is missing; the first line must be: channel_id," in message


@pytest.mark.parametrize("excel", ["semicolons", "cp1252"])
def test_a_french_excel_save_is_one_clear_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   excel: str) -> None:
    folder = copy_reference(tmp_path)
    path = folder / "packaging.csv"
    text = path.read_text(encoding="utf-8")
    if excel == "semicolons":
        rows = list(csv.reader(text.splitlines()))
        path.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    else:
        path.write_bytes(text.replace("—", "-").encode("cp1252", errors="replace") + "é".encode("cp1252"))
    before = path.read_bytes()
    with pytest.raises(ReferenceTableError) as info:
        load_from(folder, monkeypatch, "packaging")
    message = str(info.value)
    assert "1 problem(s)" in message and "packaging.csv" in message
    assert ("semicolons" if excel == "semicolons" else "UTF-8") in message
    assert path.read_bytes() == before  # the file the user gave is never modified
