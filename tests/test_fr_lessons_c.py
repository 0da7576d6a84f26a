"""The French lessons 05–07 (notebooks/fr/): metadata, no English left in their prose, links to French twins,
figures in their prose agreeing with the package, and self-checks that accept answers typed the French way."""

from __future__ import annotations

import ast
import inspect
import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from babel.dates import format_date

from atelier import tools
from atelier.analytics import fabric_store as fabric
from atelier.analytics import upholsterer
from atelier.i18n import format_money, format_number, format_pct, language
from atelier.selfcheck import check
from atelier.selfchecks import nb05, nb06, nb07

ROOT = Path(__file__).resolve().parents[1]
FRENCH = ROOT / "notebooks" / "fr"
# each French lesson of this part and its English twin, relative to the French notebook
TWINS = {
    "05_fabric_store.ipynb": "../05_fabric_store.ipynb",
    "06_credibilite.ipynb": "../06_credibility.ipynb",
    "07_outils_collaboration.ipynb": "../07_tools_collaboration.ipynb",
}
KERNELSPEC = {"name": "artisanat-fr", "display_name": "Python 3 (Artisanat, français)", "language": "python"}

# common English words that have no French homograph (not "on", "a", "or", "an", "as", "but", "points", "live")
ENGLISH_WORDS = frozenset("""
    the and of with your you which what this that these those from into how will would should can could
    is are was were be been has have had it its they their them we our us if when where who why than then
    there here about only each every more most first next after before because while
    lesson cell run check yourself key turn timing teaching exercises objectives
    customer customers shop order orders cost costs price prices share shares quote quotes review reviews
    tool tools followers reach saves post posts free delivery threshold returns legal notice privacy
    upholsterer dressmaker workshop business profile
""".split())
# names that stay as they are in French text (businesses, products, plans)
PROPER_NAMES = ("The Fabric Store Online", "The Brighton Kiln", "Shopify Basic", "Canva Pro", "Google Workspace",
                "MailerLite", "Mondial Relay")
# the files a French lesson may link to: French twins (some written by other parts of the edition)
FRENCH_TARGETS = {
    "00_bienvenue.ipynb", "01_artisanat_en_ligne.ipynb", "02_brighton_kiln.ipynb", "03_prix.ipynb",
    "04_expedition.ipynb", "05_fabric_store.ipynb", "06_credibilite.ipynb", "07_outils_collaboration.ipynb",
    "08_plan_action.ipynb", "09_votre_boutique.ipynb", "glossaire.md",
    "../../case_studies/fr/brighton_kiln.md", "../../case_studies/fr/fabric_store.md",
    "../../case_studies/fr/upholsterer.md",
}




def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(FRENCH / name, as_version=4)


def twin(name: str) -> nbformat.NotebookNode:
    return nbformat.read((FRENCH / TWINS[name]).resolve(), as_version=4)


def markdown_cells(name: str) -> list[str]:
    return [cell.source for cell in notebook(name).cells if cell.cell_type == "markdown"]


def prose(name: str) -> str:
    """The markdown of a lesson on one line, spaces of every kind made plain."""
    text = " ".join(markdown_cells(name))
    return " ".join(re.sub("[\u00a0\u202f]", " ", text).split())


