"""Read a platform's sales export as the platform (or a French Excel re-save) writes it, into one shape.

Layouts recognised (column names as documented in datasets/README.md, section "Your own shop's exports"):
Etsy "Sold Orders" and "Sold Order Items", Shopify's orders export, SumUp's transactions report and sales report,
Square's transactions export. The file is opened read-only, read once, and never written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from atelier.errors import CourseInputError
from atelier.i18n import N_, _
from atelier.money import CURRENCIES, Money

SAMPLES_DIR = Path(__file__).parent / "samples"
CURRENCY_SIGNS = {"£": "GBP", "€": "EUR", "$": "USD"}
REFUND_WORDS = ("refund", "cancel", "rembours", "annul", "erstatt", "storn")


class ExportFileError(CourseInputError):
    """A file the course cannot read as a sales export; the message says what was expected and what was found."""


@dataclass(frozen=True)
class LineItem:
    """One line of an order: a product, how many, at what unit price."""

    order_id: str
    date: date
    product: str
    quantity: Decimal
    unit_price: Money
    sku: str = ""

    @property
    def total(self) -> Money:
        return (self.unit_price * self.quantity).rounded()


@dataclass(frozen=True)
class Order:
    """One order (or one card payment) in the course's shape, whatever the platform."""

    order_id: str
    date: date
    platform: str  # etsy, shopify, sumup or square
    currency: str
    items: Money  # item prices × quantities, before discounts
    discount: Money
    shipping: Money  # postage charged to the buyer
    refunded: Money  # given back to the buyer (cancelled or refunded orders stay, with this set)
    fees: Money | None  # what the platform or card reader took, where the export says; None where it does not
    country: str  # delivery country as the export writes it ("" for a sale in person)
    buyer: str = ""  # the export's buyer identifier, only to count repeat customers

    @property
    def received(self) -> Money:
        """What the buyer finally paid for goods and postage: items − discount + shipping − refunded."""
        return self.items - self.discount + self.shipping - self.refunded


@dataclass(frozen=True)
class ShopExport:
    """Everything read from one export file."""

    source: str  # the file's name (never its content)
    layout: str  # e.g. "etsy_sold_orders"
    platform: str
    orders: tuple[Order, ...]
    lines: tuple[LineItem, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)  # what this layout cannot tell (e.g. no fees)

    @property
    def currency(self) -> str:
        return self.orders[0].currency

    def orders_frame(self) -> pd.DataFrame:
        """One row per order, amounts as numbers in the column `currency`'s unit; `fees` is NaN where unknown."""
        return pd.DataFrame.from_records([{
            "order_id": o.order_id, "date": pd.Timestamp(o.date), "platform": o.platform, "currency": o.currency,
            "items": float(o.items.amount), "discount": float(o.discount.amount),
            "shipping": float(o.shipping.amount), "refunded": float(o.refunded.amount),
            "fees": float(o.fees.amount) if o.fees is not None else float("nan"),
            "received": float(o.received.amount), "country": o.country, "buyer": o.buyer,
        } for o in self.orders])

    def lines_frame(self) -> pd.DataFrame:
        """One row per line item (empty, with the same columns, when the export has no line items)."""
        columns = ["order_id", "date", "product", "quantity", "unit_price", "line_total", "currency", "sku"]
        return pd.DataFrame.from_records([{
            "order_id": li.order_id, "date": pd.Timestamp(li.date), "product": li.product,
            "quantity": float(li.quantity), "unit_price": float(li.unit_price.amount),
            "line_total": float(li.total.amount), "currency": li.unit_price.currency, "sku": li.sku,
        } for li in self.lines], columns=columns)


# ---------------------------------------------------------------- the file: bytes → text → rows

