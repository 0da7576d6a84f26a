"""The reference tables (fees, postage, tax rules, benchmarks): loaded from `datasets/reference/`, validated.

Every number the course computes with comes from these CSV files; each row carries its source, the date it is
valid from and a confidence. The tables are validated against `datasets/reference/datapackage.json` with
frictionless the first time their content is seen; a fingerprint of a validated content is kept in the user's
cache so that later loads of the same files skip the (slow to start) validator. Edit a file and it is validated
again on the next load.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from atelier.errors import CourseInputError
from atelier.i18n import _, language, ngettext

ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = ROOT / "datasets"


def reference_dir() -> Path:
    """`datasets/reference`, or the folder named by ARTISANAT_REFERENCE_DIR (a trainer's updated copy)."""
    return _folder(os.environ.get("ARTISANAT_REFERENCE_DIR", ""))


@functools.cache
def _folder(override: str) -> Path:
    return Path(override) if override else DATASETS_DIR / "reference"


class ReferenceTableError(CourseInputError):
    """A reference table breaks its schema; the message names the file, the row and the column."""


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += _(", row {row}").format(row=self.row)
        if self.column:
            where += _(", column “{column}”").format(column=self.column)
        return f"{where}: {self.message}"


def _descriptor(folder: Path) -> dict[str, Any]:
    """The data package's description, or a ReferenceTableError saying in one sentence what is wrong with it."""
    path = folder / "datapackage.json"
    if not path.is_file():
        raise ReferenceTableError(_(
            "The file datapackage.json is missing from {folder}: it describes the reference tables. Copy it back "
            "from the course's datasets/reference folder.").format(folder=folder))
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise ReferenceTableError(_(
            "The file {path} is not saved as UTF-8 text: copy it back from the course's datasets/reference "
            "folder.").format(path=path)) from None
    except json.JSONDecodeError as error:
        raise ReferenceTableError(_(
            "The file {path} is damaged at line {line}, column {column} ({reason}): copy it back from the "
            "course's datasets/reference folder, or undo the last edit.").format(
            path=path, line=error.lineno, column=error.colno, reason=error.msg)) from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not all(
            isinstance(r, dict) and {"name", "path", "schema"} <= set(r) for r in resources):
        raise ReferenceTableError(_(
            "The file {path} does not describe the tables (each one needs a name, a path and a schema): copy it "
            "back from the course's datasets/reference folder.").format(path=path))
    return descriptor


def _header(path: Path) -> list[str] | None:
    """The column names on the first line of a CSV file (a UTF-8 BOM, as Excel writes it, is ignored)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), None)


def _layout_problems(folder: Path, descriptor: dict[str, Any]) -> list[Problem]:
    """Problems frictionless reports badly: a missing file, a wrong first line, a table with no rows."""
    problems = []
    for resource in descriptor["resources"]:
        path = folder / resource["path"]
        name = Path(resource["path"]).name
        expected = [field["name"] for field in resource["schema"].get("fields", [])]
        if not path.is_file():
            problems.append(Problem(name, None, None, _("the file is missing")))
            continue
        try:
            header = _header(path)
            with open(path, encoding="utf-8-sig", newline="") as handle:
                data_rows = sum(1 for row in csv.reader(handle) if any(cell.strip() for cell in row)) - 1
        except UnicodeDecodeError:
            problems.append(Problem(name, None, None, _(
                "the file is not saved as UTF-8 text; in Excel, save it as “CSV UTF-8 (comma delimited)”")))
            continue
        if header is None:
            problems.append(Problem(name, None, None, _("the file is empty")))
            continue
        if len(header) == 1 and ";" in header[0]:
            problems.append(Problem(name, 1, None, _(
                "the values are separated by semicolons; save the file as “CSV UTF-8 (comma delimited)”, with a "
                "point as the decimal separator")))
            continue
        if header != expected:
            missing = [column for column in expected if column not in header]
            extra = [column for column in header if column not in expected]
            if missing:
                reason = ngettext("the column {columns} is missing", "the columns {columns} are missing",
                                  len(missing)).format(columns=", ".join(f"“{c}”" for c in missing))
            elif extra:
                reason = ngettext("the column {columns} is not one the course knows",
                                  "the columns {columns} are not ones the course knows",
                                  len(extra)).format(columns=", ".join(f"“{c}”" for c in extra))
            else:
                reason = _("the columns are in another order")
            problems.append(Problem(name, 1, None, _("{reason}; the first line must be: {header}").format(
                reason=reason, header=",".join(expected))))
            continue
        if data_rows < 1:
            problems.append(Problem(name, None, None, _(
                "the table has its column names but no rows; put its rows back (every fee and rate comes from "
                "them)")))
    return problems


def _fingerprint(folder: Path, descriptor: dict[str, Any]) -> str:
    digest = hashlib.sha256((folder / "datapackage.json").read_bytes())
    for resource in descriptor["resources"]:
        path = folder / resource["path"]
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "artisanat" / "validated-reference.txt"


def validate_folder(folder: Path) -> list[Problem]:
    """Every problem frictionless finds in the data package of `folder` (empty list: valid)."""
    import frictionless  # slow to import (about 1 s): only when a content has not been validated yet

    try:
        layout = _layout_problems(folder, _descriptor(folder))
    except ReferenceTableError as error:
        return [Problem("datapackage.json", None, None, str(error))]
    if layout:
        return layout  # frictionless would report each of these as one problem per row, blaming other columns
    try:
        report = frictionless.Package(str(folder / "datapackage.json")).validate()
    except frictionless.FrictionlessException as error:
        reasons = "; ".join(str(reason.message) for reason in getattr(error, "reasons", [])) or str(error)
        return [Problem("datapackage.json", None, None, reasons)]
    problems = [Problem("datapackage.json", None, None, error.message) for error in report.errors]
    for task in report.tasks:
        for error in task.errors:
            problems.append(Problem(
                Path(task.place).name,
                getattr(error, "row_number", None),
                getattr(error, "field_name", None),
                error.message,
            ))
    return problems


@functools.cache
def _validated(folder: Path) -> dict[str, Any]:
    descriptor = _descriptor(folder)
    fingerprint = _fingerprint(folder, descriptor)
    cache = _cache_file()
    known = cache.read_text().split() if cache.exists() else []
    if fingerprint not in known:
        problems = validate_folder(folder)
        if problems:
            listing = "\n".join(f"- {problem}" for problem in problems[:20])
            raise ReferenceTableError(
                _("The reference tables in {folder} have {count} problem(s); fix these cells:\n{listing}").format(
                    folder=folder, count=len(problems), listing=listing))
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text("\n".join([*known[-50:], fingerprint]) + "\n")
        except OSError:
            pass  # a read-only home only costs the validation time next time
    return descriptor


def _cast(value: str, field: dict[str, Any]) -> Any:
    if value == "":
        return None
    kind = field.get("type", "string")
    if kind == "number":
        return Decimal(value)
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return value in field.get("trueValues", ["true"])
    if kind == "date":
        return date.fromisoformat(value)
    return value


@functools.cache
def _rows(folder: Path, name: str) -> tuple[dict[str, Any], ...]:
    descriptor = _validated(folder)
    resource = next((r for r in descriptor["resources"] if r["name"] == name), None)
    if resource is None:
        raise ReferenceTableError(_("There is no reference table called “{name}”.").format(name=name))
    fields = {field["name"]: field for field in resource["schema"]["fields"]}
    with open(folder / resource["path"], encoding="utf-8-sig", newline="") as handle:
        return tuple({key: _cast(value, fields[key]) for key, value in row.items()} for row in csv.DictReader(handle))


# the languages whose text a table may carry in a twin column: `name_fr` beside `name`
TRANSLATED_LANGUAGES = ("fr",)


def _is_translation(column: str, columns: dict[str, Any]) -> bool:
    base, _sep, suffix = column.rpartition("_")
    return suffix in TRANSLATED_LANGUAGES and base in columns


@functools.cache
def _rows_in(folder: Path, name: str, lang: str) -> tuple[dict[str, Any], ...]:
    """The rows with each text column in `lang` where its twin (`name_fr` for `name`) has a text."""
    shown = []
    for row in _rows(folder, name):
        in_lang = dict(row)
        for key in row:
            if not _is_translation(key, row) and row.get(f"{key}_{lang}"):
                in_lang[key] = row[f"{key}_{lang}"]
        shown.append(in_lang)
    return tuple(shown)


def rows(name: str, lang: str | None = None) -> tuple[dict[str, Any], ...]:
    """The typed rows of one reference table (numbers as exact Decimals, dates as dates).

    Text columns are in the course's language (`atelier.i18n.language()`, or `lang`): a column `name_fr` holds the
    French of `name`, so in French `row["name"]` is that French text (the English one when the cell is empty). The
    `_fr` columns stay in the rows as written; English rows are the table as written.
    """
    return _rows_in(reference_dir(), name, lang or language())


def text_in(name: str, key: str, value: Any, column: str, lang: str | None = None) -> str:
    """One text cell in a language: `text_in("channels", "channel_id", "etsy_fr", "name", "fr")`."""
    for row in rows(name, lang):
        if row.get(key) == value:
            return str(row[column])
    raise ReferenceTableError(_("No row of “{name}” matches {match}.").format(name=name, match={key: value}))


def table(name: str) -> pd.DataFrame:
    """One reference table as a DataFrame, to look at in a notebook (its text in the course's language)."""
    shown = rows(name)
    frame = pd.DataFrame([{key: value for key, value in row.items() if not _is_translation(key, row)} for row in shown])
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, Decimal)).any():
            frame[column] = frame[column].map(lambda v: float(v) if v is not None else None)
    return frame


