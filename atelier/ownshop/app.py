"""The "your shop" app: pick your export (or a course sample), see your own dashboard, no code.

An uploaded file is read from memory and never written anywhere; nothing leaves the laptop.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

import ipywidgets as widgets
import pandas as pd

from atelier import charts, entry, shipping
from atelier.errors import CourseInputError
from atelier.i18n import N_, _, format_money, format_pct, language
from atelier.ownshop import analysis
from atelier.ownshop.reader import ShopExport, read_bytes, read_export, sample_exports
from atelier.simulators.controls import (
    Labelled,
    SimulatorBox,
    caption_html,
    finding_html,
    text_input,
    warning_html,
)

SAMPLE_SETS = {  # what the sample menu offers: a label and the course's sample files it loads
    "uk_all": (N_("Sample: a UK potter on Etsy, Shopify and a Square reader"),
               ("EtsySoldOrders2026_sample.csv", "EtsySoldOrderItems2026_sample.csv",
                "shopify_orders_export_sample.csv", "square_transactions_sample.csv")),
    "etsy": (N_("Sample: Etsy only (Sold Orders and Sold Order Items)"),
             ("EtsySoldOrders2026_sample.csv", "EtsySoldOrderItems2026_sample.csv")),
    "sumup_fr": (N_("Sample: a French maker's SumUp sales report"), ("sumup_sales_report_sample.csv",)),
    "fr_all": (N_("Sample: a French maker on Etsy, her own Shopify web shop and a SumUp reader"),
               ("EtsySoldOrders2026_fr_sample.csv", "EtsySoldOrderItems2026_fr_sample.csv",
                "shopify_orders_export_fr_sample.csv", "sumup_sales_report_sample.csv")),
}
DEFAULT_SAMPLE = {"en": "uk_all", "fr": "fr_all"}  # the set lesson 09 opens when no file is given, by language
PRODUCTS_SHOWN = 5


def sample_order() -> list[str]:
    """The sample menu's keys, the course language's own sample first (a French maker in French)."""
    first = DEFAULT_SAMPLE.get(language(), "uk_all")
    return sorted(SAMPLE_SETS, key=lambda key: key != first)
CELL = "padding:3px 8px;border-bottom:1px solid #ddd"


def typed_number(text: object, unit: str = "") -> object:
    """A box's text as a number when it reads as one the way the learner writes numbers (`1 250`, `12,50 €`,
    `2,5 h`, `0,45 kg` for grams), else the text itself, so that the core's own sentence explains what is wrong."""
    reading = entry.read_number(text, unit)
    return reading.number if reading.ok else text


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> str:
    head = "".join(f'<th style="{CELL};text-align:left">{html.escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f'<td style="{CELL}">{html.escape(c)}</td>' for c in row) + "</tr>"
                   for row in rows)
    caption = f'<p style="font-weight:bold;margin:6px 0 2px">{html.escape(title)}</p>' if title else ""
    return f'{caption}<table style="border-collapse:collapse;font-size:0.95em"><thead><tr>{head}</tr></thead>' \
           f"<tbody>{body}</tbody></table>"


class ChartPanel:
    """A chart as an image with its finding above and its alt text in words below."""

    def __init__(self) -> None:
        self.finding = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.caption = widgets.HTML()
        self.widget = widgets.VBox([self.finding, self.image, self.caption])

    def show(self, chart: charts.Chart) -> None:
        self.finding.value = finding_html(chart.fig.axes[0].get_title(loc="left"))
        self.image.value = charts.png(chart.fig)
        self.caption.value = caption_html(chart.alt)

    def clear(self, message: str = "") -> None:
        self.finding.value = f"<p>{html.escape(message)}</p>" if message else ""
        self.image.value = b""
        self.caption.value = ""


