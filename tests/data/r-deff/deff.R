# Reference design effects for surveykit's `deff` / `n_eff` columns: R's deff = "replace"
# (the variance under simple random sampling *with* replacement of the same n respondents,
# svyvar / n for a mean), which is 1 for equal weights without strata or clusters.
# Run from the repository root:  Rscript tests/data/r-deff/deff.R
# R 4.2.2, survey 4.1-1, jsonlite 1.8.4. Data: tests/data/r-survey/data (the API samples).
suppressMessages({library(survey); library(jsonlite)})
api <- function(name) read.csv(file.path("tests/data/r-survey/data", paste0(name, ".csv")))
srs <- api("apisrs"); strat <- api("apistrat"); clus1 <- api("apiclus1"); clus2 <- api("apiclus2")
strat$one <- 1
designs <- list(
  apisrs = svydesign(id = ~1, weights = ~pw, data = srs, fpc = ~fpc),
  apistrat = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat, fpc = ~fpc),
  apiclus1 = svydesign(id = ~dnum, weights = ~pw, data = clus1, fpc = ~fpc),
  apiclus2 = svydesign(id = ~dnum + snum, weights = ~pw, data = clus2, fpc = ~fpc1 + fpc2),
  equal = svydesign(id = ~1, weights = ~one, data = strat)
)
# raking by calibrate(): the linearisation surveykit's rake() uses (R's rake() approximates it)
designs$raked <- calibrate(designs$apistrat, ~stype + sch.wide, calfun = "raking",
                           population = c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018,
                                          sch.wideYes = 5194), epsilon = 1e-10)
rows <- function(est, call) {
  d <- deff(est)
  list(call = call, names = names(coef(est)), estimate = unname(coef(est)),
       se = unname(SE(est)), deff = unname(if (is.matrix(d)) diag(d) else d))
}
out <- list()
for (nm in names(designs)) {
  des <- designs[[nm]]
  out[[nm]] <- list(
    mean = rows(svymean(~api00 + stype + awards, des, deff = "replace"),
                "svymean(~api00 + stype + awards, design, deff = 'replace')"),
    total = rows(svytotal(~enroll, des, deff = "replace", na.rm = TRUE),
                 "svytotal(~enroll, design, deff = 'replace', na.rm = TRUE)"),
    by = {
      b <- svyby(~api00, ~stype, des, svymean, deff = "replace")
      list(call = "svyby(~api00, ~stype, design, svymean, deff = 'replace')",
           names = as.character(b$stype), estimate = unname(b$api00), se = unname(b$se),
           deff = unname(b$DEff.api00))
    }
  )
}
writeLines(toJSON(list(R = R.version.string, survey = as.character(packageVersion("survey")),
                       designs = out), auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/data/r-deff/deff.json")
