"""Widget pieces shared by the simulators: a slider with a typed value, the warning line, the app's frame."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

import ipywidgets as widgets

from atelier.errors import CourseInputError
from atelier.i18n import _, format_money, number_locale

LABEL_WIDTH = "16em"
WARNING_STYLE = ("background:#fff4e5;border-left:5px solid #D55E00;padding:6px 10px;margin:4px 0;"
                 "color:#4a2000;font-size:1.05em")


def text_input(description: str, value: str, *, placeholder: str = "") -> widgets.Text:
    """A box the learner types a number into (any text reaches the core's checks, which explain a bad one)."""
    return widgets.Text(value=value, description=description, placeholder=placeholder, continuous_update=False,
                        style={"description_width": LABEL_WIDTH}, layout=widgets.Layout(width="26em"))


def dropdown(description: str, options: list[tuple[str, str]], value: str | None = None) -> widgets.Dropdown:
    return widgets.Dropdown(options=options, value=value if value is not None else options[0][1],
                            description=description, style={"description_width": LABEL_WIDTH},
                            layout=widgets.Layout(width="40em"))


@functools.lru_cache(maxsize=4096)
def _money(amount: Decimal | float, currency: str, locale: str) -> str:
    return format_money(amount, currency)


def fmt_money(amount: Decimal | float, currency: str) -> str:
    """format_money, remembered: an update shows about a hundred amounts and many repeat from one to the next."""
    return _money(amount, currency, number_locale())


def finding_html(title: str) -> str:
    """The chart's title, which states the finding, shown just above the chart image."""
    return f'<div style="font-weight:bold;font-size:1.15em;margin:6px 0 2px">{html.escape(title)}</div>'


class SliderText:
    """A slider for quick exploration and a text box for an exact (or any) value; the text box is what counts.

    Moving the slider writes its value in the box; typing a value inside the slider's range moves the slider.
    A value outside the range (or not a number) stays in the box, so the core's check explains it.
    """

    def __init__(self, description: str, value: float, minimum: float, maximum: float, step: float,
                 decimals: int = 0) -> None:
        self.decimals = decimals
        self.slider = widgets.FloatSlider(value=value, min=minimum, max=maximum, step=step, description=description,
                                          continuous_update=True, readout=True,
                                          readout_format=f".{decimals}f", style={"description_width": LABEL_WIDTH},
                                          layout=widgets.Layout(width="34em"))
        self.text = widgets.Text(value=self._format(value), continuous_update=False,
                                 layout=widgets.Layout(width="7em"), tooltip=_("Type an exact value"))
        self.widget = widgets.HBox([self.slider, self.text])
        self._syncing = False
        self.slider.observe(self._from_slider, names="value")
        self.text.observe(self._from_text, names="value")

    def _format(self, number: float) -> str:
        return f"{number:.{self.decimals}f}"

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
            number = float(str(change["new"]).strip().replace(",", "."))
        except ValueError:
            return
        if self.slider.min <= number <= self.slider.max:
            self._syncing = True
            try:
                self.slider.value = number
            finally:
                self._syncing = False

    @property
    def value(self) -> str:
        """What the learner asked for: the text box (the core checks it)."""
        return self.text.value

    def set(self, number: float) -> None:
        """Set both the slider and the box (a preset)."""
        self._syncing = True
        try:
            self.slider.value = min(max(number, self.slider.min), self.slider.max)
            self.text.value = self._format(number)
        finally:
            self._syncing = False

    def observe(self, handler: Callable[..., None]) -> None:
        """Call `handler` once per change the learner makes (the box changes with the slider)."""
        self.text.observe(handler, names="value")

    def set_description(self, description: str) -> None:
        self.slider.description = description


class SimulatorBox(widgets.VBox):
    """The app's frame; its plain-text form (shown where widgets cannot run) names the simulator."""

    def __init__(self, name: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._name = name

    def __repr__(self) -> str:
        return self._name


def caption_html(alt: str) -> str:
    """The chart described in words, under the chart (its alt text, for screen readers and the projector)."""
    summary = html.escape(_("The chart in words"))
    return (f'<details style="font-size:0.9em;color:#333"><summary>{summary}</summary>'
            f'<p role="note">{html.escape(alt)}</p></details>')


def warning_html(message: str) -> str:
    """The message of a CourseInputError as a visible warning line (never a traceback)."""
    text = html.escape(message).replace("\n", "<br>")
    still = html.escape(_("The result below is still the one for your last valid figures."))
    return (f'<div class="artisanat-warning" role="alert" style="{WARNING_STYLE}">⚠ {text}'
            f"<br><small>{still}</small></div>")


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
    """What both simulators share: recompute on every change, show a bad input as a sentence, keep the last result.

    A simulator defines `compute()` (its inputs → a view, raising CourseInputError on a bad input), `_chart(view)`
    (redraw; returns the finding and the alt text) and `_table(view, title)` (the result table's HTML), and builds
    the widgets `status`, `finding`, `caption`, `result` and `widget`, a `Holder` `_holder`, `view` and `updates`.
    """

    def update(self, change: dict | None = None) -> None:
        """Recompute and redraw; a bad input shows its plain sentence and leaves the last result in place."""
        if self._holder.held:
            return
        try:
            view = self.compute()
        except CourseInputError as error:
            self.status.value = warning_html(str(error))
            return
        self.view = view
        self.updates += 1
        self.status.value = ""
        title, alt = self._chart(view)
        self.finding.value = finding_html(title)
        self.caption.value = caption_html(alt)
        self.result.value = self._table(view, title)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
