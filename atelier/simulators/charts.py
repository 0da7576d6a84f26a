"""Fast charts for the simulators: one reused Agg Figure, a cached static background, PNG bytes for an Image widget.

A full matplotlib redraw costs tens of milliseconds (mostly text). Each chart draws its static parts (axes, tick
labels, legend, heading) once per layout and keeps that picture; an update only paints the bars and the highlight
over it (blitting), then encodes the pixels to PNG.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections import OrderedDict
from collections.abc import Hashable, Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from PIL import Image

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

_NICE_STEPS = (1, 1.5, 2, 3, 5, 7.5, 10)  # few steps: the background is redrawn only when the scale changes
_BACKGROUNDS_KEPT = 24


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


def png_bytes(canvas: FigureCanvasAgg) -> bytes:
    """The canvas's pixels as a 64-colour PNG: a flat chart loses nothing visible, and it encodes in a third of
    the time of a full-colour PNG (and is a third of the size to send to the browser)."""
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(
        buffer, format="png", compress_level=1)
    return buffer.getvalue()


class BarChart:
    """Horizontal (stacked) bars on one reused Figure; a static background per layout, dynamic bars on top."""

    def __init__(self, width_in: float = 8.0, height_in: float = 4.8, dpi: int = 160) -> None:
        self.figure = Figure(figsize=(width_in, height_in), dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = self.figure.add_axes((0.30, 0.20, 0.66, 0.66))
        self.axes.spines[["top", "right"]].set_visible(False)
        self.axes.grid(axis="x", color="#dddddd", linewidth=0.8)
        self.axes.set_axisbelow(True)
        self.axes.tick_params(axis="y", labelsize=8, length=0)
        self.axes.tick_params(axis="x", labelsize=8)
        self.axes.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))  # few labels: fast
        self.bars = PolyCollection([], animated=True, edgecolors="white", linewidths=0.5)
        self.axes.add_collection(self.bars)
        self.price_marks = LineCollection([], animated=True, colors=OKABE_ITO["black"], linewidths=1.5)
        self.axes.add_collection(self.price_marks)
        self.outline = Rectangle((0, 0), 0, 0, fill=False, edgecolor=OKABE_ITO["black"], linewidth=2.2,
                                 animated=True, visible=False)
        self.axes.add_patch(self.outline)
        # a drawn star (a marker, not a glyph: no text to render at each update) after the best bar
        self.star = Line2D([], [], marker="*", markersize=13, color=OKABE_ITO["orange"],
                           markeredgecolor=OKABE_ITO["black"], linestyle="none", animated=True)
        self.axes.add_line(self.star)
        self.heading = self.figure.text(0.01, 0.975, "", ha="left", va="top", fontsize=11, fontweight="bold")
        # the x axis title sits in the static picture (the axis itself is repainted at each new scale)
        self.xlabel = self.figure.text(0.63, 0.105, "", ha="center", va="center", fontsize=9)
        self.axes.xaxis.set_animated(True)  # drawn over each layout's base picture, once per scale
        self._bases: dict[Hashable, object] = {}  # per layout, without the x axis
        self._backgrounds: OrderedDict[Hashable, object] = OrderedDict()  # per layout and scale
        self._legend = None
        self.full_redraws = 0
        self.scale_redraws = 0

    def _background(self, layout: Hashable, labels: Sequence[str], xmax: float, xlabel: str, heading: str,
                    legend: Sequence[tuple[str, str]], label_lines: int) -> object:
        """The static picture for this layout and scale, from the cache or drawn now.

        Two levels: the layout (row labels, legend, heading: most of the text) is drawn in full once; a new scale
        only repaints the x axis (ticks, grid, label) over it.
        """
        axes = self.axes
        count = len(labels)
        axes.set_ylim(count - 0.5, -0.5)  # the data coordinates of the bars, whichever picture is reused
        axes.set_xlim(0, xmax)
        found = self._backgrounds.get((layout, xmax))
        if found is not None:
            self._backgrounds.move_to_end((layout, xmax))
            return found
        base = self._bases.get(layout)
        if base is None:
            self.xlabel.set_text(xlabel)
            axes.set_yticks(range(count), [wrap_label(label, max_lines=label_lines) for label in labels])
            self.heading.set_text(heading)
            if self._legend is not None:
                self._legend.remove()
                self._legend = None
            if legend:
                handles = [Rectangle((0, 0), 1, 1, facecolor=colour) for _label, colour in legend]
                self._legend = self.figure.legend(handles, [label for label, _colour in legend],
                                                  loc="lower center", ncols=min(len(legend), 5), fontsize=8,
                                                  frameon=False, bbox_to_anchor=(0.5, 0.0))
            self.canvas.draw()  # everything but the animated artists, the x axis included
            self.full_redraws += 1
            base = self.canvas.copy_from_bbox(self.figure.bbox)
            self._bases[layout] = base
        self.canvas.restore_region(base)
        axes.draw_artist(axes.xaxis)
        self.scale_redraws += 1
        background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._backgrounds[(layout, xmax)] = background
        while len(self._backgrounds) > _BACKGROUNDS_KEPT:
            self._backgrounds.popitem(last=False)
        return background

    def render(
        self,
        *,
        key: Hashable,
        labels: Sequence[str],
        segments: Sequence[Sequence[float]],
        colours: Sequence[str],
        xmax: float,
        xlabel: str,
        heading: str,
        legend: Sequence[tuple[str, str]] = (),
        marks: Sequence[float | None] = (),
        best: int | None = None,
        label_lines: int = 2,
    ) -> bytes:
        """Draw one state and return it as PNG bytes.

        `segments[i]` are the widths of row i's stacked parts (colour `colours[j]` for part j); `marks[i]` an
        optional tick at x (the price the buyer pays); `best` the row to outline and star. `heading` is the
        figure's fixed heading; the finding, which changes at every update, is shown as text above the image.
        """
        layout = (key, xlabel, heading, tuple(labels), tuple(legend))
        background = self._background(layout, labels, xmax, xlabel, heading, legend, label_lines)
        vertices, faces = [], []
        ends = []
        for row, parts in enumerate(segments):
            left = 0.0
            for width, colour in zip(parts, colours, strict=True):
                if width > 0:
                    right = left + width
                    vertices.append([(left, row - 0.35), (right, row - 0.35), (right, row + 0.35),
                                     (left, row + 0.35)])
                    faces.append(colour)
                    left = right
            ends.append(left)
        self.bars.set_verts(vertices)
        self.bars.set_facecolors(faces)
        self.price_marks.set_segments([[(x, row - 0.45), (x, row + 0.45)]
                                       for row, x in enumerate(marks) if x is not None])
        if best is not None:
            self.outline.set_bounds(0, best - 0.42, max(ends[best], xmax * 0.004), 0.84)
            self.outline.set_visible(True)
            self.star.set_data([min(ends[best] + xmax * 0.025, xmax * 0.985)], [best])
            self.star.set_visible(True)
        else:
            self.outline.set_visible(False)
            self.star.set_visible(False)
        self.canvas.restore_region(background)
        for artist in (self.bars, self.price_marks, self.outline, self.star):
            self.axes.draw_artist(artist)
        return png_bytes(self.canvas)
