"""The bundle's executable: the desktop app with no subcommand, the `clientbook` CLI with one.

`Clientbook` alone starts the window, `Clientbook stats` / `--version` / `--self-test` run the
command line, exactly as the `clientbook` script of a pip install does. Before the window starts on
Linux it checks the X11 libraries Qt's xcb plugin needs, since without them Qt aborts with a
message that does not say what to install.
"""

from __future__ import annotations

import sys


def main() -> int:
    from clientbook.cli import build_parser
    from clientbook.cli import main as cli_main

    args = build_parser().parse_args()  # a usage error exits here, as it would in cli_main
    if args.command is None and not args.self_test:
        from clientbook.core.messages import current_language
        from clientbook.ui.system_libraries import advice, missing_xcb_packages, uses_xcb

        missing = missing_xcb_packages() if uses_xcb() else []
        if missing:
            print(advice(missing).text(current_language()), file=sys.stderr)
            return 1
    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
