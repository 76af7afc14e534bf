# svyolr(method = "cauchit") on the replicate designs, where R's default fit (fuzz2.R) stops short
# of the maximum (polr's optim BFGS; a restart of polr from its own point, tried when this was
# written, does not move): polr's log-likelihood written out below with its analytic gradient and
# Hessian, and Newton continued from polr's point to the maximum; each replicate refitted by polr
# from there with fuzz2.R's tight control and continued likewise. Nothing from surveykit goes in.
# Run from the repository root after gen2.py: Rscript tests/data/r-fuzz2/cauchit_restart.R
suppressPackageStartupMessages({library(survey); library(jsonlite)})
dir <- "tests/data/r-fuzz2"
specs <- fromJSON(file.path(dir, "manifest.json"), simplifyVector = FALSE)
names(specs) <- vapply(specs, function(s) s$id, "")
base <- fromJSON("tests/data/r-fuzz/manifest.json", simplifyVector = FALSE)
names(base) <- vapply(base, function(s) s$id, "")
# fuzz2.R's functions (build, build_rep, ...), taken from it without running the rest
for (e in parse(file.path(dir, "fuzz2.R"))) {
  if (is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function")))
    eval(e)
}
for (e in parse("tests/data/r-fuzz/fuzz.R")) {
  if (is.call(e) && identical(e[[1]], as.name("<-")) && identical(e[[2]], as.name("build"))) eval(e)
}

# the weighted cauchit log-likelihood of polr (outer thresholds -100 and 100) written out in R,
# u = (beta, zeta), with its analytic gradient and Hessian, and Newton's method with step
# halving (the Hessian made negative definite by a ridge where it is not) from polr's point
dcauchy1 <- function(z) -2 * z / (pi * (1 + z^2)^2)  # f'
parts <- function(u, X, y) {
  p <- ncol(X); q <- length(u) - p; zeta <- c(-100, u[-(1:p)], 100)
  eta <- drop(X %*% u[1:p])
  a <- zeta[y + 1] - eta; b <- zeta[y] - eta
  up <- lo <- matrix(0, length(y), q)
  up[cbind(which(y <= q), y[y <= q])] <- 1
  lo[cbind(which(y >= 2), y[y >= 2] - 1)] <- 1
  list(a = a, b = b, pr = pcauchy(a) - pcauchy(b), da = cbind(-X, up), db = cbind(-X, lo), zeta = zeta)
}
loglik <- function(u, X, y, w) {
  P <- parts(u, X, y)
  if (any(diff(P$zeta) <= 0) || any(P$pr[w != 0] <= 0)) return(-Inf)
  sum(w[w != 0] * log(P$pr[w != 0]))
}
grad_hess <- function(u, X, y, w) {
  P <- parts(u, X, y)
  g <- (dcauchy(P$a) * P$da - dcauchy(P$b) * P$db) / P$pr
  h <- crossprod(P$da * (w * dcauchy1(P$a) / P$pr), P$da) - crossprod(P$db * (w * dcauchy1(P$b) / P$pr), P$db) -
    crossprod(g * w, g)
  list(g = colSums(w * g), h = h)
}
climb <- function(u, X, y, w) {
  ll <- loglik(u, X, y, w)
  for (it in 1:500) {
    gh <- grad_hess(u, X, y, w)
    lam <- 0
    repeat {
      ch <- tryCatch(chol(-gh$h + lam * diag(length(u))), error = function(e) NULL)
      if (!is.null(ch)) break
      lam <- if (lam == 0) 1e-8 * max(abs(diag(gh$h))) else lam * 10
    }
    step <- backsolve(ch, forwardsolve(t(ch), gh$g))
    t <- 1
    repeat {
      new <- u + t * step; ll_new <- loglik(new, X, y, w)
      if (ll_new >= ll || t < 1e-12) break
      t <- t / 2
    }
    if (!(ll_new >= ll)) break
    u <- new; ll <- ll_new
    if (max(abs(t * step)) < 1e-11 * (1 + max(abs(u)))) break
  }
  u
}

restart_fit <- function(D, m = "cauchit") {
  ctl <- list(reltol = 1e-15, maxit = 10000)
  fit <- svyolr(ord ~ xv + grp, D, method = m, control = ctl)
  ok <- complete.cases(D$variables[, c("ord", "xv", "grp")])
  mf <- D$variables[ok, ]
  X <- model.matrix(~ xv + grp, mf)[, -1]
  y <- as.integer(mf$ord)
  w0 <- weights(D, "sampling")[ok]
  u_polr <- c(coef(fit))
  u <- climb(u_polr, X, y, w0)
  out <- list(est = u, names = names(coef(fit)), loglik_polr = loglik(u_polr, X, y, w0),
              loglik = loglik(u, X, y, w0), grad_polr = grad_hess(u_polr, X, y, w0)$g, grad = grad_hess(u, X, y, w0)$g)
  rw <- weights(D, "analysis")[ok, , drop = FALSE]
  p <- ncol(X); q <- length(u) - p
  rep_grad <- numeric(0)
  refit <- function(w) {  # polr from the maximum, as fuzz2.R's olr_fit, then Newton from there
    k <- w != 0
    present <- sort(unique(y[k]))
    if (length(present) == q + 1) {
      f <- ord ~ xv + grp
      environment(f) <- environment()
      r <- MASS::polr(f, data = mf, weights = w, start = u, method = m, control = ctl, Hess = FALSE,
                      model = FALSE)
      b <- climb(c(r$coefficients, r$zeta), X, y, w)
      rep_grad <<- c(rep_grad, max(abs(grad_hess(b, X, y, w)$g)))
      return(b)
    }
    # a middle category without rows: the maximum is on the boundary where its two thresholds
    # are equal (polr approaches it, fuzz2.R's rep_empty_middle): the model of the categories
    # present, each missing category's threshold that of the category present below it
    stopifnot(present[1] == 1, present[length(present)] == q + 1)
    yr <- match(y[k], present)
    br <- climb(c(u[1:p], u[p + present[-length(present)]]), X[k, , drop = FALSE], yr, w[k])
    rep_grad <<- c(rep_grad, max(abs(grad_hess(br, X[k, , drop = FALSE], yr, w[k])$g)))
    c(br[1:p], br[p + findInterval(1:q, present)])
  }
  betas <- apply(rw, 2, refit)
  out$rep_grad_max <- max(rep_grad)
  out$se <- num(sqrt(diag(as.matrix(svrVar(t(betas), D$scale, D$rscales, mse = D$mse, coef = u)))))
  out
}

# every replicate design whose cauchit fit fuzz2.R recorded (rep_max: its replicate refits)
fuzz <- fromJSON(file.path(dir, "r_results.json"), simplifyVector = FALSE)
sets <- names(fuzz)[vapply(fuzz, function(r) !is.null(r$olr_cauchit$rep_max), TRUE)]
results <- list()
for (sid in sets) {
  s <- specs[[sid]]
  data <- read.csv(file.path(dir, "data", paste0(sid, ".csv")), stringsAsFactors = TRUE)
  rep <- !is.null(s$type)
  options(survey.lonely.psu = if (rep) "fail" else s$lonely)
  D <- if (rep) build_rep(s, data) else build(base[[s$base]], data)
  results[[sid]] <- tryCatch(suppressWarnings(restart_fit(D)), error = function(e) list(error = conditionMessage(e)))
}
writeLines(toJSON(results, digits = NA, auto_unbox = TRUE), file.path(dir, "r_cauchit_restart.json"))
