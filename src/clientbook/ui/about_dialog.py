"""Help ▸ About: the version and where this installation keeps its files, with "Open data folder".

A user asked to send a backup or to move the base to a new computer needs these paths; they are
selectable so they can be copied. Nothing here reads client data.
"""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QEvent, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clientbook import __version__
from clientbook.core import paths
from clientbook.core.vault import Vault


def backups_folder(vault: Vault | None, vault_path: Path) -> Path:
    """The open vault's chosen backup folder, else the default one beside the vault file."""
    if vault is not None:
        from clientbook.core import backup

        return backup.load_settings(vault).main_folder(vault.path)
    return paths.default_backup_dir(vault_path)


class AboutDialog(QDialog):
    def __init__(self, vault_path: Path, backups: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_folder = paths.data_dir()
        self.vault_path = vault_path
        self.backups = backups
        self.setMinimumWidth(560)

        self.icon = QLabel()
        self.icon.setPixmap(QApplication.windowIcon().pixmap(64, 64))
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.tagline = QLabel()
        self.tagline.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.tagline)
        top.addLayout(titles, 1)

        self.form = QFormLayout()
        self.data_value = self._path_label(self.data_folder)
        self.vault_value = self._path_label(vault_path)
        self.backups_value = self._path_label(backups)
        self.versions_value = QLabel(f"Python {platform.python_version()}, PySide6 {pyside_version}, Qt {qVersion()}")
        self.row_labels = [QLabel() for _ in range(4)]
        for label, value in zip(self.row_labels, (self.data_value, self.vault_value, self.backups_value,
                                                  self.versions_value), strict=True):
            self.form.addRow(label, value)

        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(self.open_data_folder)
        self.open_folder.setEnabled(self.data_folder.is_dir())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    @staticmethod
    def _path_label(path: Path) -> QLabel:
        label = QLabel(str(path))
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("About Clientbook"))
        self.heading.setText(self.tr("Clientbook %1").replace("%1", __version__))
        self.tagline.setText(self.tr("Your client base in one encrypted file on this computer."))
        texts = (self.tr("Data folder:"), self.tr("Vault:"), self.tr("Backups:"), self.tr("Built with:"))
        for label, text in zip(self.row_labels, texts, strict=True):
            label.setText(text)
        self.open_folder.setText(self.tr("Open data folder"))
        self.open_folder.setToolTip("" if self.data_folder.is_dir() else self.tr("The folder does not exist yet."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))


def show_about(window: QWidget) -> AboutDialog:
    """Open the dialog over the main window (not blocking it); `window` has `vault` and `vault_path`."""
    vault = getattr(window, "vault", None)
    vault_path = Path(getattr(window, "vault_path", paths.default_vault_path()))
    dialog = AboutDialog(vault_path, backups_folder(vault, vault_path), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
