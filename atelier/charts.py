"""Charts the course's way: colour-blind-safe colours, a title that states the finding, units on axes, alt text.

`new_figure()` makes a figure that is not tied to pyplot (so nothing leaks between cells or widget updates);
`show(fig, alt)` displays it with its alt text, and `png(fig)` renders it for an ipywidgets Image.
"""

from __future__ import annotations

import base64
import html
import io

from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
PALETTE = [OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "vermillion", "sky_blue",
                                        "reddish_purple", "yellow", "grey")]


def new_figure(width_in: float = 8, height_in: float = 4.5) -> Figure:
    """A figure with the course's style, independent of pyplot's global state."""
    fig = Figure(figsize=(width_in, height_in), dpi=100, layout="constrained")
    fig.set_facecolor("white")
    return fig


def style_axes(ax, title: str, x_label: str, y_label: str) -> None:  # type: ignore[no-untyped-def]
    """Title (the finding), axis labels (with units), no chart junk."""
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_prop_cycle(color=PALETTE)


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (for an ipywidgets Image, or a file)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


class Chart:
    """A rendered chart with its alt text: shows as an image with alt text in Jupyter, as the alt text in plain text."""

    def __init__(self, fig: Figure, alt: str) -> None:
        self.fig = fig
        self.alt = alt

    def _repr_mimebundle_(self, include=None, exclude=None):  # type: ignore[no-untyped-def]
        data = base64.b64encode(png(self.fig)).decode("ascii")
        alt = html.escape(self.alt, quote=True)
        return {
            "text/html": f'<figure><img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%">'
                         f"</figure>",
            "text/plain": self.alt,
        }


def show(fig: Figure, alt: str) -> Chart:
    """Return a displayable chart; as the last line of a cell it shows the image with `alt` as its alt text."""
    return Chart(fig, alt)
