"""`history`: a client's contact history from a terminal; notes, private ones too (#15)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientbook.cli.common import add_vault_arguments, open_vault
from clientbook.core.messages import Message, current_language
from clientbook.core.messages import register as register_messages

register_messages({
    "cli_history_added": {"ru": "Запись добавлена: {id}.", "en": "Entry added: {id}."},
    "cli_private_hidden": {"ru": "(личная заметка: {author})", "en": "(private note by {author})"},
})



def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("history", help="a client's contact history: add an entry, list them")
    actions = parser.add_subparsers(dest="history_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add an entry (a note, a call…) to a client's history")
    add_vault_arguments(add)
    add.add_argument("client_id", type=int, metavar="CLIENT_ID")
    add.add_argument("--kind", default="note")
    add.add_argument("--text", required=True)
    add.add_argument("--subject")
    add.add_argument("--private", action="store_true",
                     help="readable by you only: stored sealed with your own key")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add)

    listing = actions.add_parser("list", help="a client's history, newest first")
    add_vault_arguments(listing)
    listing.add_argument("client_id", type=int, metavar="CLIENT_ID")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)


def cmd_add(args: argparse.Namespace) -> int:
    from clientbook.core import history

    with open_vault(args) as vault, vault.transaction() as session:
        item = history.add_interaction(session, args.client_id, args.kind, text=args.text, subject=args.subject,
                                       private=args.private)
        item_id = item.id
    if args.json:
        print(json.dumps({"id": item_id}))
    else:
        print(Message("cli_history_added", {"id": item_id}).text(current_language()))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from clientbook.core import history

    rows: list[dict[str, Any]] = []
    with open_vault(args, read_only=True) as vault, vault.session() as session:
        for item in history.timeline(session, args.client_id):
            note = history.private_note(session, item)
            text, subject = (note.text, note.subject) if note is not None else (item.text, item.subject)
            rows.append({"id": item.id, "kind": item.kind, "at": item.occurred_at.isoformat(),
                         "author": item.author, "private": item.private,
                         "readable": not item.private or note is not None, "subject": subject, "text": text})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    lang = current_language()
    for row in rows:
        shown = row["text"] if row["readable"] else Message("cli_private_hidden", {"author": row["author"]}).text(lang)
        lock = "🔒 " if row["private"] else ""
        print(f"{row['id']}\t{row['at'][:16]}\t{row['kind']}\t{row['author'] or ''}\t{lock}{shown or ''}")
    return 0
