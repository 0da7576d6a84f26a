"""Shared test set-up: the repository root, and helpers to pin the reference values a hand-worked example uses.

A test that pins reference values (it calls `pin(...)`, or is marked `arithmetic`) is a hand-worked example for
developers: when a table is updated it fails with "redo the arithmetic". `python3 course.py refresh`, the path a
programme manager follows after editing a table, runs the course's content checks with `-m "not arithmetic"`.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "arithmetic: a hand-worked example that pins reference values (developer suite: when a table "
                   "changes, redo the arithmetic in its comment); `course.py refresh` leaves it out")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that pins a reference value is a hand-worked example: mark it `arithmetic`."""
    for item in items:
        function = getattr(item, "function", None)
        if function is None or item.get_closest_marker("arithmetic"):
            continue
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        if "pin(" in source:
            item.add_marker(pytest.mark.arithmetic)


@pytest.fixture
def french() -> Iterator[None]:
    """The course in French for one test (messages, money, numbers, reference names), then English again (the
    language every other test expects)."""
    from atelier.i18n import set_language

    set_language("fr")
    try:
        yield
    finally:
        set_language("en")


@pytest.fixture
def english() -> Iterator[None]:
    """The course in English for one test, whatever an earlier test left."""
    from atelier.i18n import set_language

    set_language("en")
    yield
