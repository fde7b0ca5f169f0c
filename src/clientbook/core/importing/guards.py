"""Checks a file must pass BEFORE any parser sees it (SPEC §16, §17 check 14).

A workbook is a zip of XML parts (xlsx, xlsm, xlsb, ods) or an OLE2 compound file (xls, and
password-protected xlsx, which Office stores as an OLE2 "EncryptedPackage"). The zip central
directory tells the declared sizes without unpacking anything, so zip bombs and absurd declared
sizes are refused in bounded time and memory; XML parts are checked for DOCTYPE/ENTITY declarations
(billion laughs) by reading only their prolog.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from clientbook.core.errors import KnownError
from clientbook.core.importing import messages as _messages  # noqa: F401  (registers the catalogue)

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".ods", ".xls"}
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}

MAX_UNCOMPRESSED = 4 * 1024**3  # a 1,000,000-row, 15-column sheet unpacks to well under 1 GB
MAX_RATIO = 200  # ordinary sheets compress 5–30×, repetitive ones up to ~100×; bombs reach 1000×
RATIO_MIN_SIZE = 10 * 1024**2  # small parts may compress extremely well and are harmless
MAX_ENTRIES = 10_000
MAX_PROLOG = 64 * 1024
_ENTITY = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_DATE1904 = re.compile(rb"date1904\s*=\s*[\"'](?:1|true)[\"']", re.IGNORECASE)


@dataclass(frozen=True)
class FileKind:
    """What the file really is, whatever its extension says."""

    format: str  # xlsx, xlsb, ods, xls, csv
    date1904: bool = False


def fail(code: str, path: Path, **params: object) -> KnownError:
    return KnownError(code, name=path.name, **params)


def inspect_file(path: Path) -> FileKind:
    """Refuse a missing, empty, hostile, encrypted, corrupt or non-spreadsheet file; else its kind."""
    if not path.is_file():
        raise fail("import_missing", path)
    size = path.stat().st_size
    if size == 0:
        raise fail("import_empty", path)
    ext = path.suffix.lower()
    if ext not in WORKBOOK_EXTENSIONS | TEXT_EXTENSIONS:
        raise fail("import_unsupported", path)
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(ZIP_MAGIC):
        return _inspect_zip(path, size)
    if head == OLE2_MAGIC:
        return _inspect_ole2(path)
    if ext in WORKBOOK_EXTENSIONS:
        raise fail("import_not_spreadsheet", path)
    _check_text(path)
    return FileKind("csv")


def _inspect_ole2(path: Path) -> FileKind:
    # Office writes an encrypted xlsx as an OLE2 file with streams "EncryptionInfo" and
    # "EncryptedPackage"; their names are in the directory sectors in UTF-16LE.
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as fh:
        tail = b""
        while chunk := fh.read(1024 * 1024):
            if marker in tail + chunk:
                raise fail("import_password", path)
            tail = chunk[-len(marker):]
    return FileKind("xls")


def _inspect_zip(path: Path, size: int) -> FileKind:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise fail("import_zip_bomb", path)
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED or sum(i.compress_size for i in infos) > size:
                raise fail("import_zip_bomb", path)
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_MIN_SIZE and ratio > MAX_RATIO:
                    raise fail("import_zip_bomb", path)
            names = {i.filename for i in infos}
            if "xl/workbook.xml" in names:
                kind = "xlsx"
            elif "xl/workbook.bin" in names:
                kind = "xlsb"
            elif "content.xml" in names:
                kind = "ods"
            else:
                raise fail("import_not_spreadsheet", path)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _declares_entities(zf, info):
                    raise fail("import_xml_entities", path)
            date1904 = False
            if kind == "xlsx":
                with zf.open("xl/workbook.xml") as fh:
                    date1904 = bool(_DATE1904.search(fh.read(MAX_PROLOG)))
            return FileKind(kind, date1904)
    except KnownError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise fail("import_corrupt", path) from exc


def _declares_entities(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Look at the XML prolog only: a DOCTYPE must come before the root element."""
    data = b""
    with zf.open(info) as fh:
        while len(data) < MAX_PROLOG:
            chunk = fh.read(4096)
            if not chunk:
                break
            data += chunk
            if _ENTITY.search(data):
                return True
            root = _ROOT_START.search(data.replace(b"<?", b"  ").replace(b"<!--", b"    "))
            if root:
                return False
    return len(data) >= MAX_PROLOG  # a prolog longer than 64 KB is not a normal sheet


def _check_text(path: Path) -> None:
    with path.open("rb") as fh:
        sample = fh.read(64 * 1024)
    if not sample.strip(b"\xef\xbb\xbf \t\r\n;,"):
        raise fail("import_empty", path)
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("import_not_spreadsheet", path)
