#!/usr/bin/env bash
# Times `redline diff` against `git diff --no-index --word-diff` on the same pairs and
# prints the ratio (redline / git; at most 1.0 is the goal), and redline's peak memory
# against 20x the combined input size (checked on the code titles: on a small statute the
# fixed cost of the program and its compiled rubric, about 8 MiB, dominates). Both commands write to /dev/null; git's exit
# status 1 (differences found) is normal.
#
#   benches/compare.sh            # 15 runs of each command per pair, medians compared
#   RUNS=31 benches/compare.sh    # more runs on a noisy machine
#
# Pairs: the Connecticut statute (2016 -> 2021) and the District of Columbia Code titles
# 16 and 1 (2021-10-18 -> 2024-10-20) from ../shared/large/dc-code (or $REDLINE_LARGE).
# Runs alternate between the two commands so that a change in machine load affects both.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
large=${REDLINE_LARGE:-../shared/large}
cargo build --release --quiet
bin=./target/release/redline

now_ns() { date +%s%N; }
# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Peak resident memory of a command in KiB, from GNU time when it is installed.
peak_kib() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
    else
        echo "?"
    fi
}

pairs=("CT 54-95c 2016 -> 2021|statutes/CT/54-95c@2016.txt|statutes/CT/54-95c@2021.txt")
for t in 16 1; do
    a="$large/dc-code/2021-10-18/title-$t.txt"
    b="$large/dc-code/2024-10-20/title-$t.txt"
    if [ -f "$a" ] && [ -f "$b" ]; then
        pairs+=("DC Code title $t 2021 -> 2024|$a|$b")
    else
        echo "skipping DC title $t: $a or $b not found (set REDLINE_LARGE)" >&2
    fi
done

printf '%-30s %12s %12s %7s %14s %14s\n' pair "redline ms" "git ms" ratio "peak MiB" "20x input MiB"
status=0
for p in "${pairs[@]}"; do
    IFS='|' read -r name a b <<<"$p"
    # A warm-up run of each (file cache, page tables).
    "$bin" diff "$a" "$b" >/dev/null
    git diff --no-index --word-diff "$a" "$b" >/dev/null || [ $? -eq 1 ]
    r_times=()
    g_times=()
    for _ in $(seq "$runs"); do
        t0=$(now_ns)
        "$bin" diff "$a" "$b" >/dev/null
        t1=$(now_ns)
        git diff --no-index --word-diff "$a" "$b" >/dev/null || [ $? -eq 1 ]
        t2=$(now_ns)
        r_times+=($((t1 - t0)))
        g_times+=($((t2 - t1)))
    done
    r=$(printf '%s\n' "${r_times[@]}" | median)
    g=$(printf '%s\n' "${g_times[@]}" | median)
    peak=$(peak_kib "$bin" diff "$a" "$b")
    input=$(($(wc -c <"$a") + $(wc -c <"$b")))
    line=$(awk -v r="$r" -v g="$g" -v peak="$peak" -v input="$input" -v name="$name" 'BEGIN {
        ratio = r / g
        limit = 20 * input / 1048576
        mem = (peak == "?") ? "?" : sprintf("%.1f", peak / 1024)
        printf "%-30s %12.1f %12.1f %7.2f %14s %14.1f", name, r / 1e6, g / 1e6, ratio, mem, limit
        if (name ~ /^DC/ && ratio > 1.0) printf "  (ratio over 1.0)"
        if (name ~ /^DC/ && peak != "?" && peak * 1024 > 20 * input) printf "  (memory over 20x)"
    }')
    echo "$line"
    case "$line" in *"over"*) status=1 ;; esac
done
exit "$status"
