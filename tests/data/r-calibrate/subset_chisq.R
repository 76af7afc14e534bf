# svychisq on a subset of a calibrated design: R keeps every row of a calibrated design in a
# subset (weights set to 0), and svychisq's denominator df counts the PSUs of every row it holds.
# Run from the repository root: Rscript tests/data/r-calibrate/subset_chisq.R
suppressMessages({library(survey); library(jsonlite)})
a <- read.csv("tests/data/r-survey/data/apistrat.csv")
des <- svydesign(ids = ~1, strata = ~stype, weights = ~pw, data = a)
cal <- calibrate(des, ~stype + sch.wide,
                 population = c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 5194),
                 calfun = "raking", epsilon = 1e-12, maxit = 200)
post <- postStratify(des, ~sch.wide, data.frame(sch.wide = c("No", "Yes"), Freq = c(1000, 5194)))
clus <- svydesign(ids = ~dnum, weights = ~pw, data = read.csv("tests/data/r-survey/data/apiclus1.csv"))
clus_cal <- calibrate(clus, ~stype, population = c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018))
one <- function(design, formula, call) {
  x <- svychisq(formula, design, statistic = "F")
  list(call = call, statistic = unname(x$statistic), ndf = unname(x$parameter["ndf"]),
       ddf = unname(x$parameter["ddf"]), p = unname(x$p.value), nrow = nrow(design), degf = degf(design))
}
out <- list(
  calibrated = one(subset(cal, comp.imp == "Yes"), ~awards + stype,
                   "svychisq(~awards + stype, subset(calibrate(raking), comp.imp == 'Yes'), statistic = 'F')"),
  poststratified = one(subset(post, comp.imp == "Yes"), ~awards + stype,
                       "svychisq(~awards + stype, subset(postStratify(~sch.wide), comp.imp == 'Yes'), statistic = 'F')"),
  plain = one(subset(des, comp.imp == "Yes"), ~awards + stype,
              "svychisq(~awards + stype, subset(des, comp.imp == 'Yes'), statistic = 'F')"),
  clustered_calibrated = one(subset(clus_cal, sch.wide == "Yes"), ~awards + stype,
                             "svychisq(~awards + stype, subset(calibrate(apiclus1, ~stype), sch.wide == 'Yes'), statistic = 'F')")
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "tests/data/r-calibrate/subset_chisq.json")
