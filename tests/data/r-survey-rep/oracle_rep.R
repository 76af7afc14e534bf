#!/usr/bin/env Rscript
## oracle_rep.R -- the R `survey` oracle of /work/shared/reference/r-survey/oracle.R,
## extended for replicate-weight designs (surveykit issue 17).  Everything of oracle.R is
## kept unchanged (same spec keys, same JSON writer, same estimators); the additions are
## marked "REP:" below:
##   * adjust methods "svydesign" (another Taylor design from the same data),
##     "as.svrepdesign" (type JK1/JKn/BRR/Fay/bootstrap/subbootstrap, fay_rho, replicates,
##     seed, mse, compress) and "svrepdesign" (a design from given replicate columns: regex
##     or column list, weights, type, scale, rscales, rho, mse, combined_weights);
##     "expect_error": "<regex>" on an adjust entry records a refusal R is expected to give;
##   * for every replicate design: a "replicate" block (type, scale, rscales, mse, rho,
##     combined_weights, nrep, degf, rank) and its weights written to
##     <out prefix>.<design>.repw.csv.gz (column w = weights(d, "sampling"), then
##     rep1..repR = weights(d, "analysis")), with the md5 of that file (a file identical to an
##     earlier design's is not written twice; "export_weights": false writes none), and the
##     per-column sums of w, w^2 and w * row number;
##     BRR/Fay: the Hadamard matrix survey:::hadamard(nstrata) that brrweights() used;
##   * "estimate_sets" + "run": the same list of estimates run on several designs, the id
##     of each result being "<design>/<id>";
##   * estimate type "svyby_contrast" (svyby(..., covmat = TRUE) + svycontrast) and, for
##     svyolr on a replicate design, "replicate_tight": the same svrVar() variance with the
##     tight control passed to every replicate refit too (R's svyolr passes it only to the
##     full-sample fit).
##
## Usage:   Rscript oracle_rep.R spec.json out.json
##
## The spec format of oracle.R is documented in /work/shared/reference/r-survey/README.md
## (summarised in PROVENANCE.md here); the original header follows.
##
## (oracle.R) reference ("oracle") survey estimates computed with R's `survey`
## package (T. Lumley), driven by a JSON spec, written as JSON at full double
## precision (shortest decimal string that round-trips, at most 17 significant
## digits; NA/NaN/Inf are written as null).
##
## Usage:   Rscript oracle.R spec.json out.json
##
## The spec format is documented in README.md (section "JSON spec format") and
## illustrated by reference/*.spec.json.  Short version:
##
## {
##   "data":     "../data/apistrat.csv",   # CSV path, relative to the spec file
##   "schema":   "auto",                   # "auto" (data/schema.json next to the CSV), false, or a path
##   "factors":  {"race": null, "q1": ["1","2","3","4","5"]},   # extra factor columns (null = sorted values)
##   "derive":   {"mealcat": "cut(meals, c(0,25,50,75,100))"},   # R expressions (R-only convenience)
##   "options":  {"survey.lonely.psu": "fail"},
##   "design":   {"ids": "dnum" | ["dnum","snum"] | "1", "strata": "stype", "weights": "pw",
##                "probs": null, "fpc": "fpc" | ["fpc1","fpc2"], "nest": false},
##   "adjust":   {"raked": {"from": "base", "method": "rake", "margins": [...], "control": {...}},
##                "ps":    {"method": "postStratify", "strata": ["stype"], "totals": {...}},
##                "cal":   {"method": "calibrate", "formula": "~stype+api99", "population": {...},
##                          "calfun": "linear"}},
##   "estimates": [{"id": "m1", "type": "svymean", "vars": ["api00"], "design": "base",
##                  "domain": {"var": "stype", "eq": "H"}, ...}, ...]
## }
##
## Supported estimate types: svymean, svytotal, svyby, svyciprop, svyttest,
## svychisq, svyquantile, svyratio, svyglm, svyolr, svytable, weights.

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})

ORACLE_FORMAT_VERSION <- "1.0"

`%||%` <- function(a, b) if (is.null(a)) b else a

## ------------------------------------------------------------------ JSON writer
## jsonlite caps numbers at 15 significant digits, so numbers are formatted here.
num_str <- function(x) {
  x <- as.double(x)
  out <- rep("null", length(x))
  ok <- is.finite(x)
  v <- x[ok]
  s <- sprintf("%.15g", v)
  bad <- as.numeric(s) != v
  if (any(bad)) s[bad] <- sprintf("%.16g", v[bad])
  bad <- as.numeric(s) != v
  if (any(bad)) s[bad] <- sprintf("%.17g", v[bad])
  out[ok] <- s
  out
}
str_str <- function(x) {
  out <- vapply(as.character(x), function(s) as.character(toJSON(s, auto_unbox = TRUE)), "")
  out[is.na(x)] <- "null"
  unname(out)
}
## arr(): force a JSON array even for length-1 vectors
arr <- function(x) { if (is.null(x)) x <- logical(0); class(x) <- c("json_array", class(x)); x }

to_json <- function(x, indent = 0) {
  pad <- function(k) strrep("  ", k)
  is_arr <- inherits(x, "json_array")
  if (is_arr) class(x) <- setdiff(class(x), "json_array")
  if (is.null(x)) return("null")
  if (is.factor(x)) x <- as.character(x)
  if (is.matrix(x) && is.atomic(x)) {
    rows <- lapply(seq_len(nrow(x)), function(i) arr(x[i, , drop = TRUE]))
    return(to_json(rows, indent))
  }
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    inner <- vapply(x, to_json, "", indent = indent + 1)
    if (!is.null(names(x)) && !is_arr) {
      keys <- str_str(names(x))
      body <- paste0(pad(indent + 1), keys, ": ", inner, collapse = ",\n")
      return(paste0("{\n", body, "\n", pad(indent), "}"))
    }
    body <- paste0(pad(indent + 1), inner, collapse = ",\n")
    return(paste0("[\n", body, "\n", pad(indent), "]"))
  }
  vals <- if (is.logical(x)) ifelse(is.na(x), "null", ifelse(x, "true", "false"))
          else if (is.numeric(x)) num_str(x)
          else str_str(x)
  if (length(vals) == 1 && !is_arr) return(vals)
  paste0("[", paste(vals, collapse = ", "), "]")
}

