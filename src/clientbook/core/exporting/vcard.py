"""vCard 3.0 (RFC 2426) writer: one card per client, for phones and mail programs.

Lines end with CRLF and are folded at 75 octets without splitting a UTF-8 character; text values
escape backslash, comma, semicolon and newlines. BDAY is written only with a known year (vCard 3.0
has no year-less date). The card's values come from the same one query as every export
(exporting.rows), through the columns below.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from clientbook.core.exporting.columns import Column
from clientbook.core.exporting.rows import EMAILS_JSON, PHONES_JSON

_TEL_TYPES = {"mobile": "CELL", "work": "WORK", "home": "HOME", "fax": "FAX", "other": "VOICE"}
_TAGS_JSON = ("(SELECT json_group_array(t.name ORDER BY t.key) FROM client_tags ct JOIN tags t ON t.id = ct.tag_id "
              "WHERE ct.client_id = c.id)")
_FIELDS = {"id": "c.id", "last_name": "c.last_name", "first_name": "c.first_name", "middle_name": "c.middle_name",
           "display_name": "c.display_name", "company_name": "c.company_name", "position": "c.position",
           "phones": PHONES_JSON, "emails": EMAILS_JSON, "address": "c.address", "city": "c.city",
           "region": "c.region", "country": "c.country", "birth_year": "c.birth_year",
           "birth_month": "c.birth_month", "birth_day": "c.birth_day", "tags": _TAGS_JSON, "notes": "c.notes"}
COLUMNS = [Column(key, key, key, "text", 0, sql=sql) for key, sql in _FIELDS.items()]


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold_line(line: str) -> bytes:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    out, chunk, limit = [], b"", 75
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(chunk) + len(encoded) > limit:
            out.append(chunk)
            chunk, limit = b" ", 75
        chunk += encoded
    out.append(chunk)
    return b"\r\n".join(out) + b"\r\n"


def card(row: list[Any]) -> bytes:
    """One card from a row of COLUMNS' values."""
    f = dict(zip(_FIELDS, row, strict=True))
    lines = ["BEGIN:VCARD", "VERSION:3.0",
             "N:" + ";".join(escape(str(f.get(k) or "")) for k in ("last_name", "first_name", "middle_name")) + ";;",
             "FN:" + escape(str(f["display_name"] or ""))]
    if f["company_name"]:
        lines.append("ORG:" + escape(str(f["company_name"])))
    if f["position"]:
        lines.append("TITLE:" + escape(str(f["position"])))
    for e164, raw, extension, kind in json.loads(f["phones"] or "[]"):
        number = e164 or raw
        if number:
            ext = f";ext={extension}" if extension else ""
            lines.append(f"TEL;TYPE={_TEL_TYPES.get(kind or 'mobile', 'VOICE')}:{escape(number + ext)}")
    for address, _valid in json.loads(f["emails"] or "[]"):
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(address)}")
    if f["address"] or f["city"] or f["region"]:
        parts = ["", "", f["address"] or "", f["city"] or "", f["region"] or "", "", f["country"] or ""]
        lines.append("ADR;TYPE=WORK:" + ";".join(escape(str(p)) for p in parts))
    if f["birth_year"] and f["birth_month"] and f["birth_day"]:
        lines.append(f"BDAY:{int(f['birth_year']):04d}-{int(f['birth_month']):02d}-{int(f['birth_day']):02d}")
    tags = json.loads(f["tags"] or "[]")
    if tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in tags))
    if f["notes"]:
        lines.append("NOTE:" + escape(str(f["notes"])))
    lines.append(f"UID:clientbook-{f['id']}")
    lines.append("END:VCARD")
    return b"".join(fold_line(line) for line in lines)


def write_vcards(path: Path, rows: Iterable[list[Any]], tick: Callable[[], None] | None = None) -> int:
    count = 0
    with open(path, "wb") as fh:
        for row in rows:
            fh.write(card(row))
            count += 1
            if tick:
                tick()
        fh.flush()
    return count
