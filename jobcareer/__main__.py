"""``python -m jobcareer``: the same as the ``jobcareer`` command."""

import sys

from jobcareer.cli import main

if __name__ == "__main__":
    sys.exit(main())
