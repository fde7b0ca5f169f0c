"""`export`: a segment, a search or every client to .xlsx, .csv or vCard, optionally as a mailing list.

The same ExportSpec and core path as the export dialog (clientbook.core.exporting)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clientbook.cli.common import add_vault_arguments, open_vault, progress_printer
from clientbook.core.messages import current_language

# The exporters (openpyxl, SQLAlchemy) load only when the command runs; the choices are the core's
# own (tests/unit/test_cli_startup.py keeps them equal to clientbook.core.exporting.FORMATS).
if TYPE_CHECKING:
    from clientbook.core.exporting import Scope

FORMATS = ("xlsx", "csv", "vcf")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export clients or a segment (xlsx, csv, vCard)")
    add_vault_arguments(parser)
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--segment", help="a saved segment's name or a built-in key (see `segments`)")
    scope.add_argument("--search", help="the clients a search finds, best match first (as `search` does)")
    parser.add_argument("--format", choices=FORMATS, help="default: from the file name, else xlsx")
    parser.add_argument("--preset", choices=("email", "sms", "full"), default="full")
    parser.add_argument("--mailing", choices=("email", "sms"),
                        help="only recipients with an active consent for this channel and a valid address")
    parser.add_argument("--per-address", action="store_true", help="one row per address instead of per client")
    parser.add_argument("--encoding", default="utf-8-sig", choices=("utf-8-sig", "utf-8", "cp1251", "utf-16"))
    parser.add_argument("--delimiter", default=";", help="csv delimiter: ';' ',' 'tab' or '|'")
    parser.add_argument("--codes", action="store_true",
                        help="stored codes (person, active, hot…) instead of words, for a file to re-import")
    parser.add_argument("-o", "--output", required=True, help="the file to write")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=cmd_export)


def _scope(session: Any, args: argparse.Namespace) -> Scope:
    from clientbook.core import segments
    from clientbook.core.exporting import Scope
    from clientbook.core.segment_builtins import BUILTINS

    if args.search:
        return Scope(search=args.search, what=f"search “{args.search}”")
    if not args.segment:
        return Scope(what="all clients")
    if args.segment in BUILTINS:
        return Scope(segment=BUILTINS[args.segment].definition, what=args.segment)
    segment = segments.get_segment(session, args.segment)
    return Scope(segment=segment.definition, what=segment.name)


def cmd_export(args: argparse.Namespace) -> int:
    from clientbook.core.exporting import REASON_TITLES, ExportSpec, export_clients

    output = Path(args.output)
    fmt = args.format or (output.suffix.lower().lstrip(".") if output.suffix.lower() in (".csv", ".vcf") else "xlsx")
    spec = ExportSpec(format=fmt, preset=args.preset, mailing=args.mailing, per_address=args.per_address,
                      encoding=args.encoding, delimiter="\t" if args.delimiter == "tab" else args.delimiter,
                      codes=args.codes)
    spec.check()
    lang = current_language()
    with open_vault(args) as vault:
        with vault.session() as session:
            scope = _scope(session, args)
        result = export_clients(vault, output, dataclasses.replace(spec, scope=scope),
                                progress=progress_printer("export"))
    counts = result.excluded_counts()
    if args.json:
        print(json.dumps({"file": str(result.path), "format": result.format, "rows": result.rows,
                          "clients": result.clients, "excluded": counts if args.mailing else {},
                          "withheld": result.withheld, "seconds": round(result.seconds, 3)}, ensure_ascii=False))
        return 0
    ru = lang == "ru"
    print(f"{'Записано строк' if ru else 'Rows written'}: {result.rows} → {result.path}")
    note = result.withheld_note()
    if note is not None:
        print(note.text(lang))
    if args.mailing:
        for reason, count in counts.items():
            if count:
                title = REASON_TITLES[reason][0 if ru else 1]
                print(f"  {'исключено' if ru else 'excluded'} ({title}): {count}")
    return 0
