"""Widget pieces shared by the simulators: labelled boxes read by `atelier.entry`, a stepped slider with a typed
value, the warning line, the responsive frame.

A box updates the app when the learner stops typing (half a second without a key) or presses Enter; a slider or a
menu updates it at once.
"""

from __future__ import annotations

import asyncio
import functools
import html
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import ipywidgets as widgets

from atelier import entry
from atelier.errors import CourseInputError, decimals_of
from atelier.i18n import _, format_money, format_number, number_locale
from atelier.selfcheck import SETTLE_S

TYPING_PAUSE_S = 0.5  # a box updates this long after the last key (or SETTLE_S after Enter)
WARNING_STYLE = ("background:#fff4e5;border-left:5px solid #D55E00;padding:6px 10px;margin:4px 0;"
                 "color:#4a2000;font-size:1.05em")
# labels above full-width inputs on every screen; tables scroll sideways inside their frame, the first column kept
APP_CSS = """
.artisanat-app { max-width: 100%; min-width: 0; box-sizing: border-box; overflow-x: hidden; }
.artisanat-app > *, .artisanat-app .widget-html, .artisanat-app .widget-html-content
  { min-width: 0 !important; max-width: 100%; box-sizing: border-box; }
.artisanat-app img { max-width: 100% !important; height: auto !important; margin-left: 0 !important;
  margin-right: 0 !important; box-sizing: border-box; }
.artisanat-app .artisanat-field.artisanat-wide { flex: 1 1 24em; max-width: 40em; }
.artisanat-app .artisanat-field { flex: 1 1 15em; min-width: 0; max-width: 26em; margin: 2px 10px 6px 0; }
.artisanat-app .artisanat-field .widget-text, .artisanat-app .artisanat-field .widget-dropdown,
.artisanat-app .artisanat-field .widget-hslider, .artisanat-app .artisanat-field .widget-hbox
  { width: 100% !important; max-width: 100%; margin-left: 0; margin-right: 0; }
.artisanat-app .artisanat-field .widget-dropdown select { width: 100%; min-width: 0; }
.artisanat-app .artisanat-label { font-size: 0.95em; line-height: 1.25; margin: 0 0 2px 0; white-space: normal; }
.artisanat-app .artisanat-label .widget-html-content { white-space: normal; line-height: 1.25; }
.artisanat-app .widget-html-content { white-space: normal; }
.artisanat-app .artisanat-row { flex-wrap: wrap; width: 100%; }
.artisanat-app .widget-toggle-buttons .widget-toggle-button { width: auto !important; max-width: 100%;
  white-space: normal; height: auto; min-height: var(--jp-widgets-inline-height, 28px); }
.artisanat-app .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
.artisanat-app .widget-toggle-buttons .widget-toggle-button { margin-bottom: 4px; }
.artisanat-app .artisanat-scroll { overflow-x: auto; max-width: 100%; }
.artisanat-app .artisanat-scroll table { border-collapse: separate; border-spacing: 0; }
.artisanat-app .artisanat-scroll th { white-space: normal; vertical-align: bottom; min-width: 5em; }
.artisanat-app .artisanat-scroll th:first-child, .artisanat-app .artisanat-scroll td:first-child
  { position: sticky; left: 0; background: #fff; z-index: 1; min-width: 8em; max-width: 16em;
    white-space: normal; line-height: 1.3; }
.artisanat-app .artisanat-scroll td { line-height: 1.3; }
.artisanat-app .artisanat-finding { display: none; }
.artisanat-app .artisanat-scroll tr.artisanat-best td:first-child { background: #e3f2ec; }
.artisanat-app .artisanat-headline { border: 2px solid #009E73; border-radius: 6px; padding: 6px 10px;
  margin: 6px 0; background: #f3faf7; font-size: 1.1em; }
.artisanat-app .artisanat-chart-narrow { display: none; }
@media (max-width: 600px) {
  .artisanat-app .artisanat-field, .artisanat-app .artisanat-field.artisanat-wide { max-width: none; }
  .artisanat-app .artisanat-scroll th:first-child, .artisanat-app .artisanat-scroll td:first-child
    { max-width: 9em; }
  .artisanat-app .artisanat-chart-wide { display: none; }
  .artisanat-app .artisanat-chart-narrow { display: block; }
}
.artisanat-app .widget-readout { min-width: 4.5em; }
"""


