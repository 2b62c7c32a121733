"""Alembic migrations. ``HEAD`` names the newest revision (a test keeps it true), so that a
start-up on a database already at head needs no Alembic at all."""

HEAD = "0018"
