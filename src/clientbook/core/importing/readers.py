"""Reading rows from workbooks (python-calamine) and text tables (csv) one row at a time.

calamine parses a sheet natively and hands Python one row at a time (`iter_rows`), so Python
objects for a million rows never exist at once; only the chosen sheet is parsed. CSV is decoded
and split incrementally; its encoding and delimiter are decided from the first 64 KB.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import itertools
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import python_calamine as calamine

from clientbook.core.errors import KnownError
from clientbook.core.importing.guards import FileKind, fail, inspect_file
from clientbook.core.importing.mojibake import repairer

MOJIBAKE_SAMPLE_ROWS = 200

SAMPLE_BYTES = 64 * 1024
DELIMITERS = (";", ",", "\t", "|")
MAX_LINE = 1024 * 1024  # characters in one line of a text table: a client row is a few hundred
MAX_CELL = 128 * 1024  # characters in one cell (the csv module's own default limit)


class Source(Protocol):
    """An opened spreadsheet: sheet names and their rows as lists of plain Python values."""

    path: Path
    kind: FileKind
    encoding_used: str  # how the text was decoded ("utf-8", "cp1251", …; "" = the workbook's own)

    @property
    def sheets(self) -> list[str]: ...

    def row_count(self, sheet: str) -> int: ...

    def rows(self, sheet: str) -> Iterator[list[Any]]: ...

    def close(self) -> None: ...


class KeptSheet:
    """The last sheet parsed, kept for the next reading of the same file: the import wizard reads its
    file three times (preview, the check of the whole file, the import), and parsing a sheet of
    1,000,000 rows took 10 s each time (100,000: 1.1 s). The parsed cells are in memory; the file is
    closed between readings, and a file saved again (other size or time) is parsed anew. Letting go
    of such a sheet holds the GIL (0.15 s at 1,000,000 rows), so it is let go of once, by `clear()`."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._sheet: Any = None
        self._guard = threading.Lock()

    def get(self, path: Path, name: str, load: Callable[[], Any]) -> Any:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, name)
        with self._guard:
            if key != self._key:
                self._key, self._sheet = None, None  # the old one goes before the new one is parsed
                self._sheet, self._key = load(), key
            return self._sheet

    def clear(self) -> None:
        with self._guard:
            self._key, self._sheet = None, None


@dataclass
class WorkbookSource:
    path: Path
    kind: FileKind
    book: Any = None
    forced_encoding: str | None = None
    kept: KeptSheet | None = None
    _sheets: dict[str, Any] = field(default_factory=dict)
    _fix: Callable[[Any], Any] | None = None
    _names: dict[str, str] | None = None  # shown (repaired) sheet name → the name in the book
    encoding_used: str = ""

    def _real_sheets(self) -> list[str]:
        return [s.name for s in self.book.sheets_metadata
                if str(getattr(s, "typ", "")).endswith("WorkSheet")] or list(self.book.sheet_names)

    def _decide_text(self) -> dict[str, str]:
        """Old .xls without a CODEPAGE record reads as mojibake: decided once from the sheet names and
        the first rows of the first sheet (or as the user forced), then applied to every string."""
        if self._names is None:
            real = self._real_sheets()
            texts: list[str] = list(real)
            if self.forced_encoding is None and self.kind.format == "xls" and real:
                rows = itertools.islice(self._sheet_raw(real[0]).iter_rows(), MOJIBAKE_SAMPLE_ROWS)
                texts += [v for row in rows for v in row if isinstance(v, str)]
            self._fix, self.encoding_used = repairer(texts, self.forced_encoding)
            fix = self._fix
            self._names = {(fix(n) if fix else n): n for n in real}
        return self._names

    @property
    def sheets(self) -> list[str]:
        return list(self._decide_text())

    def _sheet(self, name: str) -> Any:
        name = self._decide_text().get(name, name)
        return self._sheet_raw(name)

    def _sheet_raw(self, name: str) -> Any:
        if name not in self._sheets:
            if name not in self.book.sheet_names:
                raise fail("import_no_sheet", self.path, sheet=name)
            try:
                self._sheets.clear()  # keep one parsed sheet at a time
                load = functools.partial(self.book.get_sheet_by_name, name)
                self._sheets[name] = load() if self.kept is None else self.kept.get(self.path, name, load)
            except (calamine.CalamineError, ValueError) as exc:
                raise _calamine_error(self.path, exc) from exc
            except BaseException as exc:
                if not _is_panic(exc):
                    raise
                raise fail("import_corrupt", self.path) from None
        return self._sheets[name]

    def row_count(self, sheet: str) -> int:
        return int(self._sheet(sheet).height)

    def rows(self, sheet: str) -> Iterator[list[Any]]:
        try:
            rows = self._sheet(sheet).iter_rows()
            fix = self._fix
            if fix is None:
                yield from rows
            else:
                for row in rows:
                    yield [fix(v) for v in row]
        except (calamine.CalamineError, ValueError) as exc:
            raise _calamine_error(self.path, exc) from exc

    def close(self) -> None:
        self._sheets.clear()
        with contextlib.suppress(Exception):  # already closed is fine
            self.book.close()


def _calamine_error(path: Path, exc: Exception) -> KnownError:
    if isinstance(exc, calamine.PasswordError) or "password" in str(exc).lower():
        return fail("import_password", path)
    return fail("import_corrupt", path)


