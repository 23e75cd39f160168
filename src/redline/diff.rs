//! A diff with a deterministic work budget.
//!
//! `similar`'s Myers algorithm over interned token ids, called without a deadline, after
//! trimming the common prefix and suffix and splitting long gaps on tokens found once on
//! each side. No clock is read, so the same inputs always give the same output. Two
//! limits bound it: `max_tokens` caps each side of a diff before `similar` is called, and
//! `max_edits` caps the changed tokens (insertions plus deletions) a diff may show word
//! by word, checked around the call. Past either, the stretch is shown as replaced
//! (common prefix, everything between deleted and inserted, common suffix) and the
//! fallback is reported.

use std::ops::Range;

/// Work limits for one diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Most tokens per side of one call to the diff algorithm (after trimming the common
    /// prefix and suffix and splitting on tokens found once on each side): a longer
    /// stretch is shown replaced.
    pub max_tokens: usize,
    /// Most changed tokens (insertions plus deletions) shown word by word, shared by the
    /// gaps of one diff: a gap that would need more than what is left is shown replaced.
    pub max_edits: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget { max_tokens: 40_000, max_edits: 2_000 }
    }
}

/// An edit operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// A run of one operation: token ranges in the old (`a`) and new (`b`) sequences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub op: Op,
    pub a: Range<usize>,
    pub b: Range<usize>,
}

/// The result of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub edits: Vec<Edit>,
    /// Whether the budget forced the simpler fallback.
    pub fallback: bool,
}

/// Diffs two sequences of token ids.
pub fn diff(a: &[u32], b: &[u32], budget: &Budget) -> Outcome {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut edits = Vec::new();
    push(&mut edits, Op::Equal, 0..prefix, 0..prefix);
    let mut work =
        Gaps { edits: &mut edits, remaining: budget.max_edits, max_tokens: budget.max_tokens, fallback: false };
    work.anchored(am, bm, prefix, prefix, 0);
    let fallback = work.fallback;
    push(&mut edits, Op::Equal, a.len() - suffix..a.len(), b.len() - suffix..b.len());
    Outcome { edits, fallback }
}

/// Gaps larger than this (tokens on both sides) are split again on the tokens unique
/// within them before Myers runs: a long changed stretch costs Myers time in proportion
/// to its length times its edits, and unique words split it into short ones.
const SPLIT_GAPS_OVER: usize = 200;
/// Gaps larger than this (tokens on both sides) where most words differ are shown as
/// replaced rather than diffed word by word (see [`Gaps::gap`]).
const REWRITE_OVER: usize = 1000;
/// How deep gaps are split.
const MAX_SPLIT_DEPTH: usize = 12;

/// The diff of the stretch between the common prefix and suffix, gap by gap.
struct Gaps<'e> {
    edits: &'e mut Vec<Edit>,
    /// Edits Myers may still spend (the budget is shared by all gaps).
    remaining: usize,
    /// Most tokens per side of one call to `similar`.
    max_tokens: usize,
    fallback: bool,
}

impl Gaps<'_> {
    /// Anchors on tokens found exactly once on each side (in order), then diffs the gaps
    /// between anchors: minimal scripts otherwise pair a "to vacate" with the wrong
    /// sentence's. `oa`, `ob`: where `a` and `b` start in the whole sequences.
    fn anchored(&mut self, a: &[u32], b: &[u32], oa: usize, ob: usize, depth: usize) {
        let (mut pa, mut pb) = (0, 0);
        for (xa, xb) in anchors(a, b).into_iter().chain([(a.len(), b.len())]) {
            self.gap(&a[pa..xa], &b[pb..xb], oa + pa, ob + pb, depth);
            if xa < a.len() {
                push(self.edits, Op::Equal, oa + xa..oa + xa + 1, ob + xb..ob + xb + 1);
            }
            pa = xa + 1;
            pb = xb + 1;
        }
    }

    /// One gap: split again when large, else Myers (or the fallback past the budget).
    fn gap(&mut self, a: &[u32], b: &[u32], oa: usize, ob: usize, depth: usize) {
        let large = a.len() + b.len() > SPLIT_GAPS_OVER;
        if large && depth < MAX_SPLIT_DEPTH {
            let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
            let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
            let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
            if !am.is_empty() && !bm.is_empty() && !anchors(am, bm).is_empty() {
                push(self.edits, Op::Equal, oa..oa + prefix, ob..ob + prefix);
                self.anchored(am, bm, oa + prefix, ob + prefix, depth + 1);
                push(self.edits, Op::Equal, oa + a.len() - suffix..oa + a.len(), ob + b.len() - suffix..ob + b.len());
                return;
            }
        }
        // A large stretch that shares no word used once on each side, and where more than
        // half the words must change, is a rewrite: its few shared words are common ones
        // (`the`, `of`), which a word diff would only thread through it. Shown as replaced.
        if a.len() + b.len() > REWRITE_OVER && edit_lower_bound(a, b) * 2 > a.len() + b.len() {
            push(self.edits, Op::Delete, oa..oa + a.len(), ob..ob);
            push(self.edits, Op::Insert, oa + a.len()..oa + a.len(), ob..ob + b.len());
            return;
        }
        // Past the token cap (after splitting on unique words), the gap is shown replaced.
        let script =
            if a.len() > self.max_tokens || b.len() > self.max_tokens { None } else { myers(a, b, self.remaining) };
        match script {
            Some(script) => {
                let used: usize = script.iter().filter(|e| e.op != Op::Equal).map(|e| e.a.len() + e.b.len()).sum();
                self.remaining = self.remaining.saturating_sub(used);
                for e in script {
                    push(self.edits, e.op, e.a.start + oa..e.a.end + oa, e.b.start + ob..e.b.end + ob);
                }
            }
            None => {
                self.fallback = true;
                self.remaining = 0;
                push(self.edits, Op::Delete, oa..oa + a.len(), ob..ob);
                push(self.edits, Op::Insert, oa + a.len()..oa + a.len(), ob..ob + b.len());
            }
        }
    }
}

