# svyvar, regTermTest and svyttest(x ~ 0) of survey 4.1 on survey's own data sets (api, nhanes,
# election): the numbers surveykit's sk.var, sk.regterm_test and sk.ttest must equal.
# Run from the repository root:  Rscript tests/data/r-var-tests/var_tests.R
# Writes tests/data/r-var-tests/var_tests.json and nhanes.csv (survey's nhanes, unchanged).
suppressPackageStartupMessages({library(survey); library(jsonlite)})
here <- "tests/data/r-var-tests"
out <- list()
put <- function(name, value) out[[name]] <<- value
data(api); data(nhanes); data(election)
write.csv(nhanes, file.path(here, "nhanes.csv"), row.names = FALSE)

dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
rclus1 <- as.svrepdesign(dclus1)
jkstrat <- as.svrepdesign(dstrat)
dnhanes <- svydesign(id = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = nhanes)
rnhanes <- as.svrepdesign(dnhanes, type = "JKn")
dppswr <- svydesign(id = ~1, probs = ~p, data = election_pps)

## svyvar: the matrix (column-major, R's as.vector), its SEs, and the design's degf
var1 <- function(v, design) {
  m <- as.matrix(v)
  list(estimate = as.vector(m), se = as.vector(sqrt(diag(as.matrix(attr(v, "var"))))),
       names = as.vector(outer(rownames(m) %||% "x", colnames(m) %||% "x", paste, sep = ",")),
       df = degf(design))
}
`%||%` <- function(a, b) if (is.null(a)) b else a
put("var_api00_dclus1", var1(svyvar(~api00, dclus1), dclus1))
put("var_3_dclus1", var1(svyvar(~api00 + api99 + enroll, dclus1), dclus1))
put("var_2_dstrat", var1(svyvar(~api00 + enroll, dstrat), dstrat))
put("var_2_dclus2", var1(svyvar(~api00 + api99, dclus2), dclus2))
sub <- subset(dclus1, stype == "E")
put("var_2_dclus1_E", var1(svyvar(~api00 + api99, sub), sub))
put("var_2_rclus1", var1(svyvar(~api00 + api99, rclus1), rclus1))
rclus1mse <- as.svrepdesign(dclus1, mse = TRUE)
put("var_2_rclus1_mse", var1(svyvar(~api00 + api99, rclus1mse), rclus1mse))
rsub <- subset(rclus1, stype == "E")
put("var_2_rclus1_E", var1(svyvar(~api00 + api99, rsub), rsub))
put("var_api00_jkstrat", var1(svyvar(~api00, jkstrat), jkstrat))
put("var_2_ppswr", var1(svyvar(~Bush + Kerry, dppswr), dppswr))
# a post-stratified design (?postStratify's population counts): the variance of the calibrated mean
dps <- postStratify(dclus1, ~stype, data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018)))
put("var_2_dclus1_ps", var1(svyvar(~api00 + api99, dps), dps))
# nhanes: HI_CHOL has 1,234 missing values; R's n/(n-1) on a Taylor design counts every row of
# non-zero weight (also those missing), on a replicate design only the complete rows
put("var_hichol_nhanes", var1(svyvar(~HI_CHOL, dnhanes, na.rm = TRUE), dnhanes))
put("var_2_nhanes", var1(svyvar(~HI_CHOL + race, dnhanes, na.rm = TRUE), dnhanes))
put("var_hichol_rnhanes", var1(svyvar(~HI_CHOL, rnhanes, na.rm = TRUE), rnhanes))
put("var_2_rnhanes", var1(svyvar(~HI_CHOL + race, rnhanes, na.rm = TRUE), rnhanes))
# svyby: one variance per group
by1 <- function(b, design, byvar) {
  lv <- as.character(b[[1]])
  list(estimate = unname(coef(b)), se = unname(SE(b)), names = lv,
       df = sapply(lv, function(l) degf(design[design$variables[[byvar]] == l, ]), USE.NAMES = FALSE))
}
put("var_by_stype_dclus1", by1(svyby(~api00, ~stype, dclus1, svyvar), dclus1, "stype"))
put("var_by_stype_rclus1", by1(svyby(~api00, ~stype, rclus1, svyvar), rclus1, "stype"))
put("var_by_race_rnhanes", by1(svyby(~HI_CHOL, ~race, rnhanes, svyvar, na.rm = TRUE), rnhanes, "race"))
put("var_by_race_nhanes", by1(svyby(~HI_CHOL, ~race, dnhanes, svyvar, na.rm = TRUE), dnhanes, "race"))

