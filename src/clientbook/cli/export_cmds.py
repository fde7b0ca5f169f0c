"""`export`: a segment (or every client) to .xlsx, .csv or vCard, optionally as a mailing list."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from clientbook.cli.common import add_vault_arguments, open_vault, progress_printer
from clientbook.core.messages import current_language

# The exporters (openpyxl, SQLAlchemy) load only when the command runs; the choices are the core's
# own (tests/unit/test_cli_startup.py keeps them equal to clientbook.core.exporting.FORMATS).
FORMATS = ("xlsx", "csv", "vcf")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export clients or a segment (xlsx, csv, vCard)")
    add_vault_arguments(parser)
    parser.add_argument("--segment", help="a saved segment's name or a built-in key (see `segments`)")
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


def _source(session: Any, name: str | None) -> tuple[Any, str]:
    from clientbook.core import segments
    from clientbook.core.segment_builtins import BUILTINS

    if not name:
        return None, "all clients"
    if name in BUILTINS:
        return BUILTINS[name].definition, name
    segment = segments.get_segment(session, name)
    return segment.definition, segment.name


def cmd_export(args: argparse.Namespace) -> int:
    from clientbook.core.exporting import REASON_TITLES, ExportOptions, export_clients

    output = Path(args.output)
    fmt = args.format or (output.suffix.lower().lstrip(".") if output.suffix.lower() in (".csv", ".vcf") else "xlsx")
    options = ExportOptions(format=fmt, preset=args.preset, mailing=args.mailing, per_address=args.per_address,
                            encoding=args.encoding, delimiter="\t" if args.delimiter == "tab" else args.delimiter,
                            codes=args.codes)
    options.check()
    lang = current_language()
    with open_vault(args) as vault:
        with vault.session() as session:
            source, what = _source(session, args.segment)
        result = export_clients(vault, output, options, source=source, what=what,
                                progress=progress_printer("export"))
    counts = result.excluded_counts()
    if args.json:
        print(json.dumps({"file": str(result.path), "format": result.format, "rows": result.rows,
                          "clients": result.clients, "excluded": counts if args.mailing else {},
                          "seconds": round(result.seconds, 3)}, ensure_ascii=False))
        return 0
    ru = lang == "ru"
    print(f"{'Записано строк' if ru else 'Rows written'}: {result.rows} → {result.path}")
    if args.mailing:
        for reason, count in counts.items():
            if count:
                title = REASON_TITLES[reason][0 if ru else 1]
                print(f"  {'исключено' if ru else 'excluded'} ({title}): {count}")
    return 0
