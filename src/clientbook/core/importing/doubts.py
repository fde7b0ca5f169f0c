"""Columns the user should look at before anything is written: one message per doubtful column.

A weak guess for the name, or a name column whose values are digits, codes or yes/no marks, turns a
whole import into junk cards; a purchases or history file with no column naming the client links
nothing. The dry run, the CLI (which then wants --mapping or --yes) and the wizard show these lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clientbook.core.importing.fields import LINKED_KINDS, SKIP, targets_for
from clientbook.core.importing.mapping import HIGH, NAME_TARGETS, ColumnMapping, level
from clientbook.core.importing.normalize import cell_text, is_empty
from clientbook.core.importing.values import looks_unnamed, profile
from clientbook.core.messages import Message

CLIENT_KEYS = ("client_code", "full_name", "company_name", "phone", "email")
LEVEL_WORDS = {"high": ("высокая", "high"), "medium": ("средняя", "medium"), "low": ("низкая", "low")}


@dataclass(frozen=True)
class Doubt:
    column: int | None  # None: about the file as a whole (no name column, no client column)
    message: Message


def field_labels(kind: str, key: str) -> dict[str, str]:
    target = next((t for t in targets_for(kind) if t.key == key), None)
    return {"field_ru": target.ru if target else key, "field_en": target.en if target else key}


def level_words(confidence: float) -> dict[str, str]:
    ru, en = LEVEL_WORDS[level(confidence)]
    return {"level_ru": ru, "level_en": en, "percent": str(round(confidence * 100))}


def find_doubts(headers: Sequence[str], sample: Sequence[Sequence[Any]], mapping: ColumnMapping,
                kind: str, suggested: ColumnMapping | None = None) -> list[Doubt]:
    """`suggested` holds the confidences when `mapping` is the user's edited copy of it."""
    scores = suggested or mapping
    doubts: list[Doubt] = []
    mapped = {i: t for i, t in mapping.targets.items() if t != SKIP and i < len(headers)}

    def column(i: int) -> list[Any]:
        return [row[i] if i < len(row) else None for row in sample]

    name_columns = [i for i, t in sorted(mapped.items()) if t in NAME_TARGETS]
    for i in name_columns:
        target = mapped[i]
        values = column(i)
        params = {"header": headers[i], **field_labels(kind, target)}
        if looks_unnamed(values):
            example = next((cell_text(v) for v in values if not is_empty(v)), "")
            doubts.append(Doubt(i, Message("import_doubt_name_digits", {**params, "example": example[:40]})))
            continue
        confidence = scores.confidence(i, target)
        if confidence < HIGH:
            doubts.append(Doubt(i, Message("import_doubt_name_weak", {**params, **level_words(confidence)})))
    if kind == "clients" and not name_columns:
        doubts.append(Doubt(None, Message("import_doubt_no_name")))
    if kind in LINKED_KINDS and not any(t in CLIENT_KEYS for t in mapped.values()):
        could = [headers[i] for i in range(len(headers))
                 if (p := profile(column(i))).clear and p.kind in ("names", "code", "phone", "email")]
        doubts.append(Doubt(None, Message("import_doubt_no_client",
                                          {"columns": ", ".join(f"«{h}»" for h in could[:5]) or "—"})))
    return doubts
