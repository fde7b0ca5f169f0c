"""Hostile and broken files get one clear message before any parser runs, and write nothing."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from clientbook.core.errors import KnownError
from clientbook.core.importing import run_import
from clientbook.core.importing.guards import OLE2_MAGIC, inspect_file
from clientbook.core.importing.readers import open_source
from import_support import counts, write_xlsx


def _refused(vault, path: Path, code: str) -> KnownError:  # type: ignore[no-untyped-def]
    before = counts(vault)
    with pytest.raises(KnownError) as info:
        run_import(vault, path)
    assert info.value.message.code == code
    assert counts(vault) == before  # nothing written, not even a batch
    assert path.name in info.value.text("ru") and path.name in info.value.text("en")
    return info.value


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
    return target


def test_zip_bomb_refused_in_bounded_time_and_memory(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = write_xlsx(tmp_path / "good.xlsx", [["Имя"], ["Анна"]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(info.filename, zin.read(info.filename))
        with zout.open("xl/worksheets/sheet1.xml", "w") as fh:  # 64 MB of zeros packs into ~64 KB
            block = b"\0" * (1024 * 1024)
            for _ in range(64):
                fh.write(block)
    assert bomb.stat().st_size < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(KnownError) as info:
        inspect_file(bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert info.value.message.code == "import_zip_bomb"
    assert elapsed < 2 and peak < 5 * 1024 * 1024
    _refused(vault, bomb, "import_zip_bomb")


def test_huge_declared_size_refused(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "declared.xlsx", [["Имя"], ["Анна"]])
    data = bytearray(path.read_bytes())
    # patch the uncompressed size of every central directory entry to 4 GB − 1
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        data[pos + 24:pos + 28] = (0xFFFFFFFE).to_bytes(4, "little")
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))
    _refused(vault, path, "import_zip_bomb")


def test_billion_laughs_refused(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = write_xlsx(tmp_path / "good.xlsx", [["Имя"], ["Анна"]])
    with zipfile.ZipFile(good) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    entities = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + b"]>"
    body = (b'<?xml version="1.0"?>\n' + entities + sheet).replace(b"\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0", b"&lol9;")
    laughs = _rewrite(good, tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": body})
    _refused(vault, laughs, "import_xml_entities")


def test_password_protected_workbook(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Office saves an encrypted .xlsx as an OLE2 compound file with an "EncryptedPackage" stream
    path = tmp_path / "secret.xlsx"
    directory = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\0") + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(OLE2_MAGIC + b"\0" * 504 + directory.ljust(512, b"\0") + b"\x17" * 4096)
    error = _refused(vault, path, "import_password")
    assert "парол" in error.text("ru")


@pytest.mark.parametrize(("name", "payload", "code"), [
    ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "import_not_spreadsheet"),
    ("report.xls", b"%PDF-1.4 not a workbook", "import_not_spreadsheet"),
    ("empty.csv", b"", "import_empty"),
    ("empty.xlsx", b"", "import_empty"),
    ("blank.csv", b"\xef\xbb\xbf\r\n;;;\r\n", "import_empty"),
    ("binary.csv", b"abc\0\0\0def" * 50, "import_not_spreadsheet"),
    ("notes.docx", b"hello", "import_unsupported"),
])
def test_wrong_files_get_one_clear_message(vault, tmp_path: Path, name: str, payload: bytes,  # type: ignore[no-untyped-def]
                                           code: str) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    _refused(vault, path, code)


def test_word_document_renamed_xlsx(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    _refused(vault, path, "import_not_spreadsheet")


def test_truncated_workbook_is_corrupt(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = write_xlsx(tmp_path / "good.xlsx", [["Имя", "Телефон"], ["Анна", "+79991234567"]])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _refused(vault, broken, "import_corrupt")


def test_workbook_with_an_empty_sheet(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _refused(vault, write_xlsx(tmp_path / "nothing.xlsx", []), "import_empty")


def test_missing_sheet_named(tmp_path: Path) -> None:
    source = open_source(write_xlsx(tmp_path / "one.xlsx", [["Имя"], ["Анна"]]))
    try:
        with pytest.raises(KnownError) as info:
            list(source.rows("Нет такого"))
        assert info.value.message.code == "import_no_sheet"
    finally:
        source.close()
