# Two stacked waves (independent stratified samples: Drammen 600 and 600, Indre Østfold 600 and 150)
# weighted to one population table without a wave column (weighting.strata: [municipality],
# margins: [[gender]]): base weight population / n per wave x municipality (each wave's stratum
# weighs its population), the wave x municipality as strata, post-stratified per wave to gender.
# R survey's numbers for sk's study_design of the same configuration.
# Run in this folder: Rscript wave_base.R > wave_base.json
suppressPackageStartupMessages(library(survey))
d <- read.csv("responses.csv", stringsAsFactors = FALSE, encoding = "UTF-8")
pop <- read.csv("population.csv", stringsAsFactors = FALSE, encoding = "UTF-8")
d$wave <- as.character(d$wave)
Nh <- tapply(pop$population, pop$municipality, sum)
nwh <- table(d$wave, d$municipality)
d$bw <- Nh[d$municipality] / nwh[cbind(d$wave, d$municipality)]
d$stratum <- paste(d$wave, d$municipality)
des <- svydesign(ids = ~1, strata = ~stratum, weights = ~bw, data = d)
g <- tapply(pop$population, pop$gender, sum)
popw <- data.frame(wave = rep(c("1", "2"), each = length(g)), gender = rep(names(g), 2), Freq = rep(as.vector(g), 2))
des <- postStratify(des, ~wave + gender, popw)
by <- svyby(~age, ~wave, des, svymean)
pooled <- svymean(~age, des)
# each wave's weighted count of Drammen (post-stratified to gender, so near its 78996, not at it)
tot <- tapply(weights(des)[d$municipality == "Drammen"], d$wave[d$municipality == "Drammen"], sum)
fmt <- function(x) formatC(x, digits = 17, format = "g")
cat(sprintf(paste0('{"w1": [%s, %s], "w2": [%s, %s], "pooled": [%s, %s], ',
                   '"drammen_total": [%s, %s]}\n'),
            fmt(coef(by)[1]), fmt(SE(by)[1]), fmt(coef(by)[2]), fmt(SE(by)[2]),
            fmt(coef(pooled)), fmt(SE(pooled)), fmt(tot[["1"]]), fmt(tot[["2"]])))
