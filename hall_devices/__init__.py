"""Hall devices with no Qt, no database and no application imports: LED window displays."""

from hall_devices.led import (
    PROTOCOLS,
    LedBus,
    LedContentError,
    LedProtocol,
    TextOverSerial,
    register_protocol,
)

__all__ = [
    "PROTOCOLS",
    "LedBus",
    "LedContentError",
    "LedProtocol",
    "TextOverSerial",
    "register_protocol",
]
