"""A programme manager edits one fee, runs `python3 course.py refresh`, and the course ends green and up to date."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from atelier import refresh
from tests.conftest import ROOT

IGNORED = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".ipynb_checkpoints", ".pytest_cache",
                                 ".ruff_cache", "release", "submitted", "autograded", "feedback", "gradebook.db")


def edit_fee(folder: Path, channel_id: str, fee_id: str, rate_pct: str, day: str) -> None:
    """What the README tells a manager to do: change the value, its valid_from, its source and its checked_on."""
    path = folder / "datasets" / "reference" / "channel_fees.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["channel_id"] == channel_id and r["fee_id"] == fee_id)
    row.update(rate_pct=rate_pct, valid_from=day, checked_on=day, source=row["source"] + " (updated)")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_editing_one_fee_then_refresh_ends_green(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOT, course, ignore=IGNORED)
    edit_fee(course, "etsy_uk", "transaction", "7", "2026-12-01")  # Etsy raises its transaction fee 6.5 % → 7 %
    before = (course / "case_studies" / "brighton_kiln.md").read_text(encoding="utf-8")
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(course)}
    environment.pop("ARTISANAT_REFERENCE_DIR", None)
    result = subprocess.run([sys.executable, "-m", "atelier.refresh"], cwd=course, env=environment,
                            capture_output=True, text=True, timeout=1200)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-4000:]
    assert "GREEN" in report and "Traceback" not in report.split("6. Running")[0]
    # the report names what changed, old → new, and where: the Etsy figures of the case and of lesson 03
    assert "case_studies/brighton_kiln.md" in report and "→" in report
    assert "notebooks/03_pricing.ipynb" in report
    assert (course / "case_studies" / "brighton_kiln.md").read_text(encoding="utf-8") != before
    # the trainer note 03 and the ex03 marking guide quote the new fee: 7 % of £90 + £6.19 postage is £6.73
    assert "instructors/ex03_pricing.md" in report and "instructors/03_pricing.md" in report
    guide = (course / "instructors" / "ex03_pricing.md").read_text(encoding="utf-8")
    assert "transaction £6.73" in guide and "transaction £6.25" not in guide
    # the original course is untouched
    assert "(updated)" not in (ROOT / "datasets" / "reference" / "channel_fees.csv").read_text(encoding="utf-8")


def test_a_fee_edit_moves_every_figure_of_note_03_and_the_ex03_guide(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The cheap twin of the test above: the notes and guides rendered with an edited copy of the tables."""
    from atelier import narratives, pricing

    folder = tmp_path / "course"
    shutil.copytree(ROOT / "datasets" / "reference", folder / "datasets" / "reference")
    old = {name: narratives.render_note(name) for name in ("00_start_here", "03_pricing", "ex03_pricing")}
    old_fees = pricing.fees("etsy_uk", 90, postage_charged="6.19")
    edit_fee(folder, "etsy_uk", "transaction", "7", "2026-12-01")
    monkeypatch.setenv("ARTISANAT_REFERENCE_DIR", str(folder / "datasets" / "reference"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fees = pricing.fees("etsy_uk", 90, postage_charged="6.19")
    transaction = {line.fee_id: line.amount for line in fees.lines}["transaction"]
    assert str(transaction) == "£6.73"  # 7 % of £96.19, worked by hand
    guide = narratives.render_note("ex03_pricing")
    assert f"**{fees.total}**: listing £0.15, transaction £6.73" in guide and "(valid as of 1 December 2026)" in guide
    assert f"**{old_fees.total}**" not in guide and f"**{old_fees.total}**" in old["ex03_pricing"]
    mug = pricing.fees("etsy_uk", 28, postage_charged="3.75")
    for name in ("00_start_here", "03_pricing"):
        note = narratives.render_note(name)
        assert note != old[name] and str(mug.total) in note and "1 December 2026" in note


def test_a_broken_table_stops_refresh_with_its_sentence(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "reference"
    shutil.copytree(ROOT / "datasets" / "reference", folder)
    path = folder / "channel_fees.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",6.5,", ",6,5,", 1), encoding="utf-8")
    os.environ["ARTISANAT_REFERENCE_DIR"] = str(folder)
    try:
        lines: list[str] = []
        assert refresh.refresh(say=lines.append) == 1
    finally:
        del os.environ["ARTISANAT_REFERENCE_DIR"]
    text = "\n".join(lines)
    assert "problem(s) in datasets/reference" in text and "channel_fees.csv, row 3" in text


def test_the_report_says_old_and_new_figure_and_where() -> None:
    before = {"case_studies/upholsterer.md": [("line 12", "social contributions of 21.5 % of the turnover")]}
    after = {"case_studies/upholsterer.md": [("line 12", "social contributions of 22.0 % of the turnover")]}
    (change,) = refresh.changes(before, after)
    assert str(change) == ("case_studies/upholsterer.md, line 12 (social contributions of … of the turnover): "
                           "21.5 % → 22.0 %")
    dated = refresh.changes({"f": [("cell 3", "valid as of 1 April 2026")]},
                            {"f": [("cell 3", "valid as of 7 April 2026, checked on 30 November 2026")]})
    assert [(c.old, c.new) for c in dated] == [("1 April 2026", "7 April 2026, 30 November 2026")]
