"""What the graded exercises share: finding the course's tables, and the checks' one way of comparing answers.

A learner's notebook imports the helpers it shows (`from atelier.exercises import look_up, read_case_table`); every
check cell imports this module under a private name (`from atelier import exercises as _ax`) so that nothing a
learner types (`amount = 3`, `pd = ...`) can change what a check does. The comparisons are fair to every correct
answer: a `Decimal`, a `Money`, a numpy number or `numpy.bool_` read from a table, a value rounded as the lesson
shows it (within half a unit of its last digit), a table filtered through its date index, a one-column table
where one column of figures was asked.
"""

from __future__ import annotations

import builtins
import math
import numbers
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

try:
    from atelier.i18n import N_, _
except ImportError:  # a release pack carries this module alone (see course.py release)

    def _(message: str) -> str:
        return message

    def N_(message: str) -> str:
        return message


DATASETS_ENV = "ARTISANAT_DATASETS"
# the date columns (and other types) of each case's tables, so that every notebook reads them the same way
DATES = {
    "brighton_kiln": {"orders": ["order_date"], "web_analytics": ["date"]},
    "fabric_store": {"instagram_posts": ["posted_at"], "orders": ["order_date"]},
    "upholsterer": {
        "quote_requests": ["request_date", "quote_sent_date"],
        "reviews": ["review_date"],
        "jobs": ["accepted_date", "start_date", "completed_date"],
    },
}
TYPES = {"upholsterer": {"quote_requests": {"accepted": "boolean"}}}


# the sentences a check stops with (their {fields} are filled in); feedback pages may show them (see is_check_sentence)
NOT_ANSWERED = N_("{name} is not answered yet: replace the ... with your answer, then run the cell.")
NO_COLUMN = N_("The table has no column {name}: start from the table of the task, without removing it.")
CANNOT_FIND = N_("I cannot find {name}{made_in}. {where}")
SHOULD_BE = N_("{name} should be {needed}; it is {found}. {where}")
NOT_MONEY = N_("{name} should be {needed}, not an amount of money; it is {found}. {where}")
OTHER_CURRENCY = N_(
    "{name} should be {needed}; it is an amount in {currency}. Work in {unit}, as the task says. {where}"
)
NOT_TEXT = N_("{name} should be {needed}, without quotes; it is {found}. {where}")
LACKS = N_("{name} should be {needed}; it lacks {missing}. {where}")
NOT_NUMBERS = N_("{name} should be {needed}; some of its values are not numbers. {where}")
SENTENCES = (NOT_ANSWERED, NO_COLUMN, CANNOT_FIND, SHOULD_BE, NOT_MONEY, OTHER_CURRENCY, NOT_TEXT, LACKS, NOT_NUMBERS)


# ------------------------------------------------------------------------------------------- the course's tables


def datasets_folder(start: Path | None = None) -> Path:
    """The course's datasets folder: from ARTISANAT_DATASETS, or the nearest `datasets` above the notebook."""
    if os.environ.get(DATASETS_ENV):
        return Path(os.environ[DATASETS_ENV])
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "datasets" / "reference").is_dir() or any((folder / "datasets" / case).is_dir() for case in DATES):
            return folder / "datasets"
    raise FileNotFoundError(
        _(
            "I cannot find the folder datasets. Keep this notebook inside the course folder "
            "(or inside the folder you unzipped), then run this cell again."
        )
    )


def reference_folder() -> Path:
    """The folder datasets/reference (the course's sourced tables)."""
    return datasets_folder() / "reference"


def read_case_table(case: str, name: str) -> pd.DataFrame:
    """One table of a case study (`brighton_kiln`, `fabric_store`, `upholsterer`), its dates read as dates and its
    text in the course's language (the French reviews in the French edition; the same columns in both)."""
    from atelier.casestudy import in_language
    from atelier.i18n import language

    frame = pd.read_csv(
        datasets_folder() / case / f"{name}.csv",
        parse_dates=DATES.get(case, {}).get(name, []),
        dtype=TYPES.get(case, {}).get(name),
    )
    return in_language(frame, language())


