# nbgrader settings of the French edition of Artisanat 2.0, course `artisanat2-fr` (see exercises/fr/README.md).
# The same settings as exercises/nbgrader_config.py; only the course name and the learners' words differ.
#
# Every path is computed from this file's own folder, so the settings work from any working directory and in
# the grader's temporary copies of this folder (`python3 course.py grade` copies this file next to each copy).
from pathlib import Path

c = get_config()  # noqa: F821  (nbgrader/traitlets provide get_config when they load this file)

HERE = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "artisanat2-fr"
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}"
# the datasets a release pack adds beside its notebook are not part of a learner's answer
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "__MACOSX", ".DS_Store"]

# Running learners' notebooks: a cell that runs longer than 20 s (an endless loop, say) is stopped, and
# the rest of the notebook is still graded.
c.Execute.timeout = 20
c.Execute.interrupt_on_timeout = True
c.Execute.startup_timeout = 60
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "cette cellule a tourné plus de 20 secondes et a été arrêtée",
    "traceback": [
        "Cette cellule a tourné plus de 20 secondes et a été arrêtée : une boucle qui ne se termine jamais ?"
    ],
}
# never keep a huge output (a loop that prints) in the graded notebook
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50

# a check cell the learner deleted is put back before grading (and says so)
c.OverwriteCells.add_missing_cells = True

# What the learner's version shows in place of a solution: plain words for people who do not write code.
c.ClearSolutions.code_stub = {
    "python": '# ✏️ VOTRE RÉPONSE ICI : effacez ces deux lignes et tapez votre réponse (voir la consigne au-dessus)\n'
    'raise NotImplementedError("Votre réponse manque : effacez cette ligne et tapez votre réponse")'
}
c.ClearSolutions.text_stub = (
    "✏️ VOTRE RÉPONSE ICI : double-cliquez sur cette cellule, effacez cette ligne et tapez votre réponse."
)

# Feedback for learners never shows a hidden check, nor the traceback of one (nbgrader issue #917).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "atelier.grading.feedback.HideHiddenTests",
]
