"""No SQL under ui/: queries are core services, so the CLI, the window and later the office server share
one rule each (issue #13). An AST scan, so widget calls like `edit.text()` are not mistaken for SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import clientbook.ui

UI = Path(clientbook.ui.__file__).resolve().parent

# Files that may still hold SQL for a while, each with why (whoever moves it into core removes the entry).
ALLOWED: dict[str, str] = {}

SQL_TEXT = re.compile(r"\b(SELECT\b.*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                      r"CREATE\s+(TEMP\s+)?(TABLE|INDEX)|PRAGMA\s+\w+\s*[=(])", re.DOTALL)
QUERY_CALLS = {"execute", "exec_driver_sql", "executemany", "scalars", "query"}  # on any receiver
SESSION_CALLS = {"get", "scalar", "connection"}  # on something named like a session or connection
SESSION_NAMES = {"session", "s", "conn", "connection", "db"}
SQL_BUILDERS = {"select", "text", "insert", "update", "delete", "bindparam", "func"}
RAW_ATTRIBUTES = {"driver_connection", "dbapi_connection"}


def offences(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    builders: set[str] = set()  # names imported from sqlalchemy in this file
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            names = {a.asname or a.name for a in node.names}
            builders |= names
            if node.module != "sqlalchemy.orm" or names - {"Session"}:  # Session as a type is fine
                found.append((node.lineno, f"imports {node.module}"))
        elif isinstance(node, ast.Import) and any(a.name.split(".")[0] == "sqlalchemy" for a in node.names):
            found.append((node.lineno, "imports sqlalchemy"))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in builders & SQL_BUILDERS:
                found.append((node.lineno, f"{func.id}(…)"))
            elif isinstance(func, ast.Attribute):
                receiver = func.value.id if isinstance(func.value, ast.Name) else ""
                if func.attr in QUERY_CALLS or (func.attr in SESSION_CALLS and receiver in SESSION_NAMES):
                    found.append((node.lineno, f".{func.attr}(…)"))
        elif isinstance(node, ast.Attribute) and node.attr in RAW_ATTRIBUTES:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
            found.append((node.lineno, "SQL text"))
    return sorted(found)


def test_no_sql_under_ui() -> None:
    offenders = [f"{path.relative_to(UI)}:{line}: {what}"
                 for path in sorted(UI.rglob("*.py")) if str(path.relative_to(UI)) not in ALLOWED
                 for line, what in offences(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_allowlist_is_still_needed() -> None:
    """An entry whose file is clean again must go, so the list only shrinks."""
    clean = [name for name in ALLOWED if not offences((UI / name).read_text(encoding="utf-8"))]
    assert clean == []


def test_the_scan_sees_each_form_and_not_widget_calls() -> None:
    sample = '''
from sqlalchemy import select, text
from sqlalchemy.orm import Session
q = select(m.Client.id)
session.execute(text("x"))
row = session.get(m.Client, 1)
raw = conn.connection.driver_connection
sql = "SELECT id FROM clients WHERE archived = 1"
name = self.name_edit.text().strip()
ok = QMessageBox.question(self, "Select a file", "Update the list?")
'''
    assert [line for line, _ in offences(sample)] == [2, 4, 5, 5, 6, 7, 8]
