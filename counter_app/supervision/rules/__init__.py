"""Supervision's vocabulary and rules as plain data: no database, no printers."""
