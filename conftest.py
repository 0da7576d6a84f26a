"""pytest settings for the whole repository (nbval also collects notebooks/, case_studies/ and exercises/ from here).

Kept to one thing: nbval runs each notebook in a kernel that speaks the notebook's language.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest


def notebook_language(path: Path) -> str | None:
    """The language a notebook of the course is in (its metadata `artisanat.language`), if it says."""
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    language = metadata.get("artisanat", {}).get("language")
    return language if isinstance(language, str) else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """nbval runs every notebook in this Python (`--nbval-current-env`): a French notebook's kernel must still speak
    French, as its own kernel `artisanat-fr` does (ARTISANAT_LANG=fr). The kernel starts in this setup."""
    path = Path(str(item.path))
    # an English notebook says nothing: English, whatever language this test run was started in
    language = (notebook_language(path) or "en") if path.suffix == ".ipynb" else None
    before = os.environ.get("ARTISANAT_LANG")
    if language:
        os.environ["ARTISANAT_LANG"] = language
    try:
        yield
    finally:
        if language:
            if before is None:
                os.environ.pop("ARTISANAT_LANG", None)
            else:
                os.environ["ARTISANAT_LANG"] = before
