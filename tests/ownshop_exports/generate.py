"""Write small synthetic sales exports (no real people's data) in each platform's layout and in each format.

    .venv/bin/python tests/ownshop_exports/generate.py

Seeded: the same files every run. For each layout it writes `<layout>__<format>.csv` here, where format is
utf8, utf8_bom, cp1252 or fr_excel (what a French Excel writes when it re-saves a CSV: semicolons, decimal
commas, day-first dates, Windows-1252). `expected.json` holds each file's totals, computed here from the orders
the script made up (not by reading the files back). It also writes the larger sample exports the course's app
offers to try, into atelier/ownshop/samples/.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from atelier import pricing

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent.parent / "atelier" / "ownshop" / "samples"
CENT = Decimal("0.01")
FORMATS = ("utf8", "utf8_bom", "cp1252", "fr_excel")
SIGN = {"GBP": "£", "EUR": "€", "USD": "$"}

PRODUCTS = {
    "GBP": [("Mug, speckled stoneware", Decimal("28.00")), ("Tea bowl — celadon glaze", Decimal("34.50")),
            ("Bud vase, small", Decimal("18.00")), ("Serving platter, 32 cm", Decimal("65.00")),
            ("Café au lait bowl", Decimal("22.00"))],
    "EUR": [("Théière, grès émaillé", Decimal("72.00")), ("Bol à thé « céladon »", Decimal("31.50")),
            ("Coussin lin, 40 × 40 cm", Decimal("45.00")), ("Tasse, émail bleu", Decimal("24.00")),
            ("Plat à tarte, 28 cm", Decimal("39.90"))],
}
COUNTRIES = {"GBP": [("United Kingdom", "GB")] * 6 + [("France", "FR"), ("United States", "US"),
                                                      ("Germany", "DE")],
             "EUR": [("France", "FR")] * 6 + [("Belgium", "BE"), ("Germany", "DE"), ("United Kingdom", "GB")]}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Made:
    """One made-up order: the truth every file is written from."""

    order_id: str
    day: date
    currency: str
    buyer: str
    country: tuple[str, str]
    lines: list[tuple[str, int, Decimal]]
    discount: Decimal
    shipping: Decimal
    refunded: Decimal = Decimal(0)
    cancelled: bool = False
    fee: Decimal = Decimal(0)
    extra: dict = field(default_factory=dict)

    @property
    def items(self) -> Decimal:
        return sum((q * p for _, q, p in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.items - self.discount + self.shipping


def make_orders(rng: random.Random, currency: str, count: int, first_id: int, *, in_person: bool = False,
                start: date = date(2026, 1, 5), days: int = 80, buyers_per_order: float = 0.67) -> list[Made]:
    buyers = [f"buyer{n:03d}" for n in range(1, max(4, int(count * buyers_per_order)))]
    orders = []
    for n in range(count):
        lines = []
        for product, price in rng.sample(PRODUCTS[currency], rng.choice((1, 1, 1, 2, 3))):
            lines.append((product, rng.choice((1, 1, 2)), price))
        items = sum((q * p for _, q, p in lines), Decimal(0))
        discount = money(items * Decimal("0.10")) if rng.random() < 0.2 else Decimal(0)
        shipping = Decimal(0) if in_person else rng.choice((Decimal("3.95"), Decimal("4.50"), Decimal("7.20")))
        day = start + timedelta(days=rng.randrange(days))
        order = Made(str(first_id + n), day, currency, rng.choice(buyers),
                     ("", "") if in_person else rng.choice(COUNTRIES[currency]), lines, discount, shipping)
        order.fee = card_fee(order)
        orders.append(order)
    orders.sort(key=lambda o: o.day)
    orders[2].cancelled = True
    orders[2].refunded = orders[2].total
    orders[5].refunded = money(orders[5].total / 2)
    return orders


def card_fee(order: Made) -> Decimal:
    """The card fee the platform takes, by the course's fee table (channel_fees.csv): Etsy's payment processing
    online, the card reader's rate in person."""
    in_person = not order.country[0]
    channel = {("GBP", False): "etsy_uk", ("EUR", False): "etsy_fr", ("GBP", True): "square_reader_uk",
               ("EUR", True): "sumup_reader_fr"}[(order.currency, in_person)]
    lines = pricing.fees(channel, order.items - order.discount, order.shipping).lines
    return next(line.amount.amount for line in lines if line.fee_id in {"payment_processing", "card_payment"})


# ---------------------------------------------------------------- formats

