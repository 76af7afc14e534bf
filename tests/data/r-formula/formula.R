# R's meaning of operators and functions inside I() and other calls of a model formula, which
# surveykit's formulas (formulaic, evaluated as Python) must follow: ^ is a power (Python's ^ is
# a bitwise XOR), %% and %/% are the modulo and the integer division, & | ! are logical (Python's
# & | are bitwise on integers and bind tighter than comparisons), log/exp/sqrt elementwise,
# poly() orthogonal (or raw = TRUE) polynomials.
# Run from the repository root: Rscript tests/data/r-formula/formula.R
suppressMessages({library(survey); library(jsonlite)})
a <- read.csv("tests/data/r-survey/data/apistrat.csv")
a$mc <- 1L + (a$meals > 33) + (a$meals > 66)
des <- svydesign(ids = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = a)
glm1 <- function(f) {
  m <- svyglm(as.formula(f), des)
  list(formula = f, terms = names(coef(m)), estimate = unname(coef(m)), se = unname(SE(m)),
       df = m$df.residual)
}
formulas <- c(
  "api00 ~ ell + I(ell^2)",
  "api00 ~ ell + I(ell^2 - 3 * ell)",
  "api00 ~ I(-ell^0.5) + I(2^(ell/50))",
  "api00 ~ I(ell %% 7) + I(ell %/% 7)",
  "api00 ~ I(ell > 10 & meals > 50) + I(ell > 10 | meals > 50)",
  "api00 ~ I(!(ell > 10)) + I(ell & 2)",
  "api00 ~ I(ell == 2 | meals < 20 & ell < 40)",
  "api00 ~ log(ell + 1) + sqrt(meals) + exp(ell/100)",
  "api00 ~ log(ell + 1, 10) + log10(meals + 1) + log2(acs.k3)",
  "api00 ~ poly(ell, 2)",
  "api00 ~ poly(ell, 2, raw = TRUE)",
  "api00 ~ abs(ell - 30)",
  "api00 ~ I((ell + 1)^-1) + I(ell %in% c(1, 2, 3))",
  "api00 ~ scale(meals) + ell"
)
o <- svyolr(factor(mc) ~ ell + I(ell^2), des)
out <- list(
  R = R.version.string, survey = as.character(packageVersion("survey")),
  design = "svydesign(ids = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)",
  glm = lapply(formulas, glm1),
  share = list(call = "svymean(~I(api00 > 700), des)", estimate = unname(coef(svymean(~I(api00 > 700), des))[2]),
               se = unname(SE(svymean(~I(api00 > 700), des))[2])),
  olr = list(formula = "factor(mc) ~ ell + I(ell^2), mc = 1 + (meals > 33) + (meals > 66)",
             terms = names(coef(o)), estimate = unname(coef(o)), se = unname(SE(o)))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "tests/data/r-formula/formula.json")
