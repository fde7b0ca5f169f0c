"""Segments (SPEC §7): a saved JSON definition compiled to ONE SQL condition over `clients`.

A definition is a group ``{"group": "and"|"or", "items": [...], "not": false}`` whose items are
groups or conditions; every condition has a ``kind``:

- ``field``: a client column (``{"kind": "field", "field": "city", "op": "contains", "value": "моск"}``),
  also the pseudo fields ``phone`` and ``email`` (any phone / e-mail of the client or its contacts);
- ``custom``: a custom field by key, typed by its definition (text, number, date, choice, yes/no);
- ``tags``: ``op`` any / all / none of ``value`` (tag names, compared folded);
- ``purchases``: ``measure`` total / count / average / first_date / last_date / overdue_count,
  optionally over a period (``from`` / ``to`` dates);
- ``interactions``: ``measure`` last_date / count (optionally ``kinds``);
- ``consent``: ``channel`` and ``state`` granted / withdrawn / none / not_granted (latest event counts);
- ``birthday``: ``op`` within_days (``value`` N, wraps the year end; 29 Feb is celebrated on 1 Mar
  in other years) or in_month (``value`` 1–12 or "current");
- ``rfm`` (``class`` or ``r``/``f`` quintiles) and ``top_revenue`` (``share``): see segment_builtins;
- ``segment``: another saved segment by ``name`` (or a built-in by its key);
- ``erase_task``: an open task to erase the person (a withdrawn consent to processing).

Operators: equals, not_equals, contains, not_contains, empty, not_empty, in (choices), gt, gte, lt,
lte, between (``value`` [low, high]), and for dates before, after, within_last_days,
within_next_days, older_than_days (strictly before today − N). Money is in major units (roubles).

The typed form of a definition, its kinds and operators live in clientbook.core.segment_types; the
compiler to SQL in clientbook.core.segment_compile. This module runs segments, keeps the saved ones
and counts them for the sidebar.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from clientbook.core import models as m
from clientbook.core import segment_compile
from clientbook.core import segment_types as st
from clientbook.core.errors import KnownError
from clientbook.core.messages import register
from clientbook.core.rights import require
from clientbook.core.textnorm import fold, squash_spaces

C = m.Client

register({
    "segment_invalid": {
        "ru": "Ошибка в условиях сегмента: {detail}.",
        "en": "The segment's conditions are wrong: {detail}.",
    },
    "segment_unknown_field": {
        "ru": "Ошибка в условиях сегмента: поля «{field}» нет.",
        "en": "The segment's conditions are wrong: there is no field “{field}”.",
    },
    "segment_bad_operator": {
        "ru": "Ошибка в условиях сегмента: к полю «{field}» нельзя применить «{op}».",
        "en": "The segment's conditions are wrong: “{op}” cannot be used with “{field}”.",
    },
    "segment_bad_value": {
        "ru": "Ошибка в условиях сегмента: значение «{value}» не подходит для «{field}».",
        "en": "The segment's conditions are wrong: the value “{value}” does not fit “{field}”.",
    },
    "segment_name_empty": {"ru": "Укажите название сегмента.", "en": "Enter a name for the segment."},
    "segment_name_taken": {
        "ru": "Сегмент «{name}» уже есть.",
        "en": "A segment named “{name}” already exists.",
    },
    "segment_not_found": {
        "ru": "Сегмент «{name}» не найден.",
        "en": "There is no segment “{name}”.",
    },
})

MAX_DEPTH = st.MAX_DEPTH
compile_condition = segment_compile.compile_condition
SCAN_ID, NOT_ARCHIVED = segment_compile.SCAN_ID, segment_compile.NOT_ARCHIVED


def normalize_definition(definition: Any) -> dict[str, Any]:
    """The stored form: always a group (a bare condition or a list of them becomes an AND group)."""
    return st.to_json(st.parse(copy.deepcopy(definition)))


def validate_definition(session: Session, definition: Any) -> dict[str, Any]:
    """Check a definition fully (compiling it), so a bad one is refused before it is saved or run."""
    compile_condition(session, definition)
    return normalize_definition(definition)


# ---- running ----------------------------------------------------------------------------------
def segment_select(session: Session, definition: Any, *, today: dt.date | None = None,
                   include_archived: bool = False) -> Select[Any]:
    """SELECT clients.id of the segment (archived cards left out), for the list model to combine."""
    query = select(C.id).where(compile_condition(session, definition, today=today))
    if not include_archived:
        query = query.where(NOT_ARCHIVED)
    return query


def segment_client_ids(session: Session, definition: Any, *, today: dt.date | None = None,
                       include_archived: bool = False) -> list[int]:
    """The segment's client ids in list order (by name)."""
    query = segment_select(session, definition, today=today, include_archived=include_archived)
    return list(session.scalars(query.order_by(C.sort_key, C.id)))