## ------------------------------------------------------------------ helpers
bq <- function(v) paste0("`", v, "`")
mk_formula <- function(vars, lhs = NULL) {
  rhs <- if (length(vars) == 0) "1" else paste(bq(vars), collapse = " + ")
  as.formula(paste(lhs %||% "", "~", rhs), env = globalenv())
}
as_chr_vec <- function(x) if (is.null(x)) NULL else as.character(unlist(x))

resolve_path <- function(p, base_dir) {
  if (is.null(p)) return(NULL)
  if (grepl("^(/|~)", p)) path.expand(p) else normalizePath(file.path(base_dir, p), mustWork = FALSE)
}

wsummary <- function(w) {
  q <- unname(quantile(w, c(0, .25, .5, .75, 1), names = FALSE))
  nz <- w[w > 0]
  list(n = length(w), n_nonzero = sum(w > 0), sum = sum(w), mean = mean(w),
       sd = if (length(w) > 1) sd(w) else NA_real_,
       min = q[1], q25 = q[2], median = q[3], q75 = q[4], max = q[5],
       cv_nonzero = if (length(nz) > 1) sd(nz) / mean(nz) else NA_real_,
       kish_deff = if (length(nz) > 0) length(nz) * sum(nz^2) / sum(nz)^2 else NA_real_)
}

## names produced by svymean/svytotal for a variable: v (numeric) or paste0(v, level)
var_levels <- function(x) {
  if (is.factor(x)) return(levels(x))
  if (is.logical(x)) return(c("FALSE", "TRUE"))
  if (is.character(x)) return(levels(factor(x)))
  NULL
}

## split coefficient names into (variable, level) using the design's variables
split_names <- function(nms, vars, df) {
  variable <- character(0); level <- character(0)
  for (v in vars) {
    lv <- var_levels(df[[v]])
    if (is.null(lv)) { variable <- c(variable, v); level <- c(level, NA) }
    else { variable <- c(variable, rep(v, length(lv))); level <- c(level, lv) }
  }
  if (length(variable) != length(nms)) {  # fall back: no split
    return(list(variable = rep(NA_character_, length(nms)), level = rep(NA_character_, length(nms))))
  }
  list(variable = variable, level = level)
}

ci_pair <- function(est, se, level, df) {
  a <- (1 - level) / 2
  z <- qnorm(1 - a)
  tq <- if (is.finite(df) && df > 0) qt(1 - a, df) else if (is.infinite(df)) z else NaN
  list(ci_low = est - z * se, ci_high = est + z * se,
       ci_t_low = est - tq * se, ci_t_high = est + tq * se)
}

rows_table <- function(est, se, names, variable = NULL, level = NULL, extra = list(),
                       conf = 0.95, df = Inf) {
  ci <- ci_pair(est, se, conf, df)
  lapply(seq_along(est), function(i) {
    r <- list(name = names[i])
    if (!is.null(variable)) r$variable <- variable[i]
    if (!is.null(level)) r$level <- level[i]
    r$estimate <- unname(est[i]); r$se <- unname(se[i])
    r$ci_low <- unname(ci$ci_low[i]); r$ci_high <- unname(ci$ci_high[i])
    r$ci_t_low <- unname(ci$ci_t_low[i]); r$ci_t_high <- unname(ci$ci_t_high[i])
    for (k in names(extra)) r[[k]] <- unname(extra[[k]][i])
    r
  })
}

## ------------------------------------------------------------------ data loading
load_data <- function(spec, base_dir) {
  path <- resolve_path(spec[["data"]], base_dir)
  if (is.null(path) || !file.exists(path)) stop("data file not found: ", spec[["data"]])
  schema <- NULL
  sch_opt <- spec[["schema"]] %||% "auto"
  key <- sub("\\.csv$", "", basename(path))
  if (identical(sch_opt, "auto")) {
    sp <- file.path(dirname(path), "schema.json")
    if (file.exists(sp)) { s <- fromJSON(sp, simplifyVector = FALSE); schema <- s[[key]] }
  } else if (is.character(sch_opt)) {
    s <- fromJSON(resolve_path(sch_opt, base_dir), simplifyVector = FALSE); schema <- s[[key]]
  }
  header <- names(read.csv(path, nrows = 1, check.names = FALSE, encoding = "UTF-8"))
  cc <- rep(NA_character_, length(header)); names(cc) <- header
  if (!is.null(schema)) {
    for (nm in intersect(names(schema), header)) {
      cc[nm] <- switch(schema[[nm]]$type, string = "character", factor = "character",
                       integer = "integer", double = "numeric", logical = "logical", NA_character_)
    }
  }
  df <- read.csv(path, check.names = FALSE, na.strings = c(""), colClasses = unname(cc),
                 stringsAsFactors = FALSE, encoding = "UTF-8", fileEncoding = "UTF-8")
  if (!is.null(schema)) {
    for (nm in intersect(names(schema), names(df))) {
      if (identical(schema[[nm]]$type, "factor"))
        df[[nm]] <- factor(df[[nm]], levels = as.character(unlist(schema[[nm]]$levels)))
    }
  }
  ## explicit factors from the spec
  if (!is.null(spec[["factors"]])) {
    for (nm in names(spec[["factors"]])) {
      if (!nm %in% names(df)) stop("factors: no column ", nm)
      lv <- spec[["factors"]][[nm]]
      x <- df[[nm]]
      if (is.null(lv)) {
        u <- unique(x[!is.na(x)])
        lv <- if (is.numeric(u)) as.character(sort(u)) else sort(as.character(u), method = "radix")
      }
      df[[nm]] <- factor(as.character(x), levels = as.character(unlist(lv)))
    }
  }
  ## remaining character columns -> factors with C-locale sorted levels (unless schema says string)
  for (nm in names(df)) {
    if (is.character(df[[nm]]) && !(nm %in% names(schema) && identical(schema[[nm]]$type, "string")))
      df[[nm]] <- factor(df[[nm]], levels = sort(unique(df[[nm]][!is.na(df[[nm]])]), method = "radix"))
  }
  ## derived variables (R expressions)
  if (!is.null(spec[["derive"]])) {
    for (nm in names(spec[["derive"]])) df[[nm]] <- eval(parse(text = spec[["derive"]][[nm]]), df, globalenv())
  }
  list(df = df, path = path, md5 = unname(tools::md5sum(path)))
}

