"""File sizes in words a person reads: "1,5 МБ" in Russian, "1.5 MB" in English (not "MiB")."""

from __future__ import annotations


def human_size(size: int, lang: str) -> str:
    units = ("байт", "КБ", "МБ", "ГБ") if lang == "ru" else ("bytes", "KB", "MB", "GB")
    value = float(size)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            text = f"{value:.0f} {unit}" if unit == units[0] else f"{value:.1f} {unit}"
            return text.replace(".", ",") if lang == "ru" else text
        value /= 1024
    return str(size)
