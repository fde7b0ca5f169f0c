"""`clientbook` command line (SPEC §14): a thin front over the core services.

With no subcommand it starts the desktop app. Subcommands live in `*_cmds.py` modules of this
package, each with a `register(subparsers)` function, so every feature adds its own commands
without touching a shared list.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from clientbook import __version__
from clientbook.cli.common import CommandFailed, add_user_argument, run_command
from clientbook.core.messages import current_language


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clientbook", description="Clientbook — client base manager")
    parser.add_argument("--version", action="version", version=f"clientbook {__version__}")
    parser.add_argument("--data-dir", help="folder of the default vault (also CLIENTBOOK_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log diagnostics to stderr")
    add_user_argument(parser)
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation on a temporary vault (window drawn offscreen), exit 0 if fine")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda mi: mi.name):
        if module_info.name.endswith("_cmds"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from clientbook.cli import common
    from clientbook.core.hardening import harden_process

    common.ENV_SECRETS.clear()
    common.ENV_SECRETS.update(harden_process())
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.self_test:
        from clientbook.cli.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        from clientbook.ui.app import main as gui_main

        return gui_main(data_dir=args.data_dir)
    try:
        return run_command(args)
    except CommandFailed as exc:
        print(f"clientbook: {exc.text(current_language())}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("clientbook: interrupted", file=sys.stderr)
        return 130
