"""The shape of the code: no import cycle (type-only imports included), layers that only
point down, no module over 600 lines, and few long functions."""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from pathlib import Path

import pytest

import ftlint

# One worker parses the modules once for every test here (see _trees).
pytestmark = pytest.mark.xdist_group("architecture")

SRC = Path(ftlint.__file__).parent
MAX_MODULE_LINES = 600
LONG_FUNCTION = 60
# The hot loops, inlined on purpose (one call per line or per message costs measurably):
# the three functions over 60 lines that the shape target allows.
LONG_FUNCTIONS_ALLOWED = {
    "ftlint.engine.filecheck.FileCheck.run",
    "ftlint.rules.walk.walk",
    "ftlint.rules.walk._messages_walker",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        name = ".".join(("ftlint", *path.relative_to(SRC).with_suffix("").parts))
        found[name.removesuffix(".__init__")] = path
    return found


@functools.cache
def _trees() -> dict[str, ast.Module]:
    """Every module of ftlint, parsed once for the tests that read them (not to be changed)."""
    return {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in _modules().items()}


@functools.cache
def _edges() -> dict[str, set[str]]:
    """The imports of ftlint's modules, scanned once for the tests that read them."""
    return _imports(_modules())


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Every intra-package import, at any level: module, function or TYPE_CHECKING."""
    edges: dict[str, set[str]] = defaultdict(set)
    trees = _trees()
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(trees[name]):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            elif (node.module or "").startswith("ftlint"):
                base = node.module or ""
            else:
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                if target in modules and target != name:
                    edges[name].add(target)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_type_only_imports_included() -> None:
    edges = _edges()
    assert sum(map(len, edges.values())) > 100  # the scan sees the imports
    assert _cycles(edges) == []


def test_a_package_init_is_not_imported_back_by_its_own_modules() -> None:
    # `from . import X` inside a package names a sibling module, which the scan resolves;
    # a cycle through a package's __init__ would still show in the test above.
    edges = _edges()
    assert "ftlint.engine" in edges["ftlint.parallel"] or any(
        target.startswith("ftlint.engine") for target in edges["ftlint.parallel"]
    )


def test_layers_point_down() -> None:
    edges = _edges()
    # A rule never imports the engine, a driver or the face; the engine never imports a
    # driver, the face or a reporter; the schema never imports rules or the engine.
    forbidden = {
        "ftlint.rules": ("ftlint.engine", "ftlint.parallel", "ftlint.stats_run", "ftlint.cli"),
        "ftlint.engine": ("ftlint.parallel", "ftlint.stats_run", "ftlint.cli", "ftlint.reporters"),
        "ftlint.schema": ("ftlint.rules", "ftlint.engine"),
        "ftlint.reporters": ("ftlint.engine", "ftlint.parallel", "ftlint.cli"),
    }
    wrong = [
        (module, target)
        for module, targets in edges.items()
        for layer, banned in forbidden.items()
        if module.startswith(layer)
        for target in targets
        if any(target == b or target.startswith(b + ".") for b in banned)
    ]
    assert wrong == []


def test_no_module_over_600_lines() -> None:
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_functions_fit_on_a_screen() -> None:
    long = []
    for name, tree in _trees().items():
        method_of = {
            item: node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            for item in node.body
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LONG_FUNCTION:
                    owner = f"{method_of[node]}." if node in method_of else ""
                    long.append(f"{name}.{owner}{node.name}")
    assert sorted(set(long) - LONG_FUNCTIONS_ALLOWED) == []
