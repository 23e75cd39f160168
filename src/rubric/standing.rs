//! A jurisdiction's standing under a scorecard with issue areas, grades and published
//! figures: what the card published, what the text decides, and what a change does, as
//! ranges where the published method does not fix the points.
//!
//! Every goal has a value somewhere in a range. Its published status bounds it (full
//! credit for a goal accomplished; anything from nothing to full credit for a gap, whose
//! partial credit is not published), and so does its area's published score: the goals
//! of an area add up to it, so a goal lies between the area's score less the most the
//! others can hold and the area's score less the least they can. A goal the text decides
//! is read at its level's points (or range); one it cannot decide keeps the published
//! bound. A change moves a goal only when the level read from the text changes.

use crate::rubric::engine::{Basis, CategoryScore};
use crate::rubric::model::{Baseline, Category, Rubric, Status};
use crate::rubric::points::Points;

/// An inclusive range of points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub lo: Points,
    pub hi: Points,
}

impl Span {
    pub fn exact(p: Points) -> Span {
        Span { lo: p, hi: p }
    }

    pub fn is_exact(self) -> bool {
        self.lo == self.hi
    }

    /// The values in both, if any.
    pub fn meet(self, o: Span) -> Option<Span> {
        let s = Span { lo: self.lo.max(o.lo), hi: self.hi.min(o.hi) };
        (s.lo <= s.hi).then_some(s)
    }

    pub fn plus(self, o: Span) -> Span {
        Span { lo: self.lo + o.lo, hi: self.hi + o.hi }
    }

    /// Every difference `a - b` of a value `a` in `self` and `b` in `o`.
    pub fn minus(self, o: Span) -> Span {
        Span { lo: self.lo - o.hi, hi: self.hi - o.lo }
    }

    /// `49.5`, or `49.5 to 52`.
    pub fn show(self) -> String {
        if self.is_exact() {
            self.lo.to_string()
        } else {
            format!("{} to {}", self.lo, self.hi)
        }
    }

    /// `+2.5`, `0`, or `0 to +2.5`.
    pub fn show_signed(self) -> String {
        if self.is_exact() {
            self.lo.signed()
        } else {
            format!("{} to {}", self.lo.signed(), self.hi.signed())
        }
    }
}

/// The points a status stands for, for a goal worth `max`.
pub fn status_span(status: &Status, max: Points) -> Span {
    // Points are tenths: the low end rounds down and the high end up (past float noise),
    // so the range holds the share's value.
    let tenths = |share: f64| share * max.as_f64() * 10.0;
    let lo = (tenths(status.share.0) + 1e-6).floor() / 10.0;
    let hi = (tenths(status.share.1) - 1e-6).ceil() / 10.0;
    let at = |v: f64| Points::from_f64(v).unwrap_or(Points::ZERO);
    Span { lo: at(lo), hi: at(hi) }
}

/// What the published status of a goal allows (its whole range when the card states none).
fn status_bound(statuses: &[Status], baseline: Option<&Baseline>, cat: &Category) -> Span {
    baseline
        .and_then(|b| b.goal(&cat.id))
        .and_then(|(st, _)| statuses.iter().find(|s| s.id == st))
        .map_or(Span { lo: Points::ZERO, hi: cat.max }, |s| status_span(s, cat.max))
}

/// The least and most an area's goals can hold, given their published statuses.
pub fn published_range(
    statuses: &[Status],
    categories: &[Category],
    baseline: &Baseline,
    area: &str,
) -> (Points, Points) {
    let s = categories
        .iter()
        .filter(|c| c.area.as_deref() == Some(area))
        .fold(Span::exact(Points::ZERO), |acc, c| acc.plus(status_bound(statuses, Some(baseline), c)));
    (s.lo, s.hi)
}

