# R survey's own help-page examples (survey 4.1), the numbers surveykit must equal.
# Run from the repository root:  Rscript tests/data/r-examples/examples.R
# Writes tests/data/r-examples/examples.json (and scd.csv, the one data set not already in
# tests/data/r-survey/data/). Each entry: estimate, se, ci (t on the design df unless said), df, p.
suppressPackageStartupMessages({library(survey); library(jsonlite)})
out <- list()
here <- "tests/data/r-examples"
data(api); data(scd); data(fpc)
write.csv(scd, file.path(here, "scd.csv"), row.names = FALSE)

stat <- function(x, design, df = degf(design)) {
  ci <- confint(x, df = df)
  list(estimate = unname(coef(x)), se = unname(SE(x)), names = names(coef(x)),
       ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]), df = df)
}
put <- function(name, value) out[[name]] <<- value

dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
dclus2w <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
rclus1 <- as.svrepdesign(dclus1)
jkstrat <- as.svrepdesign(dstrat)

## ?svymean
a <- svymean(~api00, dclus1, deff = TRUE)
put("svymean_api00_dclus1", c(stat(a, dclus1), deff = unname(deff(a))))
a <- svymean(~api00, dclus1, deff = "replace")
put("svymean_api00_dclus1_replace", c(stat(a, dclus1), deff = unname(deff(a))))
put("svymean_stype_dclus1", stat(svymean(~factor(stype), dclus1), dclus1))
put("svymean_interaction_dclus1", stat(svymean(~interaction(stype, comp.imp), dclus1), dclus1))
a <- svytotal(~enroll, dclus1, deff = "replace")
put("svytotal_enroll_dclus1", c(stat(a, dclus1), deff = unname(deff(a))))
put("svyratio_apistu_enroll_dclus1", stat(svyratio(~api.stu, ~enroll, dclus1), dclus1))
v <- svyvar(~api00 + api99, dclus1)
put("svyvar_dclus1", list(estimate = as.vector(as.matrix(v)), se = as.vector(sqrt(diag(attr(v, "var"))))))
put("svymean_api00_jkstrat", stat(svymean(~api00, jkstrat), jkstrat))
put("svymean_stype_jkstrat", stat(svymean(~factor(stype), jkstrat), jkstrat))
put("svytotal_enroll_jkstrat", stat(svytotal(~enroll, jkstrat), jkstrat))
put("svyratio_apistu_enroll_jkstrat", stat(svyratio(~api.stu, ~enroll, jkstrat), jkstrat))
put("svytotal_enroll_dstrat", stat(svytotal(~enroll, dstrat), dstrat))
for (d in c("TRUE", "replace")) {
  a <- svymean(~api00, dstrat, deff = if (d == "TRUE") TRUE else d)
  put(paste0("svymean_api00_dstrat_deff_", d), c(stat(a, dstrat), deff = unname(deff(a))))
  a <- svymean(~api00, jkstrat, deff = if (d == "TRUE") TRUE else d)
  put(paste0("svymean_api00_jkstrat_deff_", d), c(stat(a, jkstrat), deff = unname(deff(a))))
}
q <- svyquantile(~api00, dclus1, c(.25, .5, .75))
put("svyquantile_dclus1", list(estimate = unname(coef(q)), se = unname(SE(q)),
  ci_low = unname(q$api00[, 2]), ci_high = unname(q$api00[, 3])))
q <- svyquantile(~api00, jkstrat, c(.25, .5, .75))
put("svyquantile_jkstrat", list(estimate = unname(coef(q)), se = unname(SE(q)),
  ci_low = unname(q$api00[, 2]), ci_high = unname(q$api00[, 3])))

## ?svyby
b <- svyby(~api99, ~stype, dclus1, svymean)
put("svyby_api99_stype_dclus1", list(estimate = unname(coef(b)), se = unname(SE(b)),
  names = names(coef(b))))
b <- svyby(~api99 + api00, ~stype, dclus1, svymean, deff = "replace")
put("svyby_api99_api00_stype_dclus1", list(estimate = as.vector(as.matrix(b[, c("api99", "api00")])),
  se = as.vector(as.matrix(SE(b))), deff = as.vector(as.matrix(b[, c("DEff.api99", "DEff.api00")]))))
b <- svyby(~api99, ~stype, dclus1, svyquantile, quantiles = 0.5, ci = TRUE, vartype = c("se", "ci"))
put("svyby_quantile_stype_dclus1", list(estimate = unname(b$api99), se = unname(b$se),
  ci_low = unname(b$ci_l), ci_high = unname(b$ci_u)))
