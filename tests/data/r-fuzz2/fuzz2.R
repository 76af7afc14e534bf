# R survey's numbers for tests/data/r-fuzz2 (see PROVENANCE.md).
# Run from the repository root: Rscript tests/data/r-fuzz2/fuzz2.R
suppressPackageStartupMessages({library(survey); library(jsonlite)})
dir <- "tests/data/r-fuzz2"
specs <- fromJSON(file.path(dir, "manifest.json"), simplifyVector = FALSE)
base <- fromJSON("tests/data/r-fuzz/manifest.json", simplifyVector = FALSE)
names(base) <- vapply(base, function(s) s$id, "")

num <- function(x) as.numeric(x)
est_se <- function(r) list(est = num(coef(r)), se = num(SE(r)), names = names(coef(r)))
with_deff <- function(r) c(est_se(r), list(deff = num(deff(r))))
try_est <- function(expr) tryCatch(expr, error = function(e) list(error = conditionMessage(e)))

# the design of tests/data/r-fuzz/fuzz.R's build(), on the extended data: that script's own
# function, taken from it without running the rest
for (e in parse("tests/data/r-fuzz/fuzz.R")) {
  if (is.call(e) && identical(e[[1]], as.name("<-")) && identical(e[[2]], as.name("build"))) eval(e)
}

# replicate columns given by the data (rNN): svrepdesign's arguments from the manifest
build_rep <- function(s, data) {
  args <- list(data = data, repweights = "^rp[0-9]+$", weights = ~wt, type = s$type,
               combined.weights = s$combined, mse = s$mse)
  if (!is.null(s$rho)) args$rho <- s$rho
  if (!is.null(s$scale)) args$scale <- s$scale
  if (!is.null(s$rscales)) args$rscales <- unlist(s$rscales)
  do.call(svrepdesign, args)
}

table_by <- function(r, prefix) {  # svyby of a factor: one column per level, groups in rows
  r <- as.data.frame(r)
  ec <- grep(paste0("^", prefix), names(r))
  list(est = num(unlist(r[ec])), se = num(unlist(r[(max(ec) + 1):(max(ec) + length(ec))])))
}

# svyolr with a tight optim() tolerance (R's default reltol 1.5e-8 leaves the 4th digit); on a
# replicate design svyolr refits the replicates with polr's default control, so the SEs are
# recomputed as its svrVar() of replicate refits with the same tight control, started at the
# full-sample fit as R does (tests/data/r-survey-rep/oracle_rep.R, "replicate_tight")
olr_fit <- function(D, m) {
  ctl <- list(reltol = 1e-15, maxit = 10000)
  # svyolr.svyrep.design hands method to MASS::polr, whose "cloglog" is 1 - exp(-exp(z)); svyolr
  # on a Taylor design uses survey's pgumbel, exp(-exp(-z)), which is polr's "loglog": that one
  # on replicate designs too (surveykit's on both)
  if (inherits(D, "svyrep.design") && m == "cloglog") m <- "loglog"
  # a level of grp whose rows (with a weight) all answer the top or all the bottom category: its
  # coefficient has no finite maximum (separation); per replicate below
  ends <- function(ok) {
    o <- as.integer(D$variables$ord); lv <- range(o[ok], na.rm = TRUE)
    any(vapply(c("g2", "g3"), function(g) {
      y <- o[ok & D$variables$grp == g & !is.na(o)]
      length(y) > 0 && (all(y == lv[2]) || all(y == lv[1]))
    }, TRUE))
  }
  out <- list(top_bottom = ends(weights(D, "sampling") > 0))
  fit <- svyolr(ord ~ xv + grp, D, method = m, control = ctl)
  out <- c(est_se(fit), out)
  if (inherits(D, "svyrep.design")) {
    ok <- complete.cases(D$variables[, c("ord", "xv", "grp")])
    mf <- D$variables[ok, ]
    rw <- weights(D, "analysis")[ok, , drop = FALSE]
    start <- coef(fit)
    refit <- function(w) {
      f <- ord ~ xv + grp
      environment(f) <- environment()
      r <- MASS::polr(f, data = mf, weights = w, start = start, method = m, control = ctl, Hess = FALSE,
                      model = FALSE)
      c(r$coefficients, r$zeta)
    }
    betas <- apply(rw, 2, refit)
    out$se <- num(sqrt(diag(as.matrix(svrVar(t(betas), D$scale, D$rscales, mse = D$mse, coef = start)))))
    b <- betas[seq_along(fit$coefficients), , drop = FALSE]
    out$rep_max <- max(abs(b))  # a replicate separated: its coefficient where optim stopped
    out$rep_abs <- num(apply(abs(b), 2, max))  # per replicate
    out$rep_level_absent <- apply(rw, 2, function(w) any(table(mf$grp[w != 0]) == 0))
    rw_all <- weights(D, "analysis")
    out$rep_top_bottom <- apply(rw_all, 2, function(w) ends(w != 0))
    counts <- apply(rw, 2, function(w) table(mf$ord[w != 0]))  # categories x replicates
    out$rep_empty_middle <- any(counts[-c(1, nrow(counts)), ] == 0)  # a threshold pair on the boundary
  }
  out
}

