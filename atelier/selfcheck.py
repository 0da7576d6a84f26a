"""Self-checks: a learner checks an answer as they go and gets a plain-language hint (not graded).

Each lesson registers its checks in `atelier/selfchecks/nbNN.py`. A notebook either shows an answer box under the
question (`answer_box("nb01.not_selling")`: a text field and a Check button, no Python to write), or calls
`check("nb03.etsy_price", "£24.99")`. Either way the answer is read the way a person writes it (`74%`, `£94.26`,
`7,495`, `2.26 kg`, `2025 Q4`, `D`) by `atelier.entry`; what cannot be read gets one sentence on how to type it.
The expected value is computed by the package from the reference tables, never typed in the notebook.

An answer box checks when the learner presses Enter in it or clicks Check (never while they are still typing).
"""

from __future__ import annotations

import asyncio
import functools
import html
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from atelier import entry
from atelier.i18n import _

# Enter and Check reach the kernel at once, but the browser holds back the last keys while the kernel is busy and
# sends them just after: the check waits this long for them, so a verdict is never for half an answer.
SETTLE_S = 0.3


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


Check = Callable[[Any], Verdict]


@dataclass(frozen=True)
class Question:
    """One registered self-check: what kind of answer it reads, and in which unit."""

    check: Check
    kind: str  # "number", "letter", "quarter", "word", or "auto" (a number when it reads as one, else as given)
    unit: str = ""  # for a number: "%", "GBP", "EUR", "kg"… ("" for a plain count)
    letters: str = "ABCD"  # for a letter


_CHECKS: dict[str, Question] = {}


def register(question_id: str, kind: str = "auto", unit: str = "", letters: str = "ABCD"
             ) -> Callable[[Check], Check]:
    """Decorator: `@register("nb03.etsy_price", unit="GBP")` over a function (the answer, read) → Verdict.

    The function receives a Decimal for a number, "D" for a letter, "2025 Q4" for a quarter, a lower-case word;
    with kind "auto" (the default), a Decimal when the answer reads as a number, else the answer as given.
    """
    def decorate(function: Check) -> Check:
        _CHECKS[question_id] = Question(function, kind, unit, letters)
        return function
    return decorate


def passed(message: str = "") -> Verdict:
    return Verdict(True, message or _("Well done: that is right."))


def hint(message: str) -> Verdict:
    return Verdict(False, message)


def _question(question_id: str) -> Question | None:
    lesson = question_id.split(".", 1)[0]
    if question_id not in _CHECKS:
        try:
            import_module(f"atelier.selfchecks.{lesson}")
        except ModuleNotFoundError:
            pass
    return _CHECKS.get(question_id)


def read_answer(question: Question, answer: object) -> tuple[object, str]:
    """The answer as the check reads it, or ("", the sentence on how to type it)."""
    if question.kind == "letter":
        choice = entry.read_letter(answer, question.letters)
        return choice.letter, choice.problem
    if question.kind == "quarter":
        return entry.read_quarter(answer)
    if question.kind == "word":
        word = entry.read_word(answer)
        return word, "" if word else _("Type one word.")
    reading = entry.read_number(answer, question.unit)
    if question.kind == "auto" and not reading.ok:
        return answer, ""
    return reading.number, reading.problem


def split_decimal(answer: object) -> Verdict | None:
    """`1,2` typed without quotes reaches a check as two numbers, (1, 2): say how Python wants it."""
    if (isinstance(answer, tuple) and len(answer) == 2
            and all(isinstance(part, int) and not isinstance(part, bool) and part >= 0 for part in answer)):
        whole, fraction = answer
        return hint(_("Python reads {whole},{fraction} as two numbers. Write it with a point, {whole}.{fraction}, or "
                      "between quotes, \"{whole},{fraction}\".").format(whole=whole, fraction=fraction))
    return None


