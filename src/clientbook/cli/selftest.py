"""`clientbook --self-test`: a throwaway vault through the core and the real window, exit 0 if all works.

The bundle build runs it in the built executable; from source it checks an installation the same
way. Everything happens in a temporary folder (vault, backups, preferences), removed afterwards; the
window is drawn offscreen, so it also runs on a machine without a display.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

from clientbook import __version__
from clientbook.core.errors import KnownError
from clientbook.core.messages import Message, current_language, register

register({
    "selftest_start": {"ru": "Самопроверка Clientbook {version}", "en": "Clientbook {version} self-test"},
    "selftest_passed": {"ru": "Самопроверка пройдена.", "en": "Self-test passed."},
    "selftest_libs": {"ru": "Внимание: для окна на этом компьютере не хватает системных библиотек: {detail}",
                      "en": "Note: this computer lacks system libraries the window needs: {detail}"},
})


def run_self_test() -> int:
    from clientbook.core.selftest import SelfTestFailed, run_core
    from clientbook.ui.system_libraries import missing_xcb_packages

    lang = current_language()

    def say(message: Message) -> None:
        print(f"ok  {message.text(lang)}", flush=True)

    print(Message("selftest_start", {"version": __version__}).text(lang), flush=True)
    saved = {name: os.environ.get(name) for name in ("CLIENTBOOK_DATA_DIR", "QT_QPA_PLATFORM")}
    with tempfile.TemporaryDirectory(prefix="clientbook-selftest-") as temp:
        os.environ["CLIENTBOOK_DATA_DIR"] = temp  # preferences too: the user's own are never touched
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        try:
            vault = run_core(Path(temp), say)
            from clientbook.ui.selftest import show_main_window

            show_main_window(vault, lang, say)
        except SelfTestFailed as exc:
            print(f"FAIL {exc.message.text(lang)}", file=sys.stderr)
            return 1
        except KnownError as exc:
            print(f"FAIL {exc.text(lang)}", file=sys.stderr)
            return 1
        except Exception:  # a broken installation: the traceback says which file or module is missing
            traceback.print_exc()
            print("FAIL", file=sys.stderr)
            return 1
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    missing = missing_xcb_packages()
    if missing:
        print(Message("selftest_libs", {"detail": " ".join(missing)}).text(lang), flush=True)
    print(Message("selftest_passed").text(lang), flush=True)
    return 0
