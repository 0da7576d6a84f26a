"""Reading an answer the way a person writes it: `74%`, `£94.26`, `7,495`, `12,50`, `1 250`, `2.4 kg`, `2025 Q4`, `D`.

One reading layer for the self-checks and the simulators' boxes. It returns a `Reading`: the number (exact, a
Decimal) and the unit it was written with, or one sentence saying how to type it. Nothing is guessed silently.

The separator rule (documented for learners in `notebooks/glossary.md`, "Typing numbers"):

* A space (or a thin / non-breaking space) between groups of three digits separates thousands: `1 250` = 1250.
* With both `,` and `.`, the last one is the decimal mark: `1,250.50` and `1.250,50` are both 1250.5.
* One comma followed by one, two or four and more digits is a decimal comma: `12,50` = 12.5, `0,5` = 0.5.
* A comma followed by exactly three digits is a thousands separator in English (`7,495` = 7495, `10,000` = 10000)
  and a decimal comma in French (`7,495` = 7.495), since a French number writes thousands with a space.
* A dot followed by exactly three digits is a decimal point in English (`1.250` = 1.25) and is asked about in French
  (`1.250` could be 1250 written the German way): the question offers `1,25` and `1 250`, which French reads one way.
* Several commas (or dots) must each be followed by three digits: `1,250,000`.
* Currency signs (£ € $, £GB, GBP, EUR), the words euros, livres, pour cent, `%` and units (g, kg, mm, cm, m) may
  come before or after the number, with or without a space. A unit is converted to the unit asked for (`2.4 kg` in
  a box in grams is 2400); a currency or a unit of the wrong kind is refused with a sentence.
* Scientific notation (`1e-27`), `nan`, `inf` and words are refused: "type an ordinary number, like 2.50".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

from atelier.i18n import NUMBER_LOCALES, _, language

# units a box can ask for, each with the units a person may write and the factor to the asked unit
CONVERSIONS: dict[str, dict[str, Decimal]] = {
    "g": {"g": Decimal(1), "kg": Decimal(1000)},
    "kg": {"kg": Decimal(1), "g": Decimal("0.001")},
    "cm": {"cm": Decimal(1), "mm": Decimal("0.1"), "m": Decimal(100)},
    "%": {"%": Decimal(1)},
    "GBP": {"GBP": Decimal(1)},
    "EUR": {"EUR": Decimal(1)},
    "USD": {"USD": Decimal(1)},
    "h": {"h": Decimal(1)},
}
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "%": "%", "g": "g", "kg": "kg", "cm": "cm", "mm": "mm", "m": "m",
           "h": "h"}
_UNIT_WORDS = {
    "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "usd": "USD",
    "%": "%", "pc": "%", "percent": "%", "g": "g", "gr": "g", "grams": "g", "gram": "g", "kg": "kg", "kgs": "kg",
    "kilo": "kg", "kilos": "kg", "cm": "cm", "mm": "mm", "m": "m", "h": "h", "hour": "h", "hours": "h",
    "hr": "h", "hrs": "h",
    # as French writes them (Babel's fr_FR writes the pound `£GB`)
    "£gb": "GBP", "livre": "GBP", "livres": "GBP", "livre sterling": "GBP", "livres sterling": "GBP", "$us": "USD",
    "pour cent": "%", "pourcent": "%", "gramme": "g", "grammes": "g", "kilogramme": "kg", "kilogrammes": "kg",
    "heure": "h", "heures": "h",
}
_SPACES = "\u00a0\u202f\u2009\u2007 "  # spaces people and spreadsheets put between thousands
_MINUS = "-\u2212\u2013"
_NUMBER = re.compile(r"^[0-9][0-9.,]*$|^[.,][0-9]+$")
_AFFIX = re.compile(r"^([^\d.,\-\u2212\u2013]*)\s*([\-\u2212\u2013]?)\s*([^\d.,\-\u2212\u2013]*)([\d.,]+)\s*(.*)$")


@dataclass(frozen=True)
class Reading:
    """What a typed answer says: a number in the unit asked for, or `problem`, one sentence on how to type it."""

    text: str
    number: Decimal | None = None
    unit: str = ""  # the unit the person wrote ("" when none)
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.number is not None and not self.problem


def _refuse(text: str, problem: str) -> Reading:
    return Reading(text, None, "", problem)


# how a box's answer is shown as an example, in each language (French: decimal comma, a no-break space before a sign)
EXAMPLES = {
    "en": {"GBP": "£2.50", "EUR": "€2.50", "%": "74%", "g": "350 g", "kg": "2.4 kg", "cm": "6 cm", "h": "0.5",
           "": "2.50"},
    "fr": {"GBP": "2,50\u00a0£", "EUR": "2,50\u00a0€", "%": "74\u00a0%", "g": "350\u00a0g", "kg": "2,4\u00a0kg",
           "cm": "6\u00a0cm", "h": "0,5", "": "2,50"},
}


def _example(unit: str) -> str:
    examples = EXAMPLES.get(language(), EXAMPLES["en"])
    return examples.get(unit, examples[""])


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return text.strip("\"'“”‘’«» ").strip()


def digits(body: str, lang: str) -> tuple[Decimal | None, str]:
    """The digits, commas and dots of one number as an exact number, or the sentence asking what was meant."""
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal_mark = "," if body.rindex(",") > body.rindex(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _mark, fraction = body.rpartition(decimal_mark)
        if thousands in fraction or decimal_mark in whole or not _grouped(whole, thousands):
            return None, ""
        return _decimal(whole.replace(thousands, "") + "." + fraction), ""
    mark = "," if commas else "." if dots else ""
    if not mark:
        return _decimal(body), ""
    parts = body.split(mark)
    if len(parts) > 2:  # 1,250,000: thousands
        return (_decimal("".join(parts)), "") if _grouped(body, mark) else (None, "")
    whole, fraction = parts
    if not whole:
        return _decimal("0." + fraction), ""
    if not fraction:
        return _decimal(whole), ""
    three = len(fraction) == 3 and whole != "0" and len(whole) <= 3
    if not three:
        return _decimal(whole + "." + fraction), ""  # 12,50 and 12.50 are both 12.5
    as_thousands, as_decimal = _decimal(whole + fraction), _decimal(whole + "." + fraction)
    if lang == "en":
        return (as_thousands if mark == "," else as_decimal), ""
    if mark == ",":  # French: the comma is the decimal mark, thousands are written with a space
        return as_decimal, ""
    return None, _("“{text}” could mean {a} or {b}: type the one you mean, written as here.").format(
        text=body, a=written_as(as_decimal, lang), b=written_as(as_thousands, lang))


def written_as(number: Decimal | None, lang: str) -> str:
    """A number as `lang` writes it, every decimal kept, so that it reads back one way: `7,495` or `7 495` in French."""
    if number is None:
        return ""
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(number, format=pattern, locale=NUMBER_LOCALES.get(lang, "en_GB"))


def _grouped(whole: str, separator: str) -> bool:
    groups = whole.split(separator)
    return bool(groups[0]) and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _decimal(text: str) -> Decimal | None:
    if not text or not re.fullmatch(r"[0-9]*\.?[0-9]*", text) or text == ".":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _group_spaces(text: str) -> str | None:
    """`1 250` → `1250`; None when a space sits between digits that are not groups of thousands (`1 25`)."""
    text = re.sub(f"[{_SPACES}]+", " ", text)
    text = re.sub(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])", lambda m: m.group(0).replace(" ", ""), text)
    return None if re.search(r"\d\s+[\d.,]|[\d.,]\s+\d", text) else text


def read_number(text: object, unit: str = "", *, lang: str | None = None) -> Reading:
    """Read one number typed as a person writes it; `unit` is the unit the answer is asked in ("" for none).

    Numbers that are not text (int, Decimal, numpy, Money) are taken as they are.
    """
    lang = lang or language()
    if not isinstance(text, str):
        return _from_value(text, unit)
    raw = text
    text = _clean(text)
    how = _("Type a number, like {example}.").format(example=_example(unit))
    if not text:
        return _refuse(raw, _("Nothing typed yet. {how}").format(how=how))
    if re.search(r"\d[eE][+\-]?\d", text) or text.lower() in {"nan", "inf", "infinity", "-inf"}:
        return _refuse(raw, _("“{text}” is not an ordinary number. {how}").format(text=raw.strip(), how=how))
    spaced = _group_spaces(text)
    if spaced is None:
        return _refuse(raw, _("“{text}” has a space inside the number. Type it without spaces, like 1250.").format(
            text=raw.strip()))
    match = _AFFIX.match(spaced)
    if match is None:
        return _refuse(raw, _("“{text}” is not a number. {how}").format(text=raw.strip(), how=how))
    before, sign_a, before_b, body, after = match.groups()
    written = [w for w in (_unit_of(before), _unit_of(before_b), _unit_of(after)) if w != ""]
    if any(w is None for w in written) or len(written) > 1:
        return _refuse(raw, _("“{text}” is not a number the course can read. {how}").format(
            text=raw.strip(), how=how))
    written_unit = str(written[0]) if written else ""
    number, question = digits(body, lang)
    if question:
        return _refuse(raw, question)
    if number is None:
        return _refuse(raw, _("“{text}” is not a number the course can read. {how}").format(
            text=raw.strip(), how=how))
    if sign_a:
        number = -number
    return _convert(raw, number, written_unit, unit)


def _unit_of(word: str) -> str | None:
    """The unit a word before or after a number names: "" for nothing, None for a word that is not a unit."""
    word = word.strip().lower().rstrip(".")
    if not word:
        return ""
    return _UNIT_WORDS.get(word)


def _convert(raw: object, number: Decimal, written: str, unit: str) -> Reading:
    if not written or written == unit:
        return Reading(str(raw), number, written, "")
    factors = CONVERSIONS.get(unit, {})
    if written in factors:
        return Reading(str(raw), number * factors[written], written, "")
    if not unit:
        if written == "%":
            return Reading(str(raw), number, written, "")
        return _refuse(str(raw), _("This answer has no unit: type the number alone, like {example}.").format(
            example=_example("")))
    return _refuse(str(raw), _("This box is in {asked}, not in {written}: type it like {example}.").format(
        asked=SYMBOLS.get(unit, unit), written=SYMBOLS.get(written, written), example=_example(unit)))


def _from_value(value: object, unit: str) -> Reading:
    """A number given as a Python value: int, float, Decimal, numpy scalar or Money."""
    amount = getattr(value, "amount", None)
    currency = getattr(value, "currency", None)
    if isinstance(amount, Decimal) and isinstance(currency, str):
        if unit and currency != unit:
            return _refuse(str(value), _("This answer is in {asked}, not in {written}.").format(
                asked=SYMBOLS[unit], written=SYMBOLS.get(currency, currency)))
        return Reading(str(value), amount, currency, "")
    if isinstance(value, bool) or value is None:
        return _refuse(str(value), _("Type a number, like {example}.").format(example=_example(unit)))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value.item() if hasattr(value, "item")
                                                                      else value))
    except (InvalidOperation, ValueError, TypeError):
        return _refuse(str(value), _("That is not a number. Type a number, like {example}.").format(
            example=_example(unit)))
    if not number.is_finite():
        return _refuse(str(value), _("“{text}” is not an ordinary number. Type a number, like {example}.").format(
            text=value, example=_example(unit)))
    return Reading(str(value), number, "", "")


LETTER = re.compile(r"^\(?([A-Za-z])\)?[.)]?$")


@dataclass(frozen=True)
class Choice:
    """A letter picked among `allowed`, or `problem`."""

    letter: str
    problem: str = ""


def read_letter(text: object, allowed: str) -> Choice:
    """`D`, `d`, `"D"`, `(D)`, `D.` → "D"; anything else gets a sentence naming the letters allowed."""
    cleaned = _clean(str(text)) if text is not None else ""
    match = LETTER.match(cleaned)
    letters = ", ".join(allowed[:-1]) + " " + _("or") + " " + allowed[-1]
    if match and match.group(1).upper() in allowed:
        return Choice(match.group(1).upper())
    return Choice("", _("Type one letter: {letters}.").format(letters=letters))


# one quarter's name: `Q4`, `T4` (French: trimestre), `4e trimestre`, `4ème trim.`, `4th quarter`
_QUARTER_NAME = (r"(?:[qt]\s*(?P<{0}a>[1-4])"
                 r"|(?P<{0}b>[1-4])\s*(?:er|re|e|è|ème|eme|ième|ieme|st|nd|rd|th)?\s*(?:trimestre|trim\.?|quarter)"
                 r"|(?:trimestre|quarter)\s*(?P<{0}c>[1-4]))")
QUARTER = re.compile(r"^(?:(?P<year1>\d{4})\s*[-/, ]?\s*" + _QUARTER_NAME.format("first")
                     + r"|" + _QUARTER_NAME.format("then") + r"\s*[-/, ]?\s*(?P<year2>\d{4}))$")
_ORDINALS = {"premier": "1er", "première": "1re", "deuxième": "2e", "second": "2e", "seconde": "2e",
             "troisième": "3e", "quatrième": "4e", "first": "1st", "third": "3rd",
             "fourth": "4th"}


def quarter_text(year: int, number: int) -> str:
    """A quarter as the course shows it (`2025 Q4`; the French catalogue may write `2025 T4`)."""
    return _("{year} Q{quarter}").format(year=year, quarter=number)


def read_quarter(text: object) -> tuple[str, str]:
    """`2025 Q4`, `2025Q4`, `Q4 2025`, `q4-2025`, `T4 2025`, `4e trimestre 2025` → ("2025 Q4", "");
    otherwise ("", the sentence on how to type it)."""
    cleaned = " ".join(_clean(str(text)).lower().split()) if text is not None else ""
    for word, short in _ORDINALS.items():
        cleaned = re.sub(rf"\b{word}\b", short, cleaned)
    match = QUARTER.match(cleaned)
    if not match:
        return "", _("Type a quarter as the lessons show it, like {example}.").format(example=quarter_text(2025, 4))
    groups = {name: value for name, value in match.groupdict().items() if value}
    year = groups.get("year1") or groups["year2"]
    number = next(value for name, value in groups.items() if not name.startswith("year"))
    return f"{year} Q{number}", ""


def read_word(text: object) -> str:
    """A word answer, without quotes, spaces around it or capitals."""
    return _clean(str(text)).lower() if text is not None else ""
