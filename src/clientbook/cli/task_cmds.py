"""`remind`, `today`, `responsible`: tasks for the people of a shared vault (#15.6).

The same services as the card's Reminders tab and the Today panel (core.history, core.today,
core.team), so a task added here shows there, for the same user.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientbook.cli.common import CommandFailed, add_vault_arguments, open_vault
from clientbook.core.messages import Message, current_language
from clientbook.core.messages import register as register_messages

register_messages({
    "cli_reminder_added": {"ru": "Задача добавлена (№{id}), срок {due}{whom}.",
                           "en": "Task added (#{id}), due {due}{whom}."},
    "cli_reminder_for": {"ru": ", исполнитель {name}", "en": ", for {name}"},
    "cli_responsible_set": {"ru": "Ответственный изменён у {count} клиентов.",
                            "en": "The responsible user was changed for {count} client(s)."},
    "cli_nothing_due": {"ru": "Сегодня ничего не запланировано.", "en": "Nothing is due."},
})
GROUP_TITLES = {
    "ru": {"overdue": "Просрочено", "today": "Сегодня", "week": "На этой неделе", "birthdays": "Дни рождения"},
    "en": {"overdue": "Overdue", "today": "Due today", "week": "This week", "birthdays": "Birthdays"},
}
KIND_TEXTS = {
    "ru": {"next_contact": "Связаться с клиентом", "birthday": "День рождения", "contact_birthday": "День рождения: "},
    "en": {"next_contact": "Contact the client", "birthday": "Birthday", "contact_birthday": "Birthday of "},
}


def register(subparsers: argparse._SubParsersAction) -> None:
    remind = subparsers.add_parser("remind", help="add a task (reminder) with a due date, for a user")
    add_vault_arguments(remind)
    remind.add_argument("title", help="what to do, e.g. \"call back\"")
    remind.add_argument("--due", required=True, help="due date (DD.MM.YYYY or YYYY-MM-DD)")
    remind.add_argument("--client", type=int, help="the client's id (clientbook search shows it)")
    remind.add_argument("--assignee", help="the user who does it (default: nobody in particular)")
    remind.set_defaults(handler=cmd_remind)

    due = subparsers.add_parser("today", help="my tasks: overdue, today, this week, birthdays")
    add_vault_arguments(due)
    due.add_argument("--everyone", action="store_true", help="everybody's tasks (the owner's view)")
    due.add_argument("--all", action="store_true", help="every line of each group, not the first 50")
    due.add_argument("--json", action="store_true", help="print one JSON object")
    due.set_defaults(handler=cmd_today)

    resp = subparsers.add_parser("responsible", help="give clients to a user (the one responsible for them)")
    add_vault_arguments(resp)
    resp.add_argument("client_ids", type=int, nargs="+", metavar="CLIENT_ID")
    who = resp.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", dest="responsible", metavar="NAME", help="the user responsible for them")
    who.add_argument("--nobody", action="store_true", help="nobody is responsible")
    resp.set_defaults(handler=cmd_responsible)


def cmd_remind(args: argparse.Namespace) -> int:
    from clientbook.core import history
    from clientbook.core.validation import FieldProblem, parse_date

    try:
        due = parse_date(args.due)
    except FieldProblem as exc:
        raise CommandFailed(exc.message) from exc
    with open_vault(args) as vault, vault.transaction() as session:
        task = history.add_reminder(session, args.title, due, client_id=args.client, assignee=args.assignee)
        task_id, assignee = task.id, task.assignee
    lang = current_language()
    whom = Message("cli_reminder_for", {"name": assignee}).text(lang) if assignee else ""
    print(Message("cli_reminder_added", {"id": task_id, "due": due.strftime("%d.%m.%Y"), "whom": whom}).text(lang))
    return 0


def cmd_today(args: argparse.Namespace) -> int:
    import datetime as dt

    from clientbook.core import today

    on = dt.date.today()
    with open_vault(args, read_only=True) as vault, vault.session() as session:
        view = today.today_view(session, on, None if args.all else today.DEFAULT_LIMIT, everyone=args.everyone)
    lang = current_language()
    if args.json:
        data: dict[str, Any] = {"user": view.user, "groups": [
            {"key": g.key, "count": g.count, "items": [
                {"kind": i.kind, "date": i.date.isoformat(), "title": i.title, "client_id": i.client_id,
                 "client": i.client_name, "reminder_id": i.reminder_id, "assignee": i.assignee}
                for i in g.items]} for g in view.groups]}
        print(json.dumps(data, ensure_ascii=False))
        return 0
    shown = [g for g in view.groups if g.count]
    if not shown:
        print(Message("cli_nothing_due").text(lang))
    for group in shown:
        print(f"{GROUP_TITLES[lang][group.key]} — {group.count}")
        for item in group.items:
            what = item.title if item.kind == "reminder" else KIND_TEXTS[lang][item.kind] + (
                item.title if item.kind == "contact_birthday" else "")
            whom = f"  → {item.assignee}" if item.assignee and view.user is None else ""
            print(f"  {item.date.strftime('%d.%m.%Y')}\t{what}\t{item.client_name}{whom}")
        if group.truncated:
            print("  …")
    return 0


def cmd_responsible(args: argparse.Namespace) -> int:
    from clientbook.core import team

    with open_vault(args) as vault, vault.transaction() as session:
        changed = team.set_responsible(session, args.client_ids, None if args.nobody else args.responsible)
    print(Message("cli_responsible_set", {"count": changed}).text(current_language()))
    return 0
