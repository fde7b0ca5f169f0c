"""Built-in segments (SPEC §7), each an ordinary definition so they combine with saved ones.

- hot / warm / cold: the temperature field as set on the card (by hand or by the suggestion);
- top_revenue: the 20 % of buyers bringing the most revenue (see clientbook.core.rfm);
- rfm_*: the RFM classes (rules in clientbook.core.rfm);
- birthdays_month: birthday (day and month known) in the current month;
- no_contact_90: no interaction in the last 90 days, including never contacted;
- debtors: the debtor flag, or an unpaid purchase whose due date has passed;
- incomplete: a card nobody can reach or address: no phone and no e-mail (contact persons' count),
  or a person / ИП without a last or first name, or a company without a company name;
- no_mailing_consent: no active consent for e-mail and none for SMS;
- to_erase: an open task to erase the person (consent to processing withdrawn, 152-ФЗ art. 21).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clientbook.core.rfm import RFM_CLASSES


@dataclass(frozen=True)
class Builtin:
    key: str
    ru: str
    en: str
    definition: dict[str, Any]

    def title(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en

    def rfm_class(self) -> str | None:
        """The RFM class when this built-in is exactly one, so a sidebar counts all classes at once."""
        items = self.definition.get("items", [])
        if len(items) == 1 and items[0].get("kind") == "rfm" and set(items[0]) == {"kind", "class"}:
            return str(items[0]["class"])
        return None

    def top_share(self) -> float | None:
        """The share when this built-in is exactly "top buyers by revenue", counted without a ranking."""
        items = self.definition.get("items", [])
        if len(items) == 1 and items[0].get("kind") == "top_revenue" and set(items[0]) == {"kind", "share"}:
            return float(items[0]["share"])
        return None


def _and(*items: dict[str, Any]) -> dict[str, Any]:
    return {"group": "and", "items": list(items)}


def _or(*items: dict[str, Any]) -> dict[str, Any]:
    return {"group": "or", "items": list(items)}


def _temperature(value: str) -> dict[str, Any]:
    return _and({"kind": "field", "field": "temperature", "op": "equals", "value": value})


_RFM_TITLES = {
    "champions": ("RFM: чемпионы", "RFM: champions"),
    "loyal": ("RFM: лояльные", "RFM: loyal"),
    "potential": ("RFM: перспективные", "RFM: potential"),
    "need_attention": ("RFM: требуют внимания", "RFM: need attention"),
    "at_risk": ("RFM: под угрозой ухода", "RFM: at risk"),
    "hibernating": ("RFM: спящие", "RFM: hibernating"),
    "lost": ("RFM: потерянные", "RFM: lost"),
}

_LIST: list[Builtin] = [
    Builtin("hot", "Горячие", "Hot", _temperature("hot")),
    Builtin("warm", "Тёплые", "Warm", _temperature("warm")),
    Builtin("cold", "Холодные", "Cold", _temperature("cold")),
    Builtin("top_revenue", "Топ-20 % по выручке", "Top 20 % by revenue",
            _and({"kind": "top_revenue", "share": 0.2})),
    *[Builtin(f"rfm_{name}", *_RFM_TITLES[name], _and({"kind": "rfm", "class": name})) for name in RFM_CLASSES],
    Builtin("birthdays_month", "Дни рождения в этом месяце", "Birthdays this month",
            _and({"kind": "birthday", "op": "in_month", "value": "current"})),
    Builtin("no_contact_90", "Нет контакта 90 дней", "No contact for 90 days",
            _and({"kind": "interactions", "measure": "last_date", "op": "within_last_days", "value": 90,
                  "not": True})),
    Builtin("debtors", "Должники", "Debtors",
            _or({"kind": "field", "field": "debtor", "op": "is_true"},
                {"kind": "purchases", "measure": "overdue_count", "op": "gte", "value": 1})),
    Builtin("incomplete", "Неполные карточки", "Incomplete cards",
            _or(_and({"kind": "field", "field": "phone", "op": "empty"},
                     {"kind": "field", "field": "email", "op": "empty"}),
                _and({"kind": "field", "field": "kind", "op": "in", "value": ["person", "ip"]},
                     _or({"kind": "field", "field": "last_name", "op": "empty"},
                         {"kind": "field", "field": "first_name", "op": "empty"})),
                _and({"kind": "field", "field": "kind", "op": "equals", "value": "company"},
                     {"kind": "field", "field": "company_name", "op": "empty"}))),
    Builtin("no_mailing_consent", "Нет согласия на рассылку", "No mailing consent",
            _and({"kind": "consent", "channel": "email", "state": "not_granted"},
                 {"kind": "consent", "channel": "sms", "state": "not_granted"})),
    Builtin("to_erase", "К уничтожению", "To be erased", _and({"kind": "erase_task"})),
]

BUILTINS: dict[str, Builtin] = {b.key: b for b in _LIST}