def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ExportFileError(_("“{name}” is empty: the course expected a sales export (a CSV file with column "
                                "names on the first line).").format(name=name))
    if data.startswith(b"%PDF"):
        raise ExportFileError(_("“{name}” is a PDF document, not a CSV export: download the orders as a CSV file "
                                "from your platform (not the printable statement).").format(name=name))
    if data.startswith(b"PK\x03\x04"):
        raise ExportFileError(_("“{name}” is a zip or Excel workbook (.xlsx), not a CSV export: in Excel, use "
                                "File › Save As › CSV, or download the CSV from your platform.").format(name=name))
    if b"\x00" in data[:4096]:
        raise ExportFileError(_("“{name}” is not a text file: the course expected a CSV export with column names on "
                                "the first line.").format(name=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    counts = {sep: len(re.findall(re.escape(sep) + r'(?=(?:[^"]*"[^"]*")*[^"]*$)', header_line))
              for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep])


def _rows(text: str) -> tuple[list[str], list[dict[str, str]], str]:
    """Header, rows (each a dict by header) and delimiter; blank rows (Excel's trailing ;;;;) are dropped."""
    first = text.splitlines()[0] if text.splitlines() else ""
    sep = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    table = [row for row in reader]
    header = [cell.strip().strip("\ufeff").strip() for cell in table[0]] if table else []
    rows = []
    for raw in table[1:]:
        if not any(cell.strip() for cell in raw):
            continue
        rows.append({header[i]: (raw[i].strip() if i < len(raw) else "") for i in range(len(header))})
    return header, rows, sep


# ---------------------------------------------------------------- values: numbers, dates

def _number(text: str, decimal_comma: bool, what: str) -> Decimal:
    """A money or quantity figure as exports write it: `$1,234.50`, `-£1.85`, `1 234,50 €`, `(3.00)`, ``."""
    value = text.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
    value = value.replace("\u2212", "-")  # the minus sign Babel and French spreadsheets write
    for sign in (*CURRENCY_SIGNS, "USD", "GBP", "EUR"):
        value = value.replace(sign, "")
    negative = value.startswith("(") and value.endswith(")")
    value = value.strip("()")
    if not value or value in {"-", "—"}:
        return Decimal(0)
    if decimal_comma:
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", "")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ExportFileError(_("The column “{column}” should hold amounts; “{value}” is not one.").format(
            column=what, value=text)) from None
    return -number if negative else number


_SIGN = r"(?:[£€$]|EUR|GBP|USD)"
# one amount as a column holds it: an optional sign or bracket, an optional currency, digits, a currency after
_AMOUNT = r"^[-\u2212(]?\s*(?:{sign}\s*)?(?:{digits})\s*(?:{sign})?\s*\)?$"
_COMMA_DECIMALS = re.compile(_AMOUNT.format(sign=_SIGN, digits=r"\d{1,3}(?:[ \u00a0\u202f\u2009.]\d{3})+,\d{1,2}"
                                                             r"|\d+,\d{1,2}"))
_POINT_DECIMALS = re.compile(_AMOUNT.format(sign=_SIGN, digits=r"\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+\.\d{1,2}"
                                                             r"|\d+\.\d{1,2}"))
_WHOLE = re.compile(_AMOUNT.format(sign=_SIGN, digits=r"\d{1,3}(?:[ \u00a0\u202f\u2009.,]\d{3})+|\d+"))


def decimal_mark(header: list[str], rows: list[dict[str, str]], sep: str, name: str) -> bool:
    """Whether the file writes amounts with a decimal comma (`12,50`, `1 234,56 €`), from its number columns.

    A comma followed by one or two digits can only be a decimal comma, in any language: a file holding `12,50` is
    read with decimal commas even when its columns are separated by commas (a quoted `"12,50"`). A file whose
    amounts all have a decimal point (`12.50`, `1,234.50`) is read with decimal points, even with semicolons.
    Without either (whole numbers only), a semicolon-separated file is taken as a French Excel re-save.
    """
    comma = point = ""
    for column in header:
        cells = [row.get(column, "").strip() for row in rows]
        cells = [cell for cell in cells if cell]
        numeric = cells and all(_COMMA_DECIMALS.match(c) or _POINT_DECIMALS.match(c) or _WHOLE.match(c)
                                for c in cells)
        if not numeric:
            continue  # a text or date column: "1,5 rue des Lilas" or 25.09.26 says nothing about amounts
        comma = comma or next((c for c in cells if _COMMA_DECIMALS.match(c)), "")
        point = point or next((c for c in cells if _POINT_DECIMALS.match(c)), "")
    if comma and point:
        raise ExportFileError(_("“{name}” writes some amounts with a decimal comma (“{comma}”) and others with a "
                                "decimal point (“{point}”): the course cannot tell which is meant, so download the "
                                "file again from your platform.").format(name=name, comma=comma, point=point))
    if comma or point:
        return bool(comma)
    return sep == ";"


