# deff = "replace" on a replicate design whose data give some rows weight 0. Run from the
# repository root: Rscript tests/data/r-deff/replicate_zero.R
# R's svymean.svyrep.design takes n = length(design$pweights): rows of weight 0 count as
# respondents of the simple random sample (svymean.survey.design2 counts sum(weights != 0)).
# Dropping them leaves every replicate estimate as it is and gives the deff of the respondents.
suppressMessages({library(survey); library(jsonlite)})
d <- read.csv("tests/data/r-exam/exam.csv")
d <- d[d$school <= 64, ]
d$pair <- (d$school + 1) %/% 2           # 32 strata of two schools
d$pw[d$school == 7] <- 0                 # a school the data give weight 0
des <- svydesign(ids = ~school, strata = ~pair, weights = ~pw, data = d)
rd <- as.svrepdesign(des, type = "BRR")
m_all <- svymean(~normexam, rd, deff = "replace")
keep <- d$pw > 0
rd_kept <- svrepdesign(data = d[keep, ], repweights = weights(rd, "analysis")[keep, ],
                       weights = ~pw, type = "BRR", combined.weights = TRUE)
m_kept <- svymean(~normexam, rd_kept, deff = "replace")
m_tay <- svymean(~normexam, des, deff = "replace")
by_kept <- svyby(~normexam, ~sex, rd_kept, svymean, deff = "replace")
write_json(list(
  R = R.version.string, survey = as.character(packageVersion("survey")),
  design = "as.svrepdesign(svydesign(ids = ~school, strata = ~pair, weights = ~pw), type = 'BRR')",
  rows = nrow(d), rows_weight_zero = sum(!keep),
  mean = unname(coef(m_all)), se = unname(SE(m_all)),
  deff_r_rows = unname(deff(m_all)), deff_respondents = unname(deff(m_kept)),
  se_respondents = unname(SE(m_kept)), deff_taylor = unname(deff(m_tay)),
  by_sex_deff_respondents = unname(by_kept$DEff.normexam), by_sex_se = unname(by_kept$se)),
  "tests/data/r-deff/replicate_zero.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
