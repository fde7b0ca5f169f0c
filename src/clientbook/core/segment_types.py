"""Typed segment definitions (SPEC §7): what a condition may say, once, for the compiler and every front end.

A stored definition stays the JSON it always was (``{"group": "and", "items": [...]}``, see
clientbook.core.segments); `parse` turns it into the dataclasses below and `to_json` back into the
same JSON (keys the parser does not know are kept, so nothing stored is ever lost). The kind
registry (`KINDS`) says, for each kind, what it tests (`subjects`), which operators each subject
takes (`ops_for`) and the words a front end shows for them. The words are English source texts
marked with `QT_TRANSLATE_NOOP` so `pyside6-lupdate` collects them into resources/i18n/segments_*.ts;
the desktop translates them with QCoreApplication.translate(context, text) — the core never imports
Qt.

Structure is checked here (unknown kind, field or measure, an operator a subject cannot take, too
deep nesting); values are checked by the compiler, which knows today's date and the custom fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from dataclasses import field as dc_field
from enum import StrEnum
from typing import Any, ClassVar, Final

from clientbook.core import models as m
from clientbook.core.errors import KnownError


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name pyside6-lupdate looks for)
    """Marks `text` for translation in `context` and returns it unchanged (the UI translates it)."""
    return text


MAX_DEPTH = 8
KIND_CONTEXT, SUBJECT_CONTEXT, OP_CONTEXT = "SegmentKinds", "SegmentSubjects", "SegmentOps"


class Op(StrEnum):
    EQUALS = "equals"
    NOT_EQUALS = "not_equals"
    CONTAINS = "contains"
    NOT_CONTAINS = "not_contains"
    EMPTY = "empty"
    NOT_EMPTY = "not_empty"
    IN = "in"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"
    BEFORE = "before"
    AFTER = "after"
    WITHIN_LAST_DAYS = "within_last_days"
    WITHIN_NEXT_DAYS = "within_next_days"
    OLDER_THAN_DAYS = "older_than_days"
    IS_TRUE = "is_true"
    IS_FALSE = "is_false"
    ANY = "any"  # tags
    ALL = "all"
    NONE = "none"
    WITHIN_DAYS = "within_days"  # birthday
    IN_MONTH = "in_month"


class ConsentState(StrEnum):
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"
    NONE = "none"
    NOT_GRANTED = "not_granted"


class GroupMode(StrEnum):
    AND = "and"
    OR = "or"


class ValueType(StrEnum):
    """What a subject holds, which decides its operators and how a value is typed in."""

    TEXT = "text"
    CHOICE = "choice"
    NUMBER = "number"
    DATE = "date"
    BOOL = "bool"
    PRESENCE = "presence"  # any phone / e-mail of the client
    MULTI = "multi"  # a custom multi-choice field
    TAGS = "tags"
    BIRTHDAY = "birthday"
    SHARE = "share"  # top buyers: a share of them
    NOTHING = "nothing"  # RFM class, another segment, erase task: the subject says it all


TEXT_OPS = (Op.EQUALS, Op.NOT_EQUALS, Op.CONTAINS, Op.NOT_CONTAINS, Op.EMPTY, Op.NOT_EMPTY)
CHOICE_OPS = (Op.EQUALS, Op.NOT_EQUALS, Op.IN, Op.EMPTY, Op.NOT_EMPTY)
NUMBER_OPS = (Op.EQUALS, Op.NOT_EQUALS, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN, Op.EMPTY, Op.NOT_EMPTY)
DATE_OPS = (Op.EQUALS, Op.BEFORE, Op.AFTER, Op.BETWEEN, Op.WITHIN_LAST_DAYS, Op.WITHIN_NEXT_DAYS,
            Op.OLDER_THAN_DAYS, Op.EMPTY, Op.NOT_EMPTY)
BOOL_OPS = (Op.IS_TRUE, Op.IS_FALSE)
PRESENCE_OPS = (Op.EMPTY, Op.NOT_EMPTY, Op.CONTAINS)
MULTI_OPS = (Op.CONTAINS, Op.NOT_CONTAINS, Op.EMPTY, Op.NOT_EMPTY)
TAG_OPS = (Op.ANY, Op.ALL, Op.NONE)
BIRTHDAY_OPS = (Op.WITHIN_DAYS, Op.IN_MONTH, Op.EMPTY, Op.NOT_EMPTY)
OPS_BY_TYPE: dict[ValueType, tuple[Op, ...]] = {
    ValueType.TEXT: TEXT_OPS, ValueType.CHOICE: CHOICE_OPS, ValueType.NUMBER: NUMBER_OPS,
    ValueType.DATE: DATE_OPS, ValueType.BOOL: BOOL_OPS, ValueType.PRESENCE: PRESENCE_OPS,
    ValueType.MULTI: MULTI_OPS, ValueType.TAGS: TAG_OPS, ValueType.BIRTHDAY: BIRTHDAY_OPS,
    ValueType.SHARE: (), ValueType.NOTHING: (),
}
NO_VALUE_OPS = frozenset({Op.EMPTY, Op.NOT_EMPTY, Op.IS_TRUE, Op.IS_FALSE})
LIST_OPS = frozenset({Op.IN, Op.BETWEEN, Op.ANY, Op.ALL, Op.NONE})  # the value is a list
DAYS_OPS = frozenset({Op.WITHIN_LAST_DAYS, Op.WITHIN_NEXT_DAYS, Op.OLDER_THAN_DAYS, Op.WITHIN_DAYS, Op.IN_MONTH})

OP_LABELS: dict[Op, str] = {
    Op.EQUALS: QT_TRANSLATE_NOOP("SegmentOps", "is"),
    Op.NOT_EQUALS: QT_TRANSLATE_NOOP("SegmentOps", "is not"),
    Op.CONTAINS: QT_TRANSLATE_NOOP("SegmentOps", "contains"),
    Op.NOT_CONTAINS: QT_TRANSLATE_NOOP("SegmentOps", "does not contain"),
    Op.EMPTY: QT_TRANSLATE_NOOP("SegmentOps", "is empty"),
    Op.NOT_EMPTY: QT_TRANSLATE_NOOP("SegmentOps", "is not empty"),
    Op.IN: QT_TRANSLATE_NOOP("SegmentOps", "is one of (a; b)"),
    Op.GT: QT_TRANSLATE_NOOP("SegmentOps", ">"),
    Op.GTE: QT_TRANSLATE_NOOP("SegmentOps", "≥"),
    Op.LT: QT_TRANSLATE_NOOP("SegmentOps", "<"),
    Op.LTE: QT_TRANSLATE_NOOP("SegmentOps", "≤"),
    Op.BETWEEN: QT_TRANSLATE_NOOP("SegmentOps", "between (a; b)"),
    Op.BEFORE: QT_TRANSLATE_NOOP("SegmentOps", "before"),
    Op.AFTER: QT_TRANSLATE_NOOP("SegmentOps", "after"),
    Op.WITHIN_LAST_DAYS: QT_TRANSLATE_NOOP("SegmentOps", "within the last N days"),
    Op.WITHIN_NEXT_DAYS: QT_TRANSLATE_NOOP("SegmentOps", "within the next N days"),
    Op.OLDER_THAN_DAYS: QT_TRANSLATE_NOOP("SegmentOps", "more than N days ago"),
    Op.IS_TRUE: QT_TRANSLATE_NOOP("SegmentOps", "yes"),
    Op.IS_FALSE: QT_TRANSLATE_NOOP("SegmentOps", "no"),
    Op.ANY: QT_TRANSLATE_NOOP("SegmentOps", "any of"),
    Op.ALL: QT_TRANSLATE_NOOP("SegmentOps", "all of"),
    Op.NONE: QT_TRANSLATE_NOOP("SegmentOps", "none of"),
    Op.WITHIN_DAYS: QT_TRANSLATE_NOOP("SegmentOps", "within N days"),
    Op.IN_MONTH: QT_TRANSLATE_NOOP("SegmentOps", "in month (1–12)"),
}
STATE_LABELS: dict[ConsentState, str] = {
    ConsentState.GRANTED: QT_TRANSLATE_NOOP("SegmentOps", "granted"),
    ConsentState.WITHDRAWN: QT_TRANSLATE_NOOP("SegmentOps", "withdrawn"),
    ConsentState.NONE: QT_TRANSLATE_NOOP("SegmentOps", "none"),
    ConsentState.NOT_GRANTED: QT_TRANSLATE_NOOP("SegmentOps", "not granted"),
}


@dataclass(frozen=True)
class Subject:
    """What a condition tests inside its kind: a client field, a measure, a channel, a class."""

    key: str
    label: str  # English source text in SUBJECT_CONTEXT (custom fields and segments: their own name)
    type: ValueType


def _s(key: str, label: str, type_: ValueType) -> Subject:
    return Subject(key, label, type_)


T = ValueType
FIELD_SUBJECTS: tuple[Subject, ...] = (
    _s("display_name", QT_TRANSLATE_NOOP("SegmentSubjects", "Name"), T.TEXT),
    _s("last_name", QT_TRANSLATE_NOOP("SegmentSubjects", "Last name"), T.TEXT),
    _s("first_name", QT_TRANSLATE_NOOP("SegmentSubjects", "First name"), T.TEXT),
    _s("middle_name", QT_TRANSLATE_NOOP("SegmentSubjects", "Middle name"), T.TEXT),
    _s("company_name", QT_TRANSLATE_NOOP("SegmentSubjects", "Company"), T.TEXT),
    _s("inn", QT_TRANSLATE_NOOP("SegmentSubjects", "INN"), T.TEXT),
    _s("position", QT_TRANSLATE_NOOP("SegmentSubjects", "Position"), T.TEXT),
    _s("address", QT_TRANSLATE_NOOP("SegmentSubjects", "Address"), T.TEXT),
    _s("city", QT_TRANSLATE_NOOP("SegmentSubjects", "City"), T.TEXT),
    _s("region", QT_TRANSLATE_NOOP("SegmentSubjects", "Region"), T.TEXT),
    _s("country", QT_TRANSLATE_NOOP("SegmentSubjects", "Country"), T.TEXT),
    _s("family_status", QT_TRANSLATE_NOOP("SegmentSubjects", "Family status"), T.TEXT),
    _s("family_note", QT_TRANSLATE_NOOP("SegmentSubjects", "Family note"), T.TEXT),
    _s("interests", QT_TRANSLATE_NOOP("SegmentSubjects", "Interests"), T.TEXT),
    _s("source", QT_TRANSLATE_NOOP("SegmentSubjects", "Source"), T.TEXT),
    _s("notes", QT_TRANSLATE_NOOP("SegmentSubjects", "Notes"), T.TEXT),
    _s("created_by", QT_TRANSLATE_NOOP("SegmentSubjects", "Created by"), T.TEXT),
    _s("responsible", QT_TRANSLATE_NOOP("SegmentSubjects", "Responsible"), T.CHOICE),
    _s("kind", QT_TRANSLATE_NOOP("SegmentSubjects", "Kind"), T.CHOICE),
    _s("status", QT_TRANSLATE_NOOP("SegmentSubjects", "Status"), T.CHOICE),
    _s("temperature", QT_TRANSLATE_NOOP("SegmentSubjects", "Temperature"), T.CHOICE),
    _s("behaviour", QT_TRANSLATE_NOOP("SegmentSubjects", "Behaviour"), T.CHOICE),
    _s("gender", QT_TRANSLATE_NOOP("SegmentSubjects", "Gender"), T.CHOICE),
    _s("birth_year", QT_TRANSLATE_NOOP("SegmentSubjects", "Year of birth"), T.NUMBER),
    _s("next_contact_date", QT_TRANSLATE_NOOP("SegmentSubjects", "Next contact"), T.DATE),
    _s("created_at", QT_TRANSLATE_NOOP("SegmentSubjects", "Created"), T.DATE),
    _s("updated_at", QT_TRANSLATE_NOOP("SegmentSubjects", "Changed"), T.DATE),
    _s("debtor", QT_TRANSLATE_NOOP("SegmentSubjects", "Debtor"), T.BOOL),
    _s("archived", QT_TRANSLATE_NOOP("SegmentSubjects", "Archived"), T.BOOL),
    _s("phone", QT_TRANSLATE_NOOP("SegmentSubjects", "Phone"), T.PRESENCE),
    _s("email", QT_TRANSLATE_NOOP("SegmentSubjects", "E-mail"), T.PRESENCE),
)
CHOICE_VALUES: dict[str, tuple[str, ...]] = {
    "kind": m.CLIENT_KINDS, "status": m.CLIENT_STATUSES, "temperature": m.TEMPERATURES,
    "behaviour": m.BEHAVIOURS, "gender": m.GENDERS,
}
# choices known only from the vault: a user's name (`USER_FIELDS`; the compiler takes any name, so
# a segment of a removed user's clients still counts them; front ends offer core.team's names)
USER_FIELDS = frozenset({"responsible"})
DATETIME_FIELDS = frozenset({"created_at", "updated_at"})  # compared by calendar day
PURCHASE_SUBJECTS: tuple[Subject, ...] = (
    _s("total", QT_TRANSLATE_NOOP("SegmentSubjects", "total, ₽"), T.NUMBER),
    _s("count", QT_TRANSLATE_NOOP("SegmentSubjects", "number"), T.NUMBER),
    _s("average", QT_TRANSLATE_NOOP("SegmentSubjects", "average, ₽"), T.NUMBER),
    _s("first_date", QT_TRANSLATE_NOOP("SegmentSubjects", "first date"), T.DATE),
    _s("last_date", QT_TRANSLATE_NOOP("SegmentSubjects", "last date"), T.DATE),
    _s("overdue_count", QT_TRANSLATE_NOOP("SegmentSubjects", "overdue unpaid"), T.NUMBER),
)
INTERACTION_SUBJECTS: tuple[Subject, ...] = (
    _s("last_date", QT_TRANSLATE_NOOP("SegmentSubjects", "last contact"), T.DATE),
    _s("count", QT_TRANSLATE_NOOP("SegmentSubjects", "number of contacts"), T.NUMBER),
)
CONSENT_SUBJECTS: tuple[Subject, ...] = (
    _s("email", QT_TRANSLATE_NOOP("SegmentSubjects", "e-mail"), T.NOTHING),
    _s("sms", QT_TRANSLATE_NOOP("SegmentSubjects", "SMS"), T.NOTHING),
    _s("phone", QT_TRANSLATE_NOOP("SegmentSubjects", "phone calls"), T.NOTHING),
    _s("messenger", QT_TRANSLATE_NOOP("SegmentSubjects", "messenger"), T.NOTHING),
    _s("post", QT_TRANSLATE_NOOP("SegmentSubjects", "post"), T.NOTHING),
    _s("processing", QT_TRANSLATE_NOOP("SegmentSubjects", "data processing"), T.NOTHING),
)
RFM_SUBJECTS: tuple[Subject, ...] = (
    _s("champions", QT_TRANSLATE_NOOP("SegmentSubjects", "champions"), T.NOTHING),
    _s("loyal", QT_TRANSLATE_NOOP("SegmentSubjects", "loyal"), T.NOTHING),
    _s("potential", QT_TRANSLATE_NOOP("SegmentSubjects", "potential"), T.NOTHING),
    _s("need_attention", QT_TRANSLATE_NOOP("SegmentSubjects", "need attention"), T.NOTHING),
    _s("at_risk", QT_TRANSLATE_NOOP("SegmentSubjects", "at risk"), T.NOTHING),
    _s("hibernating", QT_TRANSLATE_NOOP("SegmentSubjects", "hibernating"), T.NOTHING),
    _s("lost", QT_TRANSLATE_NOOP("SegmentSubjects", "lost"), T.NOTHING),
)


class Kind(StrEnum):
    FIELD = "field"
    CUSTOM = "custom"
    TAGS = "tags"
    PURCHASES = "purchases"
    INTERACTIONS = "interactions"
    CONSENT = "consent"
    BIRTHDAY = "birthday"
    RFM = "rfm"
    TOP_REVENUE = "top_revenue"
    SEGMENT = "segment"
    ERASE_TASK = "erase_task"


@dataclass(frozen=True)
class KindSpec:
    """One kind of condition: its label and what it tests (None: known only at run time — custom
    fields and saved segments come from the vault)."""

    kind: Kind
    label: str  # English source text in KIND_CONTEXT
    subjects: tuple[Subject, ...] | None

    def subject(self, key: Any) -> Subject | None:
        return next((s for s in self.subjects or () if s.key == key), None)


KINDS: dict[Kind, KindSpec] = {spec.kind: spec for spec in (
    KindSpec(Kind.FIELD, QT_TRANSLATE_NOOP("SegmentKinds", "Field"), FIELD_SUBJECTS),
    KindSpec(Kind.CUSTOM, QT_TRANSLATE_NOOP("SegmentKinds", "Custom field"), None),
    KindSpec(Kind.TAGS, QT_TRANSLATE_NOOP("SegmentKinds", "Tags"),
             (_s("tags", QT_TRANSLATE_NOOP("SegmentSubjects", "tags"), T.TAGS),)),
    KindSpec(Kind.PURCHASES, QT_TRANSLATE_NOOP("SegmentKinds", "Purchases"), PURCHASE_SUBJECTS),
    KindSpec(Kind.INTERACTIONS, QT_TRANSLATE_NOOP("SegmentKinds", "Contacts"), INTERACTION_SUBJECTS),
    KindSpec(Kind.CONSENT, QT_TRANSLATE_NOOP("SegmentKinds", "Consent"), CONSENT_SUBJECTS),
    KindSpec(Kind.BIRTHDAY, QT_TRANSLATE_NOOP("SegmentKinds", "Birthday"),
             (_s("birthday", QT_TRANSLATE_NOOP("SegmentSubjects", "birthday"), T.BIRTHDAY),)),
    KindSpec(Kind.RFM, QT_TRANSLATE_NOOP("SegmentKinds", "RFM class"), RFM_SUBJECTS),
    KindSpec(Kind.TOP_REVENUE, QT_TRANSLATE_NOOP("SegmentKinds", "Top buyers by revenue"),
             (_s("share", QT_TRANSLATE_NOOP("SegmentSubjects", "share of buyers, %"), T.SHARE),)),
    KindSpec(Kind.SEGMENT, QT_TRANSLATE_NOOP("SegmentKinds", "In segment"), None),
    KindSpec(Kind.ERASE_TASK, QT_TRANSLATE_NOOP("SegmentKinds", "To be erased"),
             (_s("erase_task", QT_TRANSLATE_NOOP("SegmentSubjects", "open erase task"), T.NOTHING),)),
)}
CUSTOM_TYPES: dict[str, ValueType] = {"text": T.TEXT, "number": T.NUMBER, "date": T.DATE, "choice": T.CHOICE,
                                      "multi": T.MULTI, "bool": T.BOOL}


def ops_for(value_type: ValueType) -> tuple[Op, ...]:
    """The operators a subject of this type takes, in the order a front end offers them."""
    return OPS_BY_TYPE[value_type]


def needs_value(kind: Kind, op: Op | ConsentState | None) -> bool:
    """Whether a condition of this kind with this operator needs a typed value."""
    if kind in (Kind.CONSENT, Kind.RFM, Kind.SEGMENT, Kind.ERASE_TASK):
        return False
    return op not in NO_VALUE_OPS


# ---- the typed nodes ------------------------------------------------------------------------
class _Missing:
    """A key absent from the JSON (as opposed to present with null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()


@dataclass(frozen=True)
class Condition:
    """Common to every condition: `negate` is the JSON's "not" (None: absent), `extra` the keys kept as they are."""

    negate: bool | None = dc_field(default=None, kw_only=True)
    extra: Mapping[str, Any] = dc_field(default_factory=dict, kw_only=True)
    kind_implicit: bool = dc_field(default=False, kw_only=True)  # a field condition written without "kind"

    kind: ClassVar[Kind] = Kind.FIELD


@dataclass(frozen=True)
class FieldCondition(Condition):
    field: str
    op: Op
    value: Any = MISSING
    kind: ClassVar[Kind] = Kind.FIELD

    @property
    def subject(self) -> Subject:
        found = KINDS[Kind.FIELD].subject(self.field)
        assert found is not None  # parse checked it
        return found


@dataclass(frozen=True)
class CustomCondition(Condition):
    field: Any = MISSING  # the custom field's key (checked against the vault by the compiler)
    op: Any = MISSING  # checked by the compiler against the field's type
    value: Any = MISSING
    kind: ClassVar[Kind] = Kind.CUSTOM


@dataclass(frozen=True)
class TagsCondition(Condition):
    value: Any = MISSING
    op: Op | _Missing = MISSING  # absent means "any"
    kind: ClassVar[Kind] = Kind.TAGS


@dataclass(frozen=True)
class PurchasesCondition(Condition):
    measure: str
    op: Op
    value: Any = MISSING
    from_: Any = MISSING  # a period: only purchases from / to these dates
    to: Any = MISSING
    kind: ClassVar[Kind] = Kind.PURCHASES


@dataclass(frozen=True)
class InteractionsCondition(Condition):
    measure: str
    op: Op
    value: Any = MISSING
    kinds: Any = MISSING  # interaction kinds to count (absent: all)
    kind: ClassVar[Kind] = Kind.INTERACTIONS


@dataclass(frozen=True)
class ConsentCondition(Condition):
    channel: Any = MISSING
    state: ConsentState | _Missing = MISSING  # absent means "granted"
    purpose: Any = MISSING  # absent means "marketing"
    kind: ClassVar[Kind] = Kind.CONSENT


@dataclass(frozen=True)
class BirthdayCondition(Condition):
    op: Op | _Missing = MISSING  # absent means "within_days"
    value: Any = MISSING
    kind: ClassVar[Kind] = Kind.BIRTHDAY


@dataclass(frozen=True)
class RfmCondition(Condition):
    rfm_class: Any = MISSING  # "class" in the JSON
    r: Any = MISSING  # or quintile scores 1–5 (a number or a list)
    f: Any = MISSING
    m: Any = MISSING
    kind: ClassVar[Kind] = Kind.RFM


@dataclass(frozen=True)
class TopRevenueCondition(Condition):
    share: Any = MISSING  # absent: 0.2
    kind: ClassVar[Kind] = Kind.TOP_REVENUE


@dataclass(frozen=True)
class SegmentCondition(Condition):
    name: Any = MISSING  # a saved segment's name or a built-in's key
    kind: ClassVar[Kind] = Kind.SEGMENT


@dataclass(frozen=True)
class EraseTaskCondition(Condition):
    kind: ClassVar[Kind] = Kind.ERASE_TASK


@dataclass(frozen=True)
class Group:
    mode: GroupMode
    items: tuple[Node, ...] = ()
    negate: bool | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict)
    items_implicit: bool = False  # written without "items"