## ------------------------------------------------------------------ design
build_design <- function(d, df) {
  ids <- as_chr_vec(d[["ids"]] %||% "1")
  idf <- if (length(ids) == 1 && ids %in% c("1", "0")) as.formula(paste("~", ids)) else mk_formula(ids)
  args <- list(ids = idf)
  if (!is.null(d[["strata"]])) args$strata <- mk_formula(as_chr_vec(d[["strata"]]))
  if (!is.null(d[["weights"]])) args$weights <- mk_formula(as_chr_vec(d[["weights"]]))
  if (!is.null(d[["probs"]])) args$probs <- mk_formula(as_chr_vec(d[["probs"]]))
  if (!is.null(d[["fpc"]])) args$fpc <- mk_formula(as_chr_vec(d[["fpc"]]))
  if (!is.null(d[["pps"]])) args$pps <- d[["pps"]]
  if (!is.null(d[["variance"]])) args$variance <- d[["variance"]]
  args$nest <- isTRUE(d[["nest"]])
  ## build a readable call (data referenced by name, not embedded)
  cl <- as.call(c(list(as.name("svydesign")), args, list(data = as.name("data"))))
  eval(cl, list(data = df, svydesign = svydesign))
}

## population data.frame for rake/postStratify margin
margin_df <- function(m, df) {
  vars <- as_chr_vec(m[["vars"]] %||% m[["var"]])
  if (!is.null(m[["totals"]])) {
    if (length(vars) != 1) stop("'totals' needs exactly one var; use 'cells' for joint margins")
    pop <- data.frame(x = names(m[["totals"]]), Freq = as.numeric(unlist(m[["totals"]])), stringsAsFactors = FALSE)
    names(pop)[1] <- vars
  } else if (!is.null(m[["cells"]])) {
    pop <- do.call(rbind, lapply(m[["cells"]], function(cl)
      as.data.frame(lapply(cl, function(z) if (is.null(z)) NA else z), stringsAsFactors = FALSE, check.names = FALSE)))
    pop$Freq <- as.numeric(pop$Freq)
  } else stop("margin needs 'totals' or 'cells'")
  for (v in vars) {
    col <- df[[v]]
    if (is.null(col)) stop("margin variable not in data: ", v)
    if (is.factor(col)) pop[[v]] <- factor(as.character(pop[[v]]), levels = levels(col))
    else if (is.numeric(col)) pop[[v]] <- as.numeric(pop[[v]])
    else if (is.logical(col)) pop[[v]] <- as.logical(pop[[v]])
  }
  list(vars = vars, pop = pop[, c(vars, "Freq")])
}

achieved_margins <- function(des, margins_list) {
  lapply(margins_list, function(m) {
    tab <- svytable(mk_formula(m[["vars"]]), des)
    tdf <- as.data.frame(tab, stringsAsFactors = FALSE)
    key_t <- do.call(paste, c(lapply(m[["vars"]], function(v) as.character(tdf[[v]])), sep = "\r"))
    key_p <- do.call(paste, c(lapply(m[["vars"]], function(v) as.character(m[["pop"]][[v]])), sep = "\r"))
    got <- tdf$Freq[match(key_p, key_t)]
    list(vars = arr(m[["vars"]]), max_abs_diff = max(abs(got - m[["pop"]]$Freq)),
         cells = lapply(seq_len(nrow(m[["pop"]])), function(i) {
           r <- lapply(m[["vars"]], function(v) as.character(m[["pop"]][[v]][i])); names(r) <- m[["vars"]]
           c(r, list(target = m[["pop"]]$Freq[i], achieved = got[i]))
         }))
  })
}

