"""What a column can be imported into, with the Russian and English header words that suggest it."""

from __future__ import annotations

from dataclasses import dataclass

SKIP = "skip"
EXTRA = "extra"  # kept in the card's notes as "Header: value", so nothing is lost
CUSTOM_PREFIX = "custom:"


@dataclass(frozen=True)
class Target:
    key: str
    ru: str
    en: str
    synonyms: tuple[str, ...]
    multi: bool = False  # several columns may feed it (joined or collected)


CLIENT_TARGETS: tuple[Target, ...] = (
    Target("full_name", "ФИО", "Full name", (
        "фио", "ф.и.о.", "ф и о", "клиент", "имя клиента", "покупатель", "заказчик", "контактное лицо",
        "full name", "name", "customer name", "client name", "contact name", "customer", "client", "contact")),
    Target("last_name", "Фамилия", "Last name", ("фамилия", "last name", "surname", "family name", "lastname")),
    Target("first_name", "Имя", "First name", ("имя", "first name", "given name", "firstname", "forename")),
    Target("middle_name", "Отчество", "Middle name", ("отчество", "middle name", "patronymic", "middlename")),
    Target("company_name", "Компания", "Company", (
        "компания", "организация", "фирма", "название компании", "наименование", "юрлицо", "юр. лицо",
        "company", "company name", "organization", "organisation", "firm", "account name")),
    Target("inn", "ИНН", "INN (tax id)", ("инн", "inn", "tax id", "taxpayer id", "инн организации")),
    Target("position", "Должность", "Position", ("должность", "position", "job title", "title", "role")),
    Target("phone", "Телефон", "Phone", (
        "телефон", "тел", "тел.", "телефоны", "мобильный", "мобильный телефон", "сотовый", "моб. телефон",
        "phone", "phones", "phone number", "mobile", "mobile phone", "cell", "cell phone", "telephone",
        "phone 1", "phone 2", "телефон 1", "телефон 2", "контактный телефон"), multi=True),
    Target("phone_work", "Телефон рабочий", "Work phone", (
        "рабочий телефон", "телефон рабочий", "business phone", "work phone", "office phone"), multi=True),
    Target("phone_home", "Телефон домашний", "Home phone", ("домашний телефон", "телефон домашний",
                                                           "home phone"), multi=True),
    Target("phone_fax", "Факс", "Fax", ("факс", "fax", "fax number"), multi=True),
    Target("email", "E-mail", "E-mail", (
        "email", "e-mail", "e mail", "эл. почта", "электронная почта", "почта", "емейл", "имейл",
        "e-mail address", "email address", "mail", "emails"), multi=True),
    Target("address", "Адрес", "Address", (
        "адрес", "address", "street", "улица", "адрес доставки", "почтовый адрес", "индекс", "zip",
        "zip/postal code", "postal code", "postcode", "почтовый индекс"), multi=True),
    Target("city", "Город", "City", ("город", "city", "town", "населенный пункт", "нас. пункт")),
    Target("region", "Регион", "Region", ("регион", "область", "край", "state", "state/province", "province",
                                           "county")),
    Target("country", "Страна", "Country", ("страна", "country", "country/region")),
    Target("birthday", "Дата рождения", "Birthday", (
        "дата рождения", "день рождения", "др", "birthday", "date of birth", "dob", "birth date", "birthdate")),
    Target("gender", "Пол", "Gender", ("пол", "gender", "sex")),
    Target("source", "Источник", "Source", ("источник", "откуда узнал", "канал привлечения", "source",
                                             "lead source", "channel")),
    Target("notes", "Примечание", "Notes", (
        "примечание", "примечания", "комментарий", "комментарии", "заметки", "заметка", "описание",
        "notes", "note", "comment", "comments", "remarks"), multi=True),
    Target("tags", "Метки", "Tags", ("метки", "теги", "тег", "метка", "группа", "tags", "tag", "labels",
                                      "group"), multi=True),
    Target("client_code", "Код клиента", "Client code", (
        "код", "код клиента", "id клиента", "номер клиента", "id", "customer id", "client id",
        "customer code", "client code", "customer number")),
    Target("consent_email", "Согласие на рассылку (e-mail)", "E-mail consent", (
        "согласие на рассылку", "согласие на e-mail рассылку", "рассылка", "подписка", "согласие",
        "subscribed", "newsletter", "consent", "email opt-in", "email consent", "marketing consent")),
    Target("consent_sms", "Согласие на SMS", "SMS consent", (
        "согласие на смс", "согласие на sms", "смс рассылка", "sms рассылка", "sms opt-in", "sms consent")),
)

