"""Shared pieces of the case-study generator: field schemas, deterministic CSV writing, calendar helpers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

START = date(2024, 1, 1)
END = date(2025, 12, 31)
CENT = Decimal("0.01")


def days(start: date = START, end: date = END) -> list[date]:
    return [start + timedelta(n) for n in range((end - start).days + 1)]


def money(value: object) -> Decimal:
    """An amount rounded to the penny/cent, halves up (as in atelier.money)."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Field:
    name: str
    type: str  # string, integer, number, boolean, date, datetime, yearmonth
    description: str
    unit: str | None = None
    required: bool = False
    minimum: float | int | None = None
    maximum: float | int | None = None
    enum: list[str] | None = None
    unique: bool = False
    decimals: int = 2  # how numbers are written (not part of the descriptor)

    def descriptor(self) -> dict[str, Any]:
        text = self.description + (f" Unit: {self.unit}." if self.unit else "")
        out: dict[str, Any] = {"name": self.name, "type": self.type, "description": text}
        if self.unit:
            out["unit"] = self.unit
        if self.type == "boolean":
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.enum is not None:
            constraints["enum"] = self.enum
        if constraints:
            out["constraints"] = constraints
        return out

    def format(self, value: object) -> str:
        if value is None or value == "":
            return ""
        if self.type == "boolean":
            return "true" if value else "false"
        if self.type == "integer":
            return str(int(value))  # type: ignore[call-overload]
        if self.type == "number":
            quantum = Decimal(1).scaleb(-self.decimals)
            return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))
        if self.type in ("date", "datetime") and isinstance(value, date | datetime):
            return value.isoformat()
        return str(value)


@dataclass
class Table:
    name: str  # resource name, e.g. brighton_kiln_orders
    path: str  # relative to the datasets folder, e.g. brighton_kiln/orders.csv
    title: str
    description: str
    fields: list[Field]
    primary_key: list[str]
    foreign_keys: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def descriptor(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [f.descriptor() for f in self.fields], "primaryKey": self.primary_key}
        if self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return {
            "name": self.name,
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True},
            "schema": schema,
        }

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([f.name for f in self.fields])
        for row in self.rows:
            extra = set(row) - {f.name for f in self.fields}
            if extra:
                raise KeyError(f"{self.name}: unknown columns {sorted(extra)}")
            writer.writerow([f.format(row.get(f.name)) for f in self.fields])
        return buffer.getvalue()

    def write(self, out_dir: Path) -> Path:
        path = out_dir / self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.csv_text().encode("utf-8"))
        return path


def fk(fields: str | list[str], resource: str, ref_fields: str | list[str]) -> dict[str, Any]:
    def as_list(x):
        return ([x] if isinstance(x, str) else x)
    return {"fields": as_list(fields), "reference": {"resource": resource, "fields": as_list(ref_fields)}}


def season(day: date, monthly: dict[int, float]) -> float:
    return monthly[day.month]


def pick(rng: Any, options: list[Any], weights: list[float]) -> Any:
    total = sum(weights)
    return options[int(rng.choice(len(options), p=[w / total for w in weights]))]