def number(value: Decimal, fmt: str, sign: str = "") -> str:
    text = f"{value:.2f}"
    if fmt == "fr_excel":
        text = text.replace(".", ",")
        return f"{text} {sign}".strip() if sign else text
    if sign:
        return f"-{sign}{text[1:]}" if text.startswith("-") else f"{sign}{text}"
    return text


def day_text(day: date, native: str, fmt: str) -> str:
    if fmt == "fr_excel":
        return day.strftime("%d/%m/%Y")
    return day.strftime(native)


def write(path: Path, header: list[str], rows: list[list[str]], fmt: str) -> None:
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if fmt == "fr_excel" else ",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if fmt == "fr_excel":
        text += ";" * (len(header) - 1) + "\r\n"  # Excel leaves an empty line of separators
    data = {"utf8": text.encode("utf-8"), "utf8_bom": text.encode("utf-8-sig")}.get(fmt) or text.encode("cp1252")
    path.write_bytes(data)


# ---------------------------------------------------------------- layouts

ETSY_ORDERS = ("Sale Date,Order ID,Buyer User ID,Full Name,First Name,Last Name,Number of Items,Payment Method,"
               "Date Shipped,Street 1,Street 2,Ship City,Ship State,Ship Zipcode,Ship Country,Currency,Order Value,"
               "Coupon Code,Coupon Details,Discount Amount,Shipping Discount,Shipping,Sales Tax,Order Total,Status,"
               "Card Processing Fees,Order Net,Adjusted Order Total,Adjusted Card Processing Fees,"
               "Adjusted Net Order Amount,Buyer,Order Type,Payment Type,InPerson Discount,InPerson Location,SKU"
               ).split(",")
ETSY_ITEMS = ("Sale Date,Item Name,Buyer,Quantity,Price,Coupon Code,Coupon Details,Discount Amount,"
              "Shipping Discount,Order Shipping,Order Sales Tax,Item Total,Currency,Transaction ID,Listing ID,"
              "Date Paid,Date Shipped,Ship Name,Ship Address1,Ship Address2,Ship City,Ship State,Ship Zipcode,"
              "Ship Country,Order ID,Variations,Order Type,Listings Type,Payment Type,InPerson Discount,"
              "InPerson Location,VAT Paid by Buyer,SKU").split(",")
SHOPIFY = ("Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,"
           "Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,"
           "Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,"
           "Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,"
           "Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,"
           "Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,"
           "Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,"
           "Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,"
           "Id,Tags,Risk Level,Source,Lineitem discount").split(",")
SQUARE = ("Date,Time,Time Zone,Gross Sales,Discounts,Service Charges,Net Sales,Gift Card Sales,Tax,Tip,"
          "Partial Refunds,Total Collected,Source,Card,Card Entry Methods,Cash,Square Gift Card,Other Tender,"
          "Other Tender Type,Tender Note,Fees,Net Total,Transaction ID,Payment ID,Card Brand,PAN Suffix,Device Name,"
          "Staff Name,Staff ID,Details,Description,Event Type,Location,Dining Option,Customer ID,Customer Name,"
          "Customer Reference ID,Device Nickname,Third Party Fees,Deposit ID,Deposit Date,Deposit Details,"
          "Fee Percentage Rate,Fee Fixed Rate,Refund Reason,Discount Name,Transaction Status,Cash App,"
          "Order Reference ID,Fulfillment Note,Free Processing Applied,Channel,Unattributed Tips,Table Info,"
          "International Fee").split(",")
# ASSUMED English names (see datasets/README.md): only the German report's names are confirmed by public code
SUMUP_TX = ("Email,Date,Transaction ID,Transaction type,Status,Payment method,Card type,Total amount,Tip amount,"
            "Fee,Payout,Payout ID,Currency").split(",")
SUMUP_SALES = ("Account,Date,Time,Type,Transaction ID,Receipt Number,Payment Method,Quantity,Description,Currency,"
               "Price (Gross),Price (Net),Tax,Tax rate,Transaction refunded").split(",")


