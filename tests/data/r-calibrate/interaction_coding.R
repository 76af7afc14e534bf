# R's coding of interactions in calibrate(): a factor of an interaction gets every level when the
# term without it is not in the formula. Run from the repository root:
#   Rscript tests/data/r-calibrate/interaction_coding.R
suppressMessages({library(survey); library(jsonlite)})
data(api)  # apipop: the population totals
strat <- read.csv("tests/data/r-survey/data/apistrat.csv")
apipop$sch.wide <- as.character(apipop$sch.wide); apipop$stype <- as.character(apipop$stype)
des <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat, fpc = ~fpc)
forms <- c("~stype + stype:sch.wide", "~sch.wide + stype:sch.wide", "~api99:stype")
cases <- lapply(forms, function(f) {
  pop <- colSums(model.matrix(as.formula(f), apipop))
  cal <- calibrate(des, as.formula(f), pop)
  m <- svymean(~api00, cal)
  list(formula = f, call = sprintf("calibrate(des, %s, colSums(model.matrix(%s, apipop)))", f, f),
       population = as.list(pop), mean = unname(coef(m)), se = unname(SE(m)),
       weights = unname(weights(cal)))
})
write_json(list(R = R.version.string, survey = as.character(packageVersion("survey")),
                design = "svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)",
                cases = cases),
           "tests/data/r-calibrate/interaction_coding.json", digits = NA, auto_unbox = TRUE)
