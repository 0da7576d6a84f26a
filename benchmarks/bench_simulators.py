"""How long one simulator update takes, kernel-side, chart included; and the same against a naive baseline.

Run: .venv/bin/python benchmarks/bench_simulators.py [--updates 200]
     .venv/bin/python benchmarks/bench_simulators.py --browser [--presses 40] [--compare-with OTHER_COURSE_FOLDER]

With --browser it measures what a learner feels: in a real Chromium on a Voila page, the time from an arrow key on
the main slider to the new price on screen (a MutationObserver in the page notes when the result's text changes),
p50/p95 over N presses. --compare-with runs the same measure on another copy of the course (e.g. `git archive main`
unpacked in /tmp) and prints both side by side.

Each app is built once, then N varied updates are applied the way a learner makes them (setting a control's
value runs the app's callback synchronously). The baseline does what an `interact` callback usually does: the same
core calls, then a new pyplot figure per update, everything redrawn, saved as the inline backend does.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from atelier import pricing, shipping
from atelier.channels import channels_in
from atelier.errors import CourseInputError, NoPriceError
from atelier.simulators import PricingApp, ShippingApp


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def timed(steps: list[Callable[[], None]], refused: Callable[[], bool] = lambda: False) -> tuple[list[float], int]:
    """Milliseconds taken by each step, and how many steps ended on a warning (input refused by the core)."""
    times, warnings = [], 0
    for step in steps:
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
        warnings += refused()
    return times, warnings


def pricing_steps(app: PricingApp, count: int, rng: random.Random) -> list[Callable[[], None]]:
    """Mostly slider moves (what a learner and a trainer do most), with typed costs and a status change."""
    steps: list[Callable[[], None]] = []
    for index in range(count):
        kind = index % 10
        if kind < 6:
            value = rng.randint(5, 70)
            steps.append(lambda v=value: setattr(app.margin.slider, "value", app.margin.stops[v]))
        elif kind < 8:
            value = f"{rng.uniform(1, 9):.2f}"
            steps.append(lambda v=value: setattr(app.materials, "value", v))
        elif kind == 8:
            value = f"{rng.uniform(0.2, 2):.2f}"
            steps.append(lambda v=value: setattr(app.making_time, "value", v))
        else:
            steps.append(lambda: setattr(app.offsite_ads, "value", not app.offsite_ads.value))
    return steps


def shipping_steps(app: ShippingApp, count: int, rng: random.Random) -> list[Callable[[], None]]:
    steps: list[Callable[[], None]] = []
    # abroad only a small parcel (up to 2 kg, 16 cm thick) is accepted: a mug in a single-wall box, 5–10 cm thick
    app.packaging.value = "uk_single_wall_bubble"
    destinations = ["GB", "FR", "US", "DE", "JP"]
    for index in range(count):
        kind = index % 10
        if kind < 6:
            value = app.weight.stops[rng.randrange(10, 60)]  # 100 g to about 1.7 kg
            steps.append(lambda v=value: setattr(app.weight.slider, "value", v))
        elif kind < 8:
            value = str(rng.randint(5, 10))
            steps.append(lambda v=value: setattr(app.height, "value", v))
        elif kind == 8:
            value = rng.choice(destinations)
            steps.append(lambda v=value: setattr(app.destination, "value", v))
        else:
            value = rng.choice(["low", "typical", "high"])
            steps.append(lambda v=value: setattr(app.breakage, "value", v))
    return steps


def naive_pricing(margin: float, materials: str) -> bytes:
    """The baseline: same core calls, a new pyplot figure, everything drawn, saved like the inline backend."""
    cost = pricing.unit_cost(materials=materials, making_time_h="0.5", hourly_rate="15", overhead="3",
                             packaging="2.6", currency="GBP")
    records = []
    for channel in channels_in("UK"):
        try:
            records.append((channel.name, pricing.sale_record(pricing.price_for_margin(
                cost, channel, margin, "uk_not_vat_registered", orders_per_month=20))))
        except NoPriceError:
            continue
    fig, ax = plt.subplots(figsize=(8, 4.8), dpi=80)
    left = [0.0] * len(records)
    for key in ("unit_cost", "fees", "vat_due", "shipping_cost", "margin"):
        widths = [record[key] for _name, record in records]
        ax.barh([name for name, _record in records], widths, left=left, label=key)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_title("Where the money goes")
    ax.set_xlabel("£")
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def naive_shipping(weight: int) -> bytes:
    box = shipping.pack([shipping.item(weight, 12, 9, 10)], "uk_single_wall_bubble")
    quotes = [q for q in shipping.assess(box, "UK", "GB", 28) if q.accepted]
    fig, ax = plt.subplots(figsize=(8, 4.2), dpi=80)
    ax.barh([q.service.name for q in quotes], [float(q.price.amount) for q in quotes if q.price])
    ax.set_title("Price per service")
    ax.set_xlabel("£")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def report(name: str, samples: list[float]) -> tuple[float, float]:
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    print(f"{name:<34} n={len(samples):<4} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   max {max(samples):7.1f} ms")
    return p50, p95


ARM_JS = """(resultSel) => {
    // note the time of the next key press (capture phase: before the slider handles it) and of the next change
    // of the result's text; window.__artisanatTook resolves to the milliseconds between them
    const result = document.querySelector(resultSel);
    const before = result.innerText;
    let start = null;
    document.addEventListener('keydown', () => { start = performance.now(); }, {capture: true, once: true});
    window.__artisanatTook = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
            if (start !== null && result.innerText !== before) {
                observer.disconnect();
                resolve(performance.now() - start);
            }
        });
        observer.observe(result, {subtree: true, childList: true, characterData: true});
        setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
    });
}"""


def browser_latency(root: Path, app: str, presses: int) -> list[float]:
    """Key press on the main slider → new result text on screen, in ms, in a real Chromium on a Voila page."""
    import tempfile

    from tests import browser_support as bs

    executable = bs.find_chromium()
    if executable is None:
        raise SystemExit("no Chromium: install Debian's chromium or set ARTISANAT_BROWSER")
    samples: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        server = bs.voila_server(root / "notebooks" / "simulators", Path(scratch))
        server.env["PYTHONPATH"] = str(root)  # that copy's atelier and reference tables, not this one's
        with bs.running(server, "/"), bs.chromium(executable) as browser:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            bs.offline_but_localhost(page.context)
            page.goto(server.url(f"/voila/render/{app}.ipynb"), wait_until="domcontentloaded")
            page.locator(bs.RESULT_TEXT).first.wait_for(state="visible", timeout=120_000)
            page.locator(bs.SLIDER_HANDLE).first.wait_for(state="visible", timeout=30_000)
            page.wait_for_timeout(1000)
            handle = page.locator(bs.SLIDER_HANDLE).first
            handle.scroll_into_view_if_needed()
            handle.focus()
            for index in range(presses):
                page.evaluate(ARM_JS, bs.RESULT_TEXT)
                handle.press("ArrowRight" if (index // 10) % 2 == 0 else "ArrowLeft")
                took = page.evaluate("() => window.__artisanatTook")
                if took is not None:
                    samples.append(float(took))
                page.wait_for_timeout(150)  # a learner's pace: the next press after the screen settled
    return samples


def browser_main(args: argparse.Namespace) -> int:
    here = Path(__file__).resolve().parent.parent
    roots = {"this branch": here}
    if args.compare_with:
        roots = {"compared (--compare-with)": Path(args.compare_with).resolve(), **roots}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f}; key press → new result on screen, Voila, "
          f"Chromium at 1366×768, {args.presses} presses")
    budget = 50.0
    for app in ("pricing", "shipping"):
        for name, root in roots.items():
            samples = browser_latency(root, app, args.presses)
            if not samples:
                print(f"{app:<9} {name:<26} no change seen on screen")
                continue
            p50, p95 = percentile(samples, 50), percentile(samples, 95)
            verdict = "within" if p95 <= budget else "OVER"
            print(f"{app:<9} {name:<26} n={len(samples):<3} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   "
                  f"(aim p95 ≤ {budget:.0f} ms: {verdict})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--browser", action="store_true", help="key press → price on screen, in a real browser")
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--compare-with", default="", help="another copy of the course to measure the same way")
    args = parser.parse_args()
    if args.browser:
        return browser_main(args)
    rng = random.Random(args.seed)

    start = time.perf_counter()
    pricing_app = PricingApp()
    build_pricing = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    shipping_app = ShippingApp()
    build_shipping = (time.perf_counter() - start) * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} (other work on the machine inflates every time)")
    print(f"build: pricing {build_pricing:.0f} ms, shipping {build_shipping:.0f} ms (first chart drawn in full)")

    before = pricing_app.updates, pricing_app.chart.renders
    fast_pricing, refused_pricing = timed(pricing_steps(pricing_app, args.updates, rng),
                                          lambda: bool(pricing_app.status.value))
    pricing_done = pricing_app.updates - before[0]
    pricing_redraws = pricing_app.chart.renders - before[1]
    steps = shipping_steps(shipping_app, args.updates, rng)
    before = shipping_app.updates, shipping_app.chart.renders
    fast_shipping, refused_shipping = timed(steps, lambda: bool(shipping_app.status.value))
    shipping_done = shipping_app.updates - before[0]
    shipping_redraws = shipping_app.chart.renders - before[1]
    region_switches, _ = timed([lambda r=r: setattr(pricing_app.region, "value", r) for r in ["FR", "UK"] * 5])

    naive_args = [(rng.randint(5, 70), f"{rng.uniform(1, 9):.2f}") for _ in range(args.updates)]
    slow_pricing, _ = timed([lambda a=a: naive_pricing(*a) for a in naive_args])
    weights = [rng.randrange(100, 1900, 10) for _ in range(args.updates)]
    slow_shipping, _ = timed([lambda w=w: naive_shipping(w) for w in weights])

    print(f"\nkernel-side time per update, {args.updates} varied updates each (chart written as SVG every time)")
    p50_p, p95_p = report("pricing app (SVG chart)", fast_pricing)
    p50_s, p95_s = report("shipping app (SVG chart)", fast_shipping)
    n50_p, n95_p = report("pricing baseline (new figure)", slow_pricing)
    n50_s, n95_s = report("shipping baseline (new figure)", slow_shipping)
    print(f"\nupdates computed and drawn: pricing {pricing_done}, shipping {shipping_done}; "
          f"charts written: pricing {pricing_redraws}, shipping {shipping_redraws}")
    print(f"speed-up (baseline ÷ app): pricing p50 ×{n50_p / p50_p:.1f}, p95 ×{n95_p / p95_p:.1f}; "
          f"shipping p50 ×{n50_s / p50_s:.1f}, p95 ×{n95_s / p95_s:.1f}")
    budget = 20.0
    verdict = "within" if max(p95_p, p95_s) <= budget else "OVER"
    print(f"p95 budget {budget:.0f} ms: {verdict}")
    print(f"region switch UK↔FR (rare; new options and the other region's chart layout): first {region_switches[0]:.0f}"
          f" ms, then p50 {percentile(region_switches[1:], 50):.0f} ms")
    print(f"steps that ended on a warning (input refused, no redraw): pricing {refused_pricing}, "
          f"shipping {refused_shipping}; steps that changed nothing (same value again) are timed too")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CourseInputError as error:  # a benchmark input the core refuses: say which, plainly
        print(f"benchmark input refused: {error}", file=sys.stderr)
        sys.exit(1)
