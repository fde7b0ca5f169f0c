"""What the app does to its own process before touching a vault (CLI and desktop alike).

A core dump of a process holding an unlocked vault would write the raw key and decrypted pages to
disk, so dumps are switched off. A password handed over in the environment (scripts use
CLIENTBOOK_PASSWORD) is taken out of it at once, so no child process inherits it and it is read
from one place only.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

SECRET_VARIABLES = ("CLIENTBOOK_PASSWORD", "CLIENTBOOK_NEW_PASSWORD", "CLIENTBOOK_BACKUP_PASSWORD")


def disable_core_dumps() -> bool:
    """RLIMIT_CORE 0 (soft and hard, so nothing later in the process raises it); False where unsupported."""
    try:
        import resource
    except ImportError:  # Windows: no core files; crash dumps are the OS's (WER) setting
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError) as exc:
        log.info("core dumps could not be disabled: %s", type(exc).__name__)
        return False
    return True


def take_secret_variables(names: tuple[str, ...] = SECRET_VARIABLES) -> dict[str, str]:
    """Remove these variables from the environment; their values, for the caller to keep."""
    return {name: value for name in names if (value := os.environ.pop(name, None)) is not None}


def harden_process() -> dict[str, str]:
    """Both of the above, first thing in `main`; returns the secrets taken from the environment."""
    disable_core_dumps()
    return take_secret_variables()
