"""Exports for mailings and reports (SPEC §9): .xlsx, .csv and vCard, presets, mailing mode, safety."""

from clientbook.core.exporting.mailing import REASON_TITLES, REASONS, Excluded
from clientbook.core.exporting.rows import Plan
from clientbook.core.exporting.service import ExportResult, default_file_name, export_clients, preview
from clientbook.core.exporting.spec import CHANNELS, FORMATS, Channel, ExportSpec, Format, Scope

__all__ = ["CHANNELS", "FORMATS", "REASONS", "REASON_TITLES", "Channel", "Excluded", "ExportResult", "ExportSpec",
           "Format", "Plan", "Scope", "default_file_name", "export_clients", "preview"]
