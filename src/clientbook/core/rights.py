"""Roles and rights (#15): what each role may do, and the one check every core write service makes.

Kept apart from clientbook.core.users (keyslots, re-keys, backups of a removal) because settings,
backups and every service ask `require`, while users itself needs those: one small module at the
bottom of the graph instead of a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from clientbook.core.errors import KnownError
from clientbook.core.messages import register

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

ROLES = ("owner", "manager", "read_only")
PERMISSIONS = ("edit", "export", "import", "merge", "restore", "users", "see_sensitive")
DEFAULT_MANAGER = frozenset({"edit", "export", "import", "merge"})
# what the owner may give a manager: user management stays the owner's
MANAGER_CHOOSABLE = frozenset(PERMISSIONS) - {"users"}

register({
    "not_permitted": {
        "ru": "Недостаточно прав: пользователь «{user}» ({role[ru]}) не может {action[ru]}.",
        "en": "Not permitted: the user “{user}” ({role[en]}) may not {action[en]}.",
    },
})

# what `not_permitted` says each permission allows, in the sentence "may not {action}"
ACTIONS: dict[str, dict[str, str]] = {
    "edit": {"ru": "изменять данные", "en": "change data"},
    "export": {"ru": "выгружать данные", "en": "export data"},
    "import": {"ru": "загружать данные из файлов", "en": "import data from files"},
    "merge": {"ru": "объединять карточки", "en": "merge cards"},
    "restore": {"ru": "восстанавливать из резервной копии", "en": "restore from a backup"},
    "users": {"ru": "управлять пользователями", "en": "manage users"},
    "see_sensitive": {"ru": "видеть закрытые поля", "en": "see sensitive fields"},
}
ROLE_NAMES: dict[str, dict[str, str]] = {
    "owner": {"ru": "владелец", "en": "owner"},
    "manager": {"ru": "менеджер", "en": "manager"},
    "read_only": {"ru": "только чтение", "en": "read-only"},
}


@dataclass(frozen=True)
class CurrentUser:
    name: str
    role: str
    permissions: frozenset[str]

    def can(self, perm: str) -> bool:
        return perm in self.permissions

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


def permissions_of(role: str, stored: list[Any] | None) -> frozenset[str]:
    if role == "owner":
        return frozenset(PERMISSIONS)
    if role == "read_only":
        return frozenset()
    if stored is None:
        return DEFAULT_MANAGER
    return frozenset(str(p) for p in stored) & MANAGER_CHOOSABLE


def owner(name: str) -> CurrentUser:
    return CurrentUser(name, "owner", frozenset(PERMISSIONS))


def user_of(obj: Session | Vault) -> CurrentUser | None:
    if isinstance(obj, Session):
        user = obj.info.get("user")
        return user if isinstance(user, CurrentUser) else None
    return obj.user


def refusal(user: CurrentUser, perm: str) -> KnownError:
    role = ROLE_NAMES.get(user.role, {"ru": user.role, "en": user.role})
    return KnownError("not_permitted", user=user.name, role=role, action=ACTIONS[perm])


def require(obj: Session | Vault, perm: str) -> None:
    """Refuse (KnownError "not_permitted") unless the session's or vault's user has `perm`.

    A session made outside `Vault.session` (a backup read for restore) carries no user: it is the
    program's own work, not a user's, and is let be."""
    if perm not in PERMISSIONS:
        raise ValueError(perm)
    user = user_of(obj)
    if user is not None and not user.can(perm):
        raise refusal(user, perm)


@event.listens_for(Session, "before_flush")
def _refuse_unpermitted_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    user = session.info.get("user")
    if isinstance(user, CurrentUser) and not user.can("edit") and (session.new or session.dirty or session.deleted):
        raise refusal(user, "edit")
