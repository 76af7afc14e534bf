# Post-stratification of a design holding rows of weight 0 (every 10th school of apistrat):
# R's svyrecvar gives such rows weight 1 in the post-stratification residual (psw[zeroes] = 1),
# so each adds minus its post-stratum's mean influence. Run from the repository root:
#   Rscript tests/data/r-poststrat-zero/poststrat_zero.R
suppressMessages({library(survey); library(jsonlite)})
d <- read.csv("tests/data/r-survey/data/apistrat.csv")
d$pw[seq(1, nrow(d), by = 10)] <- 0
des <- svydesign(ids = ~1, strata = ~stype, weights = ~pw, data = d)
ps <- postStratify(des, ~sch.wide, data.frame(sch.wide = c("No", "Yes"), Freq = c(1000, 5194)))
m <- svymean(~api00, ps)
out <- list(r = R.version.string, survey = as.character(packageVersion("survey")),
            estimate = unname(coef(m)), se = unname(SE(m)), weights = unname(weights(ps)))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "tests/data/r-poststrat-zero/poststrat_zero.json")
