"""Dynamic properties of Qt objects, read safely.

PySide6 6.12's ``QObject.property(name)`` drops a reference to ``None`` each time it is asked
for a property the object does not have (a reference-count bug in the binding; CPython 3.11
deallocates ``None`` after some thousands of such calls and aborts the process: "none_dealloc").
The kiosk rescaled its pages and the counter's scanner filter looked at every focused widget's
parents on every key, so a day at the window would have ended in a crash. Ask Qt whether the
property exists first; every read of a dynamic property in ``ui/`` goes through here (a test
keeps it so)."""

from __future__ import annotations

from PySide6.QtCore import QObject


def dynamic_property(obj: QObject, name: str) -> object:
    """The value of the dynamic property ``name`` of ``obj``, or None when it has none."""
    key = name.encode()
    if not any(bytes(n.data()) == key for n in obj.dynamicPropertyNames()):
        return None
    return obj.property(name)
