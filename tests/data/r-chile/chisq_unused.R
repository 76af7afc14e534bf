# svychisq with a factor level no respondent has (Chile 1988 survey, see PROVENANCE.md).
# Run from the repository root: Rscript tests/data/r-chile/chisq_unused.R
suppressMessages({library(survey); library(jsonlite)})
d <- read.csv("tests/data/r-chile/chile.csv")
d$vote5 <- factor(d$vote, levels = c("A", "N", "U", "Y", "X"))  # X: no respondent
options(survey.lonely.psu = "adjust")
des <- svydesign(ids = ~population, strata = ~region, weights = ~w, nest = TRUE, data = d)
one <- function(f, s) {
  t <- svychisq(f, des, statistic = s)
  list(statistic = unname(t$statistic), parameter = unname(t$parameter), p = unname(t$p.value))
}
out <- list(R = R.version.string, survey = as.character(packageVersion("survey")))
for (s in c("F", "Chisq")) {
  out[[paste0("unused_", s)]] <- one(~sex + vote5, s)
  out[[paste0("dropped_", s)]] <- one(~sex + vote, s)
}
write_json(out, "tests/data/r-chile/chisq_unused.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
