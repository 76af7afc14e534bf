# The survey calls that gtsummary's tbl_svysummary() + add_ci() + add_p() (+ add_q()) make,
# made directly with R survey (gtsummary itself is not installable here). See PROVENANCE.md.
# Run from this folder: Rscript gtsummary_calls.R  -> gtsummary_reference.json
suppressPackageStartupMessages({library(survey); library(jsonlite)})
options(survey.lonely.psu = "fail")
data_dir <- file.path("..", "r-survey", "data")
read_api <- function(name) {
  d <- read.csv(file.path(data_dir, paste0(name, ".csv")), stringsAsFactors = FALSE)
  for (v in c("stype", "sch.wide", "comp.imp", "both", "awards", "yr.rnd")) {
    lev <- if (v == "stype") c("E", "H", "M") else c("No", "Yes")
    d[[v]] <- factor(d[[v]], levels = lev)
  }
  d
}
designs <- list(
  apiclus1 = svydesign(id = ~dnum, weights = ~pw, data = read_api("apiclus1"), fpc = ~fpc),
  apistrat = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = read_api("apistrat"), fpc = ~fpc)
)

# tbl_svysummary(design, by = by, include = c(<categorical>, <continuous>),
#                statistic = all_continuous() ~ "{mean} ({sd})") |>
#   add_ci() |> add_p(test = list(all_continuous() ~ <t / Wald>, all_categorical() ~ "svy.chisq.test")) |>
#   add_q(method = "holm" or "fdr")
one_table <- function(d, by, categorical, continuous) {
  full_df <- degf(d)
  by_levels <- levels(d$variables[[by]])
  cells <- list(); tests <- list()
  for (v in categorical) {
    for (g in by_levels) {
      sub <- eval(bquote(subset(d, .(as.name(by)) == .(g))))       # cardx: subset(data, by == level)
      m <- svymean(as.formula(paste0("~", v)), sub, na.rm = TRUE)   # the weighted column percent {p}
      for (lv in levels(d$variables[[v]])) {
        f <- as.formula(paste0("~I(", v, " == '", lv, "')"))
        ci_gts <- svyciprop(f, sub, method = "logit", level = 0.95, df = full_df)   # add_ci: svyprop.logit, df = degf(design)
        ci_dom <- svyciprop(f, sub, method = "logit", level = 0.95)                 # survey's default df: degf(subset)
        nm <- paste0(v, lv)
        cells[[length(cells) + 1]] <- list(
          variable = v, group = g, level = lv, estimate = unname(coef(m)[nm]), std_error = unname(SE(m)[nm]),
          conf_low_gtsummary = unname(attr(ci_gts, "ci")[1]), conf_high_gtsummary = unname(attr(ci_gts, "ci")[2]),
          conf_low_domain = unname(attr(ci_dom, "ci")[1]), conf_high_domain = unname(attr(ci_dom, "ci")[2]),
          df_domain = degf(sub), df_design = full_df,
          n = sum(sub$variables[[v]][weights(sub, "sampling") != 0] == lv, na.rm = TRUE),  # {n_unweighted}
          n_base = sum(!is.na(sub$variables[[v]][weights(sub, "sampling") != 0])),        # {N_unweighted}
          weighted_n = unname(svytotal(as.formula(paste0("~I(", v, " == '", lv, "')")), sub)[2]))
      }
    }
    t <- svychisq(as.formula(paste0("~", v, " + ", by)), d, statistic = "F")   # svy.chisq.test
    tests[[length(tests) + 1]] <- list(variable = v, kind = "categorical", test = "svychisq F", statistic = unname(t$statistic),
                                       ndf = unname(t$parameter[1]), ddf = unname(t$parameter[2]), p_value = unname(t$p.value))
  }
  for (v in continuous) {
    for (g in by_levels) {
      sub <- eval(bquote(subset(d, .(as.name(by)) == .(g))))
      m <- svymean(as.formula(paste0("~", v)), sub, na.rm = TRUE)    # add_ci: svymean
      ci_gts <- confint(m, level = 0.95, df = full_df)
      ci_dom <- confint(m, level = 0.95, df = degf(sub))
      cells[[length(cells) + 1]] <- list(
        variable = v, group = g, level = NA, estimate = unname(coef(m)), std_error = as.numeric(SE(m)),
        conf_low_gtsummary = ci_gts[1], conf_high_gtsummary = ci_gts[2],
        conf_low_domain = ci_dom[1], conf_high_domain = ci_dom[2], df_domain = degf(sub), df_design = full_df,
        n = sum(!is.na(sub$variables[[v]][weights(sub, "sampling") != 0])),
        n_base = sum(!is.na(sub$variables[[v]][weights(sub, "sampling") != 0])), weighted_n = NA)
    }
    if (length(by_levels) == 2) {
      t <- svyttest(as.formula(paste0(v, " ~ ", by)), d)            # svy.t.test
      tests[[length(tests) + 1]] <- list(variable = v, kind = "continuous", test = "svyttest", statistic = unname(t$statistic)^2,
                                         ndf = 1, ddf = unname(t$parameter), p_value = unname(t$p.value))
    } else {
      fit <- svyglm(as.formula(paste0(v, " ~ ", by)), d)             # design-based Wald test of the group means
      t <- regTermTest(fit, as.formula(paste0("~", by)), method = "Wald")
      tests[[length(tests) + 1]] <- list(variable = v, kind = "continuous", test = "regTermTest Wald", statistic = as.numeric(t$Ftest),
                                         ndf = unname(t$df), ddf = unname(t$ddf), p_value = as.numeric(t$p))
    }
  }
  p <- sapply(tests, function(x) x$p_value)
  holm <- p.adjust(p, "holm"); fdr <- p.adjust(p, "fdr")                            # add_q(method = ...)
  for (i in seq_along(tests)) { tests[[i]]$p_holm <- holm[i]; tests[[i]]$p_bh <- fdr[i] }
  # the same adjustments within the categorical and within the continuous rows (one table per kind)
  kinds <- sapply(tests, function(x) x$kind)
  for (k in unique(kinds)) {
    i <- which(kinds == k)
    h <- p.adjust(p[i], "holm"); b <- p.adjust(p[i], "fdr")
    for (j in seq_along(i)) { tests[[i[j]]]$p_holm_kind <- h[j]; tests[[i[j]]]$p_bh_kind <- b[j] }
  }
  list(by = by, degf = full_df, cells = cells, tests = tests)
}

