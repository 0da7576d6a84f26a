"""atelier — the computations behind the Artisanat 2.0 course.

Modules: `pricing` (unit cost, channel fees, price for a margin), `shipping` (parcels, carriers, breakage,
free delivery), `reference` (the sourced tables in datasets/reference), `charts`, `selfcheck`, `i18n`.
"""

from __future__ import annotations


def _install_friendly_errors() -> None:
    """In a notebook, show a learner's input error as one plain sentence instead of a traceback."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return
    from atelier.errors import CourseInputError
    from atelier.i18n import _

    def handler(shell, etype, evalue, tb, tb_offset=None):  # type: ignore[no-untyped-def]
        lines = [_("Something to fix: {message}").format(message=evalue)]
        shell._showtraceback(etype, evalue, lines)
        return lines

    shell.set_custom_exc((CourseInputError,), handler)


_install_friendly_errors()
