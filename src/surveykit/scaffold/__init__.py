"""Starting a study without writing Python: `surveykit init` and `surveykit codebook draft`.

Example:
    >>> init_study(Path("my-study"))                                           # doctest: +SKIP
    >>> draft_codebook([Path("my-study/data/raw/export.xlsx")], Path("my-study/config/codebook.yaml"))  # doctest: +SKIP
"""

from surveykit.scaffold.drafts import draft_codebook
from surveykit.scaffold.init import init_study, slug
from surveykit.scaffold.lexicon import KNOWN_SCALES
from surveykit.scaffold.report import draft_report

__all__ = ["KNOWN_SCALES", "draft_codebook", "draft_report", "init_study", "slug"]
