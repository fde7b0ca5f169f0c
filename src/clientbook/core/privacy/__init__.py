"""Privacy (SPEC §13, 152-ФЗ, GDPR): what we keep about one person, and erasing it without a trace.

- `report`: the subject report (.xlsx / JSON) — everything stored about one person;
- `erase`: deletion of the person and everything linked (purchases kept anonymised), including the
  audit text, batch labels and undo data, the search index's segments and freed file pages;
- `act`: the act of destruction (.xlsx and a printable HTML page, ru + en);
- `holding`: which backups still hold erased people and when they leave the rotation, and rewriting
  them without the person;
- `deadlines`: a withdrawn processing consent becomes a task to erase within 30 days.
"""
