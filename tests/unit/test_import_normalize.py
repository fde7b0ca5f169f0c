"""Generated files for the awkward shapes real spreadsheets come in (SPEC §16, §17 check 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl.utils.datetime import CALENDAR_MAC_1904
from sqlalchemy import select

from clientbook.core import models as m
from clientbook.core.importing import ImportOptions, analyze, run_import
from clientbook.core.importing.normalize import DateOrder, read_date, split_full_name
from clientbook.core.importing.readers import detect_delimiter, detect_encoding
from import_support import write_csv, write_xlsx


def _cards(vault) -> list[m.Client]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        clients = list(s.scalars(select(m.Client).order_by(m.Client.id)))
        for c in clients:
            _ = (c.phones, c.emails, c.custom_values)
        s.expunge_all()
        return clients


def test_header_on_row_3_under_title_rows(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "titled.xlsx", [
        ["Список клиентов магазина «Ромашка»"], ["на 01.03.2024", None, None],
        ["ФИО", "Телефон", "E-mail", "Город"],
        ["ИВАНОВ ИВАН ИВАНОВИЧ", "8 (916) 123-45-67", "Ivan@Example.COM", "Москва"],
        ["Петрова Анна Сергеевна", "+7 903 765-43-21; 8-495-123-45-67", "anna@example.com", "Тверь"],
        [None, None, None, None], ["Итого: 2", None, None, None],
    ])
    with vault.session() as s:
        analysis = analyze(path, session=s)
    assert analysis.layout.header_row == 2
    assert analysis.mapping.to_json(analysis.headers) == {"ФИО": "full_name", "Телефон": "phone",
                                                          "E-mail": "email", "Город": "city"}
    analysis.close()
    assert run_import(vault, path).created == 2  # "Итого" after the blank row is not a client
    ivanov, petrova = _cards(vault)
    assert (ivanov.last_name, ivanov.first_name, ivanov.middle_name) == ("Иванов", "Иван", "Иванович")
    assert [p.e164 for p in ivanov.phones] == ["+79161234567"] and ivanov.emails[0].address == "ivan@example.com"
    assert [p.e164 for p in petrova.phones] == ["+79037654321", "+74951234567"]  # two numbers in one cell


def test_no_header_row(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "raw.csv", "Иванов Иван;+79161234567;ivan@example.com\n"
                                            "Петров Пётр;+79037654321;petr@example.com\n"
                                            "Сидоров Сидор;+79261112233;sidor@example.com\n")
    with vault.session() as s:
        analysis = analyze(path, session=s)
    assert analysis.layout.header_row is None and analysis.headers == ["A", "B", "C"]
    assert list(analysis.mapping.targets.values())[1:] == ["phone", "email"]  # found from the values
    analysis.close()
    result = run_import(vault, path, ImportOptions(mapping=None, header_row=None))
    assert result.created == 3  # the first line is data, not a header
    assert _cards(vault)[0].emails[0].address == "ivan@example.com"


def test_cp1251_and_mac_line_ends(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = 'Фамилия;Имя;Телефон;Примечание\nЁжиков;Олег;89161234567;"две\nстроки"\nЩукина;Мария;9037654321;\n'
    path = write_csv(tmp_path / "mac.csv", text, encoding="cp1251", newline="\r")
    assert detect_encoding(path.read_bytes()) == "cp1251"
    assert run_import(vault, path).created == 2
    ezhikov, shchukina = _cards(vault)
    assert ezhikov.last_name == "Ёжиков" and ezhikov.notes == "две\rстроки"  # a quoted line break kept
    assert [p.e164 for p in shchukina.phones] == ["+79037654321"]  # 10-digit mobile without +7


def test_encodings_and_delimiters() -> None:
    assert detect_encoding("Имя,Тел\n".encode("utf-8-sig")) == "utf-8-sig"
    assert detect_encoding("Name;Café\n".encode("cp1252")) == "cp1252"
    assert detect_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert detect_delimiter('name; phone; mail\n"A, B"; 1; x\n') == ";"


def test_floats_for_phones_long_ids_and_leading_zeros(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "floats.xlsx", [
        ["Имя", "Телефон", "Номер карты", "Код"],
        ["Анна", 79991234567, 1234567890123456, "0012"],
        ["Борис", "7.9991234568E10", "0000123", "0013"],
    ])
    run_import(vault, path, ImportOptions(mapping=None))
    with vault.session() as s:
        analysis = analyze(path, session=s)
        mapping = analysis.mapping.to_json(analysis.headers)
        analysis.close()
    assert mapping["Телефон"] == "phone"
    anna, boris = _cards(vault)
    assert [p.e164 for p in anna.phones] == ["+79991234567"]
    assert [p.e164 for p in boris.phones] == ["+79991234568"]  # scientific notation
    assert "Номер карты: 1234567890123456" in (anna.notes or "")  # 16 digits, no ".0", no 1.23E15
    assert "Номер карты: 0000123" in (boris.notes or "")
    assert sorted(v.value_text for c in (anna, boris) for v in c.custom_values) == ["0012", "0013"]


def test_serial_dates_honour_the_1900_and_1904_epochs(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for epoch, name in ((None, "win.xlsx"), (CALENDAR_MAC_1904, "mac.xlsx")):
        path = write_xlsx(tmp_path / name, [["Имя", "Дата рождения"], [f"Анна {name}", dt.date(1985, 4, 1)],
                                            [f"Борис {name}", 31138]], epoch=epoch)
        run_import(vault, path)
    win_a, win_b, mac_a, mac_b = _cards(vault)
    assert (win_a.birth_day, win_a.birth_month, win_a.birth_year) == (1, 4, 1985)
    assert (mac_a.birth_day, mac_a.birth_month, mac_a.birth_year) == (1, 4, 1985)
    assert (win_b.birth_day, win_b.birth_month, win_b.birth_year) == (1, 4, 1985)  # serial 31138, 1900 system
    assert (mac_b.birth_day, mac_b.birth_month, mac_b.birth_year) == (2, 4, 1989)  # same serial, 1904 system


def test_ambiguous_dates_are_flagged_not_guessed(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "dates.csv", "Name,Birthday\nAnn Lee,03/04/1980\nBob Ray,05/06/1975\nCid Moe,07/07/1990\n")
    result = run_import(vault, path)
    ann, bob, cid = _cards(vault)
    assert ann.birth_month is None and "Birthday: 03/04/1980" in (ann.notes or "")
    assert cid.birth_day == 7 and cid.birth_month == 7  # the same either way
    codes = {o.row_no: [r.code for r in o.reasons] for o in result.outcomes}
    assert codes[2] == ["import_date_ambiguous"] and codes[3] == ["import_date_ambiguous"]


def test_one_unambiguous_value_decides_the_whole_column(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "us.csv", "Name,Birthday\nAnn Lee,03/04/1980\nBob Ray,12/31/1975\n")
    run_import(vault, path)
    ann, bob = _cards(vault)
    assert (ann.birth_day, ann.birth_month) == (4, 3) and (bob.birth_day, bob.birth_month) == (31, 12)
    assert read_date("03/04/1980", DateOrder(None), False)[0] is None


def test_words_country_consent_and_unparseable_values(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "words.csv",
                     "ФИО;Пол;Страна;Телефон;Согласие на рассылку;Дата рождения;Email\n"
                     "Смирнова Ольга;жен;Беларусь;29 123-45-67;да;NULL;—\n"
                     "Пётр Иванович Кузнецов;M;Россия;+7 916 000-00-00 доб. 12;нет;31.02.1990;bad@@mail\n")
    result = run_import(vault, path)
    assert (result.created, result.rejected) == (2, 0)
    olga, petr = _cards(vault)
    assert (olga.gender, olga.country, [p.e164 for p in olga.phones]) == ("f", "BY", ["+375291234567"])
    assert olga.birth_year is None and olga.emails == []  # "NULL" and "—" are empty
    assert (petr.last_name, petr.first_name, petr.middle_name, petr.gender) == ("Кузнецов", "Пётр", "Иванович", "m")
    assert petr.phones[0].extension == "12"
    assert "Дата рождения: 31.02.1990" in (petr.notes or "")  # kept, and listed
    assert petr.emails[0].valid is False and petr.emails[0].address == "bad@@mail"
    with vault.session() as s:
        consents = {(c.client_id, c.status, c.source, c.evidence, c.channel) for c in s.scalars(select(m.Consent))}
    assert consents == {(olga.id, "granted", "import", "words.csv", "email"),
                        (petr.id, "withdrawn", "import", "words.csv", "email")}


def test_full_name_orders() -> None:
    assert split_full_name("ИВАНОВ ИВАН ИВАНОВИЧ") == ("Иванов", "Иван", "Иванович")
    assert split_full_name("Иван Иванович Иванов") == ("Иванов", "Иван", "Иванович")
    assert split_full_name("Анна Петрова") == ("Петрова", "Анна", None)
    assert split_full_name("Claire Gute") == ("Gute", "Claire", None)
    assert split_full_name("Gute, Claire") == ("Gute", "Claire", None)


def test_phone_texts_shortcut() -> None:
    """The plain-cell shortcut of `phone_texts` gives what the full split gives, for any text it takes."""
    import random

    from clientbook.core.importing.normalize import phone_texts, split_phones

    rnd = random.Random(14)
    samples = ["+7 916 123-45-67", "8 (916) 123-45-67", "89161234567", "+7  916 1234567", " +79161234567",
               "+7 916 123 45 67 ", "7-916-123", "+", "1", "12", "+7 (916)", "8 916 123-45-67 8 903 000-11-22",
               "٨٩١٦١٢٣٤٥٦٧", "8\u00a0916 1234567", "+7 916\t1234567", "+7 916 +1234567"]
    samples += ["".join(rnd.choice("+0123456789 ()-") for _ in range(rnd.randrange(1, 20))) for _ in range(5000)]
    for text in samples:
        assert phone_texts(text) == split_phones(text), repr(text)


def test_ru_mobile_shortcut() -> None:
    """Every number the +7 mobile shortcut of `read_phone` takes, phonenumbers also takes, as the same E.164."""
    import random

    from clientbook.core.importing.normalize import _RU_MOBILE, read_phone
    from clientbook.core.validation import normalize_phone

    rnd = random.Random(14)
    for prefix in range(900, 1000):
        for fourth in range(10):
            for text in (f"+7 {prefix}{fourth}{rnd.randrange(10**6):06d}", f"8{prefix}{fourth}{rnd.randrange(10**6):06d}"):
                compact = text.replace(" ", "")
                if _RU_MOBILE.match(compact):
                    assert read_phone(text, "RU")[0].e164 == normalize_phone(text, "RU").e164, text
    assert not _RU_MOBILE.match("+79300012345")  # 9300… is only partly valid: phonenumbers decides
