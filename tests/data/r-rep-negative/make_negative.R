#!/usr/bin/env Rscript
## make_negative.R -- an ACS-shaped file whose successive-difference replicate weights have
## negative and zero cells (as real ACS PUMS PWGTP1..PWGTP80 do), and R survey's estimates on it.
## Deterministic (set.seed, R's default RNG); a re-run is byte-identical.
##
##   cd tests/data/r-rep-negative && Rscript make_negative.R
##
## Writes negative_acs.csv (the data) and negative_ref.json (R's numbers; NA -> null, errors
## as {"error": message}). Read by tests/test_replicate_negative.py; see PROVENANCE.md.
##
## Columns: SERIALNO; REG (A/B, "T" on rows 1-5); SEX (Female/Male); AGEP (18-87); INC (a made-up
## income, one decimal); EMP (0/1); HLTH (ordered Poor < Good < Excellent); PWGTP (whole numbers
## 20-300); PWGTP1..PWGTP80 = round(PWGTP * f), f in {1 - 2^-0.5, 1, 1 + 2^-0.5} (1:2:1), about 2 %
## of the cells then set to -1..-40 and 1 % to 0, and replicate 3 set to 0 on rows 1-5.
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
set.seed(20261207)
n <- 300; R <- 80
SEX <- sample(c("Female", "Male"), n, replace = TRUE)
AGEP <- as.integer(18 + floor(runif(n) * 70))
INC <- round(20 + 0.4 * AGEP + 8 * (SEX == "Male") + rnorm(n, 0, 15), 1)
EMP <- as.integer(runif(n) < plogis(1.5 - 0.03 * (AGEP - 45) - 0.5 * (SEX == "Female")))
HLTH <- cut(rnorm(n) - 0.02 * (AGEP - 45) + 0.3 * EMP, c(-Inf, -0.6, 0.6, Inf),
            labels = c("Poor", "Good", "Excellent"), ordered_result = TRUE)
REG <- sample(c("A", "B"), n, replace = TRUE)
REG[1:5] <- "T"                                   # a five-person domain (see PWGTP3 below)
PWGTP <- as.integer(round(runif(n, 20, 300)))
f <- matrix(sample(c(1 - 2^-0.5, 1, 1 + 2^-0.5), n * R, replace = TRUE, prob = c(1, 2, 1)), n, R)
rw <- round(PWGTP * f)
neg <- matrix(runif(n * R) < 0.02, n, R)          # about 2 % negative cells, as in ACS PUMS
rw[neg] <- -sample(1:40, sum(neg), replace = TRUE)
zero <- matrix(runif(n * R) < 0.01, n, R) & !neg  # and some zeros
rw[zero] <- 0
rw[1:5, 3] <- 0                                   # domain REG == "T" has no weight in replicate 3
storage.mode(rw) <- "integer"
colnames(rw) <- paste0("PWGTP", 1:R)
df <- data.frame(SERIALNO = sprintf("P%04d", 1:n), REG, SEX, AGEP, INC, EMP, HLTH, PWGTP, rw,
                 stringsAsFactors = FALSE)
write.csv(df, "negative_acs.csv", row.names = FALSE, quote = FALSE)

df <- read.csv("negative_acs.csv")
df$HLTH <- factor(df$HLTH, levels = c("Poor", "Good", "Excellent"), ordered = TRUE)
d <- svrepdesign(data = df, weights = ~PWGTP, repweights = "PWGTP[0-9]+",
                 type = "successive-difference", mse = TRUE)
ctl <- list(epsilon = 1e-12, maxit = 100)
pop <- c(`(Intercept)` = 61000, SEXMale = 31000)   # made-up population totals for calibrate
glm_out <- function(m) list(terms = names(coef(m)), coef = unname(coef(m)), se = unname(SE(m)),
                            df_residual = m$df.residual)
try_out <- function(expr) tryCatch(expr, error = function(e) list(error = conditionMessage(e)))
ciprop <- function(des) { p <- svyciprop(~I(EMP == 1), des, method = "logit")
  list(estimate = as.vector(p), ci = as.vector(attr(p, "ci")), se = as.vector(SE(p))) }
