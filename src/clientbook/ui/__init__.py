"""The desktop front end (PySide6 only here)."""
