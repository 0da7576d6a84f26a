"""Find, in a hand-in's own code cells, the attempts to make checks pass without the right answer.

The sandbox keeps a hand-in from reading the model answers or harming the run; inside its own kernel, though, a
notebook can still try to fool the checks: redefine Python's builtins or the course's helpers, monkeypatch
`atelier` or pandas, install IPython hooks (`set_custom_exc`, `post_run_cell`), run other notebooks (`%run`), or
build code from text (`exec`). The checks defend themselves (private imports, `atelier.exercises.guard`), and this
static scan names every attempt for the trainer. An attempt of the first kinds withholds the notebook's automatic
marks (the trainer looks at it by hand); reaching outside (processes, signals, network) is only reported, since
the sandbox already stops it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from nbformat import NotebookNode

from atelier.i18n import N_, _

# builtins the checks use: a notebook that rebinds one of them is trying to change what a check computes
CHECK_BUILTINS = {
    "abs", "all", "any", "bool", "float", "getattr", "globals", "hasattr", "int", "isinstance", "len", "repr", "set",
    "str", "type", "AssertionError", "Exception", "__import__", "__build_class__",
}
COURSE_MODULES = {"atelier", "pandas", "numpy", "IPython", "ipykernel", "builtins", "sys", "nbgrader"}
HOOK_NAMES = {"set_custom_exc", "post_run_cell", "pre_run_cell", "excepthook", "showtraceback", "CustomTB",
              "custom_exceptions", "run_cell", "register", "settrace", "setprofile", "displayhook"}
DANGEROUS_CALLS = {"exec", "eval", "compile", "__import__", "setattr", "delattr"}
OUTSIDE_MODULES = {"socket", "subprocess", "signal", "ctypes", "multiprocessing", "threading", "urllib", "http",
                   "requests", "shutil", "resource"}
OUTSIDE_CALLS = {"kill", "killpg", "system", "popen", "fork", "_exit", "execv", "execvp", "spawnl"}
COURSE_FILES = re.compile(r"(exercises[/\\]source|instructors[/\\]|gradebook\.db|autograded[/\\]|submitted[/\\]|"
                          r"\.ipynb\b)", re.I)
# builtins nobody names a variable after (a learner's `type = "mug"` is a slip, not an attempt)
NEVER_VARIABLES = {"abs", "isinstance", "len", "globals", "float", "int", "str", "AssertionError", "Exception",
                   "__import__", "__build_class__", "getattr", "hasattr", "repr"}
# IPython's history of the code run: after a hidden check has run, it holds the check
IPYTHON_HISTORY = {"In", "_ih", "_i", "_ii", "_iii", "Out", "_oh", "_dh"}
SHELL_CALLS = {"run_line_magic", "run_cell_magic", "system", "getoutput"}
ALLOWED_MAGICS = {"matplotlib", "time", "timeit", "who", "whos", "pwd", "config"}

KINDS = {
    "builtins": N_("redefines Python's own functions ({names})"),
    "patch": N_("changes the course's package or a library ({names})"),
    "hooks": N_("installs IPython hooks or uses IPython's internals ({names})"),
    "run": N_("runs other code or notebooks ({names})"),
    "files": N_("tries to read the course's files ({names})"),
    "outside": N_("tries to reach outside the notebook: processes, signals or network ({names})"),
}
# what withholds the automatic marks (the rest is only reported: the sandbox already stops it)
WITHHOLD = {"builtins", "patch", "hooks", "run", "files"}


@dataclass(frozen=True)
class Attempt:
    """One kind of tampering found, with the names that show it."""

    kind: str
    names: tuple[str, ...]

    def describe(self) -> str:
        return _(KINDS[self.kind]).format(names=", ".join(self.names[:4]))


def _python(source: str) -> str:
    """A cell's code as Python (IPython's magics and `!` commands turned into the calls they make)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else None


