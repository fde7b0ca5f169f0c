"""The app's identity: its icon on every window and Help ▸ About with the version and the paths."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog

from clientbook import __version__
from clientbook.core import backup
from clientbook.core.paths import APP_ID
from clientbook.ui import i18n
from clientbook.ui.about_dialog import AboutDialog
from clientbook.ui.app_identity import apply_identity, icons_dir
from clientbook.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class UrlCatcher(QObject):
    """Receives what QDesktopServices would hand to the file manager."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def window(qtbot, vault, qapp):
    apply_identity(qapp)
    win = MainWindow(vault.path)
    win.auto_backups = False
    qtbot.addWidget(win)
    win.adopt_vault(vault)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.model.is_loaded)  # the list reads on a worker
    yield win
    win.lock()
    i18n.install_translators(QApplication.instance(), "en")


def _about(qtbot, win) -> AboutDialog:
    win.act_about.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in win.findChildren(AboutDialog)), timeout=3000)
    return next(d for d in win.findChildren(AboutDialog) if d.isVisible())


def test_every_window_has_the_application_icon_in_all_sizes(qapp, window):
    icon = qapp.windowIcon()
    sizes = sorted(s.width() for s in icon.availableSizes())
    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]
    assert qapp.desktopFileName() == APP_ID and qapp.applicationVersion() == __version__
    dialog = QDialog(window)  # any later window, as a card or a tool window would be
    for widget in (window, dialog):
        assert not widget.windowIcon().isNull()
        assert widget.windowIcon().cacheKey() == icon.cacheKey()
    image = icon.pixmap(48, 48).toImage()
    assert image.pixelColor(24, 4).alpha() == 255 and image.pixelColor(0, 0).alpha() == 0  # the tile, rounded


def test_about_shows_version_and_the_paths_of_data_vault_and_backups(qtbot, window, vault, tmp_path):
    chosen = tmp_path / "usb-backups"
    chosen.mkdir()
    settings = backup.load_settings(vault)
    settings.folder = str(chosen)
    backup.save_settings(vault, settings)
    dialog = _about(qtbot, window)
    assert dialog.heading.text() == f"Clientbook {__version__}"
    assert dialog.vault_value.text() == str(vault.path)
    assert dialog.backups_value.text() == str(chosen)  # the folder the user chose, not the default
    assert dialog.data_value.text() == str(tmp_path / "data")  # CLIENTBOOK_DATA_DIR of the test
    assert not dialog.icon.pixmap().isNull()
    dialog.close()


def test_open_data_folder_hands_the_folder_to_the_file_manager(qtbot, window, tmp_path):
    (tmp_path / "data").mkdir(exist_ok=True)
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        dialog = _about(qtbot, window)
        assert dialog.open_folder.isEnabled()
        dialog.open_folder.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in catcher.urls] == [str(tmp_path / "data")]


def test_open_data_folder_is_disabled_while_the_folder_does_not_exist(qtbot, qapp, tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("CLIENTBOOK_DATA_DIR", str(missing))
    dialog = AboutDialog(missing / "clientbook.db", missing / "backups")
    qtbot.addWidget(dialog)
    assert dialog.data_value.text() == str(missing)
    assert not dialog.open_folder.isEnabled() and dialog.open_folder.toolTip()
    assert not missing.exists()  # showing the paths creates nothing


def test_about_in_russian(qtbot, window):
    i18n.install_translators(QApplication.instance(), "ru")
    dialog = _about(qtbot, window)
    assert dialog.windowTitle() == "О программе Clientbook"
    assert dialog.open_folder.text() == "Открыть папку данных"
    labels = [label.text() for label in dialog.row_labels]
    assert labels == ["Папка данных:", "База:", "Резервные копии:", "Собрано с:"]


def test_icons_folder_has_the_svg_and_every_png_size():
    assert (icons_dir() / "clientbook.svg").is_file()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (icons_dir() / f"clientbook-{size}.png").is_file()


def test_committed_pngs_are_rendered_from_the_current_svg(qapp):
    """Editing clientbook.svg without running installer/make_icons.py fails here."""
    import importlib.util

    from PySide6.QtGui import QImage

    path = icons_dir().parents[1] / "installer" / "make_icons.py"
    spec = importlib.util.spec_from_file_location("make_icons", path)
    assert spec and spec.loader
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    for size in (16, 64, 256):
        fresh = QImage.fromData(make_icons.render_png(make_icons.SVG, size))
        committed = QImage(str(icons_dir() / f"clientbook-{size}.png"))
        assert fresh.size() == committed.size()
        worst = max(abs(fresh.pixelColor(x, y).value() - committed.pixelColor(x, y).value())
                    + abs(fresh.pixelColor(x, y).alpha() - committed.pixelColor(x, y).alpha())
                    for x in range(0, size, max(1, size // 32)) for y in range(0, size, max(1, size // 32)))
        assert worst <= 16, size
