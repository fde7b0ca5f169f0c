"""Known errors classified once, for every front end: what the user can act on, and what is a bug.

`user_message(exc)` is the one-line message (ru/en, from the catalogue) for a failure a user can
understand — a KnownError, a full disk, an unreadable file, a database error seen by SQLite — and
None for anything else: a bug, which the front end logs with its traceback and reports with the
generic `Message("unexpected_error")` (`user_message_or_generic`, for windows). `cause(exc)` names the kind of an OS or SQLite failure ("disk_full",
"read_only", "missing", "busy", "damaged"), for code that words its own message (backups name the
folder). Only an exception's class and errno are used, never its text beyond SQLite's fixed words:
SQL text could carry personal data.
"""

from __future__ import annotations

import errno

import sqlalchemy.exc
import sqlcipher3.dbapi2 as sqlcipher

from clientbook.core.errors import KnownError
from clientbook.core.messages import Message, register

register({
    "database_error": {
        "ru": "Не удалось прочитать или записать базу ({detail}). Проверьте файл: «Проверить файл» в меню "
              "или clientbook check.",
        "en": "The vault could not be read or written ({detail}). Check it: “Check file” in the menu, "
              "or clientbook check.",
    },
    "file_error": {"ru": "Ошибка файла: {detail}", "en": "File error: {detail}"},
    "unexpected_error": {
        "ru": "Внутренняя ошибка программы; подробности записаны в журнал. Сохранённые данные не пострадали.",
        "en": "An internal error occurred; the details were written to the log. Saved data is not affected.",
    },
})

DISK_FULL, READ_ONLY, MISSING, BUSY, DAMAGED = "disk_full", "read_only", "missing", "busy", "damaged"
_ERRNO_CAUSES = {errno.ENOSPC: DISK_FULL, errno.EDQUOT: DISK_FULL, errno.EROFS: READ_ONLY,
                 errno.EACCES: READ_ONLY, errno.EPERM: READ_ONLY, errno.ENOENT: MISSING, errno.ENOTDIR: MISSING}


def _driver_error(exc: BaseException) -> BaseException | None:
    """The DB-API error itself, also when SQLAlchemy wraps it; None if `exc` is not a database error."""
    if isinstance(exc, sqlalchemy.exc.DatabaseError):
        return exc.orig if isinstance(exc.orig, BaseException) else exc
    return exc if isinstance(exc, sqlcipher.DatabaseError) else None


def is_damage(exc: BaseException | None) -> bool:
    """Whether a DB-API error means damaged pages (SQLITE_CORRUPT, SQLITE_NOTADB) rather than a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlcipher.DatabaseError) and isinstance(code, int) and (code & 0xFF) in (
        sqlcipher.SQLITE_CORRUPT, sqlcipher.SQLITE_NOTADB)


def is_database_error(exc: BaseException) -> bool:
    return _driver_error(exc) is not None


def cause(exc: BaseException) -> str | None:
    """What kind of OS or SQLite failure `exc` is, or None when it is not one of the known kinds."""
    if isinstance(exc, OSError):
        return _ERRNO_CAUSES.get(exc.errno or 0)
    driver = _driver_error(exc) or (exc if isinstance(exc, sqlcipher.Error) else None)
    if driver is None:
        return None
    if is_damage(driver):
        return DAMAGED
    text = str(driver).lower()
    if "full" in text:
        return DISK_FULL
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return READ_ONLY
    if "locked" in text or "busy" in text:
        return BUSY
    return None


def user_message(exc: BaseException) -> Message | None:
    """The message a front end shows for a known failure; None for a bug."""
    if isinstance(exc, KnownError):
        return exc.message
    if isinstance(exc, OSError):
        if cause(exc) == DISK_FULL:
            return Message("disk_full")
        detail = f"{exc.strerror or type(exc).__name__}: {exc.filename or ''}".strip().rstrip(":")
        return Message("file_error", {"detail": detail})
    driver = _driver_error(exc)
    if driver is not None:
        if cause(exc) == DISK_FULL:
            return Message("disk_full")
        return Message("database_error", {"detail": type(driver).__name__})
    return None


def user_message_or_generic(exc: BaseException) -> Message:
    """What a window shows for any failure: the known message, else the generic one (log the bug)."""
    return user_message(exc) or Message("unexpected_error")