def _currency_of(text: str) -> str | None:
    for sign, code in CURRENCY_SIGNS.items():
        if sign in text:
            return code
    return None


DATE_FORMATS = {
    "month_first": ("%m/%d/%y", "%m/%d/%Y", "%m-%d-%Y"),
    "day_first": ("%d/%m/%y", "%d/%m/%Y", "%d.%m.%y", "%d.%m.%Y", "%d-%m-%Y"),
}
ISO_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S%z",
               "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")


def _one_date(text: str, formats: tuple[str, ...]) -> date | None:
    value = text.strip()
    # Excel re-saves add a time (“25/09/2026 14:03”); Etsy and SumUp write the date alone
    candidates = [value, value.split(" ")[0]] if " " in value and not re.match(r"\d{4}-", value) else [value]
    for candidate in candidates:
        for fmt in (*ISO_FORMATS, *formats):
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None


def _dates(values: list[str], preferred: str, column: str) -> list[date]:
    """Every date of a column read one way for the whole file: the platform's own order first, else the other."""
    orders = [preferred, "day_first" if preferred == "month_first" else "month_first"]
    first_bad = ""
    for order in orders:
        parsed = [_one_date(v, DATE_FORMATS[order]) for v in values]
        if all(parsed):
            return parsed  # type: ignore[return-value]
        first_bad = first_bad or next(v for v, p in zip(values, parsed, strict=True) if p is None)
    raise ExportFileError(_("The column “{column}” should hold dates; “{value}” is not a date the course can read "
                            "(it reads 09/25/26, 25/09/2026, 25.09.26 and 2026-09-25).").format(
        column=column, value=first_bad))


# ---------------------------------------------------------------- the layouts

@dataclass(frozen=True)
class Layout:
    layout_id: str
    platform: str
    label: str  # N_() message
    signature: tuple[str, ...]  # columns that identify the layout
    required: tuple[str, ...]  # columns the course needs
    dates: str  # how the platform writes dates: month_first or day_first
    parse: Callable[[Reader], tuple[list[Order], list[LineItem], list[str]]]


class Reader:
    """The rows of one file with the helpers every layout uses."""

    def __init__(self, rows: list[dict[str, str]], header: list[str], decimal_comma: bool, layout: Layout,
                 currency: str | None) -> None:
        self.rows = rows
        self.decimal_comma = decimal_comma
        self.layout = layout
        self.currency_hint = currency
        self.names = {name.lower(): name for name in header}

    def has(self, column: str) -> bool:
        return column.lower() in self.names

    def text(self, row: dict[str, str], column: str) -> str:
        name = self.names.get(column.lower())
        return row.get(name, "").strip() if name else ""

    def number(self, row: dict[str, str], column: str) -> Decimal:
        return _number(self.text(row, column), self.decimal_comma, column)

    def dates(self, column: str, rows: list[dict[str, str]] | None = None) -> list[date]:
        chosen = rows if rows is not None else self.rows
        preferred = "day_first" if self.decimal_comma else self.layout.dates
        return _dates([self.text(r, column) for r in chosen], preferred, column)

    def currency(self, row: dict[str, str], *columns: str) -> str:
        """The row's currency: its currency column, else a £/€/$ sign in an amount, else the one given."""
        code = next((self.text(row, c).upper() for c in columns if self.has(c) and self.text(row, c)), "")
        if not code:
            signs = {_currency_of(v) for v in row.values()} - {None}
            code = signs.pop() if len(signs) == 1 else (self.currency_hint or "")
        if not code:
            raise ExportFileError(_("This {layout} does not say its currency: give it, e.g. "
                                    "read_export(path, currency=\"GBP\").").format(layout=_(self.layout.label)))
        if code not in CURRENCIES:
            raise ExportFileError(_("The order amounts are in {found}; the course works in {known}.").format(
                found=code, known=", ".join(CURRENCIES)))
        return code


def _money(amount: Decimal, currency: str) -> Money:
    return Money(amount, currency)


def _is_refund(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in REFUND_WORDS)


