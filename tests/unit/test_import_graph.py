"""No import circle in clientbook (issue 13): a circle means two modules that cannot be understood,
tested or loaded one without the other, and it was dodged by imports hidden inside functions.

The graph is read from the source with `ast`: module-level and function-level imports both count;
only imports under `if TYPE_CHECKING:` do not (they never run: annotations are strings here).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import clientbook

ROOT = Path(clientbook.__file__).resolve().parent
PACKAGE = "clientbook"

def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py")) if "migrations" not in p.relative_to(ROOT).parts}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for other in node.orelse:
                yield from _import_nodes(ast.Module(body=[other], type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _import_nodes(node)


def _targets(node: ast.Import | ast.ImportFrom, here: str, is_package: bool, known: set[str]) -> set[str]:
    """The clientbook modules one import statement names: `from clientbook.core import backup` names
    the submodule only (as grimp / import-linter count it; parent packages' own imports are theirs)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
        return {n for n in names if n in known}
    if node.level:
        base = here.split(".") if is_package else here.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    subs = {f"{module}.{alias.name}" for alias in node.names}
    found = subs & known
    if module in known and subs - known:  # some name is defined in the module (or package) itself
        found.add(module)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges: set[str] = set()
        for node in _import_nodes(tree):
            edges |= _targets(node, name, path.name == "__init__.py", known)
        graph[name] = edges - {name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected sets of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                member: set[str] = set()
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    member.add(top)
                    if top == node:
                        break
                if len(member) > 1:
                    found.append(frozenset(member))
    return found


def test_the_graph_sees_module_and_function_level_imports() -> None:
    graph = import_graph()
    assert "clientbook.core.cipher" in graph["clientbook.core.vault"]  # module level
    assert "clientbook.core.opening" in graph["clientbook.cli.common"]  # inside a function
    assert "clientbook.core.vault" not in graph["clientbook.core.migrate"]  # only under TYPE_CHECKING


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [frozenset({"a", "b", "c"})]


def test_no_import_circle_in_core_cli_or_ui() -> None:
    found = [sorted(c) for c in circles(import_graph())]
    assert found == [], "import circles (break them; see the module docstring): " + "; ".join(
        " ↔ ".join(c) for c in found)
