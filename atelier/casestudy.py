"""The case studies' data as typed DataFrames, read from `datasets/` as `datasets/datapackage.json` describes it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pandas as pd

from atelier.errors import one_of
from atelier.i18n import _, language
from atelier.reference import DATASETS_DIR, TRANSLATED_LANGUAGES

CASES = ("brighton_kiln", "fabric_store", "upholsterer")
PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "str"}


@functools.cache
def _descriptor(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def resources(case: str) -> list[str]:
    """The tables of one case (e.g. resources("brighton_kiln") → ["products", "orders", …])."""
    one_of(case, CASES, _("case study"))
    prefix = f"{case}_"
    return [r["name"][len(prefix):] for r in _descriptor(DATASETS_DIR)["resources"] if r["name"].startswith(prefix)]


@functools.cache
def _load(case: str, name: str) -> pd.DataFrame:
    resource = next(r for r in _descriptor(DATASETS_DIR)["resources"] if r["name"] == f"{case}_{name}")
    fields = resource["schema"]["fields"]
    dtypes = {f["name"]: PANDAS_TYPES[f["type"]] for f in fields if f["type"] in PANDAS_TYPES}
    dates = [f["name"] for f in fields if f["type"] in {"date", "datetime"}]
    frame = pd.read_csv(DATASETS_DIR / resource["path"], dtype=dtypes, parse_dates=dates,
                        true_values=["true"], false_values=["false"])
    return frame


def twin_columns(columns: object) -> dict[str, str]:
    """The columns that hold another language's text of a column beside them: {"text_fr": "text"}."""
    names = [str(column) for column in columns]  # type: ignore[attr-defined]
    found = {}
    for column in names:
        base, _sep, suffix = column.rpartition("_")
        if suffix in TRANSLATED_LANGUAGES and base in names:
            found[column] = base
    return found


def in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table as a learner of `lang` reads it: `text` holds the French of `text_fr` in French (the English where
    that cell is empty), and the `_fr` columns are left out, so that both editions see the same columns."""
    shown = frame.copy()
    for twin, base in twin_columns(frame.columns).items():
        if twin.endswith(f"_{lang}"):
            other = shown[twin].astype("str").where(shown[twin].notna(), "")
            shown[base] = other.where(other.str.strip() != "", shown[base])
    return shown.drop(columns=list(twin_columns(frame.columns)))


def load(case: str, name: str, lang: str | None = None) -> pd.DataFrame:
    """One table of a case study, typed (dates as dates, booleans as booleans), its texts in the course's language
    (`atelier.i18n.language()`, or `lang`); a copy you may change freely."""
    one_of(name, resources(case), _("table of this case study"))
    return in_language(_load(case, name), lang or language())