def code_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def english_left(text: str) -> list[str]:
    """English words left in French prose, outside code spans, link targets and proper names."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return [word for word in re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)?", text) if word.lower() in ENGLISH_WORDS]


# --- the notebooks -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TWINS)
def test_metadata_names_the_french_kernel_the_language_and_the_twin(name: str) -> None:
    metadata = notebook(name).metadata
    assert dict(metadata.kernelspec) == KERNELSPEC
    assert dict(metadata.artisanat) == {"language": "fr", "twin": TWINS[name]}
    assert (FRENCH / TWINS[name]).resolve().is_file()
    assert metadata.language_info == twin(name).metadata.language_info


@pytest.mark.parametrize("name", TWINS)
def test_markdown_has_no_english_sentence_left(name: str) -> None:
    leftovers = {index: words for index, cell in enumerate(markdown_cells(name)) if (words := english_left(cell))}
    assert not leftovers, f"{name}: English words left in markdown cells {leftovers}"


def test_the_english_word_check_finds_english() -> None:
    assert english_left("Run the cell below, then check yourself.") == ["Run", "the", "cell", "then", "check",
                                                                        "yourself"]
    assert english_left("Exécutez la cellule `check(\"nb05.cohort\", ...)` de The Fabric Store Online.") == []
    assert english_left("Une commande ou un avis, à la fin de l'an : un live sur Instagram.") == []


@pytest.mark.parametrize("name", TWINS)
def test_french_typography(name: str) -> None:
    """A no-break space before : ; ? ! and % and inside « », never an ordinary one (a line must not start with ?)."""
    for index, cell in enumerate(markdown_cells(name)):
        text = re.sub(r"`[^`]*`|\]\([^)]*\)", " ", cell)
        assert not re.findall(r"\S[ \n][:;?!%»]|« ", text), (name, index, re.findall(r".{15}\S[ \n][:;?!%»].{5}", text))
        assert "<<" not in text and ">>" not in text


@pytest.mark.parametrize("name", TWINS)
def test_links_point_to_french_twins(name: str) -> None:
    targets = re.findall(r"\]\(([^)#\s]+)", " ".join(markdown_cells(name)))
    assert targets, f"{name} links to nothing"
    assert set(targets) <= FRENCH_TARGETS, set(targets) - FRENCH_TARGETS


@pytest.mark.parametrize("name", TWINS)
def test_lesson_contract_and_timing_match_the_twin(name: str) -> None:
    def tagged(nb: nbformat.NotebookNode, tag: str) -> str:
        return next(c.source for c in nb.cells if tag in c.metadata.get("tags", []))

    french, english = notebook(name), twin(name)
    assert tagged(french, "questions").startswith("## Questions")
    assert tagged(french, "objectives").startswith("## Objectifs")
    timing = re.search(r"Cours\u00a0: (\d+) min · Exercices\u00a0: (\d+) min", tagged(french, "timing"))
    assert timing, "the timing cell says `Cours : NN min · Exercices : NN min`"
    assert timing.groups() == re.search(r"Teaching: (\d+) min · Exercises: (\d+) min",
                                        tagged(english, "timing")).groups()
    last = french.cells[-1]
    assert "keypoints" in last.metadata.get("tags", []) and last.source.startswith("## Points clés")
    assert re.search(r"\*\*Leçon suivante\u00a0:\*\* \[\d\d · [^\]]+\]\(\d\d_[a-z_]+\.ipynb\)\s*$", last.source)


def _assigned(sources: list[str]) -> set[str]:
    """The names a notebook's code cells assign: the learner's own variables."""
    return {target.id for source in sources for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)}


def _shape(source: str, assigned: set[str]) -> str:
    """A code cell's syntax tree with its literal values and the learner's variable names left out."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value is not ...:
            node.value = type(node.value).__name__
        if isinstance(node, ast.Name) and node.id in assigned:
            node.id = "_learner"
    return ast.dump(tree)


@pytest.mark.parametrize("name", TWINS)
def test_code_cells_have_the_shape_of_the_twin(name: str) -> None:
    french, english = code_cells(notebook(name)), code_cells(twin(name))
    assert len(french) == len(english)
    fr_names, en_names = _assigned(french), _assigned(english)
    for index, (fr_cell, en_cell) in enumerate(zip(french, english, strict=True)):
        assert _shape(fr_cell, fr_names) == _shape(en_cell, en_names), (
            f"{name}, code cell {index}:\n{fr_cell}\n---\n{en_cell}")
        keys = re.findall(r'check\("([^"]+)"', fr_cell)
        assert keys == re.findall(r'check\("([^"]+)"', en_cell)


@pytest.mark.parametrize("name", TWINS)
def test_code_cells_hold_no_prose(name: str) -> None:
    for source in code_cells(notebook(name)):
        tree = ast.parse(source)
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert all(" " not in s for s in strings), strings
        assert "#" not in source


# --- figures in the French prose ----------------------------------------------------------------------------------


def test_lesson_05_prose_figures_are_the_case_data(french: None) -> None:
    text = prose("05_fabric_store.ipynb")
    first, last = fabric.years()[0], fabric.years()[-1]
    assert f"deux années, {first} et {last}" in text
    month = format_date(pd.Period(nb05.COHORT, freq="M").to_timestamp().date(), format="MMMM y", locale="fr_FR")
    assert f"première commande date de {month}, quelle part était revenue dans les {nb05.COHORT_MONTHS} mois" in text
    *most, final = fabric.COHORT_TABLE_MONTHS
    assert f"à {', '.join(map(str, most))} et {final} mois" in text
    assert f"de {last} vient des réachats" in text and f"En {last}, combien la boutique" in text
    assert "Remplacez `2024` par `2025`" in text and (first, last) == (2024, 2025)


