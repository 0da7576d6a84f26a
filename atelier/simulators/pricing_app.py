"""The pricing simulator: what to ask on each sales channel, where the money goes, and which channel pays best.

Every figure comes from `atelier.pricing` (fees, VAT, contributions, the price for a margin); this module only
wires the controls to it and formats the answers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import ipywidgets as widgets
from babel.numbers import get_currency_symbol

from atelier import display, pricing, reference
from atelier.channels import REGION_CURRENCY, REGIONS, Channel, channels_in
from atelier.errors import CourseInputError, NoPriceError
from atelier.i18n import N_, _, format_pct, number_locale
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
)
from atelier.simulators.presets import DEFAULT, Preset, as_typed, default_preset, home_region, plain, presets
from atelier.tax import statuses_for

MODE_MARGIN, MODE_PRICE = "margin", "price"

REGION_LABELS = {"UK": N_("United Kingdom (£, GBP)"), "FR": N_("France (€, EUR)")}
LABELS = {
    "preset": N_("Start from"),
    "own": N_("Your own figures"),
    "region": N_("Where you sell from"),
    "tax_status": N_("Your tax status"),
    "materials": N_("Materials per piece ({symbol})"),
    "making_time": N_("Making time per piece (hours)"),
    "hourly_rate": N_("Your hourly rate ({symbol} per hour)"),
    "overhead": N_("Overhead per piece ({symbol})"),
    "packaging": N_("Packaging per piece ({symbol})"),
    "postage": N_("Postage the buyer pays ({symbol}; 0 if none)"),
    "orders": N_("Orders a month (shares monthly fees)"),
    "mode": N_("Compare"),
    "mode_margin": N_("The price each channel needs for my margin"),
    "mode_price": N_("One price everywhere"),
    "margin": N_("Target margin (%)"),
    "price": N_("Your price ({symbol}, buyer pays)"),
    "offsite_ads": N_("Etsy Offsite Ads: this sale came from an Etsy ad"),
}
# the parts of what the buyer pays, in the chart's order, with their Okabe–Ito colours
PARTS = (
    ("unit_cost", N_("Your costs"), OKABE_ITO["blue"]),
    ("fees", N_("Fees"), OKABE_ITO["vermillion"]),
    ("tax", N_("VAT and contributions"), OKABE_ITO["purple"]),
    ("shipping_cost", N_("Postage you pay"), OKABE_ITO["sky_blue"]),
    ("margin", N_("Your margin"), OKABE_ITO["green"]),
)
ROW_BEST_STYLE = "background:#e3f2ec;font-weight:bold;outline:2px solid #009E73"
ROW_LOSS_STYLE = "background:#fdecea;color:#7a1f00"
TABLE_STYLE = "border-collapse:collapse;font-size:0.95em"
CELL = "padding:3px 8px;border-bottom:1px solid #ddd;text-align:right"
CELL_LEFT = "padding:3px 8px;border-bottom:1px solid #ddd;text-align:left"


def currency_symbol(region: str) -> str:
    return get_currency_symbol(REGION_CURRENCY[region], locale=number_locale())


@dataclass(frozen=True)
class ChannelResult:
    """One channel's answer: the sale, or the reason no price works there."""

    channel: Channel
    sale: pricing.Sale | None
    problem: str = ""


@dataclass(frozen=True)
class PricingView:
    """Everything one update shows."""

    region: str
    mode: str
    results: tuple[ChannelResult, ...]
    best: int  # index in `results` of the channel that pays the maker best (margin, hence hourly pay)
    lowest: int  # index in `results` of the channel with the lowest price to ask
    cost: pricing.UnitCost
    valid_from: date
    checked_on: date | None = None  # the oldest checked_on of the rows the shown sales used

    @property
    def losses(self) -> list[ChannelResult]:
        """The channels where this sale loses money (one-price mode)."""
        return [r for r in self.results if r.sale is not None and r.sale.margin.amount < 0]


def money_field(what: str, currency: str, *, above_zero: bool = False, minimum: Decimal = Decimal(0)) -> Field:
    return Field(what, currency, minimum, reference.default("max_price"), 2, above_zero)


def pct_label(value: Decimal) -> str:
    return format_pct(value, 0)


