"""An Excel 5.0/95 (BIFF5) workbook written record by record, the way old Russian programs and 1C
saved .xls: 8-bit strings in the Windows code page and, often, no CODEPAGE record to say which.
No library writes BIFF5 any more (xlwt writes BIFF8), so the tests build it: the BIFF records of
one sheet wrapped in a minimal OLE2 compound file (one FAT sector, one directory sector)."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

SECTOR = 512
ENDOFCHAIN, FATSECT, FREESECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(dt: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHH", 0x0500, dt, 0x0DBB, 0x07CC))


def _cells(rows: list[list[Any]], encoding: str) -> bytes:
    out = [_record(0x0200, struct.pack("<HHHHH", 0, len(rows), 0, max(len(r) for r in rows), 0))]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, int | float):
                out.append(_record(0x0203, struct.pack("<HHHd", r, c, 15, float(value))))
            else:
                raw = str(value).encode(encoding)
                out.append(_record(0x0204, struct.pack("<HHHH", r, c, 15, len(raw)) + raw))
    return b"".join(out)


def _xfs() -> bytes:
    """One font and 16 cell formats (XF 15 is the default cell format BIFF readers expect)."""
    font = _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + b"\x05Arial")
    xf = _record(0x00E0, struct.pack("<HHHBBBBI", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0) + b"\x00" * 4)
    cell_xf = _record(0x00E0, struct.pack("<HHHBBBBI", 0, 0, 0x0001, 0x20, 0, 0, 0, 0) + b"\x00" * 4)
    return font * 5 + xf * 15 + cell_xf


def biff5_stream(sheet: str, rows: list[list[Any]], encoding: str = "cp1251", codepage: int | None = None) -> bytes:
    head = _bof(0x0005) + (_record(0x0042, struct.pack("<H", codepage)) if codepage else b"") + _xfs()
    name = sheet.encode(encoding)
    boundsheet_len = 4 + 4 + 2 + 1 + len(name)  # record header, position, state and type, length
    eof = _record(0x000A, b"")
    sheet_at = len(head) + boundsheet_len + len(eof)
    globals_ = head + _record(0x0085, struct.pack("<IBBB", sheet_at, 0, 0, len(name)) + name) + eof
    return globals_ + _bof(0x0010) + _cells(rows, encoding) + eof


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NOSTREAM, NOSTREAM, child) + b"\0" * 16 + struct.pack("<I", 0)
            + b"\0" * 16 + struct.pack("<IQ", start, size))


def write_biff5(path: Path, rows: list[list[Any]], *, sheet: str = "Лист1", encoding: str = "cp1251",
                codepage: int | None = None) -> Path:
    stream = biff5_stream(sheet, rows, encoding, codepage)
    data = stream.ljust(max(4096, -(-len(stream) // SECTOR) * SECTOR), b"\0")  # ≥ 4096 bytes: not in the mini stream
    n = len(data) // SECTOR
    fat = [FATSECT, ENDOFCHAIN] + [3 + i for i in range(n - 1)] + [ENDOFCHAIN]
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREESECT] * (SECTOR // 4 - len(fat))))
    directory = (_dir_entry("Root Entry", 5, 1, ENDOFCHAIN, 0) + _dir_entry("Book", 2, NOSTREAM, 2, len(data))
                 + _dir_entry("", 0, NOSTREAM, 0, 0) * 2)
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<109I", 0, *([FREESECT] * 108)))
    path.write_bytes(header + fat_sector + directory + data)
    return path
