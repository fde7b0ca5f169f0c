"""A dry run's answer is kept while nothing it depends on has changed.

The import wizard checks the whole file twice before the import: for duplicates (in "fill" mode),
then, on Next, with the mode the user chose on the duplicates page. Most keep "fill", and the second
check was then the same run again: 5.5 s at 100,000 rows. `DryRuns.run` hands back the last answer
when the options are equal, the file has the same size and modification time, and nothing was
committed to the vault since that run began (`CommitWatch`); otherwise it runs again.
"""

from __future__ import annotations

import copy
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clientbook.core.commit_watch import CommitWatch
from clientbook.core.importing.commit import Cancel, ImportOptions, ImportResult, Progress, run_import
from clientbook.core.importing.readers import KeptSheet

if TYPE_CHECKING:
    from clientbook.core.vault import Vault


def _stamp(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


@dataclass
class _Answer:
    path: Path
    stamp: tuple[int, int]
    options: ImportOptions
    watch: CommitWatch
    result: ImportResult


class DryRuns:
    """The dry runs of one wizard; `close()` when it closes. Runs may come from worker threads."""

    def __init__(self, vault: Vault, sheet: KeptSheet | None = None) -> None:
        self._vault = vault
        self._sheet = sheet  # the wizard's parsed sheet
        self._last: _Answer | None = None
        self._guard = threading.Lock()

    def answer(self, path: Path, options: ImportOptions) -> ImportResult | None:
        """The last answer, if it is still the answer for this file and these options (a few ms)."""
        with self._guard:
            last = self._last
            if last is None or last.path != path or last.options != options:
                return None
            try:
                fresh = last.stamp == _stamp(path) and last.watch.unchanged()
            except OSError:  # the file is gone: the run says so
                fresh = False
            return last.result if fresh else None

    def run(self, path: Path, options: ImportOptions, *, progress: Progress | None = None,
            should_cancel: Cancel | None = None) -> ImportResult:
        """The kept answer, or a new dry run (kept in its place)."""
        answer = self.answer(path, options)
        if answer is not None:
            return answer
        stamp = _stamp(path)
        watch = CommitWatch(self._vault)  # before the run: a commit while it reads makes it stale
        try:
            result = run_import(self._vault, path, options, dry_run=True, progress=progress,
                                should_cancel=should_cancel, kept=self._sheet)
        except BaseException:
            watch.close()
            raise
        self._keep(_Answer(path, stamp, copy.deepcopy(options), watch, result))
        return result

    def _keep(self, answer: _Answer | None) -> None:
        with self._guard:
            old, self._last = self._last, answer
        if old is not None:
            old.watch.close()

    def close(self) -> None:
        self._keep(None)
