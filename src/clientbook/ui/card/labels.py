"""Translated names of the model's stored codes (kinds, statuses, channels…) and the UI language.

The database keeps short English codes; every place that shows one asks here, so a code is
translated once and the card, the History window and the Today panel say the same word.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from clientbook.core.validation import format_date


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def language() -> str:
    """"ru" or "en": the app's i18n module decides when it exists, else the core's rule."""
    try:
        from clientbook.ui import i18n

        getter = getattr(i18n, "current_language", None)
        if callable(getter):
            lang = str(getter())
            return "en" if lang.startswith("en") else "ru"
    except ImportError:
        pass
    from clientbook.core.messages import current_language

    return current_language()


def qlocale() -> QLocale:
    """The locale date pickers use, so "d MMMM yyyy" reads "1 апреля 1985" in Russian."""
    if language() == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Russian, QLocale.Country.Russia)


def client_kinds() -> dict[str, str]:
    return {"person": _t("Person"), "company": _t("Company"), "ip": _t("Sole trader (IP)")}


def statuses() -> dict[str, str]:
    return {"lead": _t("Lead"), "active": _t("Active"), "former": _t("Former"), "problem": _t("Problem")}


def temperatures() -> dict[str, str]:
    return {"cold": _t("Cold"), "warm": _t("Warm"), "hot": _t("Hot")}


def behaviours() -> dict[str, str]:
    return {"loyal": _t("Loyal"), "discount": _t("Discount-driven"), "impulsive": _t("Impulsive"),
            "purposeful": _t("Purposeful"), "curious": _t("Curious")}


def genders() -> dict[str, str]:
    return {"m": _t("Male"), "f": _t("Female")}


def phone_kinds() -> dict[str, str]:
    return {"mobile": _t("Mobile"), "work": _t("Work"), "home": _t("Home"), "fax": _t("Fax"),
            "other": _t("Other")}


def interaction_kinds() -> dict[str, str]:
    return {"call": _t("Call"), "meeting": _t("Meeting"), "email": _t("E-mail"), "message": _t("Message"),
            "note": _t("Note"), "offer": _t("Offer sent"), "complaint": _t("Complaint"),
            "support": _t("Support request"), "feedback": _t("Feedback")}


def directions() -> dict[str, str]:
    return {"in": _t("Incoming"), "out": _t("Outgoing")}


def channels() -> dict[str, str]:
    return {"email": _t("E-mail"), "sms": _t("SMS"), "phone": _t("Phone calls"),
            "messenger": _t("Messengers"), "post": _t("Post")}


def consent_statuses() -> dict[str, str]:
    return {"granted": _t("Granted"), "withdrawn": _t("Withdrawn")}


def roles() -> dict[str, str]:
    return {"director": _t("Director"), "accountant": _t("Accountant"), "manager": _t("Manager"),
            "buyer": _t("Buyer"), "owner": _t("Owner"), "other": _t("Other")}


def field_types() -> dict[str, str]:
    return {"text": _t("Text"), "number": _t("Number"), "date": _t("Date"), "choice": _t("Choice"),
            "multi": _t("Multiple choice"), "bool": _t("Yes / no")}


def applies_to() -> dict[str, str]:
    return {"client": _t("Client"), "contact": _t("Contact person")}


def entities() -> dict[str, str]:
    return {"client": _t("Card"), "contact": _t("Contact person"), "phone": _t("Phone"),
            "email": _t("E-mail"), "interaction": _t("History entry"), "purchase": _t("Purchase"),
            "reminder": _t("Reminder"), "consent": _t("Consent"), "custom_value": _t("Custom field"),
            "tag": _t("Tag")}


def field_names() -> dict[str, str]:
    """Column names as the Changes tab shows them."""
    return {
        "kind": _t("Kind"), "last_name": _t("Last name"), "first_name": _t("First name"),
        "middle_name": _t("Middle name"), "company_name": _t("Company"), "inn": _t("INN"),
        "position": _t("Position"), "address": _t("Address"), "city": _t("City"), "region": _t("Region"),
        "country": _t("Country"), "birth_day": _t("Birth day"), "birth_month": _t("Birth month"),
        "birth_year": _t("Birth year"), "gender": _t("Gender"), "family_status": _t("Family status"),
        "family_note": _t("Children / family"), "interests": _t("Interests"), "source": _t("Source"),
        "status": _t("Status"), "temperature": _t("Temperature"), "behaviour": _t("Behaviour"),
        "debtor": _t("Debtor"), "notes": _t("Notes"), "next_contact_date": _t("Next contact"),
        "archived": _t("Archived"), "tags": _t("Tags"), "e164": _t("Number"), "raw": _t("As written"),
        "extension": _t("Extension"), "is_primary": _t("Primary"), "address_email": _t("Address"),
        "role": _t("Role"), "decision_maker": _t("Decision maker"),
        "preferred_channel": _t("Preferred channel"), "value_text": _t("Value"), "position_order": _t("Order"),
    }


def yes_no(value: bool) -> str:
    return _t("yes") if value else _t("no")


def long_date(value: dt.date | None) -> str:
    """"1 апреля 1985" / "1 April 1985"; empty for no date."""
    if value is None:
        return ""
    return format_date(value.day, value.month, value.year, language())


def long_datetime(value: dt.datetime | None) -> str:
    """A stored UTC time shown in local time: "1 апреля 2024, 14:05"."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone()
    return f"{long_date(local.date())}, {local:%H:%M}"


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
