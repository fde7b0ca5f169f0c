"""Duplicate scan on a real encrypted vault: each realistic variation is found, strangers are not paired."""

from __future__ import annotations

import pytest

from clientbook.core import clients, dedup
from clientbook.core.clients import ClientInput, PhoneInput


def _add(vault, **fields) -> int:  # type: ignore[no-untyped-def]
    with vault.transaction() as s:
        return clients.create_client(s, ClientInput(**fields)).id


def _pairs(vault, **kwargs) -> dict[tuple[int, int], dedup.Candidate]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        return {(c.a, c.b): c for c in dedup.scan(s, **kwargs)}


def _pair(a: int, b: int) -> tuple[int, int]:
    return (min(a, b), max(a, b))


VARIATIONS = {
    "phone written differently": (
        dict(last_name="Смирнов", first_name="Олег", phones=["+7 916 123-45-67"], city="Москва"),
        dict(last_name="Смирнов", first_name="Олег", phones=["8 (916) 1234567"]),
    ),
    "typo in surname": (
        dict(last_name="Кузнецова", first_name="Марина", phones=["+79031112233"]),
        dict(last_name="Кузнецава", first_name="Марина", phones=["89031112233"]),
    ),
    "swapped name order": (
        dict(last_name="Соколов", first_name="Павел", emails=["pavel.sokolov@example.ru"]),
        dict(last_name="Павел", first_name="Соколов", emails=["Pavel.Sokolov@example.ru"]),
    ),
    "ё written as е": (
        dict(last_name="Королёв", first_name="Артём", phones=["+79265554433"]),
        dict(last_name="Королев", first_name="Артем", phones=["+7 926 555 44 33"]),
    ),
    "Latin transliteration": (
        dict(last_name="Щербакова", first_name="Юлия", emails=["yulia.sh@example.com"]),
        dict(last_name="Shcherbakova", first_name="Iuliia", emails=["yulia.sh@example.com"]),
    ),
    "company legal form changed": (
        dict(kind="company", company_name="ООО «Ромашка»", inn="7707083893", phones=["+74951234567"]),
        dict(kind="company", company_name="Romashka LLC", phones=["8 495 123 45 67"]),
    ),
    "same name and address, no shared contact": (
        dict(last_name="Фёдоров", first_name="Игорь", city="Казань", address="ул. Баумана, д. 12, кв. 7",
             phones=["+79171230001"]),
        dict(last_name="Федоров", first_name="Игорь", city="Казань", address="Баумана 12-7",
             phones=["+79171230002"]),
    ),
}


@pytest.mark.parametrize("variation", list(VARIATIONS))
def test_planted_duplicate_of_each_variation_is_found(vault, variation: str) -> None:  # type: ignore[no-untyped-def]
    first, second = VARIATIONS[variation]
    # some unrelated clients around them
    _add(vault, last_name="Петров", first_name="Пётр", phones=["+79160000001"], city="Москва")
    _add(vault, last_name="Зайцева", first_name="Анна", emails=["anna@example.org"])
    a = _add(vault, **first)
    b = _add(vault, **second)
    found = _pairs(vault)
    assert _pair(a, b) in found, variation
    assert len(found) == 1
    assert found[_pair(a, b)].score >= dedup.DEFAULT_MIN_SCORE


def test_reasons_say_why_in_both_languages(vault) -> None:  # type: ignore[no-untyped-def]
    a = _add(vault, last_name="Смирнов", first_name="Олег", phones=["+7 916 123-45-67"])
    b = _add(vault, last_name="Смирнов", first_name="Олег", phones=["89161234567"])
    (cand,) = _pairs(vault).values()
    assert {cand.a, cand.b} == {a, b}
    texts_en = cand.reason_texts("en")
    assert "same phone +7 916 123-45-67" in texts_en
    assert "name 100 % similar" in texts_en
    assert "одинаковый телефон +7 916 123-45-67" in cand.reason_texts("ru")
    assert cand.score == 100


def test_common_name_strangers_are_not_paired(vault) -> None:  # type: ignore[no-untyped-def]
    cities = ["Москва", "Казань", "Тверь", "Омск", "Самара", "Пермь"]
    for i, city in enumerate(cities):
        _add(vault, last_name="Иванов", first_name="Иван", city=city, phones=[f"+7916555000{i}"],
             address=f"ул. Ленина, д. {i + 1}")
    # same name, same city, different address and contacts
    _add(vault, last_name="Иванов", first_name="Иван", city="Москва", phones=["+79165550099"],
         address="ул. Мира, д. 40")
    assert _pairs(vault, min_score=50) == {}


