# R 4.2, survey 4.1: the numbers tests/test_api_misuse_numbers.py checks surveykit's against.
# Run in this folder: Rscript misuse.R > misuse.json
suppressMessages(library(survey))
data(api)
num <- function(x) formatC(unname(as.numeric(x)), digits = 17, format = "g")
out <- list()
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)

# 1. a 1-5 item held as numbers, scored with codes reversing it: the mean of 6 - x
dstrat <- update(dstrat, x = pmin(pmax(api00 %/% 150 - 1, 1), 5))
m <- svymean(~I(6 - x), dstrat)
b <- svyby(~I(6 - x), ~stype, dstrat, svymean)
out$reversed <- list(estimate = num(coef(m)), se = num(SE(m)),
                     by_estimate = num(coef(b)), by_se = num(SE(b)))

# 2. jackknife replicate factors (not weights) of a 10-PSU cluster sample: combined.weights = FALSE
set.seed(20261207)
n <- 60
psu <- rep(1:10, each = 6)
w <- round(runif(n, 1, 3), 3)
y <- round(rnorm(n, 50, 10), 2)
factors <- sapply(1:10, function(r) ifelse(psu == r, 0, 10 / 9))
colnames(factors) <- paste0("f", 1:10)
df <- data.frame(y = y, w = w, factors)
write.csv(df, "jk_factors.csv", row.names = FALSE)
rd <- svrepdesign(data = df, weights = ~w, repweights = "f[0-9]+", type = "JK1", scale = 9 / 10,
                  combined.weights = FALSE)
m <- svymean(~y, rd)
t <- svytotal(~y, rd)
out$factors <- list(mean = num(coef(m)), mean_se = num(SE(m)), total = num(coef(t)), total_se = num(SE(t)))

# 3. B-splines and lag() in a model formula: R's bs() takes its knots from every row of the model
# frame before rows missing a value are dropped; R's lag() leaves a plain column as it is
suppressMessages(library(splines))
d0 <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
out$bs <- list(coef = num(coef(svyglm(api00 ~ bs(ell, df = 5), d0))))
apistrat$y2 <- apistrat$api00
apistrat$y2[1:40] <- NA
d1 <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
out$bs_missing <- list(coef = num(coef(svyglm(y2 ~ bs(ell, df = 5), d1))))
m <- svyglm(api00 ~ lag(ell), d0)
out$lag <- list(coef = num(coef(m)), se = num(SE(m)))

# 4. the share of 0 of a 0/1 column (level = 0 in surveykit): svyciprop of I(yr == 0)
apistrat$yr <- as.integer(apistrat$yr.rnd == "Yes")
d2 <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
for (m in c("logit", "beta")) {
  p <- svyciprop(~I(yr == 0), d2, method = m)
  out[[paste0("zero_", m)]] <- list(estimate = num(coef(p)), se = num(SE(p)), ci = num(confint(p)))
}

cat("{\n", paste(sprintf('  "%s": {%s}', names(out), sapply(out, function(o)
  paste(sprintf('"%s": [%s]', names(o), sapply(o, paste, collapse = ", ")), collapse = ", "))),
  collapse = ",\n"), "\n}\n", sep = "")
