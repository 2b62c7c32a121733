"""Queue tickets, categories and windows (filled in by the queue issue)."""