def test_family_sharing_a_phone_is_not_a_duplicate(vault) -> None:  # type: ignore[no-untyped-def]
    _add(vault, last_name="Иванов", first_name="Сергей", phones=["+74957778899"])
    _add(vault, last_name="Иванова", first_name="Мария", phones=["+74957778899"])
    assert _pairs(vault) == {}


def test_not_duplicates_are_left_out_and_persist_across_sessions(vault, password, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from clientbook.core.vault import Vault

    a = _add(vault, last_name="Смирнов", first_name="Олег", phones=["+79161234567"])
    b = _add(vault, last_name="Смирнов", first_name="Олег", phones=["+79161234567"])
    assert _pair(a, b) in _pairs(vault)
    with vault.transaction() as s:
        assert dedup.mark_not_duplicates(s, [b, a]) == 1
    path = vault.path
    vault.close()
    reopened = Vault.open(path, password)
    try:
        with reopened.session() as s:
            assert dedup.scan(s) == []
        with reopened.transaction() as s:
            assert dedup.unmark_not_duplicates(s, b, a)
        with reopened.session() as s:
            assert [(c.a, c.b) for c in dedup.scan(s)] == [_pair(a, b)]
    finally:
        reopened.close()


def test_groups_join_connected_pairs(vault) -> None:  # type: ignore[no-untyped-def]
    a = _add(vault, last_name="Смирнов", first_name="Олег", phones=["+79161234567"])
    b = _add(vault, last_name="Смирнов", first_name="Олег", phones=["+79161234567"], emails=["o@example.ru"])
    c = _add(vault, last_name="Smirnov", first_name="Oleg", emails=["o@example.ru"])
    d = _add(vault, last_name="Лебедев", first_name="Антон", emails=["a@example.ru"])
    e = _add(vault, last_name="Лебедев", first_name="Антон", emails=["a@example.ru"])
    with vault.session() as s:
        groups = dedup.scan_groups(s)
    assert sorted(g.client_ids for g in groups) == [sorted([a, b, c]), sorted([d, e])]


def test_big_shared_phone_block_is_windowed_not_all_pairs(vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dedup, "MAX_BLOCK", 5)
    monkeypatch.setattr(dedup, "WINDOW", 2)
    ids = [_add(vault, last_name=f"Сотрудник{i:02d}", first_name="Офис", phones=["+74950000000"]) for i in range(20)]
    with vault.session() as s:
        cursor = dedup._cursor(s)
        pairs = dedup.candidate_pairs(cursor)
        cursor.close()
    assert 0 < len(pairs) <= 2 * 20 * 2  # two windowed orders; all pairs would be 190
    assert {x for p in pairs for x in p} == set(ids)


def test_likely_duplicates_for_a_new_card(vault) -> None:  # type: ignore[no-untyped-def]
    a = _add(vault, last_name="Щербакова", first_name="Юлия", phones=["+79031234567"], city="Тверь")
    _add(vault, last_name="Орлов", first_name="Денис", phones=["+79037654321"])
    with vault.session() as s:
        by_phone = dedup.likely_duplicates(s, ClientInput(last_name="Щербакова", first_name="Юля",
                                                          phones=[PhoneInput("8 903 123 45 67")]))
        by_latin = dedup.likely_duplicates(s, ClientInput(last_name="Shcherbakova", first_name="Yuliya",
                                                          phones=["+79031234567"]))
        stranger = dedup.likely_duplicates(s, ClientInput(last_name="Новиков", first_name="Глеб",
                                                          phones=["+79990001122"]))
        same_name_only = dedup.likely_duplicates(s, ClientInput(last_name="Щербакова", first_name="Юлия"))
    assert [c.b for c in by_phone] == [a]
    assert [c.b for c in by_latin] == [a]
    assert stranger == []
    assert same_name_only == []


def test_scan_can_be_cancelled(vault) -> None:  # type: ignore[no-untyped-def]
    _add(vault, last_name="Смирнов", first_name="Олег", phones=["+79161234567"])
    _add(vault, last_name="Смирнов", first_name="Олег", phones=["+79161234567"])
    with vault.session() as s, pytest.raises(dedup.ScanCancelledError):
        dedup.scan(s, should_cancel=lambda: True)


@pytest.mark.parametrize("cards", [2, 3, 4, 5])
@pytest.mark.parametrize("shared", ["phone", "e-mail"])
@pytest.mark.parametrize("cities", ["none", "same", "different"])
def test_a_contact_shared_by_a_few_cards_is_a_reason_for_every_pair(vault, cards: int, shared: str,  # type: ignore[no-untyped-def]
                                                                    cities: str) -> None:
    """One client entered three or four times: each pair gets "same phone"/"same e-mail", as two cards do."""
    towns = ["Тверь", "Казань", "Омск", "Пермь", "Самара"]
    ids = []
    for i in range(cards):
        contact = {"phones": ["+7 916 123-45-67" if i % 2 else "8 (916) 1234567"]} if shared == "phone" \
            else {"emails": ["Ivan.Petrov@example.org" if i % 2 else "ivan.petrov@example.org"]}
        city = {"none": None, "same": "Тверь", "different": towns[i]}[cities]
        ids.append(_add(vault, last_name="Петров", first_name="Иван", city=city, **contact))
    found = _pairs(vault)
    expected = {_pair(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]}
    assert set(found) == expected
    for candidate in found.values():
        texts = candidate.reason_texts("en")
        assert any(t.startswith(f"same {shared}") for t in texts), texts
        assert any(t.startswith("одинаковый") for t in candidate.reason_texts("ru"))


def test_a_switchboard_on_many_cards_is_no_evidence_between_cities(vault) -> None:  # type: ignore[no-untyped-def]
    towns = ["Тверь", "Казань", "Омск", "Пермь", "Самара", "Сочи", "Курск"]
    for town in towns:
        _add(vault, last_name="Иванов", first_name="Иван", city=town, phones=["+74950000000"])
    assert len(towns) > dedup.SHARED_BY_MANY
    assert _pairs(vault) == {}


def test_a_different_patronymic_is_two_people_even_on_one_phone(vault) -> None:  # type: ignore[no-untyped-def]
    """Father and son at one home phone, and two namesakes born the same day: not duplicates."""
    _add(vault, last_name="Кузнецов", first_name="Тимур", middle_name="Дмитриевич", birthday="07.12.1973",
         city="Нижний Новгород", phones=["+79955553517"])
    _add(vault, last_name="Кузнецов", first_name="Тимур", middle_name="Юрьевич", birthday="07.12.1973",
         city="Волгоград", phones=["+79166352882"])
    _add(vault, last_name="Орлов", first_name="Иван", middle_name="Петрович", phones=["+74957778800"])
    _add(vault, last_name="Орлов", first_name="Иван", middle_name="Иванович", phones=["+7 495 777-88-00"])
    assert _pairs(vault) == {}
    assert len(_pairs(vault, min_score=dedup.MAYBE)) == 2  # still there for a lower threshold


def test_a_similar_name_born_the_same_day_in_another_city_is_a_namesake(vault) -> None:  # type: ignore[no-untyped-def]
    _add(vault, last_name="Ушакова", first_name="Инна", middle_name="Максимовна", birthday="20.02.1996",
         city="Москва", phones=["+79310611869"])
    _add(vault, last_name="Ушакова", first_name="Ирина", middle_name="Максимовна", birthday="20.02.1996",
         city="Кемерово", phones=["+79212908252"])
    assert _pairs(vault) == {}


def test_the_same_person_without_a_shared_contact_is_still_found(vault) -> None:  # type: ignore[no-untyped-def]
    """The rules above leave the real ones: the same full name and birthday in one city, a patronymic
    left out, or moved to another city under the very same name."""
    a = _add(vault, last_name="Михеева", first_name="Нина", middle_name="Леонидовна", birthday="27.03.1952",
             city="Ижевск", address="ул. Ленина, д. 10, кв. 163", emails=["mikheeva.n3@mail.ru"])
    b = _add(vault, last_name="Михеева", first_name="Нина", middle_name="Леонидовна", birthday="27.03.1952",
             city="Ижевск", address="ул. Победы, д. 7, кв. 130", phones=["+79284910907"])
    c = _add(vault, last_name="Блинов", first_name="Алексей", middle_name="Игоревич", birthday="04.05.1984",
             city="Москва", phones=["+79046279845"])
    d = _add(vault, last_name="Блинов", first_name="Алексей", birthday="04.05.1984", city="Казань",
             phones=["+79526294239"])
    assert set(_pairs(vault)) == {_pair(a, b), _pair(c, d)}
