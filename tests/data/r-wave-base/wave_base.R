# Two stacked waves (independent stratified samples: Drammen 600 and 600, Indre Østfold 600 and 150)
# weighted to one population table without a wave column (weighting.strata: [municipality],
# margins: [[gender]]): base weight population / n per wave x municipality (each wave's stratum
# weighs its population), the wave x municipality as strata, post-stratified per wave to gender.
# R survey's numbers for sk's study_design of the same configuration; and the same with
# population_waves.csv, a population per wave (its wave column): each wave's strata and gender to its own.
# Run in this folder: Rscript wave_base.R > wave_base.json
suppressPackageStartupMessages(library(survey))
d <- read.csv("responses.csv", stringsAsFactors = FALSE, encoding = "UTF-8")
pop <- read.csv("population.csv", stringsAsFactors = FALSE, encoding = "UTF-8")
d$wave <- as.character(d$wave)
fmt <- function(x) formatC(x, digits = 17, format = "g")
# pop: the population table; by_wave: it has a wave column (a population per wave), else one for both
one <- function(pop, by_wave) {
  key <- if (by_wave) paste(pop$wave, pop$municipality) else pop$municipality
  Nh <- tapply(pop$population, key, sum)
  nwh <- table(paste(d$wave, d$municipality))
  own <- if (by_wave) paste(d$wave, d$municipality) else d$municipality
  d$bw <- as.vector(Nh[own] / nwh[paste(d$wave, d$municipality)])
  d$stratum <- paste(d$wave, d$municipality)
  des <- svydesign(ids = ~1, strata = ~stratum, weights = ~bw, data = d)
  if (by_wave) {
    popw <- aggregate(population ~ wave + gender, pop, sum)
  } else {
    g <- aggregate(population ~ gender, pop, sum)
    popw <- merge(data.frame(wave = c("1", "2")), g)
  }
  names(popw)[names(popw) == "population"] <- "Freq"
  popw$wave <- as.character(popw$wave)
  des <- postStratify(des, ~wave + gender, popw)
  by <- svyby(~age, ~wave, des, svymean)
  pooled <- svymean(~age, des)
  # each wave's weighted count of Drammen (post-stratified to gender, so near its population, not at it)
  tot <- tapply(weights(des)[d$municipality == "Drammen"], d$wave[d$municipality == "Drammen"], sum)
  men <- tapply(weights(des)[d$gender == "Mann"], d$wave[d$gender == "Mann"], sum)
  sprintf(paste0('{"w1": [%s, %s], "w2": [%s, %s], "pooled": [%s, %s], ',
                 '"drammen_total": [%s, %s], "men_total": [%s, %s]}'),
          fmt(coef(by)[1]), fmt(SE(by)[1]), fmt(coef(by)[2]), fmt(SE(by)[2]),
          fmt(coef(pooled)), fmt(SE(pooled)), fmt(tot[["1"]]), fmt(tot[["2"]]), fmt(men[["1"]]), fmt(men[["2"]]))
}
pop_waves <- read.csv("population_waves.csv", stringsAsFactors = FALSE, encoding = "UTF-8")
cat(sprintf('{"one_population": %s, "population_per_wave": %s}\n', one(pop, FALSE), one(pop_waves, TRUE)))