def count_segment(session: Session, definition: Any, *, today: dt.date | None = None,
                  include_archived: bool = False) -> int:
    clause = compile_condition(session, definition, today=today)
    query = select(func.count()).select_from(C).where(clause)
    if not include_archived:
        query = query.where(NOT_ARCHIVED)
    return int(session.scalar(query) or 0)


# ---- saved segments ---------------------------------------------------------------------------
def _clean_name(name: str) -> str:
    clean = squash_spaces(name)
    if not clean:
        raise KnownError("segment_name_empty")
    return clean[:200]


def _name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    key = fold(name)
    return any(fold(s.name) == key and s.id != except_id for s in session.scalars(select(m.SavedSegment)))


def save_segment(session: Session, name: str, definition: Any) -> m.SavedSegment:
    """Validate and store a new segment (names are unique ignoring case and ё)."""
    require(session, "edit")
    clean = _clean_name(name)
    if _name_taken(session, clean):
        raise KnownError("segment_name_taken", name=clean)
    stored = validate_definition(session, definition)
    position = (session.scalar(select(func.max(m.SavedSegment.position))) or 0) + 1
    segment = m.SavedSegment(name=clean, definition=stored, position=position)
    session.add(segment)
    session.flush()
    return segment


def get_segment(session: Session, name_or_id: str | int) -> m.SavedSegment:
    if isinstance(name_or_id, int):
        segment = session.get(m.SavedSegment, name_or_id)
    else:
        key = fold(name_or_id)
        segment = next((s for s in session.scalars(select(m.SavedSegment)) if fold(s.name) == key), None)
    if segment is None:
        raise KnownError("segment_not_found", name=name_or_id)
    return segment


def update_segment(session: Session, segment_id: int, definition: Any) -> m.SavedSegment:
    require(session, "edit")
    segment = get_segment(session, segment_id)
    segment.definition = validate_definition(session, definition)
    session.flush()
    return segment


def rename_segment(session: Session, segment_id: int, new_name: str) -> m.SavedSegment:
    require(session, "edit")
    segment = get_segment(session, segment_id)
    clean = _clean_name(new_name)
    if _name_taken(session, clean, except_id=segment.id):
        raise KnownError("segment_name_taken", name=clean)
    segment.name = clean
    session.flush()
    return segment


def duplicate_segment(session: Session, segment_id: int, new_name: str | None = None) -> m.SavedSegment:
    require(session, "edit")
    segment = get_segment(session, segment_id)
    name = new_name or f"{segment.name} (2)"
    n = 2
    while new_name is None and _name_taken(session, name):
        n += 1
        name = f"{segment.name} ({n})"
    return save_segment(session, name, segment.definition)


def delete_segment(session: Session, segment_id: int) -> None:
    require(session, "edit")
    session.delete(get_segment(session, segment_id))
    session.flush()


def saved_segments(session: Session) -> list[m.SavedSegment]:
    return list(session.scalars(select(m.SavedSegment).order_by(m.SavedSegment.position, m.SavedSegment.id)))


@dataclass(frozen=True)
class SegmentCount:
    """A sidebar line: a saved segment (id set) or a built-in (key set) and how many clients it holds."""

    name: str
    count: int
    definition: dict[str, Any]
    id: int | None = None
    key: str | None = None
    error: str | None = None


# ---- which counts a change can move ---------------------------------------------------------------
ANY = "*"  # a change every count may depend on (a card added, removed, archived; an unknown entry)
# The audit entities each condition kind reads, besides the client fields it names.
_KIND_READS: dict[str, set[str]] = {
    "purchases": {"purchase"}, "interactions": {"interaction"}, "consent": {"consent"},
    "rfm": {"purchase"}, "top_revenue": {"purchase"}, "tags": {"client:tags", "tag"},
    "custom": {"custom_value", "custom_field"},
    "birthday": {"client:birth_day", "client:birth_month", "client:birth_year"},
}
_ENTITY_AS_IS = {"phone", "email", "contact", "interaction", "purchase", "consent", "custom_value", "custom_field",
                 "tag", "reminder", "setting", "export"}