@dataclass(frozen=True)
class Field:
    """What one box takes: its name in messages, the unit it is read in, its bounds and the decimals that count."""

    what: str
    unit: str = ""
    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(10000)
    decimals: int = 2
    above_zero: bool = False


def read_field(text: object, field: Field) -> Decimal:
    """The number in one box, read as a person writes it, or a CourseInputError with one sentence."""
    reading = entry.read_number(text, field.unit)
    what = field.what[:1].upper() + field.what[1:]
    if not reading.ok:
        raise CourseInputError(f"{what}: {reading.problem}")
    number = reading.number
    assert number is not None
    money = field.unit in {"GBP", "EUR", "USD"}
    unit = "" if money or not field.unit else (" " + field.unit if field.unit != "%" else "%")

    def shown(value: Decimal) -> str:
        if money:
            return fmt_money(value, field.unit)
        return format_number(value, min(decimals_of(value), field.decimals)) + unit

    if field.above_zero and number <= 0:
        raise CourseInputError(_("{what} must be more than {zero}; you gave {value}.").format(
            what=what, zero=shown(Decimal(0)), value=shown(number)))
    if number < 0 <= field.minimum:
        raise CourseInputError(_("{what} cannot be negative; you gave {value}.").format(what=what, value=shown(number)))
    if number < field.minimum:
        raise CourseInputError(_("{what} cannot be below {limit}; you gave {value}.").format(
            what=what, limit=shown(field.minimum), value=shown(number) if number < 0 else str(text).strip()))
    if number > field.maximum:
        raise CourseInputError(_("{what} must be at most {limit}; you gave {value}.").format(
            what=what, limit=shown(field.maximum), value=shown(number)))
    if number != number.quantize(Decimal(1).scaleb(-field.decimals)):
        if field.unit in {"GBP", "EUR", "USD"}:
            message = _("{what}: give it to the penny (cent), like {example}; you gave {value}.")
        else:
            message = _("{what}: give at most {decimals} decimals, like {example}; you gave {value}.")
        raise CourseInputError(message.format(what=what, decimals=field.decimals, value=str(text).strip(),
                                              example=format_number(number, field.decimals)))
    return number


def text_input(value: str, *, placeholder: str = "") -> widgets.Text:
    """A box the learner types a number into; it reports each key (the app waits for a pause, or Enter)."""
    return widgets.Text(value=value, placeholder=placeholder, continuous_update=True,
                        layout=widgets.Layout(width="100%"))


def dropdown(options: list[tuple[str, str]], value: str | None = None) -> widgets.Dropdown:
    return widgets.Dropdown(options=options, value=value if value is not None else options[0][1],
                            layout=widgets.Layout(width="100%"))


class Labelled:
    """A control with its label above it (wrapping, never cut off); the label can change (a currency)."""

    def __init__(self, label: str, control: widgets.Widget, *, wide: bool = False) -> None:
        self.label = widgets.HTML(value=self._html(label))
        self.label.add_class("artisanat-label")
        self.control = control
        self.widget = widgets.VBox([self.label, control])
        self.widget.add_class("artisanat-field")
        if wide:  # a slider: the whole row
            self.widget.layout.max_width = "40em"
            self.widget.layout.flex = "1 1 100%"

    def widen(self) -> Labelled:
        """A field whose choices are long sentences (a product, a tax status): a wider box, still wrapping."""
        self.widget.add_class("artisanat-wide")
        return self

    @staticmethod
    def _html(label: str) -> str:
        return f"<label>{html.escape(label)}</label>"

    @property
    def text(self) -> str:
        return html.unescape(self.label.value.removeprefix("<label>").removesuffix("</label>"))

    def set_label(self, label: str) -> None:
        self.label.value = self._html(label)


