"""Temperature suggested from activity (SPEC §7), never silently overriding a hand-set value.

Rules (per vault setting ``temperature_rules``, defaults below): a client's *last activity* is the
later of the last interaction and the last purchase.

- hot: last activity within ``hot_days`` (30) days;
- warm: within ``warm_days`` (180) days;
- cold: older, or no activity at all.

Applying the suggestion runs as one batch labelled ``temperature_suggestion``. A temperature is
"automatic" when its latest change in the audit came from such a batch; an empty temperature is filled;
any other value was set by hand and is kept unless ``overwrite_manual=True``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from clientbook.core import clients, settings
from clientbook.core import models as m
from clientbook.core.errors import KnownError
from clientbook.core.messages import register
from clientbook.core.restore_points import restore_point_before
from clientbook.core.rights import require

if TYPE_CHECKING:
    from clientbook.core.vault import Vault

register({
    "temperature_rules_invalid": {
        "ru": "Правила температуры неверны: нужно 0 < дней для «горячих» ≤ дней для «тёплых».",
        "en": "The temperature rules are wrong: 0 < hot days ≤ warm days is required.",
    },
})

SETTING_KEY = "temperature_rules"
DEFAULT_RULES = {"hot_days": 30, "warm_days": 180}
BATCH_LABEL = "temperature_suggestion"


@dataclass(frozen=True)
class TemperatureRules:
    hot_days: int = 30
    warm_days: int = 180


def rules(session: Session) -> TemperatureRules:
    stored = settings.get(session, SETTING_KEY, DEFAULT_RULES) or DEFAULT_RULES
    merged = {**DEFAULT_RULES, **stored}
    return TemperatureRules(int(merged["hot_days"]), int(merged["warm_days"]))


def set_rules(session: Session, hot_days: int, warm_days: int) -> None:
    require(session, "edit")
    if not 0 < hot_days <= warm_days:
        raise KnownError("temperature_rules_invalid")
    settings.put(session, SETTING_KEY, {"hot_days": int(hot_days), "warm_days": int(warm_days)})


def suggestion_select(session: Session, today: dt.date | None = None) -> Any:
    """SELECT (client_id, current temperature, suggested temperature, is_manual) for non-archived clients."""
    today = today or dt.date.today()
    r = rules(session)
    st = m.ClientStats  # the per-client summary kept by triggers: no grouping of every interaction
    activity = func.max(func.coalesce(st.last_interaction, ""), func.coalesce(st.last_purchase, ""))
    suggested = case(
        (activity >= (today - dt.timedelta(days=r.hot_days)).isoformat(), literal("hot")),
        (activity >= (today - dt.timedelta(days=r.warm_days)).isoformat(), literal("warm")),
        else_=literal("cold"))
    a = m.AuditEntry
    latest_change = (select(a.client_id, func.max(a.id).label("audit_id"))
                     .where(a.entity == "client", a.field == "temperature").group_by(a.client_id).subquery())
    auto_ids = (select(latest_change.c.client_id)
                .join(a, a.id == latest_change.c.audit_id)
                .join(m.Batch, m.Batch.id == a.batch_id).where(m.Batch.label == BATCH_LABEL))
    manual = and_(m.Client.temperature.isnot(None), m.Client.id.not_in(auto_ids))
    return (select(m.Client.id, m.Client.temperature, suggested.label("suggested"), manual.label("manual"))
            .outerjoin(st, st.client_id == m.Client.id)
            .where(m.Client.archived.is_(False)))


def suggest(session: Session, client_id: int, today: dt.date | None = None) -> str:
    row = session.execute(suggestion_select(session, today).where(m.Client.id == client_id)).first()
    return str(row.suggested) if row else "cold"


@dataclass(frozen=True)
class SuggestionResult:
    changed: dict[str, int]  # new temperature -> how many clients got it
    kept_manual: int


def apply_suggestions(vault: Vault, *, overwrite_manual: bool = False, today: dt.date | None = None,
                      restore_point: bool = True) -> SuggestionResult:
    """Set the suggested temperature where it differs; hand-set values are kept unless asked."""
    require(vault, "edit")
    if restore_point:
        restore_point_before(vault, "bulk_edit")
    with vault.transaction() as session:
        targets: dict[str, list[int]] = {"hot": [], "warm": [], "cold": []}
        kept = 0
        for row in session.execute(suggestion_select(session, today)):
            if row.temperature == row.suggested:
                continue
            if row.manual and not overwrite_manual:
                kept += 1
                continue
            targets[row.suggested].append(row.id)
        batch = clients.start_batch(session, "bulk_edit", BATCH_LABEL)
        changed: dict[str, Any] = {}
        for value, ids in targets.items():
            for start in range(0, len(ids), 500):
                changed[value] = changed.get(value, 0) + clients.set_field(
                    session, ids[start:start + 500], "temperature", value)
        clients.finish_batch(session, batch, {"changed": changed, "kept_manual": kept})
        session.info["batch_id"] = None
    return SuggestionResult({k: int(v) for k, v in changed.items()}, kept)