def read_reference(name: str) -> pd.DataFrame:
    """One of the course's reference tables, by its file name without .csv."""
    return pd.read_csv(reference_folder() / f"{name}.csv")


def look_up(metric_id: str) -> float:
    """One figure of the course's market table (reference/market_benchmarks.csv), found by its name."""
    figures = read_reference("market_benchmarks")
    rows = figures[figures["metric_id"] == metric_id]
    if rows.empty:
        raise KeyError(
            _("There is no figure called {name}: copy its name from the table, with the quotes.").format(
                name=repr(metric_id)
            )
        )
    return float(rows["value"].iloc[0])


# --------------------------------------------------------------------------------------------- reading answers


def number(value: object) -> float | None:
    """An answer as a plain number: int, float, Decimal, Money, a numpy number; None for text, True/False, tables."""
    if is_truth(value):
        return None
    amount = getattr(value, "amount", None)
    if isinstance(amount, Decimal) and not isinstance(value, Decimal):  # a Money
        value = amount
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return None
    if isinstance(value, (numbers.Real, Decimal)):
        result = float(value)
        return result if math.isfinite(result) else None
    # a 0-dimensional numpy array
    if getattr(value, "shape", None) == () and hasattr(value, "item"):
        return number(value.item())
    return None


def is_number(value: object) -> bool:
    """True for one number (not text, not a table, not True or False)."""
    return number(value) is not None


def whole_number(value: object) -> int | None:
    """A whole number given as a number or as its text ("2"); None otherwise."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    found = number(value)
    return int(found) if found is not None and float(found).is_integer() else None


def given(namespace: dict[str, Any], name: str) -> bool:
    """Whether the notebook has an answer called `name`; a `...` left in place says "not answered yet"."""
    if name not in namespace:
        return False
    if namespace[name] is Ellipsis:
        raise AssertionError(
            _(NOT_ANSWERED).format(name=name)
        )
    return True


def dimension_named(name: object) -> str | None:
    """The diagnostic's dimension whose name was typed (as in the table, e.g. "Skills"); None if there is none."""
    from atelier import diagnostic

    typed = str(name).strip().strip("\"'").strip().lower()
    for dimension in diagnostic.DIMENSIONS:
        if typed in {dimension, dimension.replace("_", " "), diagnostic.dimension_label(dimension).lower()}:
            return dimension
    return None


def is_truth(value: object) -> bool:
    """True for True or False, including numpy's (`numpy.bool_`, named `numpy.bool` since numpy 2)."""
    kind = type(value)
    return isinstance(value, bool) or (kind.__module__ == "numpy" and kind.__name__ in {"bool", "bool_"})


def letter(value: object) -> str:
    """A letter answer, as typed: `"b"`, `" B "`, `'"B"'` all read `B`."""
    return str(value).strip().strip("\"'").strip().upper()


def answered(value: object) -> bool:
    """False while the learner has left the `...` of the task in place."""
    return value is not Ellipsis


def series(value: object) -> object:
    """A one-column table read as that column (where one column of figures was asked); anything else unchanged."""
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        return value.iloc[:, 0]
    return value


def is_series(value: object) -> bool:
    """One column of figures (a Series, or a table with one column)."""
    return isinstance(series(value), pd.Series)


def column(table: pd.DataFrame, name: str) -> pd.Series:
    """A column of a table, also when the learner made it the table's index (`set_index(name)`)."""
    if name in table.columns:
        return table[name]
    if name in (table.index.names or []):
        return pd.Series(table.index.get_level_values(name), index=table.index)
    raise AssertionError(
        _(NO_COLUMN).format(name=name)
    )


