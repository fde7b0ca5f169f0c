"""The card's "Personal data" menu: the subject report and the erasure, driven as a user would, with
screenshots of both flows in Russian and English saved to test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from card_helpers import add_rich_client
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from clientbook.core import backup
from clientbook.core import models as m
from clientbook.ui.card import ClientCard
from clientbook.ui.card.privacy_dialogs import EraseDialog, EraseResultDialog, PrivacyReportDialog
from clientbook.ui.i18n import install_translators

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ENGLISH_LEFT = ("Personal data", "Erase", "Ground", "Section", "Backup", "Destroyed", "Save report")


@pytest.fixture
def language(request, qapp, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLIENTBOOK_LANG", request.param)
    install_translators(qapp, request.param)
    yield request.param
    install_translators(qapp, "en")


def _texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QPushButton) if w.text()]


@pytest.mark.parametrize("language", ["ru", "en"], indirect=True)
def test_report_and_erase_flows(qtbot, vault, language, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    client_id = add_rich_client(vault)
    backup.make_backup(vault, "manual")
    card = ClientCard(vault, client_id)
    qtbot.addWidget(card)
    card.show()
    assert card.privacy.isEnabled()
    assert card.privacy.text() == ("Персональные данные" if language == "ru" else "Personal data")

    report_dialog = card.open_privacy_report()
    assert isinstance(report_dialog, PrivacyReportDialog)
    qtbot.addWidget(report_dialog)
    qtbot.waitUntil(lambda: report_dialog.counted)  # counted on a worker, filled on the GUI thread
    counts = {report_dialog.sections.topLevelItem(i).text(0): report_dialog.sections.topLevelItem(i).text(1)
              for i in range(report_dialog.sections.topLevelItemCount())}
    history, purchases = ("История", "Покупки") if language == "ru" else ("History", "Purchases")
    assert counts[history] == "2" and counts[purchases] == "2"
    target = tmp_path / "report.xlsx"
    items = report_dialog.save_to(target)
    assert target.stat().st_size > 0 and items > 10
    assert str(target) in report_dialog.state.text()
    QApplication.processEvents()
    assert report_dialog.grab().save(str(ARTIFACTS / f"privacy-report-{language}.png"))
    if language == "ru":
        assert not [t for t in _texts(report_dialog) if t in ENGLISH_LEFT]
    report_dialog.close()

    erase_dialog = card.open_erase()
    assert isinstance(erase_dialog, EraseDialog)
    qtbot.addWidget(erase_dialog)
    assert not erase_dialog.erase_button.isEnabled()  # nothing happens without the confirmation
    erase_dialog.ground.setCurrentIndex(erase_dialog.ground.findData("withdrawal"))
    erase_dialog.act_path.setText(str(tmp_path / "act.xlsx"))
    erase_dialog.confirm.setChecked(True)
    QApplication.processEvents()
    assert erase_dialog.grab().save(str(ARTIFACTS / f"privacy-erase-{language}.png"))
    if language == "ru":
        assert not [t for t in _texts(erase_dialog) if t in ENGLISH_LEFT]
    qtbot.mouseClick(erase_dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(getattr(card, "erase_result", None), EraseResultDialog), timeout=60_000)
    shown: EraseResultDialog = card.erase_result
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: not card.isVisible())
    with vault.session() as s:
        assert s.get(m.Client, client_id) is None
    assert (tmp_path / "act.xlsx").exists() and (tmp_path / "act.html").exists()
    held = [shown.backups.topLevelItem(i).text(0) for i in range(shown.backups.topLevelItemCount())]
    assert len(held) == 2 and all(shown.backups.topLevelItem(i).text(1) for i in range(len(held)))
    QApplication.processEvents()
    assert shown.grab().save(str(ARTIFACTS / f"privacy-erase-result-{language}.png"))
    if language == "ru":
        assert "уничтожены" in shown.summary.text()
        assert not [t for t in _texts(shown) if t in ENGLISH_LEFT]


@pytest.mark.parametrize("language", ["ru", "en"], indirect=True)
def test_a_redacted_entry_reads_as_erased_in_the_change_log(vault, language) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from clientbook.core import audit
    from clientbook.ui.card.changes_tab import describe

    client_id = add_rich_client(vault)
    with vault.transaction() as s:
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.client_id == client_id)).first()
        assert entry is not None
        audit.redact(s.connection(), [entry.id])
    with vault.session() as s:
        redacted = s.get(m.AuditEntry, entry.id)
        assert redacted is not None and redacted.old is None and redacted.new is None
        line = describe(redacted)
        assert audit.verify_audit_chain(s).ok
    assert ("содержимое уничтожено" if language == "ru" else "content erased") in line
