"""The desktop app's collector and GIL settings: on only when the app asks, and the collector stays on."""

from __future__ import annotations

import subprocess
import sys


def test_the_app_tunes_the_collector_and_keeps_it_running() -> None:
    code = (
        "import gc, sys; from clientbook.ui import gc_pauses\n"
        "before = gc.get_threshold(); gc_pauses.settle_long_lived(); untouched = gc.get_freeze_count()\n"
        "switch = sys.getswitchinterval()\n"
        "gc_pauses.tune_for_the_desktop(); x = [[] for _ in range(10)]; gc_pauses.settle_long_lived()\n"
        "print(before == (700, 10, 10), untouched == 0, gc.get_threshold() == gc_pauses.THRESHOLDS,\n"
        "      gc.isenabled(), gc.get_freeze_count() > 0, switch == 0.005, sys.getswitchinterval() == 0.001)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True"] * 7