apply_adjust <- function(a, designs, df) {
  from <- a[["from"]] %||% "base"
  des <- designs[[from]]
  if (is.null(des)) stop("adjust: unknown 'from' design ", from)
  method <- a[["method"]]
  info <- list(method = method, from = from)
  if (method == "rake") {
    ms <- lapply(a[["margins"]], margin_df, df = df)
    ctrl <- list(maxit = 10, epsilon = 1, verbose = FALSE)
    if (!is.null(a[["control"]])) for (k in names(a[["control"]])) ctrl[[k]] <- a[["control"]][[k]]
    info$control <- ctrl
    new <- rake(des, lapply(ms, function(m) mk_formula(m[["vars"]])), lapply(ms, `[[`, "pop"), control = ctrl)
    info$achieved <- achieved_margins(new, ms)
  } else if (method == "postStratify") {
    m <- margin_df(list(vars = a[["strata"]] %||% a[["vars"]], totals = a[["totals"]], cells = a[["cells"]]), df)
    new <- postStratify(des, mk_formula(m[["vars"]]), m[["pop"]], partial = isTRUE(a[["partial"]]))
    info$achieved <- achieved_margins(new, list(m))
  } else if (method == "calibrate") {
    calfun <- a[["calfun"]] %||% "linear"
    if (!is.null(a[["margins"]])) {
      ## categorical margins -> formula ~v1+v2+... with treatment-coded totals
      ms <- lapply(a[["margins"]], margin_df, df = df)
      if (any(vapply(ms, function(m) length(m[["vars"]]) != 1, TRUE)))
        stop("calibrate margins: only single-variable margins are supported; use formula+population")
      fml <- mk_formula(vapply(ms, `[[`, "", "vars"))
      pop <- c(`(Intercept)` = sum(ms[[1]]$pop$Freq))
      for (m in ms) {
        lv <- levels(df[[m[["vars"]]]]) %||% as.character(sort(unique(df[[m[["vars"]]]])))
        for (l in lv[-1]) pop[paste0(m[["vars"]], l)] <- m[["pop"]]$Freq[as.character(m[["pop"]][[m[["vars"]]]]) == l]
      }
    } else {
      fml <- as.formula(a[["formula"]], env = globalenv())
      pop <- unlist(a[["population"]])
    }
    mm_names <- colnames(model.matrix(fml, model.frame(fml, des$variables, na.action = na.pass)))
    if (!is.null(names(pop))) {
      miss <- setdiff(mm_names, names(pop))
      if (length(miss)) stop("calibrate population lacks: ", paste(miss, collapse = ", "),
                             " (model matrix columns: ", paste(mm_names, collapse = ", "), ")")
      pop <- pop[mm_names]
    }
    info$formula <- paste(deparse(fml), collapse = "")
    info$population <- as.list(pop)
    cargs <- list(design = des, formula = fml, population = pop, calfun = calfun)
    if (!is.null(a[["bounds"]])) cargs$bounds <- as.numeric(unlist(a[["bounds"]]))
    if (!is.null(a[["bounds_const"]])) cargs$bounds.const <- isTRUE(a[["bounds_const"]])
    if (!is.null(a[["maxit"]])) cargs$maxit <- a[["maxit"]]
    if (!is.null(a[["epsilon"]])) cargs$epsilon <- a[["epsilon"]]
    if (!is.null(a[["trim"]])) cargs$trim <- as.numeric(unlist(a[["trim"]]))
    if (!is.null(a[["force"]])) cargs$force <- isTRUE(a[["force"]])
    ## REP: calibrate.svyrep.design's default compress = NA fails ("missing value where
    ## TRUE/FALSE needed") on designs whose replicate weights are not compressed (svrepdesign()
    ## from columns); such specs pass "compress": false
    if (!is.null(a[["compress"]])) cargs$compress <- isTRUE(a[["compress"]])
    cl <- as.call(c(list(as.name("calibrate"), design = as.name("design")), cargs[-1]))
    new <- eval(cl, list(design = des, calibrate = calibrate))
    ## check achieved totals
    X <- model.matrix(fml, model.frame(fml, new$variables, na.action = na.pass))
    got <- colSums(X * full_weights(new))  # REP: the full-sample weights of a replicate design too
    info$achieved <- list(max_abs_diff = max(abs(got - pop)), totals = as.list(got))
  } else if (method == "svydesign") {
    ## REP: a second Taylor design on the same data (e.g. with or without fpc)
    new <- build_design(a[["design"]], df)
    info$call <- paste(deparse(new$call, width.cutoff = 500L), collapse = " ")
  } else if (method == "as.svrepdesign") {
    ## REP: replicate design from a Taylor design, R's own replicate weights
    if (!inherits(des, "survey.design2")) stop("as.svrepdesign: 'from' must be a Taylor design")
    args <- list(design = des, type = a[["type"]])
    if (!is.null(a[["fay_rho"]])) args$fay.rho <- a[["fay_rho"]]
    if (!is.null(a[["replicates"]])) args$replicates <- a[["replicates"]]
    if (!is.null(a[["compress"]])) args$compress <- isTRUE(a[["compress"]])
    args$mse <- isTRUE(a[["mse"]])
    info$type <- a[["type"]]
    info$args <- args[-1]
    if (!is.null(a[["seed"]])) {
      set.seed(a[["seed"]])
      info$seed <- a[["seed"]]; info$rng_kind <- arr(RNGkind())
    }
    new <- do.call(as.svrepdesign, args)
    if (a[["type"]] %in% c("BRR", "Fay")) {
      ## the matrix brrweights() takes: hadamard(number of PSU pairs, after any split of strata)
      b <- brrweights(des$strata[, 1], des$cluster[, 1], only.weights = FALSE)
      npairs <- max(b$wstrata)
      H <- survey:::hadamard(npairs)
      info$hadamard <- arr(apply(H, 1, paste, collapse = ""))
      info$hadamard_call <- sprintf("survey:::hadamard(%d)", npairs)
    }
  } else if (method == "svrepdesign") {
    ## REP: replicate design from replicate-weight columns of the data
    rw <- a[["repweights"]]
    cols <- if (is.list(rw) || length(rw) > 1) as_chr_vec(rw) else names(df)[grep(rw, names(df))]
    if (!length(cols)) stop("svrepdesign: no columns match ", rw)
    args <- list(data = df, repweights = df[, cols, drop = FALSE], type = a[["type"]],
                 combined.weights = !isFALSE(a[["combined_weights"]]))
    if (!is.null(a[["weights"]])) args$weights <- df[[a[["weights"]]]]
    if (!is.null(a[["scale"]])) args$scale <- as.numeric(a[["scale"]])
    if (!is.null(a[["rscales"]])) args$rscales <- as.numeric(unlist(a[["rscales"]]))
    if (!is.null(a[["rho"]])) args$rho <- as.numeric(a[["rho"]])
    if (!is.null(a[["fpc"]])) { args$fpc <- as.numeric(unlist(a[["fpc"]])); args$fpctype <- a[["fpctype"]] }
    args$mse <- isTRUE(a[["mse"]])
    info$type <- a[["type"]]
    info$repweights <- arr(cols)
    info$args <- args[setdiff(names(args), c("data", "repweights", "weights"))]
    new <- do.call(svrepdesign, args)
  } else stop("unknown adjust method: ", method)
  list(design = new, info = info)
}

## REP: replicate-design facts and the exported weights matrix
OUT_PREFIX <- NULL
write_repweights <- function(des, path) {
  W <- weights(des, "analysis")
  M <- cbind(full_weights(des), unname(as.matrix(W)))
  hdr <- paste(c("w", sprintf("rep%d", seq_len(ncol(W)))), collapse = ",")
  body <- apply(M, 1, function(row) paste(num_str(row), collapse = ","))
  con <- gzfile(path, "w")
  writeLines(c(hdr, body), con)
  close(con)
  unname(tools::md5sum(path))
}

