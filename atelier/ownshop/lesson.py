"""What lesson 09 calls: open your export(s) (or the course's samples) and ask one question per cell."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from atelier import charts, shipping
from atelier.i18n import _, format_money, format_pct, language
from atelier.ownshop import analysis
from atelier.ownshop.app import DEFAULT_SAMPLE, SAMPLE_SETS
from atelier.ownshop.reader import ShopExport, read_export, sample_exports

_last: dict[str, object] = {}


def last(kind: str) -> object | None:
    """The learner's last result of a kind ("shop", "margins"), for the self-checks."""
    return _last.get(kind)


@dataclass(frozen=True)
class Findings:
    """Sentences about your shop, shown as a list."""

    sentences: tuple[str, ...]

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in self.sentences)
        return f"<ul class='artisanat-findings'>{items}</ul>"

    def __repr__(self) -> str:
        return "\n".join(f"- {s}" for s in self.sentences)


class Shop:
    """The orders and line items of the exports you opened, with one method per question of the lesson."""

    def __init__(self, exports: Sequence[ShopExport]) -> None:
        self.exports = tuple(exports)
        self.orders, self.lines = analysis.combine(list(exports))
        self.currency = analysis.currency_of(self.orders)

    def _repr_html_(self) -> str:
        rows = "".join(f"<li>{html.escape(e.source)}: {html.escape(_('{count} orders').format(count=len(e.orders)))}"
                       f"</li>" for e in self.exports)
        notes = "".join(f"<li><i>{html.escape(_(n))}</i></li>" for n in sorted({n for e in self.exports
                                                                               for n in e.notes}))
        return f"<ul>{rows}</ul><ul>{notes}</ul>"

    def __repr__(self) -> str:
        return "; ".join(f"{e.source}: {len(e.orders)}" for e in self.exports)

    def month_chart(self) -> charts.Chart:
        return analysis.month_chart(self.orders)

    def channel_chart(self) -> charts.Chart:
        return analysis.channel_chart(self.orders)

    def products_chart(self) -> charts.Chart:
        return analysis.products_chart(self.lines)

    def fees(self) -> pd.DataFrame:
        """Fees per channel as the exports state them; "not in this export" where they do not."""
        table = analysis.fees_paid(self.orders).by_channel.merge(analysis.fees_by_tables(self.orders),
                                                                  on="platform")
        return pd.DataFrame({
            _("Channel"): table["channel"],
            _("Takings"): [format_money(v, self.currency) for v in table["takings"]],
            _("Fees stated"): [_("not in this export") if pd.isna(v) else format_money(v, self.currency)
                               for v in table["fees"]],
            _("Share of takings"): ["—" if pd.isna(v) else format_pct(v) for v in table["share_pct"]],
            _("Per-sale fees by the course's tables"): [format_money(v, self.currency)
                                                        for v in table["fees_by_tables"]],
            _("Valid as of"): [analysis.shown_date(v) for v in table["valid_from"]],
        })

    def repeat_customers(self) -> Findings:
        repeat = analysis.repeat_customers(self.orders)
        said = [_("{repeat} of your {buyers} named buyers ordered more than once.").format(
            repeat=repeat.repeat_buyers, buyers=repeat.buyers)]
        if repeat.orders_from_repeat_pct is not None:
            said.append(_("They placed {share} of those buyers' orders.").format(
                share=format_pct(repeat.orders_from_repeat_pct, 0)))
        if repeat.orders_without_buyer:
            said.append(_("{count} sales name no buyer (card-reader sales).").format(
                count=repeat.orders_without_buyer))
        return Findings(tuple(said))

    def margins(self, costs: Mapping[str, tuple[object, object]], hourly_rate: object,
                platform: str = "etsy") -> pd.DataFrame:
        """Margin and hourly pay per product at its average price on `platform`'s channel."""
        table = analysis.product_margins(self.lines, costs, hourly_rate=hourly_rate, platform=platform)
        _last["margins"] = table
        return pd.DataFrame({
            _("Product"): table["product"],
            _("Average price"): [format_money(v, self.currency) for v in table["price"]],
            _("Fees"): [format_money(v, self.currency) for v in table["fees"]],
            _("Your cost"): [format_money(v, self.currency) for v in table["unit_cost"]],
            _("Margin per piece"): [format_money(v, self.currency) for v in table["margin"]],
            _("Your hourly pay"): [format_money(v, self.currency) for v in table["hourly_wage"]],
            _("Fees valid as of"): [analysis.shown_date(v) for v in table["valid_from"]],
        })

    def postage(self, piece: shipping.Item, packaging: str) -> Findings:
        """Postage charged against the course's tables, every piece assumed to be `piece`."""
        sizes = dict.fromkeys(self.lines["product"].unique(), piece)
        check = analysis.postage_check(self.orders, self.lines, sizes, packaging)
        _last["postage"] = check
        done = check[check["postage_cost"].notna()]
        said = [_("Orders checked: {count}; not checked: {skipped}.").format(count=len(done),
                                                                            skipped=len(check) - len(done))]
        for reason, count in check.loc[check["postage_cost"].isna(), "problem"].value_counts().items():
            said.append(_("Not checked ({count} orders): {reason}.").format(count=count, reason=reason))
        if len(done):
            said.append(_("Buyers paid {charged} of postage; the parcels cost {cost} by the course's tables.").format(
                charged=format_money(round(done["charged"].sum(), 2), self.currency),
                cost=format_money(round(done["postage_cost"].sum(), 2), self.currency)))
            said.append(_("{under} orders charged less postage than their parcel cost.").format(
                under=int((done["gap"] < 0).sum())))
        return Findings(tuple(said))

    def findings(self) -> Findings:
        postage = last("postage")
        return Findings(tuple(analysis.findings(self.orders, self.lines,
                                                postage if isinstance(postage, pd.DataFrame) else None)))

    def plan_inputs(self) -> analysis.PlanInputs:
        return analysis.plan_inputs(self.orders)


def open_shop(files: Sequence[str | Path] = (), sample: str | None = None) -> Shop:
    """Your export files (names in the lesson's folder) or, when you give none, the course's sample set.

    The default sample follows the course's language: a UK potter in English, a French maker in French.
    """
    if files:
        exports = [read_export(Path(f)) for f in files]
    else:
        sample = sample or DEFAULT_SAMPLE.get(language(), "uk_all")
        samples = sample_exports()
        exports = [read_export(samples[name]) for name in SAMPLE_SETS[sample][1]]
    shop = Shop(exports)
    _last["shop"] = shop
    _last.pop("postage", None)
    return shop