@dataclass
class TextSource:
    path: Path
    kind: FileKind
    encoding: str = "utf-8"
    delimiter: str = ","
    fix: Callable[[Any], Any] | None = None  # cp1251 text saved after being misread as cp1252
    encoding_used: str = ""

    @property
    def sheets(self) -> list[str]:
        return [self.path.stem]

    def row_count(self, sheet: str) -> int:
        """Line breaks counted on bytes: cheap even for a 1,000,000-line file (quoted breaks overcount)."""
        lf = cr = 0
        with self.path.open("rb") as fh:
            while chunk := fh.read(1024 * 1024):
                lf += chunk.count(b"\n")
                cr += chunk.count(b"\r")
        return max(lf, cr if lf == 0 else lf, 1)

    def rows(self, sheet: str) -> Iterator[list[Any]]:
        """Rows in bounded memory: a line longer than MAX_LINE (a file without line breaks) or a cell
        longer than MAX_CELL is refused with its line number, before anything is written."""
        # newline="" lets csv see CR, LF and CRLF alike and keep line breaks inside quotes
        with self.path.open("r", encoding=self.encoding, errors="replace", newline="") as fh:
            lines = _bounded_lines(fh, self.path)
            reader = csv.reader(lines, delimiter=self.delimiter, skipinitialspace=True)
            fix = self.fix
            while True:
                start = reader.line_num + 1  # where the row (and so the cell) begins
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise fail("import_cell_too_big", self.path, line=start, limit=MAX_CELL // 1024) from exc
                yield [cell.strip() for cell in row] if fix is None else [fix(cell.strip()) for cell in row]

    def close(self) -> None:
        pass


def _bounded_lines(fh: Any, path: Path) -> Iterator[str]:
    number = 0
    while line := fh.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise fail("import_line_too_long", path, line=number, limit=MAX_LINE // 1024)
        yield line


def open_source(path: str | Path, encoding: str | None = None, kept: KeptSheet | None = None) -> Source:
    """Check the file (guards first), then open it with the right reader. `encoding` is the user's
    choice of text encoding (a text file's, or the code page of an old .xls); None = detected.
    `kept`: a workbook's sheet parsed by an earlier reading of the same file is taken from there."""
    path = Path(path)
    kind = inspect_file(path)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise fail("import_encoding_unknown", path, encoding=encoding) from None
    if kind.format == "csv":
        raw = path.read_bytes()[:SAMPLE_BYTES] if path.stat().st_size <= SAMPLE_BYTES else _head(path)
        forced = bool(encoding)
        encoding = encoding or detect_encoding(raw)
        text = raw.decode(encoding, errors="replace")
        delimiter = detect_delimiter(text)
        source = TextSource(path, kind, encoding, delimiter, encoding_used=encoding)
        if not forced and encoding != "cp1251":  # an encoding the user chose is taken as it is
            head = [c for _, row in zip(range(MOJIBAKE_SAMPLE_ROWS), source.rows(path.stem), strict=False) for c in row]
            source.fix, repaired = repairer(head)
            source.encoding_used = f"{encoding}+{repaired}" if repaired else encoding
        if not any(any(c for c in row) for _, row in zip(range(1000), source.rows(path.stem), strict=False)):
            raise fail("import_empty", path)
        return source
    try:
        ext_matches = path.suffix.lower() == f".{kind.format}" or (
            kind.format == "xlsx" and path.suffix.lower() == ".xlsm")
        if ext_matches:
            book = calamine.CalamineWorkbook.from_path(str(path))
        else:  # renamed between workbook formats: calamine sniffs the content
            with path.open("rb") as fh:
                book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(fh.read()))
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise _calamine_error(path, exc) from exc
    except BaseException as exc:
        if not _is_panic(exc):
            raise
        raise fail("import_corrupt", path) from None
    return WorkbookSource(path, kind, book, encoding, kept)


def _is_panic(exc: BaseException) -> bool:
    """calamine's Rust code panics on some damaged OLE2 files (pyo3's PanicException is a
    BaseException, so `except Exception` lets it through as a traceback)."""
    return type(exc).__name__ == "PanicException"


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(SAMPLE_BYTES)


def detect_encoding(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, cp1251 for Russian text, else cp1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3 and len(raw) >= SAMPLE_BYTES:  # a character cut by the sample
            return "utf-8"
    if _mostly_utf8(raw):
        return "utf-8"  # a stray bad byte: those cells read as "�" and are reported, the rest is right
    # Russian text read as cp1251 gives words of Cyrillic letters only; Western text gives words
    # mixing Latin letters with a stray Cyrillic one ("Café" → "Cafй")
    words = re.findall(r"[^\W\d_]+", raw.decode("cp1251", errors="replace"))
    cyrillic = mixed = 0
    for word in words:
        has_cyr = any("\u0400" <= c <= "\u04ff" for c in word)
        if has_cyr and any(c.isascii() for c in word):
            mixed += 1
        elif has_cyr:
            cyrillic += 1
    return "cp1251" if cyrillic > mixed else "cp1252"


def _mostly_utf8(raw: bytes) -> bool:
    """Valid multi-byte UTF-8 characters, and only a few bytes that are not (a damaged cell, a
    value pasted from elsewhere). Text in cp1251 or cp1252 has almost no valid multi-byte sequence."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    return good >= 2 and bad <= max(2, good // 100)


def detect_delimiter(text: str) -> str:
    """The candidate that splits the first lines into the same, largest number of fields."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", 0.0
    for delim in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) / len(counts) * min(common, 50)
        if score > best_score:
            best, best_score = delim, score
    return best
