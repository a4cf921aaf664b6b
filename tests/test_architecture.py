"""The package's shape: imports flow one way, and the code passes the linters CI relies on."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "tollwatch"

# What each part may import from tollwatch; the top layer (cli, api, web, runner, exports,
# distributed, watch) may import anything below it.
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "errors": set(),
    "lexicon": {"errors"},
    "ingest": {"model", "errors", "lexicon", "ingest"},
    "geo": {"model", "errors", "lexicon", "geo"},
    "extract": {"model", "errors", "lexicon", "extract", "geo", "ingest"},
    # geo is pure and below both: one distance function and one country table (issue 15)
    "reconcile": {"model", "errors", "lexicon", "geo", "reconcile"},
    "store": {"model", "errors", "lexicon", "ingest", "geo", "reconcile", "store"},
}


def _part(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imported_parts(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "tollwatch":  # "from tollwatch import store" imports a part too
                names.update(f"tollwatch.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n.split(".")[1] for n in names if n.startswith("tollwatch.")}


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _part(p) in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_architecture_imports_flow_one_way(path: Path) -> None:
    part = _part(path)
    wrong = _imported_parts(path) - ALLOWED[part]
    assert not wrong, f"{path.relative_to(PACKAGE)} ({part}) imports {sorted(wrong)} from above"


def test_architecture_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "bench"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_architecture_mypy_strict_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_architecture_tests_read_nothing_outside_the_repository() -> None:
    """The README's test command works on a fresh clone: no test reaches ../shared."""
    # the ways a test could reach the shared folder beside the checkout
    outside = re.compile(r"""\.\./shared|\.parent\s*/\s*["']shared["']|\]\s*/\s*["']shared["']"""
                         r"""|environ(?:\.get)?\(\s*["']TOLLWATCH_SHARED|environ\[["']TOLLWATCH_SHARED""")
    offenders = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in sorted((ROOT / "tests").rglob("*.py")) if path != Path(__file__)
        for m in outside.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


# Issue 15's bar for the rule-heavy parts: no function above cyclomatic complexity 20 (radon
# grade C) and no word list of more than 5 literals inside a function body (lists live in the
# lexicon). The functions below predate the bar; each entry may only shrink or go, and the test
# fails when one is fixed but still listed, so the list is always the honest size of the debt.
RULE_PARTS = ("extract", "geo")
MAX_COMPLEXITY = 20
COMPLEXITY_DEBT: dict[str, int] = {
}
LITERAL_LIST_DEBT: dict[str, int] = {
}


def _rule_modules() -> list[Path]:
    return sorted(p for part in RULE_PARTS for p in (PACKAGE / part).rglob("*.py"))


def _complexities() -> dict[str, int]:
    from radon.complexity import cc_visit

    out: dict[str, int] = {}
    for path in _rule_modules():
        rel = str(path.relative_to(PACKAGE))
        for block in cc_visit(path.read_text(encoding="utf-8")):
            for item in [block, *getattr(block, "closures", []), *getattr(block, "methods", [])]:
                out[f"{rel}:{item.name}"] = item.complexity
    return out


def _literal_lists() -> dict[str, int]:
    """function -> the longest list/tuple/set of string literals written inside its body."""
    out: dict[str, int] = {}
    for path in _rule_modules():
        rel = str(path.relative_to(PACKAGE))
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.List | ast.Tuple | ast.Set):
                    n = sum(isinstance(e, ast.Constant) and isinstance(e.value, str)
                            for e in node.elts)
                    if n > 5:
                        out[f"{rel}:{fn.name}"] = max(n, out.get(f"{rel}:{fn.name}", 0))
    return out


def _check_debt(found: dict[str, int], debt: dict[str, int], what: str) -> None:
    new = {k: v for k, v in found.items() if k not in debt}
    worse = {k: (debt[k], v) for k, v in found.items() if k in debt and v > debt[k]}
    paid = sorted(k for k in debt if k not in found)
    assert not new, f"{what} above the bar: {new}"
    assert not worse, f"{what} grew (listed, now): {worse}"
    assert not paid, f"fixed, take them off the debt list: {paid}"


def test_architecture_rule_functions_stay_simple() -> None:
    found = {k: v for k, v in _complexities().items() if v > MAX_COMPLEXITY}
    _check_debt(found, COMPLEXITY_DEBT, f"functions of complexity > {MAX_COMPLEXITY}")


def test_architecture_word_lists_live_in_the_lexicon() -> None:
    _check_debt(_literal_lists(), LITERAL_LIST_DEBT, "word lists of > 5 literals in a function")
