"""Shared test set-up: the repository root, and helpers to pin the reference values a hand-worked example uses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from atelier import reference

ROOT = Path(__file__).resolve().parent.parent


def pin(table: str, column: str, expected: str, **match: object) -> None:
    """Fail with a clear message when a reference value a hand-worked example relies on has been updated."""
    found = [row for row in reference.rows(table) if all(row[k] == v for k, v in match.items())]
    assert found, f"{table}.csv has no row {match}"
    value = found[0][column]
    assert value == Decimal(expected), (
        f"This hand-worked example assumes {table}.csv {match} has {column} = {expected}, but the table now says "
        f"{value}. The table was updated: redo the arithmetic in the comment and update the expected figures."
    )


@pytest.fixture
def root() -> Path:
    return ROOT
