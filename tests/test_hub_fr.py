"""`python3 course.py hub --lang fr`: a real hub on 127.0.0.1 serving the French edition (as tests/test_hub.py, in
French, smaller: two learners from a class list saved by Excel on a French Windows, and a trainer).

A learner logs in with the log-in form in Chromium: her Lab is in French (language pack active) and opens on the
French start notebook with the French kernel. One French exercise goes release → fetch → submit → collect + grade
(sandboxed) → feedback with the French course `artisanat2-fr`; the trainer's console, the log-in sheet and
`--stop` speak French.

Needs Linux and root (it makes system accounts; CI runs as root), bubblewrap, and Node.js for the proxy.
"""

from __future__ import annotations

import csv
import html
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser_support as bs
from tests.test_hub import (
    answer_cell,
    hub_command,
    learner_client,
    learners_of,
    learners_with_servers,
    log_in,
    require_hub_programs,
)

ROOT = Path(__file__).resolve().parent.parent
COURSE = "artisanat2-fr"
EXERCISE = "ex00_entrainement"
START = "notebooks/fr/00_bienvenue.ipynb"
# what each learner types in the exercise's answer cell, and the marks it must earn (2 points: 1 visible, 1 hidden)
ANSWERS = {"Élodie Carré": ("my_number = 3", 2.0), "Loïc Le Bihan": ("my_number = 5", 1.0)}
CLASS_LIST = "Élodie;Carré\r\nLoïc;Le Bihan\r\n".encode("cp1252")  # Excel "CSV (séparateur : point-virgule)"

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the hub runs on Linux only"),
    pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0,
                       reason="the hub test makes real system accounts: it needs root (CI runs as root)"),
]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    require_hub_programs()
    folder = tmp_path_factory.mktemp("hub-fr")
    class_list = folder / "stagiaires.csv"
    class_list.write_bytes(CLASS_LIST)
    state = folder / "state"
    port = bs.free_port()
    try:
        result = hub_command("--learners", str(class_list), "--trainer", "Hélène Formatrice", "--state-dir",
                             str(state), "--port", str(port), "--memory", "700M", "--jobs", "2", "--lang", "fr")
        settings = json.loads((state / "private" / "settings.json").read_text(encoding="utf-8"))
        people = json.loads((state / "private" / "accounts.json").read_text(encoding="utf-8"))
        yield {"state": state, "base": f"http://127.0.0.1:{port}", "settings": settings, "people": people,
               "output": result.stdout, "learners": {}, "class_list": class_list}
    finally:
        hub_command("--stop", "--remove-accounts", "--state-dir", str(state), check=False)


def the_trainer(hub: dict) -> dict:
    return next(p for p in hub["people"] if p["role"] == "trainer")


def test_the_french_hub_prepares_the_french_course(hub: dict) -> None:
    from nbgrader.api import Gradebook

    from atelier.hub.accounts import PASSWORD_WORDS_FR

    assert hub["class_list"].read_bytes() == CLASS_LIST, "the trainer's file was changed"
    # the trainer's console, in French
    for french in ("Le hub est prêt", "Feuille de connexion à imprimer", "Votre connexion de formateur",
                   START, COURSE, "Seul cet ordinateur peut l'ouvrir", "Pour l'arrêter"):
        assert french in hub["output"], (french, hub["output"])
    assert "The hub is ready" not in hub["output"]
    # the printed log-in sheet, in French, with passwords made of French words
    sheet = html.unescape((hub["state"] / "private" / "login_sheet.html").read_text(encoding="utf-8"))
    assert '<html lang="fr">' in sheet and "identifiants de connexion pour l'atelier" in sheet
    assert "Dans un navigateur, tapez :" in sheet and "Identifiant :" in sheet and "Mot de passe :" in sheet
    assert "User name" not in sheet and "Password" not in sheet
    for person in learners_of(hub):
        assert person["name"] in sheet and person["username"] in sheet and person["password"] in sheet
        first, second, digits = person["password"].split("-")
        assert {first, second} <= set(PASSWORD_WORDS_FR) and digits.isdigit()
    assert [p["name"] for p in learners_of(hub)] == list(ANSWERS)
    # the trainer's nbgrader folder is the French course, its gradebook has the learners' real names
    course = hub["state"] / "home" / the_trainer(hub)["username"] / "cours"
    assert (course / "source" / EXERCISE / f"{EXERCISE}.ipynb").is_file()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gradebook:
        names = {s.id: (s.first_name, s.last_name) for s in gradebook.students}
    assert names[learners_of(hub)[0]["username"]] == ("Élodie", "Carré")
    assert (hub["state"] / "exchange" / COURSE / "inbound").is_dir()
    # the trainer's own server: Formgrader is the French course's, with the learners' real names
    formgrader = learner_client(hub, the_trainer(hub))
    formgrader.start_server()
    answer = formgrader.api("GET", "/formgrader/api/students")
    assert answer.status_code == 200, answer.text[:300]
    assert {(row["first_name"], row["last_name"]) for row in answer.json()} >= {("Élodie", "Carré")}
    assert EXERCISE in {row["name"] for row in formgrader.api("GET", "/formgrader/api/assignments").json()}
    assert hub["settings"]["language"] == "fr" and hub["settings"]["default_url"] == f"/lab/tree/{START}"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    yield from bs.browser_or_skip()


