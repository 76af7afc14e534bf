# Reference for `weighting.trim` (issue 13, item 5): bounded raking of the embedded synthetic
# study's two waves to its population margins, R's calibrate(calfun = "raking", bounds = ...).
# Run from the repository root:  Rscript tests/data/r-trim/trim.R
# R 4.2.2, survey 4.1-1, jsonlite 1.8.4.
# study.csv: wave, municipality, gender, age_group, age and base_weight (population / sample
# per wave x municipality) of the embedded study's responses (surveykit.load_study() on the
# repository's data/raw, written by the Python snippet in PROVENANCE.md); margin1.csv and
# margin2.csv: its population margins wave x municipality x gender and wave x municipality x
# age_group (config/population.csv summed).
suppressMessages({library(survey); library(jsonlite)})
dir <- "tests/data/r-trim"
d <- read.csv(file.path(dir, "study.csv"), colClasses = c(wave = "character"))
m1 <- read.csv(file.path(dir, "margin1.csv"), colClasses = c(wave = "character"))
m2 <- read.csv(file.path(dir, "margin2.csv"), colClasses = c(wave = "character"))
d$stratum <- interaction(d$wave, d$municipality)
des <- svydesign(id = ~1, strata = ~stratum, weights = ~base_weight, data = d)
bounded <- calibrate(des, list(~wave + municipality + gender, ~wave + municipality + age_group),
                     list(m1, m2), calfun = "raking", bounds = c(0.5, 2.1))
unbounded <- calibrate(des, list(~wave + municipality + gender, ~wave + municipality + age_group),
                       list(m1, m2), calfun = "raking")
by_wave <- svyby(~age, ~wave, bounded, svymean)
out <- list(
  call = paste('calibrate(svydesign(id = ~1, strata = ~interaction(wave, municipality), weights = ~base_weight,',
               'data = d), list(~wave + municipality + gender, ~wave + municipality + age_group),',
               'list(m1, m2), calfun = "raking", bounds = c(0.5, 2.1))'),
  weights = unname(weights(bounded)),
  g_range_unbounded = range(weights(unbounded) / d$base_weight),
  mean_age = unname(coef(svymean(~age, bounded))), se_age = unname(SE(svymean(~age, bounded))),
  by_wave_call = "svyby(~age, ~wave, bounded, svymean)",
  by_wave_mean = unname(by_wave$age), by_wave_se = unname(by_wave$se)
)
writeLines(toJSON(c(list(R = R.version.string, survey = as.character(packageVersion("survey"))), out),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(dir, "trim.json"))
