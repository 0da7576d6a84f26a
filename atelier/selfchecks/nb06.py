"""Self-checks of notebook 06 (Building credibility online), and the trust checklist a learner fills in.

Expected values come from the upholsterer's data (`atelier.analytics.upholsterer`) and `tax_rules.csv`; nothing is
typed here but the lesson's questions (the year asked about, the letters of the right answers).
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from atelier import display
from atelier.analytics import upholsterer as case
from atelier.errors import CourseInputError
from atelier.i18n import N_, _, format_money, format_number, format_pct, language, ngettext
from atelier.selfcheck import Verdict, hint, passed, register, split_decimal

YEAR_ASKED = 2025  # the lesson asks about the replies of 2025 and the turnover of 2025
LAW, TRUST = "law", "trust"
KIND_LABELS = {LAW: N_("the law"), TRUST: N_("trust")}

# the trust checklist: key → (kind, what it means, what to do when it is not done yet), in the lesson's order
CHECKLIST: dict[str, tuple[str, str, str]] = {
    "legal_notice": (
        LAW,
        N_("Your website shows a legal notice (mentions légales): your name, address, SIRET number, how to contact "
           "you, who hosts the site."),
        N_("Add a legal notice page, linked from every page of your site. A French business website must have one."),
    ),
    "privacy_notice": (
        LAW,
        N_("A privacy notice says what you keep about clients, why, for how long, and how to ask for a copy or for "
           "it to be deleted."),
        N_("Write a short privacy notice: a page on your site and a line under your contact form. The CNIL "
           "(cnil.fr) has a guide for small businesses."),
    ),
    "keep_only_needed": (
        LAW,
        N_("You keep only what the job needs (name, contact, the piece, the quote, the invoice) and delete what "
           "you no longer need."),
        N_("Sort your files once a year: delete old requests that never became a job (the CNIL suggests three "
           "years after the last contact); keep invoices as long as the law asks (ten years in France)."),
    ),
    "newsletter_consent": (
        LAW,
        N_("You email news only to people who said yes (a box they ticked themselves), and every email has an "
           "unsubscribe link."),
        N_("Add a sign-up box that is not ticked in advance, and an unsubscribe link in every email. A quote "
           "request is not a yes to your newsletter."),
    ),
    "photo_permission": (
        LAW,
        N_("You ask clients before you post photos of their piece, and never show a face or an address without "
           "their yes."),
        N_("Ask when you take the piece in (one line on the quote is enough), and crop out faces, house numbers "
           "and family photos."),
    ),
    "returns_rules": (
        LAW,
        N_("Your cancellation and returns rules are where clients read them before they order, including what "
           "cannot be returned (made to measure, cut to order)."),
        N_("Write your rules on your site and on every quote: what can be cancelled, until when, and what is made "
           "to measure and so cannot be returned."),
    ),
    "clear_quotes": (
        TRUST,
        N_("Your quotes show the hours, the hourly rate, the materials, the TVA (or “TVA non applicable”), how "
           "long the quote is valid and when the piece will be ready."),
        N_("Use one quote template with every line: clients compare quotes, and a detailed one looks serious."),
    ),
    "dates_kept": (
        TRUST,
        N_("You give a ready date you can keep, and tell the client at once if it slips."),
        N_("Count the hours you really spend on each job, give dates with a margin, and send a message as soon as "
           "you know you will be late."),
    ),
    "reply_reviews": (
        TRUST,
        N_("You answer every review, good or bad, within a few days, politely and without arguing."),
        N_("Ask every client for a review when they collect the piece, and answer each one within a day or two: "
           "thank, acknowledge, say what you changed."),
    ),
    "show_the_work": (
        TRUST,
        N_("You show real work: before/after photos, the making, your workshop, your face."),
        N_("Photograph every piece before and after, from the same angle and in the same light, and post them "
           "with a few words on the craft."),
    ),
}
YES_WORDS, NO_WORDS = {"true", "yes", "oui", "vrai", "1"}, {"false", "no", "non", "faux", "0"}


def _ticked(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in YES_WORDS | NO_WORDS:
        return value.strip().lower() in YES_WORDS
    raise CourseInputError(_("For “{key}”, write True or False (with a capital letter and no quotes); you wrote "
                             "{value!r}.").format(key=key, value=value))


@dataclass(frozen=True)
class Checklist(display.ShowsAsText):
    """The trust checklist as ticked: what is done, what is left (the law first), and a score."""

    done: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def score(self) -> int:
        return len(self.done)

    @property
    def total(self) -> int:
        return len(CHECKLIST)

    def to_do(self) -> list[str]:
        """What is not done yet, the law first, in the checklist's order."""
        left = [key for key in CHECKLIST if key not in self.done]
        return [key for key in left if CHECKLIST[key][0] == LAW] + [key for key in left if CHECKLIST[key][0] == TRUST]

    def summary(self) -> str:
        left = self.to_do()
        law_left = sum(1 for key in left if CHECKLIST[key][0] == LAW)
        if not left:
            return _("You tick all {total}: well done. Check them again once a year.").format(total=self.total)
        text = _("You tick {score} of {total}.").format(score=self.score, total=self.total)
        if law_left:
            text += " " + ngettext("{count} item left is asked by the law: start with it.",
                                   "{count} items left are asked by the law: start with those.",
                                   law_left).format(count=law_left)
        else:
            text += " " + _("Everything the law asks is done; what is left builds trust.")
        if self.missing:
            text += " " + _("Not in your list (counted as not done): {keys}.").format(keys=", ".join(self.missing))
        return text

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(mark, what, why: the law or trust, what to do) — done items first, then what is left."""
        done = [("✓", _(CHECKLIST[key][1]), _(KIND_LABELS[CHECKLIST[key][0]]), "") for key in CHECKLIST
                if key in self.done]
        left = [("✗", _(CHECKLIST[key][1]), _(KIND_LABELS[CHECKLIST[key][0]]), _(CHECKLIST[key][2]))
                for key in self.to_do()]
        return done + left

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>"
                       for h in ("", _("What"), _("Why"), _("What to do")))
        body = "".join(
            "<tr>" + "".join(f"<td style='text-align:left;vertical-align:top'>{html.escape(cell)}</td>"
                             for cell in row) + "</tr>" for row in self.rows())
        return (f"<p><strong>{html.escape(self.summary())}</strong></p>"
                f"<table><tr>{head}</tr>{body}</table>")


    def __str__(self) -> str:
        lines = [self.summary()]
        for mark, what, why, todo in self.rows():
            lines.append(f"{mark} [{why}] {what}")
            if todo:
                lines.append(f"    → {todo}")
        return "\n".join(lines)


def trust_checklist(answers: object) -> Checklist:
    """Score a checklist the learner ticked: a dict {item: True or False} with the keys of CHECKLIST."""
    if not isinstance(answers, dict):
        raise CourseInputError(_("The checklist must stay a list of lines “name”: True or False, between curly "
                                 "brackets { }. Run the cell of the lesson again to start afresh."))
    unknown = [key for key in answers if key not in CHECKLIST]
    if unknown:
        raise CourseInputError(_("“{key}” is not in the checklist. The names are: {names}.").format(
            key=unknown[0], names=", ".join(CHECKLIST)))
    done = tuple(key for key in CHECKLIST if key in answers and _ticked(key, answers[key]))
    missing = tuple(key for key in CHECKLIST if key not in answers)
    return Checklist(done, missing)


# --- self-checks --------------------------------------------------------------------------------------------------


def _letter(answer: object, allowed: str) -> str | None:
    letter = str(answer).strip().upper()
    return letter if len(letter) == 1 and letter in allowed else None


def _letters_hint(allowed: str) -> Verdict:
    quoted = ", ".join(f"\"{letter}\"" for letter in allowed[:-1])
    return hint(_("Answer with one letter between quotes: {letters} or \"{last}\".").format(
        letters=quoted, last=allowed[-1]))


# the words a French learner may type for a channel, whatever label the catalogue gives it (compared without
# accents, capitals or hyphens)
FRENCH_CHANNEL_NAMES: dict[str, tuple[str, ...]] = {
    "instagram_message": ("message instagram", "messages instagram", "instagram", "message"),
    "website_form": ("formulaire du site", "formulaire de contact", "formulaire", "formulaire web",
                     "formulaire en ligne", "site", "site web", "site internet"),
    "phone": ("appel téléphonique", "appels téléphoniques", "téléphone", "appel", "tel"),
    "business_profile": ("fiche d'établissement", "fiche établissement", "fiche d'entreprise", "fiche google",
                         "profil d'entreprise", "profil d'établissement", "profil professionnel", "fiche", "profil"),
}


def _plain(text: str) -> str:
    """A channel name as compared: lower case, no accents, one kind of apostrophe, spaces for - and _."""
    text = unicodedata.normalize("NFKD", text.strip().strip("\"'“”«»").lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.replace("’", "'").replace("-", " ").replace("_", " ").split())


def _channel(answer: object) -> str | None:
    """The channel id a learner meant, from its id or its label, whatever the case, spaces or underscores (in
    French, also the French words for it)."""
    wanted = _plain(str(answer))
    for channel in case.CHANNELS:
        names = {channel, case.channel_label(channel)}
        if language() == "fr":
            names.update(FRENCH_CHANNEL_NAMES[channel])
        if wanted in {_plain(name) for name in names}:
            return channel
    return None


def _split_decimal(answer: object) -> Verdict | None:
    return split_decimal(answer)


@register("nb06.best_channel")
def best_channel(answer: object) -> Verdict:
    """Which channel brings the quotes most often accepted?"""
    requests = case.load_requests()
    expected = case.best_channel(requests)
    summary = case.channel_summary(requests)
    channel = _channel(answer)
    if channel is None:
        return hint(_("Type one of the channel names of the table, between quotes, for example \"{example}\".")
                    .format(example=case.channel_label("phone")))
    if channel == expected:
        return passed(_("Right: {pct} of the quotes from the {channel} were accepted. People who find you through "
                        "your reviews arrive already trusting you.").format(
            pct=format_pct(summary.loc[expected, "acceptance_pct"], 0), channel=case.channel_label(expected)))
    if channel == case.busiest_channel(requests, int(requests["request_date"].dt.year.max())):
        return hint(_("That channel brings the most requests, but the question is about the quotes most often "
                      "accepted: read the last column of the table."))
    return hint(_("Not that one: {pct} of its quotes were accepted. Find the highest share in the last column.")
                .format(pct=format_pct(summary.loc[channel, "acceptance_pct"], 0)))


@register("nb06.reply_days_2025")
def reply_days_2025(answer: object) -> Verdict:
    """Average days to reply to a review in 2025."""
    reviews = case.load_reviews()
    expected = case.reply_days(reviews, YEAR_ASKED)
    before = case.reply_days(reviews, YEAR_ASKED - 1)
    split = _split_decimal(answer)
    if split is not None:
        return split
    value = float(answer)  # type: ignore[arg-type]
    if abs(value - expected) <= 0.15:
        return passed(_("Right: about {days} days in {year}, against {before} days the year before. A quick, "
                        "polite answer shows there is a real person behind the workshop.").format(
            days=format_number(expected, 1), year=YEAR_ASKED, before=format_number(before, 1)))
    if abs(value - before) <= 0.15:
        return hint(_("That is the figure for {year}. The question asks about {asked}.").format(
            year=YEAR_ASKED - 1, asked=YEAR_ASKED))
    return hint(_("Not quite. Read the column “Days to answer (average)” of the table, on the {year} line.").format(
        year=YEAR_ASKED))


@register("nb06.slow_quotes")
def slow_quotes(answer: object) -> Verdict:
    """The share (%) of answered quotes accepted when the quote took the longest group of days to go out."""
    groups = case.acceptance_by_delay(case.load_requests())
    slow, fast = float(groups["acceptance_pct"].iloc[-1]), float(groups["acceptance_pct"].iloc[0])
    split = _split_decimal(answer)
    if split is not None:
        return split
    value = float(answer)  # type: ignore[arg-type]
    label = case.delay_group_label(case.DELAY_GROUPS[-1])
    if abs(value - slow) <= 1:
        return passed(_("Right: only {slow} of the quotes sent {label} after the request were accepted, against "
                        "{fast} when the quote went out at once. Speed is part of trust.").format(
            slow=format_pct(slow, 0), label=label, fast=format_pct(fast, 0)))
    if abs(value * 100 - slow) <= 1:
        return hint(_("Give it in per cent: {value} as a fraction is {pct}.").format(
            value=format_number(value, 2), pct=format_number(value * 100, 0)))
    if abs(value - fast) <= 1:
        return hint(_("That is the bar of the fastest quotes. The question asks about the slowest: the last bar."))
    return hint(_("Not quite. Read the figure on the last bar of the chart ({label}).").format(label=label))


@register("nb06.made_to_measure")
def made_to_measure(answer: object) -> Verdict:
    """The dressmaker's made-to-measure dress: B = no return, if the rule was said before the order."""
    letter = _letter(answer, "ABC")
    if letter is None:
        return _letters_hint("ABC")
    if letter == "B":
        return passed(_("Right: a piece made to the client's measurements is not covered by the right to cancel an "
                        "online order. Say it clearly before the order, on the quote or the order page."))
    if letter == "A":
        return hint(_("The right to cancel an online order has exceptions: think of what the dressmaker made "
                      "specially for this client."))
    return hint(_("Unworn or not, the dress was made to one person's measurements. Read the paragraph on returns "
                  "again."))


