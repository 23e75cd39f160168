#!/usr/bin/env bash
# Writes docs/gallery.md: for each pair of the gallery (fixtures/gallery), redline's text
# redline beside `git diff --no-index --word-diff=plain` of the same two files.
#   docs/gallery.sh            # rewrite docs/gallery.md
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=./target/release/redline
g=fixtures/gallery
esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }
# The redline part of `redline diff` (the score table follows "Score:").
redline_part() { "$bin" diff "$@" --color never | sed '/^Score:/,$d'; }
git_part() { git diff --no-index --word-diff=plain "$1" "$2" | sed '1,4d' || true; }
{
    echo "# Gallery: redline beside git's word diff"
    echo
    echo "Real amendments, each shown twice: left, \`redline diff A B --color never\` (its"
    echo "redline only; the score table that follows is left out); right, \`git diff --no-index"
    echo "--word-diff=plain A B\` of the same files. The inputs are in \`fixtures/gallery/\`; the"
    echo "full outputs are the reviewed goldens \`fixtures/gallery/*.golden.txt\` that"
    echo "\`tests/gallery.rs\` checks. Regenerate this page with \`docs/gallery.sh\`."
    echo
    echo "Markers: \`[-struck-]\`, \`{+inserted+}\`. Where git keeps each line under its old"
    echo "place, redline names what happened to each provision: *modified*, *renumbered (was …)*,"
    echo "*moved*, *split (from …)*, *merged (from …)*, *added*, *deleted*, *repealed*, and a"
    echo "changed section heading as *heading modified*."
    for pair in \
        "Connecticut § 54-95c, 2016 → 2021 (one paragraph became (a)–(e))|CT_54-95c@2016.txt|CT_54-95c@2021.txt" \
        "DC Code § 16-305, 2021 → 2024 ((4) and (5) repealed)|DC_16-305@2021-10-18.txt|DC_16-305@2024-10-20.txt" \
        "DC Code § 16-705, 2021 → 2024 (an editor's note dropped; one clause added)|DC_16-705@2021-10-18.txt|DC_16-705@2024-10-20.txt" \
        "DC Code § 16-802, 2021 → 2024 (an editor's note under the heading; (b) rewritten)|DC_16-802@2021-10-18.txt|DC_16-802@2024-10-20.txt" \
        "DC Code § 16-911, 2021 → 2024 ((6) added)|DC_16-911@2021-10-18.txt|DC_16-911@2024-10-20.txt" \
        "Montana § 46-18-608, 2013 → current (heading and wording broadened)|MT_46-18-608@2013.txt|MT_46-18-608@current.txt"; do
        IFS='|' read -r title a b <<<"$pair"
        echo
        echo "## $title"
        echo
        echo "<table><tr><th>redline</th><th>git --word-diff=plain</th></tr><tr><td valign=\"top\"><pre style=\"white-space: pre-wrap\">"
        redline_part "$g/$a" "$g/$b" | esc
        echo "</pre></td><td valign=\"top\"><pre style=\"white-space: pre-wrap\">"
        git_part "$g/$a" "$g/$b" | esc
        echo "</pre></td></tr></table>"
    done
    for bill in "New York S215 (2023): CPL § 440.10 restated, subdivisions renumbered|NY_S215-2023.txt" \
        "New York S4756 (2023): CPL § 440.10(1)(i)|NY_S4756-2023.txt"; do
        IFS='|' read -r title f <<<"$bill"
        echo
        echo "## $title"
        echo
        echo "A bill is one file that marks its own changes (new matter in CAPITALS, deleted matter"
        echo "in [brackets]), so git has no pair to compare: the bill's markup is what a staffer reads"
        echo "instead, and redline reads it into the two versions and redlines them provision by"
        echo "provision."
        echo
        echo "<pre style=\"white-space: pre-wrap\">"
        redline_part "$g/$f" | esc
        echo "</pre>"
    done
} >docs/gallery.md
echo "wrote docs/gallery.md"
