"""The core never imports Qt (STYLE: Anki's split, checked like qutebrowser's misc_checks)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import clientbook.core

CORE = Path(clientbook.core.__file__).resolve().parent
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def _core_modules() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        if "migrations" in path.relative_to(CORE).parts:  # Alembic scripts run only inside a migration
            continue
        parts = path.relative_to(CORE.parent.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def test_no_core_source_imports_qt() -> None:
    offenders = [
        f"{path.relative_to(CORE.parent)}:{line} imports {name}"
        for path in sorted(CORE.rglob("*.py"))
        for line, name in _imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = _core_modules()
    assert "clientbook.core.vault" in modules and len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", f"Qt loaded by the core: {done.stdout.strip()}"


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """The AST scan really sees the import forms a core module could use."""
    sample = tmp_path / "sample.py"
    sample.write_text("import PySide6.QtCore\nfrom PySide6 import QtWidgets\n"
                      "import importlib\nimportlib.import_module('PySide6.QtGui')\n", encoding="utf-8")
    assert [name for _, name in _imports(sample)] == ["PySide6.QtCore", "PySide6", "importlib", "PySide6.QtGui"]