def years(table: pd.DataFrame, name: str) -> pd.Series:
    """The years of a date column, also when it is the table's index (`.set_index("order_date").loc["2025"]`)."""
    values = column(table, name)
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce")
    return values.dt.year


def _decimals_shown(value: float) -> int:
    """How many decimals a learner's value has (3.46 has 2, 12 has 0), up to 6."""
    for decimals in range(7):
        if abs(value - round(value, decimals)) <= 1e-9 * max(1.0, abs(value)):
            return decimals
    return 7


def close(value: object, expected: object, tolerance: float, *, min_decimals: int | None = None) -> bool:
    """Whether an answer equals the expected figure: within `tolerance`, or rounded as displayed.

    A value rounded the way a person reads it in the lesson's tables is right when it is within half a unit of its
    own last digit (3.46 for 3.4567); below 100 a value counts as shown with at least one decimal (3.0 for 2.98),
    rounding to a whole number counts for figures of 100 or more, unless `min_decimals` says otherwise.
    """
    given, wanted = number(value), number(expected)
    if given is None or wanted is None:
        return False
    if abs(given - wanted) <= tolerance + 1e-12:
        return True
    decimals = _decimals_shown(given)
    if decimals > 6:
        return False
    # 3.0 may be 2.9985 rounded to 2 decimals (a float keeps no trailing zero): count at least `floor` decimals
    floor = min_decimals if min_decimals is not None else (0 if abs(wanted) >= 100 else 1)
    decimals = max(decimals, floor)
    return abs(given - wanted) <= 0.5 * 10**-decimals * (1 + 1e-9)


def close_all(values: pd.Series, expected: pd.Series, tolerance: float) -> bool:
    """Whether every value of a column equals the expected one (each may be rounded as displayed)."""
    values = pd.to_numeric(pd.Series(values), errors="coerce")
    expected = pd.Series(expected)
    if len(values) != len(expected):
        return False
    return all(close(a, b, tolerance) for a, b in zip(values.tolist(), expected.tolist(), strict=True))


# ------------------------------------------------------------------------------ what a check needs, in a sentence
# A visible check reads the learner's variables, which may hold anything (text, None, a list, an amount in another
# currency, a table where a number was asked, an object of an earlier task she changed or never built). Before it
# compares anything, a check asks one of these helpers for the variable: each gives back the answer in a form the
# check can use, or stops the check with one sentence saying what was needed and what the variable holds.

# what a number is counted in (the unit of the sentence); a currency code also says which Money is right
UNITS = {
    "": N_("one number"),
    "%": N_("one number, in %"),
    "GBP": N_("one amount in £ (GBP)"),
    "EUR": N_("one amount in € (EUR)"),
    "USD": N_("one amount in $ (USD)"),
    "kg": N_("one number of kg"),
    "days": N_("one number of days"),
    "hours": N_("one number of hours"),
    "stars": N_("one number of stars, from 1 to 5"),
}
CURRENCIES = ("GBP", "EUR", "USD")


def described(value: object) -> str:
    """What a value is, in a few plain words (for a check's sentence)."""
    if value is None:
        return _("None (nothing)")
    if value is Ellipsis:
        return _("... (not answered yet)")
    if is_truth(value):
        return _("{value} (True or False)").format(value=bool(value))
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:27] + "..."
        return _("the text “{text}” (between quotes)").format(text=text)
    if _is_money(value):
        return _("an amount in {currency} ({amount})").format(currency=value.currency, amount=value.amount)
    if isinstance(value, pd.DataFrame):
        names = ", ".join(str(name) for name in list(value.columns)[:6]) or _("no column")
        return _("a table (DataFrame) of {rows} rows with the columns {names}").format(rows=len(value), names=names)
    if isinstance(value, pd.Series):
        return _("a column of {count} values (Series)").format(count=len(value))
    if isinstance(value, dict):
        return _("a dictionary of {count} items").format(count=len(value))
    if isinstance(value, (list, tuple, set)):
        return _("a list of {count} items").format(count=len(value))
    if isinstance(value, (numbers.Real, Decimal)) or getattr(value, "shape", None) == ():
        found = number(value)
        return _("the number {value}").format(value=value) if found is not None else _("not a number (NaN)")
    return _("an object of the kind {kind}").format(kind=type(value).__name__)


