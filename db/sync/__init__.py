"""Sync between a counter's embedded SQLite and the hall's central PostgreSQL (R-DATA-2).

capture: triggers fill the outbox; codec: values on the wire; central: the SQL installed on
the central; client: push, pull, full resync; roles: the database roles of counters.
"""