@register("nb06.newsletter")
def newsletter(answer: object) -> Verdict:
    """Someone asked for a quote and did not hire you: may you add her to your newsletter? B = not without her yes."""
    letter = _letter(answer, "ABC")
    if letter is None:
        return _letters_hint("ABC")
    if letter == "B":
        return passed(_("Right: she gave her address for a quote, not for news. Ask her, for example with a box "
                        "on your quote form that she ticks herself."))
    if letter == "A":
        return hint(_("Having someone's email address does not mean they agreed to receive your news. Who must say "
                      "yes?"))
    return hint(_("One email that asks is fine; adding her to the list first is not. The consent comes before the "
                  "newsletter."))


ZONE_LETTERS = {"franchise": "A", "tolerance": "B", "tva_due": "B", "above_cap": "C"}


@register("nb06.tva_2025")
def tva_2025(answer: object) -> Verdict:
    """Where the work finished in 2025 stands against the franchise threshold and the micro cap (A, B or C)."""
    letter = _letter(answer, "ABC")
    if letter is None:
        return _letters_hint("ABC")
    check = case.tax_check(case.load_jobs(), YEAR_ASKED)
    expected = ZONE_LETTERS[check.zone]
    if letter == expected:
        return passed(_("Right: {finished} of work finished in {year}, above the franchise threshold of "
                        "{threshold} but under the micro cap of {cap}. TVA is due; the status can stay, for now.")
                      .format(finished=format_money(check.finished, case.CURRENCY), year=YEAR_ASKED,
                              threshold=format_money(check.franchise["value"], case.CURRENCY),
                              cap=format_money(check.cap["value"], case.CURRENCY))
                      if expected == "B" else _("Right: compare the work of the year with each line of the table."))
    if letter == "A":
        return hint(_("Compare the work finished in {year} with the franchise threshold in the table: which is "
                      "larger?").format(year=YEAR_ASKED))
    if letter == "C":
        return hint(_("Close, but not yet: compare the work of {year} with the micro cap, the last threshold of the "
                      "table.").format(year=YEAR_ASKED))
    return hint(_("Not quite. Compare the work of {year} with each threshold of the table.").format(year=YEAR_ASKED))


def trainer_figures() -> dict[str, str]:
    """The expected answers and the figures the trainer notes of lesson 06 quote (instructors/templates)."""
    requests, jobs = case.load_requests(), case.load_jobs()
    by_channel = case.requests_by_channel(requests)
    first, last = by_channel.columns[0], by_channel.columns[-1]
    groups = case.acceptance_by_delay(requests)
    check = case.tax_check(jobs, YEAR_ASKED)
    job = case.typical_job(jobs)
    figures = {f"{channel}_{when}": format_number(float(by_channel.loc[channel, year]), 0)
               for channel in by_channel.index for when, year in (("first", first), ("last", last))}
    figures.update({
        "slow_answer": format_number(float(groups["acceptance_pct"].iloc[-1]), 0),
        "slow_quotes": format_number(float(groups["answered"].iloc[-1]), 0),
        "finished_asked_year": format_money(check.finished, case.CURRENCY),
        "chair_rate": format_money(job.hourly_rate, case.CURRENCY),
        "chair_materials_exact": format_money(job.materials, case.CURRENCY),
        "extra_value_exact": format_money(
            Decimal(str(round(case.hours_summary(jobs)["extra_value_eur"], 2))), case.CURRENCY),
    })
    return figures
