"""The "your shop" app used for real, as a Voila app in headless Chromium: a sample, then a file picked with the
file picker (read from memory), then a wrong file; no widget may fail to render.

Skipped without Chromium or Playwright, except in CI (env CI=true), like tests/test_browser.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import browser_support as bs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

APP = bs.ROOT / "notebooks" / "simulators" / "your_shop.ipynb"
EXPORTS = Path(__file__).parent / "ownshop_exports"
KERNEL_TIMEOUT_MS = 90_000
UI_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from bs.browser_or_skip()


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bs.Server]:
    folder = tmp_path_factory.mktemp("your-shop-app")
    shutil.copy(APP, folder / APP.name)
    server = bs.voila_server(folder, tmp_path_factory.mktemp("voila-scratch"))
    with bs.running(server, "/") as running:
        yield running


def pick_file(page: Page, path: Path) -> None:
    """Click the file picker's button and choose `path` in the dialog, as a learner does."""
    with page.expect_file_chooser() as chooser:
        page.locator("button.widget-upload, .widget-upload").first.click()
    chooser.value.set_files(str(path))


def findings_text(page: Page) -> str:
    return page.locator(".artisanat-findings").first.inner_text()


def test_your_shop_app_in_voila(browser: Browser, voila: bs.Server, tmp_path: Path) -> None:
    context = browser.new_context(viewport=bs.VIEWPORT)
    context.set_default_timeout(UI_TIMEOUT_MS)
    bs.offline_but_localhost(context)
    try:
        page = context.new_page()
        page.goto(voila.url(f"/voila/render/{APP.name}"), wait_until="domcontentloaded")
        page.locator("select").first.wait_for(timeout=KERNEL_TIMEOUT_MS)
        # a course sample
        page.locator("select").first.select_option(index=1)
        page.locator(".artisanat-findings").first.wait_for()
        assert "Etsy brings" in findings_text(page)
        chart = page.locator("img.widget-image").first
        chart.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
        # the learner's own file through the file picker
        upload = EXPORTS / "shopify_orders__fr_excel.csv"
        pick_file(page, upload)
        page.get_by_text(upload.name).first.wait_for()
        assert "Shopify web shop brings 100" in findings_text(page)
        # a wrong file: one sentence, the last dashboard stays
        pdf = tmp_path / "statement.csv"
        pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n")
        pick_file(page, pdf)
        page.locator(".artisanat-warning").first.wait_for()
        assert "PDF" in page.locator(".artisanat-warning").first.inner_text()
        assert "Shopify web shop brings 100" in findings_text(page)
        assert page.locator(bs.WIDGET_ERROR).count() == 0
    finally:
        context.close()