PURCHASE_TARGETS: tuple[Target, ...] = (
    Target("client_code", "Код клиента", "Client code", (
        "код клиента", "id клиента", "customer id", "client id", "customer code", "client code")),
    Target("full_name", "Клиент (ФИО)", "Client (full name)", (
        "клиент", "фио", "покупатель", "заказчик", "customer name", "client name", "customer", "client",
        "name")),
    Target("company_name", "Компания", "Company", ("компания", "организация", "company")),
    Target("phone", "Телефон клиента", "Client phone", ("телефон", "phone", "mobile"), multi=True),
    Target("email", "E-mail клиента", "Client e-mail", ("email", "e-mail", "почта"), multi=True),
    Target("date", "Дата", "Date", ("дата", "дата заказа", "дата покупки", "дата продажи", "date", "order date",
                                     "purchase date", "sale date", "invoice date")),
    Target("amount", "Сумма", "Amount", ("сумма", "стоимость", "итого", "сумма заказа", "выручка", "amount",
                                          "sales", "total", "sum", "revenue")),
    Target("item", "Товар / услуга", "Item / service", (
        "товар", "услуга", "наименование товара", "наименование", "продукт", "product", "product name",
        "item", "service", "description")),
    Target("quantity", "Количество", "Quantity", ("количество", "кол-во", "кол.", "qty", "quantity")),
    Target("order_id", "Номер заказа", "Order number", (
        "номер заказа", "заказ", "№ заказа", "order id", "order", "order number", "invoice", "invoice number")),
    Target("paid", "Оплачено", "Paid", ("оплачено", "оплата", "paid")),
    Target("due_date", "Срок оплаты", "Due date", ("срок оплаты", "оплатить до", "due date", "due")),
    Target("currency", "Валюта", "Currency", ("валюта", "currency")),
    Target("city", "Город", "City", ("город", "city")),
    Target("region", "Регион", "Region", ("регион", "область", "state", "province")),
    Target("country", "Страна", "Country", ("страна", "country")),
)

HISTORY_TARGETS: tuple[Target, ...] = (
    *PURCHASE_TARGETS[:5],  # the same client keys as purchases: code, name, company, phone, e-mail
    Target("date", "Дата (и время)", "Date (and time)", (
        "дата", "дата и время", "когда", "дата контакта", "дата визита", "дата звонка", "дата встречи",
        "дата обращения", "date", "date and time", "datetime", "when", "contact date", "visit date")),
    Target("time", "Время", "Time", ("время", "время визита", "время звонка", "time")),
    Target("kind", "Тип контакта", "Contact kind", (
        "тип", "вид", "тип контакта", "вид контакта", "тип события", "событие", "канал", "способ связи",
        "type", "kind", "contact type", "activity", "activity type", "event", "channel")),
    Target("direction", "Направление", "Direction", ("направление", "входящий/исходящий", "direction")),
    Target("subject", "Тема", "Subject", ("тема", "заголовок", "повод", "услуга", "subject", "topic",
                                          "title", "service")),
    Target("text", "Текст / описание", "Text / description", (
        "текст", "описание", "содержание", "комментарий", "комментарии", "примечание", "заметка", "суть",
        "text", "description", "details", "comment", "comments", "notes", "note", "body"), multi=True),
    Target("outcome", "Результат", "Outcome", ("результат", "итог", "итоги", "outcome", "result")),
    Target("rating", "Оценка (1–10)", "Rating (1–10)", ("оценка", "рейтинг", "балл", "nps", "rating", "score",
                                                        "mark")),
    Target("author", "Сотрудник", "Employee", (
        "сотрудник", "менеджер", "ответственный", "автор", "кто", "мастер", "врач", "employee", "manager",
        "author", "owner", "agent", "staff")),
    Target("next_step", "Следующий шаг", "Next step", ("следующий шаг", "что дальше", "next step", "next action")),
    Target("next_step_date", "Дата следующего шага", "Next step date", (
        "дата следующего шага", "следующий контакт", "дата следующего контакта", "перезвонить", "next step date",
        "next contact", "next contact date", "follow-up date", "follow up")),
    *PURCHASE_TARGETS[-3:],  # city, region, country: for a card made for a client not in the base
)

FIELD_LABELS = {t.key: {"ru": t.ru, "en": t.en} for t in CLIENT_TARGETS}  # for report lines

ALL_KEYS = {t.key for t in CLIENT_TARGETS + PURCHASE_TARGETS + HISTORY_TARGETS} | {SKIP, EXTRA}
LINKED_KINDS = ("purchases", "history")  # rows linked to clients found by code, phone, e-mail or name


def targets_for(kind: str) -> tuple[Target, ...]:
    return {"purchases": PURCHASE_TARGETS, "history": HISTORY_TARGETS}.get(kind, CLIENT_TARGETS)


def is_valid_target(key: str) -> bool:
    return key in ALL_KEYS or (key.startswith(CUSTOM_PREFIX) and len(key) > len(CUSTOM_PREFIX))