def test_lesson_06_prose_figures_are_the_case_data(french: None) -> None:
    text = prose("06_credibilite.ipynb")
    quotes = upholsterer.yearly_quotes(upholsterer.load_requests())["days_to_quote"]
    assert 5 <= quotes.loc[2024] <= 8, "the lesson says a quote took about a week in 2024"
    assert 1 <= quotes.loc[2025] <= 2.5, "the lesson says a quote took a day or two in 2025"
    assert "En 2024, un devis mettait environ une semaine à partir ; en 2025, un jour ou deux" in text
    max_rating = inspect.signature(upholsterer.low_reviews).parameters["max_rating"].default
    assert f"les avis de {max_rating} étoiles ou moins" in text
    assert f"à répondre à un avis en {nb06.YEAR_ASKED}" in text and f"travail terminé en {nb06.YEAR_ASKED}" in text
    # the figures the package's own checklist gives (ten years for invoices, three years for a request)
    keep = nb06.CHECKLIST["keep_only_needed"][2]
    assert "ten years" in keep and "three years" in keep
    assert "(dix ans en France)" in text and "(la CNIL recommande trois ans après le dernier contact)" in text
    assert upholsterer.FRANCHISE_MENTION in text
    assert "dans les 14 jours" in text and "article L221-28" in text and "2011/83/UE, article 16" in text
    for key in nb06.CHECKLIST:
        assert f"| `{key}` |" in " ".join(markdown_cells("06_credibilite.ipynb"))


def test_lesson_07_prose_figures_match_its_code_and_example(french: None) -> None:
    text = prose("07_outils_collaboration.ipynb")
    code = "\n".join(code_cells(notebook("07_outils_collaboration.ipynb")))
    example = nb07.EXAMPLES["fr"]
    assert f'tools.catalogue("{example.currency}")' in code and example.currency == "EUR"
    assert f"mes_outils = {list(example.stack)!r}".replace("'", '"') in code
    assert f'tools.tool_yearly_cost("{example.shared_tool}", "EUR")' in code
    stand = re.search(r"prix_stand = (\d+)\nartisans = (\d+)", code)
    assert stand and f"ici un exemple à {stand.group(1)} euros" in text
    assert int(stand.group(2)) == nb07.SHARED_BY and f"shared_cost(boutique_par_an, {nb07.SHARED_BY}, " in code
    assert f"entre {nb07.SHARED_BY} artisans" in text and f"Les {nb07.SHARED_BY} artisans partagent" in text
    names = {tools.get_tool(tool, "EUR").name for tool in example.stack}
    assert {"Shopify Basic", "Canva Pro"} <= names and "Shopify Basic" in text and "Canva Pro" in text
    assert "henrri_fr" in set(tools.catalogue("EUR")[tools.catalogue("EUR").columns[0]])


# --- self-checks read answers typed the French way ----------------------------------------------------------------


def _french_answers() -> list[tuple[str, object]]:
    post = fabric.example_post()
    year = fabric.years()[-1]
    requests = upholsterer.load_requests()
    slow = float(upholsterer.acceptance_by_delay(requests)["acceptance_pct"].iloc[-1])
    example = tools.stack(list(nb07.EXAMPLES["fr"].stack), "EUR")
    monthly, _valid = tools.monthly_cost(nb07.EXAMPLES["fr"].shared_tool, "EUR")
    widest = str(fabric.engagement("theme", year)["reach"].idxmax())
    return [
        ("nb05.post_rate", format_number(float(post["engagement_pct"]), 2)),
        ("nb05.post_rate", format_pct(Decimal(str(round(float(post["engagement_pct"]), 2))), 2)),
        ("nb05.best_format", "carrousel"),
        ("nb05.best_format", "Carrousels"),
        ("nb05.widest_theme", nb05.FRENCH_NAMES[widest][0].capitalize() + "s"),
        ("nb05.repeat_share", format_pct(Decimal(str(round(fabric.repeat_share_pct(year), 1))), 1)),
        ("nb05.cohort", format_pct(Decimal(str(round(fabric.cohort_came_back(nb05.COHORT, 6)))), 0)),
        ("nb05.instagram_value", format_money(round(fabric.value_per_customer("instagram"), 2), "EUR")),
        ("nb05.postage_gap", format_money(fabric.postage_gap(year), "EUR", 0)),
        ("nb05.postage_gap", format_money(round(fabric.postage_gap(year), 2), "EUR")),
        ("nb06.best_channel", "fiche d’établissement"),
        ("nb06.best_channel", "Fiche d'etablissement"),
        ("nb06.reply_days_2025", format_number(upholsterer.reply_days(upholsterer.load_reviews(), 2025), 1)),
        ("nb06.slow_quotes", format_pct(Decimal(str(round(slow))), 0)),
        ("nb06.made_to_measure", "b"),
        ("nb07.example_yearly", str(example.yearly)),
        ("nb07.example_yearly", format_money(example.yearly.amount, "EUR", 0)),
        ("nb07.example_yearly", format_number(example.yearly.amount, 2)),
        ("nb07.shared_per_month", str((monthly / nb07.SHARED_BY).rounded())),
        ("nb07.shared_per_month", "4,75"),
    ]


