"""Tables and charts for lesson 04 (shipping fragile and bulky goods)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pandas as pd

from atelier import charts, reference, shipping
from atelier.display import valid_as_of_line
from atelier.errors import as_decimal, at_most, not_negative, positive
from atelier.figures import Table, bullets, newest, oldest, wrap
from atelier.figures.pricing import tax_rules
from atelier.i18n import _, format_money, format_number, format_pct
from atelier.money import Money, as_money
from atelier.shipping import Item, PackagingComparison, Quote

DASH = "—"


def _cm(value: Decimal | None) -> str:
    return DASH if value is None else f"{format_number(value, 1)} cm"


def _kg(value: Decimal | None, decimals: int = 2) -> str:
    return DASH if value is None else f"{format_number(value, decimals)} kg"


def _cover(service: shipping.Service) -> str:
    if service.compensation_per_kg is not None:
        return _("{amount} per kg").format(amount=format_money(service.compensation_per_kg, service.currency))
    if service.compensation_amount is None:
        return DASH
    return format_money(service.compensation_amount, service.currency)


def service_limits(origin_region: str | None = None) -> Table:
    """Each parcel service's limits: weight, sides, length + girth, sum of the sides, volume divisor, cover."""
    records = []
    found = shipping.services(origin_region).values()
    for service in found:
        sides = [service.max_length_cm, service.max_width_cm, service.max_height_cm]
        if all(side is not None for side in sides):
            sides_text = " × ".join(format_number(side, 1) for side in sides)  # type: ignore[arg-type]
        elif service.max_length_cm is not None:
            sides_text = _("longest {length}").format(length=format_number(service.max_length_cm, 1))
        else:
            sides_text = ""
        records.append({
            _("Service"): service.name,
            _("Max weight"): _kg(service.max_weight_kg, 2),
            _("Max sides (cm)"): sides_text or DASH,
            _("Max length + girth"): _cm(service.max_length_plus_girth_cm),
            _("Max length + width + height"): _cm(service.max_sum_of_sides_cm),
            _("Bills by volume (÷)"): DASH if service.volumetric_divisor is None else format_number(
                service.volumetric_divisor, 0),
            _("Pays up to"): _cover(service),
        })
    footer = valid_as_of_line(newest([service.valid_from for service in found]),
                              oldest([service.checked_on for service in found]))
    return Table(pd.DataFrame(records), _("What each parcel service accepts (datasets/reference/parcel_services.csv)"),
                 footer)


def packed(piece: Item, packaging_ids: Sequence[str]) -> Table:
    """The same piece packed in each packaging: the parcel's size, weight and cost."""
    records = []
    for packaging_id in packaging_ids:
        box = shipping.pack([piece], packaging_id)
        option = shipping.get_packaging(packaging_id)
        records.append({
            _("Packaging"): option.name,
            _("Packaging cost"): format_money(option.cost.amount, option.cost.currency),
            _("Parcel (cm)"): " × ".join(format_number(side, 0) for side in
                                         (box.length_cm, box.width_cm, box.height_cm)),
            _("Weight"): _kg(box.weight_kg),
            _("Length + girth"): _cm(box.length_plus_girth_cm),
            _("Length + width + height"): _cm(box.sum_of_sides_cm),
        })
    return Table(pd.DataFrame(records), _("The piece once packed"),
                 _("Packaging from datasets/reference/packaging.csv."))


def _yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return _("yes") if value else _("no")


def quotes_table(quotes: Sequence[Quote]) -> Table:
    """The answer of `shipping.assess` as a table: accepted services cheapest first, then refusals and why."""
    records = []
    fragile = any(q.fragile for q in quotes)
    for q in quotes:
        record = {
            _("Service"): q.service.name,
            _("Price"): format_money(q.price.amount, q.price.currency) if q.price else _("refused"),
            _("Billed weight"): _kg(q.billed_weight_kg) if q.accepted else DASH,
            _("Pays up to"): format_money(q.compensation_limit.amount, q.compensation_limit.currency),
        }
        if fragile:  # the cover above is for loss; breakage of fragile goods may be excluded
            cover = q.breakage_cover if q.breakage_cover is not None else q.compensation_limit
            record[_("Pays if broken")] = format_money(cover.amount, cover.currency)
        record[_("Covers the value?")] = _yes_no(q.value_covered) if q.accepted else DASH
        record[_("Why refused")] = bullets(q.reasons)
        records.append(record)
    frame = pd.DataFrame(records)
    if len(frame) and not frame[_("Why refused")].astype(bool).any():
        frame = frame.drop(columns=[_("Why refused")])
    dates = [q.valid_from for q in quotes if q.valid_from is not None]
    footer = valid_as_of_line(newest(dates), oldest([q.checked_on for q in quotes if q.accepted])) if dates else ""
    reasons = sorted({q.breakage_reason for q in quotes if q.accepted and q.breakage_reason})
    if reasons:
        footer = " ".join([footer, *(_("If broken: {reason}.").format(reason=reason) for reason in reasons)]).strip()
    declared = next((q.declared_value for q in quotes if q.declared_value is not None), None)
    caption = (_("Which services take this parcel, cheapest first") if declared is None else
               _("Which services take this parcel, cheapest first (value of the piece: {value})").format(
                   value=format_money(declared.amount, declared.currency)))
    return Table(frame, caption, footer)


