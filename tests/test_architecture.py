"""The package's shape: imports flow one way, and the code passes the linters CI relies on."""

from __future__ import annotations

import ast
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
