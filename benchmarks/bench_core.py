"""Benchmark of the core (a script, not a test): cost of `price_for_margin` and `quote`, against a 1 ms target.

    .venv/bin/python benchmarks/bench_core.py

Prints the median and 95th percentile per call and their ratio to the target (below 1.00 = within target).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from atelier import pricing, shipping
from atelier.channels import all_channels

TARGET_MS = 1.0
REPEATS = 200


def measure(call: Callable[[], object]) -> tuple[float, float]:
    """Median and 95th percentile of one call, in milliseconds."""
    call()  # warm the caches (tables are loaded once per process)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def main() -> None:
    costs = {
        "GBP": pricing.unit_cost(materials=4, making_time_h=0.5, hourly_rate=15, overhead=2, packaging=1.5,
                                 currency="GBP"),
        "EUR": pricing.unit_cost(materials=6, making_time_h=0.1, hourly_rate=15, overhead=0.5, packaging=0.4,
                                 currency="EUR"),
    }
    statuses = {"UK": "uk_not_vat_registered", "FR": "fr_micro_franchise"}
    rows = []
    for channel in all_channels().values():
        def solve(channel=channel) -> object:  # type: ignore[no-untyped-def]
            return pricing.price_for_margin(costs[channel.currency], channel, 30, statuses[channel.region],
                                            postage_charged=3.5)
        rows.append((f"price_for_margin {channel.channel_id}", *measure(solve)))
    parcels = {
        "mug UK→GB": (shipping.pack([shipping.item(350, 12, 9, 10)], "uk_double_wall_inserts"), "UK", "GB"),
        "vase UK→US": (shipping.pack([shipping.item(1600, 30, 15, 15)], "uk_double_wall_inserts"), "UK", "US"),
        "linen FR→FR": (shipping.parcel(1500, 35, 25, 8), "FR", "FR"),
        "chair FR→DE": (shipping.parcel(9000, 90, 60, 60), "FR", "DE"),
    }
    for name, (box, region, destination) in parcels.items():
        rows.append((f"assess (all services) {name}",
                     *measure(lambda box=box, region=region, destination=destination:
                              shipping.assess(box, region, destination, declared_value=50))))
    print(f"{'call':52} {'p50 ms':>8} {'p95 ms':>8} {'p95 / 1 ms target':>18}")
    for name, p50, p95 in rows:
        print(f"{name:52} {p50:8.3f} {p95:8.3f} {p95 / TARGET_MS:18.2f}")
    worst = max(rows, key=lambda row: row[2])
    print(f"\nworst p95: {worst[0]} at {worst[2]:.3f} ms = {worst[2] / TARGET_MS:.2f} × the 1 ms target")


if __name__ == "__main__":
    main()
