# R reference for tests/test_r_exam_formulas.py: design-based regressions on the Exam data of
# mlmRev (London school examination scores, 65 schools of very unequal sizes), as a two-stage
# stratified sample with fpc. Run from the repository root: Rscript tests/data/r-exam/exam.R
suppressMessages({library(survey); library(jsonlite)})
data(Exam, package = "mlmRev")
d <- Exam
n1 <- ave(as.numeric(d$school), d$schgend, FUN = function(x) length(unique(x)))
d$N1 <- n1 * 10                                  # 1 school in 10 sampled per stratum
n2 <- ave(rep(1, nrow(d)), d$school, FUN = sum)
d$N2 <- n2 * 4                                   # 1 pupil in 4 within a school
d$pw <- (d$N1 / n1) * (d$N2 / n2)
d$vr <- factor(d$vr, ordered = FALSE)
d$intake <- factor(d$intake, ordered = FALSE)
d$student <- as.integer(as.character(d$student))
d$school <- as.integer(as.character(d$school))
dir <- "tests/data/r-exam"
write.csv(d[, c("school", "student", "schgend", "normexam", "standLRT", "vr", "intake", "sex",
                "N1", "N2", "pw")], file.path(dir, "exam.csv"), row.names = FALSE)
des <- svydesign(ids = ~school + student, strata = ~schgend, fpc = ~N1 + N2, weights = ~pw, nest = TRUE,
                 data = d)
fit <- function(f) {
  g <- svyglm(as.formula(f), des)
  mm <- model.matrix(g)
  s <- coef(summary(g))
  list(formula = f, columns = colnames(mm), rank = qr(mm)$rank,
       names = rownames(s), estimate = unname(s[, 1]), std_error = unname(s[, 2]),
       df = g$df.residual)
}
forms <- c("normexam ~ standLRT:sex", "normexam ~ vr + vr:sex", "normexam ~ sex + standLRT:vr",
           "normexam ~ vr*sex - vr", "normexam ~ 0 + vr:sex", "normexam ~ vr/sex",
           "normexam ~ sex:standLRT + vr",
           # interactions without their lower-order terms: R's matrix is collinear (rank < columns;
           # svyglm reports the aliased coefficients as NA)
           "normexam ~ vr:intake", "normexam ~ standLRT + vr:sex",
           "normexam ~ vr:sex + standLRT:sex", "normexam ~ vr + vr:sex:intake")
out <- list(R = R.version.string, survey = as.character(packageVersion("survey")),
            mlmRev = as.character(packageVersion("mlmRev")), fits = lapply(forms, fit))
write_json(out, file.path(dir, "exam.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
