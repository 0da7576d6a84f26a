"""`python3 course.py lab --lang fr` in a real browser: JupyterLab's menus in French, the French start notebook on the
French kernel, every cell runs, and the package answers in French (`12,50 €` forms, French sentences)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import browser_support as bs
import pytest

ROOT = Path(__file__).resolve().parents[1]
START = "notebooks/fr/00_bienvenue.ipynb"

pytestmark = pytest.mark.skipif(not (ROOT / START).is_file(), reason="the French start notebook is missing")


@pytest.fixture(scope="module")
def browser() -> Iterator[bs.Browser]:  # type: ignore[name-defined]
    yield from bs.browser_or_skip()


def test_french_lab_opens_the_french_course(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    course = bs.course_script()
    server = bs.lab_server(ROOT, tmp_path)
    # the Lab settings `course.py lab --lang fr` gives (French locale) beside the tests' own (no autosave)
    settings = Path(server.env["JUPYTERLAB_SETTINGS_DIR"])
    french = Path(next(arg.split("=", 1)[1] for arg in course.lab_argv([], "t", "fr")
                       if arg.startswith("--LabApp.user_settings_dir=")))
    shutil.copytree(french, settings, dirs_exist_ok=True)
    with bs.running(server, "/api/status"):
        context = browser.new_context(viewport=bs.VIEWPORT, locale="fr-FR")
        bs.offline_but_localhost(context)
        try:
            page = context.new_page()
            page.goto(server.url(f"/lab/workspaces/french-check/tree/{START}?reset"))
            bs.lab_wait_kernel_ready(page, 90_000)
            menus = page.locator(bs.LAB_MENU_BAR_ITEM).all_inner_texts()
            assert {"Fichier", "Noyau"} <= {menu.strip() for menu in menus}, f"Lab's menus are not French: {menus}"
            panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            assert "Artisanat, français" in panel.locator(".jp-KernelName").inner_text()
            panel.locator(".jp-Cell").first.click()
            page.locator(bs.LAB_MENU_BAR_ITEM, has_text=bs.exact_text("Exécution")).click()
            page.locator(bs.LAB_MENU_ITEM, has_text=bs.exact_text("Exécuter toutes les cellules")).click()
            page.wait_for_function(
                """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell '
                    + '.jp-InputPrompt')].every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()))""",
                timeout=180_000, polling=250)
            text = "\n".join(panel.locator(".jp-OutputArea-output").all_inner_texts())
            # the lesson shows one input mistake on purpose: one plain French sentence, never a traceback
            assert "Traceback" not in text and "Error:" not in text
            for english in (" valid as of ", "Something to fix", "you gave"):
                assert english not in text, f"the package speaks English in the French Lab: {english!r}"
            assert "version" in text
        finally:
            context.close()
