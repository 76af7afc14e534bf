# Which rows R's design holds in a subset: R drops the rows a subset leaves out of a design without
# calibration, but keeps (weight 0) every row of a calibrated design ([.survey.design2), so a subset
# taken *before* the weighting step narrows the design and one taken after does not. nrow() enters
# svyciprop(method = "beta" / "likelihood"), svyquantile (interval.type = "beta" / "score") and
# svychisq's denominator df; rows of weight 0 in the data are held like any other.
# Run from the repository root: Rscript tests/data/r-calibrate/held_rows.R
suppressMessages({library(survey); library(jsonlite)})
a <- read.csv("tests/data/r-survey/data/apistrat.csv")
c1 <- read.csv("tests/data/r-survey/data/apiclus1.csv")
des <- svydesign(ids = ~1, strata = ~stype, weights = ~pw, data = a)
# subset, then post-stratify, then subset again
precal <- postStratify(subset(des, stype != "H"), ~sch.wide,
                       data.frame(sch.wide = c("No", "Yes"), Freq = c(800, 4000)))
# a cluster design: subset, then rake, then subset again
clus <- svydesign(ids = ~dnum, weights = ~pw, data = c1)
clusrak <- calibrate(subset(clus, stype != "M"), ~stype + sch.wide, calfun = "raking",
                     population = c(`(Intercept)` = 5000, stypeH = 700, sch.wideYes = 4200),
                     epsilon = 1e-12, maxit = 200)
# rows of weight 0 in the data, no calibration
z <- a
z$pw[c(3, 50, 120, 170, 199)] <- 0
zero <- svydesign(ids = ~1, strata = ~stype, weights = ~pw, data = z)
one <- function(d, call) {
  ci <- function(m) {p <- svyciprop(~I(api00 > 700), d, method = m); unname(c(coef(p), attr(p, "ci")))}
  qu <- function(t) unname(svyquantile(~api00, d, c(0.25, 0.5), interval.type = t, ci = TRUE)[[1]][, 1:3])
  x <- svychisq(~awards + stype, d, statistic = "F")
  list(call = call, nrow = nrow(d), degf = degf(d),
       ciprop = list(beta = ci("beta"), likelihood = ci("likelihood"), logit = ci("logit")),
       quantile = list(score = qu("score"), beta = qu("beta")),
       chisq = list(statistic = unname(x$statistic), ndf = unname(x$parameter["ndf"]),
                    ddf = unname(x$parameter["ddf"]), p = unname(x$p.value)))
}
by_beta <- function(d) {
  b <- svyby(~I(api00 > 700), ~comp.imp, d, svyciprop, method = "beta", vartype = "ci")
  list(group = as.character(b$comp.imp), estimate = unname(b[[2]]), low = unname(b$ci_l), high = unname(b$ci_u))
}
by_score <- function(d) {
  b <- svyby(~api00, ~comp.imp, d, svyquantile, quantiles = 0.5, interval.type = "score", ci = TRUE, vartype = "ci")
  list(group = as.character(b$comp.imp), estimate = unname(b[[2]]), low = unname(b$ci_l), high = unname(b$ci_u))
}
out <- list(
  R = R.version.string, survey = as.character(packageVersion("survey")),
  precal = one(subset(precal, yr.rnd == "No"),
               "subset(postStratify(subset(des, stype != 'H'), ~sch.wide, Freq = c(No = 800, Yes = 4000)), yr.rnd == 'No')"),
  precal_by = list(call = "svyby(~..., ~comp.imp, postStratify(subset(des, stype != 'H'), ...), svyciprop(beta) / svyquantile(score))",
                   beta = by_beta(precal), score = by_score(precal)),
  clusrak = one(subset(clusrak, yr.rnd == "No"),
                "subset(calibrate(subset(apiclus1 design, stype != 'M'), ~stype + sch.wide, raking), yr.rnd == 'No')"),
  zero = one(subset(zero, yr.rnd == "No"),
             "subset(svydesign(~1, strata = ~stype, weights = ~pw with 5 rows' pw = 0), yr.rnd == 'No')")
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "tests/data/r-calibrate/held_rows.json")
