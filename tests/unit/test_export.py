"""Exports: round trips, mailing mode (SPEC §17 check 19), formula injection (check 13), 0600, atomic, audit."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import stat
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from segments_known_vault import Known, build
from sqlalchemy import select

from clientbook.core import audit, audit_history, clients, consents
from clientbook.core import models as m
from clientbook.core.clients import ClientInput, PhoneInput
from clientbook.core.errors import KnownError
from clientbook.core.exporting import ExportSpec, Scope, export_clients, preview
from clientbook.core.exporting.safety import neutralize_csv
from clientbook.core.exporting.vcard import fold_line

HYPERLINK = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def known(vault) -> Known:  # type: ignore[no-untyped-def]
    return build(vault)


def xlsx_rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def csv_rows(path: Path, encoding: str = "utf-8-sig", delimiter: str = ";") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def test_xlsx_round_trip_keeps_values_phones_and_dates(vault, known: Known, tmp_path: Path) -> None:
    target = tmp_path / "out" / "clients.xlsx"
    result = export_clients(vault, target, ExportSpec(format="xlsx", lang="en"))
    assert result.rows == 4 and result.clients == 4
    rows = {r["ID"]: r for r in xlsx_rows(target)}
    ivanov = rows[known.ivanov]
    assert ivanov["Client"] == "Иванов Пётр Сергеевич"
    assert ivanov["Phone"] == "+79161234567"
    assert ivanov["Birthday"] == dt.datetime(1980, 6, 20)  # a real date cell
    assert ivanov["Revenue"] == 1500 and ivanov["Purchases"] == 2
    assert ivanov["Last purchase"] == dt.datetime(2025, 6, 1)
    assert ivanov["Tags"] == "Опт; VIP" or ivanov["Tags"] == "VIP; Опт"
    assert ivanov["Размер"] == 42 and ivanov["Любимый цвет"] == "Ёлочный зелёный"
    assert rows[known.sidorova]["Birthday"] == "29.02"  # no year: text, not an invented date
    assert rows[known.romashka]["Debtor"] is True
    assert known.archived not in rows
    ws = openpyxl.load_workbook(target).active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}5"
    assert ws["A1"].font.b is True
    phone_col = [c.column for c in ws[1] if c.value == "Phone"][0]
    ivanov_row = next(c.row for c in ws["A"] if c.value == known.ivanov)
    assert ws.cell(ivanov_row, phone_col).data_type == "s"
    assert ws.column_dimensions["B"].width >= 20
    # calamine (the importer's reader) reads the same values back
    sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert "+79161234567" in sheet[[r[0] for r in sheet].index(known.ivanov)]


def test_xlsx_texts_read_back_exactly_in_excel_readers(vault, tmp_path: Path) -> None:
    """Markup, control characters, a text that looks like Excel's own _xHHHH_ escape, edge spaces and an
    over-long note come back as typed (the note cut at Excel's 32,767 characters), as Excel and the
    importer's reader read them; the file is well-formed XML throughout."""
    tricky = {"last_name": "Ли <b>&amp;</b>", "first_name": " Анна ", "city": "Тверь_x0041_",
              "address": "дом\x01 5\tкв. 2", "notes": "a" * 40_000}
    with vault.transaction() as s:
        cid = s.execute(m.Client.__table__.insert().values(
            kind="person", display_name="Ли", sort_key="ли", status="lead", country="RU", debtor=False,
            archived=False, version=1, **tricky)).inserted_primary_key[0]
    target = tmp_path / "t.xlsx"
    export_clients(vault, target, ExportSpec(format="xlsx", lang="en"))
    with zipfile.ZipFile(target) as book:
        for name in book.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(book.read(name))  # raises on anything malformed
    expected = {**tricky, "notes": "a" * 32_767}
    header, *rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    row = dict(zip(header, next(r for r in rows if r[0] == cid), strict=True))
    sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    again = dict(zip(sheet[0], next(r for r in sheet[1:] if r[0] == cid), strict=True))
    for field, label in (("last_name", "Last name"), ("first_name", "First name"), ("city", "City"),
                         ("address", "Address"), ("notes", "Notes")):
        assert again[label] == expected[field], field  # calamine reads _xHHHH_ as Excel does
        if "_x" not in row[label]:  # openpyxl leaves Excel's escapes as they are written
            assert row[label] == expected[field], field


def test_csv_round_trip_utf8_bom_semicolon(vault, known: Known, tmp_path: Path) -> None:
    target = tmp_path / "clients.csv"
    export_clients(vault, target, ExportSpec(format="csv", lang="ru"))
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = {r["№"]: r for r in csv_rows(target)}
    ivanov = rows[str(known.ivanov)]
    assert ivanov["Телефон"] == "+79161234567"
    assert dt.datetime.strptime(ivanov["День рождения"], "%d.%m.%Y").date() == dt.date(1980, 6, 20)
    assert ivanov["Сумма покупок"] == "1500,00"
    assert ivanov["Город"] == "Москва"
    assert rows[str(known.romashka)]["Должник"] == "да"


def test_csv_other_encoding_and_delimiter(vault, known: Known, tmp_path: Path) -> None:
    target = tmp_path / "clients.csv"
    export_clients(vault, target, ExportSpec(format="csv", preset="sms", encoding="cp1251", delimiter=",",
                                                lang="ru"))
    rows = csv_rows(target, encoding="cp1251", delimiter=",")
    assert {r["Имя"] for r in rows} >= {"Пётр", "Анна"}
    with vault.transaction() as s:
        clients.create_client(s, ClientInput(last_name="Смайлик 🙂"))
    with pytest.raises(KnownError) as caught:
        export_clients(vault, target, ExportSpec(format="csv", encoding="cp1251"))
    assert caught.value.message.code == "export_encoding"
    assert csv_rows(target, encoding="cp1251", delimiter=",") == rows  # the earlier file is untouched


def test_formula_injection_is_neutralized(vault, known: Known, tmp_path: Path) -> None:
    """SPEC §17 check 13: = + - @ tab CR LF; a phone +7… stays text; =HYPERLINK(…) reloads as a string."""
    with vault.transaction() as s:
        nasty = clients.create_client(s, ClientInput(
            last_name="+Плюс", first_name="@Собака", middle_name="-Минус", notes=HYPERLINK,
            phones=[PhoneInput("+7 916 000-00-01")])).id
        # the card editor trims text; an import or an older version may have left such values
        s.execute(m.Client.__table__.update().where(m.Client.id == nasty)
                  .values(city="\tТаб", region="\rВозврат", address="\nСтрока"))
    export_clients(vault, tmp_path / "x.xlsx", ExportSpec(format="xlsx", lang="en"))
    export_clients(vault, tmp_path / "x.csv", ExportSpec(format="csv", lang="en"))
    ws = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == nasty)
    cells = dict(zip(header, row, strict=True))
    notes = cells["Notes"]
    assert notes.value == HYPERLINK and notes.data_type == "s"  # a string, not a formula
    assert notes.quotePrefix  # and stays text when edited in Excel
    for name in ("Last name", "First name", "Middle name", "City", "Region", "Address"):
        assert cells[name].data_type == "s" and cells[name].quotePrefix, name
    assert cells["Phone"].value == "+79160000001" and cells["Phone"].data_type == "s"
    with open(tmp_path / "x.xlsx", "rb") as fh:
        import zipfile

        sheet_xml = zipfile.ZipFile(fh).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere in the file
    rows = {r["ID"]: r for r in csv_rows(tmp_path / "x.csv")}
    line = rows[str(nasty)]
    assert line["Notes"] == "'" + HYPERLINK
    assert line["Last name"] == "'+Плюс" and line["First name"] == "'@Собака" and line["Middle name"] == "'-Минус"
    assert line["City"] == "'\tТаб" and line["Region"] == "'\rВозврат" and line["Address"] == "'\nСтрока"
    assert line["Phone"] == "+79160000001"
    assert rows[str(known.ivanov)]["Notes"] == "'" + '=HYPERLINK("http://evil.example","click")'
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for r in rows.values()
               for k, v in r.items() if k not in ("Phone", "All phones"))


