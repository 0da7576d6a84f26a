"""Regenerate the three simulated case studies and their data package, byte for byte.

    .venv/bin/python datasets/generate.py            # writes into datasets/
    .venv/bin/python datasets/generate.py --out DIR  # writes into DIR (same layout: DIR/brighton_kiln/…)

Every figure is simulated for teaching, modelled on the article's examples (seeded numpy generators: the same
files come out every time). Postage and fees come from atelier.shipping and atelier.pricing with the reference
tables in datasets/reference/, so the cases and the simulators agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from generators import brighton_kiln, fabric_store, upholsterer  # noqa: E402
from generators.common import Table  # noqa: E402

PACKAGE = {
    "profile": "tabular-data-package",
    "name": "artisanat-case-studies",
    "title": "Artisanat 2.0 — case-study data (The Brighton Kiln, The Fabric Store Online, an upholsterer)",
    "description": (
        "Simulated data for teaching, modelled on the examples of an article about 'l'artisanat 2.0': a studio "
        "pottery in Brighton whose own web shop grows to match its shop (GBP), an online fabric shop in France "
        "that grows on Instagram and lives on repeat customers (EUR), and a one-person upholstery workshop that "
        "quotes hours plus materials (EUR). January 2024 – December 2025. No figure is real and every person, "
        "name and e-mail address is fictional (example.com / example.org / example.fr). Postage and fees are "
        "computed with the course's reference tables (datasets/reference) at their current rates for every date. "
        "Regenerate with `.venv/bin/python datasets/generate.py`."
    ),
    "version": "1.0.0",
    "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                  "path": "https://creativecommons.org/licenses/by/4.0/"}],
    "keywords": ["craft", "e-commerce", "teaching", "simulated"],
}


def all_tables() -> list[Table]:
    return [*brighton_kiln.generate(), *fabric_store.generate(), *upholsterer.generate()]


def write(out_dir: Path) -> list[Path]:
    tables = all_tables()
    written = [table.write(out_dir) for table in tables]
    descriptor = {**PACKAGE, "resources": [table.descriptor() for table in tables]}
    package = out_dir / "datapackage.json"
    package.write_bytes((json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return [*written, package]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: datasets/)")
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
