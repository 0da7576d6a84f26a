"""An amount of money always travels with its currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from atelier import display
from atelier.errors import CourseInputError, as_decimal
from atelier.i18n import _, format_money

CURRENCIES = ("GBP", "EUR", "USD")
PENNY = Decimal("0.01")


def currency_code(currency: object, allowed: tuple[str, ...] = CURRENCIES) -> str:
    """A currency code as the tables write it ("gbp", " Eur " → "GBP", "EUR"), or a CourseInputError listing them."""
    code = currency.strip().upper() if isinstance(currency, str) else currency
    if code not in allowed:
        raise CourseInputError(_("“{currency}” is not a currency the course knows. Choose one of: {choices}.")
                               .format(currency=currency, choices=", ".join(allowed)))
    return str(code)


@dataclass(frozen=True, slots=True)
class Money(display.ShowsAsText):
    """An exact amount in one currency (GBP, EUR or USD)."""

    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: object, currency: str, what: str = "") -> Money:
        """Money from a number a learner typed (int, float, str or Decimal)."""
        currency = currency_code(currency)
        if isinstance(amount, Money):
            amount.same_currency(Money(Decimal(0), currency))
            return amount
        return cls(as_decimal(amount, what or _("the amount"), currency), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CourseInputError(_("Cannot mix {a} and {b} in one sum: give every amount in {b}.").format(
                a=self.currency, b=other.currency))

    def _other(self, other: object, doing: str) -> Money:
        """`other` as Money in this currency, or a CourseInputError saying how to write it."""
        if isinstance(other, Money):
            if self.currency != other.currency:
                raise CourseInputError(_("Cannot {doing} {a} and {b}: give both amounts in the same currency.")
                                       .format(doing=doing, a=other.currency, b=self.currency))
            return other
        raise CourseInputError(_(
            "Cannot {doing} an amount of money and a plain number ({value}): write the number as money, e.g. "
            "Money.of({value}, \"{currency}\").").format(doing=doing, value=other, currency=self.currency))

    def __add__(self, other: Money) -> Money:
        found = self._other(other, _("add"))
        return Money(self.amount + found.amount, self.currency)

    def __radd__(self, other: object) -> Money:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # sum() starts from 0
        return self._other(other, _("add")) + self

    def __sub__(self, other: Money) -> Money:
        found = self._other(other, _("subtract"))
        return Money(self.amount - found.amount, self.currency)

    def __rsub__(self, other: object) -> Money:
        return self._other(other, _("subtract")) - self

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, Money):
            raise CourseInputError(_("Cannot multiply two amounts of money: multiply an amount by a number."))
        return Money(self.amount * as_decimal(factor, _("the number you multiply by")), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Money:
        if isinstance(divisor, Money):
            raise CourseInputError(_("Cannot divide an amount of money by another: to compare them, divide their "
                                     "amounts (a.amount / b.amount)."))
        number = as_decimal(divisor, _("the number you divide by"))
        if number == 0:
            raise CourseInputError(_("Cannot divide {amount} by 0: give a number other than 0.").format(
                amount=self))
        return Money(self.amount / number, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def _compare(self, other: object) -> tuple[Decimal, Decimal]:
        return self.amount, self._other(other, _("compare")).amount

    def __lt__(self, other: object) -> bool:
        a, b = self._compare(other)
        return a < b

    def __le__(self, other: object) -> bool:
        a, b = self._compare(other)
        return a <= b

    def __gt__(self, other: object) -> bool:
        a, b = self._compare(other)
        return a > b

    def __ge__(self, other: object) -> bool:
        a, b = self._compare(other)
        return a >= b

    def rounded(self) -> Money:
        """Rounded to the penny (cent), halves up, as platforms bill."""
        return Money(self.amount.quantize(PENNY, rounding=ROUND_HALF_UP), self.currency)

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)

    def __format__(self, spec: str) -> str:
        return str(self)


def as_money(value: object, currency: str, what: str) -> Money:
    """`value` as Money in `currency`: Money in that currency, or a plain number a person typed (61.10, "61,10")."""
    if isinstance(value, Money):
        value.same_currency(Money.zero(currency_code(currency)))
        return value
    code = currency_code(currency)
    return Money(as_decimal(value, what, code), code)


def total(amounts: list[Money], currency: str) -> Money:
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