# the SE of contrasts of domain means from the replicates' own domain means (svrVar), each
# contrast from the domains it uses: svyby(covmat = TRUE) drops, for its whole covariance matrix,
# every replicate in which any domain's mean is NaN (a domain absent from the replicate)
rep_contrast_se <- function(D, L, cells) {
  ww <- weights(D, "analysis"); w0 <- weights(D, "sampling"); y <- D$variables$yv
  th <- sapply(levels(cells), function(g) {m <- cells == g; colSums(ww[m, , drop = FALSE] * y[m]) / colSums(ww[m, , drop = FALSE])})
  t0 <- sapply(levels(cells), function(g) {m <- cells == g; sum(w0[m] * y[m]) / sum(w0[m])})
  vapply(seq_len(nrow(L)), function(i) {
    use <- which(L[i, ] != 0)
    est <- drop(th[, use, drop = FALSE] %*% L[i, use])
    sqrt(as.numeric(svrVar(est, D$scale, D$rscales, mse = D$mse, coef = sum(t0[use] * L[i, use]))))
  }, 0)
}

estimates <- function(D, s, rep) {
  out <- list()
  out$degf <- try_est(list(est = degf(D)))
  for (m in c("logistic", "probit", "cloglog", "cauchit")) {
    out[[paste0("olr_", m)]] <- try_est(olr_fit(D, m))
  }
  out$var <- try_est({r <- svyvar(~yv + xv, D, na.rm = TRUE); list(est = num(coef(r)), se = num(SE(r)))})
  out$var_y <- try_est({r <- svyvar(~yv, D, na.rm = TRUE); list(est = num(coef(r)), se = num(SE(r)))})
  out$regterm <- try_est({
    r <- regTermTest(svyglm(yv ~ xv + grp, D), ~grp)
    list(est = num(r$Ftest), ndf = num(r$df), ddf = num(r$ddf), p = num(r$p))
  })
  out$regterm_inf <- try_est({
    r <- regTermTest(svyglm(yv ~ xv + grp, D), ~grp, df = Inf)
    list(est = num(r$chisq), ndf = num(r$df), p = num(r$p))
  })
  out$glm_qpois <- try_est(est_se(svyglm(cnt ~ xv + grp, D, family = quasipoisson(),
                                         control = glm.control(epsilon = 1e-12, maxit = 100))))
  Dh <- subset(D, mrg == "h1")
  out$half_glm_qpois <- try_est(est_se(svyglm(cnt ~ xv, Dh, family = quasipoisson(),
                                              control = glm.control(epsilon = 1e-12, maxit = 100))))
  out$by2_y <- try_est({
    r <- svyby(~yv, ~grp + mrg, D, svymean, na.rm = TRUE, deff = "replace")
    list(est = num(coef(r)), se = num(SE(r)), deff = num(r[["DEff.yv"]]), grp = as.character(r$grp),
         mrg = as.character(r$mrg))
  })
  out$by2_total_f <- try_est(table_by(svyby(~fac, ~grp + mrg, D, svytotal), "fac"))
  Dd <- subset(D, dom == 1)
  out$dom_mean_f <- try_est(est_se(svymean(~fac, Dd)))
  out$dom_total_f <- try_est(est_se(svytotal(~fac, Dd)))
  out$half_mean_f <- try_est(with_deff(svymean(~fac, Dh, deff = "replace")))
  out$half_by_f <- try_est(table_by(svyby(~fac, ~grp, Dh, svymean), "fac"))
  out$lg_mean <- try_est(with_deff(svymean(~lg, D, na.rm = TRUE, deff = "replace")))
  out$lg_total <- try_est(est_se(svytotal(~lg, D, na.rm = TRUE)))
  out$two_mean <- try_est(with_deff(svymean(~two, D, na.rm = TRUE, deff = "replace")))
  out$two_ciprop <- try_est({r <- svyciprop(~two, D, na.rm = TRUE); list(est = num(r), ci = num(attr(r, "ci")))})
  out$ymiss_by <- try_est({r <- svyby(~ymiss, ~grp, D, svymean, na.rm = TRUE); list(est = num(coef(r)), se = num(SE(r)))})
  out$ymiss_by_total <- try_est({r <- svyby(~ymiss, ~grp, D, svytotal, na.rm = TRUE); list(est = num(coef(r)), se = num(SE(r)))})
  # svyby(covmat = TRUE, na.rm = TRUE) stops on a Taylor design with missing answers ("number of
  # items to replace"): the domain of the answers instead, which gives the same means
  Dy <- subset(D, !is.na(yv))
  out$contrast <- try_est({
    b <- svyby(~yv, ~grp, Dy, svymean, covmat = TRUE)
    L <- rbind(d21 = c(-1, 1, 0), d31 = c(-1, 0, 1), avg = rep(1 / 3, 3))
    r <- svycontrast(b, lapply(seq_len(nrow(L)), function(i) L[i, ]))
    c(list(est = num(coef(r)), se = num(SE(r)), by_se = num(SE(b)), vcov_diag = num(diag(vcov(b)))),
      if (inherits(D, "svyrep.design")) list(rep_se = rep_contrast_se(Dy, L, factor(Dy$variables$grp))))
  })
  out$contrast_half <- try_est({
    b <- svyby(~yv, ~grp + mrg, Dy, svymean, covmat = TRUE)  # rows g1.h1 g2.h1 g3.h1 g1.h2 ...
    k <- nrow(b); cf <- numeric(k); names(cf) <- rownames(b)
    cf[c("g1.h2", "g1.h1", "g2.h2", "g2.h1")] <- c(1, -1, -1, 1)
    r <- svycontrast(b, list(did = cf))
    cells <- factor(paste(Dy$variables$grp, Dy$variables$mrg, sep = "."))
    L <- matrix(cf[levels(cells)], nrow = 1)
    c(list(est = num(coef(r)), se = num(SE(r)), by_se = num(SE(b)), vcov_diag = num(diag(vcov(b)))),
      if (inherits(D, "svyrep.design")) list(rep_se = rep_contrast_se(Dy, L, cells)))
  })
  pp <- unlist(s$ps_pop)
  out$ps_partial <- try_est({
    P <- postStratify(D, ~grp, data.frame(grp = names(pp), Freq = unname(pp)), partial = TRUE)
    c(with_deff(svymean(~yv, P, na.rm = TRUE, deff = "replace")), list(total = num(coef(svytotal(~fac, P))),
      total_se = num(SE(svytotal(~fac, P)))))
  })
  out$ps_full <- try_est({
    P <- postStratify(D, ~grp, data.frame(grp = names(pp), Freq = unname(pp)))
    est_se(svymean(~yv, P, na.rm = TRUE))
  })
  if (rep) {
    out$mean_y <- try_est(with_deff(svymean(~yv, D, na.rm = TRUE, deff = "replace")))
    out$total_f <- try_est(with_deff(svytotal(~fac, D, deff = "replace")))
    out$q <- try_est({
      r <- svyquantile(~yv, D, c(0.25, 0.5), na.rm = TRUE)$yv
      list(est = num(r[, 1]), lo = num(r[, 2]), hi = num(r[, 3]), se = num(r[, 4]))
    })
    out$ratio <- try_est({r <- svyratio(~yv, ~xv, D, na.rm = TRUE); list(est = num(coef(r)), se = num(SE(r)))})
    out$glm_gaussian <- try_est(est_se(svyglm(yv ~ xv + fac, D)))
    tot <- c("(Intercept)" = sum(pp[1:3]), grpg2 = pp[["g2"]], grpg3 = pp[["g3"]], xv = s$pop_x)
    for (cf in list(c("linear", "none"), c("linear", "b"), c("raking", "none"), c("raking", "b"), c("logit", "b"))) {
      bounds <- if (cf[2] == "b") c(0.5, 2.5) else c(-Inf, Inf)
      out[[paste0("cal_", cf[1], "_", cf[2])]] <- try_est({
        C <- calibrate(D, ~grp + xv, tot, calfun = cf[1], bounds = bounds, epsilon = 1e-12, maxit = 200,
                       compress = FALSE)  # the default NA stops on uncompressed repweights (NA || FALSE)
        r <- svymean(~yv, C, na.rm = TRUE); t <- svytotal(~fac, C)
        fit <- crossprod(weights(C, "analysis"), model.matrix(~grp + xv, C$variables))  # replicates x totals
        list(est = num(c(coef(r), coef(t))), se = num(c(SE(r), SE(t))),
             rep_misfit = max(abs(sweep(fit, 2, tot)) / rep(abs(tot), each = nrow(fit))))
      })
    }
  }
  out
}