def check(question_id: str, answer: object = None, *more: object) -> Verdict:
    """Check one answer, written as a person writes it; a bad one gets one sentence, never a traceback."""
    question = _question(question_id)
    if question is None:
        return hint(_("There is no self-check called “{id}”: check the spelling.").format(id=question_id))
    if more:
        # `check("nb05.repeat_share", 60,5)`: a decimal comma typed without quotes makes two answers
        return split_decimal((answer, *more)) or hint(
            _("Give one answer only, between the parentheses after the question's name."))
    if answer is None or answer is ...:
        return hint(_("Not answered yet: replace the ... with your answer, then run the cell again."))
    value, problem = read_answer(question, answer)
    if problem:
        return hint(problem)
    try:
        return question.check(value)
    except (TypeError, ValueError, ArithmeticError):
        return hint(_("That does not look like the kind of answer asked for (a number, a word?). "
                      "Read the question again."))


def close_to(answer: object, expected: float, tolerance: float, right: str, wrong: str) -> Verdict:
    """A numeric check with a tolerance; `wrong` is the hint shown otherwise."""
    value = float(answer)  # type: ignore[arg-type]
    return passed(right) if abs(value - expected) <= tolerance else hint(wrong)


def placeholder_for(question: Question) -> str:
    """What the empty answer box suggests typing."""
    if question.kind == "letter":
        return _("one letter, like A")
    if question.kind == "quarter":
        return _("like 2024 Q3")
    if question.kind == "word":
        return _("one word")
    if question.kind == "auto":
        return _("your answer")
    return {"%": _("like 12.5%"), "GBP": _("like £9.99"), "EUR": _("like 9,99 €"), "kg": _("like 2.4 kg")}.get(
        question.unit, _("a number, like 120"))


class AnswerBox:
    """A text field, a Check button and the verdict under them: the way early lessons take an answer.

    It checks on Enter or on a click on Check; typing again clears the last verdict, so an old verdict never
    stands for a new answer.
    """

    def __init__(self, question_id: str) -> None:
        import ipywidgets as widgets

        self.question_id = question_id
        question = _question(question_id)
        self.text = widgets.Text(value="", placeholder=placeholder_for(question) if question else "",
                                 description=_("Your answer"), continuous_update=True,
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="100%", max_width="26em"))
        self.button = widgets.Button(description=_("Check"), button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self.verdict = widgets.HTML(value="")
        self.widget = _frame_class()(question_id, [
            widgets.HBox([self.text, self.button], layout=widgets.Layout(flex_flow="row wrap")),
            self.verdict])
        self.widget.add_class("artisanat-answer")
        self.button.on_click(lambda _button: self.request_check())
        self.text.observe(self._typed, names="value")
        self.text.on_msg(self._message)
        self.last: Verdict | None = None
        self._due: asyncio.TimerHandle | None = None

    def _typed(self, change: dict) -> None:
        self.verdict.value = ""
        self.last = None
        if self._due is not None:  # keys held back by the browser arrive after Enter: wait for the rest
            self.request_check()

    def _message(self, _widget: object, content: dict, _buffers: object) -> None:
        if content.get("event") == "submit":  # Enter in the field
            self.request_check()

    def request_check(self) -> None:
        """Enter or Check: check once the typed text has fully arrived (at once outside a running kernel)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.submit()
            return
        if self._due is not None:
            self._due.cancel()
        self._due = loop.call_later(SETTLE_S, self._settled)

    def _settled(self) -> None:
        self._due = None
        self.submit()

    def submit(self, text: str | None = None) -> Verdict:
        """Check what is in the field (or `text`, typed into it first) and show the verdict under it."""
        if text is not None:
            self.text.value = text
        typed = self.text.value
        verdict = check(self.question_id, typed) if typed.strip() else hint(
            _("Type your answer in the box, then press Enter or click Check."))
        self.last = verdict
        self.verdict.value = f'<div class="artisanat-verdict">{verdict._repr_html_()}</div>'
        return verdict

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


@functools.cache
def _frame_class() -> type:
    import ipywidgets as widgets

    class Frame(widgets.VBox):
        def __init__(self, name: str, children: list) -> None:
            super().__init__(children=children)
            self._name = name

        def __repr__(self) -> str:
            return _("Answer box for {id} (run the notebook to use it)").format(id=self._name)

    return Frame


def answer_box(question_id: str) -> AnswerBox:
    """An answer box for one self-check, shown under the question (no Python to write)."""
    return AnswerBox(question_id)