class YourShopApp:
    """Load exports → dashboard; type costs → margin and hourly pay; a typical parcel → postage check."""

    def __init__(self) -> None:
        self.exports: list[ShopExport] = []
        self.orders: pd.DataFrame | None = None
        self.lines: pd.DataFrame | None = None
        self.updates = 0
        self.upload = widgets.FileUpload(accept=".csv,.txt", multiple=True,
                                         description=_("Your export file(s)"))
        self.sample = widgets.Dropdown(
            options=[(_("— or try a course sample —"), "")] + [(_(SAMPLE_SETS[key][0]), key)
                                                                 for key in sample_order()],
            value="", layout=widgets.Layout(width="40em"))
        self.status = widgets.HTML()
        self.source = widgets.HTML()
        self.summary = widgets.HTML()
        self.month = ChartPanel()
        self.channel = ChartPanel()
        self.products = ChartPanel()
        self.hourly_rate = text_input("15")
        self.cost_boxes: dict[str, tuple[widgets.Text, widgets.Text]] = {}
        self.cost_area = widgets.VBox()
        self.margins = widgets.HTML()
        self.weight = text_input("450")
        self.size = text_input("12 × 9 × 10")
        self.packaging = widgets.Dropdown(description=_("Packaging"), style={"description_width": "16em"},
                                          layout=widgets.Layout(width="40em"))
        self.postage = widgets.HTML()
        self.upload.observe(self._on_upload, names="value")
        self.sample.observe(self._on_sample, names="value")
        for box in (self.hourly_rate, self.weight, self.size):
            box.observe(self._on_inputs, names="value")
        self.packaging.observe(self._on_inputs, names="value")
        intro = widgets.HTML("<p>" + html.escape(_(
            "Pick the CSV file(s) you downloaded from Etsy, Shopify, SumUp or Square, or try a course sample. "
            "Your file is read on this computer and never changed or sent anywhere.")) + "</p>")
        costs_intro = widgets.HTML("<h4>" + html.escape(_("Margin and hourly pay per product")) + "</h4><p>" +
                                   html.escape(_("Type what one piece costs you in materials and how long it takes "
                                                 "to make; the course's pricing core does the rest.")) + "</p>")
        postage_intro = widgets.HTML("<h4>" + html.escape(_("Postage charged against postage paid")) + "</h4><p>" +
                                     html.escape(_(
                                         "Assumed: one parcel per order, every piece of the order the size below, "
                                         "packed together, sent by the cheapest service in the course's tables."))
                                     + "</p>")
        self.widget = SimulatorBox(_("Your shop's numbers"), children=[
            intro, widgets.HBox([self.upload, self.sample]), self.status, self.source, self.summary,
            self.month.widget, self.channel.widget, self.products.widget,
            costs_intro, Labelled(_("Your hourly rate"), self.hourly_rate).widget, self.cost_area, self.margins,
            postage_intro, Labelled(_("A typical parcel's piece: weight (g)"), self.weight).widget,
            Labelled(_("its size: length × width × height (cm)"), self.size).widget, self.packaging, self.postage])

    # ------------------------------------------------------------ loading

    def load_files(self, files: Sequence[tuple[str, bytes]]) -> None:
        """Read uploaded files (name, bytes) from memory; a bad file shows a sentence and the last view stays."""
        try:
            exports = [read_bytes(bytes(data), name) for name, data in files]
            self._use(exports)
        except CourseInputError as error:
            self.status.value = warning_html(str(error))

    def load_sample(self, key: str) -> None:
        names = SAMPLE_SETS[key][1]
        samples = sample_exports()
        try:
            self._use([read_export(samples[name]) for name in names])
        except CourseInputError as error:
            self.status.value = warning_html(str(error))

    def _on_upload(self, change: dict) -> None:
        files = [(item["name"], item["content"]) for item in change["new"]]
        if files:
            self.load_files(files)

    def _on_sample(self, change: dict) -> None:
        if change["new"]:
            self.load_sample(change["new"])

    def _on_inputs(self, change: dict | None = None) -> None:
        if self.orders is not None:
            self._costs_and_postage()

    def _use(self, exports: list[ShopExport]) -> None:
        orders, lines = analysis.combine(exports)
        region = analysis.region_of(analysis.currency_of(orders))
        self.exports, self.orders, self.lines = exports, orders, lines
        self.status.value = ""
        self.updates += 1
        self.summary.value = self._summary_html()
        self.month.show(analysis.month_chart(orders))
        self.channel.show(analysis.channel_chart(orders))
        if lines.empty:
            self.products.clear(_("These exports do not list products: add Etsy's Sold Order Items file, a Shopify "
                                  "export or SumUp's sales report to see your best products."))
        else:
            self.products.show(analysis.products_chart(lines, PRODUCTS_SHOWN))
        options = [(p.name, key) for key, p in shipping.packagings(region).items()]
        self.packaging.options = options
        self.packaging.value = options[-1][1]
        self._cost_inputs()
        self._costs_and_postage()
        self.source.value = self._source_html(exports)  # last: the file's name shows once the dashboard is its own

    # ------------------------------------------------------------ views

    def _source_html(self, exports: list[ShopExport]) -> str:
        notes = sorted({_(note) for e in exports for note in e.notes})
        read = "; ".join(_("{name}: {count} orders").format(name=e.source, count=len(e.orders)) for e in exports)
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        return f"<p><b>{html.escape(_('Read'))}</b>: {html.escape(read)}</p><ul style='color:#333'>{items}</ul>"

    def _summary_html(self) -> str:
        said = analysis.findings(self.orders, self.lines)
        items = "".join(f"<li>{html.escape(s)}</li>" for s in said)
        return f"<h4>{html.escape(_('What your exports say'))}</h4><ul class='artisanat-findings'>{items}</ul>"

    def _cost_inputs(self) -> None:
        self.cost_boxes = {}
        rows = []
        if self.lines is not None and not self.lines.empty:
            for product in analysis.best_products(self.lines, PRODUCTS_SHOWN)["product"]:
                materials = widgets.Text(value="", placeholder=_("materials"), continuous_update=False,
                                         layout=widgets.Layout(width="9em"))
                hours = widgets.Text(value="", placeholder=_("hours"), continuous_update=False,
                                     layout=widgets.Layout(width="7em"))
                materials.observe(self._on_inputs, names="value")
                hours.observe(self._on_inputs, names="value")
                self.cost_boxes[str(product)] = (materials, hours)
                rows.append(widgets.HBox([widgets.Label(str(product), layout=widgets.Layout(width="18em")),
                                          materials, hours]))
        self.cost_area.children = rows

    def margins_table(self) -> pd.DataFrame | None:
        """The margin table for the products whose two boxes are filled; None when none is."""
        currency = analysis.currency_of(self.orders) if self.orders is not None else ""
        costs = {p: (typed_number(m.value, currency), typed_number(h.value, "h"))
                 for p, (m, h) in self.cost_boxes.items() if m.value.strip() and h.value.strip()}
        if not costs or self.orders is None or self.lines is None:
            return None
        platform = str(self.lines.merge(self.orders[["order_id", "platform"]], on="order_id")["platform"].mode()[0])
        return analysis.product_margins(self.lines, costs, hourly_rate=typed_number(self.hourly_rate.value, currency),
                                        platform=platform)

    def _costs_and_postage(self) -> None:
        self.status.value = ""
        currency = analysis.currency_of(self.orders)
        try:
            table = self.margins_table()
        except CourseInputError as error:
            self.status.value = warning_html(str(error))
            return
        if table is None:
            self.margins.value = "<p><i>" + html.escape(_("Type the materials and hours of a product to see its "
                                                          "margin.")) + "</i></p>"
        else:
            rows = [(r["product"], format_money(r["price"], currency), format_money(r["fees"], currency),
                     format_money(r["unit_cost"], currency),
                     f"{format_money(r['margin'], currency)} ({format_pct(r['margin_pct'])})",
                     format_money(r["hourly_wage"], currency) if r["hourly_wage"] is not None else "—",
                     format_money(r["margin_total"], currency, decimals=0))
                    for _i, r in table.iterrows()]
            self.margins.value = _table(
                [_("Product"), _("Average price"), _("Fees"), _("Your cost"), _("Margin per piece"),
                 _("Your hourly pay"), _("Margin on all pieces sold")], rows,
                _("Fees valid as of {date}").format(date=analysis.shown_date(table["valid_from"].max())))
        try:
            piece = self._piece()
            sizes = dict.fromkeys(self.lines["product"].unique(), piece) if self.lines is not None else {}
            check = analysis.postage_check(self.orders, self.lines, sizes, self.packaging.value)
        except CourseInputError as error:
            self.status.value = warning_html(str(error))
            return
        self.postage.value = self._postage_html(check, currency)

    def _piece(self) -> shipping.Item:
        parts = [p for p in self.size.value.replace("×", "x").replace("*", "x").split("x") if p.strip()]
        if len(parts) != 3:
            raise CourseInputError(_("Give the size as three numbers, length × width × height in cm, e.g. 12 × 9 × "
                                     "10; you gave “{value}”.").format(value=self.size.value))
        return shipping.item(typed_number(self.weight.value, "g"), *[typed_number(p.strip(), "cm") for p in parts])

    def _postage_html(self, check: pd.DataFrame, currency: str) -> str:
        done = check[check["postage_cost"].notna()]
        if done.empty:
            reasons = check["problem"].value_counts()
            why = reasons.index[0] if len(reasons) else ""
            return "<p>" + html.escape(_("No order could be checked: {why}.").format(why=why)) + "</p>"
        charged, cost = done["charged"].sum(), done["postage_cost"].sum()
        under = int((done["gap"] < 0).sum())
        text = _("On {count} orders, buyers paid {charged} of postage; the parcels cost {cost} by the course's "
                 "tables. {under} orders charged less than their parcel cost. {skipped} orders could not be "
                 "checked.").format(count=len(done), charged=format_money(Decimal(str(round(charged, 2))), currency),
                                    cost=format_money(Decimal(str(round(cost, 2))), currency), under=under,
                                    skipped=len(check) - len(done))
        return f"<p class='artisanat-postage'>{html.escape(text)}</p>"

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def your_shop_app() -> YourShopApp:
    """The app, ready to display."""
    return YourShopApp()

