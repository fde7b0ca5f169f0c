"""vCard 3.0 (RFC 2426) writer: one card per client, for phones and mail programs.

Lines end with CRLF and are folded at 75 octets without splitting a UTF-8 character; text values
escape backslash, comma, semicolon and newlines. BDAY is written only with a known year (vCard 3.0
has no year-less date).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from clientbook.core.exporting.records import ClientRecord

_TEL_TYPES = {"mobile": "CELL", "work": "WORK", "home": "HOME", "fax": "FAX", "other": "VOICE"}


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


def card(record: ClientRecord) -> bytes:
    f = record.fields
    name = str(f.get("display_name") or "")
    lines = ["BEGIN:VCARD", "VERSION:3.0",
             "N:" + ";".join(escape(str(f.get(k) or "")) for k in ("last_name", "first_name", "middle_name")) + ";;",
             "FN:" + escape(name)]
    if f.get("company_name"):
        lines.append("ORG:" + escape(str(f["company_name"])))
    if f.get("position"):
        lines.append("TITLE:" + escape(str(f["position"])))
    for phone in record.phones:
        number = phone.e164 or phone.raw
        if number:
            ext = f";ext={phone.extension}" if phone.extension else ""
            lines.append(f"TEL;TYPE={_TEL_TYPES.get(phone.kind, 'VOICE')}:{escape(number + ext)}")
    for email in record.emails:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(email.address)}")
    if f.get("address") or f.get("city") or f.get("region"):
        parts = ["", "", f.get("address") or "", f.get("city") or "", f.get("region") or "", "", f.get("country") or ""]
        lines.append("ADR;TYPE=WORK:" + ";".join(escape(str(p)) for p in parts))
    if f.get("birth_year") and f.get("birth_month") and f.get("birth_day"):
        lines.append(f"BDAY:{int(f['birth_year']):04d}-{int(f['birth_month']):02d}-{int(f['birth_day']):02d}")
    if record.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in record.tags))
    if f.get("notes"):
        lines.append("NOTE:" + escape(str(f["notes"])))
    lines.append(f"UID:clientbook-{record.id}")
    lines.append("END:VCARD")
    return b"".join(fold_line(line) for line in lines)


def write_vcards(path: Path, records: Iterable[ClientRecord], tick: Callable[[], None] | None = None) -> int:
    count = 0
    with open(path, "wb") as fh:
        for record in records:
            fh.write(card(record))
            count += 1
            if tick:
                tick()
        fh.flush()
    return count
