"""`python -m surveykit` = the `surveykit` command.

``python -m`` puts the current folder first on ``sys.path``; a study folder holding a module
named like a library (``numpy.py``) must not be imported: the folder is dropped first.
"""

import os
import sys

if not sys.flags.safe_path:
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.abspath(p) != os.getcwd()]

try:
    from surveykit.cli import main  # after the path is made safe
except KeyboardInterrupt:  # Ctrl-C while Python starts up: the same answer as later on
    print("surveykit: interrupted; nothing was changed.", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