rep_info <- function(des, name, export = TRUE) {
  W <- weights(des, "analysis")
  r <- list(type = des$type, scale = as.numeric(des$scale), rscales = arr(as.numeric(des$rscales)),
            mse = isTRUE(des$mse), rho = des$rho, combined_weights = isTRUE(des$combined.weights),
            nrep = ncol(W), degf = degf(des), rank = qr(W, tol = 1e-05)$rank,
            ## per replicate column: sum of w, sum of w^2, sum of w * row number (1-based)
            column_sums = list(sum = arr(unname(colSums(W))), sumsq = arr(unname(colSums(W^2))),
                               sum_rowno = arr(unname(colSums(W * seq_len(nrow(W)))))))
  if (!is.null(OUT_PREFIX) && export) {
    f <- paste0(OUT_PREFIX, ".", name, ".repw.csv.gz")
    md5 <- write_repweights(des, f)
    same <- names(WRITTEN)[WRITTEN == md5]
    if (length(same)) {  # identical to an earlier design's file (e.g. the mse variant): not kept twice
      file.remove(f); f <- same[1]
    } else WRITTEN[f] <<- md5
    r$weights_file <- basename(f)
    r$weights_md5 <- md5
  }
  r
}
WRITTEN <- character(0)

## REP: weights(d) of a replicate design is its replicate matrix; this is the full-sample vector
full_weights <- function(des) {
  if (!inherits(des, "svyrep.design")) return(weights(des))
  w <- weights(des, "sampling")
  if (is.data.frame(w)) w <- w[[1]]
  as.numeric(w)
}

design_info <- function(des, return_weights = FALSE, with_call = TRUE, name = "base", export = TRUE) {
  is_rep <- inherits(des, "svyrep.design")
  w <- full_weights(des)
  r <- list(n = nrow(des$variables), degf = degf(des), weights_summary = wsummary(w))
  if (with_call) r$call <- paste(deparse(des$call, width.cutoff = 500L), collapse = " ")
  if (return_weights) r$weights <- arr(unname(w))
  if (is_rep) r$replicate <- rep_info(des, name, export)  # REP
  r
}

## ------------------------------------------------------------------ domains
domain_expr <- function(dm) {
  if (is.null(dm)) return(NULL)
  if (!is.null(dm[["all"]])) return(paste0("(", vapply(dm[["all"]], domain_expr, ""), ")", collapse = " & "))
  if (!is.null(dm[["any"]])) return(paste0("(", vapply(dm[["any"]], domain_expr, ""), ")", collapse = " | "))
  v <- bq(dm[["var"]])
  lit <- function(z) if (is.character(z)) str_str(z) else num_str(z)
  if (!is.null(dm[["eq"]])) return(paste0(v, " == ", lit(dm[["eq"]])))
  if (!is.null(dm[["ne"]])) return(paste0(v, " != ", lit(dm[["ne"]])))
  if (!is.null(dm[["in"]])) return(paste0(v, " %in% c(", paste(vapply(dm[["in"]], lit, ""), collapse = ", "), ")"))
  if (!is.null(dm[["gt"]])) return(paste0(v, " > ", lit(dm[["gt"]])))
  if (!is.null(dm[["ge"]])) return(paste0(v, " >= ", lit(dm[["ge"]])))
  if (!is.null(dm[["lt"]])) return(paste0(v, " < ", lit(dm[["lt"]])))
  if (!is.null(dm[["le"]])) return(paste0(v, " <= ", lit(dm[["le"]])))
  if (isTRUE(dm[["is_na"]])) return(paste0("is.na(", v, ")"))
  if (isTRUE(dm[["not_na"]])) return(paste0("!is.na(", v, ")"))
  stop("bad domain spec")
}

apply_domain <- function(des, e) {
  expr <- e[["domain_r"]] %||% domain_expr(e[["domain"]])
  if (is.null(expr)) return(list(design = des, expr = NULL))
  r <- eval(parse(text = expr), des$variables, globalenv())
  r <- r & !is.na(r)
  ## identical to subset(des, <expr>): keeps the full design (zero weight outside the domain)
  list(design = des[r, ], expr = expr, n_domain = sum(r))
}

## ------------------------------------------------------------------ estimates
est_meantotal <- function(e, des, FUN) {
  vars <- as_chr_vec(e[["vars"]] %||% e[["var"]])
  na_rm <- isTRUE(e[["na_rm"]])
  conf <- e[["level"]] %||% 0.95
  df <- degf(des)
  want_deff <- isTRUE(e[["deff"]])
  one <- function(vv) {
    s <- if (want_deff) FUN(mk_formula(vv), des, na.rm = na_rm, deff = TRUE)
         else FUN(mk_formula(vv), des, na.rm = na_rm)
    list(est = coef(s), V = vcov(s), deff = if (want_deff) deff(s) else NULL)
  }
  if (isTRUE(e[["per_variable"]])) {
    parts <- lapply(vars, one)
    est <- unlist(lapply(parts, `[[`, "est"))
    se <- unlist(lapply(parts, function(p) sqrt(diag(as.matrix(p$V)))))
    dff <- if (want_deff) unlist(lapply(parts, function(p) unname(p$deff))) else NULL
    V <- NULL
  } else {
    p <- one(vars)
    est <- p$est; V <- as.matrix(p$V); se <- sqrt(diag(V)); dff <- if (want_deff) unname(p$deff) else NULL
  }
  sp <- split_names(names(est), vars, des$variables)
  extra <- if (want_deff) list(deff = dff) else list()
  res <- list(df = df, level = conf,
              rows = rows_table(est, se, names(est), sp$variable, sp$level, extra, conf, df))
  if (!is.null(V)) { dimnames(V) <- NULL; res$vcov <- V; res$vcov_names <- arr(names(est)) }
  res
}

