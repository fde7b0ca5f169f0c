"""Writing export files safely: formula injection neutralized, owner-only, atomic.

Formula injection (SPEC §9, §17 check 13): a text cell starting with ``= + - @``, tab, CR or LF could
run as a formula when the file is opened or a cell is re-entered in Excel/LibreOffice.

- xlsx: such a cell is written as an explicit *text* cell with Excel's "quote prefix" style, the
  hidden apostrophe a user gets by typing ``'=…``. The value is kept unchanged (it reloads as the same
  string, never as a formula) and Excel does not evaluate it even when the cell is edited.
- csv: there are no cell types, so the text gets a leading apostrophe (OWASP's advice).

Phones are the one exception, and only in phone columns: a canonical E.164 number (``+`` then digits,
e.g. ``+79161234567``) cannot be a formula — at worst a spreadsheet reads it as a number — and SMS
services expect exactly this form, so it is written as is: a text cell in xlsx, plain ``+7…`` in csv.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from clientbook.core.errors import DiskFull, KnownError
from clientbook.core.messages import Message, register

register({
    "export_not_written": {
        "ru": "Файл «{name}» не записан: {detail}. Ничего не сохранено; прежний файл с этим именем, если он был, "
              "не изменён.",
        "en": "The file “{name}” could not be written: {detail}. Nothing was saved; the previous file of that "
              "name, if any, is unchanged.",
    },
    "export_reason_too_large": {"ru": "файл больше, чем допускает диск или ограничение размера",
                                "en": "the file is larger than the disk or a size limit allows"},
    "export_reason_read_only": {"ru": "в эту папку нельзя записывать", "en": "the folder cannot be written to"},
})
_REASONS = {errno.EFBIG: "export_reason_too_large", errno.EROFS: "export_reason_read_only",
            errno.EACCES: "export_reason_read_only", errno.EPERM: "export_reason_read_only"}

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
E164_PHONE = re.compile(r"^\+[1-9]\d{6,14}( (доб|ext)\. \d{1,10})?$")
_ONE = r"\+[1-9]\d{6,14}(?: (?:доб|ext)\. \d{1,10})?"
_E164_PHONES = re.compile(rf"{_ONE}(?:; {_ONE})*")  # one match per cell, not one per phone (2 per row at 100k)


def is_dangerous(text: str) -> bool:
    return text.startswith(TRIGGERS)


def is_safe_phone(text: str) -> bool:
    """One E.164 phone, or several joined by "; " (the "all phones" column)."""
    return _E164_PHONES.fullmatch(text) is not None


def neutralize_csv(text: str) -> str:
    """The csv form of a text cell: a leading apostrophe if it could start a formula."""
    return "'" + text if is_dangerous(text) else text


def _private_temp(target: Path, suffix: str) -> Path:
    for _ in range(100):
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}{suffix}")
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        if os.name == "posix":
            os.chmod(candidate, stat.S_IRUSR | stat.S_IWUSR)
        return candidate
    raise FileExistsError(target)


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield an owner-only temp path beside `target`; on success it is fsynced and renamed over it.

    On any error the temp file is removed and the target left as it was; a full disk is reported as
    DiskFull.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _private_temp(target, ".tmp")
    try:
        yield temp
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.name == "posix":
            os.chmod(temp, stat.S_IRUSR | stat.S_IWUSR)
        os.replace(temp, target)
        if os.name == "posix":
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull() from exc
        if isinstance(exc, OSError):  # EFBIG (FAT32, a size limit), EIO, EROFS…: named, with the target
            reason = _REASONS.get(exc.errno or 0)
            detail = Message(reason).text() if reason else (exc.strerror or type(exc).__name__)
            raise KnownError("export_not_written", name=target.name, detail=detail) from exc
        raise