def segment_reads(definition: Any) -> set[str]:
    """What a segment's count depends on: audit entity names and "client:<field>"; ANY when unsure."""
    try:
        found = st.conditions(st.parse(definition))
    except KnownError:
        return {ANY}
    reads: set[str] = set()
    for condition in found:
        if isinstance(condition, st.FieldCondition):
            name = condition.field
            reads |= {name} if condition.subject.type == st.ValueType.PRESENCE else {f"client:{name}"}
        else:  # "segment" (another saved one) and kinds without a known list: ANY
            reads |= _KIND_READS.get(condition.kind, {ANY})
    return reads


def changes_since(session: Session, audit_id: int) -> tuple[set[str], int]:
    """What the audit log says changed after entry `audit_id` (see segment_reads), and the last id."""
    touched: set[str] = set()
    last = audit_id
    rows = session.execute(select(m.AuditEntry.id, m.AuditEntry.entity, m.AuditEntry.action, m.AuditEntry.field)
                           .where(m.AuditEntry.id > audit_id).order_by(m.AuditEntry.id))
    for entry_id, entity, action, field_name in rows:
        last = entry_id
        if entity == "client" and action == "update" and field_name and field_name != "archived":
            touched.add(f"client:{field_name}")
        elif entity in _ENTITY_AS_IS:
            touched.add(entity)
        else:  # a card created, deleted, archived or merged; a segment saved; a kind not known here
            touched.add(ANY)
    return touched, last


@dataclass
class CountCache:
    """Segment counts as of an audit entry and a day: the sidebar recounts only what changed since."""

    audit_id: int
    day: dt.date
    counts: dict[str, int] = field(default_factory=dict)  # by the definition's JSON text

    @staticmethod
    def key(definition: Any) -> str:
        return json.dumps(definition, sort_keys=True, ensure_ascii=False)


def refresh_counts(session: Session, cache: CountCache | None, *, today: dt.date | None = None
                   ) -> tuple[list[SegmentCount], CountCache]:
    """`list_segments_with_counts`, recounting only the segments a change since `cache` can move.

    A new day recounts everything (relative dates, birthdays, recency). Returns the lines and the
    cache for the next call.
    """
    day = today or dt.date.today()
    last = int(session.scalar(select(func.coalesce(func.max(m.AuditEntry.id), 0))) or 0)
    if cache is None or cache.day != day or last < cache.audit_id:
        touched = {ANY}
    else:
        touched, last = changes_since(session, cache.audit_id)

    def known(definition: Any) -> int | None:
        if cache is None or ANY in touched:
            return None
        reads = segment_reads(definition)
        if ANY in reads or reads & touched:
            return None
        return cache.counts.get(CountCache.key(definition))

    lines = list_segments_with_counts(session, today=day, known=known)
    fresh = CountCache(last, day, {CountCache.key(line.definition): line.count for line in lines if not line.error})
    return lines, fresh


def list_segments_with_counts(session: Session, *, include_builtins: bool = True,
                              today: dt.date | None = None,
                              known: Callable[[Any], int | None] | None = None) -> list[SegmentCount]:
    """Saved segments, then built-ins, each with its count (a broken saved one reports its error).

    `known` may give a count that is still right (see refresh_counts); the others are counted.
    """
    from clientbook.core.messages import current_language
    from clientbook.core.segment_builtins import BUILTINS

    def count_of(definition: Any) -> int:
        still = known(definition) if known is not None else None
        return still if still is not None else count_segment(session, definition, today=today)

    result: list[SegmentCount] = []
    for segment in saved_segments(session):
        try:
            count = count_of(segment.definition)
            result.append(SegmentCount(segment.name, count, segment.definition, id=segment.id))
        except KnownError as exc:
            result.append(SegmentCount(segment.name, 0, segment.definition, id=segment.id,
                                       error=exc.text(current_language())))
    if include_builtins:
        from clientbook.core import rfm

        lang = current_language()
        rfm_counts: dict[str, int] | None = None
        for key, builtin in BUILTINS.items():
            rfm_class = builtin.rfm_class()
            still = known(builtin.definition) if known is not None else None
            if still is not None:
                count = still
            elif rfm_class is not None:  # the RFM classes share one ranking of the buyers
                rfm_counts = rfm_counts if rfm_counts is not None else rfm.rfm_class_counts(session)
                count = rfm_counts[rfm_class]
            elif builtin.top_share() is not None:
                count = rfm.top_revenue_count(session, builtin.top_share() or 0.0)
            else:
                try:
                    count = count_segment(session, builtin.definition, today=today)
                except KnownError as exc:  # e.g. birthdays for a user who may not see them (#15.4)
                    result.append(SegmentCount(builtin.title(lang), 0, builtin.definition, key=key,
                                               error=exc.text(lang)))
                    continue
            result.append(SegmentCount(builtin.title(lang), count, builtin.definition, key=key))
    return result
