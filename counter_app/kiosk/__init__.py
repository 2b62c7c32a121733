"""The self-service kiosk's plain-Python services: progress look-up with lockout, ratings and
complaints taken at the kiosk (issue 15)."""