def _is_money(value: object) -> bool:
    """A Money of the course (an exact amount with its currency), recognised without importing atelier.money."""
    return isinstance(getattr(value, "amount", None), Decimal) and isinstance(getattr(value, "currency", None), str)


def _where(task: int | None) -> str:
    """Which cell to run again for a variable made in `task` (0: the notebook's first cells)."""
    if task is None:
        return _("Check the line of the task that makes it, then run that cell again (Shift + Enter).")
    if task == 0:
        return _("Run the notebook's first cells again, from the top (Shift + Enter on each).")
    return _("Run the cell of task {task} again (Shift + Enter).").format(task=task)


def _made_in(task: int | None) -> str:
    if task is None or task == 0:
        return ""
    return _(" (made in task {task})").format(task=task)


def answer(namespace: dict[str, Any], name: str, *, task: int | None = None) -> object:
    """The learner's variable `name`; a sentence when she never made it or left its `...` in place."""
    if name not in namespace:
        raise AssertionError(_(CANNOT_FIND).format(
            name=name, made_in=_made_in(task), where=_where(task)))
    given(namespace, name)
    return namespace[name]


def _stop(name: str, needed: str, value: object, task: int | None) -> AssertionError:
    return AssertionError(_(SHOULD_BE).format(
        name=name, needed=needed, found=described(value), where=_where(task)))


def amount(namespace: dict[str, Any], name: str, *, unit: str = "", task: int | None = None) -> float:
    """The learner's number as a float (int, float, Decimal, numpy, or a Money in the unit's currency).

    `unit` is a key of UNITS: "%", "kg", "days", ... or a currency code ("GBP"), the only case where a Money is
    right (in that currency). Text, True/False, None, a table, a list, NaN or a Money elsewhere stop the check.
    """
    value = answer(namespace, name, task=task)
    needed = _(UNITS.get(unit, UNITS[""]))
    if _is_money(value):
        if unit not in CURRENCIES:
            raise AssertionError(_(NOT_MONEY).format(
                name=name, needed=needed, found=described(value), where=_where(task)))
        if value.currency != unit:
            raise AssertionError(_(OTHER_CURRENCY).format(
                name=name, needed=needed, currency=value.currency, unit=unit, where=_where(task)))
    found = number(value)
    if found is None:
        if isinstance(value, str):
            raise AssertionError(_(NOT_TEXT).format(
                name=name, needed=needed, found=described(value), where=_where(task)))
        raise _stop(name, needed, value, task)
    return found


def _has(table: pd.DataFrame, column_name: str) -> bool:
    return column_name in table.columns or column_name in [name for name in table.index.names if name]


def table(namespace: dict[str, Any], name: str, *, columns: tuple[str, ...] = (), task: int | None = None
          ) -> pd.DataFrame:
    """The learner's table (a DataFrame with these columns, or with one of them as its index)."""
    value = answer(namespace, name, task=task)
    if len(columns) > 1:
        needed = _("a table (pandas DataFrame) with the columns {names}").format(names=", ".join(columns))
    elif columns:
        needed = _("a table (pandas DataFrame) with the column {name}").format(name=columns[0])
    else:
        needed = _("a table (pandas DataFrame)")
    needed += _made_in(task)
    if not isinstance(value, pd.DataFrame):
        raise _stop(name, needed, value, task)
    missing = [column_name for column_name in columns if not _has(value, column_name)]
    if missing:
        raise AssertionError(_(LACKS).format(
            name=name, needed=needed, missing=", ".join(missing), where=_where(task)))
    return value