b <- svyby(~api99 + api00, ~stype + sch.wide, dclus1, svymean)
put("svyby_stype_schwide_dclus1", list(estimate = as.vector(as.matrix(b[, c("api99", "api00")])),
  se = as.vector(as.matrix(SE(b))), stype = as.character(b$stype), sch.wide = as.character(b$sch.wide)))
b <- svyby(~api99, ~stype, rclus1, svymean)
put("svyby_api99_stype_rclus1", list(estimate = unname(coef(b)), se = unname(SE(b))))
b <- svyby(~api99, ~stype, rclus1, svyquantile, quantiles = 0.5)
put("svyby_quantile_stype_rclus1", list(estimate = unname(b$api99), se = unname(b$se)))
b <- svyby(~enroll, ~stype, rclus1, svytotal, deff = "replace")
put("svyby_enroll_total_rclus1", list(estimate = unname(coef(b)), se = unname(SE(b)),
  deff = unname(b$DEff)))
mns <- svyby(~api99, ~stype, rclus1, svymean, covmat = TRUE)
c1 <- svycontrast(mns, c(E = 1, M = -1))
put("svycontrast_E_M_rclus1", list(estimate = unname(coef(c1)), se = unname(SE(c1))))
b <- svyby(~api.stu, by = ~stype, denominator = ~enroll, design = dclus1, svyratio)
put("svyby_ratio_stype_dclus1", list(estimate = unname(coef(b)), se = unname(SE(b))))
b <- svyby(~api00, ~comp.imp + sch.wide, design = dclus1, svymean)
put("svyby_empty_groups_dclus1", list(estimate = unname(coef(b)), se = unname(SE(b)),
  comp.imp = as.character(b$comp.imp), sch.wide = as.character(b$sch.wide)))

## ?svyciprop (dclus1 without weights: the fpc gives them)
dclus1p <- svydesign(id = ~dnum, fpc = ~fpc, data = apiclus1)
for (m in c("likelihood", "logit", "asin", "beta", "mean", "xlogit")) {
  p <- svyciprop(~I(ell == 0), dclus1p, method = m)
  put(paste0("svyciprop_", m), list(estimate = as.vector(coef(p)), se = unname(SE(p)),
    ci_low = unname(confint(p)[1]), ci_high = unname(confint(p)[2]), df = degf(dclus1p)))
}
rclus1p <- as.svrepdesign(dclus1p)
for (m in c("logit", "asin", "beta", "mean")) {
  p <- svyciprop(~I(emer == 0), rclus1p, method = m)
  put(paste0("svyciprop_rep_", m), list(estimate = as.vector(coef(p)), se = unname(SE(p)),
    ci_low = unname(confint(p)[1]), ci_high = unname(confint(p)[2]), df = degf(rclus1p)))
}

## ?svyquantile
bclus1 <- NULL
q <- svyquantile(~api00, dclus1, c(.25, .5, .75), interval.type = "beta")
put("svyquantile_beta_dclus1", list(estimate = unname(coef(q)), se = unname(SE(q)),
  ci_low = unname(q$api00[, 2]), ci_high = unname(q$api00[, 3])))
q <- svyquantile(~api00, rclus1, c(.25, .5, .75))
put("svyquantile_rclus1", list(estimate = unname(coef(q)), se = unname(SE(q)),
  ci_low = unname(q$api00[, 2]), ci_high = unname(q$api00[, 3])))
for (r in c("math", "school", "hf8")) {
  q <- svyquantile(~api00 + ell, dclus1, c(.25, .5, .75), qrule = r)
  put(paste0("svyquantile_", r), list(estimate = unname(c(q$api00[, 1], q$ell[, 1])),
    ci_low = unname(c(q$api00[, 2], q$ell[, 2])), ci_high = unname(c(q$api00[, 3], q$ell[, 3])),
    se = unname(c(SE(q)))))
}

