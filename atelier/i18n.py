"""The message catalogue: every learner-facing sentence the code produces goes through `_`.

English is the source language (the msgids). A translation lives in `atelier/locale/<lang>/LC_MESSAGES/atelier.po`
(compiled to `.mo` by Babel); `set_language("fr")` switches every later message without changing any code.
Number and money formats follow the language too (Babel).
"""

from __future__ import annotations

import gettext
import os
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.numbers import format_currency, format_decimal, get_currency_symbol

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "atelier"
# Babel locale for numbers and money in each course language
NUMBER_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
# where the course writes a currency's sign otherwise than Babel does: French text writes the pound `£`, not `£GB`
CURRENCY_SIGNS = {"fr": {"GBP": "£"}}

_state: dict[str, object] = {}


def set_language(language: str, locale_dir: Path | None = None) -> None:
    """Use the catalogue of `language` ("en", "fr"); English when it has no catalogue."""
    _state["language"] = language
    _state["translation"] = gettext.translation(
        DOMAIN, localedir=str(locale_dir or LOCALE_DIR), languages=[language], fallback=True
    )


def language() -> str:
    return str(_state["language"])


def _(message: str) -> str:
    """Translate one message of the catalogue."""
    return _state["translation"].gettext(message)  # type: ignore[union-attr]


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined; translate it with `_` where it is shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _state["translation"].ngettext(singular, plural, count)  # type: ignore[union-attr]


def number_locale() -> str:
    return NUMBER_LOCALES.get(language(), "en_GB")


def currency_sign(currency: str) -> str:
    """The sign the course's language writes for `currency`: `£` and `€` in English and in French."""
    own = CURRENCY_SIGNS.get(language(), {}).get(currency)
    return own or get_currency_symbol(currency, locale=number_locale())


def format_money(amount: Decimal | float, currency: str, decimals: int = 2) -> str:
    """`£26.00`, `€9.40` in English; `9,40 €`, `26,00 £` in French; with decimals=0, whole units: `£13,424`."""
    if decimals:
        text = format_currency(amount, currency, locale=number_locale())
    else:
        pattern = Locale.parse(number_locale()).currency_formats["standard"].pattern.split(";")[0]
        text = format_currency(round(float(amount)), currency, format=pattern.replace(".00", ""),
                               locale=number_locale(), currency_digits=False)
    babel_sign = get_currency_symbol(currency, locale=number_locale())
    sign = currency_sign(currency)
    return text if sign == babel_sign else text.replace(babel_sign, sign)


def format_number(value: Decimal | float, decimals: int = 2) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=number_locale())


def format_pct(value: Decimal | float, decimals: int = 1) -> str:
    return _("{value} %").format(value=format_number(value, decimals))


set_language(os.environ.get("ARTISANAT_LANG", "en"))
