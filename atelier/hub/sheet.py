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


def login_sheet(people: list[Person], address: str, course: str = "Artisanat 2.0", language: str = "en") -> str:
    """The HTML page of log-ins (learners only: the trainer's password is shown in the terminal), its words
    through the catalogue (`set_language` first); `language` is the page's own `lang`."""
    # outside the f-strings below, where the catalogue's extractor finds them
    type_this, user_name, password = _("In a browser, type:"), _("User name:"), _("Password:")
    strips = []
    for person in people:
        if person.role != "learner":
            continue
        strips.append(
            '<div class="strip">'
            f'<div class="name">{escape(person.name)}</div>'
            f'<div>{escape(type_this)} <code>{escape(address)}</code></div>'
            f'<div>{escape(user_name)} <code>{escape(person.username)}</code> &nbsp; '
            f'{escape(password)} <code>{escape(person.password)}</code></div>'
            "</div>"
        )
    title = _("{course}: log-ins for the workshop").format(course=course)
    note = _("Cut along the dashed lines and give each person their own strip. Each password opens that person's "
             "folder only: keep this sheet with you and destroy it after the workshop.")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n<h1>{escape(title)}</h1>\n"
        f'<p class="note screen">{escape(note)}</p>\n' + "\n".join(strips) + "\n</body></html>\n"
    )
