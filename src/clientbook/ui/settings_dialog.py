"""Settings: interface language, auto-lock minutes, default country for phone numbers; and for the
owner of an open vault, its Users (ui.users_page; nobody else sees that tab).

Language switches at once (translators are swapped and every widget retranslates itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import phonenumbers
from PySide6.QtCore import QEvent, QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clientbook.ui import preferences
from clientbook.ui.i18n import LANGUAGES, current_ui_language, language_name, set_ui_language

if TYPE_CHECKING:
    from clientbook.core.vault import Vault
    from clientbook.ui.users_page import UsersPage

COMMON_REGIONS = ("RU", "BY", "KZ", "UA", "UZ", "KG", "AM", "GE", "AZ", "MD", "TJ", "TM", "LV", "LT", "EE",
                  "DE", "US", "GB")


def region_name(code: str) -> str:
    territory = QLocale.codeToTerritory(code)
    name = QLocale.territoryToString(territory) if territory != QLocale.Country.AnyCountry else code
    return f"{name} ({code})"


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, vault: Vault | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(language_name(lang), lang)
        self.language.setCurrentIndex(max(0, self.language.findData(current_ui_language())))
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setValue(preferences.auto_lock_minutes())
        self.region = QComboBox()
        others = sorted(r for r in phonenumbers.SUPPORTED_REGIONS if r not in COMMON_REGIONS)
        for code in (*COMMON_REGIONS, *others):
            self.region.addItem(region_name(code), code)
        self.region.setCurrentIndex(max(0, self.region.findData(preferences.default_region())))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.general = QWidget()
        self.form = QFormLayout(self.general)
        self.form_labels = [QLabel() for _ in range(3)]
        for label, field in zip(self.form_labels, (self.language, self.auto_lock, self.region), strict=True):
            self.form.addRow(label, field)
        self.form.addRow(self.hint)
        layout = QVBoxLayout(self)
        self.tabs: QTabWidget | None = None
        self.users_page: UsersPage | None = None
        if vault is not None and not vault.closed and vault.user.is_owner:
            from clientbook.ui.users_page import UsersPage  # deferred: only the owner's dialog has it

            self.users_page = UsersPage(vault)
            self.tabs = QTabWidget()
            self.tabs.addTab(self.general, "")
            self.tabs.addTab(self.users_page, "")
            layout.addWidget(self.tabs, 1)
            self.setMinimumWidth(640)
        else:
            layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        if self.tabs is not None:
            self.tabs.setTabText(0, self.tr("General"))
            self.tabs.setTabText(1, self.tr("Users"))
        labels = (self.tr("Language:"), self.tr("Lock after idle:"), self.tr("Default country for phones:"))
        for label, text in zip(self.form_labels, labels, strict=True):
            label.setText(text)
        names = self.common_region_names()
        for index in range(self.region.count()):
            code = self.region.itemData(index)
            self.region.setItemText(index, f"{names[code]} ({code})" if code in names else region_name(code))
        self.auto_lock.setSuffix(self.tr(" min"))
        self.auto_lock.setSpecialValueText(self.tr("never"))
        self.hint.setText(self.tr("Phone numbers written without a country code are read as numbers of "
                                  "the default country."))

    def common_region_names(self) -> dict[str, str]:
        """The countries Clientbook's users mostly call, named in the interface language."""
        return {
            "RU": self.tr("Russia"), "BY": self.tr("Belarus"), "KZ": self.tr("Kazakhstan"),
            "UA": self.tr("Ukraine"), "UZ": self.tr("Uzbekistan"), "KG": self.tr("Kyrgyzstan"),
            "AM": self.tr("Armenia"), "GE": self.tr("Georgia"), "AZ": self.tr("Azerbaijan"),
            "MD": self.tr("Moldova"), "TJ": self.tr("Tajikistan"), "TM": self.tr("Turkmenistan"),
            "LV": self.tr("Latvia"), "LT": self.tr("Lithuania"), "EE": self.tr("Estonia"),
            "DE": self.tr("Germany"), "US": self.tr("United States"), "GB": self.tr("United Kingdom"),
        }

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def apply(self) -> None:
        preferences.put(preferences.AUTO_LOCK_MINUTES, self.auto_lock.value())
        preferences.put(preferences.DEFAULT_REGION, self.region.currentData())
        lang = self.language.currentData()
        if lang != current_ui_language():
            set_ui_language(lang)
        else:
            preferences.put(preferences.LANGUAGE, lang)
        self.accept()
