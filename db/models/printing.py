"""Print jobs (filled in by the printers issue)."""
