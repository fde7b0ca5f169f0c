"""Exports for mailings and reports (SPEC §9): .xlsx, .csv and vCard, presets, mailing mode, safety."""

from clientbook.core.exporting.mailing import REASON_TITLES, REASONS, Excluded, MailingSelection
from clientbook.core.exporting.service import (
    FORMATS,
    ExportOptions,
    ExportResult,
    default_file_name,
    export_clients,
    preview_mailing,
)

__all__ = ["FORMATS", "REASONS", "REASON_TITLES", "Excluded", "ExportOptions", "ExportResult", "MailingSelection",
           "default_file_name", "export_clients", "preview_mailing"]