def figures(namespace: dict[str, Any], name: str, *, index: tuple[str, ...] = (), task: int | None = None
            ) -> pd.Series:
    """The learner's column of figures (a Series, or a one-column table), its values read as numbers."""
    value = answer(namespace, name, task=task)
    needed = (_("one column of figures (pandas Series) with a line for {names}").format(names=", ".join(index))
              if index else _("one column of figures (pandas Series)")) + _made_in(task)
    column_found = series(value)
    if not isinstance(column_found, pd.Series):
        raise _stop(name, needed, value, task)
    missing = [label for label in index if label not in column_found.index]
    if missing:
        raise AssertionError(_(LACKS).format(
            name=name, needed=needed, missing=", ".join(missing), where=_where(task)))
    values = pd.to_numeric(column_found, errors="coerce")
    if values.isna().any() and not column_found.isna().equals(values.isna()):
        raise AssertionError(_(NOT_NUMBERS).format(
            name=name, needed=needed, where=_where(task)))
    return values


def made_by(namespace: dict[str, Any], name: str, kind: type, *, made_with: str, task: int | None = None) -> Any:
    """The learner's object of the course's `kind` (a Stack, a Projection, a packed box...), made by `made_with`."""
    value = answer(namespace, name, task=task)
    if not isinstance(value, kind):
        raise _stop(name, _("what {made_with} gives back{made_in}").format(made_with=made_with, made_in=_made_in(task)),
                    value, task)
    return value


def is_check_sentence(message: str) -> bool:
    """Whether a check's message is one of this module's sentences (so a feedback page may show it as it is)."""
    for template in SENTENCES:
        pattern = re.escape(_(template))
        pattern = re.sub(r"\\\{[a-z_]+\\\}", "(.*)", pattern)
        if re.fullmatch(pattern, message, flags=re.S):
            return True
    return False


def numbers_of(values: object) -> pd.Series:
    """A column's values as numbers (text that is not a number reads as missing), for comparisons in checks."""
    return pd.to_numeric(pd.Series(values), errors="coerce")


# ------------------------------------------------------------------------------------------------- tampering

# the builtins checks use (IPython itself replaces others, such as `input`, at every run)
GUARDED = ("abs", "all", "any", "bool", "dict", "float", "getattr", "globals", "hasattr", "int", "isinstance", "len",
           "list", "max", "min", "repr", "round", "set", "sorted", "str", "sum", "tuple", "type", "zip",
           "AssertionError", "Exception", "KeyError", "__import__", "__build_class__")
_BUILTINS = {name: getattr(builtins, name) for name in GUARDED}


def _hooks() -> tuple[object, ...]:
    """IPython's hooks a notebook could use to hide a failed check (none outside IPython)."""
    shell = getattr(builtins, "get_ipython", lambda: None)()
    if shell is None:
        return ()
    events = shell.events.callbacks
    handler = getattr(shell.CustomTB, "__func__", shell.CustomTB)
    return (
        tuple(events.get("post_run_cell", [])),
        tuple(events.get("pre_run_cell", [])),
        tuple(shell.custom_exceptions),
        handler,
        type(shell).run_cell,
        type(shell).showtraceback,
    )


_HOOKS = _hooks()


def tampered() -> list[str]:
    """What the notebook changed that a check relies on (Python's builtins, IPython's hooks); [] when intact."""
    found = [name for name, value in _BUILTINS.items() if vars(builtins).get(name) is not value]
    problems = [_("Python's {names} were redefined").format(names=", ".join(sorted(found)[:5]))] if found else []
    if _hooks() != _HOOKS:
        problems.append(_("IPython hooks were installed or changed"))
    return problems


def guard() -> None:
    """Stop a check (it scores 0) when the notebook changed what checks rely on; the grader names it."""
    problems = tampered()
    if problems:
        raise AssertionError(
            _("TAMPERING: {problems}. This check cannot be trusted; your trainer will look at your notebook.").format(
                problems="; ".join(problems)
            )
        )