/// The published bound of each goal, tightened by its area's published score.
fn bounds(rubric: &Rubric, baseline: Option<&Baseline>) -> Vec<Span> {
    let own: Vec<Span> = rubric.categories.iter().map(|c| status_bound(&rubric.statuses, baseline, c)).collect();
    rubric
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let area_points = c.area.as_deref().and_then(|a| baseline.and_then(|b| b.area(a)));
            let Some(area_points) = area_points else { return own[i] };
            let others = rubric
                .categories
                .iter()
                .enumerate()
                .filter(|(j, o)| *j != i && o.area == c.area)
                .fold(Span::exact(Points::ZERO), |acc, (j, _)| acc.plus(own[j]));
            let zero = Points::ZERO;
            let lo = if area_points > others.hi { area_points - others.hi } else { zero };
            let hi = if area_points > others.lo { area_points - others.lo } else { zero };
            own[i].meet(Span { lo, hi }).unwrap_or(own[i])
        })
        .collect()
}

/// What the text reads for a goal: its status, level and points (`None`: undecidable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub status: Option<String>,
    pub level: String,
    pub span: Span,
}

impl Reading {
    pub fn of(c: &CategoryScore) -> Option<Reading> {
        // An analyst's assumption decides even a goal the text cannot: exactly its points.
        if c.override_.is_some() {
            return Some(Reading { status: None, level: c.level.clone(), span: Span::exact(c.points) });
        }
        if c.basis == Basis::Undecidable || c.basis == Basis::NotApplicable {
            return None;
        }
        let hi = c.upto.unwrap_or(c.points);
        Some(Reading { status: c.status.clone(), level: c.level.clone(), span: Span { lo: c.points, hi } })
    }
}

/// One goal: what the card published and what the text reads.
#[derive(Debug, Clone)]
pub struct GoalRow {
    pub id: String,
    pub name: String,
    pub number: Option<String>,
    pub area: Option<String>,
    pub max: Points,
    /// The published status (id, the status's wording, the card's words), if stated.
    pub published: Option<(String, String, Option<String>)>,
    /// What the published figures allow the goal's points to be.
    pub bound: Span,
    pub reading: Option<Reading>,
    /// Whether the reading's status is the published one (`None`: nothing to compare).
    pub agrees: Option<bool>,
    /// Whether the rubric reads the goal from a text at all (it has rules for it).
    pub readable: bool,
    /// An analyst's assumption (`--assume`): the goal is worth exactly this.
    pub assumed: Option<Points>,
}

impl GoalRow {
    /// What the goal is worth: an analyst's assumption, else the reading within what the
    /// published figures allow, else what they allow.
    pub fn value(&self) -> Span {
        match (&self.reading, self.assumed) {
            (_, Some(o)) => Span::exact(o),
            (Some(r), None) => r.span.meet(self.bound).unwrap_or(self.bound),
            (None, None) => self.bound,
        }
    }
}

/// One issue area.
#[derive(Debug, Clone)]
pub struct AreaRow {
    pub id: String,
    pub name: String,
    pub max: Points,
    pub published: Option<Points>,
    /// The area's points: as published, or the sum of its goals' ranges.
    pub value: Span,
    pub summary: Option<String>,
}

/// A jurisdiction's standing under a scorecard with areas or published figures.
#[derive(Debug, Clone)]
pub struct Standing {
    pub jurisdiction: Option<String>,
    pub baseline: Option<Baseline>,
    pub areas: Vec<AreaRow>,
    /// Extra credit: as published, or its whole range.
    pub extra: Option<Span>,
    pub total: Span,
    /// The grade of the lowest and of the highest total.
    pub grade: Option<(String, String)>,
    /// Where some reading differs from the published status: the total if the readings
    /// replaced the published figures (shown beside them, never instead).
    pub as_read: Option<Span>,
    pub goals: Vec<GoalRow>,
}

impl Standing {
    /// The goals the text decides.
    pub fn decided(&self) -> impl Iterator<Item = &GoalRow> {
        self.goals.iter().filter(|g| g.reading.is_some())
    }