est_svyby <- function(e, des) {
  vars <- as_chr_vec(e[["vars"]] %||% e[["var"]])
  if (isTRUE(e[["per_variable"]]) && length(vars) > 1) {
    ## one svyby call per variable (available cases per item instead of listwise deletion)
    parts <- lapply(vars, function(v) { e2 <- e; e2[["vars"]] <- list(v); e2[["per_variable"]] <- FALSE; est_svyby(e2, des) })
    res <- parts[[1]]
    res$rows <- do.call(c, lapply(parts, `[[`, "rows"))
    return(res)
  }
  by <- as_chr_vec(e[["by"]])
  fun <- switch(e[["fun"]] %||% "svymean", svymean = svymean, svytotal = svytotal,
                stop("svyby: fun must be svymean or svytotal"))
  na_rm <- isTRUE(e[["na_rm"]])
  conf <- e[["level"]] %||% 0.95
  df <- degf(des)
  b <- svyby(mk_formula(vars), mk_formula(by), des, fun, na.rm = na_rm, keep.var = TRUE,
             vartype = "se", drop.empty.groups = !isFALSE(e[["drop_empty_groups"]]))
  info <- attr(b, "svyby")
  nby <- length(by); ns <- info$nstats
  statn <- info$variables
  estm <- as.matrix(b[, nby + seq_len(ns), drop = FALSE])
  sem <- as.matrix(b[, nby + ns + seq_len(ns), drop = FALSE])
  sp <- split_names(statn, vars, des$variables)
  rows <- list()
  for (i in seq_len(nrow(b))) {
    grp <- lapply(by, function(v) as.character(b[[v]][i])); names(grp) <- by
    rr <- rows_table(estm[i, ], sem[i, ], statn, sp$variable, sp$level, list(), conf, df)
    for (j in seq_along(rr)) rows[[length(rows) + 1]] <- c(list(group = grp), rr[[j]])
  }
  list(df = df, level = conf, by = arr(by), rows = rows)
}

prop_formula <- function(e, df) {
  v <- e[["var"]]
  if (!is.null(e[["level_value"]])) {
    lit <- if (is.numeric(df[[v]])) num_str(as.numeric(e[["level_value"]])) else str_str(as.character(e[["level_value"]]))
    return(as.formula(paste0("~I(as.numeric(", bq(v), " == ", lit, "))"), env = globalenv()))
  }
  mk_formula(v)
}

est_svyciprop <- function(e, des) {
  f <- prop_formula(e, des$variables)
  conf <- e[["level"]] %||% 0.95
  method <- e[["method"]] %||% "logit"
  args <- list(formula = f, design = des, method = method, level = conf)
  if (!is.null(e[["df"]])) args$df <- e[["df"]]
  if (isTRUE(e[["na_rm"]])) args$na.rm <- TRUE
  p <- do.call(svyciprop, args)
  ci <- attr(p, "ci")
  list(method = method, level = conf, df = e[["df"]] %||% degf(des),
       estimate = unname(coef(p)), se = unname(sqrt(diag(as.matrix(attr(p, "var"))))),
       ci_low = unname(ci[1]), ci_high = unname(ci[2]))
}

est_svyttest <- function(e, des) {
  f <- if (!is.null(e[["formula"]])) as.formula(e[["formula"]], env = globalenv())
       else mk_formula(e[["group"]], lhs = bq(e[["var"]]))
  t <- svyttest(f, des)
  grp <- if (!is.null(e[["group"]])) var_levels(des$variables[[e[["group"]]]]) else NULL
  list(method = t$method, statistic = unname(t$statistic), df = unname(t$parameter),
       p_value = unname(t$p.value), estimate = unname(t$estimate),
       estimate_label = names(t$estimate),
       se = unname(t$estimate / t$statistic),
       ci_low = unname(t$conf.int[1]), ci_high = unname(t$conf.int[2]),
       contrast = if (!is.null(grp) && length(grp) == 2) paste0("mean[", e[["group"]], "==", grp[2], "] - mean[", e[["group"]], "==", grp[1], "]") else NULL)
}

table_cells <- function(tab) {
  tdf <- as.data.frame(tab, stringsAsFactors = FALSE)
  vn <- setdiff(names(tdf), "Freq")
  lapply(seq_len(nrow(tdf)), function(i) {
    r <- lapply(vn, function(v) as.character(tdf[[v]][i])); names(r) <- vn
    c(r, list(count = tdf$Freq[i]))
  })
}

est_svychisq <- function(e, des) {
  vars <- as_chr_vec(e[["vars"]])
  stat <- e[["statistic"]] %||% "F"
  t <- svychisq(mk_formula(vars), des, statistic = stat, na.rm = !isFALSE(e[["na_rm"]]))
  par <- as.list(t$parameter)
  list(method = t$method, statistic_type = stat, statistic_name = names(t$statistic),
       statistic = unname(t$statistic), parameter = par,
       p_value = unname(t$p.value),
       observed = table_cells(t$observed))
}

est_svyquantile <- function(e, des) {
  v <- e[["var"]]
  qs <- as.numeric(unlist(e[["quantiles"]] %||% 0.5))
  args <- list(x = mk_formula(v), design = des, quantiles = qs, ci = TRUE,
               na.rm = isTRUE(e[["na_rm"]]), alpha = e[["alpha"]] %||% 0.05)
  if (!is.null(e[["interval_type"]])) args$interval.type <- e[["interval_type"]]
  if (!is.null(e[["qrule"]])) args$qrule <- e[["qrule"]]
  if (!is.null(e[["df"]])) args$df <- e[["df"]]
  q <- do.call(svyquantile, args)
  m <- q[[1]]
  list(qrule = e[["qrule"]] %||% "math", interval_type = e[["interval_type"]] %||% "mean",
       alpha = args$alpha,
       rows = lapply(seq_along(qs), function(i)
         list(quantile = qs[i], estimate = unname(m[i, 1]), ci_low = unname(m[i, 2]),
              ci_high = unname(m[i, 3]), se = if (ncol(m) >= 4) unname(m[i, 4]) else NA_real_)))
}

est_svyratio <- function(e, des) {
  r <- svyratio(mk_formula(e[["numerator"]]), mk_formula(e[["denominator"]]), des, na.rm = isTRUE(e[["na_rm"]]))
  conf <- e[["level"]] %||% 0.95
  est <- as.vector(coef(r)); se <- as.vector(SE(r))
  c(list(df = degf(des), level = conf, estimate = est, se = se), ci_pair(est, se, conf, degf(des)))
}

get_family <- function(f) switch(f %||% "gaussian",
  gaussian = gaussian(), quasibinomial = quasibinomial(), binomial = binomial(),
  quasipoisson = quasipoisson(), poisson = poisson(), stop("unknown family ", f))

