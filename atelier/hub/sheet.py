"""The printable log-in sheet: one strip per learner, to cut and hand out."""

from __future__ import annotations

from html import escape

from atelier.i18n import _

from .accounts import Person

STYLE = """
body { font-family: sans-serif; margin: 1.5cm; }
h1 { font-size: 1.3em; }
.strip { border: 1px dashed #888; padding: 0.5em 1em; margin: 0 0 0.6em 0; page-break-inside: avoid;
         break-inside: avoid; }
.strip .name { font-weight: bold; font-size: 1.15em; }
.strip code { font-size: 1.2em; letter-spacing: 0.05em; }
.note { color: #444; font-size: 0.9em; }
@media print { .note.screen { display: none; } }
"""


def login_sheet(people: list[Person], address: str, course: str = "Artisanat 2.0") -> str:
    """The HTML page of log-ins (learners only: the trainer's password is shown in the terminal)."""
    strips = []
    for person in people:
        if person.role != "learner":
            continue
        strips.append(
            '<div class="strip">'
            f'<div class="name">{escape(person.name)}</div>'
            f'<div>{escape(_("In a browser, type:"))} <code>{escape(address)}</code></div>'
            f'<div>{escape(_("User name:"))} <code>{escape(person.username)}</code> &nbsp; '
            f'{escape(_("Password:"))} <code>{escape(person.password)}</code></div>'
            "</div>"
        )
    title = _("{course}: log-ins for the workshop").format(course=course)
    note = _("Cut along the dashed lines and give each person their own strip. Each password opens that person's "
             "folder only: keep this sheet with you and destroy it after the workshop.")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n<h1>{escape(title)}</h1>\n"
        f'<p class="note screen">{escape(note)}</p>\n' + "\n".join(strips) + "\n</body></html>\n"
    )
