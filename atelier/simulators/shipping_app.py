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
from atelier.errors import CourseInputError, decimals_of
from atelier.i18n import N_, _, format_number, format_pct
from atelier.money import Money
from atelier.simulators.charts import OKABE_ITO, SvgBarChart, nice_ceiling
from atelier.simulators.controls import (
    Field,
    Holder,
    Labelled,
    SimulatorApp,
    SimulatorBox,
    SliderText,
    dropdown,
    failure_html,
    fmt_money,
    read_field,
    row,
    style_widget,
    text_input,
    weight_label,
    weight_steps_g,
)
from atelier.simulators.presets import DEFAULT, Preset, default_preset, home_region, plain, presets
from atelier.simulators.pricing_app import (
    CELL,
    CELL_LEFT,
    REGION_LABELS,
    ROW_BEST_STYLE,
    TABLE_STYLE,
    currency_symbol,
    money_field,
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
    "fragile": N_("Fragile piece (pottery, porcelain, glass): the carrier may not pay if it breaks"),
}


@dataclass(frozen=True)
class ShippingView:
    """Everything one update shows."""

    region: str
    box: shipping.Parcel
    packaging: shipping.Packaging
    quotes: tuple[shipping.Quote, ...]  # accepted cheapest first, then refused (the core's order)
    cheapest: shipping.Quote | None  # None: no service takes this parcel, and that is the answer
    scenario: dict
    breakage: Money | None
    valid_from: date
    destination_name: str = ""
    checked_on: date | None = None  # the oldest checked_on of the rows used


WEIGHT = Field(N_("the weight of the piece"), "g", Decimal(1), Decimal(100000), 1, above_zero=True)


def size_field(what: str) -> Field:
    return Field(what, "cm", Decimal("0.1"), Decimal(500), 1, above_zero=True)


