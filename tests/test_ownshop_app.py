"""The code-free "your shop" app: samples, uploads (read from memory only), bad files, costs, postage."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from atelier.ownshop import sample_exports
from atelier.ownshop.app import SAMPLE_SETS, YourShopApp

EXPORTS = Path(__file__).parent / "ownshop_exports"


def upload_value(*paths: Path) -> tuple[dict, ...]:
    """What ipywidgets 8's FileUpload holds after the learner picks files."""
    return tuple({"name": p.name, "type": "text/csv", "size": p.stat().st_size,
                  "content": memoryview(p.read_bytes()),
                   "last_modified": datetime(2026, 3, 1, tzinfo=UTC)} for p in paths)


def test_every_sample_set_loads_and_shows_a_dashboard() -> None:
    assert all(name in sample_exports() for _label, names in SAMPLE_SETS.values() for name in names)
    for key in SAMPLE_SETS:
        app = YourShopApp()
        app.sample.value = key
        assert app.updates == 1 and app.status.value == ""
        assert "artisanat-findings" in app.summary.value
        assert bytes(app.month.image.value).startswith(b"\x89PNG")
        assert "Your best month was" in app.month.finding.value


def test_an_upload_is_read_from_memory_and_written_nowhere(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = YourShopApp()
    app.upload.value = upload_value(EXPORTS / "shopify_orders__fr_excel.csv", EXPORTS / "square_transactions__utf8.csv")
    assert app.updates == 1, app.status.value
    assert "shopify_orders__fr_excel.csv" in app.source.value and "no payment fees" in app.source.value
    assert os.listdir(tmp_path) == []


def test_a_bad_upload_says_why_and_keeps_the_last_dashboard() -> None:
    app = YourShopApp()
    app.sample.value = "etsy"
    before = app.summary.value
    app.load_files([("statement.csv", b"%PDF-1.4\n...")])
    assert "PDF" in app.status.value and "artisanat-warning" in app.status.value
    assert app.summary.value == before and app.updates == 1


def test_typed_costs_give_margin_and_hourly_pay_and_a_bad_one_is_explained() -> None:
    app = YourShopApp()
    app.sample.value = "uk_all"
    product = next(iter(app.cost_boxes))
    materials, hours = app.cost_boxes[product]
    materials.value, hours.value = "4,50", "0.75"
    assert "Your hourly pay" in app.margins.value and product.split(",")[0] in app.margins.value
    hours.value = "-1"
    assert "cannot be negative" in app.status.value
    assert "Your hourly pay" in app.margins.value


def test_postage_is_checked_with_the_typical_piece() -> None:
    app = YourShopApp()
    app.sample.value = "uk_all"
    assert "artisanat-postage" in app.postage.value
    app.size.value = "12 by 9"
    assert "three numbers" in app.status.value
    app.size.value = "12 x 9 x 10"
    app.weight.value = "200000"
    assert "weight" in app.status.value.lower()