## svyttest(x ~ 0): the one-sample t-test of the mean (x - mu: I(x - mu) ~ 0)
tt1 <- function(tt) list(estimate = unname(tt$estimate), statistic = unname(tt$statistic),
                         df = unname(tt$parameter), p = unname(tt$p.value),
                         ci_low = unname(tt$conf.int[1]), ci_high = unname(tt$conf.int[2]))
put("ttest_api_diff_dclus2", tt1(svyttest(I(api00 - api99) ~ 0, dclus2)))
put("ttest_api00_650_dclus1", tt1(svyttest(I(api00 - 650) ~ 0, dclus1)))
put("ttest_api00_650_jkstrat", tt1(svyttest(I(api00 - 650) ~ 0, jkstrat)))
put("ttest_enroll_500_dclus1_H", tt1(svyttest(I(enroll - 500) ~ 0, subset(dclus1, stype == "H"))))
put("ttest_hichol_nhanes", tt1(svyttest(I(HI_CHOL - 0.1) ~ 0, dnhanes, na.rm = TRUE)))
put("ttest_hichol_rnhanes", tt1(svyttest(I(HI_CHOL - 0.1) ~ 0, rnhanes, na.rm = TRUE)))
put("ttest_api00_650_dclus1_ps", tt1(svyttest(I(api00 - 650) ~ 0, dps)))
put("ttest_bush_ppswr", tt1(svyttest(I(Bush - 80000) ~ 0, dppswr)))

## regTermTest (default: Wald, F on the model's residual df)
rt <- function(r) list(statistic = unname(as.vector(r$Ftest)), df_num = unname(r$df), df = unname(r$ddf),
                       p = unname(as.vector(r$p)))
ctl <- glm.control(epsilon = 1e-12, maxit = 100)
m1 <- svyglm(api00 ~ ell + meals + stype, dclus2)
put("rtt_stype_dclus2", rt(regTermTest(m1, ~stype)))
put("rtt_ell_dclus2", rt(regTermTest(m1, "ell")))
put("rtt_stype_dclus2_df20", rt(regTermTest(m1, ~stype, df = 20)))
r <- regTermTest(m1, ~stype, df = Inf)  # R's chi-square form: chisq on df, no ddf
put("rtt_stype_dclus2_dfinf", list(chisq = unname(as.vector(r$chisq)), df_num = unname(r$df), p = unname(as.vector(r$p))))
put("rtt_ell_meals_dclus2", rt(regTermTest(m1, c("ell", "meals"))))
m2 <- svyglm(api00 ~ ell * stype + meals, dstrat)
put("rtt_ellstype_dstrat", rt(regTermTest(m2, "ell:stype")))
put("rtt_stype_ellstype_dstrat", rt(regTermTest(m2, ~stype + ell:stype)))
m3 <- svyglm(I(sch.wide == "Yes") ~ ell + stype, dclus1, family = quasibinomial, control = ctl)
put("rtt_stype_quasibin_dclus1", rt(regTermTest(m3, ~stype)))
m4 <- svyglm(api00 ~ ell + stype, jkstrat)
put("rtt_stype_jkstrat", rt(regTermTest(m4, ~stype)))
m6 <- svyglm(api00 ~ ell + I(ell^2) + sch.wide + poly(meals, 2, raw = TRUE), dclus2)
put("rtt_rnames_dclus2", rt(regTermTest(m6, ~I(ell^2) + sch.wide)))
put("rtt_poly_dclus2", rt(regTermTest(m6, "poly(meals, 2, raw = TRUE)")))
m5 <- svyglm(HI_CHOL ~ factor(race) + agecat + RIAGENDR, dnhanes)
put("rtt_race_nhanes", rt(regTermTest(m5, ~factor(race))))
put("rtt_agecat_nhanes", rt(regTermTest(m5, "agecat")))

## a variable named twice: R's formula has the term once, one estimate
m <- svymean(~api00 + api00, dclus1)
put("mean_api00_twice_dclus1", list(estimate = unname(coef(m)), se = unname(SE(m)), names = names(coef(m))))
m <- svytotal(~enroll + api00 + enroll, dclus1)
put("total_enroll_api00_enroll_dclus1", list(estimate = unname(coef(m)), se = unname(SE(m)), names = names(coef(m))))

writeLines(toJSON(out, digits = NA, auto_unbox = FALSE, pretty = TRUE), file.path(here, "var_tests.json"))
