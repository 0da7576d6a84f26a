"""Reading a learner's own export: every platform, every format, every wrong file; the file is never changed."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from atelier.errors import CourseInputError
from atelier.ownshop import read_bytes, read_export, sample_exports

EXPORTS = Path(__file__).parent / "ownshop_exports"
EXPECTED = json.loads((EXPORTS / "expected.json").read_text(encoding="utf-8"))


def total(export, field: str) -> Decimal:
    return sum((getattr(o, field).amount for o in export.orders), Decimal(0))


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.removesuffix(".csv"))
def test_each_export_adds_up_to_the_orders_it_was_made_from(name: str) -> None:
    expected = EXPECTED[name]
    export = read_export(EXPORTS / name)
    assert len(export.orders) == expected["orders"]
    assert len(export.lines) == expected["lines"]
    assert export.currency == expected["currency"]
    for field in ("items", "discount", "shipping", "refunded"):
        assert total(export, field) == Decimal(expected[field]), field
    if expected["fees"] is None:
        assert all(o.fees is None for o in export.orders), "an unknown fee must stay unknown, not £0"
    else:
        assert sum((o.fees.amount for o in export.orders), Decimal(0)) == Decimal(expected["fees"])
    assert min(o.date for o in export.orders).isoformat() == expected["first_date"]
    assert max(o.date for o in export.orders).isoformat() == expected["last_date"]
    if expected["lines"]:
        assert sum((li.total.amount for li in export.lines), Decimal(0)) == Decimal(expected["items"])


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.removesuffix(".csv"))
def test_the_file_is_only_read(name: str) -> None:
    path = EXPORTS / name
    before, stat = path.read_bytes(), path.stat()
    read_export(path)
    after = path.stat()
    assert path.read_bytes() == before
    assert (after.st_mtime_ns, after.st_size) == (stat.st_mtime_ns, stat.st_size)


def test_every_format_of_a_layout_reads_the_same_orders() -> None:
    for layout in {name.split("__")[0] for name in EXPECTED}:
        results = [read_export(EXPORTS / f"{layout}__{fmt}.csv") for fmt in ("utf8", "utf8_bom", "cp1252",
                                                                             "fr_excel")]
        first = results[0]
        for other in results[1:]:
            assert other.orders == first.orders, layout
            assert other.lines == first.lines, layout


def test_a_french_excel_resave_of_an_etsy_file() -> None:
    path = EXPORTS / "etsy_sold_orders_fr__fr_excel.csv"
    raw = path.read_bytes()
    assert b";" in raw.splitlines()[0] and not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("cp1252")
    export = read_export(path)
    assert export.platform == "etsy" and export.currency == "EUR"
    utf8 = read_export(EXPORTS / "etsy_sold_orders_fr__utf8.csv")
    assert [o.date for o in export.orders] == [o.date for o in utf8.orders]
    assert {o.country for o in export.orders} >= {"France"}


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_shopify_order_fields_on_the_first_line_only_hand_worked(tmp_path: Path) -> None:
    text = ("Name,Email,Financial Status,Currency,Subtotal,Shipping,Total,Discount Amount,Created at,"
            "Lineitem quantity,Lineitem name,Lineitem price,Shipping Country,Refunded Amount\n"
            "#1001,a@example.com,paid,GBP,71.00,4.50,75.50,5.00,2026-03-14 10:02:00 +0000,2,\"Mug, blue\",28.00,"
            "GB,0.00\n"
            "#1001,,,,,,,,,1,Bud vase,20.00,,\n"
            "#1002,b@example.com,refunded,GBP,18.00,3.95,21.95,0.00,2026-03-15 09:00:00 +0000,1,Bud vase,18.00,FR,"
            "21.95\n")
    export = read_export(write(tmp_path, "orders_export.csv", text))
    first, second = export.orders
    # 2 × 28.00 + 1 × 20.00 = 76.00 of items, 5.00 off, 4.50 postage
    assert (first.items.amount, first.discount.amount, first.shipping.amount) == (Decimal("76.00"),
                                                                                 Decimal("5.00"), Decimal("4.50"))
    assert first.received.amount == Decimal("75.50") and first.country == "GB"
    assert first.fees is None
    assert second.refunded.amount == Decimal("21.95") and second.received.amount == 0
    assert [li.product for li in export.lines] == ["Mug, blue", "Bud vase", "Bud vase"]
    assert first.date == date(2026, 3, 14)


def test_etsy_dates_month_first_unless_only_day_first_makes_sense(tmp_path: Path) -> None:
    header = "Sale Date,Order ID,Currency,Order Value,Discount Amount,Shipping,Card Processing Fees\n"
    us = read_export(write(tmp_path, "a.csv", header + "03/04/26,1,GBP,10.00,0,2.00,0.59\n"))
    assert us.orders[0].date == date(2026, 3, 4)
    uk = read_export(write(tmp_path, "b.csv", header + "03/04/26,1,GBP,10.00,0,2.00,0.59\n"
                                                       "25/04/26,2,GBP,10.00,0,2.00,0.59\n"))
    assert [o.date for o in uk.orders] == [date(2026, 4, 3), date(2026, 4, 25)]
    assert uk.orders[0].fees.amount == Decimal("0.59")


def test_square_signs_and_negative_fees(tmp_path: Path) -> None:
    text = ("Date,Time,Gross Sales,Discounts,Net Sales,Total Collected,Fees,Net Total,Transaction ID,Event Type\n"
            "2026-09-13,10:02:11,\"£1,230.00\",-£3.00,\"£1,227.00\",\"£1,227.00\",-£20.86,\"£1,206.14\",T1,Payment\n"
            "2026-09-16,10:00:00,£0.00,£0.00,£0.00,-£27.00,£0.00,-£27.00,T1,Refund\n")
    (order,) = read_export(write(tmp_path, "transactions.csv", text)).orders
    assert order.currency == "GBP"
    assert (order.items.amount, order.discount.amount, order.fees.amount, order.refunded.amount) == (
        Decimal("1230.00"), Decimal("3.00"), Decimal("20.86"), Decimal("27.00"))


def test_decimal_comma_with_thousands_and_euro_sign(tmp_path: Path) -> None:
    text = ("Sale Date;Order ID;Currency;Order Value;Discount Amount;Shipping;Card Processing Fees\r\n"
            "25/09/2026;7;EUR;1 234,50 €;0;7,20;\"0,95\"\r\n;;;;;;\r\n")
    (order,) = read_export(write(tmp_path, "EtsySoldOrders.csv", text, "cp1252")).orders
    assert order.items.amount == Decimal("1234.50") and order.shipping.amount == Decimal("7.20")
    assert order.date == date(2026, 9, 25) and order.fees.amount == Decimal("0.95")


def test_an_upload_reads_like_the_file() -> None:
    path = EXPORTS / "shopify_orders__utf8_bom.csv"
    assert read_bytes(path.read_bytes(), path.name) == read_export(path)


def test_the_bundled_samples_read() -> None:
    samples = sample_exports()
    assert len(samples) >= 5
    platforms = {read_export(path).platform for path in samples.values()}
    assert platforms == {"etsy", "shopify", "sumup", "square"}


def one_sentence(message: str) -> bool:
    return bool(message) and "Traceback" not in message and len(re.findall(r"[.!?](\s|$)", message)) <= 2


WRONG = {
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    "xlsx": (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "Excel"),
    "empty": (b"", "empty"),
    "blank": (b"\r\n\r\n", "empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    "header_only": (b"Name,Email,Financial Status,Currency,Shipping,Discount Amount,Created at,Lineitem quantity,"
                    b"Lineitem name,Lineitem price\r\n", "no orders"),
    "missing_column": (b"Name,Financial Status,Currency,Shipping,Discount Amount,Created at,Lineitem quantity,"
                       b"Lineitem name\n#1,paid,GBP,0,0,2026-01-01,1,Mug\n", "Lineitem price"),
    "unknown_platform": (b"Date,Description,Amount\n2026-01-02,Mug,28.00\n", "match none"),
    "other_currency": (b"Sale Date,Order ID,Currency,Order Value,Discount Amount,Shipping\n"
                       b"01/02/26,1,CAD,10.00,0,0\n", "CAD"),
    "mixed_currencies": (b"Sale Date,Order ID,Currency,Order Value,Discount Amount,Shipping\n"
                         b"01/02/26,1,GBP,10.00,0,0\n01/03/26,2,EUR,10.00,0,0\n", "mixes"),
    "bad_date": (b"Sale Date,Order ID,Currency,Order Value,Discount Amount,Shipping\n"
                 b"yesterday,1,GBP,10.00,0,0\n", "yesterday"),
    "bad_amount": (b"Sale Date,Order ID,Currency,Order Value,Discount Amount,Shipping\n"
                   b"01/02/26,1,GBP,ten pounds,0,0\n", "ten pounds"),
    "payouts_only": (b"Transaction ID,Date,Transaction type,Status,Total amount,Fee,Currency\n"
                     b"P1,01/02/2026 10:00,Payout,Successful,100.00,0,EUR\n", "payouts"),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_a_wrong_file_gets_one_plain_sentence_and_is_left_as_it_was(case: str, tmp_path: Path) -> None:
    data, words = WRONG[case]
    path = tmp_path / "my_orders.csv"
    path.write_bytes(data)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    with pytest.raises(CourseInputError) as raised:
        read_export(path)
    message = str(raised.value)
    assert words.lower() in message.lower(), message
    assert one_sentence(message), message
    assert path.read_bytes() == data and path.stat().st_mtime_ns == 1_700_000_000_000_000_000


def test_a_missing_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(CourseInputError, match="no file"):
        read_export(tmp_path / "nowhere.csv")


def test_a_report_without_any_currency_asks_for_it(tmp_path: Path) -> None:
    path = write(tmp_path, "sumup.csv", "Transaction ID,Date,Transaction type,Status,Total amount,Fee\n"
                                        "T1,01/02/2026 10:00,Sale,Successful,12.00,0.21\n")
    with pytest.raises(CourseInputError, match="currency"):
        read_export(path)
    (order,) = read_export(path, currency="EUR").orders
    assert order.items == order.items.of("12.00", "EUR") and order.fees.amount == Decimal("0.21")
    assert order.date == date(2026, 2, 1)