@functools.cache
def _valid_as_of(folder: Path, name: str) -> date:
    return max(row["valid_from"] for row in _rows(folder, name))


def valid_as_of(name: str) -> date:
    """The newest `valid_from` in a table: the date its figures are valid as of."""
    return _valid_as_of(reference_dir(), name)


@functools.cache
def _checked_on(folder: Path, name: str) -> date:
    return min(row["checked_on"] for row in _rows(folder, name))


def checked_on(name: str) -> date:
    """The oldest `checked_on` in a table: the date its least recently checked row was compared with its source."""
    return _checked_on(reference_dir(), name)


def source_of(name: str, **match: Any) -> str:
    """The source of the row of `name` whose columns equal `match` (for a caption under a figure)."""
    for row in rows(name):
        if all(row.get(key) == value for key, value in match.items()):
            return str(row["source"])
    raise ReferenceTableError(_("No row of “{name}” matches {match}.").format(name=name, match=match))


@functools.cache
def _index(folder: Path, name: str, key: str, lang: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in _rows_in(folder, name, lang)}


def lookup(name: str, key: str, value: Any) -> dict[str, Any] | None:
    """The row of table `name` whose column `key` equals `value` (None if there is none), in the course's language."""
    return _index(reference_dir(), name, key, language()).get(value)