def test_self_checks_accept_answers_typed_the_french_way(french: None) -> None:
    refused = {(question, answer): verdict.message for question, answer in _french_answers()
               if not (verdict := check(question, answer)).passed}
    assert not refused, refused


def test_the_french_answers_are_written_the_french_way(french: None) -> None:
    answers: dict[str, object] = {}
    for question, answer in _french_answers():
        answers.setdefault(question, answer)
    assert re.fullmatch(r"\d+,\d\d\s€", answers["nb05.instagram_value"])
    assert re.fullmatch(r"\d{1,3}\s\d{3}\s€", answers["nb05.postage_gap"])
    assert re.fullmatch(r"\d+,\d\d\s€", answers["nb07.shared_per_month"])


def test_french_self_checks_still_refuse_wrong_answers(french: None) -> None:
    year = fabric.years()[-1]
    assert not check("nb05.best_format", "réel").passed
    assert not check("nb05.best_format", "direct").passed
    assert not check("nb05.postage_gap", format_money(fabric.postage().loc[year, "paid"], "EUR", 0)).passed
    assert not check("nb06.best_channel", "téléphone").passed
    assert not check("nb07.example_yearly", "363").passed
    pounds = check("nb07.example_yearly", "£382.80")
    assert not pounds.passed and "€" in pounds.message


def test_a_decimal_comma_typed_without_quotes_gets_a_hint(french: None) -> None:
    """`delai_reponse_2025 = 1,2` makes two numbers in Python: the check says how to write it, in both styles."""
    for question, answer in (("nb06.reply_days_2025", (1, 2)), ("nb06.slow_quotes", (28, 5)),
                             ("nb07.example_yearly", (382, 80)), ("nb07.shared_per_month", (4, 75))):
        verdict = check(question, answer)
        whole, fraction = answer
        assert not verdict.passed and f"{whole}.{fraction}" in verdict.message, verdict
        assert f'"{whole},{fraction}"' in verdict.message
    assert "type de réponse" in check("nb07.shared_per_month", (4, 75, 3)).message


def test_english_checks_keep_the_english_example_and_words(english: None) -> None:
    assert language() == "en"
    assert nb07.example() == nb07.EXAMPLES["en"] and nb07.example().currency == "GBP"
    assert check("nb07.example_yearly", "£363").passed
    assert not check("nb05.best_format", "carrousel").passed
    assert check("nb05.best_format", "carousels").passed
    assert not check("nb06.best_channel", "fiche d'établissement").passed
    assert check("nb05.postage_gap", format_money(fabric.postage_gap(fabric.years()[-1]), "EUR", 0)).passed


def test_a_decimal_comma_typed_without_quotes_in_any_check_gets_a_sentence() -> None:
    """`check("nb05.repeat_share", 60,5)` is what a French hand types: Python passes two numbers; one sentence back."""
    from atelier.selfcheck import check

    verdict = check("nb05.repeat_share", 60, 5)
    assert not verdict.passed and "60,5" in verdict.message and "60.5" in verdict.message
    assert not check("nb05.repeat_share", 60, 5, 1).passed


# --- the upholsterer's data in French (a French workshop: its clients write in French) ------------------------------

REVIEWS_CSV = ROOT / "datasets" / "upholsterer" / "reviews.csv"


def written_reviews() -> pd.DataFrame:
    return pd.read_csv(REVIEWS_CSV, keep_default_na=False, dtype=str)


