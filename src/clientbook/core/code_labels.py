"""Words for the short codes the database stores (kind, status, temperature, gender, behaviour).

The card and the lists translate them with Qt (ui/card/labels.py); exports and the merge dialog,
which must not print `person`, `m` or `discount` to a person, read them here. The same words as the
card's Russian catalogue, so a file says what the screen says.
"""

from __future__ import annotations

from typing import Any

CODE_LABELS: dict[str, dict[str, tuple[str, str]]] = {  # field -> code -> (ru, en)
    "kind": {"person": ("Физлицо", "Person"), "company": ("Компания", "Company"), "ip": ("ИП", "Sole trader (IP)")},
    "status": {"lead": ("Потенциальный", "Lead"), "active": ("Активный", "Active"), "former": ("Бывший", "Former"),
               "problem": ("Проблемный", "Problem")},
    "temperature": {"cold": ("Холодный", "Cold"), "warm": ("Тёплый", "Warm"), "hot": ("Горячий", "Hot")},
    "gender": {"m": ("Мужской", "Male"), "f": ("Женский", "Female")},
    "behaviour": {"loyal": ("Лояльный", "Loyal"), "discount": ("Ищет скидки", "Discount-driven"),
                  "impulsive": ("Импульсивный", "Impulsive"), "purposeful": ("Целеустремлённый", "Purposeful"),
                  "curious": ("Любопытный", "Curious")},
}


def label(field: str, value: Any, lang: str) -> Any:
    """The word for a stored code in "ru" or "en"; any other value (or an unknown code) as it is."""
    words = CODE_LABELS.get(field, {}).get(value) if isinstance(value, str) else None
    if words is None:
        return value
    return words[0] if lang == "ru" else words[1]
