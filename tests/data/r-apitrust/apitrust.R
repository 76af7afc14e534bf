# R references of tests/test_api_traps_design.py (API traps of the design, weighting and
# estimators). Run from the repository root: Rscript tests/data/r-apitrust/apitrust.R
suppressMessages({library(survey); library(jsonlite)})
a <- read.csv("tests/data/r-survey/data/apistrat.csv")
des <- svydesign(ids = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = a)
est <- function(x) unname(c(coef(x), SE(x)))
out <- list(R = R.version.string, survey = as.character(packageVersion("survey")))
# 1. the design copies its data: svymean before any change of the caller's frame
out$mean_api00 <- est(svymean(~api00, des))
# 4. calibrate without an intercept (-1: every level of stype) equals the intercept form
pop1 <- c(stypeE = 4421, stypeH = 755, stypeM = 1018, api99 = 3914069)
cal1 <- calibrate(des, ~stype + api99 - 1, pop1)
pop <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)
cal <- calibrate(des, ~stype + api99, pop)
out$calibrate_no_intercept <- list(call = "calibrate(des, ~stype + api99 - 1, c(stypeE = 4421, stypeH = 755, stypeM = 1018, api99 = 3914069))",
                                   mean = est(svymean(~api00, cal1)), weights = unname(weights(cal1)))
out$calibrate_intercept <- list(mean = est(svymean(~api00, cal)))
cal0 <- calibrate(des, ~0 + stype + api99, pop1)
out$calibrate_zero <- list(mean = est(svymean(~api00, cal0)))
#    an extra population total: R warns and goes on
extra <- tryCatch(withCallingHandlers(calibrate(des, ~stype + api99, c(pop, foo = 1)), warning = function(w) {
  out$extra_total_warning <<- conditionMessage(w); invokeRestart("muffleWarning")}), error = function(e) conditionMessage(e))
#    postStratify on stype (the same numbers whether the totals come as a table or a mapping)
ps <- postStratify(des, ~stype, data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018)))
out$poststratify_stype <- list(mean = est(svymean(~api00, ps)), weights = unname(weights(ps)))
# 5. an exactly calibrated share: post-stratified on sch.wide, the share of sch.wide == "Yes"
pss <- postStratify(des, ~sch.wide, data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122)))
cis <- list()
for (m in c("logit", "likelihood", "asin", "beta", "mean", "xlogit")) {
  cis[[m]] <- tryCatch(suppressWarnings({x <- svyciprop(~I(sch.wide == "Yes"), pss, method = m)
                                         c(unname(coef(x)), unname(attr(x, "ci")), unname(SE(x)))}),
                       error = function(e) paste("error:", conditionMessage(e)))
}
out$calibrated_share <- list(call = "svyciprop(~I(sch.wide == 'Yes'), postStratify(des, ~sch.wide, Freq = c(No = 1072, Yes = 5122)), method = m)",
                             ci = cis)
# 6. shahvaish: the quantiles with the weights and with the weights times 100
q <- function(d) unname(coef(svyquantile(~api00, d, c(0.25, 0.5, 0.75), qrule = "shahvaish")))
a100 <- transform(a, pw100 = pw * 100)
des100 <- svydesign(ids = ~1, strata = ~stype, weights = ~pw100, fpc = ~fpc, data = a100)
desn <- svydesign(ids = ~1, strata = ~stype, weights = ~I(pw / mean(pw)), fpc = ~fpc, data = a)
out$shahvaish <- list(weights = q(des), weights_x100 = q(des100), weights_mean1 = q(desn))
# 2. q = NaN: R refuses
out$quantile_nan <- tryCatch({svyquantile(~api00, des, NaN); "no error"}, error = function(e) conditionMessage(e))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "tests/data/r-apitrust/apitrust.json")
