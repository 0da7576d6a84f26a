# Lets nbgrader (and the Formgrader tab of `python3 course.py lab`) find the course's graded exercises from the
# repository's root: every setting lives in exercises/nbgrader_config.py (see exercises/README.md).
c = get_config()  # noqa: F821  (nbgrader/traitlets provide get_config when they load this file)
load_subconfig("exercises/nbgrader_config.py")  # noqa: F821
