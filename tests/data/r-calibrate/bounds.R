# Reference weights for bounded calibration (issue 13, items 2 and 6): R's calibrate() with
# bounds, incl. raking, and weights far below the population scale (R rescales them first).
# Run from the repository root:  Rscript tests/data/r-calibrate/bounds.R
# R 4.2.2, survey 4.1-1, jsonlite 1.8.4. Data: tests/data/r-survey/data/apistrat.csv.
suppressMessages({library(survey); library(jsonlite)})
d <- read.csv("tests/data/r-survey/data/apistrat.csv")
d$half <- 0.5
des <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = d, fpc = ~fpc)
half <- svydesign(id = ~1, strata = ~stype, weights = ~half, data = d)
pop <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3781517.84, sch.wideYes = 5000)
margins <- list(data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018)),
                data.frame(sch.wide = c("No", "Yes"), Freq = c(1194, 5000)))
one <- function(call, design) {
  m <- svymean(~api00, design)
  list(call = call, weights = unname(weights(design)), mean = unname(coef(m)),
       se = unname(SE(m)))
}
cases <- list(
  raking = one('calibrate(des, ~stype + api99 + sch.wide, pop, calfun = "raking")',
               calibrate(des, ~stype + api99 + sch.wide, pop, calfun = "raking")),
  raking_bounded = one('calibrate(des, ~stype + api99 + sch.wide, pop, calfun = "raking", bounds = c(0.8, 1.3))',
                       calibrate(des, ~stype + api99 + sch.wide, pop, calfun = "raking", bounds = c(0.8, 1.3))),
  raking_bounded_tight = one('calibrate(des, ~stype + api99 + sch.wide, pop, calfun = "raking", bounds = c(0.7, 1.2))',
                             calibrate(des, ~stype + api99 + sch.wide, pop, calfun = "raking", bounds = c(0.7, 1.2))),
  linear_rescaled = one('calibrate(half, list(~stype, ~sch.wide), margins, calfun = "linear", bounds = c(0.5, 2))',
                        calibrate(half, list(~stype, ~sch.wide), margins, calfun = "linear", bounds = c(0.5, 2))),
  logit_rescaled = one('calibrate(half, list(~stype, ~sch.wide), margins, calfun = "logit", bounds = c(0.5, 2))',
                       calibrate(half, list(~stype, ~sch.wide), margins, calfun = "logit", bounds = c(0.5, 2)))
)
writeLines(toJSON(list(R = R.version.string, survey = as.character(packageVersion("survey")),
                       population = as.list(pop), cases = cases),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/data/r-calibrate/bounds.json")