def test_neutralize_csv_leaves_plain_text_alone() -> None:
    assert neutralize_csv("Москва") == "Москва"
    assert neutralize_csv("5-й дом") == "5-й дом"
    assert neutralize_csv("-5") == "'-5"


def test_mailing_export_excludes_withdrawn_and_missing_consent(vault, known: Known, tmp_path: Path) -> None:
    """SPEC §17 check 19: a client who withdrew mailing consent never appears in a mailing export."""
    with vault.transaction() as s:
        dup = clients.create_client(s, ClientInput(last_name="Якушев", emails=["IVAN@example.ru"])).id
        bad = clients.create_client(s, ClientInput(last_name="Кривой", emails=["bad@example.ru"])).id
        s.execute(m.Email.__table__.update().where(m.Email.client_id == bad).values(valid=False))
        nomail = clients.create_client(s, ClientInput(last_name="Безадресный", phones=["+79160000002"])).id
        for cid in (dup, bad, nomail):
            consents.record_consent(s, cid, "email", True)
    target = tmp_path / "mail.csv"
    for fmt in ("csv", "xlsx", "vcf"):
        out = target.with_suffix(f".{fmt}")
        result = export_clients(vault, out, ExportSpec(format=fmt, preset="email", mailing="email", lang="en"))
        assert result.rows == 1
        text = repr(xlsx_rows(out)).encode() if fmt == "xlsx" else out.read_bytes()
        assert "Сидорова".encode() not in text and b"anna@example.ru" not in text
        assert b"ivan@example.ru" in text
    rows = csv_rows(target)
    assert [r["E-mail"] for r in rows] == ["ivan@example.ru"]
    assert result.excluded_counts() == {"withdrawn": 1, "no_consent": 2, "no_address": 1, "invalid": 1,
                                        "duplicate": 1}
    reasons = {e.client_id: e.reason for e in result.excluded}
    assert reasons[known.sidorova] == "withdrawn" and reasons[dup] == "duplicate"
    assert reasons[known.romashka] == "no_consent" and reasons[bad] == "invalid" and reasons[nomail] == "no_address"
    sms = export_clients(vault, tmp_path / "sms.csv", ExportSpec(format="csv", preset="sms", mailing="sms"))
    # Ромашка consented to SMS but has only a landline
    assert sms.rows == 0 and {e.reason for e in sms.excluded if e.client_id == known.romashka} == {"invalid"}


