"""The shipping simulator: which services take your parcel, what each costs, what it covers, what breakage costs.

Every figure comes from `atelier.shipping` (packing, limits, billed weight, prices, compensation, breakage); this
module only wires the controls to it and formats the answers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import ipywidgets as widgets

from atelier import display, reference, shipping
from atelier.channels import REGION_CURRENCY, REGIONS
from atelier.i18n import N_, _, format_number, format_pct, number_locale
from atelier.money import Money
from atelier.simulators.charts import OKABE_ITO, BarChart, nice_ceiling
from atelier.simulators.controls import (
    Holder,
    SimulatorApp,
    SimulatorBox,
    SliderText,
    dropdown,
    fmt_money,
    text_input,
)
from atelier.simulators.presets import Preset, plain, presets
from atelier.simulators.pricing_app import (
    CELL,
    CELL_LEFT,
    REGION_LABELS,
    ROW_BEST_STYLE,
    TABLE_STYLE,
    currency_symbol,
)

HOME_COUNTRY = {"UK": "GB", "FR": "FR"}
LABELS = {
    "preset": N_("Start from"),
    "own": N_("Your own parcel"),
    "origin": N_("Sent from"),
    "destination": N_("Sent to"),
    "weight": N_("Weight of the piece (g)"),
    "length": N_("Length of the piece (cm)"),
    "width": N_("Width of the piece (cm)"),
    "height": N_("Height of the piece (cm)"),
    "packaging": N_("Packaging"),
    "declared": N_("Value of the piece ({symbol})"),
    "breakage": N_("Breakage scenario"),
}


@dataclass(frozen=True)
class ShippingView:
    """Everything one update shows."""

    region: str
    box: shipping.Parcel
    packaging: shipping.Packaging
    quotes: tuple[shipping.Quote, ...]  # accepted cheapest first, then refused (the core's order)
    cheapest: shipping.Quote
    scenario: dict
    breakage: Money
    valid_from: date


class ShippingApp(SimulatorApp):
    """The shipping simulator: build it, then display `.widget` (or call `show_shipping_simulator()`)."""

    def __init__(self, preset_id: str | None = "brighton_kiln_mug") -> None:
        self._holder = Holder()
        self.presets = {key: p for key, p in presets().items() if p.shippable}
        self.scenarios = {row["scenario_id"]: row for row in reference.rows("breakage_scenarios")}
        self.chart = BarChart(height_in=4.2)
        self.view: ShippingView | None = None
        self.updates = 0

        self.preset = dropdown(_(LABELS["preset"]), [(_(LABELS["own"]), ""), *(
            (f"{p.name} ({p.region})", p.preset_id) for p in self.presets.values())], "")
        self.origin = dropdown(_(LABELS["origin"]), [(_(REGION_LABELS[r]), r) for r in REGIONS], "UK")
        self.destination = dropdown(_(LABELS["destination"]), self._destination_options("UK"), HOME_COUNTRY["UK"])
        self.weight = SliderText(_(LABELS["weight"]), 350, 10, 30000, 10)
        self.weight.slider.add_class("artisanat-main-slider")
        self.length = text_input(_(LABELS["length"]), "12")
        self.width = text_input(_(LABELS["width"]), "9")
        self.height = text_input(_(LABELS["height"]), "10")
        self.packaging = dropdown(_(LABELS["packaging"]), self._packaging_options("UK"))
        self.declared = text_input("", "28")
        default_rate = reference.default("default_breakage_rate_pct")
        default_scenario = next((key for key, row in self.scenarios.items()
                                 if row["breakage_rate_pct"] == default_rate), next(iter(self.scenarios)))
        self.breakage = dropdown(_(LABELS["breakage"]), [
            (f"{_(row['label'])} ({format_pct(row['breakage_rate_pct'], 1)})", key)
            for key, row in self.scenarios.items()], default_scenario)

        self.status = widgets.HTML(value="")
        self.status.add_class("artisanat-status")
        self.finding = widgets.HTML(value="")
        self.finding.add_class("artisanat-finding")
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.image.add_class("artisanat-chart")
        self.caption = widgets.HTML(value="")
        self.caption.add_class("artisanat-chart-caption")
        self.result = widgets.HTML(value="")
        self.result.add_class("artisanat-result")

        piece = widgets.VBox([self.weight.widget, self.length, self.width, self.height, self.declared])
        route = widgets.VBox([self.origin, self.destination, self.packaging, self.breakage])
        self.widget = SimulatorBox(_("Shipping simulator (open this notebook in JupyterLab or Voila to use it)"),
                                   children=[
            widgets.HTML(f"<h3>{html.escape(_('Shipping simulator: which service, at what price, with what cover'))}"
                         "</h3>"),
            self.preset, piece, route, self.status, self.finding, self.image, self.caption, self.result,
        ])
        self._describe_amounts("UK")

        for control in (self.destination, self.length, self.width, self.height, self.packaging, self.declared,
                        self.breakage):
            control.observe(self.update, names="value")
        self.weight.observe(self.update)
        self.origin.observe(self._on_origin, names="value")
        self.preset.observe(self._on_preset, names="value")
        if preset_id:
            self.preset.value = preset_id
        else:
            self.update()

    # -- controls ---------------------------------------------------------------------------------------------------

    @staticmethod
    def _destination_options(region: str) -> list[tuple[str, str]]:
        return [(name, code) for code, name in shipping.destinations(region).items()]

    @staticmethod
    def _packaging_options(region: str) -> list[tuple[str, str]]:
        return [(f"{box.name} — {fmt_money(box.cost.amount, box.cost.currency)}", key)
                for key, box in shipping.packagings(region).items()]

    def _describe_amounts(self, region: str) -> None:
        self.declared.description = _(LABELS["declared"]).format(symbol=currency_symbol(region))

    def _on_origin(self, change: dict) -> None:
        region = change["new"]
        with self._holder.hold():
            self.destination.options = self._destination_options(region)
            self.destination.value = HOME_COUNTRY[region]
            old_protection = shipping.packagings()[self.packaging.value].fragile_protection \
                if self.packaging.value else None
            self.packaging.options = self._packaging_options(region)
            same = [key for key, box in shipping.packagings(region).items()
                    if box.fragile_protection == old_protection]
            self.packaging.value = same[0] if same else self.packaging.options[0][1]
            self._describe_amounts(region)
            if self.preset.value and self.presets[self.preset.value].region != region:
                self.preset.value = ""
        self.update()

    def _on_preset(self, change: dict) -> None:
        if change["new"]:
            self.apply_preset(self.presets[change["new"]])

    def apply_preset(self, preset: Preset) -> None:
        """Fill every control from a case-study product, then update once."""
        with self._holder.hold():
            self.preset.value = preset.preset_id
            self.origin.value = preset.region
            self.destination.value = preset.destination or HOME_COUNTRY[preset.region]
            self.packaging.value = preset.packaging_id
            self.weight.set(float(preset.weight_g or 0))
            self.length.value = plain(preset.length_cm)
            self.width.value = plain(preset.width_cm)
            self.height.value = plain(preset.height_cm)
            self.declared.value = plain(preset.typical_price)
        self.update()

    # -- computing (all in the core) ----------------------------------------------------------------------------------

    def compute(self) -> ShippingView:
        """Pack, assess every service, price breakage; a CourseInputError explains a bad input."""
        region = self.origin.value
        piece = shipping.item(self.weight.value, self.length.value, self.width.value, self.height.value)
        packaging = shipping.get_packaging(self.packaging.value)
        box = shipping.pack([piece], packaging)
        quotes = shipping.assess(box, region, self.destination.value, self.declared.value)
        accepted = [q for q in quotes if q.accepted]
        if not accepted:
            shipping.quote(box, region, self.destination.value, self.declared.value)  # raises NoServiceError
        cheapest = accepted[0]
        scenario = self.scenarios[self.breakage.value]
        assert cheapest.price is not None and cheapest.declared_value is not None
        breakage = shipping.expected_breakage_cost(scenario["breakage_rate_pct"], cheapest.declared_value,
                                                   cheapest.price)
        valid = max([q.valid_from for q in accepted if q.valid_from] + [q.service.valid_from for q in quotes]
                    + [packaging.valid_from, scenario["valid_from"]])
        return ShippingView(region, box, packaging, tuple(quotes), cheapest, scenario, breakage, valid)

    # -- showing ------------------------------------------------------------------------------------------------------

    def _chart(self, view: ShippingView) -> tuple[str, str]:
        """Redraw the chart (one bar per service, in the table's fixed order); return its title and alt text."""
        currency = REGION_CURRENCY[view.region]
        by_service = {q.service.service_id: q for q in view.quotes}
        order = list(shipping.services(view.region))
        labels, segments, described = [], [], []
        for service_id in order:
            q = by_service[service_id]
            if q.accepted and q.price is not None:
                labels.append(q.service.name)
                segments.append([float(q.price.amount)])
                described.append(_("{service}: {price}.").format(
                    service=q.service.name, price=fmt_money(q.price.amount, currency)))
            else:
                labels.append(_("{service} (refused)").format(service=q.service.name))
                segments.append([0.0])
        cheapest = view.cheapest
        assert cheapest.price is not None
        accepted = sum(1 for q in view.quotes if q.accepted)
        title = _("Cheapest: {service} at {price} ({accepted} of {total} services take this parcel)").format(
            service=cheapest.service.name, price=fmt_money(cheapest.price.amount, currency), accepted=accepted,
            total=len(view.quotes))
        xmax = nice_ceiling(max(parts[0] for parts in segments) * 1.06)
        self.image.value = self.chart.render(
            key=(view.region, number_locale()), labels=labels, segments=segments,
            colours=[OKABE_ITO["blue"]], xmax=xmax,
            xlabel=_("Postage price per parcel ({symbol})").format(symbol=currency_symbol(view.region)),
            heading=_("Postage price per service"), best=order.index(cheapest.service.service_id), label_lines=3)
        alt = _("Chart: {title}. One bar per service that accepts the parcel: {details}").format(
            title=title, details=" ".join(described))
        return title, alt

    def _table(self, view: ShippingView, title: str) -> str:
        currency = REGION_CURRENCY[view.region]

        def money(amount: Decimal) -> str:
            return html.escape(fmt_money(amount, currency))

        headers = [_("Service"), _("Answer"), _("Billed weight"), _("Price"), _("Pays up to if lost or broken"),
                   _("Covers the value of the piece?")]
        head = "".join(f'<th style="{CELL_LEFT if i < 2 else CELL}">{html.escape(h)}</th>'
                       for i, h in enumerate(headers))
        rows = []
        for q in view.quotes:
            name = html.escape(q.service.name)
            if not q.accepted:
                answer = html.escape(_("Refused because {reasons}").format(reasons="; ".join(q.reasons)))
                rows.append(f'<tr class="artisanat-refused" data-service="{q.service.service_id}">'
                            f'<td style="{CELL_LEFT}">{name}</td>'
                            f'<td style="{CELL_LEFT};color:#8a3b00" colspan="5">{answer}</td></tr>')
                continue
            is_best = q is view.cheapest
            star = " ★ " + html.escape(_("cheapest")) if is_best else ""
            covered = (_("yes") if q.value_covered else _("no")) if q.value_covered is not None else "—"
            cells = [
                f'<td style="{CELL_LEFT}">{name}{star}</td>',
                f'<td style="{CELL_LEFT}">{html.escape(_("Accepted"))}</td>',
                f'<td style="{CELL}">{html.escape(format_number(q.billed_weight_kg, 2))} kg</td>',
                f'<td style="{CELL}" class="artisanat-price">{money(q.price.amount) if q.price else ""}</td>',
                f'<td style="{CELL}">{money(q.compensation_limit.amount)}</td>',
                f'<td style="{CELL}">{html.escape(covered)}</td>',
            ]
            css = "artisanat-best" if is_best else "artisanat-service"
            style = f' style="{ROW_BEST_STYLE}"' if is_best else ""
            rows.append(f'<tr class="{css}" data-service="{q.service.service_id}"{style}>{"".join(cells)}</tr>')
        box = view.box
        cheapest = view.cheapest
        assert cheapest.price is not None and cheapest.declared_value is not None
        parcel_line = _("Your packed parcel: {length} × {width} × {height} cm, {weight} kg, in “{packaging}” "
                        "({cost}).").format(
            length=format_number(box.length_cm, 1), width=format_number(box.width_cm, 1),
            height=format_number(box.height_cm, 1), weight=format_number(box.weight_kg, 2),
            packaging=view.packaging.name, cost=fmt_money(view.packaging.cost.amount, view.packaging.cost.currency))
        breakage_line = _("Expected breakage cost per parcel: {cost} (scenario “{scenario}”, {rate} of parcels: "
                          "replacing a {value} piece and sending it again by {service} at {price}).").format(
            cost=fmt_money(view.breakage.amount, currency), scenario=_(view.scenario["label"]),
            rate=format_pct(view.scenario["breakage_rate_pct"], 1),
            value=fmt_money(cheapest.declared_value.amount, currency), service=cheapest.service.name,
            price=fmt_money(cheapest.price.amount, currency))
        valid = _("Postage, packaging and breakage figures valid as of {date} (datasets/reference).").format(
            date=display.format_date(view.valid_from))
        return (
            f'<div class="artisanat-shipping"><p style="font-weight:bold;margin:4px 0">{html.escape(title)}</p>'
            f'<p style="margin:4px 0">{html.escape(parcel_line)}</p>'
            f'<table style="{TABLE_STYLE}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'<p class="artisanat-breakage" style="margin:4px 0">{html.escape(breakage_line)}</p>'
            f'<p class="artisanat-valid-as-of" style="margin:4px 0;color:#333">{html.escape(valid)}</p></div>'
        )


def show_shipping_simulator(preset_id: str | None = "brighton_kiln_mug") -> None:
    """Build the shipping simulator and display it (the notebook's only code cell; shows nothing else)."""
    from IPython.display import display

    display(ShippingApp(preset_id).widget)