def scan_code(source: str) -> dict[str, set[str]]:
    """The attempts found in one cell's code: kind → names that show it."""
    found: dict[str, set[str]] = {}

    def add(kind: str, name: str) -> None:
        found.setdefault(kind, set()).add(name)

    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return found
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                top = module.split(".")[0]
                if top in OUTSIDE_MODULES:
                    add("outside", top)
                if top in {"builtins", "ctypes", "gc", "importlib", "inspect"} or module in {"unittest.mock",
                                                                                        "atelier.exercises"}:
                    add("patch" if top != "builtins" else "builtins", module)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("atelier.exercises"):
                add("patch", "atelier.exercises")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name in CHECK_BUILTINS:
                add("builtins", node.name)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in CHECK_BUILTINS:
                    add("builtins", target.id)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            if node.id in NEVER_VARIABLES:
                add("builtins", node.id)
            if node.id in {"__builtins__", "get_ipython", "_ax"}:
                add("builtins" if node.id == "__builtins__" else "patch", node.id)
        elif isinstance(node, ast.Name) and node.id in {"__builtins__", "__loader__", "__spec__"}:
            add("builtins", node.id)
        elif isinstance(node, ast.Name) and node.id in IPYTHON_HISTORY:
            add("hooks", node.id)
        elif isinstance(node, ast.Attribute):
            root = _root(node)
            module = imported.get(root or "", "")
            if isinstance(node.ctx, (ast.Store, ast.Del)) and (
                module.split(".")[0] in COURSE_MODULES or root in {"pd", "np", "_ax", "builtins"}
            ):
                add("patch", f"{root}.{node.attr}")
            if node.attr in HOOK_NAMES and (root == "get_ipython" or "IPython" in module or root == "sys"
                                            or node.attr in {"set_custom_exc", "post_run_cell", "pre_run_cell"}):
                add("hooks", node.attr)
            if _is_shell(node.value) and node.attr not in SHELL_CALLS:
                add("hooks", f"get_ipython().{node.attr}")
            if node.attr in {"modules", "meta_path", "path_hooks"} and root == "sys":
                add("patch", f"sys.{node.attr}")
            if node.attr in OUTSIDE_CALLS and root in {"os", "signal", "sys"}:
                add("outside", f"{root}.{node.attr}")
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name in DANGEROUS_CALLS:
                add("patch" if name in {"setattr", "delattr"} else "run", name)
            if isinstance(node.func, ast.Attribute) and node.func.attr in {"run_line_magic", "run_cell_magic",
                                                                          "system", "getoutput"}:
                magic = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else "?"
                if node.func.attr in {"system", "getoutput"}:
                    add("outside", "!")
                elif magic not in ALLOWED_MAGICS:
                    add("run", f"%{magic}")
            elif name in {"globals", "vars", "locals"} and _subscript_store(tree):
                add("patch", f"{name}()[...]")
        elif isinstance(node, (ast.Assign, ast.NamedExpr)) and _is_shell(node.value):
            add("hooks", "get_ipython()")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and COURSE_FILES.search(node.value):
            add("files", node.value[:40])
    return found


def _is_shell(node: ast.AST) -> bool:
    """Whether an expression is `get_ipython()` (IPython's shell)."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "get_ipython"


def _subscript_store(tree: ast.AST) -> bool:
    """Whether some code writes into `globals()[...]`."""
    return any(
        isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name) and node.value.func.id in {"globals", "vars", "locals"}
        for node in ast.walk(tree)
    )


def learner_cells(submitted: NotebookNode, source: NotebookNode) -> list[str]:
    """The code a learner ran: every code cell except the check cells (nbgrader restores those anyway) and the
    cells left exactly as the exercise gives them."""
    given = {cell.source.strip() for cell in source.cells if cell.cell_type == "code"}
    codes = []
    for cell in submitted.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or (meta.get("grade") and not meta.get("solution")):
            continue
        if cell.source.strip() in given:
            continue
        codes.append(cell.source)
    return codes


def scan_notebook(submitted: NotebookNode, source: NotebookNode) -> list[Attempt]:
    """Every kind of tampering found in a hand-in's own code, in a stable order."""
    merged: dict[str, set[str]] = {}
    for code in learner_cells(submitted, source):
        for kind, names in scan_code(code).items():
            merged.setdefault(kind, set()).update(names)
    return [Attempt(kind, tuple(sorted(merged[kind]))) for kind in KINDS if kind in merged]


def withholds(attempts: list[Attempt]) -> bool:
    """Whether these attempts withhold the automatic marks."""
    return any(attempt.kind in WITHHOLD for attempt in attempts)

