"""Tables and charts for the lessons: `atelier.figures.pricing` (lesson 03) and `atelier.figures.shipping` (04).

Every number comes from the core (`atelier.pricing`, `atelier.shipping`) and the reference tables; every word from
the message catalogue (`_()`); charts use `atelier.charts` (Okabe–Ito colours, a title that states the finding,
axis labels with units, alt text). A lesson imports one module as `lesson`:

    from atelier.figures import pricing as lesson
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from datetime import date

import pandas as pd

from atelier import display

_NUMBERISH = re.compile(r"^[−\-+]?[£€$]?[−\-+]?[\d.,\s]+(\s?(%|€|£|\$|kg|g|cm|h))?$|^—$|^$")


class Table(display.ShowsAsText):
    """A small table for a lesson: a caption, the rows (already formatted, money with its currency), a footer.

    In a notebook it shows as an HTML table (numbers right-aligned); as text, as aligned columns. `frame` keeps
    the formatted rows as a DataFrame. A cell holding several lines (`bullets()`) shows one line each in HTML and
    stays on one line as text.
    """

    def __init__(self, frame: pd.DataFrame, caption: str, footer: str = "") -> None:
        self.frame = frame
        self.caption = caption
        self.footer = footer

    def _right_aligned(self) -> list[bool]:
        return [all(_NUMBERISH.match(str(value).strip()) for value in self.frame[column])
                for column in self.frame.columns]

    def _repr_html_(self) -> str:
        right = self._right_aligned()

        def cell(tag: str, value: object, align_right: bool) -> str:
            align = "right" if align_right else "left"
            text = "<br>".join(html.escape(line) for line in str(value).split("\n"))
            return f"<{tag} style='text-align:{align};padding:2px 8px'>{text}</{tag}>"

        head = "".join(cell("th", column, r) for column, r in zip(self.frame.columns, right, strict=True))
        body = "".join(
            "<tr>" + "".join(cell("td", value, r) for value, r in zip(row, right, strict=True)) + "</tr>"
            for row in self.frame.itertuples(index=False, name=None))
        foot = f"<p style='font-size:smaller'>{html.escape(self.footer)}</p>" if self.footer else ""
        return (f"<table><caption style='text-align:left'>{html.escape(self.caption)}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{foot}")

    def __str__(self) -> str:
        columns = [str(column) for column in self.frame.columns]
        rows = [[str(value).replace("\n", "  ") for value in row]
                for row in self.frame.itertuples(index=False, name=None)]
        widths = [max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)]
        right = self._right_aligned()

        def line(values: Sequence[str]) -> str:
            return "  ".join(value.rjust(width) if r else value.ljust(width)
                             for value, width, r in zip(values, widths, right, strict=True)).rstrip()

        lines = [self.caption, line(columns), *(line(row) for row in rows)]
        if self.footer:
            lines.append(self.footer)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def bullets(items: Sequence[str]) -> str:
    """Several short reasons for one table cell: one bullet a line (see `Table`)."""
    return "\n".join(f"• {item}" for item in items)


def wrap(text: str, width: int = 28) -> str:
    """A long name on at most two lines, for a chart's axis."""
    lines = textwrap.wrap(text, width) or [""]
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def newest(days: Sequence[date | None]) -> date:
    """The newest of some valid-from dates: the date a combination of figures is valid as of."""
    return max(day for day in days if day is not None)


def oldest(days: Sequence[date | None]) -> date | None:
    """The oldest of some checked-on dates: when the least recently checked of the rows used was compared with its
    source (None when no row says)."""
    known = [day for day in days if day is not None]
    return min(known) if known else None