def etsy_orders(orders: list[Made], fmt: str) -> tuple[list[str], list[list[str]], dict]:
    rows = []
    for o in orders:
        cur = o.currency
        adjusted = (o.total - o.refunded) if (o.refunded and not o.cancelled) else Decimal(0)
        status = "Canceled" if o.cancelled else ("Partially Refunded" if o.refunded else "Completed")
        row = dict.fromkeys(ETSY_ORDERS, "")
        row.update({"Sale Date": day_text(o.day, "%m/%d/%y", fmt), "Order ID": o.order_id, "Buyer User ID": o.buyer,
                    "Full Name": f"Example {o.buyer}", "First Name": "Example", "Last Name": o.buyer,
                    "Number of Items": str(sum(q for _, q, _ in o.lines)), "Payment Method": "Credit Card",
                    "Street 1": "1 Example Street", "Ship City": "Exampleton", "Ship Country": o.country[0],
                    "Currency": cur, "Order Value": number(o.items, fmt), "Discount Amount": number(o.discount, fmt),
                    "Shipping Discount": number(Decimal(0), fmt), "Shipping": number(o.shipping, fmt),
                    "Sales Tax": number(Decimal(0), fmt), "Order Total": number(o.total, fmt), "Status": status,
                    "Card Processing Fees": number(o.fee, fmt), "Order Net": number(o.total - o.fee, fmt),
                    "Adjusted Order Total": number(adjusted, fmt),
                    "Adjusted Card Processing Fees": number(o.fee if adjusted else Decimal(0), fmt),
                    "Adjusted Net Order Amount": number(adjusted - o.fee if adjusted else Decimal(0), fmt),
                    "Buyer": o.buyer, "Order Type": "online", "Payment Type": "online_cc"})
        if o.discount:
            row["Coupon Code"] = "WELCOME10"
        rows.append([row[c] for c in ETSY_ORDERS])
    expected = totals(orders, fees=True)
    return ETSY_ORDERS, rows, expected


def etsy_items(orders: list[Made], fmt: str) -> tuple[list[str], list[list[str]], dict]:
    rows = []
    transaction = 5000
    for o in orders:
        for index, (product, quantity, price) in enumerate(o.lines):
            transaction += 1
            row = dict.fromkeys(ETSY_ITEMS, "")
            first = index == 0  # order-level figures on the order's first line only
            row.update({"Sale Date": day_text(o.day, "%m/%d/%y", fmt), "Item Name": product, "Buyer": o.buyer,
                        "Quantity": str(quantity), "Price": number(price, fmt),
                        "Discount Amount": number(o.discount if first else Decimal(0), fmt),
                        "Shipping Discount": number(Decimal(0), fmt),
                        "Order Shipping": number(o.shipping if first else Decimal(0), fmt),
                        "Order Sales Tax": number(Decimal(0), fmt), "Item Total": number(price * quantity, fmt),
                        "Currency": o.currency, "Transaction ID": str(transaction), "Listing ID": str(900 + index),
                        "Ship Name": f"Example {o.buyer}", "Ship Country": o.country[0], "Order ID": o.order_id,
                        "Order Type": "online", "Listings Type": "listing", "Payment Type": "online_cc"})
            rows.append([row[c] for c in ETSY_ITEMS])
    expected = totals(orders, fees=False, refunds=False)
    return ETSY_ITEMS, rows, expected


def shopify(orders: list[Made], fmt: str) -> tuple[list[str], list[list[str]], dict]:
    rows = []
    for o in orders:
        status = "refunded" if o.cancelled else ("partially_refunded" if o.refunded else "paid")
        created = f"{o.day.isoformat()} 10:15:00 +0000" if fmt != "fr_excel" else o.day.strftime("%d/%m/%Y 10:15")
        for index, (product, quantity, price) in enumerate(o.lines):
            row = dict.fromkeys(SHOPIFY, "")
            row.update({"Name": f"#{o.order_id}", "Lineitem quantity": str(quantity), "Lineitem name": product,
                        "Lineitem price": number(price, fmt), "Lineitem sku": f"SKU-{index}",
                        "Lineitem requires shipping": "true", "Lineitem taxable": "false"})
            if index == 0:  # the order's own columns on its first line only, as Shopify writes them
                row.update({"Email": f"{o.buyer}@example.com", "Financial Status": status, "Paid at": created,
                            "Fulfillment Status": "fulfilled", "Accepts Marketing": "no", "Currency": o.currency,
                            "Subtotal": number(o.items - o.discount, fmt), "Shipping": number(o.shipping, fmt),
                            "Taxes": number(Decimal(0), fmt), "Total": number(o.total, fmt),
                            "Discount Code": "WELCOME10" if o.discount else "",
                            "Discount Amount": number(o.discount, fmt), "Shipping Method": "Standard",
                            "Created at": created, "Shipping Country": o.country[1],
                            "Billing Country": o.country[1], "Cancelled at": created if o.cancelled else "",
                            "Refunded Amount": number(o.refunded, fmt), "Id": str(7000 + int(o.order_id))})
            rows.append([row[c] for c in SHOPIFY])
    return SHOPIFY, rows, totals(orders, fees=False)


