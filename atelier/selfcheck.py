"""Self-checks: a learner checks an answer as they go and gets a plain-language hint (not graded).

Each lesson registers its checks in `atelier/selfchecks/nbNN.py`; a notebook cell calls `check("nb03.etsy_price",
my_price)`. The expected value is computed by the package from the reference tables, never typed in the notebook.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from atelier.i18n import _


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str

    def _repr_html_(self) -> str:
        colour, mark = ("#009E73", "✓") if self.passed else ("#D55E00", "✗")
        return (f'<div style="border-left:4px solid {colour};padding:4px 8px;">'
                f"<strong>{mark}</strong> {html.escape(self.message)}</div>")

    def __repr__(self) -> str:
        return ("✓ " if self.passed else "✗ ") + self.message


Check = Callable[[object], Verdict]
_CHECKS: dict[str, Check] = {}


def register(question_id: str) -> Callable[[Check], Check]:
    """Decorator: `@register("nb03.etsy_price")` over a function answer → Verdict."""
    def decorate(function: Check) -> Check:
        _CHECKS[question_id] = function
        return function
    return decorate


def passed(message: str = "") -> Verdict:
    return Verdict(True, message or _("Well done: that is right."))


def hint(message: str) -> Verdict:
    return Verdict(False, message)


def check(question_id: str, answer: object) -> Verdict:
    """Check one answer; an answer not filled in yet, or of the wrong kind, gets a hint, never a traceback."""
    lesson = question_id.split(".", 1)[0]
    if question_id not in _CHECKS:
        try:
            import_module(f"atelier.selfchecks.{lesson}")
        except ModuleNotFoundError:
            pass
    if question_id not in _CHECKS:
        return hint(_("There is no self-check called “{id}”: check the spelling.").format(id=question_id))
    if answer is None or answer is ...:
        return hint(_("Not answered yet: replace the ... with your answer, then run the cell again."))
    try:
        return _CHECKS[question_id](answer)
    except (TypeError, ValueError):
        return hint(_("That does not look like the kind of answer asked for (a number, a word?). "
                      "Read the question again."))


def close_to(answer: object, expected: float, tolerance: float, right: str, wrong: str) -> Verdict:
    """A numeric check with a tolerance; `wrong` is the hint shown otherwise."""
    value = float(answer)  # type: ignore[arg-type]
    return passed(right) if abs(value - expected) <= tolerance else hint(wrong)