res <- list(
  r_version = R.version.string, survey_version = as.character(packageVersion("survey")),
  negative_cells = sum(rw < 0), zero_cells = sum(rw == 0), degf = degf(d),
  mean_inc = list(estimate = unname(coef(svymean(~INC, d))), se = unname(SE(svymean(~INC, d)))),
  total_emp = list(estimate = unname(coef(svytotal(~EMP, d))), se = unname(SE(svytotal(~EMP, d)))),
  glm_gaussian = glm_out(svyglm(INC ~ AGEP + SEX, d, control = ctl)),
  glm_quasibinomial = glm_out(svyglm(EMP ~ AGEP + SEX, d, family = quasibinomial(), control = ctl)),
  ciprop_logit = ciprop(d),
  ciprop_logit_female = ciprop(subset(d, SEX == "Female")),
  ciprop_logit_hlth_good = local({ p <- svyciprop(~I(HLTH == "Good"), d, method = "logit")
    list(estimate = as.vector(p), ci = as.vector(attr(p, "ci"))) }),
  ciprop_logit_hlth_top2 = local({ p <- svyciprop(~I(HLTH %in% c("Good", "Excellent")), d, method = "logit")
    list(estimate = as.vector(p), ci = as.vector(attr(p, "ci"))) }),
  ttest = local({ t <- svyttest(INC ~ SEX, d)
    list(statistic = unname(t$statistic), estimate = unname(t$estimate), df = unname(t$parameter),
         se = unname(t$estimate / t$statistic), ci = as.vector(t$conf.int)) }),
  olr = local({  # polr's own start fails with large weights ("attempt to find suitable starting
    # values failed"): start from polr with weights PWGTP/mean(PWGTP), as ../r-survey-rep's "rescaled"
    s <- MASS::polr(HLTH ~ AGEP + SEX, data = df, weights = PWGTP / mean(PWGTP))
    m <- svyolr(HLTH ~ AGEP + SEX, d, start = c(s$coefficients, s$zeta))
    list(terms = names(coef(m)), coef = unname(coef(m)), se = unname(SE(m))) }),
  cal_linear = try_out({ calibrate(d, ~SEX, pop, calfun = "linear", compress = FALSE); list(ok = TRUE) }),
  cal_linear_wide_bounds = local({  # the same calibration through grake, which takes negative weights
    m <- svymean(~INC, calibrate(d, ~SEX, pop, calfun = "linear", bounds = c(-1e10, 1e10), compress = FALSE))
    list(estimate = unname(coef(m)), se = unname(SE(m))) }),
  ciprop_logit_T = try_out(ciprop(subset(d, REG == "T"))),
  quantile_T = try_out({ q <- svyquantile(~INC, subset(d, REG == "T"), 0.5, interval.type = "quantile")
                          list(estimate = unname(coef(q)), se = unname(SE(q))) })
)
## a tiny design whose replicate 3 sums to less than 0: glm.fit's weights w/sum(w) are then
## positive on its negative rows, which R fits (replicate 4 has two negative cells)
set.seed(99)
m <- 16
tiny <- data.frame(x = round(rnorm(m), 2), y = rbinom(m, 1, 0.5), z = round(rnorm(m, 10, 3), 2), w = rep(10, m))
tiny$r1 <- round(tiny$w * runif(m, 0.5, 1.5)); tiny$r2 <- round(tiny$w * runif(m, 0.5, 1.5))
tiny$r3 <- c(-5, -8, -3, -7, 2, -6, -4, -9, 3, -2, -5, -6, -1, -3, 1, -4)
tiny$r4 <- round(tiny$w * runif(m, 0.5, 1.5)); tiny$r4[c(2, 5)] <- c(-4, -7)
dt <- svrepdesign(data = tiny, weights = ~w, repweights = "^r[0-9]$", type = "other", scale = 1, rscales = 1, mse = TRUE)
rep_out <- function(f) list(coef = unname(coef(f)), se = unname(SE(f)), replicates = unname(f$replicates[, , drop = FALSE]))
res$tiny <- list(data = tiny,
  glm_gaussian = rep_out(svyglm(z ~ x, dt, control = ctl, return.replicates = TRUE)),
  glm_quasibinomial = rep_out(svyglm(y ~ x, dt, family = quasibinomial(), control = ctl, return.replicates = TRUE)))
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
           "negative_ref.json")
