#!/usr/bin/env bash
# Writes the IBM Watson Telco Customer Churn data (7,043 customers, 1,869 churners) to OUT_DIR in two forms:
#   wa_churn.csv   modeldata's cleaned copy as it is (snake_case columns, some yes/no as 0/1,
#                  total_charges blank for 11 rows)
#   telco_raw.csv  our re-creation of the original Kaggle/IBM file's format from that copy: customerID
#                  (made up: modeldata drops the real ids), the original column names and order,
#                  Yes/No and Female/Male text, and a single space in TotalCharges where it is missing.
# The source is Debian's r-cran-modeldata package (data set `wa_churn`), fetched with apt, so no web
# download is needed. The data never belongs in the repository: OUT_DIR must lie outside it.
# Usage: scripts/public-data/telco.sh OUT_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out=$(mkdir -p "$1" && cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/../.." && pwd)
case "$out/" in
  "$repo"/*) echo "$0: OUT_DIR ($out) is inside the repository; public data stays outside it." >&2; exit 2 ;;
esac

if ! command -v Rscript >/dev/null; then
  echo "Rscript is missing; installing r-base-core" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq r-base-core >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt-get download writes into the current directory; as root it cannot drop to _apt there, which is harmless.
if ! (cd "$work" && apt-get download -q r-cran-modeldata >/dev/null 2>&1); then
  apt-get update -qq
  (cd "$work" && apt-get download -q r-cran-modeldata >/dev/null)
fi
deb=$(ls "$work"/r-cran-modeldata_*.deb)
dpkg -x "$deb" "$work/x"
echo "source: $(basename "$deb")"

Rscript --vanilla - "$work/x/usr/lib/R/site-library/modeldata/data/Rdata" "$out" <<'R'
args <- commandArgs(trailingOnly = TRUE)
e <- new.env()
invisible(lazyLoad(args[1], envir = e))
d <- as.data.frame(e$wa_churn)
stopifnot(nrow(d) == 7043, sum(d$churn == "Yes") == 1869, sum(is.na(d$total_charges)) == 11)
write.csv(d, file.path(args[2], "wa_churn.csv"), row.names = FALSE, na = "")

yes_no <- function(x) ifelse(x == 1, "Yes", "No")
# Made-up ids in the original's shape (4 digits, a dash, 5 capitals), fixed by the seed, unique.
set.seed(7043)
ids <- character(0)
while (length(ids) < nrow(d)) {
  n <- nrow(d) - length(ids)
  more <- sprintf("%04d-%s", sample(0:9999, n, replace = TRUE),
                  vapply(seq_len(n), function(i) paste(sample(LETTERS, 5, replace = TRUE), collapse = ""), ""))
  ids <- unique(c(ids, more))
}
raw <- data.frame(
  customerID = ids,
  gender = ifelse(d$female == 1, "Female", "Male"),
  SeniorCitizen = d$senior_citizen,            # 0/1 in the original too
  Partner = yes_no(d$partner),
  Dependents = yes_no(d$dependents),
  tenure = d$tenure,
  PhoneService = yes_no(d$phone_service),
  MultipleLines = d$multiple_lines,
  InternetService = d$internet_service,
  OnlineSecurity = d$online_security,
  OnlineBackup = d$online_backup,
  DeviceProtection = d$device_protection,
  TechSupport = d$tech_support,
  StreamingTV = d$streaming_tv,
  StreamingMovies = d$streaming_movies,
  Contract = d$contract,
  PaperlessBilling = yes_no(d$paperless_billing),
  PaymentMethod = d$payment_method,
  MonthlyCharges = d$monthly_charges,
  TotalCharges = ifelse(is.na(d$total_charges), " ", format(d$total_charges, trim = TRUE, drop0trailing = TRUE)),
  Churn = d$churn,
  stringsAsFactors = FALSE)
# Unquoted, as the original is (no field holds a comma).
write.csv(raw, file.path(args[2], "telco_raw.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("rows %d, churners %d, TotalCharges missing %d\n", nrow(raw), sum(raw$Churn == "Yes"), sum(raw$TotalCharges == " ")))
R
(cd "$out" && sha256sum wa_churn.csv telco_raw.csv)
