"""What the unlocked user may do, for greying out what they may not (#15.2).

The core refuses every write a role does not allow (clientbook.core.rights.require); the window only
says so earlier: a button or menu entry the user may not use is disabled, and its tooltip is the
core's own refusal ("Not permitted: the user “Ира” (read-only) may not change data"), so the reason
reads the same in the window, the CLI and a refused call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from clientbook.ui.i18n import current_ui_language

if TYPE_CHECKING:
    from clientbook.core.vault import Vault


def refusal_text(vault: Vault | None, perm: str) -> str | None:
    """Why the vault's user may not do `perm` (None: they may, or no vault is open)."""
    if vault is None or vault.closed:
        return None
    from clientbook.core import rights  # with a vault open: the database modules are loaded already

    user = vault.user
    if user.can(perm):
        return None
    return rights.refusal(user, perm).text(current_ui_language())


def may(vault: Vault | None, perm: str) -> bool:
    return refusal_text(vault, perm) is None


def guard(target: QWidget | QAction, vault: Vault | None, perm: str, enabled: bool = True) -> bool:
    """Enable `target` when `enabled` and the user may `perm`; else disable it, the tooltip saying why
    (the tooltip `target` had is kept in its "why" property's place while allowed)."""
    why = refusal_text(vault, perm)
    own = target.property("own_tooltip")
    if own is None:
        own = target.toolTip()
        target.setProperty("own_tooltip", own)
    target.setEnabled(enabled and why is None)
    target.setToolTip(why if why is not None else str(own))
    return why is None