## ?svyratio and ?as.svrepdesign (scd)
scddes <- svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE, fpc = rep(5, 6))
scdnofpc <- svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE)
scd2brr <- as.svrepdesign(scdnofpc, type = "BRR")
scd2fay <- as.svrepdesign(scdnofpc, type = "Fay", fay.rho = 0.3)
scd2jkn <- as.svrepdesign(scdnofpc, type = "JKn")
scd2jknf <- as.svrepdesign(scddes, type = "JKn")
repweights <- 2 * cbind(c(1, 0, 1, 0, 1, 0), c(1, 0, 0, 1, 0, 1), c(0, 1, 1, 0, 0, 1), c(0, 1, 0, 1, 1, 0))
scdrep <- svrepdesign(data = scd, type = "BRR", repweights = repweights)
scdrepf <- svrepdesign(data = scd, type = "BRR", repweights = repweights, combined.weights = FALSE)
for (nm in c("scddes", "scdnofpc", "scd2brr", "scd2fay", "scd2jkn", "scd2jknf", "scdrep", "scdrepf")) {
  d <- get(nm)
  put(paste0("svyratio_", nm), stat(svyratio(~alive, ~arrests, design = d), d))
}
put("svyratio_domain_dstrat", stat(svyratio(~I(api.stu * (comp.imp == "Yes")),
  ~as.numeric(comp.imp == "Yes"), dstrat), dstrat))
ds <- subset(dstrat, comp.imp == "Yes")
put("svymean_domain_dstrat", stat(svymean(~api.stu, ds), ds))
com <- svyratio(~api.stu, ~enroll, dstrat)
put("svyratio_com_dstrat", stat(com, dstrat))
p <- predict(com, total = 3811472)
put("predict_com_dstrat", list(estimate = unname(p$total[1]), se = unname(p$se[1])))
sep <- svyratio(~api.stu, ~enroll, dstrat, separate = TRUE)
p <- predict(sep, total = list(E = 1877350, H = 1013824, M = 920298))
put("predict_sep_dstrat", list(estimate = unname(p$total[1]), se = unname(p$se[1])))

## ?svyttest
tt <- svyttest(enroll ~ comp.imp, dclus2)
put("svyttest_enroll_compimp", list(estimate = unname(tt$estimate), statistic = unname(tt$statistic),
  df = unname(tt$parameter), p = unname(tt$p.value), ci_low = confint(tt, level = 0.9)[1],
  ci_high = confint(tt, level = 0.9)[2], ci95_low = unname(tt$conf.int[1]), ci95_high = unname(tt$conf.int[2])))
tt <- svyttest(enroll ~ I(stype == "E"), dclus2)
put("svyttest_enroll_stypeE", list(estimate = unname(tt$estimate), statistic = unname(tt$statistic),
  df = unname(tt$parameter), p = unname(tt$p.value)))
tt <- svyttest(I(api00 - api99) ~ 0, dclus2)
put("svyttest_onesample", list(estimate = unname(tt$estimate), statistic = unname(tt$statistic),
  df = unname(tt$parameter), p = unname(tt$p.value), ci_low = unname(tt$conf.int[1]),
  ci_high = unname(tt$conf.int[2])))

## ?svychisq
for (s in c("F", "Chisq", "adjWald", "Wald", "lincom", "saddlepoint")) {
  x <- svychisq(~sch.wide + stype, dclus1, statistic = s)
  put(paste0("svychisq_", s), list(statistic = unname(x$statistic), p = unname(x$p.value),
    parameter = unname(x$parameter)))
}
x <- svychisq(~sch.wide + stype, rclus1, statistic = "adjWald")
put("svychisq_rep_adjWald", list(statistic = unname(x$statistic), p = unname(x$p.value),
  parameter = unname(x$parameter)))
x <- svychisq(~sch.wide + stype, rclus1)
put("svychisq_rep_F", list(statistic = unname(x$statistic), p = unname(x$p.value),
  parameter = unname(x$parameter)))

## ?svyglm
rstrat <- as.svrepdesign(dstrat)
rclus2 <- as.svrepdesign(dclus2w)
glmout <- function(m, design) {
  s <- summary(m)$coefficients
  ci <- confint(m, df = degf(design) - length(coef(m)) + 1)
  list(estimate = unname(s[, 1]), se = unname(s[, 2]), statistic = unname(s[, 3]), p = unname(s[, 4]),
    names = rownames(s), df = m$df.residual, ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]))
}
for (nm in c("dstrat", "dclus2w", "rstrat", "rclus2")) {
  d <- get(nm)
  put(paste0("svyglm_", nm), glmout(svyglm(api00 ~ ell + meals + mobility, design = d), d))
}
put("svyglm_quasibinomial_dstrat", glmout(svyglm(sch.wide ~ ell + meals + mobility, design = dstrat,
  family = quasibinomial(), control = glm.control(epsilon = 1e-12, maxit = 100)), dstrat))