def outputs_text(nb: nbformat.NotebookNode) -> str:
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            texts += [str(value) for key, value in output.get("data", {}).items() if key.startswith("text")]
            texts.append(str(output.get("text", "")))
    return "\n".join(texts)


def test_the_reviews_read_in_french_in_french_and_as_written_in_english(french: None) -> None:
    written = written_reviews()
    shown = upholsterer.load_reviews()
    assert shown["text"].tolist() == written["text_fr"].tolist()
    assert "text_fr" not in shown.columns
    from atelier.i18n import set_language

    set_language("en")
    english_shown = upholsterer.load_reviews()
    assert english_shown["text"].tolist() == written["text"].tolist()
    assert list(english_shown.columns) == list(shown.columns) == [c for c in written.columns if c != "text_fr"]
    # every figure is the same in both editions: only the text changes
    assert english_shown.drop(columns="text").equals(shown.drop(columns="text"))


def test_each_english_review_has_one_french_text_without_english_words() -> None:
    written = written_reviews()
    assert (written["text_fr"].str.strip() != "").all()
    pairs = written[["text", "text_fr"]].drop_duplicates()
    assert pairs["text"].is_unique and pairs["text_fr"].is_unique, "one French text per English review, and back"
    for text in written["text_fr"]:
        words = set(re.findall(r"[^\W\d_]+", text.lower()))
        assert not words & ENGLISH_WORDS, text
        assert not re.search(r"\b(stool|chair|headboard|armchair|sofa)\b", text), text
    # the French says the same piece as the English (a chair stays a chair)
    pieces = {"stool": "tabouret", "chair": "chaise", "headboard": "tête de lit", "armchair": "fauteuil",
              "sofa": "canapé"}
    for english, french_text in pairs.itertuples(index=False):
        for piece, mot in pieces.items():
            if re.search(rf"\b{piece}\b", english.lower()):
                assert mot in french_text.lower(), (english, french_text)


def test_the_generator_keeps_one_french_text_per_english_one() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "datasets"))
    try:
        from generators import upholsterer as generator
    finally:
        sys.path.remove(str(ROOT / "datasets"))
    assert {k: len(v) for k, v in generator.REVIEW_TEXT.items()} == \
        {k: len(v) for k, v in generator.REVIEW_TEXT_FR.items()}
    assert generator.review_fr(1, 0, "chair").endswith("la chaise n'était pas prête à la date convenue.")
    assert generator.review_fr(1, 0, "sofa").endswith("le canapé n'était pas prêt à la date convenue.")
    assert generator.review_fr(5, 0, "headboard").startswith("La tête de lit est revenue comme neuve")


def test_a_missing_french_cell_shows_the_english_text() -> None:
    from atelier.casestudy import in_language

    frame = pd.DataFrame({"text": ["Nice work.", "Slow."], "rating": [5, 2], "text_fr": ["Beau travail.", ""]})
    shown = in_language(frame, "fr")
    assert shown["text"].tolist() == ["Beau travail.", "Slow."] and list(shown.columns) == ["text", "rating"]
    assert in_language(frame, "en")["text"].tolist() == ["Nice work.", "Slow."]


def test_french_lesson_06_shows_the_reviews_in_french_and_english_lesson_06_in_english() -> None:
    written = written_reviews()
    french_out = outputs_text(notebook("06_credibilite.ipynb"))
    english_out = outputs_text(twin("06_credibilite.ipynb"))
    low = written[written["rating"].astype(int) <= 3]
    assert len(low) > 3
    for english, french_text in low[["text", "text_fr"]].drop_duplicates().itertuples(index=False):
        assert english not in french_out, english
        assert french_text in french_out, french_text
        assert english in english_out and french_text not in english_out
    # quarters read the French way in the French lesson (`T1 2024`), never pandas' `2024Q1`
    assert not re.search(r"\b20\d\dQ[1-4]\b", french_out) and "T1 2024" in french_out


# --- sources and notes of the reference tables, in French where a French lesson shows them -------------------------

# the tables whose sources French lessons show (06, 07; 01–05 too)
FRENCH_TEXT_TABLES = ("digital_tools", "tax_rules", "course_defaults", "market_benchmarks")