est_svyglm <- function(e, des) {
  f <- as.formula(e[["formula"]], env = globalenv())
  ## tight IRLS convergence by default (R's default is epsilon = 1e-8, maxit = 25)
  ctl <- list(epsilon = 1e-12, maxit = 100)
  if (!is.null(e[["control"]])) for (k in names(e[["control"]])) ctl[[k]] <- e[["control"]][[k]]
  ## svyglm re-evaluates its call, so pass evaluated values via do.call
  m <- do.call(svyglm, list(formula = f, design = des, family = get_family(e[["family"]]),
                            control = do.call(glm.control, ctl)))
  s <- summary(m)
  ct <- s$coefficients
  V <- vcov(m); dimnames(V) <- NULL
  list(family = e[["family"]] %||% "gaussian", control = ctl, converged = isTRUE(m[["converged"]]),
       df_residual = m[["df.residual"]], dispersion = unname(s$dispersion[1]),
       n = nobs(m),
       coefficients = lapply(seq_len(nrow(ct)), function(i)
         list(term = rownames(ct)[i], estimate = ct[i, 1], se = ct[i, 2], t = ct[i, 3], p_value = ct[i, 4])),
       vcov = V, vcov_names = arr(rownames(ct)))
}

est_svyolr <- function(e, des) {
  f <- as.formula(e[["formula"]], env = globalenv())
  ## tight optim() tolerance by default: with R's default (reltol ~1.5e-8) svyolr
  ## coefficients can be off in the 3rd-4th significant digit
  ctl <- list(reltol = 1e-14, maxit = 10000)
  if (!is.null(e[["control"]])) { ctl <- list(); for (k in names(e[["control"]])) ctl[[k]] <- e[["control"]][[k]] }
  olr_args <- list(formula = f, design = des, method = e[["method"]] %||% "logistic", control = ctl)
  start_note <- NULL
  if (identical(e[["start"]], "rescaled")) {
    ## REP: polr()'s own starting values fail with large whole-number weights (ACS: "attempt to
    ## find suitable starting values failed"); start from a polr fit with the full-sample
    ## weights rescaled to mean 1 (the estimates do not depend on the weights' scale)
    mf0 <- model.frame(des)
    w0 <- full_weights(des); w0 <- w0 / mean(w0)
    environment(f) <- environment()
    fit0 <- MASS::polr(f, data = mf0, weights = w0, method = e[["method"]] %||% "logistic", control = ctl)
    olr_args$start <- c(fit0$coefficients, fit0$zeta)
    start_note <- "start = coefficients and thresholds of MASS::polr(weights = w / mean(w))"
  }
  m <- do.call(svyolr, olr_args)
  V <- vcov(m)
  se <- sqrt(diag(V))
  beta <- m[["coefficients"]]; zeta <- m[["zeta"]]
  mk <- function(x) lapply(seq_along(x), function(i) {
    s <- unname(se[names(x)[i]])
    list(term = names(x)[i], estimate = unname(x[i]), se = s, t = unname(x[i]) / s)
  })
  Vm <- V; dimnames(Vm) <- NULL
  res <- list(method = e[["method"]] %||% "logistic", control = ctl, start = start_note, df_residual = m[["df.residual"]],
              coefficients = mk(beta), thresholds = mk(zeta), vcov = Vm, vcov_names = arr(rownames(V)))
  if (inherits(des, "svyrep.design")) {
    ## REP: svyolr.svyrep.design refits every replicate with polr's default control
    ## (reltol ~1.5e-8), which moves the SEs in the 4th digit.  The same svrVar() variance
    ## with `ctl` passed to every replicate refit, started at the full-sample fit as R does:
    mf <- model.frame(des)
    rw <- weights(des, "analysis")
    start <- c(m[["coefficients"]], m[["zeta"]])
    refit <- function(w) {
      environment(f) <- environment()
      fit <- MASS::polr(f, data = mf, Hess = FALSE, start = start, model = FALSE, weights = w,
                        method = e[["method"]] %||% "logistic", control = ctl)
      c(fit$coefficients, fit$zeta)
    }
    betas <- apply(rw, 2, refit)
    Vt <- svrVar(t(betas), des$scale, des$rscales, mse = des$mse, coef = start)
    Vt <- as.matrix(Vt); attributes(Vt) <- list(dim = dim(Vt))
    res$replicate_tight <- list(se = arr(sqrt(diag(Vt))), vcov = Vt,
                                note = "svrVar of replicate polr refits with the same tight control as the full fit")
  }
  res
}

## REP: contrast of two domain means: svyby(covmat = TRUE) then svycontrast, t on degf
est_svyby_contrast <- function(e, des) {
  v <- e[["var"]]; by <- e[["by"]]
  lv <- as_chr_vec(e[["levels"]])              # contrast = mean[lv[2]] - mean[lv[1]]
  conf <- e[["level"]] %||% 0.95
  b <- svyby(mk_formula(v), mk_formula(by), des, svymean, na.rm = isTRUE(e[["na_rm"]]), covmat = TRUE)
  est_g <- coef(b); V <- vcov(b)
  w <- setNames(rep(0, length(est_g)), names(est_g))
  if (!all(lv %in% names(w))) stop("svyby_contrast: levels ", paste(lv, collapse = ","), " not in ", paste(names(w), collapse = ","))
  w[lv[1]] <- -1; w[lv[2]] <- 1
  ct <- svycontrast(b, w)
  est <- as.numeric(coef(ct)); se <- as.numeric(SE(ct)); df <- degf(des)
  tt <- est / se
  Vm <- as.matrix(V); dimnames(Vm) <- NULL
  c(list(contrast = paste0("mean[", by, "==", lv[2], "] - mean[", by, "==", lv[1], "]"),
         df = df, level = conf, estimate = est, se = se, t = tt, p_value = 2 * pt(-abs(tt), df)),
    ci_pair(est, se, conf, df),
    list(groups = lapply(seq_along(est_g), function(i)
           list(group = names(est_g)[i], estimate = unname(est_g[i]), se = unname(sqrt(diag(Vm))[i]))),
         vcov = Vm, vcov_names = arr(names(est_g))))
}

