"""How the core's results look in a notebook: small tables with currency and the valid-as-of date."""

from __future__ import annotations

import html
import re
from datetime import date

from atelier.i18n import _, format_money, format_pct


def format_date(day: date) -> str:
    """`1 October 2026` (the language's long date); French writes the first of a month `1er mars 2025`."""
    from babel import Locale
    from babel.dates import format_date as babel_format_date

    from atelier.i18n import language, number_locale

    pattern = Locale.parse(number_locale()).date_formats["long"].pattern
    if language() == "fr" and day.day == 1:
        pattern = re.sub(r"(?<![d'])d(?!d)", "d'er'", pattern, count=1)
    return babel_format_date(day, format=pattern, locale=number_locale())


def table_date(day: date | None) -> str:
    """A date in a table's column, short and in the course's language: `26 Nov 2026`, `26 nov. 2026` ("" if none)."""
    from babel.dates import format_date as babel_format_date

    from atelier.i18n import number_locale

    return babel_format_date(day, format="medium", locale=number_locale()) if day is not None else ""


def valid_as_of_line(day: date, checked_on: date | None = None) -> str:
    """"Valid as of" (the newest valid_from of the rows used) and, when known, the date the least recently checked
    of those rows was last compared with its source."""
    if checked_on is None:
        return _("Fees and rates valid as of {date} (datasets/reference).").format(date=format_date(day))
    return _("Fees and rates valid as of {date}, checked against their sources on {checked} "
             "(datasets/reference).").format(date=format_date(day), checked=format_date(checked_on))


def html_table(rows: list[tuple[str, str]], caption: str, footer: str = "") -> str:
    """A two-column table (label, amount) with a caption and an optional footer line."""
    body = "".join(f"<tr><td style='text-align:left'>{html.escape(label)}</td>"
                   f"<td style='text-align:right'>{html.escape(value)}</td></tr>" for label, value in rows)
    foot = f"<p style='font-size:smaller'>{html.escape(footer)}</p>" if footer else ""
    return f"<table><caption style='text-align:left'>{html.escape(caption)}</caption>{body}</table>{foot}"


def text_table(rows: list[tuple[str, str]], caption: str, footer: str = "") -> str:
    width = max((len(label) for label, _value in rows), default=0)
    lines = [caption, *(f"  {label.ljust(width)}  {value}" for label, value in rows)]
    return "\n".join([*lines, footer] if footer else lines)


class ShowsAsText:
    """Mixin: IPython's plain-text display uses `str(self)` (what a learner reads), not the dataclass repr."""

    __slots__ = ()

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # type: ignore[no-untyped-def]
        printer.text(str(self))

    def __init_subclass__(cls, **kwargs: object) -> None:
        # IPython walks the class's own __dict__ first, where a dataclass puts its __repr__: put ours beside it
        super().__init_subclass__(**kwargs)
        cls._repr_pretty_ = ShowsAsText._repr_pretty_  # type: ignore[method-assign]


class Tabular(ShowsAsText):
    """Mixin: a result that shows as a small two-column table (its rows, a caption and a footer line)."""

    __slots__ = ()

    def rows(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def caption(self) -> str:
        raise NotImplementedError

    def footer(self) -> str:
        return ""

    def _repr_html_(self) -> str:
        return html_table(self.rows(), self.caption(), self.footer())

    def __str__(self) -> str:
        return text_table(self.rows(), self.caption(), self.footer())


def fee_rows(breakdown) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    rows = [(line.label, format_money(line.amount.amount, line.amount.currency)) for line in breakdown.lines]
    rows.append((_("Total fees"), format_money(breakdown.total.amount, breakdown.total.currency)))
    return rows


def fee_caption(breakdown) -> str:  # type: ignore[no-untyped-def]
    return _("Fees on {channel}").format(channel=breakdown.channel.name)


def sale_rows(sale) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    def money(value) -> str:  # type: ignore[no-untyped-def]
        return format_money(value.amount, value.currency)

    rows = [
        (_("The buyer pays (item + postage)"), money(sale.customer_pays)),
        (_("VAT you pass on"), money(sale.vat_due)),
        (_("Platform and payment fees"), money(sale.fees.total - sale.vat_on_fees_reclaimed)),
        (_("Social contributions"), money(sale.contributions)),
        (_("Postage you pay the carrier"), money(sale.shipping_cost)),
        (_("Net received"), money(sale.net_received)),
        (_("Cost of the piece"), money(sale.unit_cost.total)),
        (_("Margin"), f"{money(sale.margin)} ({format_pct(sale.margin_pct)})"),
    ]
    if sale.hourly_wage is not None:
        rows.append((_("What you earn per hour of making"), money(sale.hourly_wage)))
    return rows


def sale_caption(sale) -> str:  # type: ignore[no-untyped-def]
    return _("A sale at {price} on {channel}").format(
        price=format_money(sale.price.amount, sale.price.currency), channel=sale.channel.name)
