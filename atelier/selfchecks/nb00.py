"""Self-checks of notebook 00 (Start here)."""

from __future__ import annotations

from atelier.i18n import _
from atelier.selfcheck import Verdict, hint, passed, register


@register("nb00.mugs", kind="number")
def mugs(answer: object) -> Verdict:
    count = float(answer)  # type: ignore[arg-type]
    if count == 5:
        return passed(_("Well done: you changed the number and ran the cell. 5 mugs it is."))
    if count == 3:
        return hint(_("Not yet: the cell still says 3 mugs. Change 3 into 5 in the cell above, press "
                      "Shift + Enter there, then run this cell again."))
    return hint(_("You changed the number — good — but to {count:g}, not 5. Try 5.").format(count=count))