m <- svyglm(I(comp.imp == "Yes") ~ stype * emer + ell, design = dclus2, family = quasibinomial,
  control = glm.control(epsilon = 1e-12, maxit = 100))
put("svyglm_confint_dclus2", glmout(m, dclus2))
ci <- confint(m)
put("svyglm_confint_default_dclus2", list(ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2])))
# subset.survey.design: domain = regression
dfpc <- svydesign(id = ~psuid, strat = ~stratid, weight = ~weight, data = fpc, nest = TRUE)
dsub <- subset(dfpc, x > 4)
put("svymean_x_dsub", stat(svymean(~x, dsub), dsub))
b <- svyby(~x, ~I(x > 4), design = dfpc, svymean)
put("svyby_x_fpc", list(estimate = unname(coef(b)), se = unname(SE(b))))
put("svyglm_x_fpc", glmout(svyglm(x ~ I(x > 4) + 0, design = dfpc), dfpc))
ds <- subset(dclus1, sch.wide == "Yes" & comp.imp == "Yes")
put("svymean_enroll_subset_dclus1", stat(svymean(~enroll, ds), ds))
ds <- subset(rclus1, sch.wide == "Yes" & comp.imp == "Yes")
put("svymean_enroll_subset_rclus1", stat(svymean(~enroll, ds), ds))
api.reg <- svyglm(api.stu ~ enroll, design = dstrat)
pop <- data.frame(enroll = sum(apipop$enroll, na.rm = TRUE))
put("calibrate_enroll_total_dstrat", stat(svytotal(~api.stu, calibrate(dstrat, ~enroll,
  pop = c(nrow(apipop), pop$enroll))), dstrat))

## ?svyolr
dclus1m <- update(dclus1, mealcat = cut(meals, c(0, 25, 50, 75, 100)))
m <- svyolr(mealcat ~ avg.ed + mobility + stype, design = dclus1m, control = list(reltol = 1e-15))
put("svyolr_dclus1", list(estimate = unname(c(coef(m))), se = unname(SE(m)), names = names(coef(m))))

## ?svycontrast
a <- svytotal(~api00 + enroll + api99, dclus1)
cc <- svycontrast(a, list(avg = c(0.5, 0, 0.5), diff = c(1, 0, -1)))
put("svycontrast_avg_diff", list(estimate = unname(coef(cc)), se = unname(SE(cc))))
cc <- svycontrast(a, quote(api00 / api99))
put("svycontrast_ratio", list(estimate = unname(coef(cc)), se = unname(SE(cc))))
put("svyratio_api00_api99", stat(svyratio(~api00, ~api99, dclus1), dclus1))
totals <- svyby(~enroll, ~stype, design = dclus1, svytotal, covmat = TRUE)
put("svyby_total_enroll_dclus1", list(estimate = unname(coef(totals)), se = unname(SE(totals))))

## ?calibrate, ?rake, ?postStratify, ?trimWeights
pop.totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018)
cal <- function(nm, d, des) {
  put(paste0(nm, "_mean_api00"), stat(svymean(~api00, d), des))
  put(paste0(nm, "_total_enroll"), stat(svytotal(~enroll, d), des))
  put(paste0(nm, "_total_stype"), stat(svytotal(~stype, d), des))
  put(paste0(nm, "_weights"), list(estimate = unname(weights(d, "sampling"))))
}
cal("calibrate_g", calibrate(dclus1, ~stype, pop.totals), dclus1)
cal("calibrate_agg", calibrate(dclus1, ~stype, pop.totals, aggregate = 1), dclus1)
cal("calibrate_g2", calibrate(dclus1, ~stype + sch.wide, c(pop.totals, sch.wideYes = 5122)), dclus1)
cal("calibrate_g3", calibrate(dclus1, ~stype + api99, c(pop.totals, api99 = 3914069)), dclus1)
cal("calibrate_rep_g3", calibrate(rclus1, ~stype + api99, c(pop.totals, api99 = 3914069)), rclus1)
cal("calibrate_g3b", calibrate(dclus1, ~stype + api99, c(pop.totals, api99 = 3914069),
  bounds = c(0.6, 1.6)), dclus1)
cal("calibrate_g3c", calibrate(dclus1, ~stype + api99, c(pop.totals, api99 = 3914069),
  calfun = "raking"), dclus1)
cal("calibrate_g3d", calibrate(dclus1, ~stype + api99, c(pop.totals, api99 = 3914069),
  calfun = cal.logit, bounds = c(0.5, 2.5)), dclus1)
