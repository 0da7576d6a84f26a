"""The class list → accounts: safe user names, real names, passwords; and the system commands that make them."""

from __future__ import annotations

import grp
import pwd
import re
import secrets
import subprocess
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from atelier.i18n import _

USERNAME_LENGTH = 24  # Linux allows 32; shorter names are easier to type
# letters that Unicode does not decompose into a base letter and an accent
SPECIAL_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                                 "Æ": "AE", "Œ": "OE", "Ø": "O", "Ł": "L", "Đ": "D"})
# short, common, unambiguous words (no l/1, o/0 confusion in the digits that follow)
PASSWORD_WORDS = (
    "apple", "basket", "candle", "cedar", "copper", "cotton", "daisy", "ember", "fabric", "glaze", "harbor",
    "indigo", "jasper", "kettle", "linen", "maple", "meadow", "needle", "orchard", "pebble", "pepper", "quartz",
    "ribbon", "saddle", "satin", "spruce", "thread", "timber", "tulip", "velvet", "walnut", "willow", "amber",
    "badger", "canvas", "dune", "easel", "fern", "garnet", "hazel", "ivory", "juniper", "kiln", "lantern",
    "marble", "nutmeg", "olive", "parcel", "raven", "sparrow", "teapot", "umber", "violet", "wicker", "yarn",
    "zinnia", "bramble", "clover", "falcon", "granite", "heron", "mosaic", "pottery", "saffron",
)
# the same for a room in French: French words of the crafts, without accents (any keyboard types them)
PASSWORD_WORDS_FR = (
    "argile", "bobine", "bougie", "cerise", "cuivre", "coton", "dentelle", "four", "glaise", "laine", "marbre",
    "noyer", "osier", "perle", "pinceau", "poterie", "ruban", "sable", "satin", "tissu", "tulipe", "velours",
    "violette", "aiguille", "atelier", "bouton", "canevas", "ciseau", "cordon", "grenat", "jasmin", "lavande",
    "olive", "panier", "pivoine", "prune", "roseau", "safran", "saule", "tilleul", "vernis", "bambou", "cabas",
    "chanvre", "ficelle", "galet", "miel", "ocre", "pastel", "raphia", "tamis", "tresse", "vannerie", "ardoise",
    "bruyere", "chardon", "colibri", "copeau", "flanelle", "granit", "houblon", "lanterne", "mouette", "orchidee",
    "pelote", "rotin",
)
PASSWORD_WORDS_BY_LANGUAGE = {"en": PASSWORD_WORDS, "fr": PASSWORD_WORDS_FR}


class ClassListError(ValueError):
    """The class list cannot be read; the message says why in plain words."""


@dataclass(frozen=True)
class Person:
    """One account of the hub: the name as the trainer typed it, the system user name, the role."""

    name: str
    username: str
    first_name: str
    last_name: str
    role: str  # "learner" or "trainer"
    password: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def decode_class_list(data: bytes) -> str:
    """The text of a class list saved by any editor or Excel: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def class_names(text: str) -> list[str]:
    """One name per line; blank lines and `#` comments skipped; a spreadsheet row (`First;Last`) joined."""
    names = []
    for raw in text.splitlines():
        line = raw.strip().strip("\ufeff")
        if not line or line.startswith("#"):
            continue
        cells = [cell.strip().strip('"') for cell in re.split(r"[;\t,]", line)]
        name = " ".join(cell for cell in cells if cell)
        name = " ".join(unicodedata.normalize("NFC", name).split())
        if name:
            names.append(name)
    return names


def read_class_list(path: Path) -> list[str]:
    """The learners' names in a class list file, in its order (the file is only read)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ClassListError(_("The class list {path} cannot be read: {reason}.").format(
            path=path, reason=error.strerror or error)) from error
    names = class_names(decode_class_list(data))
    if not names:
        raise ClassListError(_("The class list {path} holds no name: write one learner's name per line.").format(
            path=path))
    return names


def ascii_words(name: str) -> list[str]:
    """`Inès Le Bihan-Nørgaard` → ['ines', 'le', 'bihan', 'norgaard']."""
    flat = unicodedata.normalize("NFKD", name.translate(SPECIAL_LETTERS))
    flat = "".join(char for char in flat if not unicodedata.combining(char)).lower()
    return re.findall(r"[a-z0-9]+", flat)


def username_base(name: str) -> str:
    """A Linux user name from a person's name: lower-case ASCII words joined by `-`, starting with a letter."""
    base = "-".join(ascii_words(name))[:USERNAME_LENGTH].strip("-") or "learner"
    return base if base[0].isalpha() else f"l-{base}"[:USERNAME_LENGTH]


