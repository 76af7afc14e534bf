# R survey 4.1-1: survey:::hadamard(n) for n = 1..140 and a few larger n, as
# "n,rows,cols,checksum" with checksum = sum(H * outer(1:rows, 1:cols)) (exact integers)
# and the first two rows as 0/1 strings. Run: Rscript hadamard.R > hadamard.csv
suppressMessages(library(survey))
cat("n,rows,cols,checksum,row1,row2\n")
for (n in c(1:140, 150, 160, 199, 200, 255, 256, 300, 400, 500)) {
  H <- survey:::hadamard(n)
  cs <- sum(H * outer(seq_len(nrow(H)), seq_len(ncol(H))))
  cat(n, nrow(H), ncol(H), format(cs, scientific = FALSE), paste(H[1, ], collapse = ""),
      paste(H[2, ], collapse = ""), sep = ",")
  cat("\n")
}
