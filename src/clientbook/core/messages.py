"""User-facing messages of the core in Russian and English.

The core cannot use Qt's translator (it never imports Qt), so its few dozen messages live here as a
catalogue keyed by a stable code; the UI and the CLI pick the language.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

CATALOGUE: dict[str, dict[str, str]] = {
    # vault
    "wrong_password": {
        "ru": "Неверный пароль, либо файл не является базой Clientbook.",
        "en": "Wrong password, or the file is not a Clientbook vault.",
    },
    "not_a_vault": {
        "ru": "Файл «{name}» не является базой Clientbook.",
        "en": "The file “{name}” is not a Clientbook vault.",
    },
    "plain_sqlite": {
        "ru": "Файл «{name}» — обычная незашифрованная база SQLite, а не база Clientbook.",
        "en": "The file “{name}” is a plain unencrypted SQLite database, not a Clientbook vault.",
    },
    "empty_file": {
        "ru": "Файл «{name}» пуст.",
        "en": "The file “{name}” is empty.",
    },
    "vault_missing": {
        "ru": "Файл базы «{name}» не найден.",
        "en": "The vault file “{name}” does not exist.",
    },
    "vault_exists": {
        "ru": "Файл «{name}» уже существует.",
        "en": "The file “{name}” already exists.",
    },
    "vault_locked": {
        "ru": "База «{name}» уже открыта в другом окне или программе.",
        "en": "The vault “{name}” is already open in another window or program.",
    },
    "vault_busy": {
        "ru": "База «{name}» сейчас занята: в неё записывается импорт, проверка файла, резервная копия или другая "
              "долгая операция. Ничего не сохранено; повторите, когда она закончится.",
        "en": "The vault “{name}” is busy: an import, a check of a file, a backup or another long operation is "
              "being written. Nothing was saved; try again when it is done.",
    },
    "vault_damaged": {
        "ru": "Файл базы «{name}» повреждён. Восстановите его из резервной копии.",
        "en": "The vault file “{name}” is damaged. Restore it from a backup.",
    },
    "vault_too_new": {
        "ru": "База «{name}» создана более новой версией Clientbook. Обновите программу; файл не изменён.",
        "en": "The vault “{name}” was made by a newer version of Clientbook. Update the program; the file was not changed.",
    },
    "password_empty": {
        "ru": "Пароль не может быть пустым.",
        "en": "The password cannot be empty.",
    },
    "network_share": {
        "ru": "База лежит на сетевом диске: при обрыве связи файл может быть повреждён. Лучше хранить её на этом компьютере.",
        "en": "The vault is on a network share: a dropped connection can damage it. Keep it on this computer instead.",
    },
    # keyring
    "keyring_unavailable": {
        "ru": "Безопасное хранилище паролей недоступно; пароль придётся вводить при каждом открытии.",
        "en": "No secure password store is available; you will be asked for the password each time.",
    },
    "keyring_insecure": {
        "ru": "Хранилище паролей этой системы хранит их открытым текстом; запоминание пароля отключено.",
        "en": "This system's password store keeps secrets in plain text; remembering the password is disabled.",
    },
    "keyring_failed": {
        "ru": "Хранилище паролей отказало: {detail}. Пароль придётся вводить при каждом открытии.",
        "en": "The password store refused: {detail}. You will be asked for the password each time.",
    },
    # validation
    "required": {"ru": "Обязательное поле.", "en": "This field is required."},
    "phone_invalid": {
        "ru": "Номер телефона «{value}» не распознан.",
        "en": "The phone number “{value}” is not valid.",
    },
    "email_invalid": {
        "ru": "Адрес эл. почты «{value}» некорректен.",
        "en": "The e-mail address “{value}” is not valid.",
    },
    "inn_invalid": {
        "ru": "ИНН «{value}» неверен: не совпадает контрольная сумма или длина.",
        "en": "The INN “{value}” is not valid: wrong length or checksum.",
    },
    "date_invalid": {
        "ru": "Дата «{value}» не распознана.",
        "en": "The date “{value}” is not a valid date.",
    },
    "choice_invalid": {
        "ru": "Значение «{value}» недопустимо.",
        "en": "The value “{value}” is not allowed.",
    },
    "number_invalid": {
        "ru": "«{value}» — не число.",
        "en": "“{value}” is not a number.",
    },
    "rating_invalid": {
        "ru": "Оценка должна быть от 1 до 10.",
        "en": "The rating must be from 1 to 10.",
    },
    "company_name_required": {
        "ru": "Укажите название компании.",
        "en": "Enter the company name.",
    },
    "name_required": {
        "ru": "Укажите фамилию, имя или название компании.",
        "en": "Enter a last name, first name or company name.",
    },
    "stale_version": {
        "ru": "Карточку «{name}» уже изменили в другом окне. Обновите её и повторите.",
        "en": "The card “{name}” was changed elsewhere meanwhile. Reload it and try again.",
    },
    "not_found": {
        "ru": "Запись не найдена (возможно, удалена).",
        "en": "The record was not found (it may have been deleted).",
    },
    "tag_empty": {"ru": "Название метки не может быть пустым.", "en": "A tag name cannot be empty."},
    "amount_invalid": {
        "ru": "Сумма «{value}» не распознана.",
        "en": "The amount “{value}” is not valid.",
    },
    "field_key_invalid": {
        "ru": "Название поля «{value}» недопустимо или уже занято.",
        "en": "The field name “{value}” is not allowed or already taken.",
    },
    "disk_full": {
        "ru": "Недостаточно места на диске; ничего не записано.",
        "en": "The disk is full; nothing was written.",
    },
}


def current_language() -> str:
    """The language for core messages: CLIENTBOOK_LANG, else the system locale, Russian first."""
    lang = os.environ.get("CLIENTBOOK_LANG")
    if not lang:
        lang = (locale.getlocale()[0] or os.environ.get("LANG") or "ru")
    lang = lang.lower()
    return "en" if lang.startswith("en") else "ru"


@dataclass(frozen=True)
class Message:
    """A translatable message: a catalogue code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        entry = CATALOGUE.get(self.code)
        if entry is None:
            return self.code
        template = entry.get(lang) or entry["en"]
        return template.format(**self.params)

    def __str__(self) -> str:
        return self.text()


def register(entries: dict[str, dict[str, str]]) -> None:
    """Add a feature's messages (each feature module keeps its own, beside its code)."""
    for code, texts in entries.items():
        if code in CATALOGUE and CATALOGUE[code] != texts:
            raise ValueError(f"message code {code!r} registered twice with different texts")
        CATALOGUE[code] = texts


def join_sentences(texts: Iterable[str]) -> str:
    """Messages one after another as sentences: "Телефон не распознан. Номер слишком короткий."
    (joined with "; " they read "не распознан.; Номер…")."""
    parts = [t.strip() for t in texts if t and t.strip()]
    return " ".join(p if p[-1] in ".!?…" else p + "." for p in parts)