Node = Group | Condition

# JSON key of each dataclass field where the two differ; fields not listed keep their name
_JSON_NAMES = {"from_": "from", "rfm_class": "class", "negate": "not"}
_CLASSES: dict[Kind, type[Condition]] = {
    Kind.FIELD: FieldCondition, Kind.CUSTOM: CustomCondition, Kind.TAGS: TagsCondition,
    Kind.PURCHASES: PurchasesCondition, Kind.INTERACTIONS: InteractionsCondition, Kind.CONSENT: ConsentCondition,
    Kind.BIRTHDAY: BirthdayCondition, Kind.RFM: RfmCondition, Kind.TOP_REVENUE: TopRevenueCondition,
    Kind.SEGMENT: SegmentCondition, Kind.ERASE_TASK: EraseTaskCondition,
}


def _fail(code: str, **params: Any) -> KnownError:
    return KnownError(code, **params)


# ---- JSON -> typed ---------------------------------------------------------------------------
def parse(definition: Any) -> Group:
    """The typed form of a stored definition; a bare condition or a list becomes an AND group."""
    if isinstance(definition, Group):
        return definition
    if isinstance(definition, Condition):
        return Group(GroupMode.AND, (definition,))
    if isinstance(definition, list):
        return Group(GroupMode.AND, tuple(_parse_node(item, 1) for item in definition))
    if isinstance(definition, dict) and "group" not in definition:
        return Group(GroupMode.AND, (_parse_node(definition, 1),))
    if isinstance(definition, dict):
        node = _parse_node(definition, 0)
        assert isinstance(node, Group)
        return node
    raise _fail("segment_invalid", detail=type(definition).__name__)


