# R 4.2.2, survey 4.1-1: svyolr.svyrep.design refits the replicates without method= (always
# logistic). Output, recorded in README ("Where surveykit departs from R"):
#                  avg.ed (-1,25]|(25,50] (25,50]|(50,75] (50,75]|(75,101]
# svyolr_rep1   -2.613266       -8.708341       -6.771812        -5.228071
# polr_probit   -1.310709       -4.424292       -3.359049        -2.510537
# polr_logistic -2.613266       -8.708341       -6.771812        -5.228071
suppressMessages(library(survey)); data(api)
d <- as.svrepdesign(svydesign(ids = ~dnum, weights = ~pw, data = apiclus1), type = "JK1")
d <- update(d, mealcat = cut(meals, c(-1, 25, 50, 75, 101), ordered_result = TRUE))
f <- svyolr(mealcat ~ avg.ed, d, method = "probit", return.replicates = TRUE)
w <- weights(d, "analysis")[, 1]; df <- model.frame(d)
p <- MASS::polr(mealcat ~ avg.ed, data = df, weights = w, method = "probit", start = c(coef(f)))
l <- MASS::polr(mealcat ~ avg.ed, data = df, weights = w, method = "logistic", start = c(coef(f)))
print(rbind(svyolr_rep1 = f$replicates[1, ], polr_probit = c(p$coefficients, p$zeta), polr_logistic = c(l$coefficients, l$zeta)))