def unique_username(name: str, taken: set[str]) -> str:
    """The first of `base`, `base2`, `base3`… not in `taken` (two Marie Dupont get two accounts)."""
    base = username_base(name)
    candidate, number = base, 2
    while candidate in taken:
        suffix = str(number)
        candidate = base[: USERNAME_LENGTH - len(suffix)] + suffix
        number += 1
    return candidate


# words that begin a family name: "Loïc Le Bihan", "Marie-Hélène de Vries", "Ana dos Santos", "Jan van der Berg"
FAMILY_NAME_PARTICLES = frozenset({"de", "du", "des", "d'", "le", "la", "les", "van", "von", "der", "den", "ten",
                                   "ter", "da", "das", "do", "dos", "di", "del", "della", "dello", "degli", "ben",
                                   "bin", "ibn", "el", "al", "ould", "mac", "st", "st.", "saint", "sainte"})


def split_name(name: str) -> tuple[str, str]:
    """(first names, family name), as Formgrader lists them: the last word, with the particles before it
    (`Le Bihan`, `de Vries`, `van der Berg`); the first word always stays a first name."""
    words = name.split()
    if len(words) < 2:
        return name, ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in FAMILY_NAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def new_password(language: str = "en") -> str:
    """Two words and two digits (`kiln-velvet-47`; in French `argile-velours-47`): easy to read on paper and to
    type, ~30 bits of chance."""
    words = secrets.SystemRandom().sample(PASSWORD_WORDS_BY_LANGUAGE.get(language, PASSWORD_WORDS), 2)
    return f"{words[0]}-{words[1]}-{secrets.randbelow(90) + 10}"


def system_users() -> set[str]:
    return {entry.pw_name for entry in pwd.getpwall()}


def plan_accounts(names: list[str], trainer: str, known: dict[str, Person], existing: set[str],
                  language: str = "en") -> list[Person]:
    """The accounts for a class list: known people keep their account and password; new ones get a user name
    that no system account uses yet and a password in the room's language. `known` maps a name (as typed) to its
    account from an earlier start."""
    people: list[Person] = []
    trainer_person = known.get(f"trainer:{trainer}")
    taken = set(existing) | {person.username for person in known.values()}
    if trainer_person is None:  # never an existing account: its owner's password would change
        username = unique_username(trainer, taken)
        taken.add(username)
        first, last = split_name(trainer)
        trainer_person = Person(trainer, username, first, last, "trainer", new_password(language))
    people.append(trainer_person)
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        key = name if seen[name] == 1 else f"{name}#{seen[name]}"
        person = known.get(key)
        if person is None:
            username = unique_username(name, taken)
            taken.add(username)
            first, last = split_name(name)
            person = Person(name, username, first, last, "learner", new_password(language))
        people.append(person)
    return people


def known_people(people: list[Person]) -> dict[str, Person]:
    """The inverse of `plan_accounts`'s `known`: the key each account is found again by."""
    keys: dict[str, Person] = {}
    seen: dict[str, int] = {}
    for person in people:
        if person.role == "trainer":
            keys[f"trainer:{person.name}"] = person
            continue
        seen[person.name] = seen.get(person.name, 0) + 1
        keys[person.name if seen[person.name] == 1 else f"{person.name}#{seen[person.name]}"] = person
    return keys


def _run(argv: list[str], data: str | None = None) -> None:
    result = subprocess.run(argv, input=data, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(_("{command} failed: {error}").format(command=" ".join(argv[:1]),
                                                                error=result.stderr.strip()))


def ensure_account(person: Person, home: Path, group: str) -> bool:
    """Create the system account (home 0700, the hub's group) unless it exists; set its password. True if new."""
    new = person.username not in system_users()
    if new:
        _run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
              "--comment", person.name.encode("ascii", "replace").decode().replace(":", " "),
              "--groups", group, person.username])
    home.chmod(0o700)
    _run(["chpasswd"], f"{person.username}:{person.password}\n")
    return new


def ensure_group(group: str) -> None:
    try:
        grp.getgrnam(group)
    except KeyError:
        _run(["groupadd", "--system", group])


def remove_account(username: str) -> None:
    """Delete an account the hub made, with its home folder."""
    if username in system_users():
        _run(["userdel", "--remove", username])


def remove_group(group: str) -> None:
    """Delete the hub's group once no account is in it."""
    try:
        if not grp.getgrnam(group).gr_mem:
            _run(["groupdel", group])
    except KeyError:
        pass