def _etsy_orders(r: Reader) -> tuple[list[Order], list[LineItem], list[str]]:
    orders = []
    for row, day in zip(r.rows, r.dates("Sale Date"), strict=True):
        cur = r.currency(row, "Currency")
        items = r.number(row, "Order Value")
        discount = abs(r.number(row, "Discount Amount")) + abs(r.number(row, "Shipping Discount"))
        shipping = r.number(row, "Shipping")
        total = items - discount + shipping
        adjusted = r.number(row, "Adjusted Order Total") if r.has("Adjusted Order Total") else Decimal(0)
        tax = r.number(row, "Sales Tax")
        refunded = Decimal(0)
        if 0 < adjusted < total + tax:  # a partial refund lowers the adjusted total
            refunded = total + tax - adjusted
        elif _is_refund(r.text(row, "Status")):
            refunded = total
        fee_text = r.text(row, "Card Processing Fees")
        fees = abs(r.number(row, "Card Processing Fees")) if fee_text else None
        buyer = r.text(row, "Buyer User ID") or r.text(row, "Buyer") or r.text(row, "Full Name")
        orders.append(Order(r.text(row, "Order ID"), day, "etsy", cur, _money(items, cur), _money(discount, cur),
                            _money(shipping, cur), _money(refunded, cur),
                            None if fees is None else _money(fees, cur), r.text(row, "Ship Country"), buyer))
    notes = [N_("Etsy's Sold Orders file holds only the card processing fee: the transaction, listing and ads fees "
                "are on your monthly Etsy statement, not in this file.")]
    return orders, [], notes


def _etsy_items(r: Reader) -> tuple[list[Order], list[LineItem], list[str]]:
    by_order: dict[str, list[tuple[dict[str, str], date]]] = {}
    for row, day in zip(r.rows, r.dates("Sale Date"), strict=True):
        key = r.text(row, "Order ID") or r.text(row, "Transaction ID")
        by_order.setdefault(key, []).append((row, day))
    orders, lines = [], []
    for order_id, rows in by_order.items():
        first, day = rows[0]
        cur = r.currency(first, "Currency")
        items = Decimal(0)
        for row, _day in rows:
            quantity, price = r.number(row, "Quantity"), r.number(row, "Price")
            items += quantity * price
            lines.append(LineItem(order_id, day, r.text(row, "Item Name"), quantity, _money(price, cur),
                                  r.text(row, "SKU") or r.text(row, "Listing ID")))
        # order-level figures may be repeated on each line or written on the first only: taken once, the largest
        discount = max(abs(r.number(row, "Discount Amount")) + abs(r.number(row, "Shipping Discount"))
                       for row, _ in rows)
        shipping = max(r.number(row, "Order Shipping") for row, _ in rows)
        orders.append(Order(order_id, day, "etsy", cur, _money(items, cur), _money(discount, cur),
                            _money(shipping, cur), Money.zero(cur), None, r.text(first, "Ship Country"),
                            r.text(first, "Buyer")))
    notes = [N_("Etsy's Sold Order Items file has no fees and does not say which orders were refunded: use the "
                "Sold Orders file for those.")]
    return orders, lines, notes


def _shopify(r: Reader) -> tuple[list[Order], list[LineItem], list[str]]:
    by_order: dict[str, list[dict[str, str]]] = {}
    for row in r.rows:
        by_order.setdefault(r.text(row, "Name"), []).append(row)
    firsts = [rows[0] for rows in by_order.values()]
    days = r.dates("Created at", firsts)
    orders, lines = [], []
    for (order_id, rows), day in zip(by_order.items(), days, strict=True):
        first = rows[0]  # Shopify writes the order's own columns on its first line only
        cur = r.currency(first, "Currency")
        items = Decimal(0)
        for row in rows:
            quantity, price = r.number(row, "Lineitem quantity"), r.number(row, "Lineitem price")
            items += quantity * price
            lines.append(LineItem(order_id, day, r.text(row, "Lineitem name"), quantity, _money(price, cur),
                                  r.text(row, "Lineitem sku")))
        discount = abs(r.number(first, "Discount Amount"))
        shipping = r.number(first, "Shipping")
        refunded = abs(r.number(first, "Refunded Amount")) if r.has("Refunded Amount") else Decimal(0)
        status = r.text(first, "Financial Status").lower()
        if not refunded and (status in {"refunded", "voided"} or r.text(first, "Cancelled at")):
            refunded = items - discount + shipping
        country = r.text(first, "Shipping Country") or r.text(first, "Billing Country")
        orders.append(Order(order_id, day, "shopify", cur, _money(items, cur), _money(discount, cur),
                            _money(shipping, cur), _money(refunded, cur), None, country, r.text(first, "Email")))
    notes = [N_("Shopify's orders export has no payment fees: they are in Shopify Payments' payouts, not in this "
                "file.")]
    return orders, lines, notes


