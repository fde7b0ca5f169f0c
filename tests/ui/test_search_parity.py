"""`clientbook search` is documented as "search as the search box does": the same ids, in the same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clientbook import cli
from clientbook.core import clients
from clientbook.core.clients import ClientInput, ContactInput
from clientbook.core.vault import Vault
from clientbook.ui.client_list_model import ClientListModel, Filter

PASSWORD = "пароль для сверки"

# (CLI arguments, the list's filter): name, phone fragments, e-mail, contact person, a second phone,
# a city, a phone too short to search, a tag with and without a search text, archived included.
CASES = [
    (["анна"], Filter(text="анна")),
    (["ФЁДОР"], Filter(text="ФЁДОР")),
    (["916 12"], Filter(text="916 12")),
    (["123-45"], Filter(text="123-45")),
    (["zakaz@"], Filter(text="zakaz@")),
    (["Сергеев"], Filter(text="Сергеев")),
    (["495 777"], Filter(text="495 777")),
    (["тверь"], Filter(text="тверь")),
    (["+7"], Filter(text="+7")),
    (["", "--tag", "VIP"], Filter(kind="tag", tag="VIP")),
    (["анна", "--tag", "vip"], Filter(kind="tag", tag="vip", text="анна")),
    (["орлов", "--archived"], Filter(kind="everything", text="орлов")),
]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "parity.db"
    with Vault.create(path, PASSWORD) as vault, vault.transaction() as s:
        add = clients.create_client
        add(s, ClientInput(last_name="Фёдорова", first_name="Анна", city="Тверь", phones=["+7 916 123-45-67"],
                           tags=["vip"]))
        add(s, ClientInput(last_name="Федоров", first_name="Пётр", city="Москва", phones=["8 916 120-00-01"]))
        add(s, ClientInput(last_name="Аннина", first_name="Вера", city="Тверь", tags=["VIP"]))
        add(s, ClientInput(kind="company", company_name="ООО «Ромашка»", city="Тверь",
                           phones=["+7 916 100-00-00", "+7 495 777-12-34"],
                           emails=["info@romashka.ru", "zakaz@romashka.ru"],
                           contacts=[ContactInput(last_name="Сергеев", first_name="Иван")]))
        add(s, ClientInput(last_name="Сергеева", first_name="Анна", emails=["anna@example.ru"]))
        orlov = add(s, ClientInput(last_name="Орлов", first_name="Анатолий", phones=["+7 903 123-45-00"]))
        add(s, ClientInput(last_name="Орлова", first_name="Нина"))
        clients.set_archived(s, [orlov.id])
    return path


def _cli_search(args: list[str], path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], str]:
    monkeypatch.setenv("CLIENTBOOK_PASSWORD", PASSWORD)
    monkeypatch.setenv("CLIENTBOOK_LANG", "en")
    capsys.readouterr()
    code = cli.main(["search", *args, "--vault", str(path), "--json", "--limit", "1000"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return [row["id"] for row in json.loads(out.out)], out.err


def test_cli_search_returns_the_ids_the_list_shows(qtbot, base, capsys, monkeypatch):
    from_cli = {i: _cli_search(args, base, capsys, monkeypatch) for i, (args, _flt) in enumerate(CASES)}
    vault = Vault.open(base, PASSWORD)
    try:
        model = ClientListModel(vault)
        for i, (args, flt) in enumerate(CASES):
            model.set_filter(flt)
            qtbot.waitUntil(lambda: model.is_loaded)  # the list reads on a worker
            shown = model.client_ids(range(model.rowCount()))
            ids, notes = from_cli[i]
            assert ids == shown, args
            assert model.too_short == ("Type at least 3 digits" in notes), args
    finally:
        vault.close()
    # Each case shows something the others do not, except the phone too short to search.
    assert from_cli[8][0] == [] and all(from_cli[i][0] for i in range(len(CASES)) if i != 8)
    assert len(from_cli[2][0]) == 2 and len(from_cli[10][0]) == 1 and len(from_cli[11][0]) == 2
