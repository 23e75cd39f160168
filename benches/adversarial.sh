#!/usr/bin/env bash
# Times `redline` on adversarial inputs that once took seconds to minutes, and measures
# peak memory against 20x the input. Every case is generated here, in a temporary
# directory, so nothing large is committed. The cases of quadratic work (issue 10, item 4)
# must finish in under 1 s; every case must stay within 20x its input's size above the
# program's fixed cost (the peak on a one-sentence statute, measured first), which a small
# input cannot amortize. The script exits 1 when a case does not.
#
#   benches/adversarial.sh              # all cases
#   benches/adversarial.sh sections     # the cases whose name contains "sections"
#
# Needs GNU time (/usr/bin/time) for peak memory; without it only times are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/redline"
only=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sentence="(a) A person convicted of prostitution may file a motion to vacate the conviction if the person's participation in the offense was a result of having been a victim of human trafficking."
# rep N TEXT: TEXT (with printf escapes) N times.
rep() { awk -v n="$1" -v t="$2" 'BEGIN { gsub(/\\n/, "\n", t); for (i = 0; i < n; i++) printf "%s", t }'; }
clause="A person convicted of prostitution may file a motion to vacate the conviction as a result of having been a victim of human trafficking, "

# long_sentence: one 243 KB sentence with no ';' or '.' after a qualifying provision.
{
    echo "$sentence"
    printf '(b) the person may file a motion'
    rep 3300 ' and the victim may apply for relief and the person may file a motion'
    echo
} >"$work/long_sentence.txt"
# single_line: a 4 MB text on one line.
rep 29630 "$clause" >"$work/single_line.txt"
echo >>"$work/single_line.txt"
# enumerators: 100,000 lines of `(a) a` after a qualifying provision.
{ echo "$sentence"; rep 100000 '(a) a\n'; } >"$work/enumerators.txt"
# dense: 8 MB of enumerators on long lines.
rep 77000 '(a) (b) (c) (d) (e) (f) (g) (h) (i) (j) (k) (l) (m) (n) (o) (p) (q) (r) (s) (t) (u) (v) (w) (x) (y) (z)\n' >"$work/dense.txt"
# sections: 4,000 qualifying sections that cite one another.
for i in $(seq 1 4000); do
    printf '§ 1-%d. Vacatur.\n(a) A person convicted of prostitution may file a motion to vacate the conviction if the person was a victim of human trafficking, as provided in § 1-%d.\n\n' "$i" $((i % 4000 + 1))
done >"$work/sections.txt"
# frontmatter: 25,000 unknown front-matter keys (refused: over the 64 KiB block limit),
# and 4,000 (accepted, warned about 20 at a time).
for n in 25000 4000; do
    {
        echo "+++"
        for i in $(seq 0 $((n - 1))); do echo "key$i = \"v\""; done
        echo "+++"
        echo "$sentence"
    } >"$work/frontmatter_$n.txt"
done
# many: 400 amendments inserting at one anchor.
echo "$sentence" >"$work/anchor_base.txt"
{
    printf 'title = "many"\nbase = "anchor_base.txt"\n'
    for i in $(seq 0 399); do
        printf '[[amendment]]\nid = "a%d"\ntitle = "a%d"\n[[amendment.op]]\nafter = "victim of human trafficking"\ninsert = " (w%d)"\n\n' "$i" "$i" "$i"
    done
} >"$work/many.toml"
# max: exactly the 32 MiB input limit of real statute text.
rep 180000 "$sentence\n" | head -c $((32 * 1024 * 1024)) >"$work/max.txt" || true

# name|seconds allowed|memory allowed, x input|command|inputs ("-": no limit). A proposal's
# report grows with its amendments (each scored on every category), so its memory is
# reported but not held to 20x the proposal's bytes.
cases=(
    "long_sentence|1|20|score|$work/long_sentence.txt"
    "single_line|1|20|score|$work/single_line.txt"
    "enumerators|1|20|score|$work/enumerators.txt"
    "sections|1|20|score|$work/sections.txt"
    "frontmatter_25k|1|20|score|$work/frontmatter_25000.txt"
    "frontmatter_4k|1|20|score|$work/frontmatter_4000.txt"
    "many_amendments|1|-|diff|$work/many.toml"
    "dense_outline|-|20|outline|$work/dense.txt"
    "dense_score|-|20|score|$work/dense.txt"
    "max_size|-|20|score|$work/max.txt"
    "max_budget|-|20|diff --max-tokens 16777216 --max-edits 1000000|$work/anchor_base.txt $work/single_line.txt"
)

fixed=0
if [ -x /usr/bin/time ]; then
    fixed=$(/usr/bin/time -f %M "$bin" score "$work/anchor_base.txt" 2>&1 >/dev/null | tail -n 1)
    echo "fixed cost (peak on a one-sentence statute): $((fixed / 1024)) MiB"
fi
printf '%-16s %10s %8s %6s %9s %8s %6s %5s  %s\n' case "input KiB" seconds limit "peak MiB" "x input" limit exit verdict
status=0
for c in "${cases[@]}"; do
    IFS='|' read -r name limit mem_limit cmd files <<<"$c"
    if [ -n "$only" ] && [[ $name != *"$only"* ]]; then continue; fi
    # shellcheck disable=SC2086
    bytes=$(cat $files | wc -c)
    start=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
        # shellcheck disable=SC2086
        peak=$(/usr/bin/time -f "%M %x" timeout "${CAP:-60}" "$bin" $cmd $files 2>&1 >/dev/null | tail -n 1 || true)
        code=${peak#* }
        peak=${peak%% *}
    else
        # shellcheck disable=SC2086
        code=0
        timeout "${CAP:-60}" "$bin" $cmd $files >/dev/null 2>&1 || code=$?
        peak=""
    fi
    end=$(date +%s%N)
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    verdict=ok
    if [ "$limit" != "-" ] && awk -v s="$secs" -v l="$limit" 'BEGIN { exit !(s >= l) }'; then
        verdict="SLOW"
        status=1
    fi
    if [[ $peak =~ ^[0-9]+$ ]]; then
        # Memory above the fixed cost, per byte of input.
        ratio=$(awk -v p="$peak" -v f="$fixed" -v b="$bytes" 'BEGIN { printf "%.1f", (p - f) * 1024 / b }')
        if [ "$mem_limit" != "-" ] && awk -v p="$peak" -v f="$fixed" -v b="$bytes" -v l="$mem_limit" 'BEGIN { exit !((p - f) * 1024 > l * b) }'; then
            verdict="$verdict MEMORY"
            status=1
        fi
        peak_mib=$(awk -v p="$peak" 'BEGIN { printf "%.1f", p / 1024 }')
    else
        ratio="?"
        peak_mib="?"
    fi
    printf '%-16s %10d %8s %6s %9s %8s %6s %5s  %s\n' "$name" $((bytes / 1024)) "$secs" "$limit" "$peak_mib" "$ratio" "$mem_limit" "$code" "$verdict"
done
exit $status
