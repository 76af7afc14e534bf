# R survey's numbers for the random designs of tests/data/r-fuzz (see PROVENANCE.md).
# Run from the repository root: Rscript tests/data/r-fuzz/fuzz.R
suppressPackageStartupMessages({library(survey); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)  # Rscript fuzz.R [DIR]: another folder gen.py wrote
dir <- if (length(args)) args[1] else "tests/data/r-fuzz"
specs <- fromJSON(file.path(dir, "manifest.json"), simplifyVector = FALSE)

num <- function(x) { x <- as.numeric(x); x }
est_se <- function(r) list(est = num(coef(r)), se = num(SE(r)), names = names(coef(r)))
with_deff <- function(r) c(est_se(r), list(deff = num(deff(r))))
try_est <- function(expr) tryCatch(expr, error = function(e) list(error = conditionMessage(e)))

build <- function(s, data) {
  ids <- if (is.null(s$ids)) ~1 else as.formula(paste("~", paste(unlist(s$ids), collapse = "+")))
  strata <- if (is.null(s$strata)) NULL else as.formula(paste("~", s$strata))
  fpc <- if (is.null(s$fpc)) NULL else as.formula(paste("~", paste(unlist(s$fpc), collapse = "+")))
  d <- svydesign(ids = ids, strata = strata, fpc = fpc, weights = ~wt, data = data, nest = isTRUE(s$nest))
  if (isTRUE(s$calib_after_rep)) d <- as.svrepdesign(d, type = s$replicates)
  if (!is.null(s$calib)) {
    pg <- unlist(s$pop_g); ph <- unlist(s$pop_h)
    bounds <- if (is.null(s$bounds)) c(-Inf, Inf) else unlist(s$bounds)
    if (s$calib == "poststratify") {
      d <- postStratify(d, ~grp, data.frame(grp = names(pg), Freq = unname(pg)))
    } else if (s$calib == "rake") {
      tot <- c("(Intercept)" = sum(pg), grpg2 = pg[["g2"]], grpg3 = pg[["g3"]], mrgh2 = ph[["h2"]])
      d <- calibrate(d, ~grp + mrg, tot, calfun = "raking", bounds = bounds, epsilon = 1e-12, maxit = 200)
    } else {
      tot <- c("(Intercept)" = sum(pg), grpg2 = pg[["g2"]], grpg3 = pg[["g3"]], xv = s$pop_x)
      d <- calibrate(d, ~grp + xv, tot, calfun = s$calib, bounds = bounds, epsilon = 1e-12, maxit = 200)
    }
  }
  if (!is.null(s$replicates) && !isTRUE(s$calib_after_rep)) {
    if (s$replicates == "given") {
      d <- svrepdesign(data = data, repweights = "^rw[0-9]+$", weights = ~wt, type = s$rep_type,
                       combined.weights = TRUE)
    } else {
      d <- as.svrepdesign(d, type = s$replicates)
    }
  }
  d
}

# the logit and its SE svyciprop's interval rests on (its confint turns a t level of 1 df into 1)
logit_fit <- function(out, D, m) {
  if (m != "logit") return(out)
  f <- tryCatch(svyglm(bv ~ 1, D, family = quasibinomial()), error = function(e) NULL)
  if (!is.null(f)) { out$eta <- num(coef(f)); out$eta_se <- num(SE(f)) }
  out
}

estimates <- function(D) {
  out <- list()
  out$degf <- try_est(list(est = degf(D)))
  out$mean_y <- try_est(with_deff(svymean(~yv, D, na.rm = TRUE, deff = "replace")))
  out$mean_f <- try_est(with_deff(svymean(~fac, D, deff = "replace")))
  out$total_y <- try_est(with_deff(svytotal(~yv, D, na.rm = TRUE, deff = "replace")))
  out$total_f <- try_est(with_deff(svytotal(~fac, D, deff = "replace")))
  out$by_y <- try_est({
    r <- svyby(~yv, ~grp, D, svymean, na.rm = TRUE, deff = "replace")
    list(est = num(coef(r)), se = num(SE(r)), deff = num(r[["DEff.yv"]]), names = as.character(r$grp))
  })
  out$by_f <- try_est({
    r <- as.data.frame(svyby(~fac, ~grp, D, svymean, deff = "replace"))
    ec <- grep("^fac", names(r))  # one column per level, its groups in rows (unlisted column by column)
    list(groups = as.character(r$grp), levels = names(r)[ec], est = num(unlist(r[ec])),
         se = num(unlist(r[(length(ec) + 2):(2 * length(ec) + 1)])),  # "se.faca" (replicate: "se1")
         deff = num(unlist(r[paste0("DEff.", names(r)[ec])])))
  })
  q <- function(...) {
    r <- svyquantile(~yv, D, c(0.25, 0.5), na.rm = TRUE, ...)$yv
    list(est = num(r[, 1]), lo = num(r[, 2]), hi = num(r[, 3]), se = num(r[, 4]))
  }
  out$q_default <- try_est(q())
  if (!inherits(D, "svyrep.design")) out$q_hf7_beta <- try_est(q(qrule = "hf7", interval.type = "beta"))
  out$ratio <- try_est({
    r <- svyratio(~yv, ~xv, D, na.rm = TRUE)
    list(est = num(coef(r)), se = num(SE(r)))
  })
  for (m in c("logit", "beta", "asin", "xlogit", "mean")) {
    out[[paste0("ciprop_", m)]] <- try_est({
      r <- svyciprop(~bv, D, method = m, na.rm = TRUE)  # df: degf(D), as R's default
      logit_fit(list(est = num(r), lo = num(ci <- attr(r, "ci"))[1], hi = num(ci[2])), D, m)
    })
  }
  out$glm_gaussian <- try_est(est_se(svyglm(yv ~ xv + fac, D)))
  out$glm_quasibinomial <- try_est(est_se(svyglm(bv ~ xv, D, family = quasibinomial(),
                                                 control = glm.control(epsilon = 1e-12, maxit = 100))))
  out$chisq <- try_est({
    r <- svychisq(~fac + grp, D, statistic = "F")
    list(est = num(r$statistic), ndf = num(r$parameter[1]), ddf = num(r$parameter[2]), p = num(r$p.value))
  })
  out$ttest <- try_est({
    r <- svyttest(yv ~ 0, D, na.rm = TRUE)  # df: degf(D) - 1
    list(est = num(r$estimate), t = num(r$statistic), df = num(r$parameter), p = num(r$p.value))
  })
  Dd <- subset(D, dom == 1)
  out$domain_mean_y <- try_est(with_deff(svymean(~yv, Dd, na.rm = TRUE, deff = "replace")))
  out$domain_total_y <- try_est(est_se(svytotal(~yv, Dd, na.rm = TRUE)))
  out$domain_degf <- try_est(list(est = degf(Dd)))
  out$by_total <- try_est({
    r <- svyby(~yv, ~grp, D, svytotal, na.rm = TRUE)
    list(est = num(coef(r)), se = num(SE(r)))
  })
  out$by_ratio <- try_est({
    r <- svyby(~yv, ~grp, D, svyratio, denominator = ~xv, na.rm = TRUE)
    list(est = num(coef(r)), se = num(SE(r)))
  })
  out$by_quantile <- try_est({
    r <- svyby(~yv, ~grp, D, svyquantile, quantiles = 0.5, na.rm = TRUE, ci = TRUE)
    list(est = num(coef(r)), se = num(SE(r)))
  })
  out$domain_glm <- try_est(est_se(svyglm(yv ~ xv, Dd)))
  for (m in c("logit", "mean")) {
    out[[paste0("domain_ciprop_", m)]] <- try_est({
      r <- svyciprop(~bv, Dd, method = m, na.rm = TRUE)
      logit_fit(list(est = num(r), lo = num(ci <- attr(r, "ci"))[1], hi = num(ci[2])), Dd, m)
    })
  }
  out$domain_quantile <- try_est({
    r <- svyquantile(~yv, Dd, 0.5, na.rm = TRUE)$yv
    list(est = num(r[, 1]), lo = num(r[, 2]), hi = num(r[, 3]), se = num(r[, 4]))
  })
  Dh <- subset(D, mrg == "h1")  # a domain of about half the rows of every PSU
  out$half_chisq <- try_est({
    # README: a level no respondent of the domain has is left out (R's svychisq keeps it: F = NaN);
    # R's numbers after dropping such levels
    w <- weights(Dh, "sampling")
    lf <- levels(droplevels(Dh$variables$fac[w > 0])); lg <- levels(droplevels(Dh$variables$grp[w > 0]))
    Dh2 <- update(Dh, fac2 = factor(as.character(fac), levels = lf), grp2 = factor(as.character(grp), levels = lg))
    r <- svychisq(~fac2 + grp2, Dh2, statistic = "F")
    list(est = num(r$statistic), ndf = num(r$parameter[1]), ddf = num(r$parameter[2]), p = num(r$p.value))
  })
  out$half_by_y <- try_est({
    r <- svyby(~yv, ~grp, Dh, svymean, na.rm = TRUE, deff = "replace")
    list(est = num(coef(r)), se = num(SE(r)), deff = num(r[["DEff.yv"]]))
  })
  out
}

results <- list()
for (s in specs) {
  data <- read.csv(file.path(dir, "data", paste0(s$id, ".csv")), stringsAsFactors = TRUE)
  for (opt in unlist(s$lonely)) {
    options(survey.lonely.psu = opt)
    D <- try_est(build(s, data))
    key <- paste0(s$id, ":", opt)
    results[[key]] <- if (!is.null(D$error) && is.list(D)) list(design_error = D$error) else
      suppressWarnings(estimates(D))
  }
  if (isTRUE(s$nest)) {  # ids repeated across strata: R refuses nest = FALSE
    s2 <- s; s2$nest <- FALSE; options(survey.lonely.psu = "adjust")
    r <- tryCatch({build(s2, data); "ok"}, error = function(e) conditionMessage(e))
    results[[paste0(s$id, ":nest_false")]] <- list(design_error = r)
  }
}
options(survey.lonely.psu = "fail")
writeLines(toJSON(results, digits = NA, auto_unbox = TRUE, na = "string", null = "null"),
           file.path(dir, "r_results.json"))
cat("survey", as.character(packageVersion("survey")), "\n")