def rule(rule_id: str) -> Decimal:
    """A tax rule's value (`tax_rules.csv`), e.g. rule("uk_vat_standard_rate") == 20."""
    row = lookup("tax_rules", "rule_id", rule_id)
    if row is not None:
        return row["value"]
    raise ReferenceTableError(_("The tax rule “{rule}” is missing from tax_rules.csv.").format(rule=rule_id))


def default(parameter: str) -> Decimal:
    """A course default (`course_defaults.csv`), e.g. default("orders_per_month")."""
    row = lookup("course_defaults", "parameter", parameter)
    if row is not None:
        return row["value"]
    raise ReferenceTableError(
        _("The course default “{parameter}” is missing from course_defaults.csv.").format(parameter=parameter))


def benchmark_row(metric_id: str) -> dict[str, Any]:
    """One row of `market_benchmarks.csv` (value, unit, description, source, valid_from, confidence…)."""
    row = lookup("market_benchmarks", "metric_id", metric_id)
    if row is None:
        raise ReferenceTableError(_("The benchmark “{metric}” is missing from market_benchmarks.csv.").format(
            metric=metric_id))
    return row


def benchmark(metric_id: str) -> Decimal:
    """A benchmark figure (`market_benchmarks.csv`)."""
    return benchmark_row(metric_id)["value"]


def exchange_rate(from_currency: str, to_currency: str) -> Decimal:
    if from_currency == to_currency:
        return Decimal(1)
    for row in rows("exchange_rates"):
        if row["from_currency"] == from_currency and row["to_currency"] == to_currency:
            return row["rate"]
    raise ReferenceTableError(_("exchange_rates.csv has no rate from {a} to {b}.").format(
        a=from_currency, b=to_currency))
