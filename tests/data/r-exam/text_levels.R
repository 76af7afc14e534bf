# R's reference level of a text predictor depends on the locale's collation. Run from the
# repository root: Rscript tests/data/r-exam/text_levels.R (R's default UTF-8 locale here is
# C.UTF-8, whose collation R takes from ICU: 'boys' < 'girls' < 'Mixed').
suppressMessages({library(survey); library(jsonlite)})
d <- read.csv("tests/data/r-exam/exam.csv")
d$school_type <- ifelse(d$schgend == "mixed", "Mixed", d$schgend)  # text, one level capitalised
des <- svydesign(ids = ~school + student, strata = ~schgend, fpc = ~N1 + N2, weights = ~pw,
                 nest = TRUE, data = d)
fit <- function() {
  g <- svyglm(normexam ~ standLRT + school_type, des)
  s <- coef(summary(g))
  list(collate = Sys.getlocale("LC_COLLATE"), levels = levels(factor(d$school_type)),
       names = rownames(s), estimate = unname(s[, 1]), std_error = unname(s[, 2]))
}
utf8 <- fit()
invisible(Sys.setlocale("LC_COLLATE", "C"))
c_locale <- fit()
write_json(list(R = R.version.string, survey = as.character(packageVersion("survey")),
                formula = "normexam ~ standLRT + school_type", utf8 = utf8, c_locale = c_locale),
           "tests/data/r-exam/text_levels.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
