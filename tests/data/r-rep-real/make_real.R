# Reference values for replicate-weight designs on files shaped as agencies publish them
# (tests/test_replicate_real.py; PROVENANCE.md says where each shape comes from).
#   cd tests/data/r-rep-real && Rscript make_real.R    # writes the three CSV files and real_ref.json
# Data are synthetic and seeded (R's default RNG); a re-run is byte-identical.
suppressMessages({library(survey); library(jsonlite)})
set.seed(20261207)
out <- list(R = R.version.string, survey = as.character(packageVersion("survey")))
rnd <- function(x) round(x)

## 1. ACS PUMS person file merged with its housing file (psam_p50 + psam_h50, joined on SERIALNO)
nh <- 45
hh <- data.frame(SERIALNO = c(sprintf("2023HU%07d", seq_len(nh - 5) * 37L), sprintf("2023GQ%07d", 1:5 * 11L)),
                 stringsAsFactors = FALSE)
gq <- grepl("GQ", hh$SERIALNO)
hh$WGTP <- ifelse(gq, 0L, as.integer(sample(8:90, nh, TRUE)))
hh$NP <- ifelse(gq, 1L, as.integer(sample(1:4, nh, TRUE, prob = c(.3, .35, .2, .15))))
hh$TEN <- ifelse(gq, NA, as.integer(sample(1:4, nh, TRUE, prob = c(.4, .25, .3, .05))))
hh$HINCP <- ifelse(gq, NA, rnd(rlnorm(nh, 11, .7)))
sdr <- function(w, k) {  # successive-difference-like: w * (1 +- 2^-1/2), a few cells negative
  f <- matrix(sample(c(1 - 2^-0.5, 1, 1 + 2^-0.5), length(w) * k, TRUE), length(w), k)
  m <- rnd(w * f)
  m[sample(length(m), max(1, length(m) %/% 200))] <- -sample(1:6, 1)
  m[w == 0, ] <- 0L
  m
}
hw <- sdr(hh$WGTP, 80); colnames(hw) <- paste0("WGTP", 1:80)
persons <- do.call(rbind, lapply(seq_len(nh), function(i) data.frame(SERIALNO = hh$SERIALNO[i], SPORDER = seq_len(hh$NP[i]))))
np <- nrow(persons)
p <- data.frame(RT = "P", SERIALNO = persons$SERIALNO, DIVISION = 1L, SPORDER = sprintf("%02d", persons$SPORDER),
                PUMA = sample(c("00100", "00200", "00300"), np, TRUE), REGION = 1L, ST = "50", ADJINC = 1019518L,
                PWGTP = as.integer(sample(5:120, np, TRUE)), AGEP = as.integer(sample(0:90, np, TRUE)),
                SEX = as.integer(sample(1:2, np, TRUE)), stringsAsFactors = FALSE)
p$WAGP <- ifelse(p$AGEP < 15, NA, ifelse(runif(np) < .3, 0L, rnd(rlnorm(np, 10.3, .8))))
pw <- sdr(p$PWGTP, 80); colnames(pw) <- paste0("PWGTP", 1:80)
merged <- cbind(p, pw, hh[match(p$SERIALNO, hh$SERIALNO), c("WGTP", "NP", "TEN", "HINCP")], hw[match(p$SERIALNO, hh$SERIALNO), ])
write.csv(merged, "acs_merged.csv", row.names = FALSE, quote = FALSE, na = "")  # as the Census: no quotes, blanks

a <- read.csv("acs_merged.csv", colClasses = c(SERIALNO = "character", SPORDER = "character", PUMA = "character", ST = "character"))
dp <- svrepdesign(data = a, weights = ~PWGTP, repweights = "^PWGTP[0-9]+$", type = "successive-difference", mse = TRUE)
est <- function(x) list(estimate = unname(coef(x)), se = unname(SE(x)))
out$acs_person <- list(
  degf = degf(dp), negative_cells = sum(as.matrix(a[, paste0("PWGTP", 1:80)]) < 0),
  mean_wagp = est(svymean(~WAGP, dp, na.rm = TRUE)),
  total_agep = est(svytotal(~AGEP, dp)),
  by_puma_wagp = est(svyby(~WAGP, ~PUMA, dp, svymean, na.rm = TRUE)),
  ratio_wagp_agep = {r <- svyratio(~WAGP, ~AGEP, subset(dp, !is.na(WAGP))); list(estimate = unname(coef(r)), se = unname(SE(r)))})
