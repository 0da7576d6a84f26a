"""The hub's pure parts, as a trainer would feed them: class lists saved by Excel, accented and duplicate names,
the room's address, sizes, the log-in sheet. (The real hub is tested in test_hub.py.)"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest

from atelier.hub import accounts, limits
from atelier.hub.accounts import ClassListError, Person
from atelier.hub.cli import (
    EXERCISE_COURSES,
    LAB_OVERRIDES,
    START_NOTEBOOKS,
    Layout,
    exposure_note,
    hub_language,
    room_address,
    server_args,
    start_url,
)
from atelier.hub.sheet import login_sheet
from atelier.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "data",
    [
        "Inès Martin\nMarc Lefèvre\n".encode(),
        "\ufeffInès Martin\r\nMarc Lefèvre\r\n".encode(),  # Excel "Unicode text" / UTF-8 with BOM, CRLF
        "Inès Martin\r\nMarc Lefèvre\r\n".encode("cp1252"),  # Excel "CSV" on Windows
        "Inès Martin\r\nMarc Lefèvre".encode("utf-16"),  # Excel "Unicode text"
        "Inès;Martin\r\nMarc;Lefèvre\r\n;\r\n".encode("cp1252"),  # a CSV row per learner, first;last
        "# class of Monday\n\n  Inès   Martin  \n\nMarc Lefèvre\n".encode(),
        "Ine\u0300s Martin\nMarc Lefe\u0300vre\n".encode(),  # accents as a Mac writes them (decomposed)
    ],
)
def test_class_lists_as_trainers_save_them(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "class.csv"
    path.write_bytes(data)
    assert accounts.read_class_list(path) == ["Inès Martin", "Marc Lefèvre"]
    assert path.read_bytes() == data  # never modified


def test_an_empty_or_missing_class_list_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    with pytest.raises(ClassListError, match="no name"):
        accounts.read_class_list(empty)
    with pytest.raises(ClassListError, match="cannot be read"):
        accounts.read_class_list(tmp_path / "missing.txt")


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("Inès Martin", "ines-martin"),
        ("Zoë Brun", "zoe-brun"),
        ("Marie-Hélène d'Aubigné", "marie-helene-d-aubigne"),
        ("Søren Łukasz Strauß", "soren-lukasz-strauss"),
        ("Œdipe Æther", "oedipe-aether"),
        ("2024 Stagiaire", "l-2024-stagiaire"),
        ("王芳", "learner"),
        ("Anne-Catherine de la Tour d'Auvergne", "anne-catherine-de-la-tou"),
    ],
)
def test_user_names_are_safe_and_readable(name: str, username: str) -> None:
    assert accounts.username_base(name) == username
    assert len(username) <= accounts.USERNAME_LENGTH


def test_two_people_with_one_name_get_two_accounts_and_keep_them() -> None:
    names = ["Marie Dupont", "Marie Dupont", "Root"]
    people = accounts.plan_accounts(names, "Trainer", {}, existing={"root", "trainer"})
    usernames = [p.username for p in people]
    assert usernames == ["trainer2", "marie-dupont", "marie-dupont2", "root2"]  # never an existing account
    assert people[0].role == "trainer" and {p.role for p in people[1:]} == {"learner"}
    assert len({p.password for p in people}) == 4
    again = accounts.plan_accounts([*names, "Paul Roy"], "Trainer", accounts.known_people(people),
                                   existing={"root", "trainer"} | set(usernames))
    assert again[:4] == people, "a second start must keep each account and its printed password"
    assert again[4].username == "paul-roy"


def test_names_for_formgrader() -> None:
    assert accounts.split_name("Marie-Hélène de Vries") == ("Marie-Hélène", "de Vries")
    assert accounts.split_name("Loïc Le Bihan") == ("Loïc", "Le Bihan")
    assert accounts.split_name("Jan van der Berg") == ("Jan", "van der Berg")
    assert accounts.split_name("Anne Marie Dupont") == ("Anne Marie", "Dupont")
    assert accounts.split_name("Le Bihan") == ("Le", "Bihan")
    assert accounts.split_name(" ".join(accounts.class_names("Loïc;Le Bihan"))) == ("Loïc", "Le Bihan")
    assert accounts.split_name("Cher") == ("Cher", "")


def test_passwords_are_easy_to_type_and_vary() -> None:
    passwords = {accounts.new_password() for _ in range(200)}
    assert len(passwords) > 190
    for password in passwords:
        first, second, digits = password.split("-")
        assert first != second and first.isalpha() and second.isalpha() and 10 <= int(digits) <= 99


def test_the_room_address() -> None:
    assert room_address({"lo": ["127.0.0.1"], "docker0": ["172.17.0.1"], "wlan0": ["192.168.1.23"]}) == \
        "192.168.1.23"
    assert room_address({"lo": ["127.0.0.1"], "eth0": ["169.254.3.3"]}) is None
    assert room_address({"eth0": ["80.12.34.56"], "wlan0": ["10.0.0.5"]}) == "10.0.0.5"  # a private one first
    note = exposure_note("192.168.1.23", 8000)
    assert "http://192.168.1.23:8000/" in note and "not encrypted" in note and "--stop" in note


@pytest.mark.parametrize(("text", "size"), [("1G", 2**30), ("750M", 750 * 2**20), ("1.5g", int(1.5 * 2**30)),
                                            ("512MiB", 512 * 2**20), ("1000000", 1000000)])
def test_memory_sizes(text: str, size: int) -> None:
    assert limits.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "lots", "1T", "-1G"])
def test_bad_memory_sizes(text: str) -> None:
    with pytest.raises(ValueError):
        limits.parse_size(text)


def test_the_log_in_sheet_escapes_names_and_leaves_the_trainer_out() -> None:
    people = [Person("Trainer", "trainer", "Trainer", "", "trainer", "secret-trainer-11"),
              Person("Zoë <Brun> & co", "zoe-brun-co", "Zoë <Brun> &", "co", "learner", "amber-kiln-42")]
    page = login_sheet(people, "http://192.168.1.23:8000")
    assert "Zoë &lt;Brun&gt; &amp; co" in page and "<Brun>" not in page
    assert "amber-kiln-42" in page and "zoe-brun-co" in page and "http://192.168.1.23:8000" in page
    assert "secret-trainer-11" not in page
    assert "page-break-inside: avoid" in page


@pytest.fixture()
def french() -> Iterator[None]:
    set_language("fr")
    try:
        yield
    finally:
        set_language("en")


def test_a_french_room_gets_french_passwords_and_a_french_sheet(french: None) -> None:
    people = accounts.plan_accounts(["Élodie Carré", "Loïc Le Bihan"], "Hélène Formatrice", {}, {"root"}, "fr")
    for person in people:
        first, second, digits = person.password.split("-")
        assert {first, second} <= set(accounts.PASSWORD_WORDS_FR) and 10 <= int(digits) <= 99
        assert person.password.isascii()  # typed on any keyboard
    page = html.unescape(login_sheet(people, "http://192.168.1.23:8000", language="fr"))
    assert '<html lang="fr">' in page and "Artisanat 2.0 : identifiants de connexion pour l'atelier" in page
    assert "Dans un navigateur, tapez :" in page and "Identifiant : <code>elodie-carre</code>" in page
    assert f"Mot de passe : <code>{people[1].password}</code>" in page and "Password" not in page
    assert "Découpez en suivant les pointillés" in page
    assert "ouvert au réseau local de la salle" in exposure_note("192.168.1.23", 8000)


def test_a_french_hub_opens_the_french_start_notebook_on_the_french_kernel(tmp_path: Path) -> None:
    assert start_url("en") == "/lab" and server_args("en", tmp_path) == []  # English: as before
    assert start_url("fr") == f"/lab/tree/{START_NOTEBOOKS['fr']}" and (ROOT / START_NOTEBOOKS["fr"]).is_file()
    assert server_args("fr", tmp_path) == [f"--LabApp.app_settings_dir={tmp_path}",
                                           "--MappingKernelManager.default_kernel_name=artisanat-fr"]
    assert LAB_OVERRIDES["@jupyterlab/translation-extension:plugin"] == {"locale": "fr_FR"}
    assert (EXERCISE_COURSES["fr"] / "source" / "ex00_entrainement").is_dir()
    assert hub_language(Layout(tmp_path), otherwise="fr") == "fr"  # no hub here yet: the language asked for
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "settings.json").write_text("{}", encoding="utf-8")
    assert hub_language(Layout(tmp_path), otherwise="fr") == "en"  # a hub started before it had a language
    (tmp_path / "private" / "settings.json").write_text('{"language": "fr"}', encoding="utf-8")
    assert hub_language(Layout(tmp_path)) == "fr"
