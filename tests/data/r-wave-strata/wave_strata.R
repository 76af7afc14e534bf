# Two stacked waves (independent samples) raked per wave to one population table:
# R survey's numbers for the design with the wave as stratum (DESIGN.md: wave x stratum) and,
# for contrast, without it. Run: Rscript wave_strata.R > wave_strata.json (in this folder).
suppressPackageStartupMessages(library(survey))
d <- read.csv("responses.csv", stringsAsFactors = FALSE)
d$w <- 10000 / nrow(d)
pop <- data.frame(wave = rep(c("w21", "w23"), each = 2), gender = rep(c("Man", "Woman"), 2),
                  Freq = c(5100, 4900, 5100, 4900))
fmt <- function(x) formatC(x, digits = 17, format = "g")
one <- function(des) {
  des <- postStratify(des, ~wave + gender, pop)  # one margin: rake = post-stratification
  pooled <- svymean(~age, des)
  by <- svyby(~age, ~wave, des, svymean)
  # the change w23 - w21: the wave coefficient of the saturated regression (svyby's covmat=TRUE
  # fails on a post-stratified design in survey 4.1: "number of items to replace ...")
  change <- svycontrast(svyglm(age ~ wave, des), c(0, 1))
  sprintf('{"pooled": [%s, %s], "w21": [%s, %s], "w23": [%s, %s], "change": [%s, %s]}',
          fmt(coef(pooled)), fmt(SE(pooled)), fmt(coef(by)[1]), fmt(SE(by)[1]),
          fmt(coef(by)[2]), fmt(SE(by)[2]), fmt(coef(change)), fmt(SE(change)))
}
stratified <- one(svydesign(ids = ~1, strata = ~wave, weights = ~w, data = d))
unstratified <- one(svydesign(ids = ~1, weights = ~w, data = d))
cat(sprintf('{"stratified": %s, "unstratified": %s}\n', stratified, unstratified))