def destinations_table(box: shipping.Parcel, origin_region: str, countries: Sequence[str],
                       declared_value: object | None = None) -> Table:
    """The cheapest service accepting the parcel to each country, or why none does."""
    records = []
    dates, checked = [], []
    for country in countries:
        quotes = shipping.assess(box, origin_region, country, declared_value)
        name = shipping.destinations(origin_region)[country]
        accepted = [q for q in quotes if q.accepted]
        if accepted:
            best = accepted[0]
            dates.append(best.valid_from)
            checked.append(best.checked_on)
            records.append({
                _("Destination"): name,
                _("Cheapest service"): best.service.name,
                _("Price"): format_money(best.price.amount, best.price.currency) if best.price else DASH,
                _("Pays up to"): format_money(best.compensation_limit.amount, best.compensation_limit.currency),
                _("Covers the value?"): _yes_no(best.value_covered),
            })
        else:
            elsewhere = _("does not deliver to this destination")
            reasons = sorted({reason for q in quotes if elsewhere not in q.reasons for reason in q.reasons})
            records.append({
                _("Destination"): name,
                _("Cheapest service"): _("none: {reasons}").format(reasons="; ".join(reasons) or DASH),
                _("Price"): DASH, _("Pays up to"): DASH, _("Covers the value?"): DASH,
            })
    footer = valid_as_of_line(newest(dates), oldest(checked)) if dates else ""
    return Table(pd.DataFrame(records), _("Sending this parcel to each destination"), footer)


def customs_rules() -> Table:
    """The EU rules a parcel from outside the EU meets (tax_rules.csv, region EU)."""
    return tax_rules("EU")


def price_by_service(quotes: Sequence[Quote]) -> charts.Chart:
    """Horizontal bars: the price of each service that accepts the parcel, coloured by whether its cover pays for
    the piece's value; the refused services listed with their first reason."""
    accepted = [q for q in quotes if q.accepted and q.price is not None]
    refused = [q for q in quotes if not q.accepted]
    declared = next((q.declared_value for q in quotes if q.declared_value is not None), None)
    currency = accepted[0].price.currency if accepted else (declared.currency if declared else "GBP")
    covered_colour, short_colour = charts.OKABE_ITO["bluish_green"], charts.OKABE_ITO["vermillion"]
    if accepted:
        best = accepted[0]
        title = _("Cheapest: {service} at {price}").format(
            service=best.service.name, price=format_money(best.price.amount, currency))
        if declared is not None:
            covering = [q for q in accepted if q.value_covered]
            title += _("; {count} of {total} services would pay back a {value} piece").format(
                count=len(covering), total=len(accepted), value=format_money(declared.amount, currency))
    else:
        title = _("No service in the tables accepts this parcel")

    rows = len(accepted) + len(refused)
    fig = charts.new_figure(10, 0.5 * rows + 2.2)
    ax = fig.add_subplot()
    dates = [q.valid_from for q in accepted if q.valid_from is not None]
    x_label = _("Price of the service ({currency})").format(currency=currency)
    if dates:
        x_label += "\n" + valid_as_of_line(newest(dates), oldest([q.checked_on for q in accepted]))
    charts.style_axes(ax, "", x_label, "")
    ax.xaxis.label.set_fontsize(9)
    fig.suptitle(wrap(title, 95), x=0.01, ha="left", fontsize=12, fontweight="bold")
    prices = [float(q.price.amount) for q in accepted]
    colours = [covered_colour if q.value_covered in (True, None) else short_colour for q in accepted]
    ax.barh(range(len(accepted)), prices, color=colours, height=0.65)
    top = max(prices, default=1.0)
    for row, q in enumerate(accepted):
        price = format_money(q.price.amount, currency)
        cover = format_money(q.compensation_limit.amount, q.compensation_limit.currency)
        if q.fragile and q.breakage_cover is not None:
            label = _("{price} · pays up to {cover} if lost, {broken} if broken").format(
                price=price, cover=cover, broken=format_money(q.breakage_cover.amount, q.breakage_cover.currency))
        else:
            label = _("{price} · pays up to {cover}").format(price=price, cover=cover)
        ax.text(prices[row] + top * 0.01, row, " " + label, va="center", fontsize=9)
    for offset, q in enumerate(refused):
        ax.text(top * 0.01, len(accepted) + offset, _("refused: {reason}").format(reason=wrap(q.reasons[0], 90)),
                va="center", fontsize=8, color="#555555")
    ax.set_yticks(range(rows), [wrap(q.service.name, 30) for q in [*accepted, *refused]], fontsize=9)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xlim(0, top * (2.0 if any(q.fragile for q in accepted) else 1.6))  # room for the longer fragile labels
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    if declared is not None and accepted:
        from matplotlib.patches import Patch

        handles = [Patch(color=covered_colour, label=_("pays back the piece if lost or broken")),
                   Patch(color=short_colour, label=_("pays back less than the piece is worth"))]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=9)

    details = "; ".join(shipping.describe_quote(q) for q in quotes)
    alt = _("Bar chart of the price of each parcel service. {title}. {details}").format(title=title,
                                                                                       details=details)
    return charts.show(fig, alt)


