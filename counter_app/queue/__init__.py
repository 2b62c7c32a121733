"""The hall queue: kiosk tickets (issue), calling and the window's actions (calls,
actions), the hall board and LED displays (board, led, watch), Mandarin voice (voice),
the central queue and its degraded mode (route), categories and windows (admin), ticket
printing (printing). Pure rules in rules/ (tickets, policy, speech, times).

May import core, audit, hall, db, printers, hall_devices. Never imports cases internals.
"""