cal("calibrate_tr", calibrate(dclus1, ~stype + api99, c(pop.totals, api99 = 3914069),
  bounds = c(0.5, 2), trim = c(2 / 3, 3 / 2)), dclus1)
dstratg1 <- calibrate(dstrat, ~enroll - 1, 3811472, variance = 1)
put("calibrate_ratio_dstrat", stat(svytotal(~api.stu, dstratg1), dstrat))
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
ctl <- list(maxit = 1000, epsilon = 1e-12)
cal("rake_dclus1", rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide), control = ctl), dclus1)
cal("rake_rclus1", rake(rclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide), control = ctl), rclus1)
cal("calibrate_raking_dclus1", calibrate(dclus1, ~stype + sch.wide, pop = c(6194, 755, 1018, 5122),
  calfun = "raking"), dclus1)
pop.table <- xtabs(~stype + sch.wide, apipop)
put("pop_table", list(estimate = as.vector(pop.table), stype = rep(rownames(pop.table), 2),
  sch.wide = rep(colnames(pop.table), each = 3)))
cal("poststratify_joint_rclus1", postStratify(rclus1, ~stype + sch.wide, pop.table), rclus1)
pop.imp <- data.frame(comp.imp = c("No", "Yes"), Freq = c(1712, 4482))
cal("rake_partial_dclus1", rake(dclus1, list(~stype + sch.wide, ~comp.imp), list(pop.table, pop.imp),
  control = ctl), dclus1)
cal("poststratify_rclus1", postStratify(rclus1, ~stype, pop.types), rclus1)
cal("poststratify_dclus1", postStratify(dclus1, ~stype, pop.types), dclus1)
dclus1g <- calibrate(dclus1, ~stype + api99, c(pop.totals, api99 = 3914069))
cal("trim_t", trimWeights(dclus1g, lower = 20, upper = 45), dclus1)
cal("trim_tt", trimWeights(dclus1g, lower = 20, upper = 45, strict = TRUE), dclus1)
put("svyglm_intercept_dclus2", glmout(svyglm(I(api00 - api99) ~ 1, design = dclus2), dclus2))

q <- svyquantile(~api00, rclus1, c(.25, .5, .75), interval.type = "quantile")
put("svyquantile_rclus1_quantile", list(estimate = unname(coef(q)), se = unname(SE(q)),
  ci_low = unname(q$api00[, 2]), ci_high = unname(q$api00[, 3])))
## ?svydesign: multistage without fpc = its first stage; a stratified cluster design (nest = TRUE)
dclus2wr <- svydesign(id = ~dnum + snum, weights = weights(dclus2), data = apiclus2)
dclus2wr2 <- svydesign(id = ~dnum, weights = weights(dclus2), data = apiclus2)
put("svymean_api00_dclus2wr", stat(svymean(~api00, dclus2wr), dclus2wr))
put("svymean_api00_dclus2wr2", stat(svymean(~api00, dclus2wr2), dclus2wr2))
put("svymean_api00_dclus2", stat(svymean(~api00, dclus2), dclus2))
put("svytotal_api00_stype_dclus2", stat(svytotal(~api00 + stype, dclus2), dclus2))
dsc <- svydesign(id = ~dnum, strata = ~stype, weights = ~pw, data = apistrat, nest = TRUE)
put("svymean_api00_stratclus", stat(svymean(~api00, dsc), dsc))
## ?rake: raking with a joint margin, by calibrate()
cal("calibrate_raking_partial_dclus1", calibrate(dclus1, formula = list(~stype + sch.wide, ~comp.imp),
  population = list(pop.table, pop.imp), calfun = "raking", epsilon = 1e-12, maxit = 1000), dclus1)
## ?yrbs: xlogit interval, checked by R's authors against SUDAAN and SPSS
data(yrbs); data(crowd); data(election); data(hospital); data(mu284)
write.csv(yrbs[, c("psu", "stratum", "weight", "qn8")], file.path(here, "yrbs.csv"), row.names = FALSE)
write.csv(crowd, file.path(here, "crowd.csv"), row.names = FALSE)
write.csv(election_pps[, c("County", "p", "Bush", "Kerry", "Nader")], file.path(here, "election_pps.csv"),
  row.names = FALSE)
yd <- svydesign(id = ~psu, weight = ~weight, strata = ~stratum, data = yrbs)
yd <- update(yd, qn8yes = 2 - qn8)
p <- svyciprop(~qn8yes, yd, na.rm = TRUE, method = "xlogit")
put("yrbs_xlogit", list(estimate = as.vector(coef(p)), se = as.vector(SE(p)),
  ci_low = unname(attr(p, "ci")[1]), ci_high = unname(attr(p, "ci")[2])))