def breakage_table(replacement_cost: Money, reshipping_cost: Money) -> Table:
    """What breakage costs per parcel, on average, in each scenario of breakage_scenarios.csv."""
    records = []
    for row in reference.rows("breakage_scenarios"):
        cost = shipping.expected_breakage_cost(row["breakage_rate_pct"], replacement_cost, reshipping_cost)
        records.append({
            _("Scenario"): row["label"],
            _("Parcels broken"): format_pct(row["breakage_rate_pct"]),
            _("Breakage cost per parcel"): format_money(cost.amount, cost.currency),
            _("Per 100 parcels"): format_money(cost.amount * 100, cost.currency),
            _("Confidence"): row["confidence"],
        })
    caption = _("What breakage costs when a broken piece means {replace} to make it again and {resend} to send "
                "it again").format(replace=replacement_cost, resend=reshipping_cost)
    return Table(pd.DataFrame(records), caption,
                 _("Scenarios, not measured rates: see the notes in datasets/reference/breakage_scenarios.csv."))


def packaging_table(comparison: PackagingComparison) -> Table:
    """The answer of `shipping.compare_packaging`: cost per parcel with each packaging, saving, break-even value."""
    rows = [
        (_("Cheaper packaging: packaging + breakage, per parcel"), str(comparison.cost_per_parcel_cheap)),
        (_("Better packaging: packaging + breakage, per parcel"), str(comparison.cost_per_parcel_better)),
        (_("Saving per parcel with the better packaging"), str(comparison.saving_per_parcel)),
        (_("Break-even: the better packaging pays when a breakage costs more than"),
         str(comparison.break_even_value) if comparison.break_even_value is not None else DASH),
    ]
    return Table(pd.DataFrame(rows, columns=[_("Per parcel"), _("Amount")]), _("Is the better packaging worth it?"))