def _square(r: Reader) -> tuple[list[Order], list[LineItem], list[str]]:
    orders: dict[str, Order] = {}
    refunds: list[tuple[str, Decimal, dict[str, str], date]] = []
    for row, day in zip(r.rows, r.dates("Date"), strict=True):
        key = r.text(row, "Transaction ID") or r.text(row, "Payment ID")
        if _is_refund(r.text(row, "Event Type")):
            refunds.append((key, abs(r.number(row, "Total Collected")), row, day))
            continue
        cur = r.currency(row, "Currency")
        gross = r.number(row, "Gross Sales")
        discount = abs(r.number(row, "Discounts"))
        partial = abs(r.number(row, "Partial Refunds")) if r.has("Partial Refunds") else Decimal(0)
        fees = abs(r.number(row, "Fees"))
        orders[key] = Order(key, day, "square", cur, _money(gross, cur), _money(discount, cur), Money.zero(cur),
                            _money(partial, cur), _money(fees, cur), "", r.text(row, "Customer ID"))
    for key, amount, row, day in refunds:
        if key in orders:
            old = orders[key]
            orders[key] = Order(old.order_id, old.date, old.platform, old.currency, old.items, old.discount,
                                old.shipping, old.refunded + Money(amount, old.currency), old.fees, old.country,
                                old.buyer)
        else:
            cur = r.currency(row, "Currency")
            zero = Money.zero(cur)
            orders[key] = Order(key, day, "square", cur, zero, zero, zero, Money(amount, cur),
                                Money(abs(r.number(row, "Fees")), cur), "", r.text(row, "Customer ID"))
    notes = [N_("Square's transactions export lists payments, not products: the best products need the item "
                "sales export.")]
    return list(orders.values()), [], notes


SUMUP_TX = {  # the same report in English and in German (see datasets/README.md: names partly assumed)
    "id": ("Transaction ID", "Transaktions-ID"),
    "date": ("Date", "Datum"),
    "type": ("Transaction type", "Zahlungsart"),
    "status": ("Status",),
    "amount": ("Total amount", "Betrag inkl. MwSt."),
    "tip": ("Tip amount", "Trinkgeldbetrag"),
    "fee": ("Fee", "Gebühr"),
    "currency": ("Currency", "Währung"),
}


def _sumup_transactions(r: Reader) -> tuple[list[Order], list[LineItem], list[str]]:
    def pick(key: str) -> str:
        return next((name for name in SUMUP_TX[key] if r.has(name)), SUMUP_TX[key][0])

    kept = [row for row in r.rows if not re.search(r"payout|auszahlung|virement", r.text(row, pick("type")), re.I)]
    if not kept:
        raise ExportFileError(_("This SumUp transactions report holds only payouts, no sales."))
    orders = []
    for row, day in zip(kept, r.dates(pick("date"), kept), strict=True):
        cur = r.currency(row, pick("currency"))
        amount = abs(r.number(row, pick("amount"))) - abs(r.number(row, pick("tip")))
        status = r.text(row, pick("status")) + " " + r.text(row, pick("type"))
        refunded = amount if _is_refund(status) else Decimal(0)
        failed = re.search(r"failed|fehlgeschlagen|échou|cancel", r.text(row, pick("status")), re.I)
        if failed and not refunded:
            continue
        orders.append(Order(r.text(row, pick("id")), day, "sumup", cur, _money(amount, cur), Money.zero(cur),
                            Money.zero(cur), _money(refunded, cur), _money(abs(r.number(row, pick("fee"))), cur),
                            "", ""))
    notes = [N_("SumUp's transactions report lists card payments, not products: the sales report has the products.")]
    return orders, [], notes


