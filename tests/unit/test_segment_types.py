"""Typed segment definitions: the stored JSON survives parse -> to_json unchanged, for every built-in
and every kind / subject / operator the registry offers; the registry is what the builder offers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clientbook.core import segment_types as st
from clientbook.core.errors import KnownError
from clientbook.core.segment_builtins import BUILTINS

SAMPLE_VALUES: dict[st.Op, Any] = {st.Op.IN: ["a", "b"], st.Op.BETWEEN: [1, 2], st.Op.ANY: ["vip"],
                                   st.Op.ALL: ["vip", "b"], st.Op.NONE: ["x"], st.Op.WITHIN_DAYS: 7,
                                   st.Op.IN_MONTH: "current"}


def every_condition() -> list[dict[str, Any]]:
    """One condition per kind, subject and operator of the registry (plus their optional keys)."""
    out: list[dict[str, Any]] = []
    key = {st.Kind.FIELD: "field", st.Kind.PURCHASES: "measure", st.Kind.INTERACTIONS: "measure",
           st.Kind.CONSENT: "channel", st.Kind.RFM: "class"}
    for kind, spec in st.KINDS.items():
        for subject in spec.subjects or ():
            base: dict[str, Any] = {"kind": kind.value}
            if kind in key:
                base[key[kind]] = subject.key
            if kind == st.Kind.CONSENT:
                out += [{**base, "state": state.value} for state in st.ConsentState]
                out.append({**base, "purpose": "marketing", "not": True})
            elif kind == st.Kind.TOP_REVENUE:
                out += [{**base, "share": 0.2}, base]
            elif not st.ops_for(subject.type):
                out.append(base)
            for op in st.ops_for(subject.type):
                item = {**base, "op": op.value}
                if st.needs_value(kind, op):
                    item["value"] = SAMPLE_VALUES.get(op, "x")
                out.append(item)
    out += [{"kind": "custom", "field": "size", "op": "gt", "value": 3},
            {"kind": "tags", "value": "vip"}, {"kind": "birthday", "value": 5},
            {"kind": "purchases", "measure": "total", "op": "gte", "value": 1, "from": "2025-01-01", "to": None},
            {"kind": "interactions", "measure": "count", "op": "gte", "value": 1, "kinds": ["call"]},
            {"kind": "rfm", "r": 5, "f": [4, 5]}, {"kind": "segment", "name": "hot", "not": False},
            {"field": "city", "op": "empty", "value": None}, {"kind": "field", "field": "city", "op": "empty",
                                                             "note": "a key from a newer version"}]
    return out


@pytest.mark.parametrize("definition", [b.definition for b in BUILTINS.values()], ids=list(BUILTINS))
def test_builtins_round_trip(definition: dict[str, Any]) -> None:
    kept = copy.deepcopy(definition)
    assert st.to_json(st.parse(definition)) == kept
    assert definition == kept  # parsing does not touch what it reads


def test_every_kind_and_operator_round_trips() -> None:
    conditions = every_condition()
    assert {c.get("kind", "field") for c in conditions} == {k.value for k in st.Kind}
    for condition in conditions:
        group = {"group": "or", "items": [condition, {"group": "and", "items": [condition], "not": True}]}
        assert st.to_json(st.parse(group)) == group, condition
        assert st.to_json(st.parse(condition)) == {"group": "and", "items": [condition]}


def test_every_op_has_a_label_and_every_kind_a_label() -> None:
    assert set(st.OP_LABELS) == set(st.Op)
    assert set(st.STATE_LABELS) == set(st.ConsentState)
    assert all(spec.label for spec in st.KINDS.values())
    assert st.KINDS[st.Kind.TOP_REVENUE] and st.KINDS[st.Kind.SEGMENT]


@pytest.mark.parametrize(("definition", "code"), [
    ({"kind": "field", "field": "nope", "op": "equals"}, "segment_unknown_field"),
    ({"kind": "field", "field": "city", "op": "gt"}, "segment_bad_operator"),
    ({"kind": "purchases", "measure": "median", "op": "gt"}, "segment_unknown_field"),
    ({"kind": "tags", "op": "some", "value": ["a"]}, "segment_bad_operator"),
    ({"kind": "consent", "channel": "email", "state": "maybe"}, "segment_bad_operator"),
    ({"kind": "martian"}, "segment_invalid"),
    ({"group": "xor", "items": []}, "segment_invalid"),
    (42, "segment_invalid"),
])
def test_structure_errors_are_known_errors(definition: Any, code: str) -> None:
    with pytest.raises(KnownError) as caught:
        st.parse(definition)
    assert caught.value.message.code == code