def _negate(raw: dict[str, Any]) -> bool | None:
    return None if "not" not in raw else bool(raw["not"])


def _parse_node(raw: Any, depth: int) -> Node:
    if not isinstance(raw, dict):
        raise _fail("segment_invalid", detail=f"{raw!r}"[:60])
    if depth > MAX_DEPTH:
        raise _fail("segment_invalid", detail=f"more than {MAX_DEPTH} nested groups")
    if "group" in raw:
        mode, items = raw["group"], raw.get("items", [])
        if mode not in ("and", "or") or not isinstance(items, list):
            raise _fail("segment_invalid", detail=f"group {mode!r}")
        extra = {k: v for k, v in raw.items() if k not in ("group", "items", "not")}
        return Group(GroupMode(mode), tuple(_parse_node(item, depth + 1) for item in items), _negate(raw), extra,
                     items_implicit="items" not in raw)
    try:
        kind = Kind(raw.get("kind", "field"))
    except ValueError:
        raise _fail("segment_invalid", detail=f"kind {raw.get('kind')!r}") from None
    return _PARSERS[kind](raw)


def _op(raw_op: Any, allowed: tuple[Op, ...], subject: str) -> Op:
    if raw_op in {op.value for op in allowed}:
        return Op(raw_op)
    raise _fail("segment_bad_operator", op=raw_op, field=subject)