# tbl_svysummary(d, by = col, include = row, percent = "row"/"column"/"cell") + add_p(): a crosstab
crosstab <- function(d, row, col) {
  out <- list()
  for (pct in c("row", "column", "cell")) {
    for (r in levels(d$variables[[row]])) for (cc in levels(d$variables[[col]])) {
      f <- as.formula(paste0("~I(", row, " == '", r, "' & ", col, " == '", cc, "')"))
      sub <- switch(pct,
        row = eval(bquote(subset(d, .(as.name(row)) == .(r)))),
        column = eval(bquote(subset(d, .(as.name(col)) == .(cc)))),
        cell = d)
      ci <- svyciprop(f, sub, method = "logit", level = 0.95)
      m <- svymean(f, sub)
      out[[length(out) + 1]] <- list(percent = pct, row = r, col = cc, estimate = unname(coef(m)[2]),
                                     n_base = sum(weights(sub, "sampling") != 0 & !is.na(sub$variables[[row]]) &
                                                  !is.na(sub$variables[[col]])),
                                     std_error = unname(SE(m)[2]), conf_low = unname(attr(ci, "ci")[1]),
                                     conf_high = unname(attr(ci, "ci")[2]))
    }
  }
  t <- svychisq(as.formula(paste0("~", row, " + ", col)), d, statistic = "F")
  list(row = row, col = col, cells = out,
       test = list(statistic = unname(t$statistic), ndf = unname(t$parameter[1]), ddf = unname(t$parameter[2]),
                   p_value = unname(t$p.value)))
}

ref <- list(
  r_version = R.version.string, survey_version = as.character(packageVersion("survey")),
  apiclus1_by_both = one_table(designs$apiclus1, "both", c("stype", "awards", "sch.wide"), c("api00", "api99")),
  apistrat_by_stype = one_table(designs$apistrat, "stype", c("awards", "comp.imp", "sch.wide"), c("api00", "api99")),
  apiclus1_crosstab = crosstab(designs$apiclus1, "stype", "awards")
)
writeLines(toJSON(ref, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), "gtsummary_reference.json")