    /// How many goals the text cannot decide.
    pub fn undecided(&self) -> usize {
        self.goals.iter().filter(|g| g.reading.is_none()).count()
    }

    /// Goals the rubric reads from a text but this text does not decide.
    pub fn unread(&self) -> impl Iterator<Item = &GoalRow> {
        self.goals.iter().filter(|g| g.readable && g.reading.is_none())
    }

    /// Whether the rubric reads no goal from any text (its figures are all published ones).
    pub fn baseline_only(&self) -> bool {
        !self.goals.iter().any(|g| g.readable)
    }

    /// Goals whose reading differs from the published status.
    pub fn disagreements(&self) -> impl Iterator<Item = &GoalRow> {
        self.goals.iter().filter(|g| g.agrees == Some(false))
    }
}

/// Whether a rubric reports a standing (areas, grades, extra credit or published figures)
/// rather than only its categories.
pub fn has_standing(rubric: &Rubric) -> bool {
    !rubric.areas.is_empty() || !rubric.grades.is_empty() || !rubric.baselines.is_empty()
}

/// `F`, or `F to D` for the grades of a range of totals.
pub fn grade_range((lo, hi): &(String, String)) -> String {
    if lo == hi {
        lo.clone()
    } else {
        format!("{lo} to {hi}")
    }
}

fn grade_span(rubric: &Rubric, total: Span) -> Option<(String, String)> {
    Some((rubric.grade_of(total.lo)?.to_string(), rubric.grade_of(total.hi)?.to_string()))
}

/// The standing of a text: the published figures where the rubric has them for the
/// text's jurisdiction (a reading never replaces them), else the sum of what the text
/// decides with every undecided goal's whole range.
pub fn of(rubric: &Rubric, jurisdiction: Option<&str>, categories: &[CategoryScore]) -> Standing {
    let baseline = rubric.baseline(jurisdiction);
    let bound = bounds(rubric, baseline);
    let goals: Vec<GoalRow> = rubric
        .categories
        .iter()
        .zip(categories)
        .zip(&bound)
        .map(|((cat, score), b)| {
            let published = baseline.and_then(|bl| bl.goal(&cat.id)).map(|(st, quote)| {
                let text = rubric.status(st).map_or(String::new(), |s| s.text.clone());
                (st.to_string(), text, quote.map(str::to_string))
            });
            let reading = Reading::of(score);
            let agrees = match (&published, &reading) {
                (Some((st, _, _)), Some(r)) => r.status.as_ref().map(|rs| rs == st),
                _ => None,
            };
            GoalRow {
                id: cat.id.clone(),
                name: cat.name.clone(),
                number: cat.number.clone(),
                area: cat.area.clone(),
                max: cat.max,
                published,
                bound: *b,
                reading,
                agrees,
                readable: cat.undecidable.is_none(),
                assumed: score.override_.as_ref().map(|o| o.points),
            }
        })
        .collect();
    // An assumption replaces what the published figures allow the goal to be.
    let shift_of = |g: &GoalRow| g.assumed.map(|o| Span::exact(o).minus(g.bound));
    let value_of = GoalRow::value;
    let zero = Span::exact(Points::ZERO);
    let areas: Vec<AreaRow> = rubric
        .areas
        .iter()
        .map(|a| {
            let published = baseline.and_then(|b| b.area(&a.id));
            let summed = goals
                .iter()
                .filter(|g| g.area.as_deref() == Some(&a.id))
                .fold(Span::exact(Points::ZERO), |acc, g| acc.plus(value_of(g)));
            let assumed = goals
                .iter()
                .filter(|g| g.area.as_deref() == Some(&a.id))
                .filter_map(shift_of)
                .fold(zero, |acc, d| acc.plus(d));
            AreaRow {
                id: a.id.clone(),
                name: a.name.clone(),
                max: a.max,
                published,
                value: published.map_or(summed, |p| Span::exact(p).plus(assumed)),
                summary: baseline.and_then(|b| b.summaries.iter().find(|(k, _)| k == &a.id).map(|(_, v)| v.clone())),
            }
        })
        .collect();
    let extra = rubric.extra_credit.as_ref().map(|e| match baseline {
        Some(b) => Span::exact(b.extra()),
        None => Span { lo: Points::ZERO, hi: e.max },
    });
    let total = match baseline {
        Some(b) => Span::exact(b.total).plus(goals.iter().filter_map(shift_of).fold(zero, |acc, d| acc.plus(d))),
        None => {
            let parts = goals.iter().fold(Span::exact(Points::ZERO), |acc, g| acc.plus(value_of(g)));
            extra.map_or(parts, |e| parts.plus(e))
        }
    };
    // Without grade rules, the grade is the published one.
    let published_grade = baseline.and_then(|b| b.grade.clone()).map(|g| (g.clone(), g));
    // The total as the text reads it where it differs from the published status.
    let as_read = goals
        .iter()
        .filter(|g| g.agrees == Some(false) && g.assumed.is_none())
        .filter_map(|g| g.reading.as_ref().map(|r| r.span.minus(g.bound)))
        .reduce(|a, b| a.plus(b))
        .map(|d| total.plus(d));
    Standing {
        jurisdiction: jurisdiction.map(str::to_string),
        baseline: baseline.cloned(),
        areas,
        extra,
        total,
        grade: grade_span(rubric, total).or(published_grade),
        as_read,
        goals,
    }
}