def test_a_learner_logs_in_to_a_french_lab_on_the_french_start_notebook(hub: dict, browser) -> None:  # type: ignore[no-untyped-def]
    person = learners_of(hub)[0]
    context = browser.new_context(viewport=bs.VIEWPORT, locale="fr-FR")
    bs.offline_but_localhost(context)
    try:
        page = context.new_page()
        log_in(page, hub, person)
        # straight from the log-in form to the French start notebook, in a French Lab, on the French kernel
        page.wait_for_url(f"**/user/{person['username']}/lab/tree/{START}**", timeout=120_000)
        bs.lab_wait_kernel_ready(page, 90_000)
        menus = {menu.strip() for menu in page.locator(bs.LAB_MENU_BAR_ITEM).all_inner_texts()}
        assert {"Fichier", "Noyau"} <= menus and "File" not in menus, f"the Lab is not French: {menus}"
        panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        assert "Artisanat, français" in panel.locator(".jp-KernelName").inner_text()
        assert page.locator(".lm-TabBar-tab.lm-mod-current", has_text="00_bienvenue.ipynb").count() >= 1
        assert "Bienvenue" in panel.locator(".jp-MarkdownCell").first.inner_text()
    finally:
        context.close()
    # a new notebook gets the French kernel, whose package speaks French
    learner = learner_client(hub, person)
    specs = learner.api("GET", "/api/kernelspecs").json()
    assert specs["default"] == "artisanat-fr", specs["default"]
    kernel = learner.kernel(name=None)
    try:
        text, _messages = kernel.run("from atelier.i18n import format_money, language\n"
                                     "print(language(), format_money(1234.5, 'EUR'))")
        assert text.strip() == "fr 1\u202f234,50\u00a0€", text  # Babel's fr_FR: narrow no-break space, no-break space
    finally:
        kernel.close()


def test_a_french_exercise_goes_round_the_exchange(hub: dict) -> None:
    started = time.monotonic()
    learners = learners_with_servers(hub)
    released = hub_command("release", EXERCISE, "--state-dir", str(hub["state"]))
    assert "est distribué" in released.stdout, released.stdout
    for learner, (answer, _marks) in zip(learners, ANSWERS.values(), strict=True):
        listed = learner.assignments(None, COURSE)
        assert [a["assignment_id"] for a in listed["value"]] == [EXERCISE], listed
        fetched = learner.assignments("fetch", COURSE, EXERCISE)
        assert fetched["value"][0]["status"] == "fetched", fetched
        path = f"{EXERCISE}/{EXERCISE}.ipynb"
        notebook = learner.read(path)["content"]
        text = json.dumps(notebook, ensure_ascii=False)
        assert "### BEGIN SOLUTION" not in text, "the learner received the model answer"
        assert "VOTRE RÉPONSE ICI" in text and notebook["metadata"]["kernelspec"]["name"] == "artisanat-fr"
        answer_cell(notebook)["source"] = answer
        learner.write_notebook(path, notebook)
        submitted = learner.assignments("submit", COURSE, EXERCISE)
        assert submitted.get("success", True) is not False, submitted
    graded = hub_command("grade", EXERCISE, "--state-dir", str(hub["state"]), "--jobs", "2")
    print(f"French cycle: released, fetched, submitted, collected and graded in {time.monotonic() - started:.0f} s")
    assert "bac à sable" in graded.stdout and "Retours rendus" in graded.stdout, graded.stdout
    course = hub["state"] / "home" / the_trainer(hub)["username"] / "cours"
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)
                  if row["assignment"] == EXERCISE}
    assert scores == {learner.username: marks for learner, (_a, marks) in zip(learners, ANSWERS.values(), strict=True)}
    for learner in learners:
        listed = learner.assignments("fetch_feedback", COURSE, EXERCISE)
        submitted = [sub for a in listed["value"] if a["status"] == "submitted" for sub in a.get("submissions", [a])]
        assert submitted and all(sub["has_local_feedback"] for sub in submitted), (learner.username, listed)
        folder = learner.read(f"{EXERCISE}/feedback")["content"]
        page = learner.read(f"{folder[0]['path']}/{EXERCISE}.html")["content"]
        assert "Consigne 1" in page and "BEGIN HIDDEN TESTS" not in page


def test_stop_speaks_french(hub: dict) -> None:
    stopped = hub_command("--stop", "--state-dir", str(hub["state"]))
    assert "Arrêt terminé" in stopped.stdout and "hub arrêté" in stopped.stdout, stopped.stdout
