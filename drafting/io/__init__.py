"""Reports in and out: importer, pasted spreadsheets, renderers, the grid view, the store (SQLite or PostgreSQL)."""
