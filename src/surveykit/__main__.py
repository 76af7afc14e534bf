"""`python -m surveykit` = the `surveykit` command."""

import sys

from surveykit.cli import main

sys.exit(main())