def row(*children: widgets.Widget) -> widgets.HBox:
    box = widgets.HBox(list(children))
    box.add_class("artisanat-row")
    return box


@functools.lru_cache(maxsize=4096)
def _money(amount: Decimal | float, currency: str, locale: str) -> str:
    return format_money(amount, currency)


def fmt_money(amount: Decimal | float, currency: str) -> str:
    """format_money, remembered: an update shows about a hundred amounts and many repeat from one to the next."""
    return _money(amount, currency, number_locale())


def finding_html(title: str) -> str:
    """The chart's title, which states the finding, shown just above the chart image."""
    return f'<div style="font-weight:bold;font-size:1.15em;margin:6px 0 2px">{html.escape(title)}</div>'


def weight_steps_g() -> list[Decimal]:
    """The weight slider's stops, 10 g to 30 kg: 10 g steps to 100 g, 25 g to 1 kg, 100 g to 5 kg, 500 g beyond."""
    stops = [Decimal(g) for g in range(10, 100, 10)] + [Decimal(g) for g in range(100, 1000, 25)]
    stops += [Decimal(g) for g in range(1000, 5000, 100)] + [Decimal(g) for g in range(5000, 30001, 500)]
    return stops


def weight_label(grams: Decimal) -> str:
    """`350 g`, `2.4 kg`: a slider stop as a person reads it."""
    if grams < 1000:
        return f"{format_number(grams, 0)} g"
    kilos = grams / 1000
    return f"{format_number(kilos, decimals_of(kilos))} kg"


class SliderText:
    """A stepped slider for quick exploration and a text box for an exact (or any) value; the box is what counts.

    Moving the slider writes its value in the box; typing a value moves the slider to the nearest stop. A value
    the box cannot take stays in it, so the app explains it. Arrow keys move the slider one stop.
    """

    def __init__(self, label: str, value: Decimal, stops: Sequence[Decimal], field: Field,
                 describe: Callable[[Decimal], str]) -> None:
        self.field = field
        self.stops = list(stops)
        self.slider = widgets.SelectionSlider(options=[(describe(stop), stop) for stop in self.stops],
                                              value=self._nearest(value), continuous_update=True,
                                              layout=widgets.Layout(width="100%"))
        self.text = widgets.Text(value=self._format(value), continuous_update=True,
                                 layout=widgets.Layout(width="8em", min_width="6em"), tooltip=_("Type an exact value"))
        self.box = widgets.HBox([self.slider, self.text], layout=widgets.Layout(width="100%"))
        self.labelled = Labelled(label, self.box, wide=True)
        self.widget = self.labelled.widget
        self._syncing = False
        self.slider.observe(self._from_slider, names="value")
        self.text.observe(self._from_text, names="value")

    def _nearest(self, number: Decimal) -> Decimal:
        return min(self.stops, key=lambda stop: abs(stop - number))

    def _format(self, number: Decimal) -> str:
        return format(Decimal(number).normalize(), "f")

    def _from_slider(self, change: dict) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.text.value = self._format(change["new"])
        finally:
            self._syncing = False

    def _from_text(self, change: dict) -> None:
        if self._syncing:
            return
        try:
            number = read_field(change["new"], self.field)
        except CourseInputError:
            return
        self._syncing = True
        try:
            self.slider.value = self._nearest(number)
        finally:
            self._syncing = False

    @property
    def value(self) -> str:
        """What the learner asked for: the text box."""
        return self.text.value

    def set(self, number: Decimal | float) -> None:
        """Set both the slider and the box (a preset)."""
        self._syncing = True
        try:
            self.slider.value = self._nearest(Decimal(str(number)))
            self.text.value = self._format(Decimal(str(number)))
        finally:
            self._syncing = False

    def set_description(self, description: str) -> None:
        self.labelled.set_label(description)

    def connect(self, app: SimulatorApp) -> None:
        """One update per change the learner makes: at once for the slider, after a typing pause for the box (the
        box's echo of a slider move is not a second change)."""
        self.slider.observe(app.update, names="value")
        self.text.observe(lambda change: None if self._syncing else app.typed(change), names="value")
        self.text.on_msg(app._box_message)