results <- list()
for (s in specs) {
  data <- read.csv(file.path(dir, "data", paste0(s$id, ".csv")), stringsAsFactors = TRUE)
  rep <- !is.null(s$type)
  options(survey.lonely.psu = if (rep) "fail" else s$lonely)
  D <- try_est(if (rep) build_rep(s, data) else build(base[[s$base]], data))
  results[[s$id]] <- if (!is.null(D$error) && is.list(D)) list(design_error = D$error) else
    suppressWarnings(estimates(D, s, rep))
}
# R's svyrecvar gives a row of weight 0 (before and after postStratify) the residual -psmean: it
# sets the row's post-stratified weight to 1 to avoid 0/0 and then multiplies the residual by it.
# The same estimate with that one line multiplying by the row's weight (0) instead:
g <- deparse(survey:::svyrecvar)
i <- grep("psw <- attr(psvar, \"weights\")", g, fixed = TRUE)
g[i] <- paste(g[i], "; psvar0 <- psvar")
i <- grep("x <- x - psmeans", g, fixed = TRUE) + 1
g[i] <- sub("* psw", "* attr(psvar0, 'weights')", g[i], fixed = TRUE)
g <- eval(parse(text = g)); environment(g) <- asNamespace("survey")
assignInNamespace("svyrecvar", g, "survey")
for (s in specs) {
  b <- base[[s$base]]
  if (!is.null(s$type) || is.null(b$zero_weights) || !is.null(b$replicates) || !is.null(b$calib)) next
  data <- read.csv(file.path(dir, "data", paste0(s$id, ".csv")), stringsAsFactors = TRUE)
  options(survey.lonely.psu = s$lonely)
  D <- build(b, data)
  pp <- unlist(s$ps_pop)[1:3]
  P <- postStratify(D, ~grp, data.frame(grp = names(pp), Freq = unname(pp)))
  results[[s$id]]$ps_zero_rows_fixed <- c(with_deff(svymean(~yv, P, na.rm = TRUE, deff = "replace")),
    list(total = num(coef(svytotal(~fac, P))), total_se = num(SE(svytotal(~fac, P)))))
}
options(survey.lonely.psu = "fail")
writeLines(toJSON(results, digits = NA, auto_unbox = TRUE, na = "string", null = "null"),
           file.path(dir, "r_results.json"))
cat("survey", as.character(packageVersion("survey")), "\n")
