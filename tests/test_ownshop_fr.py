"""A French seller's export: Excel re-saves (BOM, semicolons, cp1252, decimal commas), French amounts in any file,
and columns the course cannot read (issue 13).

No source was found for French column names in Etsy's or SumUp's exports (datasets/README.md, "Your own shop's
exports"): the course does not guess them. The French-looking headers below are a test input standing for "columns
the course does not know", not a claim about what Etsy writes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from atelier.errors import CourseInputError
from atelier.i18n import language, set_language
from atelier.ownshop import read_bytes, read_export

NNBSP, NBSP = "\u202f", "\u00a0"

ITEMS_HEADER = ["Sale Date", "Item Name", "Buyer", "Quantity", "Price", "Discount Amount", "Shipping Discount",
                "Order Shipping", "Item Total", "Currency", "Transaction ID", "Listing ID", "Ship Country", "Order ID"]
# three orders of a French potter, as a French Excel shows them: day-first dates, decimal commas, € after the amount
ITEMS = [
    ["03/11/2026", "Bol émaillé « Céladon »", "buyer001", "2", "34,50", "0,00", "0,00", "7,20", "69,00", "EUR",
     "9001", "501", "France", "3001"],
    ["03/11/2026", "Tasse à café grès", "buyer001", "1", "18,00", "0,00", "0,00", "7,20", "18,00", "EUR", "9002",
     "502", "France", "3001"],
    ["17/11/2026", f"Saladier 30{NBSP}cm", "buyer002", "1", f"1{NBSP}234,56{NBSP}€", "0,00", "0,00",
     "12,90", f"1{NBSP}234,56{NBSP}€", "EUR", "9003", "503", "Belgique", "3002"],
    ["28/11/2026", "Bol émaillé « Céladon »", "buyer003", "3", "34,50", "10,35", "0,00", "0,00", "103,50", "EUR",
     "9004", "501", "France", "3003"],
]


@pytest.fixture(params=["en", "fr"])
def edition(request: pytest.FixtureRequest) -> Iterator[str]:
    previous = language()
    set_language(request.param)
    yield request.param
    set_language(previous)


def excel_csv(rows: list[list[str]], encoding: str, sep: str = ";", quote_all: bool = False) -> bytes:
    """What Excel writes with "CSV (séparateur : point-virgule)" in a French locale: CRLF and a trailing ;;; line."""
    def cell(text: str) -> str:
        return f'"{text}"' if quote_all or sep in text or '"' in text else text
    lines = [sep.join(cell(c) for c in row) for row in rows]
    lines.append(sep * (len(rows[0]) - 1))
    text = "\r\n".join(lines) + "\r\n"
    return text.encode(encoding)


def check_potter(orders: tuple, lines: tuple) -> None:
    assert [o.order_id for o in orders] == ["3001", "3002", "3003"]
    assert [o.items.amount for o in orders] == [Decimal("87.00"), Decimal("1234.56"), Decimal("103.50")]
    assert [o.shipping.amount for o in orders] == [Decimal("7.20"), Decimal("12.90"), Decimal("0.00")]
    assert orders[2].discount.amount == Decimal("10.35")
    assert [o.date for o in orders] == [date(2026, 11, 3), date(2026, 11, 17), date(2026, 11, 28)]
    assert {o.currency for o in orders} == {"EUR"}
    assert lines[0].product == "Bol émaillé « Céladon »" and lines[1].product == "Tasse à café grès"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_french_excel_resave_reads_right_in_both_editions(edition: str, encoding: str, tmp_path: Path) -> None:
    rows = [ITEMS_HEADER, *ITEMS]
    if encoding == "cp1252":  # cp1252 has the no-break space but not the narrow one
        rows = [[c.replace(NNBSP, NBSP) for c in row] for row in rows]
    data = excel_csv(rows, encoding)
    assert data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    path = tmp_path / "EtsySoldOrderItems2026.csv"
    path.write_bytes(data)
    export = read_export(path)
    check_potter(export.orders, export.lines)
    assert path.read_bytes() == data


def test_narrow_no_break_spaces_as_babel_writes_them(tmp_path: Path) -> None:
    rows = [ITEMS_HEADER, *[[c.replace(NBSP, NNBSP) for c in row] for row in ITEMS]]
    export = read_bytes(excel_csv(rows, "utf-8-sig"), "EtsySoldOrderItems2026.csv")
    assert export.orders[1].items.amount == Decimal("1234.56")


def test_french_amounts_in_a_comma_separated_file_are_not_read_as_thousands(edition: str) -> None:
    # a French tool's export with commas between columns and quoted decimal commas: "12,50" is 12.5, never 1250
    header = "Sale Date,Order ID,Currency,Order Value,Discount Amount,Shipping,Card Processing Fees\n"
    text = (header + f'03/11/2026,1,EUR,"12,50","0,00","4,90","0,64"\n'
            f'17/11/2026,2,EUR,"1{NNBSP}234,56 €","0,00","7,20","37,40"\n')
    first, second = read_bytes(text.encode("utf-8"), "EtsySoldOrders2026.csv").orders
    assert (first.items.amount, first.shipping.amount, first.fees.amount) == (
        Decimal("12.50"), Decimal("4.90"), Decimal("0.64"))
    assert second.items.amount == Decimal("1234.56")
    assert (first.date, second.date) == (date(2026, 11, 3), date(2026, 11, 17))


def test_decimal_points_in_a_semicolon_file_are_not_read_as_thousands(edition: str) -> None:
    header = "Sale Date;Order ID;Currency;Order Value;Discount Amount;Shipping\r\n"
    text = header + "11/03/26;1;EUR;12.50;0.00;4.90\r\n11/17/26;2;EUR;1,234.56;0.00;7.20\r\n"
    first, second = read_bytes(text.encode("cp1252"), "EtsySoldOrders2026.csv").orders
    assert (first.items.amount, first.shipping.amount) == (Decimal("12.50"), Decimal("4.90"))
    assert second.items.amount == Decimal("1234.56")


def test_whole_amounts_with_thousands_dots_in_a_french_excel_file(edition: str) -> None:
    header = "Sale Date;Order ID;Currency;Order Value;Discount Amount;Shipping\r\n"
    text = header + "03/11/2026;1;EUR;1.250;0;12\r\n"
    (order,) = read_bytes(text.encode("cp1252"), "EtsySoldOrders2026.csv").orders
    assert order.items.amount == Decimal(1250)


def test_a_file_mixing_decimal_commas_and_points_is_explained(french: None) -> None:
    header = "Sale Date,Order ID,Currency,Order Value,Discount Amount,Shipping\n"
    text = header + '03/11/2026,1,EUR,"12,50",0,4.90\n'
    with pytest.raises(CourseInputError) as raised:
        read_bytes(text.encode("utf-8"), "EtsySoldOrders2026.csv")
    message = str(raised.value)
    assert "« 12,50 »" in message and "« 4.90 »" in message and "virgule" in message


def one_sentence(message: str) -> bool:
    return bool(message) and "Traceback" not in message and len(re.findall(r"[.!?](\s|$)", message)) <= 1


UNKNOWN_HEADER = ["Date de vente", "N° de commande", "Devise", "Valeur de la commande", "Remise", "Livraison"]


def test_unknown_columns_get_one_french_sentence_naming_found_and_needed(french: None, tmp_path: Path) -> None:
    data = excel_csv([UNKNOWN_HEADER, ["03/11/2026", "3001", "EUR", "87,00", "0,00", "7,20"]], "cp1252")
    path = tmp_path / "EtsySoldOrders2026.csv"
    path.write_bytes(data)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    with pytest.raises(CourseInputError) as raised:
        read_export(path)
    message = str(raised.value)
    assert one_sentence(message), message
    assert message.startswith("« EtsySoldOrders2026.csv » ressemble à")
    assert "Etsy Sold Orders" in message
    for found in UNKNOWN_HEADER:
        assert f"« {found} »" in message, found
    for needed in ("Sale Date", "Order ID", "Currency", "Order Value", "Discount Amount", "Shipping"):
        assert f"« {needed} »" in message, needed
    assert "renommez-les dans une copie" in message
    assert path.read_bytes() == data and path.stat().st_mtime_ns == 1_700_000_000_000_000_000


def test_unknown_columns_of_an_unknown_file_name_every_export_it_reads(french: None) -> None:
    data = "Date;Libellé;Montant\r\n03/11/2026;Bol;34,50\r\n".encode("cp1252")
    with pytest.raises(CourseInputError) as raised:
        read_bytes(data, "ventes novembre.csv")
    message = str(raised.value)
    assert one_sentence(message), message
    assert "« Date », « Libellé », « Montant »" in message
    assert "ne correspondent à aucun" in message
    for needed in ("Sale Date", "Item Name", "Lineitem price", "Gross Sales", "Total amount", "Price (Gross)"):
        assert f"« {needed} »" in message, needed
    assert " ; " in message


def test_a_sumup_like_header_names_the_sumup_columns(french: None) -> None:
    # one SumUp column name among unknown ones: the sentence names the SumUp report's columns
    data = "Transaction ID;Date;Statut;Montant;Frais\r\nT1;03/11/2026;Réussie;12,50;0,21\r\n".encode("cp1252")
    with pytest.raises(CourseInputError) as raised:
        read_bytes(data, "rapport.csv")
    message = str(raised.value)
    assert "SumUp" in message and "« Total amount »" in message and "« Montant »" in message


def test_a_long_header_is_shortened(french: None) -> None:
    header = [f"Colonne {n}" for n in range(1, 31)]
    data = (";".join(header) + "\r\n" + ";".join("1" for _ in header) + "\r\n").encode("utf-8")
    with pytest.raises(CourseInputError) as raised:
        read_bytes(data, "export.csv")
    message = str(raised.value)
    assert "« Colonne 12 », …" in message and "Colonne 13" not in message


FRENCH_DATE = re.compile(r"^(1er|[12]?\d|3[01]) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
                         r"novembre|décembre) \d{4}$")


def test_the_french_lesson_writes_the_fees_date_in_french(french: None) -> None:
    from atelier.ownshop import lesson

    shop = lesson.open_shop([])  # the French sample set
    fees = shop.fees()
    dates = list(fees["Valable au"])
    assert dates and all(FRENCH_DATE.match(text) for text in dates), dates
    products = sorted(shop.lines["product"].unique())
    margins = shop.margins({products[0]: ("2,50", "0,5")}, hourly_rate="15")
    assert all(FRENCH_DATE.match(text) for text in margins.iloc[:, -1]), list(margins.iloc[:, -1])
    said = " ".join(shop.findings().sentences)
    assert "(valable au 1er janvier 2025)" in said  # the SumUp reader's fees, as the French sentence writes them
    assert not re.search(r"\d{4}-\d{2}-\d{2}", said)
