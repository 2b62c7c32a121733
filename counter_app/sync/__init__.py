"""This PC and the hall's central PostgreSQL: configuration and the keyring (config),
one push and pull with its checks (service), the background worker (worker). The wire
protocol and the central's SQL live in db/sync.

May import core, audit, hall, cases (to carry numbering on after a rejoin), db.
"""