def test_mailing_override_needs_confirmation_and_is_audited(vault, known: Known, tmp_path: Path) -> None:
    target = tmp_path / "all.csv"
    options = ExportSpec(format="csv", preset="email", mailing="email", override_consent=True)
    with pytest.raises(KnownError) as caught:
        export_clients(vault, target, options)
    assert caught.value.message.code == "export_override_unconfirmed"
    assert not target.exists()
    confirmed = dataclasses.replace(options, confirmed=True, scope=Scope(what="override test"))
    result = export_clients(vault, target, confirmed)
    assert result.rows == 2  # Иванов and Сидорова (withdrawn, overridden)
    with vault.session() as s:
        actions = [e.action for e in audit_history.history(s, entity="export")]
        assert audit.verify_audit_chain(s).ok
    assert actions[:2] == ["export_override", "export"]


def test_every_export_is_audited(vault, known: Known, tmp_path: Path) -> None:
    export_clients(vault, tmp_path / "a.xlsx",
                   ExportSpec(scope=Scope.of([known.romashka, known.ivanov], "selection"), format="xlsx"))
    with vault.session() as s:
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "export")).one()
    assert entry.actor == vault.actor and entry.field == "xlsx"
    assert '"file": "a.xlsx"' in (entry.new or "") and '"rows": 2' in (entry.new or "")
    assert '"what": "selection"' in (entry.new or "")


def test_selection_keeps_its_order_and_segment_source(vault, known: Known, tmp_path: Path) -> None:
    export_clients(vault, tmp_path / "sel.csv", ExportSpec(scope=Scope.of([known.romashka, known.ivanov]),
                                                           format="csv", preset="sms", lang="en"))
    assert [r["Client"] for r in csv_rows(tmp_path / "sel.csv")] == ["ООО Ромашка", "Иванов Пётр Сергеевич"]
    segment = {"kind": "field", "field": "city", "op": "contains", "value": "моск"}
    export_clients(vault, tmp_path / "seg.csv", ExportSpec(scope=Scope.of(segment), format="csv", preset="sms", lang="en"))
    assert [r["Client"] for r in csv_rows(tmp_path / "seg.csv")] == ["Иванов Пётр Сергеевич", "ООО Ромашка"]


