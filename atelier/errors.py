"""Checks on what a learner types, with messages a non-programmer understands."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from atelier.i18n import _, format_number

SCIENTIFIC = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+")  # 1e400, 2.5E3: one way to read it
LARGEST = Decimal("1e12")  # no amount, weight or size in a craft business comes near this


class CourseInputError(ValueError):
    """A value the course cannot work with; the message says what is wrong and what is allowed."""


class UnknownNameError(CourseInputError):
    """A channel, carrier, destination or preset the reference tables do not know."""


class NoServiceError(CourseInputError):
    """No parcel service accepts the parcel; the message lists why for each."""


class NoPriceError(CourseInputError):
    """No price reaches the margin asked for."""


def as_decimal(value: object, what: str, unit: str = "") -> Decimal:
    """`value` as an exact number, or a CourseInputError naming `what` (e.g. "the weight in grams").

    Text is read by `atelier.entry.read_number`, the reader of the answer boxes, in the course's language: in
    French `12,50` and `1 250,5` (spaces between thousands) are 12.5 and 1250.5 and `7,495` is 7.495; in English
    `1,250` is 1250. `unit` ("g", "cm", "%", "EUR", …) is the unit asked for: `2,4 kg` where grams are asked is
    2400, `12,50 €` where euros are asked is 12.5, and a unit of another kind is refused with a sentence.
    """
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise CourseInputError(_("Please give {what} as a number.").format(what=what))
    if isinstance(value, str):
        number = _read_text(value, what, unit)
    else:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError, TypeError):
            raise CourseInputError(
                _("{what} must be a number; “{value}” is not one.").format(what=capital(what), value=value)
            ) from None
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        raise CourseInputError(_("{what} must be an ordinary number, not “{value}”.").format(
            what=capital(what), value=value))
    if abs(number) > LARGEST:
        raise CourseInputError(_("{what} is far too large to make sense here ({value}); check the number.").format(
            what=capital(what), value=value))
    return number


def _read_text(text: str, what: str, unit: str) -> Decimal:
    """A number typed as text, read as the answer boxes read it; never a silent guess."""
    from atelier import entry  # entry needs nothing from here; imported late to keep errors light

    if text.strip().lower() in {"nan", "inf", "-inf", "+inf", "infinity", "-infinity"}:
        raise CourseInputError(_("{what} must be an ordinary number, not “{value}”.").format(
            what=capital(what), value=text.strip()))
    if SCIENTIFIC.fullmatch(text.strip()):
        return Decimal(text.strip())  # 1e400 is read, then found far too large: it cannot be meant otherwise
    reading = entry.read_number(text, unit if unit in entry.CONVERSIONS else "")
    if reading.ok and reading.number is not None:
        return reading.number
    if not any(character.isdigit() for character in text):
        raise CourseInputError(
            _("{what} must be a number; “{value}” is not one.").format(what=capital(what), value=text.strip()))
    problem = reading.problem
    if problem[:1].isupper() and problem[1:2].islower():
        problem = problem[0].lower() + problem[1:]  # "The price: this answer has no unit…"
    raise CourseInputError(_("{what}: {problem}").format(what=capital(what), problem=problem))


def positive(value: object, what: str, unit: str = "") -> Decimal:
    """A number above zero."""
    number = as_decimal(value, what, unit)
    if number <= 0:
        raise CourseInputError(_("{what} must be more than 0{unit}; you gave {value}{unit}.").format(
            what=capital(what), unit=spaced(unit), value=format_number(number, decimals_of(number))))
    return number


def not_negative(value: object, what: str, unit: str = "") -> Decimal:
    """A number of zero or more."""
    number = as_decimal(value, what, unit)
    if number < 0:
        raise CourseInputError(_("{what} cannot be negative; you gave {value}{unit}.").format(
            what=capital(what), unit=spaced(unit), value=format_number(number, decimals_of(number))))
    return number


def whole_number(value: object, what: str) -> int:
    """A whole number (2, "3", 4.0), or a CourseInputError: 2.5 months or orders is not silently cut to 2."""
    number = as_decimal(value, what)
    if number != number.to_integral_value():
        raise CourseInputError(_("{what} must be a whole number; you gave {value}.").format(
            what=capital(what), value=format_number(number, decimals_of(number))))
    return int(number)


def at_most(number: Decimal, limit: Decimal, what: str, unit: str = "") -> Decimal:
    if number > limit:
        raise CourseInputError(_("{what} must be at most {limit}{unit}; you gave {value}{unit}.").format(
            what=capital(what), unit=spaced(unit), limit=format_number(limit, decimals_of(limit)),
            value=format_number(number, decimals_of(number))))
    return number


def one_of(value: object, allowed: Iterable[str], what: str) -> str:
    """`value` if it is one of `allowed`, else an UnknownNameError listing them."""
    choices = list(allowed)
    if isinstance(value, str) and value in choices:
        return value
    raise UnknownNameError(_("“{value}” is not a {what} the course knows. Choose one of: {choices}.").format(
        value=value, what=what, choices=", ".join(choices)))


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def spaced(unit: str) -> str:
    return f" {unit}" if unit and unit not in {"%"} else unit


def decimals_of(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return min(max(-exponent, 0), 4) if isinstance(exponent, int) else 0
