"""The append-only, hash-chained audit trail: every change and every view of personal
data (trail), and the chain's hashing and verification rules (chain).

May import counter_app.core and db. Every other area records through trail.record().
"""