def test_one_row_per_address(vault, known: Known, tmp_path: Path) -> None:
    with vault.transaction() as s:
        multi = clients.create_client(s, ClientInput(last_name="Многоадресный", emails=["a1@example.ru", "a2@example.ru"]))
        consents.record_consent(s, multi.id, "email", True)
    per_address = ExportSpec(format="csv", preset="email", mailing="email", per_address=True, lang="en")
    result = export_clients(vault, tmp_path / "p.csv", per_address)
    assert sorted(r["E-mail"] for r in csv_rows(tmp_path / "p.csv")) == ["a1@example.ru", "a2@example.ru",
                                                                         "ivan@example.ru"]
    assert result.clients == 2 and result.rows == 3
    with vault.session() as s:
        plan = preview(s, ExportSpec(preset="email", mailing="email"))
    assert plan.rows == 2 and plan.counts()["withdrawn"] == 1


def test_vcard_3(vault, known: Known, tmp_path: Path) -> None:
    target = tmp_path / "c.vcf"
    export_clients(vault, target, ExportSpec(scope=Scope.of([known.ivanov, known.romashka]), format="vcf"))
    data = target.read_bytes()
    assert data.count(b"BEGIN:VCARD\r\n") == 2 and b"VERSION:3.0\r\n" in data
    text = data.decode("utf-8")
    assert "N:Иванов;Пётр;Сергеевич;;" in text and "TEL;TYPE=CELL:+79161234567" in text
    assert "BDAY:1980-06-20" in text and "ORG:ООО Ромашка" in text and "TEL;TYPE=WORK:+74951234567" in text
    assert 'NOTE:=HYPERLINK("http://evil.example"\\,"click")' in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    folded = fold_line("NOTE:" + "ж" * 100)
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert folded.replace(b"\r\n ", b"").decode() == "NOTE:" + "ж" * 100 + "\r\n"


def test_files_are_owner_only_and_written_atomically(vault, known: Known, tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"previous file")
    cancelled = {"n": 0}

    def cancel_soon() -> bool:
        cancelled["n"] += 1
        return True

    import clientbook.core.exporting.service as service

    old_every = service.PROGRESS_EVERY
    service.PROGRESS_EVERY = 1
    try:
        with pytest.raises(KnownError) as caught:
            export_clients(vault, target, ExportSpec(format="xlsx"), should_cancel=cancel_soon)
    finally:
        service.PROGRESS_EVERY = old_every
    assert caught.value.message.code == "export_cancelled"
    assert target.read_bytes() == b"previous file"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    export_clients(vault, target, ExportSpec(format="xlsx"))
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with vault.session() as s:
        assert s.scalar(select(m.AuditEntry).where(m.AuditEntry.action == "export")) is not None


def test_disk_write_failure_leaves_the_target_untouched(vault, known: Known, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """SPEC §17 check 11 for exports: the target untouched, the temp file removed, the error shown."""
    import errno

    import clientbook.core.exporting.csvfile as csvfile

    target = tmp_path / "x.csv"
    target.write_text("old", encoding="utf-8")
    real = csvfile.csv.writer

    class FullDisk:
        def __init__(self, *a: object, **kw: object) -> None:
            self.n = 0

        def writerow(self, row: object) -> None:
            self.n += 1
            if self.n > 2:
                raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(csvfile.csv, "writer", FullDisk)
    with pytest.raises(KnownError) as caught:
        export_clients(vault, target, ExportSpec(format="csv"))
    monkeypatch.setattr(csvfile.csv, "writer", real)
    assert caught.value.message.code == "disk_full"
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"] or all(not p.name.startswith(".x.csv")
                                                                    for p in tmp_path.iterdir())


@pytest.mark.parametrize(("options", "code"), [
    (ExportSpec(format="pdf"), "export_format_unknown"),
    (ExportSpec(preset="fax"), "export_preset_unknown"),
    (ExportSpec(mailing="pigeon"), "export_channel_unknown"),
    (ExportSpec(format="csv", delimiter="::"), "export_delimiter"),
])
def test_bad_options_write_nothing(vault, tmp_path: Path, options: ExportSpec, code: str) -> None:
    with pytest.raises(KnownError) as caught:
        export_clients(vault, tmp_path / "x.out", options)
    assert caught.value.message.code == code
    assert list(tmp_path.iterdir()) == [tmp_path / "vault"] or not (tmp_path / "x.out").exists()