heads <- a[a$SPORDER == "01", ]  # one row per housing unit (GQ units: weight 0)
dh <- svrepdesign(data = heads, weights = ~WGTP, repweights = "^WGTP[0-9]+$", type = "ACS", mse = TRUE)
out$acs_housing <- list(rows = nrow(heads), degf = degf(dh),
  mean_hincp = est(svymean(~HINCP, dh, na.rm = TRUE)), total_np = est(svytotal(~NP, dh)))
# what R's grep makes of the unanchored pattern: PWGTP1..80 and WGTP1..80, 160 replicates of one design
dw <- svrepdesign(data = heads, weights = ~WGTP, repweights = "WGTP[0-9]+", type = "ACS", mse = TRUE)
out$acs_housing$unanchored <- list(replicates = ncol(dw$repweights), mean_hincp = est(svymean(~HINCP, dw, na.rm = TRUE)))

## 2. CPS ASEC person file with its replicate-weight file (pppub + repwgt: PWWGT0 is the full-sample weight)
n <- 150
cps <- data.frame(PERIDNUM = sprintf("%022.0f", 1e20 + seq_len(n) * 7919), A_SEX = as.integer(sample(1:2, n, TRUE)),
                  PTOTVAL = ifelse(runif(n) < .1, 0, rnd(rlnorm(n, 10.4, 1))), MARSUPWT = rnd(runif(n, 40000, 400000)))
cw <- rnd(cps$MARSUPWT * matrix(runif(n * 160, .3, 1.7), n, 160)); colnames(cw) <- paste0("PWWGT", 1:160)
cps <- cbind(cps, PWWGT0 = cps$MARSUPWT, cw)
write.csv(cps, "cps_asec.csv", row.names = FALSE, quote = FALSE)
c1 <- read.csv("cps_asec.csv", colClasses = c(PERIDNUM = "character"))
dc <- svrepdesign(data = c1, weights = ~MARSUPWT, repweights = "^PWWGT[1-9][0-9]*$", type = "successive-difference", mse = TRUE)
d0 <- svrepdesign(data = c1, weights = ~MARSUPWT, repweights = "^PWWGT[0-9]+$", type = "successive-difference", mse = TRUE)
out$cps <- list(replicates = ncol(dc$repweights), mean_ptotval = est(svymean(~PTOTVAL, dc)),
  by_sex_ptotval = est(svyby(~PTOTVAL, ~A_SEX, dc, svymean)),
  with_pwwgt0 = list(replicates = ncol(d0$repweights), mean_ptotval = est(svymean(~PTOTVAL, d0))))

## 3. RECS 2015 as an R user exports it (write.csv: quoted text, NA written "NA"); Fay BRR, rho 0.5
n <- 320
recs <- data.frame(DOEID = 10000L + seq_len(n), Region = sample(c("Northeast", "Midwest", "South", "West"), n, TRUE),
                   HousingUnitType = sample(c("Mobile home", "Single-family detached", "Apartment: 5 or more units"), n, TRUE, prob = c(.1, .65, .25)),
                   TOTSQFT_EN = rnd(rlnorm(n, 7.4, .5)), stringsAsFactors = FALSE)
recs$DOLLAREL <- round(400 + 0.4 * recs$TOTSQFT_EN + rnorm(n, 0, 300) + 250 * (recs$Region == "South"), 2)
recs$WinterTempNight <- ifelse(runif(n) < .08, NA, rnd(rnorm(n, 68, 3)))
recs$NWEIGHT <- round(runif(n, 5000, 40000), 4)
h <- sample(1:48, n, TRUE); half <- sample(c(-1, 1), n, TRUE)
sgn <- matrix(sample(c(-1, 1), 48 * 96, TRUE), 48, 96)
fay <- ifelse(sgn[h, ] == half, 1.5, 0.5) * (1 + matrix(rnorm(n * 96, 0, .01), n, 96))
bw <- round(recs$NWEIGHT * fay, 4); colnames(bw) <- paste0("BRRWT", 1:96)
recs <- cbind(recs, bw)
write.csv(recs, "recs_shaped.csv", row.names = FALSE)
r1 <- read.csv("recs_shaped.csv")
dr <- svrepdesign(data = r1, weights = ~NWEIGHT, repweights = "BRRWT[0-9]+", type = "Fay", rho = 0.5, mse = TRUE)
g <- svyglm(DOLLAREL ~ TOTSQFT_EN + Region, dr)
ch <- svychisq(~Region + HousingUnitType, dr)
q <- svyquantile(~DOLLAREL, dr, c(.25, .5))
cp <- svyciprop(~I(Region == "South"), dr, method = "logit")
out$recs <- list(scale = dr$scale, degf = degf(dr),
  mean_dollarel = est(svymean(~DOLLAREL, dr)), mean_tempnite = est(svymean(~WinterTempNight, dr, na.rm = TRUE)),
  by_region_dollarel = est(svyby(~DOLLAREL, ~Region, dr, svymean)),
  quantile_dollarel = list(estimate = unname(q$DOLLAREL[, 1]), se = unname(SE(q)), low = unname(q$DOLLAREL[, 2]), high = unname(q$DOLLAREL[, 3])),
  ratio = {r <- svyratio(~DOLLAREL, ~TOTSQFT_EN, dr); list(estimate = unname(coef(r)), se = unname(SE(r)))},
  ciprop_south = list(estimate = as.numeric(cp), ci = unname(as.vector(attr(cp, "ci")))),
  chisq = list(F = unname(ch$statistic), ndf = unname(ch$parameter[1]), ddf = unname(ch$parameter[2]), p = unname(ch$p.value)),
  glm = list(coef = unname(coef(g)), se = unname(SE(g))))
