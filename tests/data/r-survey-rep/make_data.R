#!/usr/bin/env Rscript
## make_data.R -- writes the CSVs of data/ (and data/schema.json) that the replicate-design
## specs read.  Deterministic: a re-run is byte-identical (seeded with set.seed, R's default
## RNG: Mersenne-Twister / Inversion / Rejection).
##
##   cd tests/data/r-survey-rep && Rscript make_data.R
##
## Sources: the API files of ../r-survey/data (real data shipped with R survey 4.1-1; identical
## to /work/shared/reference/r-survey/data), and survey's own `nhanes` and `scd` data sets.
## Every derived file keeps the original columns unchanged and in order, and appends columns:
##
##   apistrat_rep.csv  + mealcat, pair   (pair: consecutive schools within stype, in file order,
##                                        "E001".."E050", "H001".."H025", "M001".."M025")
##   apiclus1_rep.csv  + mealcat, jk1_1..jk1_15 (R's JK1 analysis weights of ids=~dnum, weights=~pw),
##                       boot_1..boot_50 (R's bootstrap analysis weights of the same design,
##                       set.seed(20240617) then as.svrepdesign(type="bootstrap", replicates=50))
##   apiclus2_rep.csv  + mealcat, dpair  (dpair: the 40 districts in increasing dnum, paired
##                                        consecutively: "P01".."P20")
##   apisrs_rep.csv    + mealcat, sdr_1..sdr_80 (successive-difference replicate weights:
##                       pw * f[i, r], see sdr_factors(); rows in the order of (cnum, snum))
##   nhanes.csv          survey::nhanes unchanged (NHANES 2009-2010; SDMVSTRA 86 has 3 PSUs)
##   scd_rep.csv         survey::scd + pw (= 1, equal probability) + brr_1..brr_4 (the BRR replicate columns of ?svrepdesign,
##                       Levy and Lemeshow: 2 * cbind(c(1,0,1,0,1,0), ...), factors: combined.weights=FALSE)
##                       + fay_1..fay_4 (their Fay version, rho = 0.5: 0.5 + 0.5 * brr_r, i.e. 1.5 / 0.5)
##   sdr_hadamard80.csv  the 80 x 80 Hadamard matrix (+-1, no header) of sdr_factors()
##   mu284.csv, hospital.csv, fpc.csv, lp_unemp_clus.csv  copied unchanged from ../r-survey/data
##   acs_synthetic.csv   synthetic, ACS-shaped: 2,000 persons, PWGTP and PWGTP1..PWGTP80 whole
##                       numbers (successive-difference replicates), see make_acs()
##
## mealcat = cut(meals, c(0, 25, 50, 75, 100), include.lowest = TRUE) with levels
## "0-25", "26-50", "51-75", "76-100" (meals are whole percentages; include.lowest keeps the
## schools with meals = 0 that the oracle's plain cut() turns into NA).

suppressPackageStartupMessages({ library(survey); library(jsonlite) })

script_dir <- local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f)) dirname(normalizePath(f)) else getwd()
})
src_dir <- file.path(script_dir, "..", "r-survey", "data")
out_dir <- file.path(script_dir, "data")
dir.create(out_dir, showWarnings = FALSE)
source(file.path(script_dir, "oracle_rep.R"))   # load_data(), num_str(); main() does not run

schema_out <- list()

## the CSV conventions of the oracle's data/ (export_datasets.R): UTF-8, only text quoted,
## missing = empty field, doubles as the shortest of 15-17 significant digits that round-trips
write_csv_exact <- function(df, name) {
  df <- as.data.frame(df, stringsAsFactors = FALSE)
  sch <- list()
  quote_cols <- integer(0)
  for (j in seq_along(df)) {
    nm <- names(df)[j]
    x <- df[[j]]
    if (!is.null(dim(x))) x <- as.vector(x)
    sch[[nm]] <- if (is.factor(x)) list(type = "factor", levels = levels(x), ordered = is.ordered(x))
                 else if (is.logical(x)) list(type = "logical")
                 else if (is.integer(x)) list(type = "integer")
                 else if (is.double(x)) list(type = "double")
                 else list(type = "string")
    if (is.factor(x)) x <- as.character(x)
    if (is.logical(x)) x <- ifelse(x, "TRUE", "FALSE")
    if (is.double(x)) { s <- rep(NA_character_, length(x)); ok <- !is.na(x); s[ok] <- num_str(x[ok]); x <- s }
    else if (is.integer(x)) x <- ifelse(is.na(x), NA_character_, as.character(x))
    else { x <- as.character(x); quote_cols <- c(quote_cols, j) }
    df[[j]] <- x
  }
  path <- file.path(out_dir, paste0(name, ".csv"))
  con <- file(path, open = "w", encoding = "UTF-8")
  write.table(df, con, sep = ",", row.names = FALSE, col.names = TRUE,
              quote = if (length(quote_cols)) quote_cols else FALSE,
              na = "", qmethod = "double", fileEncoding = "UTF-8")
  close(con)
  schema_out[[name]] <<- sch
  cat(sprintf("wrote %-22s %5d x %-3d %s\n", basename(path), nrow(df), ncol(df), unname(tools::md5sum(path))))
}

