# svyciprop at a share of 0 % and 100 % in a domain (Chile 1988 plebiscite survey, carData).
# Run from the repository root: Rscript tests/data/r-chile/shares_at_bounds.R
suppressMessages({library(survey); library(jsonlite); library(carData)})
d <- Chile
d$psu <- interaction(d$region, d$population, drop = TRUE)
d$w <- d$population / ave(rep(1, nrow(d)), d$psu, FUN = sum)  # community size / respondents
d$yes <- as.numeric(d$vote == "Y")
dir <- "tests/data/r-chile"
write.csv(d[, c("region", "population", "sex", "age", "vote", "w", "yes")],
          file.path(dir, "chile.csv"), row.names = FALSE)
options(survey.lonely.psu = "adjust")
des <- svydesign(ids = ~population, strata = ~region, weights = ~w, nest = TRUE, data = d)
res <- list()
for (dom in c("N", "Y")) for (m in c("logit", "likelihood", "beta", "asin", "mean", "xlogit")) {
  sub <- subset(des, vote == dom & region != "SA")
  res[[paste(dom, m, sep = ".")]] <- tryCatch({
    p <- svyciprop(~yes, sub, method = m, na.rm = TRUE)
    list(estimate = as.numeric(coef(p)), se = as.numeric(SE(p)), ci = as.numeric(confint(p)))
  }, error = function(e) list(error = conditionMessage(e)))
}
write_json(list(R = R.version.string, survey = as.character(packageVersion("survey")),
                carData = as.character(packageVersion("carData")),
                design = "svydesign(ids = ~population, strata = ~region, weights = ~w, nest = TRUE), lonely.psu adjust",
                domains = "subset(des, vote == 'N' & region != 'SA') (no yes: 0 %), vote == 'Y' (100 %)",
                results = res),
           file.path(dir, "shares_at_bounds.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
