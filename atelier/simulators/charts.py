"""The simulators' charts as SVG: horizontal (stacked) bars drawn as a few rectangles and words.

SVG stays sharp at any size and pixel density, and costs about a millisecond to write (a PNG at the display's
pixel density cost tens of milliseconds to draw and encode at each key press). Each chart is written twice, a wide
layout (names left of the bars) and a narrow one for a phone (names above full-width bars); the apps' stylesheet
shows the one that fits the screen.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence

from atelier.i18n import format_number

# Okabe–Ito colour-blind-safe palette
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

_NICE_STEPS = (1, 1.5, 2, 3, 5, 7.5, 10)


def nice_ceiling(value: float) -> float:
    """The next 'round' number at or above `value` (1, 1.5, 2, 3, 5, 7.5 × a power of ten)."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in _NICE_STEPS:
        if step * power >= value * (1 - 1e-9):
            return step * power
    return 10 * power


def wrap_label(text: str, width: int = 26, max_lines: int = 2) -> str:
    """A long channel or service name on at most `max_lines` lines."""
    lines = textwrap.wrap(text, width) or [""]
    return "\n".join(lines[:max_lines]) + ("…" if len(lines) > max_lines else "")


def tick_step(xmax: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5, 5 × a power of ten) giving about `ticks` ticks from 0 to `xmax`."""
    raw = xmax / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= raw)


def _tick_text(value: float) -> str:
    """An axis label in the course's language: `1,250` and `2.5` in English, `1 250` and `2,5` in French."""
    if value >= 10 or value == 0:
        return format_number(value, 0)
    short = f"{value:g}"
    if "e" in short:
        return short
    return format_number(value, len(short.partition(".")[2]))


class SvgBarChart:
    """Horizontal stacked bars as SVG text, in a wide and a narrow layout."""

    def __init__(self) -> None:
        self.renders = 0

    def render(
        self,
        *,
        labels: Sequence[str],
        segments: Sequence[Sequence[float]],
        colours: Sequence[str],
        xmax: float,
        xlabel: str,
        heading: str,
        legend: Sequence[tuple[str, str]] = (),
        marks: Sequence[float | None] = (),
        best: int | None = None,
        alt: str = "",
        **_ignored: object,
    ) -> str:
        """Both layouts of one state, as HTML (two <svg>), with `alt` as their accessible name."""
        self.renders += 1
        wide = self._svg(labels, segments, colours, xmax, xlabel, heading, legend, marks, best, alt, narrow=False)
        narrow = self._svg(labels, segments, colours, xmax, xlabel, heading, legend, marks, best, alt, narrow=True)
        return (f'<div class="artisanat-chart-wide">{wide}</div>'
                f'<div class="artisanat-chart-narrow">{narrow}</div>')

    @staticmethod
    def _svg(labels: Sequence[str], segments: Sequence[Sequence[float]], colours: Sequence[str], xmax: float,
             xlabel: str, heading: str, legend: Sequence[tuple[str, str]], marks: Sequence[float | None],
             best: int | None, alt: str, *, narrow: bool) -> str:
        width = 300 if narrow else 640  # the narrow one fits a phone's notebook output at about its own size
        left = 4 if narrow else 212
        right = width - 22
        heading_lines = textwrap.wrap(heading, 36 if narrow else 80) or [""]
        top = 16 + 18 * len(heading_lines)
        bar_h = 14 if narrow else 20
        # each row: its name (above the bar on a phone, left of it otherwise), then the bar
        names = [textwrap.wrap(label, 40)[:2] or [""] if narrow else wrap_label(label, 28, max_lines=3).split("\n")
                 for label in labels]
        heights = [14 * len(lines) + bar_h + 8 if narrow else 36 for lines in names]
        starts = [top + sum(heights[:row]) for row in range(len(labels))]
        plot_bottom = top + sum(heights)
        per_row = 2 if narrow else 3
        legend_rows = math.ceil(len(legend) / per_row) if legend else 0
        height = plot_bottom + 44 + legend_rows * 20
        scale = (right - left) / xmax if xmax > 0 else 0
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
               f'style="max-width:{width * 1.3:.0f}px;height:auto;display:block" role="img" '
               f'aria-label="{html.escape(alt)}" font-family="sans-serif" font-size="12">',
               "".join(f'<text x="4" y="{18 + 18 * i}" font-size="14" font-weight="bold">{html.escape(line)}</text>'
                       for i, line in enumerate(heading_lines))]
        step = tick_step(xmax)
        tick = 0.0
        while tick <= xmax * (1 + 1e-9):
            x = left + tick * scale
            out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{plot_bottom}" stroke="#ddd"/>'
                       f'<text x="{x:.1f}" y="{plot_bottom + 14}" text-anchor="middle" font-size="11">'
                       f"{_tick_text(tick)}</text>")
            tick += step
        out.append(f'<text x="{(left + right) / 2:.1f}" y="{plot_bottom + 30}" text-anchor="middle" '
                   f'font-size="11">{html.escape(xlabel)}</text>')
        for row, (lines, parts) in enumerate(zip(names, segments, strict=True)):
            y = starts[row]
            if narrow:
                spans = "".join(f'<tspan x="{left}" y="{y + 12 + i * 14}">{html.escape(line)}</tspan>'
                                for i, line in enumerate(lines))
                out.append(f"<text>{spans}</text>")
                bar_y = y + 14 * len(lines) + 3
            else:
                first = y + heights[row] / 2 + 4 - (len(lines) - 1) * 7
                spans = "".join(f'<tspan x="{left - 8}" y="{first + i * 14:.1f}">{html.escape(line)}</tspan>'
                                for i, line in enumerate(lines))
                out.append(f'<text text-anchor="end">{spans}</text>')
                bar_y = y + (heights[row] - bar_h) / 2
            x = float(left)
            for value, colour in zip(parts, colours, strict=True):
                if value > 0:
                    w = value * scale
                    out.append(f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{w:.1f}" height="{bar_h}" '
                               f'fill="{colour}" stroke="#fff" stroke-width="0.5"/>')
                    x += w
            if row < len(marks) and marks[row] is not None:
                mx = left + float(marks[row]) * scale  # type: ignore[arg-type]
                out.append(f'<line x1="{mx:.1f}" y1="{bar_y - 3:.1f}" x2="{mx:.1f}" '
                           f'y2="{bar_y + bar_h + 3:.1f}" stroke="#000" stroke-width="2"/>')
            if row == best:
                end = max(x, left + 2)
                out.append(f'<rect x="{left - 1}" y="{bar_y - 2:.1f}" width="{end - left + 2:.1f}" '
                           f'height="{bar_h + 4}" fill="none" stroke="#000" stroke-width="2"/>'
                           f'<text x="{min(end + 4, width - 16):.1f}" y="{bar_y + bar_h - 2:.1f}" '
                           f'font-size="16" fill="{OKABE_ITO["orange"]}" stroke="#000" stroke-width="0.6">★</text>')
        cell = (width - 8) / per_row
        for index, (name, colour) in enumerate(legend):
            lx = 4 + (index % per_row) * cell
            ly = plot_bottom + 44 + (index // per_row) * 20
            out.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>'
                       f'<text x="{lx + 16:.1f}" y="{ly}" font-size="11">{html.escape(name)}</text>')
        out.append("</svg>")
        return "".join(out)
