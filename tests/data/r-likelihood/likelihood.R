# Reference values for proportion(method="likelihood"): R's svyciprop(method="likelihood").
# Run from the repository root:  Rscript tests/data/r-likelihood/likelihood.R
# R 4.2.2, survey 4.1-1, jsonlite 1.8.4. Data: tests/data/r-survey/data (the API samples).
suppressMessages({library(survey); library(jsonlite)})
data_dir <- "tests/data/r-survey/data"
api <- function(name) read.csv(file.path(data_dir, paste0(name, ".csv")))

strat <- api("apistrat")
strat$awards_na <- ifelse(seq_len(nrow(strat)) %% 7 == 0, NA, strat$awards)
d_strat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat, fpc = ~fpc)
clus2 <- api("apiclus2")
d_clus2 <- svydesign(id = ~dnum + snum, weights = ~pw, data = clus2, fpc = ~fpc1 + fpc2)
clus1 <- api("apiclus1")
d_clus1 <- svydesign(id = ~dnum, weights = ~pw, data = clus1, fpc = ~fpc)
pop_stype <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
d_post <- postStratify(d_strat, ~stype, pop_stype)

one <- function(id, call, ci) {
  list(id = id, call = call, estimate = unname(as.numeric(ci)),
       ci_low = unname(attr(ci, "ci")[1]), ci_high = unname(attr(ci, "ci")[2]))
}
cases <- list(
  one("strat_awards_90", 'svyciprop(~I(awards == "Yes"), d_strat, method = "likelihood", level = 0.9)',
      svyciprop(~I(awards == "Yes"), d_strat, method = "likelihood", level = 0.9)),
  one("strat_awards_na", 'svyciprop(~I(awards_na == "Yes"), d_strat, method = "likelihood")',
      svyciprop(~I(awards_na == "Yes"), d_strat, method = "likelihood")),
  one("strat_H_awards", 'svyciprop(~I(awards == "Yes"), subset(d_strat, stype == "H"), method = "likelihood")',
      svyciprop(~I(awards == "Yes"), subset(d_strat, stype == "H"), method = "likelihood")),
  one("clus2_schwide", 'svyciprop(~I(sch.wide == "Yes"), d_clus2, method = "likelihood")',
      svyciprop(~I(sch.wide == "Yes"), d_clus2, method = "likelihood")),
  one("clus1_H_schwide", 'svyciprop(~I(sch.wide == "Yes"), subset(d_clus1, stype == "M"), method = "likelihood")',
      svyciprop(~I(sch.wide == "Yes"), subset(d_clus1, stype == "M"), method = "likelihood")),
  one("post_awards", 'svyciprop(~I(awards == "Yes"), d_post, method = "likelihood")',
      svyciprop(~I(awards == "Yes"), d_post, method = "likelihood")),
  one("post_H_awards", 'svyciprop(~I(awards == "Yes"), subset(d_post, stype == "H"), method = "likelihood")',
      svyciprop(~I(awards == "Yes"), subset(d_post, stype == "H"), method = "likelihood"))
)
by <- svyby(~I(awards == "Yes"), ~stype, d_strat, svyciprop, method = "likelihood", vartype = "ci")
for (i in seq_len(nrow(by))) {
  cases[[length(cases) + 1]] <- list(
    id = paste0("strat_by_stype_", by$stype[i]),
    call = 'svyby(~I(awards == "Yes"), ~stype, d_strat, svyciprop, method = "likelihood", vartype = "ci")',
    stype = as.character(by$stype[i]), estimate = unname(by[i, 2]),
    ci_low = unname(by$ci_l[i]), ci_high = unname(by$ci_u[i]))
}
writeLines(toJSON(list(R = R.version.string, survey = as.character(packageVersion("survey")),
                       cases = cases), auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/data/r-likelihood/likelihood.json")
