"""Where Clientbook keeps its files, with the override that tests and portable installs use."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "Clientbook"
# The reverse-DNS id the Linux .desktop entry, AppStream metainfo and icons are installed under.
APP_ID = "org.clientbook.Clientbook"
VAULT_FILE_NAME = "clientbook.db"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir`, else CLIENTBOOK_DATA_DIR, else the platform's per-user data folder."""
    chosen = override or os.environ.get("CLIENTBOOK_DATA_DIR")
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path


def private_dir(folder: Path) -> Path:
    """Create `folder` owner-only (0700) if missing; the app's own data folder is made so even if it
    exists. A folder the user chose for a vault elsewhere keeps its mode (its files are 0600)."""
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and (created or _same(folder, data_dir())):
        with contextlib.suppress(OSError):  # read-only media, or not ours: the vault's files are 0600 anyway
            os.chmod(folder, 0o700)
    return folder


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def default_vault_path(override: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(override) / VAULT_FILE_NAME


def default_backup_dir(vault_path: Path) -> Path:
    """Backups sit beside the vault in `backups/`, so moving the folder moves both."""
    return vault_path.parent / "backups"


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    chosen = override or os.environ.get("CLIENTBOOK_DATA_DIR")
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
