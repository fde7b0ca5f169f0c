"""Per-user desktop preferences (language, auto-lock, columns, window geometry) in an INI file.

An explicit INI path under `config_dir()` instead of `QSettings()`'s platform default (registry,
~/.config/...), so `--data-dir` / CLIENTBOOK_DATA_DIR also isolate preferences: tests never read
or write the real user's settings. No personal data is ever stored here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from clientbook.core.paths import config_dir, private_dir

AUTO_LOCK_MINUTES = "security/auto_lock_minutes"
LANGUAGE = "ui/language"
DEFAULT_REGION = "data/default_region"
LAST_VAULT = "vault/last_path"
DEFAULT_AUTO_LOCK = 10


# Folders made owner-only in this process. Making sure of it at every read (mkdir, chmod, two resolves)
# cost 0.5 ms a preference: the Today panel reads the language per cell, 0.2 s at its first paint.
_made: set[Path] = set()


def app_settings() -> QSettings:
    folder = config_dir()
    if folder not in _made:
        private_dir(folder)
        _made.add(folder)
    return QSettings(str(folder / "clientbook-desktop.ini"), QSettings.Format.IniFormat)


def get(key: str, default: Any = None) -> Any:
    return app_settings().value(key, default)


def put(key: str, value: Any) -> None:
    settings = app_settings()
    settings.setValue(key, value)
    settings.sync()


def auto_lock_minutes() -> int:
    try:
        return max(0, int(get(AUTO_LOCK_MINUTES, DEFAULT_AUTO_LOCK)))
    except (TypeError, ValueError):
        return DEFAULT_AUTO_LOCK


def default_region() -> str:
    return str(get(DEFAULT_REGION, "RU") or "RU")