class SimulatorBox(widgets.VBox):
    """The app's frame; its plain-text form (shown where widgets are not running yet) says how to start it."""

    def __init__(self, name: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._name = name
        self.add_class("artisanat-app")

    def __repr__(self) -> str:
        return self._name


def style_widget() -> widgets.HTML:
    """The apps' stylesheet (labels above inputs, wrapping, scrolling tables) as a widget inside the app."""
    return widgets.HTML(f"<style>{APP_CSS}</style>", layout=widgets.Layout(height="0px", margin="0"))


def caption_html(alt: str) -> str:
    """The chart described in words, under the chart (its alt text, for screen readers and the projector)."""
    summary = html.escape(_("The chart in words"))
    return (f'<details style="font-size:0.9em;color:#333"><summary>{summary}</summary>'
            f'<p role="note">{html.escape(alt)}</p></details>')


def warning_html(message: str, has_result: bool = True) -> str:
    """A bad input's sentence as a visible warning line (never a traceback), saying what the result below is."""
    text = html.escape(message).replace("\n", "<br>")
    still = html.escape(_("The result below is still the one for your last valid figures.") if has_result else
                        _("No result yet: correct this figure to see one."))
    return (f'<div class="artisanat-warning" role="alert" style="{WARNING_STYLE}">⚠ {text}'
            f"<br><small>{still}</small></div>")


def failure_html(title: str, message: str) -> str:
    """The app could not start (a reference table that does not load): its message, inside the page."""
    return (f'<div class="artisanat-warning" role="alert" style="{WARNING_STYLE}"><b>{html.escape(title)}</b><br>'
            f"{html.escape(message)}</div>")


class Holder:
    """Suspends updates while several controls change at once (a preset, a region switch)."""

    def __init__(self) -> None:
        self.depth = 0

    @contextmanager
    def hold(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    @property
    def held(self) -> bool:
        return self.depth > 0


class SimulatorApp:
    """What both simulators share: recompute on every change, show a bad input as a sentence, never a stale result.

    A simulator defines `compute()` (its inputs → a view, raising CourseInputError on a bad input), `_chart(view)`
    (redraw; returns the finding and the alt text), `_table(view, title)` (the result table's HTML) and
    `_headline(view, title)` (the key result beside the controls), and builds the widgets `status`, `headline`,
    `finding`, `caption`, `result` and `widget`, a `Holder` `_holder`, `view` and `updates`.
    """

    _pending: asyncio.TimerHandle | None = None

    def watch_box(self, box: widgets.Text) -> None:
        """Update when the learner stops typing in `box` (or presses Enter in it)."""
        box.observe(self.typed, names="value")
        box.on_msg(self._box_message)

    def _box_message(self, _widget: object, content: dict, _buffers: object) -> None:
        if content.get("event") == "submit":  # Enter: update as soon as the keys the browser held back are in
            self.typed(pause_s=SETTLE_S)

    def typed(self, change: dict | None = None, pause_s: float = TYPING_PAUSE_S) -> None:
        """A key in a box: update after a pause when the kernel's event loop runs (a notebook), at once otherwise."""
        if self._holder.held:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.update()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(pause_s, self.flush)

    def flush(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self.update()

    def update(self, change: dict | None = None) -> None:
        """Recompute and redraw; a bad input shows its plain sentence and says whether an older result stands."""
        if self._holder.held:
            return
        try:
            view = self.compute()
        except CourseInputError as error:
            self.status.value = warning_html(str(error), has_result=self.view is not None)
            return
        except ArithmeticError:
            self.status.value = warning_html(_("These figures are out of the range the course can compute with: "
                                               "check each box."), has_result=self.view is not None)
            return
        self.view = view
        self.updates += 1
        self.status.value = ""
        title, alt = self._chart(view)
        self.finding.value = finding_html(title)
        self.caption.value = caption_html(alt)
        self.headline.value = self._headline(view, title)
        self.result.value = self._table(view, title)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