/// Pairs of positions of tokens that occur exactly once in `a` and once in `b`, the
/// longest run of them in the same order on both sides.
fn anchors(a: &[u32], b: &[u32]) -> Vec<(usize, usize)> {
    let mut seen: crate::text::hash::FastMap<u32, (u32, u32, usize, usize)> = crate::text::hash::FastMap::default();
    for (i, &t) in a.iter().enumerate() {
        let e = seen.entry(t).or_insert((0, 0, i, 0));
        e.0 += 1;
    }
    for (j, &t) in b.iter().enumerate() {
        if let Some(e) = seen.get_mut(&t) {
            e.1 += 1;
            e.3 = j;
        }
    }
    let mut unique: Vec<(usize, usize)> = seen.values().filter(|e| e.0 == 1 && e.1 == 1).map(|e| (e.2, e.3)).collect();
    unique.sort_unstable_by_key(|p| p.1);
    let positions: Vec<usize> = unique.iter().map(|p| p.0).collect();
    crate::redline::align::longest_increasing(&positions).into_iter().map(|k| unique[k]).collect()
}

/// Appends a run, merging with the previous run of the same operation; skips empties.
fn push(edits: &mut Vec<Edit>, op: Op, a: Range<usize>, b: Range<usize>) {
    if a.is_empty() && b.is_empty() {
        return;
    }
    if let Some(last) = edits.last_mut() {
        if last.op == op && last.a.end == a.start && last.b.end == b.start {
            last.a.end = a.end;
            last.b.end = b.end;
            return;
        }
    }
    edits.push(Edit { op, a, b });
}

/// The script of `similar`'s Myers diff over token ids, or `None` when it has more than
/// `max_edits` edits. `similar` is called without a deadline: its own work is bounded by
/// the size of the input (it forces a split at a size-dependent cost, as Git's xdiff
/// does), so the same tokens always give the same script. The edit budget is enforced
/// around the call: before it by a lower bound on the edits any script needs, after it
/// by counting the script's edits.
fn myers(a: &[u32], b: &[u32], max_edits: usize) -> Option<Vec<Edit>> {
    // A script needs at least as many edits as the tokens the two sides do not share:
    // when even that is over the budget, the diff would only be thrown away.
    if edit_lower_bound(a, b) > max_edits {
        return None;
    }
    let mut hook = Script(Vec::new());
    let Ok(()) = similar::algorithms::myers::diff(&mut hook, a, 0..a.len(), b, 0..b.len());
    let script = hook.0;
    let used: usize = script.iter().filter(|e| e.op != Op::Equal).map(|e| e.a.len() + e.b.len()).sum();
    (used <= max_edits).then_some(script)
}

/// Collects `similar`'s operations as [`Edit`]s.
struct Script(Vec<Edit>);

impl similar::algorithms::DiffHook for Script {
    type Error = std::convert::Infallible;

    fn equal(&mut self, old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        push(&mut self.0, Op::Equal, old..old + len, new..new + len);
        Ok(())
    }

    fn delete(&mut self, old: usize, old_len: usize, new: usize) -> Result<(), Self::Error> {
        push(&mut self.0, Op::Delete, old..old + old_len, new..new);
        Ok(())
    }

    fn insert(&mut self, old: usize, new: usize, new_len: usize) -> Result<(), Self::Error> {
        push(&mut self.0, Op::Insert, old..old, new..new + new_len);
        Ok(())
    }
}

