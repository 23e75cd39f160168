#!/usr/bin/env bash
# Times `redline diff` on two unrelated texts of about 1 MB each (issue 3): the diff must
# stay within its work budget and fall back, finishing in well under 2 seconds on a
# release build. The texts are generated deterministically (a seeded generator), so every
# run compares the same inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
gen() { # seed, file: ~1 MB of words, one paragraph per 40 words
  awk -v seed="$1" 'BEGIN {
    split("court defendant vacate conviction offense victim trafficking shall may motion prosecutor hearing record section subsection evidence relief person petition judgment order notice time period apply file grant deny", w, " ");
    x = seed; n = 0; out = "";
    while (n < 1048576) {
      x = (x * 1103515245 + 12345) % 2147483648;
      word = w[1 + int(x / 65536) % 27];
      out = out word (++k % 40 == 0 ? ".\n" : " ");
      if (length(out) > 65536) { printf "%s", out; n += length(out); out = "" }
    }
    printf "%s\n", out }' > "$2"
}
gen 1 "$dir/a.txt"
gen 2 "$dir/b.txt"
ls -l "$dir/a.txt" "$dir/b.txt" | awk '{print $5, $NF}'
start=$(date +%s%N)
./target/release/redline diff "$dir/a.txt" "$dir/b.txt" --format json > "$dir/out.json"
end=$(date +%s%N)
fallback=$(grep -o '"fallback": [a-z]*' "$dir/out.json")
awk -v ns="$((end - start))" -v f="$fallback" 'BEGIN { printf "redline diff of two unrelated 1 MB texts: %.2f s (%s)\n", ns / 1e9, f }'
