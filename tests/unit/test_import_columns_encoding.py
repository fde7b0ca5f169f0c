"""Russian text read in the wrong code page is found and decoded as cp1251: old Excel 5.0/95 (BIFF5)
workbooks without a CODEPAGE record and text files that carry the same damage; Western text is left
alone, and the user can still force an encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from biff5 import write_biff5
from clientbook.core import models as m
from clientbook.core.errors import KnownError
from clientbook.core.importing import ImportOptions, analyze, run_import
from clientbook.core.importing.mojibake import looks_like_cp1251_mojibake, reencode
from import_support import write_csv

RU_ROWS = [["Фамилия", "Имя", "Отчество", "Телефон", "Город"],
           ["Иванов", "Иван", "Иванович", "+7 916 123-45-67", "Москва"],
           ["Ёлкина", "Юлия", "Сергеевна", 79031234567, "Тверь"],
           ["Щукин", "Эдуард", "Ильич", "8 903 765-43-21", "Уфа"]]


def _people(vault) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return [tuple(r) for r in s.execute(select(m.Client.last_name, m.Client.first_name, m.Client.city)
                                            .order_by(m.Client.id))]


def test_biff5_without_codepage_is_read_as_cp1251(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_biff5(tmp_path / "old.xls", RU_ROWS, sheet="Клиенты")
    analysis = analyze(path)
    try:
        assert analysis.sheets == ["Клиенты"] and analysis.headers == RU_ROWS[0]
        assert analysis.source.encoding_used == "cp1251"
    finally:
        analysis.close()
    result = run_import(vault, path)
    assert (result.created, result.rejected) == (3, 0)
    assert _people(vault) == [("Иванов", "Иван", "Москва"), ("Ёлкина", "Юлия", "Тверь"), ("Щукин", "Эдуард", "Уфа")]


def test_biff5_with_codepage_is_read_as_it_says(tmp_path: Path) -> None:
    analysis = analyze(write_biff5(tmp_path / "ok.xls", RU_ROWS, codepage=1251))
    try:
        assert analysis.headers == RU_ROWS[0] and analysis.source.encoding_used == ""
    finally:
        analysis.close()


@pytest.mark.parametrize("rows", [
    [["Nombre", "Apellido", "Ciudad"], ["José", "García", "Málaga"], ["Ángela", "Muñoz", "León"],
     ["Iñigo", "Pérez", "Cádiz"]],
    [["Prénom", "Nom", "Ville"], ["Hélène", "Lefèvre", "Besançon"], ["Zoé", "Mériadec", "Orléans"],
     ["Éloïse", "Dubœuf", "Sète"]],
])
def test_western_biff5_text_is_left_alone(tmp_path: Path, rows: list[list[str]]) -> None:
    analysis = analyze(write_biff5(tmp_path / "west.xls", rows, sheet="Hoja1", encoding="cp1252"))
    try:
        assert analysis.headers == rows[0] and [r for _, r in analysis.sample] == rows[1:]
    finally:
        analysis.close()


def test_the_user_can_force_the_encoding(tmp_path: Path) -> None:
    path = write_biff5(tmp_path / "old.xls", RU_ROWS)
    analysis = analyze(path, encoding="cp1252")  # "take the text as it is"
    try:
        assert analysis.headers[0] == "Ôàìèëèÿ"
    finally:
        analysis.close()
    with pytest.raises(KnownError) as err:
        analyze(path, encoding="klingon-8")
    assert "klingon-8" in err.value.text("en")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_text_file_saved_after_the_misreading_is_repaired(vault, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    garbled = "\n".join(";".join(_garble(str(v)) for v in row)
                        for row in RU_ROWS) + "\n"
    path = write_csv(tmp_path / "garbled.csv", garbled, encoding=encoding)
    result = run_import(vault, path)
    assert (result.created, result.rejected) == (3, 0)
    assert _people(vault)[0] == ("Иванов", "Иван", "Москва")


def test_cp1251_csv_and_forced_encoding(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(";".join(str(v) for v in row) for row in RU_ROWS) + "\n"
    path = write_csv(tmp_path / "ru.csv", text, encoding="cp1251")
    result = run_import(vault, path, ImportOptions(encoding="cp1251"))
    assert result.created == 3 and _people(vault)[2] == ("Щукин", "Эдуард", "Уфа")


def _garble(text: str) -> str:
    """What a cp1252 reader makes of cp1251 bytes."""
    return text.encode("cp1251").decode("cp1252", errors="replace")


def test_detector_needs_several_garbled_words() -> None:
    assert looks_like_cp1251_mojibake([_garble("Фамилия Имя"), _garble("Отчество")])
    assert not looks_like_cp1251_mojibake(["Müller", "Gärtner", "Straße", "Señor Núñez"])
    assert not looks_like_cp1251_mojibake(["Zoë", "née"])  # two words, both with plain letters
    assert reencode(_garble("Ёжик в тумане")) == "Ёжик в тумане"


def test_a_damaged_old_xls_that_makes_the_reader_panic_gets_one_message(tmp_path: Path) -> None:
    path = write_biff5(tmp_path / "damaged.xls", RU_ROWS)
    data = bytearray(path.read_bytes())
    at = 2 * 512 + 128 + 120  # directory sector (after header and FAT), second entry, its size field
    data[at:at + 4] = (100).to_bytes(4, "little")  # under 4096 bytes: now "in" a mini stream that is absent
    path.write_bytes(bytes(data))
    with pytest.raises(KnownError) as err:
        analyze(path)
    assert err.value.text("en") == "The file “damaged.xls” is damaged and cannot be read."


def test_a_chosen_encoding_is_taken_as_it_is_and_named_for_the_user(tmp_path: Path) -> None:
    from clientbook.core.importing.encodings import encoding_title

    text = "\n".join(";".join(str(v) for v in row) for row in RU_ROWS) + "\n"
    path = write_csv(tmp_path / "ru.csv", text, encoding="cp1251")
    for forced, first in (("latin-1", "Ôàìèëèÿ"), ("koi8_r", "тЮЛХКХЪ"), (None, "Фамилия")):
        analysis = analyze(path, encoding=forced)
        try:  # no silent "repair" of what the user chose: the preview shows what the choice does
            assert analysis.headers[0] == first
        finally:
            analysis.close()
    assert [encoding_title(e) for e in ("cp1251", "utf-8-sig", "utf-8+cp1251", "koi8_r", "")] == [
        "Windows-1251", "UTF-8", "UTF-8 + Windows-1251", "KOI8-R", ""]
