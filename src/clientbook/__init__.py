"""Clientbook: a local-first, encrypted client-base manager."""

__version__ = "0.1.0"
