"""Import from Excel and CSV (SPEC §8): guards → reader → table → mapping → normalize → commit."""

from __future__ import annotations

from clientbook.core.importing import messages as _messages  # noqa: F401  (registers the catalogue)
from clientbook.core.importing.analysis import Analysis, analyze
from clientbook.core.importing.commit import (
    DUPLICATE_MODES,
    ImportCancelledError,
    ImportOptions,
    ImportResult,
    RowOutcome,
    run_import,
)
from clientbook.core.importing.mapping import ColumnMapping, suggest
from clientbook.core.importing.report import result_from_batch, write_report
from clientbook.core.importing.undo import undo_import

__all__ = ["DUPLICATE_MODES", "Analysis", "ColumnMapping", "ImportCancelledError", "ImportOptions", "ImportResult",
           "RowOutcome", "analyze", "result_from_batch", "run_import", "suggest", "undo_import", "write_report"]