/// The fewest edits any script between `a` and `b` can have: every token of one side
/// beyond what the other side has of it must be deleted or inserted.
fn edit_lower_bound(a: &[u32], b: &[u32]) -> usize {
    let diff = a.len().abs_diff(b.len());
    if diff == 0 && a == b {
        return 0;
    }
    let mut counts: crate::text::hash::FastMap<u32, isize> = crate::text::hash::FastMap::default();
    for &t in a {
        *counts.entry(t).or_default() += 1;
    }
    for &t in b {
        *counts.entry(t).or_default() -= 1;
    }
    counts.values().map(|c| c.unsigned_abs()).sum::<usize>().max(diff)
}

/// An equality of at least this weight (words) is never folded into the edits around it:
/// five words in a row in both texts are the same clause, not a chance "of the".
pub const KEEP_EQUAL_WEIGHT: u32 = 5;

/// Makes a script readable: an equality that is no longer than the edits on both of its
/// sides (counting only tokens of positive weight, so spaces count for nothing), and
/// shorter than [`KEEP_EQUAL_WEIGHT`], is folded into them, and each run of edits becomes
/// one deletion followed by one insertion. Without this, a word diff threads unrelated
/// sentences through every shared "the".
pub fn cleanup(edits: Vec<Edit>, weight_a: &[u32], weight_b: &[u32]) -> Vec<Edit> {
    let wa = |r: &Range<usize>| -> u32 { weight_a[r.clone()].iter().sum() };
    let wb = |r: &Range<usize>| -> u32 { weight_b[r.clone()].iter().sum() };
    let mut runs = normalize(edits);
    loop {
        // Blocks alternate: equality, edits (a deletion and/or an insertion), equality…
        let mut folded = false;
        for i in 0..runs.len() {
            if runs[i].op != Op::Equal {
                continue;
            }
            let before: u32 =
                runs[..i].iter().rev().take_while(|e| e.op != Op::Equal).map(|e| wa(&e.a) + wb(&e.b)).sum();
            let after: u32 = runs[i + 1..].iter().take_while(|e| e.op != Op::Equal).map(|e| wa(&e.a) + wb(&e.b)).sum();
            if before == 0 || after == 0 {
                continue;
            }
            let kept = wa(&runs[i].a);
            if kept <= before.min(after) && kept < KEEP_EQUAL_WEIGHT {
                let e = runs[i].clone();
                runs[i] = Edit { op: Op::Delete, a: e.a.clone(), b: e.b.start..e.b.start };
                runs.insert(i + 1, Edit { op: Op::Insert, a: e.a.end..e.a.end, b: e.b });
                folded = true;
                break;
            }
        }
        runs = normalize(runs);
        if !folded {
            return runs;
        }
    }
}

/// Merges each maximal run of edits into one deletion and one insertion.
fn normalize(edits: Vec<Edit>) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    let mut i = 0;
    while i < edits.len() {
        if edits[i].op == Op::Equal {
            push(&mut out, Op::Equal, edits[i].a.clone(), edits[i].b.clone());
            i += 1;
            continue;
        }
        let start = i;
        while i < edits.len() && edits[i].op != Op::Equal {
            i += 1;
        }
        let a = edits[start].a.start..edits[i - 1].a.end;
        let b = edits[start].b.start..edits[i - 1].b.end;
        push(&mut out, Op::Delete, a.clone(), b.start..b.start);
        push(&mut out, Op::Insert, a.end..a.end, b);
    }
    out
}

