#!/usr/bin/env bash
# One grant by function: the difference of two callgrind.sh outputs over N.
#
#   bench/auth-token/cgdiff.sh CG_DIR/cg.DB.GRANT.0.out CG_DIR/cg.DB.GRANT.out [N] [ROWS]
#   EXCLUSIVE=1 bench/auth-token/cgdiff.sh …        # self cost instead of inclusive
#
# Runs callgrind_annotate on both (inclusive unless EXCLUSIVE is set) and prints, per
# function, (instructions of the N-grant run − those of the 0-grant run) / N, largest
# first: what callgrind.sh's one number is made of.
set -euo pipefail
base="$1"; full="$2"; n="${3:-100}"; rows="${4:-60}"
inclusive=yes; if [ -n "${EXCLUSIVE:-}" ]; then inclusive=no; fi
table() {
  callgrind_annotate --inclusive="$inclusive" --threshold=100 "$1" |
    awk '/PROGRAM TOTALS/ { next } match($0, /^ *[0-9,]+ \([ 0-9.]+%\) +/) {
      v = substr($0, 1, RLENGTH); sub(/ \(.*/, "", v); gsub(/[ ,]/, "", v)
      print substr($0, RLENGTH + 1) "\t" v }'
}
join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 <(table "$base" | sort -t $'\t' -k1,1) <(table "$full" | sort -t $'\t' -k1,1) |
  awk -F '\t' -v n="$n" '{ printf "%12d  %s\n", ($3 - $2) / n, $1 }' | sort -rn | head -n "$rows"