def _build(cls: type[Condition], raw: dict[str, Any], **values: Any) -> Condition:
    """The dataclass from `values`; keys of `raw` it has no field for go to `extra` unchanged."""
    known = {"kind", "not"} | {_JSON_NAMES.get(f.name, f.name) for f in fields(cls) if f.name not in _NOT_JSON}
    extra = {k: v for k, v in raw.items() if k not in known}
    return cls(**values, negate=_negate(raw), extra=extra, kind_implicit="kind" not in raw)


def _get(raw: dict[str, Any], key: str) -> Any:
    return raw.get(key, MISSING)


def _parse_field(raw: dict[str, Any]) -> Condition:
    name = raw.get("field")
    subject = KINDS[Kind.FIELD].subject(name)
    if subject is None:
        raise _fail("segment_unknown_field", field=name)
    return _build(FieldCondition, raw, field=subject.key, op=_op(raw.get("op"), ops_for(subject.type), subject.key),
                  value=_get(raw, "value"))


def _parse_custom(raw: dict[str, Any]) -> Condition:
    return _build(CustomCondition, raw, field=_get(raw, "field"), op=_get(raw, "op"), value=_get(raw, "value"))


def _parse_tags(raw: dict[str, Any]) -> Condition:
    op = _op(raw["op"], TAG_OPS, "tags") if "op" in raw else MISSING
    return _build(TagsCondition, raw, op=op, value=_get(raw, "value"))


