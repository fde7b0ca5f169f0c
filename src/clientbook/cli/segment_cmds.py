"""`segments`: saved and built-in segments with their counts."""

from __future__ import annotations

import argparse
import json

from clientbook.cli.common import add_vault_arguments, open_vault
from clientbook.core.messages import current_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("segments", help="saved and built-in segments with client counts")
    add_vault_arguments(parser)
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=cmd_segments)


def cmd_segments(args: argparse.Namespace) -> int:
    from clientbook.core import segments

    with open_vault(args) as vault, vault.session() as session:
        lines = segments.list_segments_with_counts(session)
    data = [{"name": line.name, "count": line.count, "builtin": line.key, "id": line.id, "error": line.error,
             "definition": line.definition} for line in lines]
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    ru = current_language() == "ru"
    for item in data:
        kind = ("встроенный" if ru else "built-in") if item["builtin"] else ("сохранённый" if ru else "saved")
        suffix = f"  ({item['error']})" if item["error"] else ""
        print(f"{item['count']:>8}  {item['name']}  [{item['builtin'] or kind}]{suffix}")
    return 0