def square(orders: list[Made], fmt: str) -> tuple[list[str], list[list[str]], dict]:
    rows = []
    for o in orders:
        sign = SIGN[o.currency]
        collected = o.items - o.discount
        base = dict.fromkeys(SQUARE, "")
        base.update({"Time": "11:30:00", "Time Zone": "London", "Source": "Point of Sale",
                     "Transaction ID": f"SQ{o.order_id}", "Payment ID": f"P{o.order_id}", "Card Brand": "Visa",
                     "Description": ", ".join(f"{p} x {q}" for p, q, _ in o.lines), "Location": "Craft fair",
                     "Customer ID": o.buyer})
        payment = dict(base)
        payment.update({"Date": day_text(o.day, "%m/%d/%Y", fmt), "Gross Sales": number(o.items, fmt, sign),
                        "Discounts": number(-o.discount, fmt, sign), "Service Charges": number(Decimal(0), fmt, sign),
                        "Net Sales": number(collected, fmt, sign), "Tax": number(Decimal(0), fmt, sign),
                        "Tip": number(Decimal(0), fmt, sign), "Partial Refunds": number(Decimal(0), fmt, sign),
                        "Total Collected": number(collected, fmt, sign), "Card": number(collected, fmt, sign),
                        "Fees": number(-o.fee, fmt, sign), "Net Total": number(collected - o.fee, fmt, sign),
                        "Event Type": "Payment", "Transaction Status": "Complete"})
        rows.append([payment[c] for c in SQUARE])
        if o.refunded:
            refund = dict(base)
            refund.update({"Date": day_text(o.day + timedelta(days=3), "%m/%d/%Y", fmt),
                           "Gross Sales": number(Decimal(0), fmt, sign), "Discounts": number(Decimal(0), fmt, sign),
                           "Net Sales": number(Decimal(0), fmt, sign),
                           "Total Collected": number(-o.refunded, fmt, sign), "Fees": number(Decimal(0), fmt, sign),
                           "Net Total": number(-o.refunded, fmt, sign), "Event Type": "Refund",
                           "Refund Reason": "Returned", "Transaction Status": "Complete"})
            rows.append([refund[c] for c in SQUARE])
    return SQUARE, rows, totals(orders, fees=True, shipping=False)


def sumup_tx(orders: list[Made], fmt: str) -> tuple[list[str], list[list[str]], dict]:
    rows = []
    for o in orders:
        amount = o.items - o.discount
        refunded = bool(o.refunded)
        row = {"Email": "stall@example.com", "Date": o.day.strftime("%d/%m/%Y") + " 14:05",
               "Transaction ID": f"TX{o.order_id}", "Transaction type": "Refund" if refunded else "Sale",
               "Status": "Refunded" if refunded else "Successful", "Payment method": "Card", "Card type": "VISA",
               "Total amount": number(amount, fmt), "Tip amount": number(Decimal(0), fmt),
               "Fee": number(o.fee, fmt), "Payout": number(amount - o.fee, fmt), "Payout ID": f"PO{o.day:%W}",
               "Currency": o.currency}
        rows.append([row[c] for c in SUMUP_TX])
    # a payout line, which is not a sale
    rows.append(["stall@example.com", orders[-1].day.strftime("%d/%m/%Y") + " 23:00", "PAYOUT1", "Payout",
                 "Successful", "", "", number(Decimal("100.00"), fmt), number(Decimal(0), fmt),
                 number(Decimal(0), fmt), number(Decimal("100.00"), fmt), "PO1", orders[0].currency])
    expected = totals(orders, fees=True, shipping=False, discounts=False)
    # the report has no discount column: items are what the card paid; a refund is the whole amount
    expected["items"] = str(sum((o.items - o.discount for o in orders), Decimal(0)))
    expected["refunded"] = str(sum((o.items - o.discount for o in orders if o.refunded), Decimal(0)))
    return SUMUP_TX, rows, expected


def sumup_sales(orders: list[Made], fmt: str) -> tuple[list[str], list[list[str]], dict]:
    rows = []
    for o in orders:
        for product, quantity, price in o.lines:
            line = price * quantity
            row = {"Account": "stall@example.com", "Date": o.day.strftime("%d.%m.%y" if fmt != "fr_excel"
                                                                            else "%d/%m/%Y"),
                   "Time": "11:53", "Type": "Sales", "Transaction ID": f"TX{o.order_id}",
                   "Receipt Number": f"S{o.order_id}", "Payment Method": "Card", "Quantity": str(quantity),
                   "Description": product, "Currency": o.currency, "Price (Gross)": number(line, fmt),
                   "Price (Net)": number(line, fmt), "Tax": number(Decimal(0), fmt), "Tax rate": "0%",
                   "Transaction refunded": "yes" if o.cancelled else ""}
            rows.append([row[c] for c in SUMUP_SALES])
    expected = totals(orders, fees=False, shipping=False, discounts=False)
    expected["refunded"] = str(sum((o.items for o in orders if o.cancelled), Decimal(0)))
    return SUMUP_SALES, rows, expected