def _measured(raw: dict[str, Any], kind: Kind, prefix: str) -> tuple[str, Op]:
    subject = KINDS[kind].subject(raw.get("measure"))
    if subject is None:
        raise _fail("segment_unknown_field", field=f"{prefix}.{raw.get('measure')}")
    return subject.key, _op(raw.get("op"), ops_for(subject.type), subject.key)


def _parse_purchases(raw: dict[str, Any]) -> Condition:
    measure, op = _measured(raw, Kind.PURCHASES, "purchases")
    return _build(PurchasesCondition, raw, measure=measure, op=op, value=_get(raw, "value"),
                  from_=_get(raw, "from"), to=_get(raw, "to"))


def _parse_interactions(raw: dict[str, Any]) -> Condition:
    measure, op = _measured(raw, Kind.INTERACTIONS, "interactions")
    return _build(InteractionsCondition, raw, measure=measure, op=op, value=_get(raw, "value"),
                  kinds=_get(raw, "kinds"))


def _parse_consent(raw: dict[str, Any]) -> Condition:
    state = raw.get("state", "granted")
    if state not in {s.value for s in ConsentState}:
        raise _fail("segment_bad_operator", op=state, field="consent")
    return _build(ConsentCondition, raw, channel=_get(raw, "channel"),
                  state=ConsentState(state) if "state" in raw else MISSING, purpose=_get(raw, "purpose"))


