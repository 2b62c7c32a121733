"""Reports (R-SUP-1): the hall's throughput for a day or a period, per window, staff member,
item and category, from SQL aggregates that give the same numbers on SQLite and PostgreSQL;
exported to Excel and PDF."""