## 4. MEPS full-year file merged with its BRR file (h201 + h36_2017 on DUPERSID, PANEL): BRR1..128 are
## half-sample flags 0/1 of the (VARSTR, VARPSU) pairs; the replicate weights are PERWT17F x 2 x flag
n <- 240
meps <- data.frame(DUPERSID = sprintf("%010.0f", 2290001101 + seq_len(n) * 1013), PANEL = sample(21:22, n, TRUE),
                   VARSTR = sample(2001:2060, n, TRUE), VARPSU = sample(1:2, n, TRUE),
                   PERWT17F = round(runif(n, 800, 40000), 6), TOTEXP17 = ifelse(runif(n) < .15, 0, rnd(rlnorm(n, 7.5, 1.4))))
hs <- matrix(sample(0:1, 60 * 128, TRUE), 60, 128)
flags <- hs[meps$VARSTR - 2000, ]
flags[meps$VARPSU == 2, ] <- 1L - flags[meps$VARPSU == 2, ]
colnames(flags) <- paste0("BRR", 1:128)
meps <- cbind(meps, flags)
write.csv(meps, "meps_brr.csv", row.names = FALSE, quote = FALSE)
m1 <- read.csv("meps_brr.csv", colClasses = c(DUPERSID = "character"))
fl <- as.matrix(m1[, paste0("BRR", 1:128)])
dm <- svrepdesign(data = m1, weights = ~PERWT17F, repweights = 2 * fl, combined.weights = FALSE, type = "BRR")
dflag <- svrepdesign(data = m1, weights = ~PERWT17F, repweights = fl, combined.weights = FALSE, type = "BRR")
out$meps <- list(total_totexp = est(svytotal(~TOTEXP17, dm)), mean_totexp = est(svymean(~TOTEXP17, dm)),
  flags_as_factors = list(total_totexp = est(svytotal(~TOTEXP17, dflag)), mean_totexp = est(svymean(~TOTEXP17, dflag))))

## 5. CHIS adult file: RAKEDW0 is the full-sample weight, RAKEDW1..80 the replicates (jackknife,
## used as type "other", scale 1, rscales 1, mse TRUE); R users match them with "RAKEDW[1-9]"
n <- 200
chis <- data.frame(PUF1Y_ID = sprintf("%06d", seq_len(n) * 13L), SRAGE_P1 = as.integer(sample(18:85, n, TRUE)),
                   SRSEX = sample(1:2, n, TRUE), AB1 = sample(1:5, n, TRUE, prob = c(.2, .3, .3, .15, .05)),
                   RAKEDW0 = round(runif(n, 500, 60000), 2))
grp <- sample(1:80, n, TRUE)
cr <- sapply(1:80, function(k) round(ifelse(grp == k, 0, chis$RAKEDW0 * 80 / 79 * (1 + rnorm(n, 0, .02))), 2))
colnames(cr) <- paste0("RAKEDW", 1:80)
chis <- cbind(chis, cr)
write.csv(chis, "chis_adult.csv", row.names = FALSE, quote = FALSE)
c2 <- read.csv("chis_adult.csv", colClasses = c(PUF1Y_ID = "character"))
dch <- svrepdesign(data = c2, weights = ~RAKEDW0, repweights = "RAKEDW[1-9]", type = "other", scale = 1, rscales = 1, mse = TRUE)
out$chis <- list(replicates = ncol(dch$repweights), degf = degf(dch), mean_age = est(svymean(~SRAGE_P1, dch)),
  health = est(svymean(~factor(AB1), dch)), by_sex_age = est(svyby(~SRAGE_P1, ~SRSEX, dch, svymean)))

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "real_ref.json")
