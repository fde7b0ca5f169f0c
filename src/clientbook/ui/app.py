"""Desktop entry point. The full main window is built in clientbook.ui.main_window."""

from __future__ import annotations

import sys


def main(data_dir: str | None = None) -> int:
    from clientbook.core.hardening import harden_process

    harden_process()  # no core dumps; the desktop app never reads a password from the environment
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        from clientbook.ui.i18n import current_ui_language
        from clientbook.ui.startup_checks import startup_problem

        problem = startup_problem(current_ui_language())
        if problem is not None:  # Qt would abort (missing X libraries) or crash later (broken binding)
            print(f"clientbook: {problem}", file=sys.stderr)
            return 3
    from clientbook.ui.main_window import run

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    return run(app, data_dir=data_dir)
