"""The case studies' data as typed DataFrames, read from `datasets/` as `datasets/datapackage.json` describes it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pandas as pd

from atelier.errors import one_of
from atelier.i18n import _
from atelier.reference import DATASETS_DIR

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


def load(case: str, name: str) -> pd.DataFrame:
    """One table of a case study, typed (dates as dates, booleans as booleans); a copy you may change freely."""
    one_of(name, resources(case), _("table of this case study"))
    return _load(case, name).copy()