/// A goal's change.
#[derive(Debug, Clone)]
pub struct GoalDelta {
    pub id: String,
    pub name: String,
    pub before: Option<Reading>,
    pub after: Option<Reading>,
    pub delta: Span,
    /// Why the change needs an analyst (a reading that no longer holds, or one that
    /// differs from the published status).
    pub review: Option<String>,
}

/// An area's change.
#[derive(Debug, Clone)]
pub struct AreaDelta {
    pub id: String,
    pub name: String,
    pub max: Points,
    pub before: Span,
    pub after: Span,
    /// The sum of its goals' changes (not `after` less `before`: both are ranges of the
    /// same unknowns).
    pub delta: Span,
}

/// What a change does to a standing.
#[derive(Debug, Clone)]
pub struct StandingDelta {
    pub before: Span,
    pub after: Span,
    pub delta: Span,
    pub grade_before: Option<(String, String)>,
    pub grade_after: Option<(String, String)>,
    pub areas: Vec<AreaDelta>,
    /// Goals whose reading changed.
    pub goals: Vec<GoalDelta>,
}

impl StandingDelta {
    /// `F`, or `F → D`, or `F → F to D` (a range of totals that spans grades).
    pub fn grade_change(&self) -> Option<String> {
        let show = |g: &(String, String)| grade_range(g);
        let (b, a) = (self.grade_before.as_ref()?, self.grade_after.as_ref()?);
        Some(if b == a { show(b) } else { format!("{} → {}", show(b), show(a)) })
    }
}

/// What a change (its readings before and after, by category) does to the standing
/// `base` (whose goals carry the published bounds): a goal whose level is unchanged does not
/// move; one whose level changed moves from its before value (the published bound, read
/// at the before level where the two agree) to its after level.
pub fn delta(rubric: &Rubric, base: &Standing, change: &crate::compare::Delta) -> StandingDelta {
    let start = Step::of(base);
    delta_from(rubric, base, change, &start).0
}

/// Where a chain of changes stands: each goal's value, each area's and the total.
#[derive(Debug, Clone)]
pub struct Step {
    goals: Vec<Span>,
    areas: Vec<Span>,
    total: Span,
}

impl Step {
    /// The standing before any change.
    pub fn of(base: &Standing) -> Step {
        let goals = base.goals.iter().map(GoalRow::value).collect();
        Step { goals, areas: base.areas.iter().map(|a| a.value).collect(), total: base.total }
    }
}