read_api <- function(name) load_data(list(data = file.path(src_dir, paste0(name, ".csv"))), script_dir)$df

mealcat <- function(meals) cut(meals, c(0, 25, 50, 75, 100), include.lowest = TRUE,
                               labels = c("0-25", "26-50", "51-75", "76-100"), ordered_result = TRUE)

## successive-difference replicate factors (Fay and Train 1995, as the ACS): unit i (in sort
## order) gets rows a = ((i-1) mod R) + 1 and b = (i mod R) + 1 of an R x R Hadamard matrix
## H (entries +-1), and f[i, r] = 1 + 2^(-3/2) * (H[a, r] - H[b, r]), i.e. 1 or 1 +- 0.7071.
## H = 2 * survey:::hadamard(R - 1) - 1 (R = 80: an 80 x 80 Hadamard matrix).
sdr_factors <- function(n, R = 80) {
  H <- 2 * survey:::hadamard(R - 1) - 1
  stopifnot(nrow(H) == R, ncol(H) == R, all(crossprod(H) == R * diag(R)))
  i <- seq_len(n)
  a <- ((i - 1) %% R) + 1
  b <- (i %% R) + 1
  1 + 2^(-3 / 2) * (H[a, , drop = FALSE] - H[b, , drop = FALSE])
}

## ------------------------------------------------------------------ apistrat
apistrat <- read_api("apistrat")
apistrat$mealcat <- mealcat(apistrat$meals)
k <- ave(seq_len(nrow(apistrat)), apistrat$stype, FUN = seq_along)
apistrat$pair <- sprintf("%s%03d", as.character(apistrat$stype), (k + 1) %/% 2)
stopifnot(all(table(apistrat$pair) == 2))
write_csv_exact(apistrat, "apistrat_rep")

## ------------------------------------------------------------------ apiclus1
apiclus1 <- read_api("apiclus1")
apiclus1$mealcat <- mealcat(apiclus1$meals)
d1 <- svydesign(ids = ~dnum, weights = ~pw, data = apiclus1)
jk1 <- weights(as.svrepdesign(d1, type = "JK1"), "analysis")
for (r in seq_len(ncol(jk1))) apiclus1[[paste0("jk1_", r)]] <- unname(jk1[, r])
set.seed(20240617)
boot <- weights(as.svrepdesign(d1, type = "bootstrap", replicates = 50), "analysis")
for (r in seq_len(ncol(boot))) apiclus1[[paste0("boot_", r)]] <- unname(boot[, r])
write_csv_exact(apiclus1, "apiclus1_rep")

## ------------------------------------------------------------------ apiclus2
apiclus2 <- read_api("apiclus2")
apiclus2$mealcat <- mealcat(apiclus2$meals)
ud <- sort(unique(apiclus2$dnum))
stopifnot(length(ud) == 40)
apiclus2$dpair <- sprintf("P%02d", (match(apiclus2$dnum, ud) + 1) %/% 2)
write_csv_exact(apiclus2, "apiclus2_rep")

## ------------------------------------------------------------------ apisrs
apisrs <- read_api("apisrs")
apisrs$mealcat <- mealcat(apisrs$meals)
ord <- order(apisrs$cnum, apisrs$snum)
f <- matrix(NA_real_, nrow(apisrs), 80)
f[ord, ] <- sdr_factors(nrow(apisrs), 80)
for (r in 1:80) apisrs[[paste0("sdr_", r)]] <- apisrs$pw * f[, r]
write_csv_exact(apisrs, "apisrs_rep")

## ------------------------------------------------------------------ nhanes, scd
data(nhanes, package = "survey")
write_csv_exact(nhanes, "nhanes")
data(scd, package = "survey")
scd_rw <- 2 * cbind(c(1, 0, 1, 0, 1, 0), c(1, 0, 0, 1, 0, 1), c(0, 1, 1, 0, 0, 1), c(0, 1, 0, 1, 1, 0))
scd$pw <- 1
for (r in 1:4) scd[[paste0("brr_", r)]] <- scd_rw[, r]
for (r in 1:4) scd[[paste0("fay_", r)]] <- 0.5 + 0.5 * scd_rw[, r]   # Fay rho = 0.5: factors 1.5 / 0.5
write_csv_exact(scd, "scd_rep")