def written_table(name: str) -> list[dict[str, str]]:
    import csv

    with open(ROOT / "datasets" / "reference" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def english_numbers(text: str) -> set[Decimal]:
    return {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def french_numbers(text: str) -> set[Decimal]:
    found = re.findall(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?", text)
    return {Decimal(re.sub(r"[ \u00a0\u202f]", "", n).replace(",", ".")) for n in found}


@pytest.mark.parametrize("name", FRENCH_TEXT_TABLES)
def test_sources_and_notes_have_their_french_with_the_same_figures(name: str) -> None:
    from atelier import reference

    for row in written_table(name):
        assert row["source_fr"].strip(), f"{name}: no French source for {row['source']!r}"
        assert bool(row["note_fr"].strip()) == bool(row["note"].strip()), f"{name}: note_fr for {row['note']!r}"
        assert english_numbers(row["note"]) <= french_numbers(row["note_fr"]), (row["note"], row["note_fr"])
        if "assumption" in row["source"]:
            assert "hypothèse" in row["source_fr"] and "hypothèse" in row["note_fr"], row["source_fr"]
        for english in ("assumption", "secondary", "course default", "copy)", "pricing overview", "verified"):
            assert english not in row["source_fr"] + row["note_fr"], (english, row["source_fr"], row["note_fr"])
        # a web address stays as written: every one of the English source is in the French one
        for address in re.findall(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[\w./-]*)?", row["source"]):
            assert address in row["source_fr"], (address, row["source_fr"])
    assert [r["source"] for r in reference.rows(name, "en")] == [r["source"] for r in written_table(name)]
    assert [r["source"] for r in reference.rows(name, "fr")] == [r["source_fr"] for r in written_table(name)]
    assert [r["note"] or "" for r in reference.rows(name, "fr")] == [r["note_fr"] for r in written_table(name)]


def test_french_lesson_07_shows_the_tools_sources_in_french_and_english_lesson_07_as_written() -> None:
    tools_rows = [r for r in written_table("digital_tools") if r["region"] in ("FR", "any")]
    french_out = outputs_text(notebook("07_outils_collaboration.ipynb"))
    english_out = outputs_text(twin("07_outils_collaboration.ipynb"))
    assumed = [r for r in tools_rows if "assumption" in r["source"]]
    assert assumed and assumed[0]["source_fr"] in french_out and "assumption" not in french_out
    assert assumed[0]["source"] in english_out and "hypothèse" not in english_out
    for row in tools_rows:
        assert row["source_fr"].replace("'", "&#x27;") in french_out or row["source_fr"][:40] in french_out, row


def test_french_lesson_06_names_the_thresholds_sources_in_french(french: None) -> None:
    check_ = upholsterer.tax_check(upholsterer.load_jobs(), 2025)
    footer = check_.footer()
    rules = {r["rule_id"]: r for r in written_table("tax_rules")}
    for rule in (upholsterer.FRANCHISE_THRESHOLD, upholsterer.FRANCHISE_TOLERANCE, upholsterer.MICRO_CAP):
        assert rules[rule]["source_fr"] in footer
    out = outputs_text(notebook("06_credibilite.ipynb"))
    assert footer.replace("'", "&#x27;") in out or footer in out
    assert "secondary" not in out and "accountants" not in out


def test_french_lessons_01_and_05_name_their_benchmarks_sources_in_french() -> None:
    rows = {r["source"]: r["source_fr"] for r in written_table("market_benchmarks")}
    lesson_01 = outputs_text(nbformat.read(FRENCH / "01_artisanat_en_ligne.ipynb", as_version=4))
    lesson_05 = outputs_text(notebook("05_fabric_store.ipynb"))
    for english in ("France Num barometer (as summarised by press)",
                    "Crafts Council, The Market for Craft (full report)"):
        assert english not in lesson_01 and rows[english].replace("'", "&#x27;") in lesson_01, english
    social = "Socialinsider and Rival IQ figures as quoted by vendors' blogs"
    assert social.replace("'", "&#x27;") not in lesson_05 and social not in lesson_05
    assert rows[social].replace("'", "&#x27;") in lesson_05


@pytest.mark.parametrize("name", ["05_fabric_store.ipynb", "06_credibilite.ipynb"])
def test_charts_name_quarters_the_french_way(name: str) -> None:
    """Alt texts and axis labels say `T1 2024`, as lesson 02 teaches, never pandas' `2024Q1` or the English form."""
    shown = outputs_text(notebook(name))
    assert not re.search(r"\b20\d\d ?Q[1-4]\b", shown)
    assert "T1 2024" in shown and "T4 2025" in shown
