"""Study configuration: surveykit.yaml, the codebook, sites, population, report recipe.

Everything loads into frozen, validated objects; a problem raises :class:`ConfigError`
naming the file, the key and the fix.
"""

from surveykit.config.codebook import Codebook, Level, Scale, Source, Variable, load_codebook
from surveykit.config.population import load_population
from surveykit.config.sites import SiteTable, load_sites
from surveykit.config.study import StudyConfig, WaveConfig, find_config, load_config

__all__ = [
    "Codebook",
    "Level",
    "Scale",
    "SiteTable",
    "Source",
    "StudyConfig",
    "Variable",
    "WaveConfig",
    "find_config",
    "load_codebook",
    "load_config",
    "load_population",
    "load_sites",
]