def break_even_chart(cheap_cost: Money, cheap_breakage_pct: object, better_cost: Money,
                     better_breakage_pct: object, replacement_cost: Money, reshipping_cost: Money) -> charts.Chart:
    """Two lines: packaging + expected breakage per parcel, for what a breakage costs from zero upwards, with the
    break-even value and this piece marked."""
    cheap_rate = at_most(not_negative(cheap_breakage_pct, _("the breakage rate"), "%"), Decimal(100),
                         _("the breakage rate"), "%")
    better_rate = at_most(not_negative(better_breakage_pct, _("the breakage rate"), "%"), Decimal(100),
                          _("the breakage rate"), "%")
    result = shipping.compare_packaging(cheap_cost, cheap_rate, better_cost, better_rate, replacement_cost,
                                        reshipping_cost)
    currency = cheap_cost.currency
    at_risk = float((replacement_cost + reshipping_cost).amount)
    even = float(result.break_even_value.amount) if result.break_even_value is not None else None
    right = max(at_risk, even or 0.0) * 1.5 or 100.0
    xs = [0.0, right]

    def line(cost: Money, rate: Decimal) -> list[float]:
        return [float(cost.amount) + x * float(rate) / 100 for x in xs]

    if even is None:
        title = _("The better packaging never pays for itself: it does not break less")
    else:
        title = _("The better packaging pays for itself when a breakage costs more than {value}").format(
            value=result.break_even_value)
    fig = charts.new_figure(9, 5)
    ax = fig.add_subplot()
    charts.style_axes(ax, "", _("What one breakage costs you: making the piece again + sending it again ({c})")
                      .format(c=currency),
                      _("Cost per parcel: packaging + breakage ({c})").format(c=currency))
    fig.suptitle(wrap(title, 90), x=0.01, ha="left", fontsize=12, fontweight="bold")
    cheap_label = _("Cheaper packaging ({cost}, {rate} broken)").format(cost=cheap_cost,
                                                                        rate=format_pct(cheap_rate))
    better_label = _("Better packaging ({cost}, {rate} broken)").format(cost=better_cost,
                                                                        rate=format_pct(better_rate))
    ax.plot(xs, line(cheap_cost, cheap_rate), color=charts.OKABE_ITO["vermillion"], linewidth=2.2,
            label=cheap_label)
    ax.plot(xs, line(better_cost, better_rate), color=charts.OKABE_ITO["blue"], linewidth=2.2,
            linestyle="--", label=better_label)
    ax.set_xlim(0, right)
    ax.set_ylim(0, max(line(cheap_cost, cheap_rate) + line(better_cost, better_rate)) * 1.12)
    top = ax.get_ylim()[1]
    if even is not None and even <= right:
        ax.axvline(even, color=charts.OKABE_ITO["grey"], linewidth=1, linestyle=":")
        ax.text(even, top * 0.02, " " + _("break-even {value}").format(value=result.break_even_value),
                va="bottom", ha="left", fontsize=9, color="#555555")
    ax.axvline(at_risk, color=charts.OKABE_ITO["black"], linewidth=1)
    ax.text(at_risk, top * 0.08, " " + _("this piece: {value}").format(value=replacement_cost + reshipping_cost),
            va="bottom", ha="left", fontsize=9)
    for cost, colour in ((result.cost_per_parcel_cheap, charts.OKABE_ITO["vermillion"]),
                         (result.cost_per_parcel_better, charts.OKABE_ITO["blue"])):
        ax.plot([at_risk], [float(cost.amount)], marker="o", color=colour)
        ax.annotate(str(cost), (at_risk, float(cost.amount)), xytext=(6, -12), textcoords="offset points",
                    fontsize=9, color=colour, fontweight="bold")
    ax.grid(color="#eeeeee", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    alt = _("Line chart. {title}. Cost per parcel with the cheaper packaging rises from {a} by {ra} of the value "
            "at risk; with the better packaging from {b} by {rb}. For this piece ({value}): {ca} against {cb}.").format(
        title=title, a=cheap_cost, ra=format_pct(cheap_rate), b=better_cost, rb=format_pct(better_rate),
        value=replacement_cost + reshipping_cost, ca=result.cost_per_parcel_cheap, cb=result.cost_per_parcel_better)
    return charts.show(fig, alt)


def free_delivery(postage_cost: object, product_margin_pct: object, target_margin_pct: object,
                  threshold_in_use: object | None = None) -> Table:
    """The order value from which free delivery keeps the target margin; with a threshold already in use, the
    margin it really keeps on an order of exactly that value."""
    threshold = shipping.free_delivery_threshold(postage_cost, product_margin_pct, target_margin_pct)
    margin = as_decimal(product_margin_pct, _("the margin on your goods"))
    target = as_decimal(target_margin_pct, _("the target margin"))
    postage = as_money(postage_cost, threshold.currency, _("the postage"))
    rows = [
        (_("Postage you pay for a typical order"), str(postage)),
        (_("Margin on your goods, as a share of the order value"), format_pct(margin)),
        (_("Margin you want to keep, as a share of the order value"), format_pct(target)),
        (_("Free delivery from an order of"), str(threshold)),
    ]
    if threshold_in_use is not None:
        used = as_money(threshold_in_use, threshold.currency, _("the threshold in use"))
        positive(used.amount, _("the threshold in use"))
        kept = margin - postage.amount / used.amount * 100
        rows.append((_("Margin kept on an order of {value} with free delivery").format(value=used),
                     format_pct(kept)))
    return Table(pd.DataFrame(rows, columns=[_("Free delivery"), _("Amount")]),
                 _("When can you offer free delivery?"))
