"""Translated names of the model's stored codes (kinds, statuses, channels…) and the UI language.

The database keeps short English codes; every place that shows one asks here, so a code is
translated once and the card, the History window and the Today panel say the same word.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from clientbook.ui.dates import from_qdate as from_qdate
from clientbook.ui.dates import language as language
from clientbook.ui.dates import long_date as long_date
from clientbook.ui.dates import long_datetime as long_datetime
from clientbook.ui.dates import qlocale as qlocale
from clientbook.ui.dates import short_date as short_date
from clientbook.ui.dates import to_qdate as to_qdate


def client_kinds() -> dict[str, str]:
    return {"person": QCoreApplication.translate("Labels", "Person"), "company": QCoreApplication.translate("Labels", "Company"), "ip": QCoreApplication.translate("Labels", "Sole trader (IP)")}


def statuses() -> dict[str, str]:
    return {"lead": QCoreApplication.translate("Labels", "Lead"), "active": QCoreApplication.translate("Labels", "Active"), "former": QCoreApplication.translate("Labels", "Former"), "problem": QCoreApplication.translate("Labels", "Problem")}


def temperatures() -> dict[str, str]:
    return {"cold": QCoreApplication.translate("Labels", "Cold"), "warm": QCoreApplication.translate("Labels", "Warm"), "hot": QCoreApplication.translate("Labels", "Hot")}


def behaviours() -> dict[str, str]:
    return {"loyal": QCoreApplication.translate("Labels", "Loyal"), "discount": QCoreApplication.translate("Labels", "Discount-driven"), "impulsive": QCoreApplication.translate("Labels", "Impulsive"),
            "purposeful": QCoreApplication.translate("Labels", "Purposeful"), "curious": QCoreApplication.translate("Labels", "Curious")}


def genders() -> dict[str, str]:
    return {"m": QCoreApplication.translate("Labels", "Male"), "f": QCoreApplication.translate("Labels", "Female")}


def phone_kinds() -> dict[str, str]:
    return {"mobile": QCoreApplication.translate("Labels", "Mobile"), "work": QCoreApplication.translate("Labels", "Work"), "home": QCoreApplication.translate("Labels", "Home"), "fax": QCoreApplication.translate("Labels", "Fax"),
            "other": QCoreApplication.translate("Labels", "Other")}


def interaction_kinds() -> dict[str, str]:
    return {"call": QCoreApplication.translate("Labels", "Call"), "meeting": QCoreApplication.translate("Labels", "Meeting"), "email": QCoreApplication.translate("Labels", "E-mail"), "message": QCoreApplication.translate("Labels", "Message"),
            "note": QCoreApplication.translate("Labels", "Note"), "offer": QCoreApplication.translate("Labels", "Offer sent"), "complaint": QCoreApplication.translate("Labels", "Complaint"),
            "support": QCoreApplication.translate("Labels", "Support request"), "feedback": QCoreApplication.translate("Labels", "Feedback")}


def directions() -> dict[str, str]:
    return {"in": QCoreApplication.translate("Labels", "Incoming"), "out": QCoreApplication.translate("Labels", "Outgoing")}


def channels() -> dict[str, str]:
    return {"email": QCoreApplication.translate("Labels", "E-mail"), "sms": QCoreApplication.translate("Labels", "SMS"), "phone": QCoreApplication.translate("Labels", "Phone calls"),
            "messenger": QCoreApplication.translate("Labels", "Messengers"), "post": QCoreApplication.translate("Labels", "Post"),
            "processing": QCoreApplication.translate("Labels", "Processing of personal data")}


def consent_statuses() -> dict[str, str]:
    return {"granted": QCoreApplication.translate("Labels", "Granted"), "withdrawn": QCoreApplication.translate("Labels", "Withdrawn")}


def roles() -> dict[str, str]:
    return {"director": QCoreApplication.translate("Labels", "Director"), "accountant": QCoreApplication.translate("Labels", "Accountant"), "manager": QCoreApplication.translate("Labels", "Manager"),
            "buyer": QCoreApplication.translate("Labels", "Buyer"), "owner": QCoreApplication.translate("Labels", "Owner"), "other": QCoreApplication.translate("Labels", "Other")}


def field_types() -> dict[str, str]:
    return {"text": QCoreApplication.translate("Labels", "Text"), "number": QCoreApplication.translate("Labels", "Number"), "date": QCoreApplication.translate("Labels", "Date"), "choice": QCoreApplication.translate("Labels", "Choice"),
            "multi": QCoreApplication.translate("Labels", "Multiple choice"), "bool": QCoreApplication.translate("Labels", "Yes / no")}


def applies_to() -> dict[str, str]:
    return {"client": QCoreApplication.translate("Labels", "Client"), "contact": QCoreApplication.translate("Labels", "Contact person")}


def entities() -> dict[str, str]:
    return {"client": QCoreApplication.translate("Labels", "Card"), "contact": QCoreApplication.translate("Labels", "Contact person"), "phone": QCoreApplication.translate("Labels", "Phone"),
            "email": QCoreApplication.translate("Labels", "E-mail"), "interaction": QCoreApplication.translate("Labels", "History entry"), "purchase": QCoreApplication.translate("Labels", "Purchase"),
            "reminder": QCoreApplication.translate("Labels", "Reminder"), "consent": QCoreApplication.translate("Labels", "Consent"), "custom_value": QCoreApplication.translate("Labels", "Custom field"),
            "tag": QCoreApplication.translate("Labels", "Tag")}


def field_names() -> dict[str, str]:
    """Column names as the Changes tab shows them."""
    return {
        "kind": QCoreApplication.translate("Labels", "Kind"), "last_name": QCoreApplication.translate("Labels", "Last name"), "first_name": QCoreApplication.translate("Labels", "First name"),
        "middle_name": QCoreApplication.translate("Labels", "Middle name"), "company_name": QCoreApplication.translate("Labels", "Company"), "inn": QCoreApplication.translate("Labels", "INN"),
        "position": QCoreApplication.translate("Labels", "Position"), "address": QCoreApplication.translate("Labels", "Address"), "city": QCoreApplication.translate("Labels", "City"), "region": QCoreApplication.translate("Labels", "Region"),
        "country": QCoreApplication.translate("Labels", "Country"), "birth_day": QCoreApplication.translate("Labels", "Birth day"), "birth_month": QCoreApplication.translate("Labels", "Birth month"),
        "birth_year": QCoreApplication.translate("Labels", "Birth year"), "gender": QCoreApplication.translate("Labels", "Gender"), "family_status": QCoreApplication.translate("Labels", "Family status"),
        "family_note": QCoreApplication.translate("Labels", "Children / family"), "interests": QCoreApplication.translate("Labels", "Interests"), "source": QCoreApplication.translate("Labels", "Source"),
        "status": QCoreApplication.translate("Labels", "Status"), "temperature": QCoreApplication.translate("Labels", "Temperature"), "behaviour": QCoreApplication.translate("Labels", "Behaviour"),
        "debtor": QCoreApplication.translate("Labels", "Debtor"), "notes": QCoreApplication.translate("Labels", "Notes"), "next_contact_date": QCoreApplication.translate("Labels", "Next contact"),
        "archived": QCoreApplication.translate("Labels", "Archived"), "tags": QCoreApplication.translate("Labels", "Tags"), "e164": QCoreApplication.translate("Labels", "Number"), "raw": QCoreApplication.translate("Labels", "As written"),
        "extension": QCoreApplication.translate("Labels", "Extension"), "is_primary": QCoreApplication.translate("Labels", "Primary"), "address_email": QCoreApplication.translate("Labels", "Address"),
        "role": QCoreApplication.translate("Labels", "Role"), "decision_maker": QCoreApplication.translate("Labels", "Decision maker"),
        "preferred_channel": QCoreApplication.translate("Labels", "Preferred channel"), "value_text": QCoreApplication.translate("Labels", "Value"), "position_order": QCoreApplication.translate("Labels", "Order"),
        "responsible": QCoreApplication.translate("Labels", "Responsible"), "assignee": QCoreApplication.translate("Labels", "Assignee"),
    }


def yes_no(value: bool) -> str:
    return QCoreApplication.translate("Labels", "yes") if value else QCoreApplication.translate("Labels", "no")


