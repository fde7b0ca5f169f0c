"""Loading the UI translations and switching language at run time.

Every `resources/i18n/*_<lang>.qm` is loaded (each feature ships its own .ts/.qm pair) plus Qt's
own qtbase catalogue (standard buttons, dialogs). Installing or removing a translator makes Qt send
`QEvent.LanguageChange` to every widget; our widgets answer it in `changeEvent` by calling their
`retranslateUi()`. The core's messages follow through CLIENTBOOK_LANG (see core.messages).
"""

from __future__ import annotations

import locale
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from clientbook.ui import preferences

LANGUAGES = ("ru", "en")
_installed: list[QTranslator] = []


def resources_dir() -> Path:
    """`resources/` beside the repository (editable install), in the package, or in a bundle."""
    package_dir = Path(__file__).resolve().parents[1]
    candidates = [package_dir / "resources", package_dir.parents[1] / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for candidate in candidates:
        if (candidate / "i18n").is_dir():
            return candidate
    return candidates[-1]


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def system_language() -> str:
    name = QLocale.system().name() or (locale.getlocale()[0] or "")
    return "ru" if name.lower().startswith("ru") else "en"


def current_ui_language() -> str:
    """The chosen language (Settings), else CLIENTBOOK_LANG, else the system's: Russian if Russian."""
    chosen = str(preferences.get(preferences.LANGUAGE, "") or "")
    if chosen in LANGUAGES:
        return chosen
    env = (os.environ.get("CLIENTBOOK_LANG") or "").lower()[:2]
    if env in LANGUAGES:
        return env
    return system_language()


def set_ui_language(lang: str) -> None:
    """Remember the choice and switch the running application to it."""
    preferences.put(preferences.LANGUAGE, lang)
    app = QCoreApplication.instance()
    if app is not None:
        install_translators(app, lang)


def install_translators(app: QCoreApplication, lang: str) -> list[str]:
    """Replace the installed translators with those for `lang`; returns the files loaded."""
    lang = lang if lang in LANGUAGES else "en"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    os.environ["CLIENTBOOK_LANG"] = lang  # core messages (KnownError texts) follow the UI
    QLocale.setDefault(QLocale(QLocale.Language.Russian if lang == "ru" else QLocale.Language.English))
    loaded: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if lang != "en" and qt_translator.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
        loaded.append(f"qtbase_{lang}")
    folder = i18n_dir()
    if folder.is_dir():
        for qm in sorted(folder.glob(f"*_{lang}.qm")):
            translator = QTranslator(app)
            if translator.load(str(qm)):
                app.installTranslator(translator)
                _installed.append(translator)
                loaded.append(qm.name)
    return loaded


def language_name(lang: str) -> str:
    """Each language is named in itself, so a user who cannot read the current one finds theirs."""
    return {"ru": "Русский", "en": "English"}.get(lang, lang)
