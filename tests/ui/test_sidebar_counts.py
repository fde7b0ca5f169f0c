"""The sidebar reads its two kinds of counts side by side: the segments never wait for the tags."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool

from clientbook.ui import sidebar as sb


def test_segment_counts_do_not_wait_for_the_tag_counts(qtbot, vault, monkeypatch):  # type: ignore[no-untyped-def]
    """With the read of the base and tag counts held back, the segment counts still arrive."""
    release = threading.Event()
    real = sb._base_counts

    def held(session):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real(session)

    monkeypatch.setattr(sb, "_base_counts", held)
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(2, threads))  # one worker each, also on a one-core runner
    bar = sb.Sidebar()
    qtbot.addWidget(bar)
    try:
        with qtbot.waitSignal(bar.segments_counted, timeout=10_000):
            bar.set_vault(vault)
        assert bar.counts == {}  # the base counts are still being read
    finally:
        release.set()
    qtbot.waitUntil(lambda: "all" in bar.counts, timeout=10_000)
    bar.clear_all()
    pool.setMaxThreadCount(threads)