## ?crowd
i1.1 <- as.svrepdesign(svydesign(id = ~cluster, weight = ~weight, data = crowd))
i1.1 <- update(i1.1, room.ratio = rooms / person, overcrowded = factor(person > rooms))
put("crowd_mean", stat(svymean(~rooms + person + room.ratio, i1.1), i1.1))
put("crowd_total", stat(svytotal(~rooms + person + room.ratio, i1.1), i1.1))
ds <- subset(i1.1, overcrowded == TRUE)
put("crowd_mean_sub", stat(svymean(~rooms + person + room.ratio, ds), ds))
put("crowd_total_sub", stat(svytotal(~rooms + person + room.ratio, ds), ds))
i1.2 <- as.svrepdesign(svydesign(id = ~cluster, weight = ~weight, strata = ~stratum, data = crowd))
put("crowd_mean_strat", stat(svymean(~rooms + person, i1.2), i1.2))
put("crowd_total_strat", stat(svytotal(~rooms + person, i1.2), i1.2))
## ?election: the with-replacement approximation (pps= designs are not in surveykit)
dppswr <- svydesign(id = ~1, probs = ~p, data = election_pps)
put("election_total_ppswr", stat(svytotal(~Bush + Kerry + Nader, dppswr), dppswr))
## ?hospital, ?mu284
hospdes <- svydesign(strata = ~oblevel, id = ~hospno, weights = ~weighta, fpc = ~tothosp, data = hospital)
hosprep <- as.svrepdesign(hospdes)
put("hospital_total", stat(svytotal(~births, hospdes), hospdes))
put("hospital_total_rep", stat(svytotal(~births, hosprep), hosprep))
dmu284 <- svydesign(id = ~id1 + id2, fpc = ~n1 + n2, data = mu284)
put("mu284_total", stat(svytotal(~y1, dmu284), dmu284))
## ?fpc: the fpc as a count and as a fraction; ids as an interaction
for (nm in c("withoutfpc", "fpcN", "fpcprob", "fpcfrac", "fpcinter", "fpcnow", "fpcfracnow")) {
  d <- switch(nm,
    withoutfpc = svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, data = fpc, nest = TRUE),
    fpcN = svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, fpc = ~Nh, data = fpc, nest = TRUE),
    fpcprob = svydesign(prob = ~I(1/weight), ids = ~psuid, strata = ~stratid, fpc = ~Nh, data = fpc, nest = TRUE),
    fpcfrac = svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, fpc = ~I(nh/Nh), data = fpc, nest = TRUE),
    fpcinter = svydesign(weights = ~weight, ids = ~interaction(stratid, psuid), strata = ~stratid,
      fpc = ~I(nh/Nh), data = fpc),
    fpcnow = svydesign(ids = ~psuid, strata = ~stratid, fpc = ~Nh, data = fpc, nest = TRUE),
    fpcfracnow = svydesign(ids = ~psuid, strata = ~stratid, fpc = ~I(nh/Nh), data = fpc, nest = TRUE))
  put(paste0("fpc_", nm), stat(svymean(~x, d), d))
}
## degf of the designs above
put("degf", list(dclus1 = degf(dclus1), dstrat = degf(dstrat), dclus2 = degf(dclus2), rclus1 = degf(rclus1),
  jkstrat = degf(jkstrat), scd2brr = degf(scd2brr), scd2jkn = degf(scd2jkn), hosprep = degf(hosprep),
  i1.2 = degf(i1.2)))
## beyond the pages: ?calibrate's call on a domain (subset() keeps the other rows at weight 0),
## whose stypeH column no respondent has, with its total 0
dsub <- subset(dclus1, stype != "H")
put("calibrate_domain_mean_api00", stat(svymean(~api00, calibrate(dsub, ~stype,
  c(`(Intercept)` = 5439, stypeH = 0, stypeM = 1018))), dsub))
## ?as.svrepdesign: JK1 from dclus1; mrb refused in surveykit
put("svymean_api00_rclus1", stat(svymean(~api00, rclus1), rclus1))
put("svytotal_enroll_rclus1", stat(svytotal(~enroll, rclus1), rclus1))

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"),
  file.path(here, "examples.json"))
cat(R.version.string, "survey", as.character(packageVersion("survey")), "\n")