def _sumup_sales(r: Reader) -> tuple[list[Order], list[LineItem], list[str]]:
    by_order: dict[str, list[tuple[dict[str, str], date]]] = {}
    for row, day in zip(r.rows, r.dates("Date"), strict=True):
        by_order.setdefault(r.text(row, "Transaction ID") or r.text(row, "Receipt Number"), []).append((row, day))
    orders, lines = [], []
    for order_id, rows in by_order.items():
        first, day = rows[0]
        cur = r.currency(first, "Currency")
        items = Decimal(0)
        refunded = Decimal(0)
        for row, _day in rows:
            quantity, line_total = r.number(row, "Quantity"), r.number(row, "Price (Gross)")
            if _is_refund(r.text(row, "Type")) or r.text(row, "Transaction refunded"):
                refunded += abs(line_total)
                if _is_refund(r.text(row, "Type")):
                    continue
            items += line_total
            unit = line_total / quantity if quantity else line_total
            lines.append(LineItem(order_id, day, r.text(row, "Description"), quantity, _money(unit, cur)))
        orders.append(Order(order_id, day, "sumup", cur, _money(items, cur), Money.zero(cur), Money.zero(cur),
                            _money(refunded, cur), None, "", ""))
    notes = [N_("SumUp's sales report has the products but not the card fees: the transactions report has those.")]
    return orders, lines, notes


LAYOUTS = (
    Layout("etsy_sold_orders", "etsy", N_("Etsy Sold Orders export"),
           ("Sale Date", "Order ID", "Order Value", "Buyer User ID", "Order Total"),
           ("Sale Date", "Order ID", "Currency", "Order Value", "Discount Amount", "Shipping"), "month_first",
           _etsy_orders),
    Layout("etsy_sold_order_items", "etsy", N_("Etsy Sold Order Items export"),
           ("Sale Date", "Item Name", "Quantity", "Price", "Transaction ID", "Listing ID"),
           ("Sale Date", "Item Name", "Quantity", "Price", "Currency", "Order ID", "Order Shipping"), "month_first",
           _etsy_items),
    Layout("shopify_orders", "shopify", N_("Shopify orders export"),
           ("Name", "Financial Status", "Lineitem quantity", "Lineitem name", "Lineitem price"),
           ("Name", "Created at", "Currency", "Shipping", "Discount Amount", "Lineitem quantity", "Lineitem name",
            "Lineitem price"), "month_first", _shopify),
    Layout("square_transactions", "square", N_("Square transactions export"),
           ("Gross Sales", "Net Sales", "Total Collected", "Fees", "Net Total"),
           ("Date", "Gross Sales", "Discounts", "Fees", "Transaction ID"), "month_first", _square),
    Layout("sumup_transactions", "sumup", N_("SumUp transactions report"),
           ("Transaction ID", "Transaction type", "Total amount", "Fee", "Payout ID"),
           ("Transaction ID", "Date", "Status", "Total amount", "Fee"), "day_first", _sumup_transactions),
    Layout("sumup_transactions_de", "sumup", N_("SumUp transactions report"),
           ("Transaktions-ID", "Zahlungsart", "Betrag inkl. MwSt.", "Gebühr"),
           ("Transaktions-ID", "Datum", "Status", "Betrag inkl. MwSt.", "Gebühr"), "day_first",
           _sumup_transactions),
    Layout("sumup_sales", "sumup", N_("SumUp sales report"),
           ("Receipt Number", "Price (Gross)", "Price (Net)", "Transaction refunded"),
           ("Date", "Transaction ID", "Quantity", "Description", "Currency", "Price (Gross)"), "day_first",
           _sumup_sales),
)


def recognise(header: list[str]) -> Layout | None:
    """The layout whose identifying columns the header has most of (at least half), or None."""
    names = {name.lower() for name in header}
    best, best_share = None, 0.0
    for layout in LAYOUTS:
        share = sum(col.lower() in names for col in layout.signature) / len(layout.signature)
        if share > best_share:
            best, best_share = layout, share
    return best if best_share >= 0.5 else None


# export file names the platforms give (Etsy: EtsySoldOrders2026.csv, EtsySoldOrderItems2026.csv; Shopify:
# orders_export_1.csv), to name what the course needs when the columns are not the ones it reads
FILE_NAMES = (("etsysoldorderitems", "etsy_sold_order_items"), ("etsysoldorders", "etsy_sold_orders"),
              ("orders_export", "shopify_orders"))
SHOWN_COLUMNS = 12
# column names any table may have: no clue to a platform (a bank statement has "Date", "Description", "Amount")
GENERIC_COLUMNS = {"date", "description", "currency", "status", "quantity", "price", "shipping", "name", "fee",
                   "fees", "discounts", "type", "amount", "total"}


