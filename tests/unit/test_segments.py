"""Segment definitions of every condition kind against a hand-built vault with known answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from segments_known_vault import TODAY, Known, build
from sqlalchemy import event, func, select

from clientbook.core import models as m
from clientbook.core import search, segments
from clientbook.core.errors import KnownError


@pytest.fixture
def known(vault) -> Known:  # type: ignore[no-untyped-def]
    return build(vault)


def ids(vault, definition: Any, today: dt.date = TODAY, **kw: Any) -> set[int]:  # type: ignore[no-untyped-def]
    with vault.session() as s:
        found = segments.segment_client_ids(s, definition, today=today, **kw)
        count = segments.count_segment(s, definition, today=today, **kw)
    assert count == len(found)
    return set(found)


def cond(kind: str, **kw: Any) -> dict[str, Any]:
    return {"kind": kind, **kw}


def field(name: str, op: str, value: Any = None) -> dict[str, Any]:
    return cond("field", field=name, op=op, value=value)


# ---- client fields ------------------------------------------------------------------------------
def test_text_contains_and_equals_fold_cyrillic_case_and_yo(vault, known: Known) -> None:
    assert ids(vault, field("city", "contains", "МОСК")) == {known.ivanov, known.romashka}
    assert ids(vault, field("city", "equals", "москва")) == {known.ivanov, known.romashka}
    assert ids(vault, field("last_name", "contains", "елкин")) == {known.elkina}
    assert ids(vault, field("first_name", "equals", "петр")) == {known.ivanov}
    assert ids(vault, field("city", "not_contains", "моск")) == {known.sidorova, known.elkina}
    assert ids(vault, field("city", "not_equals", "Москва")) == {known.sidorova, known.elkina}


def test_glob_special_characters_are_literal(vault, known: Known) -> None:
    assert ids(vault, field("notes", "contains", "HYPERLINK(\"http")) == {known.ivanov}
    assert ids(vault, field("notes", "contains", "*")) == set()
    assert ids(vault, field("notes", "contains", "?")) == set()
    assert ids(vault, field("notes", "contains", "[")) == set()


def test_empty_and_presence_fields(vault, known: Known) -> None:
    assert ids(vault, field("first_name", "empty")) == {known.romashka, known.elkina}
    assert ids(vault, field("company_name", "not_empty")) == {known.romashka}
    assert ids(vault, field("phone", "empty")) == {known.sidorova, known.elkina}
    assert ids(vault, field("email", "not_empty")) == {known.ivanov, known.sidorova}
    assert ids(vault, field("phone", "contains", "916 123")) == {known.ivanov}
    assert ids(vault, field("email", "contains", "ANNA@")) == {known.sidorova}


def test_choices_numbers_dates_and_flags(vault, known: Known) -> None:
    assert ids(vault, field("status", "equals", "active")) == {known.ivanov}
    assert ids(vault, field("temperature", "in", ["hot", "cold"])) == {known.ivanov, known.romashka}
    assert ids(vault, field("kind", "not_equals", "company")) == {known.ivanov, known.sidorova, known.elkina}
    assert ids(vault, field("birth_year", "between", [1979, 1985])) == {known.ivanov}
    assert ids(vault, field("birth_year", "gt", 1985)) == {known.elkina}
    assert ids(vault, field("birth_year", "empty")) == {known.sidorova, known.romashka}
    assert ids(vault, field("next_contact_date", "within_next_days", 7)) == {known.sidorova}
    assert ids(vault, field("next_contact_date", "within_next_days", 4)) == set()
    assert ids(vault, field("next_contact_date", "after", "19.06.2025")) == {known.sidorova}
    assert ids(vault, field("next_contact_date", "before", "2025-06-20")) == set()
    created_today = m.utcnow().date()
    assert ids(vault, field("created_at", "equals", created_today.isoformat()), today=created_today) == known.active
    assert ids(vault, field("debtor", "is_true")) == {known.romashka}
    assert ids(vault, field("debtor", "is_false")) == {known.ivanov, known.sidorova, known.elkina}


def test_custom_fields_typed_by_their_definition(vault, known: Known) -> None:
    assert ids(vault, cond("custom", field="size", op="gte", value=40)) == {known.ivanov}
    assert ids(vault, cond("custom", field="size", op="lt", value=40)) == set()
    assert ids(vault, cond("custom", field="color", op="contains", value="ЕЛОЧНЫЙ")) == {known.ivanov}
    assert ids(vault, cond("custom", field="color", op="empty")) == {known.sidorova, known.romashka, known.elkina}


# ---- tags, purchases, interactions, consent, birthday -------------------------------------------------------
def test_tags_any_all_none(vault, known: Known) -> None:
    assert ids(vault, cond("tags", op="any", value=["vip"])) == {known.ivanov, known.sidorova}
    assert ids(vault, cond("tags", op="all", value=["VIP", "опт"])) == {known.ivanov}
    assert ids(vault, cond("tags", op="none", value=["Vip"])) == {known.romashka, known.elkina}
    assert ids(vault, cond("tags", op="any", value=["нет такой"])) == set()


def test_purchase_aggregates(vault, known: Known) -> None:
    p = "purchases"
    assert ids(vault, cond(p, measure="total", op="gte", value=1500)) == {known.ivanov, known.sidorova}
    assert ids(vault, cond(p, measure="total", op="lt", value=1000)) == {known.romashka, known.elkina}
    assert ids(vault, cond(p, measure="count", op="equals", value=0)) == {known.romashka, known.elkina}
    assert ids(vault, cond(p, measure="count", op="gte", value=2)) == {known.ivanov}
    assert ids(vault, cond(p, measure="average", op="between", value=[700, 800])) == {known.ivanov}
    assert ids(vault, cond(p, measure="first_date", op="before", value="01.01.2025")) == {known.sidorova}
    assert ids(vault, cond(p, measure="last_date", op="within_last_days", value=30)) == {known.ivanov}
    assert ids(vault, cond(p, measure="last_date", op="empty")) == {known.romashka, known.elkina}
    assert ids(vault, cond(p, measure="overdue_count", op="gte", value=1)) == {known.sidorova}
    june = {"from": "2025-06-01", "to": "30.06.2025"}
    assert ids(vault, cond(p, measure="count", op="gte", value=1, **june)) == {known.ivanov}
    assert ids(vault, cond(p, measure="total", op="equals", value=1000, **june)) == {known.ivanov}
    assert ids(vault, cond(p, measure="count", op="gte", value=1, **{"from": "2024-01-01", "to": "2024-12-31"})) == {
        known.sidorova}


def test_interactions(vault, known: Known) -> None:
    i = "interactions"
    assert ids(vault, cond(i, measure="last_date", op="older_than_days", value=365)) == {known.romashka}
    assert ids(vault, cond(i, measure="last_date", op="within_last_days", value=7)) == {known.ivanov}
    assert ids(vault, cond(i, measure="count", op="gte", value=1)) == {known.ivanov, known.romashka}
    assert ids(vault, cond(i, measure="count", op="lt", value=1)) == {known.sidorova, known.elkina}
    assert ids(vault, cond(i, measure="count", op="gte", value=1, kinds=["meeting"])) == {known.romashka}


def test_consent_per_channel_uses_the_latest_event(vault, known: Known) -> None:
    c = "consent"
    assert ids(vault, cond(c, channel="email", state="granted")) == {known.ivanov}
    assert ids(vault, cond(c, channel="email", state="withdrawn")) == {known.sidorova}
    assert ids(vault, cond(c, channel="email", state="none")) == {known.romashka, known.elkina}
    assert ids(vault, cond(c, channel="email", state="not_granted")) == {known.sidorova, known.romashka, known.elkina}
    assert ids(vault, cond(c, channel="sms", state="granted")) == {known.romashka}


def test_birthday_within_days_wraps_year_end_and_29_february(vault, known: Known) -> None:
    b = "birthday"
    assert ids(vault, cond(b, op="within_days", value=7)) == {known.ivanov}
    assert ids(vault, cond(b, op="within_days", value=4)) == set()
    assert ids(vault, cond(b, op="within_days", value=3), today=dt.date(2025, 12, 29)) == {known.elkina}
    assert ids(vault, cond(b, op="within_days", value=3), today=dt.date(2026, 1, 1)) == set()
    # 2025 is not a leap year: a 29 February birthday is celebrated on 1 March
    assert ids(vault, cond(b, op="within_days", value=2), today=dt.date(2025, 2, 27)) == {known.sidorova}
    assert ids(vault, cond(b, op="within_days", value=1), today=dt.date(2025, 2, 27)) == set()
    assert ids(vault, cond(b, op="within_days", value=2), today=dt.date(2024, 2, 27)) == {known.sidorova}
    assert ids(vault, cond(b, op="within_days", value=1), today=dt.date(2024, 2, 27)) == set()
    assert ids(vault, cond(b, op="in_month", value=2)) == {known.sidorova}
    assert ids(vault, cond(b, op="in_month", value="current")) == {known.ivanov}


# ---- groups, archive, saved segments --------------------------------------------------------------
def test_nested_and_or_groups_and_not(vault, known: Known) -> None:
    definition = {"group": "or", "items": [
        {"group": "and", "items": [field("city", "contains", "моск"), field("status", "equals", "active")]},
        {"group": "and", "items": [cond("tags", op="any", value=["vip"]),
                                   cond("purchases", measure="overdue_count", op="gte", value=1)]},
    ]}
    assert ids(vault, definition) == {known.ivanov, known.sidorova}
    assert ids(vault, {**definition, "not": True}) == {known.romashka, known.elkina}
    assert ids(vault, {"group": "and", "items": []}) == known.active
    assert ids(vault, [field("city", "contains", "моск"), field("debtor", "is_true")]) == {known.romashka}


def test_archived_clients_are_left_out_unless_asked(vault, known: Known) -> None:
    assert known.archived not in ids(vault, field("city", "equals", "Москва"))
    assert known.archived in ids(vault, field("city", "equals", "Москва"), include_archived=True)


def test_a_count_is_one_sql_statement(vault, known: Known) -> None:
    definition = [field("city", "contains", "моск"), cond("purchases", measure="total", op="gte", value=100),
                  cond("tags", op="any", value=["vip"]), cond("consent", channel="email", state="granted"),
                  cond("interactions", measure="count", op="gte", value=1)]
    statements: list[str] = []

    def count_statement(*args: Any) -> None:
        statements.append(args[2])

    event.listen(vault.engine, "before_cursor_execute", count_statement)
    try:
        with vault.session() as s:
            assert segments.count_segment(s, definition, today=TODAY) == 1
    finally:
        event.remove(vault.engine, "before_cursor_execute", count_statement)
    assert len([st for st in statements if st.lstrip().upper().startswith("SELECT")]) == 1


def test_segment_select_combines_with_search(vault, known: Known) -> None:
    with vault.session() as s:
        in_segment = segments.segment_select(s, cond("tags", op="any", value=["vip"]), today=TODAY)
        found = search.search_ids(s, "анна")
        both = set(s.scalars(select(m.Client.id).where(m.Client.id.in_(in_segment), m.Client.id.in_(found))))
    assert both == {known.sidorova}


@pytest.mark.parametrize(("definition", "code"), [
    (field("no_such_field", "equals", "x"), "segment_unknown_field"),
    (field("city", "gt", 3), "segment_bad_operator"),
    (field("birth_year", "gt", "много"), "segment_bad_value"),
    (field("status", "equals", "vip"), "segment_bad_value"),
    (field("city", "contains", ""), "segment_bad_value"),
    (cond("nonsense"), "segment_invalid"),
    (cond("custom", field="nope", op="equals", value=1), "segment_unknown_field"),
    (cond("tags", op="some", value=["vip"]), "segment_bad_operator"),
    (cond("tags", op="any", value=[]), "segment_bad_value"),
    (cond("purchases", measure="median", op="gt", value=1), "segment_unknown_field"),
    (cond("purchases", measure="total", op="contains", value=1), "segment_bad_operator"),
    (cond("consent", channel="pigeon", state="granted"), "segment_bad_value"),
    (cond("birthday", op="within_days", value=-3), "segment_bad_value"),
    (cond("birthday", op="in_month", value=13), "segment_bad_value"),
    ({"group": "xor", "items": []}, "segment_invalid"),
    ("city = Москва", "segment_invalid"),
    (cond("rfm", **{"class": "heroes"}), "segment_bad_value"),
    (cond("top_revenue", share=2), "segment_bad_value"),
    (cond("segment", name="нет такого"), "segment_not_found"),
])
def test_bad_definitions_get_one_clear_message(vault, known: Known, definition: Any, code: str) -> None:
    with vault.session() as s, pytest.raises(KnownError) as caught:
        segments.count_segment(s, definition, today=TODAY)
    assert caught.value.message.code == code
    assert "{" not in caught.value.text("ru") and "{" not in caught.value.text("en")


def test_deep_nesting_is_refused(vault) -> None:
    definition: dict[str, Any] = field("city", "empty")
    for _ in range(segments.MAX_DEPTH + 2):
        definition = {"group": "and", "items": [definition]}
    with vault.session() as s, pytest.raises(KnownError):
        segments.count_segment(s, definition)


def test_saved_segments_save_rename_duplicate_delete(vault, known: Known) -> None:
    with vault.transaction() as s:
        vip = segments.save_segment(s, "  VIP Москвы ", [cond("tags", op="any", value=["vip"]),
                                                        field("city", "contains", "моск")])
        assert vip.name == "VIP Москвы"
        with pytest.raises(KnownError) as taken:
            segments.save_segment(s, "vip москвы", [])
        assert taken.value.message.code == "segment_name_taken"
        with pytest.raises(KnownError):
            segments.save_segment(s, "   ", [])
        with pytest.raises(KnownError):
            segments.save_segment(s, "Плохой", field("city", "gt", 1))
        copy_ = segments.duplicate_segment(s, vip.id)
        assert copy_.name == "VIP Москвы (2)"
        segments.rename_segment(s, copy_.id, "Копия")
        with pytest.raises(KnownError):
            segments.rename_segment(s, copy_.id, "VIP МОСКВЫ")
        segments.update_segment(s, copy_.id, cond("segment", name="VIP Москвы", **{"not": True}))
    with vault.session() as s:
        lines = {line.name: line for line in segments.list_segments_with_counts(s, today=TODAY)}
        names = [x.name for x in segments.saved_segments(s)]
    assert names == ["VIP Москвы", "Копия"]
    assert lines["VIP Москвы"].count == 1 and lines["VIP Москвы"].id is not None
    assert lines["Копия"].count == 3
    assert lines["Debtors"].key == "debtors" and lines["Debtors"].count == 2
    with vault.transaction() as s:
        segments.delete_segment(s, segments.get_segment(s, "копия").id)
        assert [x.name for x in segments.saved_segments(s)] == ["VIP Москвы"]
        audited = s.scalar(select(func.count()).select_from(m.AuditEntry).where(m.AuditEntry.entity == "segment"))
    assert audited and audited >= 3


def test_segments_referring_to_each_other_in_a_circle_are_refused(vault, known: Known) -> None:
    with vault.transaction() as s:
        a = segments.save_segment(s, "A", field("city", "empty"))
        segments.save_segment(s, "B", cond("segment", name="A"))
        a.definition = {"group": "and", "items": [cond("segment", name="B")]}
        s.flush()
        with pytest.raises(KnownError):
            segments.count_segment(s, cond("segment", name="A"))


def test_consent_events_at_the_same_moment_the_later_one_counts(vault, known: Known) -> None:
    """An import may give two events one timestamp: the one recorded last (higher id) is the state."""
    from clientbook.core import consents

    moment = dt.datetime(2025, 6, 1, 12, 0)
    with vault.transaction() as s:
        consents.record_consent(s, known.elkina, "email", True, at=moment)
        consents.record_consent(s, known.elkina, "email", False, at=moment)
        consents.record_consent(s, known.romashka, "email", False, at=moment)
        consents.record_consent(s, known.romashka, "email", True, at=moment)
    assert known.elkina in ids(vault, cond("consent", channel="email", state="withdrawn"))
    assert known.romashka in ids(vault, cond("consent", channel="email", state="granted"))
    assert known.romashka not in ids(vault, cond("consent", channel="email", state="withdrawn"))