def _parse_birthday(raw: dict[str, Any]) -> Condition:
    op = _op(raw["op"], BIRTHDAY_OPS, "birthday") if "op" in raw else MISSING
    return _build(BirthdayCondition, raw, op=op, value=_get(raw, "value"))


def _parse_rfm(raw: dict[str, Any]) -> Condition:
    return _build(RfmCondition, raw, rfm_class=_get(raw, "class"), r=_get(raw, "r"), f=_get(raw, "f"),
                  m=_get(raw, "m"))


def _parse_top(raw: dict[str, Any]) -> Condition:
    return _build(TopRevenueCondition, raw, share=_get(raw, "share"))


def _parse_segment(raw: dict[str, Any]) -> Condition:
    return _build(SegmentCondition, raw, name=_get(raw, "name"))


def _parse_erase(raw: dict[str, Any]) -> Condition:
    return _build(EraseTaskCondition, raw)


_PARSERS = {
    Kind.FIELD: _parse_field, Kind.CUSTOM: _parse_custom, Kind.TAGS: _parse_tags, Kind.PURCHASES: _parse_purchases,
    Kind.INTERACTIONS: _parse_interactions, Kind.CONSENT: _parse_consent, Kind.BIRTHDAY: _parse_birthday,
    Kind.RFM: _parse_rfm, Kind.TOP_REVENUE: _parse_top, Kind.SEGMENT: _parse_segment, Kind.ERASE_TASK: _parse_erase,
}


