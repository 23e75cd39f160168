#!/usr/bin/env bash
# Times `redline diff` against `git diff --no-index --word-diff` on the same pairs and
# prints, for each, the ratio (redline / git; issue 15 asks at most 1.0 on DC titles 16
# and 1) and redline's peak memory per MB of combined input (at most 4 MiB on title 1).
# Then a scaling row (title 16 concatenated 1x, 2x, 4x, 8x: redline's time per MB at 8x
# should be within 15% of 1x) and the proposal path (benches/dc16-10.toml, ten
# one-operation amendments, on title 16: under 1 s). Both commands write to /dev/null;
# git's exit status 1 (differences found) is normal.
#
#   benches/compare.sh            # 15 runs of each command per pair, medians compared
#   RUNS=31 benches/compare.sh    # more runs on a noisy machine
#   REDLINE_BIN=path/to/redline benches/compare.sh   # another build (a starting figure)
#
# Pairs: the Connecticut statute (2016 -> 2021) and the District of Columbia Code titles
# 1, 7, 16, 22, 23 and 47 (2021-10-18 -> 2024-10-20) from ../shared/large/dc-code (or
# $REDLINE_LARGE). Runs alternate between the two commands so that a change in machine
# load affects both. The exit status is 1 when a goal above is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
large=${REDLINE_LARGE:-../shared/large}
if [ -n "${REDLINE_BIN:-}" ]; then
    bin=$REDLINE_BIN
else
    cargo build --release --quiet
    bin=./target/release/redline
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

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

# Median wall time in ns of `redline diff A B` and of git's word diff, alternating.
# Sets r and g.
time_pair() {
    local a=$1 b=$2 r_times=() g_times=() t0 t1 t2
    "$bin" diff "$a" "$b" >/dev/null
    git diff --no-index --word-diff "$a" "$b" >/dev/null || [ $? -eq 1 ]
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
}

pairs=("CT 54-95c 2016 -> 2021|statutes/CT/54-95c@2016.txt|statutes/CT/54-95c@2021.txt")
for t in 1 7 16 22 23 47; do
    a="$large/dc-code/2021-10-18/title-$t.txt"
    b="$large/dc-code/2024-10-20/title-$t.txt"
    if [ -f "$a" ] && [ -f "$b" ]; then
        pairs+=("DC Code title $t 2021 -> 2024|$a|$b")
    else
        echo "skipping DC title $t: $a or $b not found (set REDLINE_LARGE)" >&2
    fi
done

status=0
printf '%-30s %9s %12s %12s %7s %9s %11s\n' pair "input MB" "redline ms" "git ms" ratio "peak MiB" "MiB per MB"
for p in "${pairs[@]}"; do
    IFS='|' read -r name a b <<<"$p"
    time_pair "$a" "$b"
    peak=$(peak_kib "$bin" diff "$a" "$b")
    input=$(($(wc -c <"$a") + $(wc -c <"$b")))
    line=$(awk -v r="$r" -v g="$g" -v peak="$peak" -v input="$input" -v name="$name" 'BEGIN {
        ratio = r / g
        mb = input / 1048576
        mem = (peak == "?") ? "?" : sprintf("%.1f", peak / 1024)
        per = (peak == "?") ? "?" : sprintf("%.2f", peak / 1024 / mb)
        printf "%-30s %9.2f %12.1f %12.1f %7.2f %9s %11s", name, mb, r / 1e6, g / 1e6, ratio, mem, per
        goal = (name ~ /title (16|1) /)
        if (goal && ratio > 1.0) printf "  (ratio over 1.0)"
        if (name ~ /title 1 / && peak != "?" && peak / 1024 / mb > 4) printf "  (memory over 4 MiB per MB)"
    }')
    echo "$line"
    case "$line" in *"over"*) status=1 ;; esac
done

# Scaling: title 16 concatenated k times on both sides.
a16="$large/dc-code/2021-10-18/title-16.txt"
b16="$large/dc-code/2024-10-20/title-16.txt"
if [ -f "$a16" ] && [ -f "$b16" ]; then
    echo
    printf '%-30s %9s %12s %12s %12s\n' "scaling (title 16 x k)" "input MB" "redline ms" "ms per MB" "git ms"
    base_per=""
    for k in 1 2 4 8; do
        : >"$tmp/a.txt"
        : >"$tmp/b.txt"
        for _ in $(seq "$k"); do
            cat "$a16" >>"$tmp/a.txt"
            cat "$b16" >>"$tmp/b.txt"
        done
        time_pair "$tmp/a.txt" "$tmp/b.txt"
        input=$(($(wc -c <"$tmp/a.txt") + $(wc -c <"$tmp/b.txt")))
        per=$(awk -v r="$r" -v input="$input" 'BEGIN { printf "%.2f", r / 1e6 / (input / 1048576) }')
        base_per=${base_per:-$per}
        line=$(awk -v k="$k" -v r="$r" -v g="$g" -v input="$input" -v per="$per" -v base="$base_per" 'BEGIN {
            printf "%-30s %9.2f %12.1f %12s %12.1f", k "x", input / 1048576, r / 1e6, per, g / 1e6
            if (k == 8 && per > base * 1.15) printf "  (over 115%% of 1x per MB)"
        }')
        echo "$line"
        case "$line" in *"over"*) status=1 ;; esac
    done

    # The proposal path: ten one-operation amendments on title 16 (2024).
    ts=()
    for _ in $(seq 5); do
        t0=$(now_ns)
        "$bin" diff "$b16" benches/dc16-10.toml >/dev/null
        t1=$(now_ns)
        ts+=($((t1 - t0)))
    done
    ms=$(printf '%s\n' "${ts[@]}" | median | awk '{ printf "%.0f", $1 / 1e6 }')
    echo
    line="proposal benches/dc16-10.toml on title 16: $ms ms (median of 5)"
    [ "$ms" -ge 1000 ] && line="$line  (over 1 s)"
    echo "$line"
    case "$line" in *"over"*) status=1 ;; esac
fi
exit "$status"
