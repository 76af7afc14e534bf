#!/usr/bin/env Rscript
## r_timing.R -- how long R survey 4.1-1 takes on a replicate-weight design of the size of
## issue 17's speed target: N rows x 80 successive-difference replicate columns, 20 Likert
## items, means overall and by 12 groups, and a gaussian regression with 10 coefficients.
##
##   Rscript r_timing.R N REPEAT          (defaults: 1000000 1)  -> one JSON line on stdout
##
## The data are generated here (seeded), in the shape of benchmarks/data.py: 20 items q01..q20
## scored 1..5 with 3-15 % missing (rising with the item number), site (12 groups), gender,
## agegroup, group, a whole-number main weight w and w1..w80 = round(w * f[i, r]) with the
## successive-difference factors of make_data.R (rows in file order).  Design:
## svrepdesign(repweights = "^w[0-9]+$", weights = ~w, type = "successive-difference", mse = TRUE).
## Each figure is the median elapsed seconds of REPEAT system.time() runs, R single-threaded,
## reference BLAS.
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) >= 1) as.integer(args[1]) else 1000000L
repeat_n <- if (length(args) >= 2) as.integer(args[2]) else 1L
R <- 80
items <- sprintf("q%02d", 1:20)

gen <- function(n) {
  set.seed(20240617)
  site <- sample(1:12, n, replace = TRUE)
  gender <- sample(c("m", "f"), n, replace = TRUE, prob = c(0.42, 0.58))
  agegroup <- sample(c("18-34", "35-49", "50-66", "67+"), n, replace = TRUE, prob = c(0.15, 0.25, 0.3, 0.3))
  group <- as.integer(site %% 3 == 0)
  latent <- rnorm(n) * 0.8 + 0.15 * group
  df <- data.frame(site = factor(site), gender = factor(gender), agegroup = factor(agegroup),
                   group = factor(group), age = 18L + sample(0:70, n, replace = TRUE))
  cut <- c(-1.5, -0.6, 0.3, 1.2)
  na_rate <- seq(0.03, 0.15, length.out = 20)
  shift <- seq(-0.4, 0.4, length.out = 20)
  for (j in 1:20) {
    z <- rnorm(n) + latent + shift[j]
    q <- 1 + (z > cut[1]) + (z > cut[2]) + (z > cut[3]) + (z > cut[4])
    q[runif(n) < na_rate[j]] <- NA
    df[[items[j]]] <- as.numeric(q)
  }
  df$w <- round(exp(rnorm(n, log(90), 0.55)))
  H <- 2 * survey:::hadamard(R - 1) - 1           # one replicate column at a time (memory)
  i <- seq_len(n)
  a <- ((i - 1) %% R) + 1
  b <- (i %% R) + 1
  for (r in 1:R) df[[paste0("w", r)]] <- round(df$w * (1 + 2^(-3 / 2) * (H[a, r] - H[b, r])))
  df
}

timed <- function(f, label = "") {
  t <- median(sapply(seq_len(repeat_n), function(i) { gc(); system.time(f())[["elapsed"]] }))
  message(sprintf("%-45s %8.2f s", label, t))  # progress on stderr
  t
}
t_gen <- system.time(df <- gen(n))[["elapsed"]]
message(sprintf("%-45s %8.2f s", "generate", t_gen))
t_design <- timed(function() svrepdesign(data = df, repweights = "^w[0-9]+$", weights = ~w,
                                         type = "successive-difference", mse = TRUE), "design")
d <- svrepdesign(data = df, repweights = "^w[0-9]+$", weights = ~w, type = "successive-difference", mse = TRUE)
all20 <- as.formula(paste("~", paste(items, collapse = "+")))
out <- list(
  generate = t_gen,
  design = t_design,
  mean_20_items_listwise_one_call = timed(function() svymean(all20, d, na.rm = TRUE), "mean listwise"),
  mean_20_items_per_item = timed(function() for (v in items) svymean(as.formula(paste0("~", v)), d, na.rm = TRUE),
                                 "mean per item"),
  mean_by_site_20_items_listwise_one_call = timed(function() svyby(all20, ~site, d, svymean, na.rm = TRUE),
                                                  "by site listwise"),
  mean_by_site_20_items_per_item = timed(function()
    for (v in items) svyby(as.formula(paste0("~", v)), ~site, d, svymean, na.rm = TRUE), "by site per item"),
  glm_gaussian_10_coef = timed(function()
    svyglm(q01 ~ q02 + q03 + q04 + age + gender + agegroup + group, d), "glm 10 coefficients")
)
cat(toJSON(list(n = n, replicates = R, repeat_n = repeat_n, seconds = out,
                R = R.version.string, survey = as.character(packageVersion("survey")),
                nproc = parallel::detectCores()), auto_unbox = TRUE, digits = NA), "\n")