@pytest.mark.parametrize(("lang", "fmt"), [("ru", "xlsx"), ("en", "xlsx"), ("ru", "csv")])
def test_whole_card_says_words_not_codes_unless_asked(vault, tmp_path: Path, lang: str, fmt: str) -> None:
    with vault.transaction() as s:
        clients.create_client(s, ClientInput(last_name="Кодов", kind="ip", status="active", temperature="hot",
                                             gender="m", behaviour="discount"))
    words = {"ru": ("ИП", "Активный", "Горячий", "Мужской", "Ищет скидки"),
             "en": ("Sole trader (IP)", "Active", "Hot", "Male", "Discount-driven")}[lang]
    headers = {"ru": ("Тип", "Статус", "Температура", "Пол", "Тип поведения"),
               "en": ("Kind", "Status", "Temperature", "Gender", "Behaviour")}[lang]
    read = xlsx_rows if fmt == "xlsx" else csv_rows
    for codes, expected in ((False, words), (True, ("ip", "active", "hot", "m", "discount"))):
        target = tmp_path / f"card-{codes}.{fmt}"
        export_clients(vault, target, ExportSpec(format=fmt, lang=lang, codes=codes))
        row = read(target)[0]
        assert tuple(row[h] for h in headers) == expected


def test_preview_counts_what_the_export_writes_without_keeping_addresses(vault, known: Known, tmp_path: Path) -> None:
    """The preview only counts (no address kept per client: at 1 M clients that dict was a million
    objects), and its figures are the export's, per address or not, for both channels."""
    from clientbook.core.exporting.rows import choose, drop_ids, fill_ids

    with vault.transaction() as s:
        multi = clients.create_client(s, ClientInput(last_name="Многоадресный", emails=["a1@example.ru", "a2@example.ru"],
                                                     phones=["+7 916 000-11-22", "+7 916 000-11-23"]))
        consents.record_consent(s, multi.id, "email", True)
        consents.record_consent(s, multi.id, "sms", True)
    for preset in ("email", "sms"):
        for per_address in (False, True):
            spec = ExportSpec(format="csv", preset=preset, mailing=preset, per_address=per_address, lang="en")
            result = export_clients(vault, tmp_path / f"{preset}{per_address}.csv", spec)
            with vault.session() as s:
                plan = preview(s, spec)
                fill_ids(s, spec.scope.select(s))
                cursor = s.connection().connection.cursor()
                counted = choose(s, cursor, spec, count_only=True)
                cursor.close()
                drop_ids(s)
            assert (plan.clients, plan.rows) == (result.clients, result.rows), (preset, per_address)
            assert sum(plan.counts().values()) == len(result.excluded) > 0
            assert counted.addresses == {} and counted.rows == plan.rows


def test_everyone_fills_the_ids_table_as_the_general_form_does(vault, known: Known) -> None:
    """The everyone scope's fast fill (the name index alone, archived left out) puts the same clients
    in the same order as the general form, namesakes and archived cards included."""
    from sqlalchemy import text as sql_text
    from sqlalchemy import update

    from clientbook.core import models as m
    from clientbook.core.exporting import Scope
    from clientbook.core.exporting.rows import IDS_TABLE, drop_ids, fill_ids

    with vault.transaction() as s:
        twins = [clients.create_client(s, ClientInput(last_name="Тёзкин", first_name="Иван")).id for _ in range(3)]
        gone = clients.create_client(s, ClientInput(last_name="Архивный")).id
        s.flush()
        s.execute(update(m.Client).where(m.Client.id.in_([gone, twins[1]])).values(archived=True))
    everyone = Scope()
    filled = {}
    with vault.session() as s:
        for fast in (True, False):
            count = fill_ids(s, everyone.select(s), everyone=fast)
            filled[fast] = (count, s.execute(sql_text(f"SELECT id, pos FROM {IDS_TABLE} ORDER BY pos")).all())
            drop_ids(s)
    assert filled[True] == filled[False]
    ids = [row[0] for row in filled[True][1]]
    assert gone not in ids and twins[1] not in ids and {twins[0], twins[2]} <= set(ids)
