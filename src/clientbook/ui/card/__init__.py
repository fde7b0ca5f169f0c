"""The client card editor (SPEC §3)."""

from clientbook.ui.card.editor import ClientCard

__all__ = ["ClientCard"]