def totals(orders: list[Made], *, fees: bool, refunds: bool = True, shipping: bool = True,
           discounts: bool = True) -> dict:
    return {
        "orders": len(orders),
        "lines": sum(len(o.lines) for o in orders),
        "currency": orders[0].currency,
        "items": str(sum((o.items for o in orders), Decimal(0))),
        "discount": str(sum((o.discount for o in orders), Decimal(0)) if discounts else Decimal(0)),
        "shipping": str(sum((o.shipping for o in orders), Decimal(0)) if shipping else Decimal(0)),
        "refunded": str(sum((o.refunded for o in orders), Decimal(0)) if refunds else Decimal(0)),
        "fees": str(sum((o.fee for o in orders), Decimal(0))) if fees else None,
        "first_date": min(o.day for o in orders).isoformat(),
        "last_date": max(o.day for o in orders).isoformat(),
        "buyers": len({o.buyer for o in orders}),
    }


LAYOUTS = {
    # layout: (writer, currency, in person, has line items)
    "etsy_sold_orders": (etsy_orders, "GBP", False),
    "etsy_sold_orders_fr": (etsy_orders, "EUR", False),
    "etsy_sold_order_items": (etsy_items, "GBP", False),
    "shopify_orders": (shopify, "GBP", False),
    "square_transactions": (square, "GBP", True),
    "sumup_transactions": (sumup_tx, "EUR", True),
    "sumup_sales": (sumup_sales, "EUR", True),
}
LINES = {"etsy_sold_order_items", "shopify_orders", "sumup_sales"}


def main() -> None:
    expected = {}
    for number_, (layout, (writer, currency, in_person)) in enumerate(LAYOUTS.items()):
        rng = random.Random(1500 + number_)
        orders = make_orders(rng, currency, 9, 3100 + 100 * number_, in_person=in_person)
        for fmt in FORMATS:
            header, rows, totals_ = writer(orders, fmt)
            name = f"{layout}__{fmt}.csv"
            write(HERE / name, header, rows, fmt)
            totals_["lines"] = totals_["lines"] if layout in LINES else 0
            expected[name] = totals_
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    SAMPLES.mkdir(exist_ok=True)
    samples = {"etsy_sold_orders": ("EtsySoldOrders2026_sample.csv", 2, 120),
               "etsy_sold_order_items": ("EtsySoldOrderItems2026_sample.csv", 3, 120),
               "shopify_orders": ("shopify_orders_export_sample.csv", 4, 60),
               "square_transactions": ("square_transactions_sample.csv", 5, 80),
               "sumup_sales": ("sumup_sales_report_sample.csv", 6, 80)}
    shared = None
    for layout, (name, seed, count) in samples.items():
        writer, currency, in_person = LAYOUTS[layout]
        rng = random.Random(2600 + seed)
        if layout.startswith("etsy") and shared is not None:
            orders = shared  # the two Etsy files describe the same orders
        else:
            orders = make_orders(rng, currency, count, 40000 + 1000 * seed, in_person=in_person,
                                 start=date(2025, 10, 1), days=360, buyers_per_order=2.5)
            shared = orders if layout.startswith("etsy") else shared
        header, rows, _totals = writer(orders, "utf8")
        write(SAMPLES / name, header, rows, "utf8")
    # the French edition's sample: a French maker in euros on Etsy and her own web shop (Shopify); with the SumUp
    # sales report above, the set lesson 09 opens in French. Etsy's and Shopify's column names stay English.
    fr_samples = {"etsy_sold_orders": ("EtsySoldOrders2026_fr_sample.csv", 7, 110),
                  "etsy_sold_order_items": ("EtsySoldOrderItems2026_fr_sample.csv", 8, 110),
                  "shopify_orders": ("shopify_orders_export_fr_sample.csv", 9, 70)}
    shared = None
    for layout, (name, seed, count) in fr_samples.items():
        writer = LAYOUTS[layout][0]
        rng = random.Random(2600 + seed)
        if layout.startswith("etsy") and shared is not None:
            orders = shared
        else:
            orders = make_orders(rng, "EUR", count, 40000 + 1000 * seed, start=date(2025, 10, 1), days=360,
                                 buyers_per_order=2.5)
            shared = orders if layout.startswith("etsy") else shared
        header, rows, _totals = writer(orders, "utf8")
        write(SAMPLES / name, header, rows, "utf8")


if __name__ == "__main__":
    main()
