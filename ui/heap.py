"""What lives long kept out of the garbage collector's full passes.

CPython's cyclic collector walks every tracked object of the oldest generation on a full
pass, whichever thread triggers it, holding the interpreter: with a counter's services, its
catalogue index and a workspace of tabs (several hundred thousand objects) one pass held the
screen's thread for 100-190 ms (bench_heartbeat in the full ``make bench``: the work list's
opening hit one). What exists once the database is open, a login is done or a tab is built
lives until the logout, so it is frozen (``gc.freeze``): later full passes walk only what came
after. At the logout the session's objects are handed back to the collector and collected
once, after the login page is on screen.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """The objects alive now live long: collect the young garbage, then freeze the rest."""
    gc.collect(1)
    gc.freeze()


def release() -> None:
    """A session ends: its objects may be collected again (call ``collect`` when idle)."""
    gc.unfreeze()


def collect() -> None:
    """A full collection (after a ``release``, at a moment nobody waits for the screen), then
    what is left settled again."""
    gc.collect()
    gc.freeze()