# ---- typed -> JSON ---------------------------------------------------------------------------
def to_json(node: Node) -> dict[str, Any]:
    """The stored JSON of a typed node: `to_json(parse(d)) == d` for every definition parse accepts
    in its group form (see test_segment_types)."""
    if isinstance(node, Group):
        out: dict[str, Any] = {"group": node.mode.value}
        if not node.items_implicit:
            out["items"] = [to_json(item) for item in node.items]
        if node.negate is not None:
            out["not"] = node.negate
        out.update(node.extra)
        return out
    out = {} if node.kind_implicit else {"kind": node.kind.value}
    for f in fields(node):
        value = getattr(node, f.name)
        if f.name in _NOT_JSON or value is MISSING:
            continue
        out[_JSON_NAMES.get(f.name, f.name)] = value.value if isinstance(value, StrEnum) else value
    if node.negate is not None:
        out["not"] = node.negate
    out.update(node.extra)
    return out


_NOT_JSON = frozenset({"kind", "extra", "negate", "kind_implicit"})


def given(value: Any, default: Any = None) -> Any:
    """A field's value, or `default` when the JSON did not have the key."""
    return default if value is MISSING else value


def conditions(node: Node) -> list[Condition]:
    """Every condition of a definition, groups flattened (for what a count depends on)."""
    if isinstance(node, Group):
        return [c for item in node.items for c in conditions(item)]
    return [node]
