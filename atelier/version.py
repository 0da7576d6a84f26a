"""The course's one version number, and what a trainer needs to tell two copies of the course apart.

`__version__` is the only place the version is written: `pyproject.toml` reads it (setuptools `dynamic`), the
editions and the offline kit are named after it, and `CHANGELOG.md` has one section per version (a test checks).
An edition built by `python3 course.py edition` carries an `edition.json` at its root saying which one it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

__version__ = "1.0.0"

ROOT = Path(__file__).resolve().parent.parent
EDITION_FILE = "edition.json"


@dataclass(frozen=True)
class EditionInfo:
    version: str
    edition: str  # "learner", "trainer" or "repository" (a checkout of the sources)
    reference_date: date  # the newest `valid_from` of all the reference tables


def edition_name(root: Path = ROOT) -> str:
    """Which edition this folder is: from its `edition.json`, or "repository" for a checkout of the sources."""
    try:
        return str(json.loads((root / EDITION_FILE).read_text(encoding="utf-8"))["edition"])
    except (OSError, ValueError, KeyError, TypeError):
        return "repository"


def reference_table_names() -> list[str]:
    """The names of the reference tables of the data package in use."""
    from atelier.reference import reference_dir

    descriptor = json.loads((reference_dir() / "datapackage.json").read_text(encoding="utf-8"))
    return [str(resource["name"]) for resource in descriptor["resources"]]


def reference_date() -> date:
    """The date the reference tables are valid as of: the newest `valid_from` over every table."""
    from atelier.reference import valid_as_of

    return max(valid_as_of(name) for name in reference_table_names())


def edition_info(root: Path = ROOT) -> EditionInfo:
    return EditionInfo(version=__version__, edition=edition_name(root), reference_date=reference_date())


def edition_line(info: EditionInfo) -> str:
    """One sentence a learner can read out to the trainer: version, edition and the date of the tables."""
    from atelier.display import format_date
    from atelier.i18n import _

    editions = {"learner": _("learner edition"), "trainer": _("trainer edition"), "repository": _("source copy")}
    return _("Artisanat 2.0, version {version} ({edition}); reference tables valid as of {date}.").format(
        version=info.version, edition=editions.get(info.edition, info.edition), date=format_date(info.reference_date)
    )


def about() -> None:
    """Print which version and edition of the course this is, and the date of its reference tables."""
    print(edition_line(edition_info()))
