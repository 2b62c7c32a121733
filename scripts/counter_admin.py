"""Launcher of ``counter-admin`` in the installed folder (installer.spec): the same entry
point as the ``counter-admin`` script pip makes, ``counter_app.cli:main``."""

import sys

from counter_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
