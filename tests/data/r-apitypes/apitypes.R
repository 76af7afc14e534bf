# Calibration and raking on columns whose names are not syntactic R names (backticked in the
# formula), as R survey 4.1 names their model-matrix columns. Run from the repository root:
#   Rscript tests/data/r-apitypes/apitypes.R
suppressPackageStartupMessages({library(survey); library(jsonlite)})
d <- read.csv("tests/data/r-survey/data/apiclus1.csv", stringsAsFactors = TRUE)
names(d)[names(d) == "stype"] <- "site type"
names(d)[names(d) == "sch.wide"] <- "sch wide"
names(d)[names(d) == "api99"] <- "a-b"
names(d)[names(d) == "api00"] <- "q 1"
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = d, fpc = ~fpc)
out <- list()
stat <- function(x) list(estimate = unname(coef(x)), se = unname(SE(x)))

# ?calibrate's ~stype + api99 with the renamed columns
f1 <- ~`site type` + `a-b`
pop1 <- c(`(Intercept)` = 6194, `\`site type\`H` = 755, `\`site type\`M` = 1018, `\`a-b\`` = 3914069)
stopifnot(identical(colnames(model.matrix(f1, d)), names(pop1)))
c1 <- calibrate(dclus1, f1, pop1)
out$linear <- c(list(formula = "~`site type` + `a-b`", names = names(pop1), population = unname(pop1)),
                stat(svymean(~`q 1`, c1)), list(weights = unname(weights(c1))))

# an interaction of two such factors: R's names and order of its columns
f2 <- ~`site type` * `sch wide`
mm <- model.matrix(f2, d)
pop2 <- round(colSums(mm * weights(dclus1)) * c(1, 1.1, 0.9, 1.05, 1, 1.2))
c2 <- calibrate(dclus1, f2, pop2)
out$interaction <- c(list(formula = "~`site type` * `sch wide`", names = colnames(mm), population = unname(pop2)),
                     stat(svymean(~`q 1`, c2)))

# (R's rake() cannot take such names: it rebuilds ~site type without the backticks, a parse error)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "tests/data/r-apitypes/apitypes.json")