est_svytable <- function(e, des) {
  tab <- svytable(mk_formula(as_chr_vec(e[["vars"]])), des)
  list(cells = table_cells(tab))
}

est_weights <- function(e, des) {
  w <- full_weights(des)
  r <- list(summary = wsummary(w))
  if (isTRUE(e[["return_weights"]])) r$weights <- arr(unname(w))
  r
}

run_estimate <- function(e, designs) {
  dname <- e[["design"]] %||% "base"
  des <- designs[[dname]]
  if (is.null(des)) stop("unknown design '", dname, "'")
  dm <- apply_domain(des, e)
  d <- dm[["design"]]
  res <- switch(e[["type"]],
    svymean = est_meantotal(e, d, svymean),
    svytotal = est_meantotal(e, d, svytotal),
    svyby = est_svyby(e, d),
    svyciprop = est_svyciprop(e, d),
    svyttest = est_svyttest(e, d),
    svychisq = est_svychisq(e, d),
    svyquantile = est_svyquantile(e, d),
    svyratio = est_svyratio(e, d),
    svyglm = est_svyglm(e, d),
    svyolr = est_svyolr(e, d),
    svyby_contrast = est_svyby_contrast(e, d),
    svytable = est_svytable(e, d),
    weights = est_weights(e, d),
    stop("unknown estimate type '", e[["type"]], "'"))
  list(res = res, domain = dm[["expr"]], n_domain = dm[["n_domain"]])
}

with_warnings <- function(expr) {
  warns <- character(0)
  val <- withCallingHandlers(expr, warning = function(w) {
    warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning")
  })
  list(value = val, warnings = warns)
}

## ------------------------------------------------------------------ main
main <- function(args) {
  if (length(args) < 2) {
    cat("usage: Rscript oracle.R spec.json out.json\n", file = stderr()); quit(status = 2)
  }
  spec_path <- normalizePath(args[1])
  spec <- fromJSON(spec_path, simplifyVector = FALSE)
  base_dir <- dirname(spec_path)
  if (!is.null(spec[["options"]])) do.call(options, spec[["options"]])
  ld <- load_data(spec, base_dir)
  df <- ld$df

  out <- list(oracle_format = ORACLE_FORMAT_VERSION,
              software = list(R = R.version.string, survey = as.character(packageVersion("survey")),
                              jsonlite = as.character(packageVersion("jsonlite")),
                              MASS = as.character(packageVersion("MASS"))),
              spec = basename(spec_path),
              data = list(file = basename(ld$path), md5 = ld$md5, nrow = nrow(df), ncol = ncol(df)),
              options = list(survey.lonely.psu = getOption("survey.lonely.psu"),
                             survey.adjust.domain.lonely = getOption("survey.adjust.domain.lonely")))

  OUT_PREFIX <<- sub("\\.out\\.json$", "", args[2])  # REP: <prefix>.<design>.repw.csv.gz
  designs <- list()
  dinfo <- list()
  w <- with_warnings(build_design(spec[["design"]], df))
  designs$base <- w$value
  dinfo$base <- c(design_info(designs$base, isTRUE(spec[["design"]]$return_weights)),
                  list(warnings = arr(w$warnings)))
  for (nm in names(spec[["adjust"]])) {
    a <- spec[["adjust"]][[nm]]
    r <- tryCatch(with_warnings(apply_adjust(a, designs, df)),
                  error = function(err) list(error = conditionMessage(err)))
    if (!is.null(r$error)) {
      dinfo[[nm]] <- list(ok = FALSE, method = a[["method"]], from = a[["from"]] %||% "base", error = r$error)
      if (!is.null(a[["expect_error"]])) {  # REP: a refusal R is expected to give
        dinfo[[nm]]$expect_error <- a[["expect_error"]]
        dinfo[[nm]]$expected_error_matched <- grepl(a[["expect_error"]], r$error)
      }
      next
    }
    designs[[nm]] <- r$value$design
    dinfo[[nm]] <- c(list(ok = TRUE), r$value$info,
                     list(converged = !any(grepl("converge", r$warnings, ignore.case = TRUE))),
                     design_info(r$value$design, isTRUE(a[["return_weights"]]), with_call = FALSE, name = nm,
                                 export = !isFALSE(a[["export_weights"]])),
                     list(warnings = arr(r$warnings)))
  }
  out$designs <- dinfo

  ## REP: estimate sets run on several designs, ids "<design>/<id>"
  estimates <- spec[["estimates"]]
  for (run in spec[["run"]]) {
    set <- spec[["estimate_sets"]][[run[["set"]]]]
    if (is.null(set)) stop("run: unknown estimate set ", run[["set"]])
    for (dn in as_chr_vec(run[["designs"]])) for (e in set) {
      e[["id"]] <- paste0(dn, "/", e[["id"]]); e[["design"]] <- dn
      estimates[[length(estimates) + 1]] <- e
    }
  }
  results <- list()
  for (i in seq_along(estimates)) {
    e <- estimates[[i]]
    id <- e[["id"]] %||% sprintf("e%03d", i)
    r <- tryCatch(with_warnings(run_estimate(e, designs)),
                  error = function(err) list(error = conditionMessage(err)))
    item <- list(id = id, type = e[["type"]], design = e[["design"]] %||% "base")
    if (!is.null(r$error)) {
      item$ok <- FALSE; item$error <- r$error
    } else {
      item$ok <- TRUE
      if (!is.null(r$value$domain)) { item$domain <- r$value$domain; item$n_domain <- r$value$n_domain }
      item$warnings <- arr(r$warnings)
      item$result <- r$value$res
    }
    results[[length(results) + 1]] <- item
  }
  out$results <- results
  con <- file(args[2], open = "w", encoding = "UTF-8")
  writeLines(to_json(out), con)
  close(con)
  nbad <- sum(!vapply(results, function(r) isTRUE(r$ok), TRUE))
  cat(sprintf("%s: %d estimates, %d failed -> %s\n", basename(spec_path), length(results), nbad, args[2]))
  invisible(nbad)
}

if (sys.nframe() == 0L) main(commandArgs(trailingOnly = TRUE))