## ------------------------------------------------------------------ ACS-shaped synthetic file
## 2,000 persons in 12 regions (sorted by region, then a random within-region order, as the
## ACS sorts by geography before assigning successive-difference rows).  PWGTP: whole
## numbers, log-normal around 90, higher for young men (under-coverage); PWGTP1..80 =
## round(PWGTP * f[i, r]) with the factors of sdr_factors() (1, or 1 +- 0.7071).
make_acs <- function(n = 2000, seed = 20240617) {
  set.seed(seed)
  region <- sort(sample(1:12, n, replace = TRUE, prob = c(14, 12, 11, 10, 9, 9, 8, 7, 6, 5, 5, 4)))
  sex <- sample(c("Male", "Female"), n, replace = TRUE, prob = c(0.47, 0.53))
  agep <- pmin(94L, 18L + as.integer(floor(rgamma(n, shape = 2.2, scale = 13))))
  z_ed <- rnorm(n) + 0.15 * (region %% 3) - 0.01 * (agep - 45)
  educ <- cut(z_ed, c(-Inf, -1.1, 0, 0.8, Inf), labels = c("Less than HS", "HS", "Some college", "Bachelor+"))
  p_emp <- plogis(1.2 - 0.0009 * (agep - 40)^2 + 0.35 * as.integer(educ) - 0.3 * (sex == "Female"))
  employed <- as.integer(runif(n) < p_emp)
  hours <- ifelse(employed == 1, pmin(80L, pmax(4L, as.integer(round(rnorm(n, 38, 10))))), NA_integer_)
  wagp <- ifelse(employed == 1,
                 round(exp(rnorm(n, 9.6 + 0.25 * as.integer(educ) + 0.01 * pmin(agep, 55), 0.7)) * hours / 40, -2),
                 NA_real_)
  z_h <- rnorm(n) - 0.02 * (agep - 45) + 0.2 * as.integer(educ) + 0.3 * employed
  health <- cut(z_h, c(-Inf, -1.6, -0.6, 0.4, 1.3, Inf),
                labels = c("Poor", "Fair", "Good", "Very good", "Excellent"), ordered_result = TRUE)
  base <- exp(rnorm(n, log(90), 0.55)) * ifelse(sex == "Male" & agep < 35, 1.6, 1) * (1 + region / 24)
  PWGTP <- as.integer(pmin(900, pmax(3, round(base))))
  df <- data.frame(SERIALNO = sprintf("2023GQ%07d", seq_len(n)),
                   region = factor(sprintf("R%02d", region), levels = sprintf("R%02d", 1:12)),
                   sex = factor(sex, levels = c("Male", "Female")),
                   agep = agep, educ = educ, employed = employed, hours = hours, wagp = wagp,
                   health = health, PWGTP = PWGTP, stringsAsFactors = FALSE)
  f <- sdr_factors(n, 80)
  for (r in 1:80) df[[paste0("PWGTP", r)]] <- as.integer(round(PWGTP * f[, r]))
  df
}
acs <- make_acs()
write_csv_exact(acs, "acs_synthetic")

## ------------------------------------------------------------------ small real designs, unchanged
## mu284 (two-stage, Swedish municipalities), hospital (stratified, Levy & Lemeshow), fpc (the
## Stata manual's artificial stratified cluster sample) and lp_unemp_clus (one stratum, two
## clusters), copied from ../r-survey/data as they are: designs the replicate code was not
## written against (odd numbers of PSUs per stratum, fpc at two stages, two clusters only).
for (nm in c("mu284", "hospital", "fpc", "lp_unemp_clus")) write_csv_exact(read_api(nm), nm)

## the Hadamard matrix of sdr_factors(), for checking the replicate columns (entries +-1)
H80 <- 2 * survey:::hadamard(79) - 1
con <- file(file.path(out_dir, "sdr_hadamard80.csv"), "w")
writeLines(apply(H80, 1, paste, collapse = ","), con)
close(con)
cat("wrote sdr_hadamard80.csv\n")

con <- file(file.path(out_dir, "schema.json"), "w", encoding = "UTF-8")
writeLines(toJSON(schema_out, auto_unbox = TRUE, pretty = TRUE), con)
close(con)
cat("wrote schema.json\n")
