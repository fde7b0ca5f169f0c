"""`users`: the people of a multi-user vault, their roles and passwords (#15)."""

from __future__ import annotations

import argparse
import json

from clientbook.cli.common import CommandFailed, add_vault_arguments, open_vault, read_password, read_secret
from clientbook.core.messages import Message, current_language
from clientbook.core.messages import register as register_messages

# The vault and key modules are imported inside the commands (see cli/common.py).

register_messages({
    "cli_user_added": {"ru": "Пользователь «{name}» добавлен ({role}).", "en": "The user “{name}” was added ({role})."},
    "cli_user_removed": {
        "ru": "Пользователь «{name}» удалён; база заново зашифрована новым ключом, его пароль её больше не "
              "открывает. Его личные заметки остаются зашифрованными, прочесть их больше нельзя.",
        "en": "The user “{name}” was removed; the vault was re-encrypted under a new key that their password "
              "does not open. Their private notes stay sealed: nobody can read them any more."},
    "cli_user_role": {"ru": "Роль пользователя «{name}»: {role}.", "en": "The user “{name}” is now: {role}."},
    "cli_user_password": {"ru": "Пароль пользователя «{name}» изменён.", "en": "The password of “{name}” was changed."},
    "cli_single_user": {"ru": "В базе один пользователь (владелец): {name}.",
                        "en": "The vault has one user (the owner): {name}."},
})


def _permissions(text: str | None) -> set[str] | None:
    return None if text is None else {p.strip() for p in text.split(",") if p.strip()}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="users of the vault: list, add, remove, role, passwd")
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the users, their roles and permissions")
    add_vault_arguments(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    add = actions.add_parser("add", help="add a user (the owner only; the first one needs the owner's password)")
    add_vault_arguments(add)
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("manager", "read_only"))
    add.add_argument("--permissions", help="a manager's permissions, comma-separated "
                                           "(edit,export,import,merge,restore,see_sensitive)")
    add.add_argument("--new-password-file", help="the new user's password (else CLIENTBOOK_NEW_PASSWORD, else a prompt)")
    add.set_defaults(handler=cmd_add)

    remove = actions.add_parser("remove", help="remove a user and re-encrypt the vault under a new key")
    add_vault_arguments(remove)
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_remove)

    role = actions.add_parser("role", help="change a user's role")
    add_vault_arguments(role)
    role.add_argument("name")
    role.add_argument("role", choices=("manager", "read_only"))
    role.add_argument("--permissions", help="a manager's permissions, comma-separated")
    role.set_defaults(handler=cmd_role)

    passwd = actions.add_parser("passwd", help="change your password, or (the owner) reset another user's")
    add_vault_arguments(passwd)
    passwd.add_argument("name")
    passwd.add_argument("--new-password-file", help="the new password (else CLIENTBOOK_NEW_PASSWORD, else a prompt)")
    passwd.set_defaults(handler=cmd_passwd)


def _new_password(args: argparse.Namespace) -> str:
    prompt = "Новый пароль: " if current_language() == "ru" else "New password: "
    return read_secret(args.new_password_file, "CLIENTBOOK_NEW_PASSWORD", confirm=True, prompt=prompt)


def _owner_password(args: argparse.Namespace) -> str:
    prompt = "Пароль владельца: " if current_language() == "ru" else "The owner's password: "
    return read_password(args, prompt=prompt)


def cmd_list(args: argparse.Namespace) -> int:
    from clientbook.core import users

    with open_vault(args, read_only=True) as vault:
        multi = users.is_multi_user(vault.path)
        with vault.session() as session:
            found = users.list_users(session) if multi else []
        owner = vault.user
    lang = current_language()
    rows = [{"name": u.name, "role": u.role, "permissions": sorted(u.permissions),
             "created_at": u.created_at.isoformat()} for u in found]
    if args.json:
        print(json.dumps(rows or [{"name": owner.name, "role": owner.role, "permissions": sorted(owner.permissions),
                                   "created_at": None}], ensure_ascii=False))
        return 0
    if not multi:
        print(Message("cli_single_user", {"name": owner.name}).text(lang))
        return 0
    for u in found:
        print(f"{u.name}\t{users.describe(u, lang)}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from clientbook.core import rights, users

    with open_vault(args) as vault:
        rights.require(vault, "users")
        password = _new_password(args)
        owner_password = None if users.is_multi_user(vault.path) else _owner_password(args)
        info = users.add_user(vault, args.name, password, args.role, _permissions(args.permissions),
                              owner_password=owner_password)
        print(Message("cli_user_added", {"name": info.name, "role": users.describe(info)}).text(current_language()))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from clientbook.core import rights, users

    with open_vault(args) as vault:
        rights.require(vault, "users")
        users.remove_user(vault, args.name, owner_password=_owner_password(args))
    print(Message("cli_user_removed", {"name": args.name}).text(current_language()))
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    from clientbook.core import users

    with open_vault(args) as vault:
        users.set_role(vault, args.name, args.role, _permissions(args.permissions))
        with vault.session() as session:
            info = next((u for u in users.list_users(session) if u.name == args.name), None)
    if info is None:  # pragma: no cover - set_role refused an unknown name already
        raise CommandFailed(Message("user_unknown", {"name": args.name}))
    print(Message("cli_user_role", {"name": args.name, "role": users.describe(info)}).text(current_language()))
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    from clientbook.core import rights, users

    with open_vault(args) as vault:
        if args.name != vault.user.name:
            rights.require(vault, "users")
        users.set_password(vault, args.name, _new_password(args))
    print(Message("cli_user_password", {"name": args.name}).text(current_language()))
    return 0