/// Applies an outcome's script to `a`, taking inserted tokens from `b`: the result is
/// `b` for a correct script (tests and property tests check this).
pub fn replay(a: &[u32], b: &[u32], o: &Outcome) -> Vec<u32> {
    let mut out = Vec::new();
    for e in &o.edits {
        match e.op {
            Op::Equal => out.extend_from_slice(&a[e.a.clone()]),
            Op::Insert => out.extend_from_slice(&b[e.b.clone()]),
            Op::Delete => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<u32> {
        s.bytes().map(u32::from).collect()
    }

    fn render(a: &str, b: &str, o: &Outcome) -> String {
        o.edits
            .iter()
            .map(|e| match e.op {
                Op::Equal => a[e.a.clone()].to_string(),
                Op::Delete => format!("[-{}-]", &a[e.a.clone()]),
                Op::Insert => format!("{{+{}+}}", &b[e.b.clone()]),
            })
            .collect()
    }

    #[test]
    fn finds_a_shortest_script() {
        let (a, b) = ("abcabba", "cbabac");
        let o = diff(&ids(a), &ids(b), &Budget::default());
        assert!(!o.fallback);
        let edits: usize = o.edits.iter().filter(|e| e.op != Op::Equal).map(|e| e.a.len() + e.b.len()).sum();
        assert_eq!(edits, 5, "{}", render(a, b, &o));
        assert_eq!(replay(&ids(a), &ids(b), &o), ids(b));
    }

    #[test]
    fn keeps_prefix_and_suffix() {
        let (a, b) = ("the court shall vacate", "the court may vacate");
        let o = diff(&ids(a), &ids(b), &Budget::default());
        assert_eq!(render(a, b, &o), "the court [-sh-]{+m+}a[-ll-]{+y+} vacate");
    }

    #[test]
    fn budget_forces_fallback_deterministically() {
        let (a, b) = ("abcdefghij", "jihgfedcba");
        let tight = Budget { max_tokens: 100, max_edits: 3 };
        let o = diff(&ids(a), &ids(b), &tight);
        assert!(o.fallback);
        assert_eq!(replay(&ids(a), &ids(b), &o), ids(b));
        assert_eq!(o, diff(&ids(a), &ids(b), &tight));
        // With no anchors, the fallback replaces the whole middle.
        let (a, b) = ("aabbaabbab", "bbaabbaaba");
        let o = diff(&ids(a), &ids(b), &Budget { max_tokens: 100, max_edits: 1 });
        assert!(o.fallback);
        assert_eq!(render(a, b, &o), "[-aabbaabbab-]{+bbaabbaaba+}");
        let few_tokens = Budget { max_tokens: 5, max_edits: 1000 };
        assert!(diff(&ids(a), &ids(b), &few_tokens).fallback);
    }

    #[test]
    fn cleanup_folds_short_equalities() {
        let (a, b) = ("xaybz", "paqbr");
        let o = diff(&ids(a), &ids(b), &Budget::default());
        let w = vec![1; a.len()];
        let cleaned = Outcome { edits: cleanup(o.edits, &w, &w), fallback: false };
        assert_eq!(render(a, b, &cleaned), "[-xaybz-]{+paqbr+}");
        assert_eq!(replay(&ids(a), &ids(b), &cleaned), ids(b));
        let (a, b) = ("the court shall vacate the conviction", "the court may vacate the conviction");
        let o = diff(&ids(a), &ids(b), &Budget::default());
        let cleaned = Outcome { edits: cleanup(o.edits, &vec![1; a.len()], &vec![1; b.len()]), fallback: false };
        assert_eq!(render(a, b, &cleaned), "the court [-shall-]{+may+} vacate the conviction");
    }

    #[test]
    fn empty_sides() {
        assert_eq!(render("", "ab", &diff(&[], &ids("ab"), &Budget::default())), "{+ab+}");
        assert_eq!(render("ab", "", &diff(&ids("ab"), &[], &Budget::default())), "[-ab-]");
        assert!(diff(&[], &[], &Budget::default()).edits.is_empty());
    }

    /// A deterministic pseudo-random sequence over a small alphabet (many edits).
    fn noise(seed: u64, len: usize, alphabet: u32) -> Vec<u32> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % u64::from(alphabet)) as u32
            })
            .collect()
    }

    fn edits(script: &[Edit]) -> usize {
        script.iter().filter(|e| e.op != Op::Equal).map(|e| e.a.len() + e.b.len()).sum()
    }

    /// `similar`'s scripts are correct (they replay to the new side), the same on every
    /// run, and never longer than the edit budget they are given.
    #[test]
    fn scripts_replay_and_respect_the_edit_budget() {
        for seed in 1..40u64 {
            let a = noise(seed, 30 + (seed as usize * 7) % 60, 4);
            let b = noise(seed * 31 + 7, 20 + (seed as usize * 11) % 70, 4);
            let script = myers(&a, &b, usize::MAX).expect("no budget");
            assert_eq!(replay(&a, &b, &Outcome { edits: script.clone(), fallback: false }), b, "seed {seed}");
            assert_eq!(myers(&a, &b, usize::MAX), Some(script.clone()), "seed {seed}: deterministic");
            assert!(edits(&script) >= edit_lower_bound(&a, &b));
            assert!(myers(&a, &b, edits(&script) - 1).is_none(), "seed {seed}: one edit under is over budget");
            assert_eq!(myers(&a, &b, edits(&script)), Some(script), "seed {seed}: exactly the budget is within it");
        }
    }

    /// A long, noisy pair (many edits) still gives a correct script.
    #[test]
    fn many_edits_give_a_correct_script() {
        let a = noise(3, 4000, 3);
        let b = noise(5, 4000, 3);
        let script = myers(&a, &b, 20_000).expect("within budget");
        assert_eq!(replay(&a, &b, &Outcome { edits: script.clone(), fallback: false }), b);
        assert!(edits(&script) >= edit_lower_bound(&a, &b));
    }
}
