"""An amount of money always travels with its currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from atelier import display
from atelier.errors import CourseInputError, as_decimal
from atelier.i18n import _, format_money

CURRENCIES = ("GBP", "EUR", "USD")
PENNY = Decimal("0.01")


@dataclass(frozen=True, slots=True, order=True)
class Money(display.ShowsAsText):
    """An exact amount in one currency (GBP, EUR or USD)."""

    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: object, currency: str, what: str = "") -> Money:
        """Money from a number a learner typed (int, float, str or Decimal)."""
        if isinstance(amount, Money):
            amount.same_currency(Money(Decimal(0), currency))
            return amount
        if currency not in CURRENCIES:
            raise CourseInputError(_("“{currency}” is not a currency the course knows. Choose one of: {choices}.")
                                   .format(currency=currency, choices=", ".join(CURRENCIES)))
        return cls(as_decimal(amount, what or _("the amount")), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CourseInputError(_("Cannot mix {a} and {b} in one sum: give every amount in {b}.").format(
                a=self.currency, b=other.currency))

    def __add__(self, other: Money) -> Money:
        self.same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self.same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int) -> Money:
        return Money(self.amount / divisor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def rounded(self) -> Money:
        """Rounded to the penny (cent), halves up, as platforms bill."""
        return Money(self.amount.quantize(PENNY, rounding=ROUND_HALF_UP), self.currency)

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)

    def __format__(self, spec: str) -> str:
        return str(self)


def total(amounts: list[Money], currency: str) -> Money:
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