class ShippingApp(SimulatorApp):
    """The shipping simulator: build it, then display `.widget` (or call `show_shipping_simulator()`)."""

    def __init__(self, preset_id: str | None = DEFAULT) -> None:
        self._holder = Holder()
        if preset_id == DEFAULT:
            preset_id = default_preset()
        home = home_region()
        self.presets = {key: p for key, p in presets().items() if p.shippable}
        self.scenarios = {row["scenario_id"]: row for row in reference.rows("breakage_scenarios")}
        self.chart = SvgBarChart()
        self.view: ShippingView | None = None
        self.updates = 0

        self.preset = dropdown([(_(LABELS["own"]), ""), *(
            (f"{p.shown_name} ({p.region})", p.preset_id) for p in self.presets.values())], "")
        self.origin = dropdown([(_(REGION_LABELS[r]), r) for r in REGIONS], home)
        self.destination = dropdown(self._destination_options(home), HOME_COUNTRY[home])
        self.weight = SliderText(_(LABELS["weight"]), Decimal(350), weight_steps_g(),
                                 Field(_(WEIGHT.what), "g", WEIGHT.minimum, WEIGHT.maximum, WEIGHT.decimals,
                                       above_zero=True), weight_label)
        self.weight.slider.add_class("artisanat-main-slider")
        self.length = text_input("12")
        self.width = text_input("9")
        self.height = text_input("10")
        self.packaging = dropdown(self._packaging_options(home))
        self.declared = text_input("28")
        self.fragile = widgets.Checkbox(value=False, description=_(LABELS["fragile"]), indent=False,
                                        layout=widgets.Layout(width="auto"))
        default_rate = reference.default("default_breakage_rate_pct")
        default_scenario = next((key for key, row in self.scenarios.items()
                                 if row["breakage_rate_pct"] == default_rate), next(iter(self.scenarios)))
        self.breakage = dropdown([
            (f"{_(row['label'])} ({format_pct(row['breakage_rate_pct'], 1)})", key)
            for key, row in self.scenarios.items()], default_scenario)

        self.status = widgets.HTML(value="")
        self.status.add_class("artisanat-status")
        self.headline = widgets.HTML(value="")
        self.headline.add_class("artisanat-key-result")
        self.finding = widgets.HTML(value="")
        self.finding.add_class("artisanat-finding")
        self.image = widgets.HTML(value="")
        self.image.add_class("artisanat-chart")
        self.caption = widgets.HTML(value="")
        self.caption.add_class("artisanat-chart-caption")
        self.result = widgets.HTML(value="")
        self.result.add_class("artisanat-result")

        self.fields = {key: Labelled(_(LABELS[key]), control) for key, control in (
            ("preset", self.preset), ("origin", self.origin), ("destination", self.destination),
            ("length", self.length), ("width", self.width), ("height", self.height), ("declared", self.declared),
            ("packaging", self.packaging), ("breakage", self.breakage))}
        for key in ("preset", "packaging", "breakage"):
            self.fields[key].widen()
        f = self.fields
        self.widget = SimulatorBox(_("Shipping simulator: to start it, click in the grey box above and press "
                                     "Shift + Enter."), children=[
            style_widget(),
            widgets.HTML(f"<h3>{html.escape(_('Shipping simulator: which service, at what price, with what cover'))}"
                         "</h3>"),
            row(f["preset"].widget, f["origin"].widget, f["destination"].widget),
            row(self.weight.widget),
            row(f["length"].widget, f["width"].widget, f["height"].widget, f["declared"].widget),
            row(f["packaging"].widget, f["breakage"].widget),
            row(self.fragile),
            self.status, self.headline, self.finding, self.image, self.caption, self.result,
        ])
        self._describe_amounts(home)

        for control in (self.destination, self.packaging, self.breakage, self.fragile):
            control.observe(self.update, names="value")
        for box in (self.length, self.width, self.height, self.declared):
            self.watch_box(box)
        self.weight.connect(self)
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
        self.fields["declared"].set_label(_(LABELS["declared"]).format(symbol=currency_symbol(region)))

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
            self.fragile.value = bool(preset.fragile)
        self.update()

    # -- computing (all in the core) ----------------------------------------------------------------------------------

    def compute(self) -> ShippingView:
        """Read the boxes, pack, assess every service, price breakage; a CourseInputError explains a bad input.

        No service taking the parcel is a result (each service's reason is shown), not an error.
        """
        region = self.origin.value
        currency = REGION_CURRENCY[region]
        piece = shipping.item(read_field(self.weight.value, self.weight.field),
                              read_field(self.length.value, size_field(_("the length of the piece"))),
                              read_field(self.width.value, size_field(_("the width of the piece"))),
                              read_field(self.height.value, size_field(_("the height of the piece"))),
                              fragile=self.fragile.value)
        declared = read_field(self.declared.value, money_field(_("the value of the piece"), currency))
        packaging = shipping.get_packaging(self.packaging.value)
        box = shipping.pack([piece], packaging)
        quotes = shipping.assess(box, region, self.destination.value, declared)
        accepted = [q for q in quotes if q.accepted]
        cheapest = accepted[0] if accepted else None
        scenario = self.scenarios[self.breakage.value]
        breakage = None
        if cheapest is not None:
            assert cheapest.price is not None and cheapest.declared_value is not None
            breakage = shipping.expected_breakage_cost(scenario["breakage_rate_pct"], cheapest.declared_value,
                                                       cheapest.price)
        valid = max([q.valid_from for q in accepted if q.valid_from] + [q.service.valid_from for q in quotes]
                    + [packaging.valid_from, scenario["valid_from"]])
        checked = min([q.checked_on for q in accepted if q.checked_on] + [q.service.checked_on for q in quotes]
                      + [reference.checked_on("packaging"), scenario["checked_on"]])
        name = shipping.destinations(region).get(self.destination.value, self.destination.value)
        return ShippingView(region, box, packaging, tuple(quotes), cheapest, scenario, breakage, valid, name, checked)

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
        title = self._title(view)
        cheapest = view.cheapest
        self.image.layout.display = None if cheapest is not None else "none"
        if cheapest is None:  # nothing to draw: the answer is the list of reasons
            alt = _("No chart: no service takes this parcel.")
            return title, alt
        xmax = nice_ceiling(max(parts[0] for parts in segments) * 1.06)
        alt = _("Chart: {title}. One bar per service that accepts the parcel: {details}").format(
            title=title, details=" ".join(described))
        self.image.value = self.chart.render(
            labels=labels, segments=segments, colours=[OKABE_ITO["blue"]], xmax=xmax,
            xlabel=_("Postage price per parcel ({symbol})").format(symbol=currency_symbol(view.region)),
            heading=_("Postage price per service"), best=order.index(cheapest.service.service_id), alt=alt)
        return title, alt

    def _title(self, view: ShippingView) -> str:
        currency = REGION_CURRENCY[view.region]
        cheapest = view.cheapest
        if cheapest is None or cheapest.price is None:
            return _("No service in the tables takes this parcel (sent to: {destination}). Each service's reason:"
                     ).format(destination=view.destination_name)
        accepted = sum(1 for q in view.quotes if q.accepted)
        return _("Cheapest: {service} at {price} ({accepted} of {total} services take this parcel)").format(
            service=cheapest.service.name, price=fmt_money(cheapest.price.amount, currency), accepted=accepted,
            total=len(view.quotes))

    def _headline(self, view: ShippingView, title: str) -> str:
        """The key result beside the controls: the cheapest service and whether it covers the piece, or why none."""
        currency = REGION_CURRENCY[view.region]
        cheapest = view.cheapest
        if cheapest is None:
            reasons = "".join(f"<li><b>{html.escape(q.service.name)}</b>: {html.escape(q.reasons[0])}</li>"
                              for q in view.quotes)
            return (f'<div class="artisanat-headline artisanat-no-service" role="status"><b>{html.escape(title)}'
                    f"</b><ul style=\"margin:4px 0 0 1.2em;padding:0\">{reasons}</ul></div>")
        lines = [f"<b>★ {html.escape(title)}</b>"]
        if cheapest.breakage_reason and cheapest.breakage_cover is not None:
            lines.append(html.escape(_("If the piece arrives broken, {carrier} pays {broken} (up to {limit} if the "
                                       "parcel is lost): {reason}.").format(
                carrier=cheapest.service.carrier, broken=fmt_money(cheapest.breakage_cover.amount, currency),
                limit=fmt_money(cheapest.compensation_limit.amount, currency), reason=cheapest.breakage_reason)))
        elif cheapest.value_covered is False:
            lines.append(html.escape(_("It pays at most {limit} if the parcel is lost or broken: less than the "
                                       "piece is worth.").format(
                limit=fmt_money(cheapest.compensation_limit.amount, currency))))
        return f'<div class="artisanat-headline" role="status">{"<br>".join(lines)}</div>'

    def _table(self, view: ShippingView, title: str) -> str:
        currency = REGION_CURRENCY[view.region]

        def money(amount: Decimal) -> str:
            return html.escape(fmt_money(amount, currency))

        fragile = view.box.fragile
        covers = (_("Pays up to if lost"), _("Pays if broken")) if fragile else (_("Pays up to if lost or broken"),)
        headers = [_("Service"), _("Answer"), _("Billed weight"), _("Price"), *covers,
                   _("Covers the value of the piece?")]
        head = "".join(f'<th style="{CELL_LEFT if i < 2 else CELL}">{html.escape(h)}</th>'
                       for i, h in enumerate(headers))
        rows = []
        for q in view.quotes:
            name = html.escape(q.service.name)
            if not q.accepted:
                answer = html.escape(_("Refused because:")) + '<ul style="margin:2px 0 0 1.2em;padding:0">' + "".join(
                    f"<li>{html.escape(reason)}</li>" for reason in q.reasons) + "</ul>"
                rows.append(f'<tr class="artisanat-refused" data-service="{q.service.service_id}">'
                            f'<td style="{CELL_LEFT}">{name}</td>'
                            f'<td style="{CELL_LEFT};color:#8a3b00" colspan="{len(headers) - 1}">{answer}</td></tr>')
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
                *([f'<td style="{CELL}" class="artisanat-breakage-cover">'
                   f'{money((q.breakage_cover or q.compensation_limit).amount)}</td>'] if fragile else []),
                f'<td style="{CELL}">{html.escape(covered)}</td>',
            ]
            css = "artisanat-best" if is_best else "artisanat-service"
            style = f' style="{ROW_BEST_STYLE}"' if is_best else ""
            rows.append(f'<tr class="{css}" data-service="{q.service.service_id}"{style}>{"".join(cells)}</tr>')
        box = view.box
        cheapest = view.cheapest
        parcel_line = _("Your packed parcel: {length} × {width} × {height} cm, {weight} kg, in “{packaging}” "
                        "({cost}).").format(
            length=format_number(box.length_cm, decimals_of(box.length_cm.normalize()) or 0),
            width=format_number(box.width_cm, decimals_of(box.width_cm.normalize()) or 0),
            height=format_number(box.height_cm, decimals_of(box.height_cm.normalize()) or 0),
            weight=format_number(box.weight_kg, max(decimals_of(box.weight_kg), 2)),
            packaging=view.packaging.name, cost=fmt_money(view.packaging.cost.amount, view.packaging.cost.currency))
        breakage_line = ""
        if cheapest is not None and view.breakage is not None:
            assert cheapest.price is not None and cheapest.declared_value is not None
            breakage_line = _("Expected breakage cost per parcel: {cost} (scenario “{scenario}”, {rate} of parcels: "
                              "replacing a {value} piece and sending it again by {service} at {price}).").format(
                cost=fmt_money(view.breakage.amount, currency), scenario=_(view.scenario["label"]),
                rate=format_pct(view.scenario["breakage_rate_pct"], 1),
                value=fmt_money(cheapest.declared_value.amount, currency), service=cheapest.service.name,
                price=fmt_money(cheapest.price.amount, currency))
        reasons = sorted({q.breakage_reason for q in view.quotes if q.accepted and q.breakage_reason})
        broken = "".join(f"<li>{html.escape(reason)}</li>" for reason in reasons)
        broken_html = (f'<div class="artisanat-breakage-reasons" style="margin:4px 0">'
                       f'{html.escape(_("If a fragile piece arrives broken:"))}'
                       f'<ul style="margin:2px 0 0 1.2em;padding:0">{broken}</ul></div>') if broken else ""
        valid = display.valid_as_of_line(view.valid_from, view.checked_on)
        return (
            f'<div class="artisanat-shipping"><p style="font-weight:bold;margin:4px 0">{html.escape(title)}</p>'
            f'<p style="margin:4px 0">{html.escape(parcel_line)}</p>'
            f'<div class="artisanat-scroll"><table style="{TABLE_STYLE}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>'
            f'{broken_html}'
            f'<p class="artisanat-breakage" style="margin:4px 0">{html.escape(breakage_line)}</p>'
            f'<p class="artisanat-valid-as-of" style="margin:4px 0;color:#333">{html.escape(valid)}</p></div>'
        )


def show_shipping_simulator(preset_id: str | None = DEFAULT) -> None:
    """Build the shipping simulator and display it (the notebook's only code cell; shows nothing else).

    A reference table that does not load shows its message in the page, not a traceback.
    """
    from IPython.display import HTML, display

    try:
        app = ShippingApp(preset_id)
    except CourseInputError as error:
        display(HTML(failure_html(_("The shipping simulator cannot start"), str(error))))
        return
    display(app.widget)