/// [`delta`] from where earlier changes left the standing (`at`), with where this change
/// leaves it: sequential amendments, each from the values the ones before it left.
pub fn delta_from(
    rubric: &Rubric,
    base: &Standing,
    change: &crate::compare::Delta,
    at: &Step,
) -> (StandingDelta, Step) {
    let zero = Span::exact(Points::ZERO);
    let mut goals = Vec::new();
    let mut by_goal: Vec<Span> = Vec::with_capacity(base.goals.len());
    let mut after_values: Vec<Span> = Vec::with_capacity(base.goals.len());
    for ((g, cd), &before_value) in base.goals.iter().zip(&change.categories).zip(&at.goals) {
        let before_reading = &cd.reading_before;
        let after_reading = cd.reading_after.clone();
        let same = match (before_reading, &after_reading) {
            (None, None) => true,
            (Some(b), Some(a)) => b == a,
            _ => false,
        };
        if same {
            by_goal.push(zero);
            after_values.push(before_value);
            continue;
        }
        let (after_value, review) = match &after_reading {
            Some(r) => (r.span, None),
            None => (
                Span { lo: Points::ZERO, hi: g.max },
                Some("the new text no longer grants what the goal is read from; its effect is not decided".to_string()),
            ),
        };
        let review = review.or_else(|| {
            (g.agrees == Some(false)).then(|| {
                "the old text's reading differs from the published status; the published figure stands".to_string()
            })
        });
        let d = after_value.minus(before_value);
        by_goal.push(d);
        after_values.push(after_value);
        goals.push(GoalDelta {
            id: g.id.clone(),
            name: g.name.clone(),
            before: before_reading.clone(),
            after: after_reading,
            delta: d,
            review,
        });
    }
    let sum_where = |values: &[Span], pred: &dyn Fn(&GoalRow) -> bool| {
        base.goals.iter().zip(values).filter(|(g, _)| pred(g)).fold(zero, |acc, (_, d)| acc.plus(*d))
    };
    // Both enclose the value after: what was there plus the changes, and the sum of the
    // goals' values after (within the area's range); their overlap is the tighter.
    let enclose = |shifted: Span, summed: Span| shifted.meet(summed).unwrap_or(shifted);
    let areas: Vec<AreaDelta> = base
        .areas
        .iter()
        .zip(&at.areas)
        .map(|(a, &before)| {
            let in_area = |g: &GoalRow| g.area.as_deref() == Some(&a.id);
            let d = sum_where(&by_goal, &in_area);
            let within = Span { lo: Points::ZERO, hi: a.max };
            let after = enclose(before.plus(d), sum_where(&after_values, &in_area));
            AreaDelta {
                id: a.id.clone(),
                name: a.name.clone(),
                max: a.max,
                before,
                after: after.meet(within).unwrap_or(after),
                delta: d,
            }
        })
        .collect();
    let d = sum_where(&by_goal, &|_| true);
    let summed = base.extra.unwrap_or(zero).plus(sum_where(&after_values, &|_| true));
    let after_total = enclose(at.total.plus(d), summed);
    let grade_of = |t: Span| grade_span(rubric, t);
    // Without grade rules, only an unchanged total keeps its published grade.
    let (grade_before, grade_after) = if rubric.grades.is_empty() {
        let kept = (d == zero).then(|| base.grade.clone()).flatten();
        (base.grade.clone(), kept)
    } else {
        (grade_of(at.total), grade_of(after_total))
    };
    let next = Step { goals: after_values, areas: areas.iter().map(|a| a.after).collect(), total: after_total };
    let out = StandingDelta { before: at.total, after: after_total, delta: d, grade_before, grade_after, areas, goals };
    (out, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Source;

    fn p(x: f64) -> Points {
        Points::from_f64(x).unwrap()
    }

    #[test]
    fn spans_add_and_subtract_as_ranges_of_values() {
        let gap = Span { lo: p(0.0), hi: p(2.5) };
        let full = Span::exact(p(2.5));
        // From an unknown value in 0..2.5 to 2.5: a gain of 0 to 2.5, never a loss.
        assert_eq!(full.minus(gap), Span { lo: p(0.0), hi: p(2.5) });
        assert_eq!(gap.minus(full), Span { lo: p(-2.5), hi: p(0.0) });
        assert_eq!(Span::exact(p(49.5)).plus(full.minus(gap)).show(), "49.5 to 52");
        assert_eq!(full.minus(gap).show_signed(), "0 to +2.5");
        assert_eq!(Span::exact(p(0.0)).show_signed(), "0");
        assert_eq!(gap.meet(full), Some(full));
        assert_eq!(Span::exact(p(1.0)).meet(full), None);
    }

    const RUBRIC: &str = r#"
id = "t"
name = "T"
max = 10
[[grade]]
letter = "P"
min = 6
[[grade]]
letter = "F"
min = 0
[[status]]
id = "done"
text = "done"
share = [1.0, 1.0]
[[status]]
id = "gap"
text = "gap"
share = [0.0, 1.0]
[[area]]
id = "a"
name = "A"
max = 10
[[baseline]]
jurisdiction = "XX"
source = "test"
total = 6
grade = "P"
areas = { "a" = 6 }
[[baseline.goal]]
id = "g1"
status = "done"
[[baseline.goal]]
id = "g2"
status = "gap"
[[baseline.goal]]
id = "g3"
status = "gap"
[[baseline.goal]]
id = "g4"
status = "gap"
[[category]]
id = "g1"
name = "G1"
area = "a"
max = 2.5
undecidable = "u"
[[category]]
id = "g2"
name = "G2"
area = "a"
max = 2.5
undecidable = "u"
[[category]]
id = "g3"
name = "G3"
area = "a"
max = 2.5
undecidable = "u"
[[category]]
id = "g4"
name = "G4"
area = "a"
max = 2.5
undecidable = "u"
"#;

    /// An area's published score bounds its goals: 6 points with one goal done (2.5)
    /// leave 3.5 for three gaps, so each lies in 0 to 2.5 but together hold exactly 3.5;
    /// with the area at 2.5 instead, every gap is exactly 0.
    #[test]
    fn an_area_score_bounds_its_goals() {
        let r = Rubric::from_source(&Source::from_text("t.toml", RUBRIC)).unwrap();
        let b = bounds(&r, r.baseline(Some("xx")));
        assert_eq!(b[0], Span::exact(p(2.5)));
        assert_eq!(b[1], Span { lo: p(0.0), hi: p(2.5) });
        let tight = RUBRIC
            .replace("total = 6", "total = 2.5")
            .replace("\"a\" = 6", "\"a\" = 2.5")
            .replace("grade = \"P\"", "grade = \"F\"");
        let r = Rubric::from_source(&Source::from_text("t.toml", &tight)).unwrap();
        let b = bounds(&r, r.baseline(Some("XX")));
        assert_eq!(b[1], Span::exact(p(0.0)), "2.5 points, all held by the goal done");
    }

    #[test]
    fn a_grade_change_names_both_grades_and_ranges() {
        let d = |b: (&str, &str), a: (&str, &str)| StandingDelta {
            before: Span::exact(p(0.0)),
            after: Span::exact(p(0.0)),
            delta: Span::exact(p(0.0)),
            grade_before: Some((b.0.to_string(), b.1.to_string())),
            grade_after: Some((a.0.to_string(), a.1.to_string())),
            areas: Vec::new(),
            goals: Vec::new(),
        };
        assert_eq!(d(("F", "F"), ("F", "F")).grade_change().unwrap(), "F");
        assert_eq!(d(("F", "F"), ("D", "D")).grade_change().unwrap(), "F → D");
        assert_eq!(d(("F", "F"), ("F", "D")).grade_change().unwrap(), "F → F to D");
    }
}