class PricingApp(SimulatorApp):
    """The pricing simulator: build it, then display `.widget` (or call `show_pricing_simulator()`)."""

    def __init__(self, preset_id: str | None = DEFAULT, postage_charged: object = 0) -> None:
        self._holder = Holder()
        if preset_id == DEFAULT:
            preset_id = default_preset()
        home = home_region()
        self.presets = presets()
        self.chart = SvgBarChart()
        self.view: PricingView | None = None
        self.updates = 0

        self.preset = dropdown([(_(LABELS["own"]), ""), *(
            (f"{p.shown_name} ({p.region})", p.preset_id) for p in self.presets.values())], "")
        self.region = dropdown([(_(REGION_LABELS[r]), r) for r in REGIONS], home)
        self.tax_status = dropdown(self._status_options(home))
        hourly = plain(reference.default(f"hourly_rate_{home.lower()}"))
        self.materials = text_input(as_typed("2.50"))
        self.making_time = text_input(as_typed("0.5"))
        self.hourly_rate = text_input(hourly)
        self.overhead = text_input("3")
        self.packaging = text_input(as_typed("2.60"))
        self.postage = text_input(as_typed(str(postage_charged)))
        self.orders = text_input(plain(reference.default("orders_per_month")))
        self.mode = widgets.ToggleButtons(
            options=[(_(LABELS["mode_margin"]), MODE_MARGIN), (_(LABELS["mode_price"]), MODE_PRICE)],
            value=MODE_MARGIN)
        self.margin = SliderText(_(LABELS["margin"]), reference.default("target_margin"),
                                 [Decimal(pct) for pct in range(0, 96)], Field(_("the target margin"), "%",
                                                                               Decimal(0), Decimal(99), 1), pct_label)
        self.margin.slider.add_class("artisanat-main-slider")
        self.price = text_input("28")
        self.price.disabled = True
        self.offsite_ads = widgets.Checkbox(value=False, description=_(LABELS["offsite_ads"]), indent=False,
                                            layout=widgets.Layout(width="auto"))

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
            ("preset", self.preset), ("region", self.region), ("tax_status", self.tax_status),
            ("materials", self.materials), ("making_time", self.making_time), ("hourly_rate", self.hourly_rate),
            ("overhead", self.overhead), ("packaging", self.packaging), ("postage", self.postage),
            ("orders", self.orders), ("mode", self.mode), ("price", self.price))}
        for key in ("preset", "tax_status"):
            self.fields[key].widen()
        self.fields["mode"].widget.layout.max_width = "48em"
        self.fields["mode"].widget.layout.flex = "1 1 100%"
        f = self.fields
        self.widget = SimulatorBox(_("Pricing simulator: to start it, click in the grey box above and press "
                                     "Shift + Enter."), children=[
            style_widget(),
            widgets.HTML(f"<h3>{html.escape(_('Pricing simulator: what to ask on each channel'))}</h3>"),
            row(f["preset"].widget, f["region"].widget, f["tax_status"].widget),
            row(*(f[key].widget for key in ("materials", "making_time", "hourly_rate", "overhead", "packaging"))),
            row(f["postage"].widget, f["orders"].widget, self.offsite_ads),
            row(f["mode"].widget), row(self.margin.widget, f["price"].widget),
            self.status, self.headline, self.finding, self.image, self.caption, self.result,
        ])
        self._describe_amounts(home)

        for control in (self.tax_status, self.offsite_ads):
            control.observe(self.update, names="value")
        for box in (self.materials, self.making_time, self.hourly_rate, self.overhead, self.packaging,
                    self.postage, self.orders, self.price):
            self.watch_box(box)
        self.margin.connect(self)
        self.region.observe(self._on_region, names="value")
        self.preset.observe(self._on_preset, names="value")
        self.mode.observe(self._on_mode, names="value")
        if preset_id:
            self.preset.value = preset_id
        else:
            self.update()

    # -- controls -----------------------------------------------------------------------------------------------

    @staticmethod
    def _status_options(region: str) -> list[tuple[str, str]]:
        return [(status.label, status.status_id) for status in statuses_for(region)]

    def _describe_amounts(self, region: str) -> None:
        symbol = currency_symbol(region)
        for key in ("materials", "hourly_rate", "overhead", "packaging", "postage", "price"):
            self.fields[key].set_label(_(LABELS[key]).format(symbol=symbol))

    def _on_region(self, change: dict) -> None:
        region = change["new"]
        with self._holder.hold():
            self.tax_status.options = self._status_options(region)
            self.tax_status.value = self.tax_status.options[0][1]
            self._describe_amounts(region)
            if self.preset.value and self.presets[self.preset.value].region != region:
                self.preset.value = ""
        self.update()

    def _on_preset(self, change: dict) -> None:
        if change["new"]:
            self.apply_preset(self.presets[change["new"]])

    def _on_mode(self, change: dict) -> None:
        by_margin = change["new"] == MODE_MARGIN
        self.margin.slider.disabled = self.margin.text.disabled = not by_margin
        self.price.disabled = by_margin
        self.margin.widget.layout.display = None if by_margin else "none"
        self.fields["price"].widget.layout.display = "none" if by_margin else None
        self.update()

    def apply_preset(self, preset: Preset) -> None:
        """Fill every control from a case-study preset, then update once."""
        with self._holder.hold():
            self.preset.value = preset.preset_id
            self.region.value = preset.region
            self.tax_status.value = preset.tax_status
            self.materials.value = plain(preset.materials)
            self.making_time.value = plain(preset.making_time_h)
            self.hourly_rate.value = plain(reference.default(f"hourly_rate_{preset.region.lower()}"))
            self.overhead.value = plain(preset.overhead)
            self.packaging.value = plain(preset.packaging_cost)
            self.price.value = plain(preset.typical_price)
        self.update()

    # -- computing (all in the core) ------------------------------------------------------------------------------

    def compute(self) -> PricingView:
        """Read every box, ask the core for every channel of the region; a CourseInputError explains a bad input."""
        region = self.region.value
        currency = REGION_CURRENCY[region]
        cost = pricing.unit_cost(
            materials=read_field(self.materials.value, money_field(_("the cost of materials"), currency)),
            making_time_h=read_field(self.making_time.value, Field(_("the making time"), "h", Decimal(0),
                                                                   Decimal(1000), 2)),
            hourly_rate=read_field(self.hourly_rate.value, money_field(_("the hourly rate"), currency)),
            overhead=read_field(self.overhead.value, money_field(_("the overhead share"), currency)),
            packaging=read_field(self.packaging.value, money_field(_("the packaging cost"), currency)),
            currency=currency)
        postage_charged = read_field(self.postage.value, money_field(_("the postage the buyer pays"), currency))
        orders = read_field(self.orders.value, Field(_("orders a month"), "", Decimal(0), Decimal(100000), 1,
                                                     above_zero=True))
        mode = self.mode.value
        if mode == MODE_MARGIN:
            margin = read_field(self.margin.value, self.margin.field)
        else:
            price = read_field(self.price.value, money_field(_("your price"), currency, above_zero=True,
                                                             minimum=Decimal("0.01")))
        results = []
        for channel in channels_in(region):
            postage = 0 if channel.kind in pricing.IN_PERSON_KINDS else postage_charged
            options = {"postage_charged": postage, "offsite_ads": self.offsite_ads.value,
                       "orders_per_month": orders}
            try:
                if mode == MODE_MARGIN:
                    sale = pricing.price_for_margin(cost, channel, margin, self.tax_status.value, **options)
                else:
                    sale = pricing.sell(cost, channel, price, self.tax_status.value, **options)
            except NoPriceError as error:
                results.append(ChannelResult(channel, None, str(error)))
                continue
            results.append(ChannelResult(channel, sale))
        sold = [(index, r.sale) for index, r in enumerate(results) if r.sale is not None]
        if not sold:
            raise NoPriceError(_("No channel can reach this margin. {reason}").format(reason=results[0].problem))
        # what pays the maker best: the biggest margin (the cost is the same on every channel, so also the best
        # hourly pay); the lowest price is named separately
        best = max(sold, key=lambda pair: (pair[1].margin.amount, -pair[1].price.amount))[0]
        lowest = min(sold, key=lambda pair: (pair[1].price.amount, -pair[1].margin.amount))[0]
        valid = max(sale.valid_from for _index, sale in sold)
        checked = min((sale.checked_on for _index, sale in sold if sale.checked_on is not None), default=None)
        return PricingView(region, mode, tuple(results), best, lowest, cost, valid, checked)

    # -- showing ----------------------------------------------------------------------------------------------------

    def _chart(self, view: PricingView) -> tuple[str, str]:
        """Redraw the chart; return its title and its description in words (alt text)."""
        currency = REGION_CURRENCY[view.region]
        labels, segments, marks, described = [], [], [], []
        for result in view.results:
            sale = result.sale
            if sale is None:
                labels.append(_("{channel} (no price works)").format(channel=result.channel.name))
                segments.append([0.0] * len(PARTS))
                marks.append(None)
                continue
            record = pricing.sale_record(sale)
            parts = [record["unit_cost"], record["fees"], record["vat_due"] + record["contributions"],
                     record["shipping_cost"], max(record["margin"], 0.0)]
            if sale.margin.amount < 0:  # the costs reach past the buyer's mark: the gap is the loss, named
                labels.append(_("{channel} (loses {loss})").format(
                    channel=result.channel.name, loss=fmt_money(-sale.margin.amount, currency)))
            else:
                labels.append(result.channel.name)
            segments.append(parts)
            marks.append(float(sale.customer_pays.amount))
            described.append(_("{channel}: the buyer pays {pays}; your costs {cost}, fees {fees}, VAT and "
                               "contributions {tax}, postage {postage}, your margin {margin}.").format(
                channel=result.channel.name, pays=fmt_money(sale.customer_pays.amount, currency),
                cost=fmt_money(parts[0], currency), fees=fmt_money(parts[1], currency),
                tax=fmt_money(parts[2], currency), postage=fmt_money(parts[3], currency),
                margin=fmt_money(sale.margin.amount, currency)))
        title = self._title(view)
        xmax = nice_ceiling(max(sum(parts) for parts in segments) * 1.06)
        alt = _("Chart: {title}. One bar per channel, split into your costs, fees, VAT and contributions, postage "
                "and your margin. {details}").format(title=title, details=" ".join(described))
        self.image.value = self.chart.render(
            labels=labels, segments=segments, colours=[colour for _key, _label, colour in PARTS],
            xmax=xmax, xlabel=_("Where the money of one sale goes ({symbol})").format(
                symbol=currency_symbol(view.region)),
            heading=_("Where the money of one sale goes, per channel"),
            legend=[(_(label), colour) for _key, label, colour in PARTS], marks=marks, best=view.best, alt=alt)
        return title, alt

    def _title(self, view: PricingView) -> str:
        """The finding in one sentence: the channel that pays the maker best, in money and per hour."""
        currency = REGION_CURRENCY[view.region]
        best = view.results[view.best]
        sale = best.sale
        assert sale is not None
        wage = fmt_money(sale.hourly_wage.amount, currency) if sale.hourly_wage else "—"
        if sale.margin.amount < 0:
            return _("Every channel loses money at {price}; {channel} loses the least ({margin})").format(
                channel=best.channel.name, margin=fmt_money(sale.margin.amount, currency),
                price=fmt_money(sale.price.amount, currency))
        if view.mode == MODE_MARGIN:
            return _("{channel} pays you best: ask {price} there for {margin} margin ({wage} an hour)").format(
                channel=best.channel.name, price=fmt_money(sale.price.amount, currency),
                margin=fmt_money(sale.margin.amount, currency), wage=wage)
        return _("{channel} pays you best: {margin} margin on {price} ({wage} an hour)").format(
            channel=best.channel.name, margin=fmt_money(sale.margin.amount, currency),
            price=fmt_money(sale.price.amount, currency), wage=wage)

    def _headline(self, view: PricingView, title: str) -> str:
        """The key result beside the controls: what pays best, the lowest price in its own words, any loss."""
        currency = REGION_CURRENCY[view.region]
        lines = [f"<b>★ {html.escape(title)}</b>"]
        lowest = view.results[view.lowest]
        if view.mode == MODE_MARGIN and view.lowest != view.best and lowest.sale is not None:
            wage = lowest.sale.hourly_wage
            lines.append(html.escape(_("Lowest price to ask: {channel} at {price} ({wage} an hour).").format(
                channel=lowest.channel.name, price=fmt_money(lowest.sale.price.amount, currency),
                wage=fmt_money(wage.amount, currency) if wage else "—")))
        losses = view.losses
        if losses and view.results[view.best].sale.margin.amount >= 0:  # type: ignore[union-attr]
            lines.append(html.escape(_("Loses money at this price: {channels}.").format(
                channels=", ".join(f"{r.channel.name} ({fmt_money(r.sale.margin.amount, currency)})"  # type: ignore[union-attr]
                                   for r in losses))))
        return f'<div class="artisanat-headline" role="status">{"<br>".join(lines)}</div>'

    def _table(self, view: PricingView, title: str) -> str:
        currency = REGION_CURRENCY[view.region]

        def money(amount: object) -> str:
            return html.escape(fmt_money(amount, currency))  # type: ignore[arg-type]

        price_header = _("Price to ask") if view.mode == MODE_MARGIN else _("Your price")
        headers = [_("Channel"), price_header, _("Fees"), _("VAT and contributions"), _("Postage you pay"),
                   _("Net received"), _("Your margin"), _("Your hourly wage")]
        head = "".join(f'<th style="{CELL_LEFT if i == 0 else CELL}">{html.escape(h)}</th>'
                       for i, h in enumerate(headers))
        rows, details = [], []
        for index, result in enumerate(view.results):
            name = html.escape(result.channel.name)
            sale = result.sale
            if sale is None:
                rows.append(f'<tr class="artisanat-no-price" data-channel="{result.channel.channel_id}">'
                            f'<td style="{CELL_LEFT}">{name}</td><td colspan="7" style="{CELL_LEFT};color:#8a3b00">'
                            f"{html.escape(result.problem)}</td></tr>")
                continue
            is_best = index == view.best
            is_loss = sale.margin.amount < 0
            lines = [(line.label, line.amount.amount) for line in sale.fees.lines]
            if sale.vat_on_fees_reclaimed.amount:
                lines.append((_("VAT on fees you reclaim"), -sale.vat_on_fees_reclaimed.amount))
            fee_text = "; ".join(f"{label}: {fmt_money(amount, currency)}" for label, amount in lines) \
                or _("no fees")
            wage = money(sale.hourly_wage.amount) + html.escape(_(" an hour")) if sale.hourly_wage else "—"
            star = " ★ " + html.escape(_("pays you best")) if is_best else ""
            if index == view.lowest and view.mode == MODE_MARGIN and not is_best:
                star += " · " + html.escape(_("lowest price"))
            if is_loss:
                star += " · " + html.escape(_("loses money"))
            record = pricing.sale_record(sale)
            cells = [
                f'<td style="{CELL_LEFT}">{name}{star}</td>',
                f'<td style="{CELL}" class="artisanat-price">{money(sale.price.amount)}</td>',
                f'<td style="{CELL}" title="{html.escape(fee_text)}">{money(record["fees"])}</td>',
                f'<td style="{CELL}">{money(sale.vat_due.amount + sale.contributions.amount)}</td>',
                f'<td style="{CELL}">{money(sale.shipping_cost.amount)}</td>',
                f'<td style="{CELL}">{money(sale.net_received.amount)}</td>',
                f'<td style="{CELL}">{money(sale.margin.amount)} ({html.escape(format_pct(sale.margin_pct, 1))})'
                f"</td>",
                f'<td style="{CELL}">{wage}</td>',
            ]
            style = f' style="{ROW_BEST_STYLE}"' if is_best else f' style="{ROW_LOSS_STYLE}"' if is_loss else ""
            css = "artisanat-best" if is_best else "artisanat-loss" if is_loss else "artisanat-channel"
            if index == view.lowest:
                css += " artisanat-lowest"
            rows.append(f'<tr class="{css}" data-channel="{result.channel.channel_id}"{style}>{"".join(cells)}</tr>')
            details.append(f"<li><b>{name}</b>: {html.escape(fee_text)}</li>")
        cost = view.cost
        cost_line = _("One piece costs you {total}: materials {materials}, your time {labour}, overhead {overhead}, "
                      "packaging {packaging}.").format(
            total=fmt_money(cost.total.amount, currency), materials=fmt_money(cost.materials.amount, currency),
            labour=fmt_money(cost.labour.amount, currency), overhead=fmt_money(cost.overhead.amount, currency),
            packaging=fmt_money(cost.packaging.amount, currency))
        valid = display.valid_as_of_line(view.valid_from, view.checked_on)
        notes = _("Sales in person (your shop, a fair) carry no postage. Hover over a fee to see it line by line.")
        return (
            f'<div class="artisanat-pricing"><p style="font-weight:bold;margin:4px 0">{html.escape(title)}</p>'
            f'<div class="artisanat-scroll"><table style="{TABLE_STYLE}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>'
            f'<p style="margin:4px 0">{html.escape(cost_line)}</p>'
            f"<details><summary>{html.escape(_('Fees line by line'))}</summary><ul>{''.join(details)}</ul></details>"
            f'<p class="artisanat-valid-as-of" style="margin:4px 0;color:#333">{html.escape(valid)}</p>'
            f'<p style="margin:4px 0;color:#555;font-size:0.9em">{html.escape(notes)}</p></div>'
        )


def show_pricing_simulator(preset_id: str | None = DEFAULT, postage_charged: object = 0) -> None:
    """Build the pricing simulator and display it (the notebook's only code cell; shows nothing else).

    A reference table that does not load shows its message in the page, not a traceback.
    """
    from IPython.display import HTML, display

    try:
        app = PricingApp(preset_id, postage_charged)
    except CourseInputError as error:
        display(HTML(failure_html(_("The pricing simulator cannot start"), str(error))))
        return
    display(app.widget)
