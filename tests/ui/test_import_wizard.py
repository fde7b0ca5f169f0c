"""The import wizard driven like a user would, from the file page to the report, on a real vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from sqlalchemy import select

from clientbook.core import clients
from clientbook.core import models as m
from clientbook.core.clients import ClientInput
from clientbook.core.importing.guards import OLE2_MAGIC
from clientbook.ui import i18n
from clientbook.ui.import_steps import (
    PAGE_DUPLICATES,
    PAGE_FILE,
    PAGE_HEADER,
    PAGE_MAPPING,
    PAGE_PREVIEW,
    PAGE_PROGRESS,
    PAGE_REPORT,
    PAGE_SHEET,
    PAGE_SUMMARY,
)
from clientbook.ui.import_wizard import ImportWizard
from import_support import counts, write_csv, write_xlsx

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HEADER_ON_ROW_3 = [
    ["Клиенты магазина «Ромашка»"],
    [],
    ["ФИО", "Телефон", "E-mail", "Дата рождения", "Пол", "Город", "Любимый цвет"],
    ["ИВАНОВ ИВАН ИВАНОВИЧ", 79161234567.0, "Ivanov@Mail.ru", "24.08.1993", "м", "Москва", "синий"],
    ["Петрова Анна", "8 903 555-11-22", "anna@example.com", "05.06.1990", "ж", "Тверь", "зелёный"],
    ["Сидоров Пётр", "12-34", "не почта", "31.02.1985", "?", "Казань", "красный"],
]


def make_wizard(qtbot, vault, path: Path | None) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(vault, path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def go(wizard: ImportWizard, page: int) -> None:
    """Press Next (validation, reading and dry runs finish inside, with their progress dialog)."""
    wizard.next()
    assert wizard.currentId() == page, (wizard.currentId(), wizard.currentPage().findChildren(object))


def import_to_report(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    wizard.next()  # Import
    assert wizard.currentId() in (PAGE_PROGRESS, PAGE_REPORT)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_REPORT, timeout=15000)


def at_summary(qtbot, vault, tmp_path: Path, rows: int) -> ImportWizard:  # type: ignore[no-untyped-def]
    """A wizard on the totals page of a file of `rows` new clients."""
    lines = ["ФИО;Телефон"] + [f"Клиент{i:05d} Тестовый;+7916{i:07d}" for i in range(rows)]
    wizard = make_wizard(qtbot, vault, write_csv(tmp_path / "some.csv", "\n".join(lines) + "\n"))
    for page in (PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DUPLICATES, PAGE_SUMMARY):
        go(wizard, page)
    return wizard


def total(page, key: str) -> int:  # type: ignore[no-untyped-def]
    return int(page.totals[key].text())


def test_russian_cp1251_file_from_file_page_to_report(qtbot, vault, shared_data) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(qtbot, vault, shared_data / "ru-clients-cp1251.csv")
    imported: list[int] = []
    wizard.imported.connect(imported.append)
    assert wizard.file_page.path_edit.text().endswith("ru-clients-cp1251.csv")
    go(wizard, PAGE_HEADER)  # one "sheet" in a CSV: the sheet page is skipped
    assert wizard.header_page.in_row.isChecked() and wizard.header_page.row_spin.value() == 1
    go(wizard, PAGE_MAPPING)
    mapping = wizard.mapping_page
    by_header = dict(zip(wizard.analysis.headers, (c.currentData() for c in mapping.combos), strict=True))
    assert by_header["Фамилия"] == "last_name" and by_header["Телефон"] == "phone"
    assert by_header["Дата рождения"] == "birthday" and by_header["Пол"] == "gender"
    mapping.set_target(wizard.analysis.headers.index("Паспорт"), "skip")
    go(wizard, PAGE_PREVIEW)
    preview = wizard.preview_page
    first = preview.rows[0]
    columns = [preview.table.horizontalHeaderItem(c).text() for c in range(preview.table.columnCount())]
    birthday = next(i for i, t in enumerate(columns) if t.startswith("Дата рождения")) - 1
    phone = next(i for i, t in enumerate(columns) if t.startswith("Телефон")) - 1
    assert first.cells[birthday].text == "24 August 1993"
    bad_phone = first.cells[phone]  # "7(9940)977-45-73": too many digits for a Russian number
    assert bad_phone.problems and "not valid" in bad_phone.problems[0]
    item = preview.table.item(0, phone + 1)
    assert item.toolTip().startswith(bad_phone.problems[0])
    assert item.background().color().name() == "#f9d6d5"
    go(wizard, PAGE_DUPLICATES)
    assert wizard.duplicates_page.mode_buttons["fill"].isChecked()
    go(wizard, PAGE_SUMMARY)
    summary = wizard.summary_page
    # two women sharing one e-mail are two cards (the pair goes to the duplicates review)
    assert (total(summary, "created"), total(summary, "skipped"), total(summary, "rejected")) == (50, 0, 0)
    assert counts(vault)["clients"] == 0  # the dry runs wrote nothing
    import_to_report(qtbot, wizard)
    report = wizard.report_page
    assert total(report, "created") == counts(vault)["clients"] == 50
    assert imported == [wizard.import_result.batch_id]
    with vault.session() as s:
        client = s.scalars(select(m.Client).where(m.Client.last_name == "Кузьмина")).one()
        assert (client.first_name, client.middle_name, client.gender) == ("Дэнна", "Витальевна", "f")
        assert (client.birth_day, client.birth_month, client.birth_year) == (24, 8, 1993)
    assert report.table.rowCount() >= 1  # rows with problems are listed with their reasons
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()

    again = make_wizard(qtbot, vault, shared_data / "ru-clients-cp1251.csv")  # the same layout next time
    go(again, PAGE_HEADER)
    go(again, PAGE_MAPPING)
    assert "last time" in again.mapping_page.note.text()
    passport = again.analysis.headers.index("Паспорт")
    assert again.mapping_page.combos[passport].currentData() == "skip"  # the user's change was remembered


def test_header_on_row_3_duplicates_custom_field_report_and_undo(qtbot, vault, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        existing = clients.create_client(s, ClientInput(last_name="Петрова", first_name="Анна",
                                                        phones=["+79035551122"]))
        existing_id = existing.id
    before = counts(vault)
    path = write_xlsx(tmp_path / "клиенты.xlsx", HEADER_ON_ROW_3)
    write_xlsx(tmp_path / "unused.xlsx", [["x"]])
    wizard = make_wizard(qtbot, vault, path)
    go(wizard, PAGE_HEADER)
    assert wizard.header_page.row_spin.value() == 3 and "row 3" in wizard.header_page.found.text()
    go(wizard, PAGE_MAPPING)
    color = wizard.analysis.headers.index("Любимый цвет")
    assert wizard.mapping_page.combos[color].currentData() == "extra"
    monkeypatch.setattr("clientbook.ui.import_pages.QInputDialog.getText",
                        lambda *a, **k: ("Любимый цвет", True))
    wizard.mapping_page.set_target(color, "__new_custom__")
    assert wizard.mapping_page.combos[color].currentData() == "custom:Любимый цвет"
    go(wizard, PAGE_PREVIEW)
    rows = wizard.preview_page.rows
    assert rows[0].cells[0].text == "Иванов · Иван · Иванович"  # ALL CAPS fixed, ФИО split
    assert rows[0].cells[1].text == "+7 916 123-45-67"  # a float phone read back as a number
    assert rows[2].cells[3].problems  # 31.02.1985 is not a date
    go(wizard, PAGE_DUPLICATES)
    dup = wizard.duplicates_page
    assert dup.table.rowCount() == 1
    assert dup.table.item(0, 2).text() == "Петрова Анна" and "+79035551122" in dup.table.item(0, 3).text()
    go(wizard, PAGE_SUMMARY)
    assert (total(wizard.summary_page, "created"), total(wizard.summary_page, "updated")) == (2, 1)
    import_to_report(qtbot, wizard)
    report = wizard.report_page
    after = counts(vault)
    assert after["clients"] - before["clients"] == total(report, "created") == 2
    assert total(report, "updated") == 1
    with vault.session() as s:
        anna = s.get(m.Client, existing_id)
        assert anna.city == "Тверь" and anna.birth_year == 1990
        values = s.scalars(select(m.CustomValue.value_text)).all()
        assert sorted(values) == ["зелёный", "красный", "синий"]

    saved = tmp_path / "report.xlsx"
    monkeypatch.setattr("clientbook.ui.import_review.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(saved), "Excel workbook (*.xlsx)"))
    qtbot.mouseClick(report.save_button, Qt.MouseButton.LeftButton)
    assert saved.exists() and str(saved) in report.message.text()

    changed: list[bool] = []
    wizard.changed.connect(lambda: changed.append(True))
    monkeypatch.setattr("clientbook.ui.import_review.QMessageBox.question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(report.undo_button, Qt.MouseButton.LeftButton)
    assert counts(vault)["clients"] == before["clients"]
    assert counts(vault)["custom_values"] == before["custom_values"]
    with vault.session() as s:
        anna = s.get(m.Client, existing_id)
        assert anna.city is None and anna.birth_year is None
    assert not report.undo_button.isEnabled() and "2 cards deleted" in report.message.text()
    assert changed == [True]


BAD_FILES = {
    "secret.xlsx": (OLE2_MAGIC + b"\0" * 504 + ("EncryptionInfo".encode("utf-16-le").ljust(64, b"\0")
                    + "EncryptedPackage".encode("utf-16-le")).ljust(512, b"\0") + b"\x17" * 4096, "password"),
    "photo.xlsx": (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "not a spreadsheet"),
    "empty.csv": (b"", "empty"),
}


def zip_bomb(path: Path) -> Path:
    """A real workbook whose every part declares 4 GB unpacked."""
    data = bytearray(write_xlsx(path, [["Имя"], ["Анна"]]).read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        data[pos + 24:pos + 28] = (0xFFFFFFFE).to_bytes(4, "little")
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))
    return path


def test_bad_files_show_one_message_on_the_file_page_and_write_nothing(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before = counts(vault)
    wizard = make_wizard(qtbot, vault, None)
    cases = [(zip_bomb(tmp_path / "bomb.xlsx"), "zip bomb")]
    for name, (payload, expected) in BAD_FILES.items():
        (tmp_path / name).write_bytes(payload)
        cases.append((tmp_path / name, expected))
    for path, expected in cases:
        wizard.file_page.path_edit.setText(str(path))
        assert not wizard.file_page.message.isVisible()  # a new file clears the last message
        wizard.next()
        assert wizard.currentId() == PAGE_FILE
        message = wizard.file_page.message
        assert message.isVisible() and expected in message.text() and path.name in message.text()
        assert "\n" not in message.text()  # one message, not a list
        wizard.next()  # pressing Next again does not get past a bad file
        assert wizard.currentId() == PAGE_FILE
    assert counts(vault) == before


def test_no_header_is_said_on_the_file_page_then_chosen_on_the_header_page(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "list.csv", "Иванов Иван;+79161234567\nПетров Пётр;+79031234567\n"
                                            "Сидорова Анна;+79261234567\n")
    wizard = make_wizard(qtbot, vault, path)
    wizard.next()
    assert wizard.currentId() == PAGE_FILE
    assert "No header row was found" in wizard.file_page.message.text()
    go(wizard, PAGE_HEADER)
    assert wizard.header_page.no_header.isChecked()
    go(wizard, PAGE_MAPPING)
    assert [c.currentData() for c in wizard.mapping_page.combos] == ["full_name", "phone"]
    assert counts(vault)["clients"] == 0


def test_cancel_during_the_import_leaves_the_vault_unchanged(qtbot, vault, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("clientbook.core.importing.commit.CHUNK", 200)  # mid-way after 200 rows, small file
    with vault.transaction() as s:
        clients.create_client(s, ClientInput(last_name="Старый", first_name="Клиент"))
    before = counts(vault)
    lines = ["ФИО;Телефон"] + [f"Клиент{i:05d} Тестовый;+7916{i:07d}" for i in range(700)]
    path = write_csv(tmp_path / "big.csv", "\n".join(lines) + "\n")
    wizard = make_wizard(qtbot, vault, path)
    for page in (PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DUPLICATES, PAGE_SUMMARY):
        go(wizard, page)
    assert total(wizard.summary_page, "created") == 700
    progress = wizard.progress_page

    wizard.next()  # Import, then at once the wizard's Cancel: it stops the import, the wizard stays
    assert wizard.currentId() == PAGE_PROGRESS and progress.running()
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: not progress.running(), timeout=15000)
    assert wizard.import_result is None and "cancelled" in progress.message.text()
    assert counts(vault) == before

    wizard.back()  # back to the summary, import again, cancelled by the worker after its first chunk
    assert wizard.currentId() == PAGE_SUMMARY
    wizard.next()
    assert progress.running() and progress.task is not None
    task = progress.task
    reports: list[int] = []

    def cancel_mid_way(done: int, _total: int) -> None:
        reports.append(done)
        task.cancel()

    task.signals.progress.connect(cancel_mid_way, Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: not progress.running(), timeout=15000)
    assert reports and reports[0] < 700  # rows were written into the transaction before the cancel
    assert wizard.import_result is None and "cancelled" in progress.message.text()
    assert counts(vault) == before
    assert wizard.button(QWizard.WizardButton.BackButton).isVisible()
    wizard.button(QWizard.WizardButton.CancelButton).click()  # now Cancel closes the wizard
    assert not wizard.isVisible()


def test_once_every_row_is_read_the_page_says_it_is_saving_and_cancel_is_off(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard = at_summary(qtbot, vault, tmp_path, 300)
    progress = wizard.progress_page
    seen: list[tuple[str, bool, bool, int]] = []
    wizard_cancel = wizard.button(QWizard.WizardButton.CancelButton)

    def look(done: int, total: int) -> None:  # queued after the page's own slot: sees what it did
        seen.append((progress.status.text(), progress.cancel_button.isEnabled(), wizard_cancel.isEnabled(),
                     progress.bar.maximum()))

    wizard.next()
    assert progress.task is not None
    progress.task.signals.progress.connect(look, Qt.ConnectionType.QueuedConnection)
    qtbot.waitUntil(lambda: not progress.running(), timeout=15000)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert ("All 300 rows are read; saving them in the vault…", False, False, 0) in seen
    assert wizard_cancel.isEnabled()  # the import is over: the wizard's buttons work again
    progress.cancel_import()  # too late to cancel: nothing claims it is cancelling
    assert "Cancelling" not in progress.status.text()
    assert wizard.import_result is not None and wizard.import_result.created == 300


def test_sheet_page_proposes_the_client_list_first(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Notes"
    wb.active.append(["just a note"])
    people = wb.create_sheet("Клиенты")
    for row in HEADER_ON_ROW_3[2:]:
        people.append(row)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    wizard = make_wizard(qtbot, vault, path)
    go(wizard, PAGE_SHEET)
    ARTIFACTS.mkdir(exist_ok=True)
    assert wizard.grab().save(str(ARTIFACTS / "import_1b_sheet_en.png"))
    sheets = wizard.sheet_page.sheets
    assert sheets.item(0).data(Qt.ItemDataRole.UserRole) == "Клиенты" and sheets.currentRow() == 0
    assert wizard.sheet_page.preview.item(0, 0).text() == "ФИО"
    go(wizard, PAGE_HEADER)
    assert wizard.analysis.sheet == "Клиенты"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_wizard_pages_rendered_in_both_languages(qtbot, vault, tmp_path, lang) -> None:  # type: ignore[no-untyped-def]
    """Every page offscreen to test-artifacts/import_<page>_<lang>.png, for a person to look at."""
    app = QApplication.instance()
    i18n.install_translators(app, lang)
    try:
        with vault.transaction() as s:
            clients.create_client(s, ClientInput(last_name="Петрова", first_name="Анна", phones=["+79035551122"]))
        path = write_xlsx(tmp_path / "клиенты.xlsx", HEADER_ON_ROW_3)
        ARTIFACTS.mkdir(exist_ok=True)
        renamed = tmp_path / "photo.xlsx"
        renamed.write_bytes(BAD_FILES["photo.xlsx"][0])
        wizard = make_wizard(qtbot, vault, renamed)
        wizard.next()
        assert wizard.grab().save(str(ARTIFACTS / f"import_0_bad_file_{lang}.png"))
        assert wizard.file_page.message.text().startswith({"ru": "Файл «photo.xlsx»", "en": "The file “photo.xlsx”"}[lang])
        wizard.file_page.path_edit.setText(str(path))
        names = ["file", "header", "mapping", "preview", "duplicates", "summary"]
        for index, name in enumerate(names):
            QApplication.processEvents()
            picture = wizard.grab()
            assert picture.save(str(ARTIFACTS / f"import_{index + 1}_{name}_{lang}.png"))
            if name != "summary":
                wizard.next()
        import_to_report(qtbot, wizard)
        picture = wizard.grab()
        assert picture.save(str(ARTIFACTS / f"import_7_report_{lang}.png"))
        title = wizard.report_page.title()
        assert title == {"ru": "Импорт завершён", "en": "Import finished"}[lang]
    finally:
        i18n.install_translators(app, "en")


def test_purchases_are_linked_to_clients_and_counted_in_the_report(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        ivanov = clients.create_client(s, ClientInput(last_name="Иванов", first_name="Иван",
                                                      phones=["+79161234567"])).id
    path = write_csv(tmp_path / "orders.csv", "Дата;Клиент;Телефон;Сумма;Товар\n"
                                              "01.03.2024;Иванов Иван;+7 916 123-45-67;1 500,50 ₽;Чай\n"
                                              "02.03.2024;Новый Покупатель;;300;Кофе\n"
                                              "03.03.2024;Иванов Иван;89161234567;не знаю;Сахар\n")
    wizard = make_wizard(qtbot, vault, path)
    wizard.file_page.purchases_radio.setChecked(True)
    go(wizard, PAGE_HEADER)
    go(wizard, PAGE_MAPPING)
    assert [c.currentData() for c in wizard.mapping_page.combos] == ["date", "full_name", "phone", "amount", "item"]
    go(wizard, PAGE_PREVIEW)
    amount = wizard.preview_page.rows[0].cells[3]
    assert amount.text == "1\u00a0500.50 RUB"
    assert wizard.preview_page.rows[2].cells[3].problems  # "не знаю" is not an amount
    go(wizard, PAGE_DUPLICATES)
    dup = wizard.duplicates_page
    assert dup.create_clients.isVisible() and not dup.mode_buttons["fill"].isVisible()
    dup.create_clients.setChecked(False)  # a customer not in the base is rejected, not created
    go(wizard, PAGE_SUMMARY)
    import_to_report(qtbot, wizard)
    report = wizard.report_page
    assert (total(report, "purchases"), total(report, "rejected"), total(report, "created")) == (2, 1, 0)
    with vault.session() as s:
        bought = s.scalars(select(m.Purchase).order_by(m.Purchase.date)).all()
        assert [(p.client_id, p.amount_minor, p.item) for p in bought] == [(ivanov, 150050, "Чай"),
                                                                          (ivanov, 0, "Сахар")]
    assert report.table.item(0, 1).text() == "rejected" and "Новый Покупатель" in report.table.item(0, 3).text()


def test_history_of_visits_is_linked_to_clients_and_can_be_undone(qtbot, vault, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        ivanov = clients.create_client(s, ClientInput(last_name="Иванов", first_name="Иван",
                                                      phones=["+79161234567"])).id
        petrova = clients.create_client(s, ClientInput(last_name="Петрова", first_name="Анна",
                                                       emails=["anna@example.com"])).id
    path = write_csv(tmp_path / "visits.csv", "Дата;Телефон;E-mail;Тип;Тема;Оценка\n"
                                              "01.03.2024 10:00;8 (916) 123-45-67;;визит;Стрижка;\n"
                                              "02.03.2024 18:30;;Anna@Example.com;опрос;Качество;9\n"
                                              "03.03.2024;+7 999 000-00-00;;звонок;Кто это?;\n", encoding="cp1251")
    wizard = make_wizard(qtbot, vault, path)
    wizard.file_page.history_radio.setChecked(True)
    assert wizard.file_page.history_radio.text() == "History (contacts, visits)"
    go(wizard, PAGE_HEADER)
    go(wizard, PAGE_MAPPING)
    assert [c.currentData() for c in wizard.mapping_page.combos] == ["date", "phone", "email", "kind", "subject",
                                                                     "rating"]
    go(wizard, PAGE_PREVIEW)
    first = wizard.preview_page.rows[0].cells
    assert first[3].text == "meeting or visit" and first[0].text.endswith(", 10:00")
    go(wizard, PAGE_DUPLICATES)
    dup = wizard.duplicates_page
    assert dup.create_clients.isVisible() and dup.purchase_note.text().startswith("Each entry is linked")
    dup.create_clients.setChecked(False)
    go(wizard, PAGE_SUMMARY)
    assert total(wizard.summary_page, "interactions") == 2
    import_to_report(qtbot, wizard)
    report = wizard.report_page
    assert (total(report, "interactions"), total(report, "rejected"), total(report, "created")) == (2, 1, 0)
    assert not report.form.isRowVisible(report.totals["purchases"])
    assert report.table.item(0, 1).text() == "rejected"
    with vault.session() as s:
        rows = s.scalars(select(m.Interaction).order_by(m.Interaction.occurred_at)).all()
        assert [(r.client_id, r.kind, r.subject, r.rating) for r in rows] == [(ivanov, "meeting", "Стрижка", None),
                                                                             (petrova, "feedback", "Качество", 9)]
        assert s.get(m.ClientStats, petrova).interaction_count == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    report.undo_button.click()
    qtbot.waitUntil(lambda: not report.undo_button.isEnabled(), timeout=15000)
    with vault.session() as s:
        assert s.scalar(select(m.Interaction)) is None


def test_history_choice_and_its_totals_are_in_russian(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    i18n.install_translators(app, "ru")
    try:
        wizard = make_wizard(qtbot, vault, None)
        assert wizard.file_page.history_radio.text() == "История (контакты, визиты)"
        ARTIFACTS.mkdir(exist_ok=True)
        assert wizard.grab().save(str(ARTIFACTS / "import_0_file_history_ru.png"))
        labels = {wizard.report_page.form.labelForField(w).text() for w in wizard.report_page.totals.values()}
        assert "Записей истории:" in labels
    finally:
        i18n.install_translators(app, "en")


def _restore_points(vault) -> list[str]:  # type: ignore[no-untyped-def]
    from clientbook.core import backup

    return [r.file for r in backup.list_backups(vault) if r.kind == backup.RESTORE_POINT]


def test_the_restore_point_is_made_while_the_totals_are_read_and_the_import_uses_it(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """At 100,000 clients the import no longer waits ~3 s for its restore point after Import is pressed."""
    wizard = at_summary(qtbot, vault, tmp_path, 50)
    ahead = wizard.ahead
    assert ahead is not None  # started when the totals were shown, on a thread of its own
    qtbot.waitUntil(lambda: not ahead._thread.is_alive(), timeout=15000)
    made = _restore_points(vault)
    assert len(made) == 1
    import_to_report(qtbot, wizard)
    assert wizard.import_result is not None and wizard.import_result.created == 50
    assert _restore_points(vault) == made  # the import used it: no second one for the same base
    page = wizard.report_page  # no row needs a look: the table is hidden and the page stays together
    last = page.totals["problems"]
    below = page.save_button.mapTo(page, QPoint(0, 0)).y() - (last.mapTo(page, QPoint(0, 0)).y() + last.height())
    assert not page.table.isVisible() and 0 <= below < 40, below
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert _restore_points(vault) == made  # closing after the import keeps it


def test_closing_the_wizard_at_the_totals_leaves_no_restore_point(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard = at_summary(qtbot, vault, tmp_path, 50)
    assert wizard.ahead is not None
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert not wizard.isVisible() and wizard.ahead is None
    vault.wait_beside()
    assert _restore_points(vault) == [] and counts(vault)["clients"] == 0


def test_keeping_fill_on_the_duplicates_page_does_not_check_the_file_again(qtbot, vault, tmp_path,  # type: ignore[no-untyped-def]
                                                                           monkeypatch) -> None:
    """At 100,000 rows each check of the whole file is ~5 s: the duplicates scan ("fill") is also the
    totals when the user keeps "fill"; another choice checks again, and its totals are its own."""
    from clientbook.core.importing import dry_runs

    modes: list[str] = []
    real = dry_runs.run_import
    monkeypatch.setattr(dry_runs, "run_import", lambda *a, **k: modes.append(a[2].on_duplicate) or real(*a, **k))
    with vault.transaction() as s:
        clients.create_client(s, ClientInput(last_name="Клиент00001", first_name="Тестовый",
                                             phones=["+79160000001"]))
    wizard = at_summary(qtbot, vault, tmp_path, 5)
    assert modes == ["fill"] and wizard.dry is wizard.scan
    assert (total(wizard.summary_page, "created"), total(wizard.summary_page, "updated")) == (4, 1)
    wizard.back()
    assert wizard.currentId() == PAGE_DUPLICATES
    wizard.duplicates_page.mode_buttons["skip"].setChecked(True)
    go(wizard, PAGE_SUMMARY)
    assert modes == ["fill", "skip"]
    assert (total(wizard.summary_page, "created"), total(wizard.summary_page, "skipped")) == (4, 1)
    import_to_report(qtbot, wizard)
    assert wizard.import_result is not None and wizard.import_result.skipped == 1


def test_the_check_of_the_whole_file_shows_progress_and_cancel_stops_it(qtbot, vault, tmp_path,  # type: ignore[no-untyped-def]
                                                                        monkeypatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from clientbook.core.importing import ImportCancelledError, dry_runs

    monkeypatch.setattr("clientbook.core.importing.commit.CHUNK", 100)
    ended: list[str] = []
    real = dry_runs.run_import

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            result = real(*args, **kwargs)
        except ImportCancelledError:
            ended.append("cancelled")
            raise
        ended.append("done")
        return result

    monkeypatch.setattr(dry_runs, "run_import", watched)
    lines = ["ФИО;Телефон"] + [f"Клиент{i:05d} Тестовый;+7916{i:07d}" for i in range(3000)]
    wizard = make_wizard(qtbot, vault, write_csv(tmp_path / "big.csv", "\n".join(lines) + "\n"))
    for page in (PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW):
        go(wizard, page)
    shown: list[tuple[int, int]] = []

    def cancel_once_it_moves() -> None:  # runs inside the check's own event loop
        for dialog in wizard.findChildren(QProgressDialog):
            if dialog.maximum() > 0 and not shown:
                shown.append((dialog.value(), dialog.maximum()))
                dialog.cancel()

    poll = QTimer()
    poll.timeout.connect(cancel_once_it_moves)
    poll.start(1)
    wizard.next()  # the whole file is checked for duplicates: cancelled as soon as its bar moves
    poll.stop()
    assert shown and 0 < shown[0][0] < shown[0][1]  # a real bar, not a busy indicator
    assert ended == ["cancelled"] and wizard.currentId() == PAGE_PREVIEW and wizard.scan is None
    assert counts(vault)["clients"] == 0
    go(wizard, PAGE_DUPLICATES)  # Next again: the check runs to its end
    assert ended == ["cancelled", "done"] and wizard.scan is not None and wizard.scan.created == 3000


def test_the_sheet_is_parsed_once_a_file_saved_again_is_read_anew_and_closing_frees_it(qtbot, vault,  # type: ignore[no-untyped-def]
                                                                                       tmp_path) -> None:
    import os

    rows = [["ФИО", "Телефон"]] + [[f"Клиентов{i} Иван", f"+7 916 000-00-{i:02d}"] for i in range(20)]
    path = write_xlsx(tmp_path / "clients.xlsx", rows)
    wizard = make_wizard(qtbot, vault, path)
    for _ in range(4):  # the sheet, header and mapping pages, as a single sheet needs them
        if wizard.currentId() != PAGE_PREVIEW:
            wizard.next()
    assert wizard.currentId() == PAGE_PREVIEW
    parsed = wizard.kept._sheet  # noqa: SLF001  (the preview's parse, kept for the next readings)
    assert parsed is not None
    go(wizard, PAGE_DUPLICATES)
    go(wizard, PAGE_SUMMARY)
    assert wizard.kept._sheet is parsed and total(wizard.summary_page, "created") == 20  # noqa: SLF001
    write_xlsx(path, [*rows, ["Новиков Пётр", "+7 916 000-00-99"]])  # the user saved the file again
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    import_to_report(qtbot, wizard)
    assert wizard.import_result is not None and wizard.import_result.created == 21
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.kept._sheet is None  # noqa: SLF001  (a million rows' cells are not kept after it)


def test_closing_the_wizard_lets_go_of_its_check_and_its_sheet(qtbot, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """As on lock (the main window closes its windows first): no connection or parsed cells stay."""
    wizard = at_summary(qtbot, vault, tmp_path, 20)
    assert wizard.dry_runs._last is not None  # noqa: SLF001  (its data_version watch is a connection)
    wizard.close()
    assert wizard.dry_runs._last is None and wizard.kept._sheet is None  # noqa: SLF001


def test_the_restore_point_starts_on_the_duplicates_page_and_goes_if_the_wizard_closes(qtbot, vault,  # type: ignore[no-untyped-def]
                                                                                       tmp_path) -> None:
    """With "fill" kept the totals come at once, so Import may follow at once: the restore point is
    begun while the duplicates page is read; closing there leaves none behind."""
    lines = ["ФИО;Телефон"] + [f"Клиент{i:05d} Тестовый;+7916{i:07d}" for i in range(30)]
    wizard = make_wizard(qtbot, vault, write_csv(tmp_path / "some.csv", "\n".join(lines) + "\n"))
    for page in (PAGE_HEADER, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DUPLICATES):
        go(wizard, page)
    ahead = wizard.ahead
    assert ahead is not None
    go(wizard, PAGE_SUMMARY)
    assert wizard.ahead is ahead  # the same one, not a second
    wizard.back()
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert not wizard.isVisible() and wizard.ahead is None
    vault.wait_beside()
    assert _restore_points(vault) == [] and counts(vault)["clients"] == 0
