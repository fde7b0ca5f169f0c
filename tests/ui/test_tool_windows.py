"""Tool windows open as a user expects: own title, a readable size centred on the main window, and
the size and place the user gave them the next time."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from clientbook.ui import i18n
from clientbook.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TOOLS = ["HistoryWindow", "Dashboard", "DuplicatesPage", "BackupsPage", "SegmentBuilder", "QualityPage",
          "CustomFieldsPage", "ExportDialog", "ImportWizard"]


@pytest.fixture
def window(qtbot, vault):  # type: ignore[no-untyped-def]
    main = MainWindow(vault.path)
    qtbot.addWidget(main)
    main.setGeometry(100, 80, 1400, 900)
    main.show()
    qtbot.waitExposed(main)
    main.adopt_vault(vault)
    qtbot.waitUntil(lambda: main.model.is_loaded)  # the list reads on a worker
    yield main
    main.lock()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_each_tool_window_has_its_own_title_and_opens_centred(qtbot, window, lang):  # type: ignore[no-untyped-def]
    i18n.install_translators(QApplication.instance(), lang)
    try:
        titles = set()
        for name in TOOLS:
            tool = window.open_tool(name)
            assert tool is not None, name
            qtbot.waitExposed(tool)
            title = tool.windowTitle()
            assert title.endswith(" — Clientbook") and title != "Clientbook" and title not in titles, (name, title)
            titles.add(title)
            assert tool.width() >= 640 and tool.height() >= 420, (name, tool.size())
            centre, main_centre = tool.frameGeometry().center(), window.frameGeometry().center()
            assert abs(centre.x() - main_centre.x()) <= 20, name
            tool.close()
        if lang == "ru":
            assert "Дубликаты — Clientbook" in titles and "Резервные копии — Clientbook" in titles
    finally:
        i18n.install_translators(QApplication.instance(), "en")


def test_a_moved_and_resized_tool_window_reopens_where_it_was_left(qtbot, window):  # type: ignore[no-untyped-def]
    for name in TOOLS[:3]:
        tool = window.open_tool(name)
        qtbot.waitExposed(tool)
        tool.setGeometry(150, 120, 1077, 655)
        left = (tool.x(), tool.y(), tool.width(), tool.height())
        tool.close()
        QApplication.processEvents()
        again = window.open_tool(name)
        qtbot.waitExposed(again)
        assert (again.x(), again.y(), again.width(), again.height()) == left, name
        again.close()
