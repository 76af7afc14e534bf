# Run in this folder: Rscript alpha.R > alpha.json
# Cronbach's alpha (survey's svycralpha) of three 1-5 items of survey's apistrat, the third
# (from meals, the share of free meals: it falls as the scores rise) reversed as 6 - m.
suppressMessages(library(survey))
data(api)
df <- apistrat
df$x <- pmin(pmax(df$api00 %/% 150 - 1, 1), 5)
df$z <- pmin(pmax(df$api99 %/% 150 - 1, 1), 5)
df$m <- pmin(pmax(df$meals %/% 20 + 1, 1), 5)
df$m_rev <- 6 - df$m
d <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = df)
unreversed <- svycralpha(~x + z + m, d)
reversed <- svycralpha(~x + z + m_rev, d)
cat(sprintf('{"unreversed": %.15g, "reversed": %.15g}\n', unreversed, reversed))