def guess(name: str, header: list[str]) -> Layout | None:
    """The layout a file seems meant to be, from its name or from the columns it shares with one layout only."""
    plain = re.sub(r"[^a-z_]", "", name.lower().replace(" ", "_").replace("-", "_"))
    for stem, layout_id in FILE_NAMES:
        if stem in plain:
            return next(layout for layout in LAYOUTS if layout.layout_id == layout_id)
    names = {column.lower() for column in header} - GENERIC_COLUMNS
    scores = [(len({col.lower() for col in (*layout.signature, *layout.required)} & names), layout)
              for layout in LAYOUTS]
    best = max(score for score, _layout in scores)
    leaders = [layout for score, layout in scores if score == best]
    return leaders[0] if best and len(leaders) == 1 else None  # a tie is no clue


def _quoted(columns: list[str] | tuple[str, ...]) -> str:
    return ", ".join(_("“{column}”").format(column=column) for column in columns)


def unknown_columns(name: str, header: list[str]) -> str:
    """The sentence for a file whose columns the course cannot read: the columns found and the columns needed."""
    found = [column for column in header if column]
    shown = _quoted(found[:SHOWN_COLUMNS]) + (", …" if len(found) > SHOWN_COLUMNS else "") if found else _("none")
    layout = guess(name, header)
    if layout is not None:
        return _("“{name}” looks like a {layout}, but its columns ({found}) are not the ones the course reads: it "
                 "needs {needed}, named exactly so (if your platform wrote them in another language, rename them "
                 "in a copy of the file).").format(name=name, layout=_(layout.label), found=shown,
                                                   needed=_quoted(layout.required))
    needs = _("; ").join(_("for a {layout}, {needed}").format(layout=_(layout.label), needed=_quoted(layout.required))
                      for layout in LAYOUTS if layout.layout_id != "sumup_transactions_de")
    return _("The columns of “{name}” ({found}) match none of the exports the course reads; it needs, named exactly "
             "so: {needs}.").format(name=name, found=shown, needs=needs)


def read_bytes(data: bytes, name: str = "export.csv", currency: str | None = None) -> ShopExport:
    """The orders of an export given as bytes (an upload); `name` is only used in messages."""
    text = _decode(data, name)
    header, rows, sep = _rows(text)
    layout = recognise(header)
    if layout is None:
        raise ExportFileError(unknown_columns(name, header))
    lowered = {h.lower() for h in header}
    missing = [col for col in layout.required if col.lower() not in lowered]
    if missing:
        raise ExportFileError(_(
            "“{name}” looks like a {layout} but has no column “{missing}”: the course needs {needed}.").format(
            name=name, layout=_(layout.label), missing=missing[0], needed=", ".join(layout.required)))
    if not rows:
        raise ExportFileError(_("“{name}” has the column names of a {layout} but no orders under them: export a "
                                "period in which you sold something.").format(name=name, layout=_(layout.label)))
    reader = Reader(rows, header, decimal_comma=decimal_mark(header, rows, sep, name), layout=layout,
                    currency=currency)
    orders, lines, notes = layout.parse(reader)
    if not orders:
        raise ExportFileError(_("“{name}” is a {layout} but holds no sale.").format(name=name,
                                                                                     layout=_(layout.label)))
    currencies = {o.currency for o in orders}
    if len(currencies) > 1:
        raise ExportFileError(_("“{name}” mixes currencies ({found}): export one shop, in one currency, at a "
                                "time.").format(name=name, found=", ".join(sorted(currencies))))
    return ShopExport(name, layout.layout_id, layout.platform, tuple(orders), tuple(lines), tuple(notes))


def read_export(path: str | Path, currency: str | None = None) -> ShopExport:
    """The orders of the export file at `path`, in the course's shape; the file is only read, never written.

    `currency` is needed only for a file that states no currency anywhere (e.g. some SumUp reports).
    """
    file = Path(path)
    if not file.is_file():
        raise ExportFileError(_("There is no file “{path}”: check the name and the folder.").format(path=path))
    with open(file, "rb") as handle:  # read-only
        data = handle.read()
    return read_bytes(data, file.name, currency)


def sample_exports() -> dict[str, Path]:
    """The course's synthetic sample exports, by file name (to try the dashboard without your own file)."""
    return {path.name: path for path in sorted(SAMPLES_DIR.glob("*.csv"))}
