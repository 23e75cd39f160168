//! Proposals: titled lists of amendments, each a titled list of operations on a base
//! statute ([`apply`]), read from TOML files or from bill text ([`bill`]).

pub mod apply;
pub mod bill;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::statute::frontmatter::toml_error;
use crate::text::lines::caret_snippet;
use crate::text::Source;

/// A proposal file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProposal {
    title: String,
    jurisdiction: Option<String>,
    base: Option<Spanned<String>>,
    description: Option<String>,
    #[serde(default)]
    amendment: Vec<Spanned<RawAmendment>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmendment {
    id: Spanned<String>,
    title: String,
    description: Option<String>,
    /// Competing amendments share a group: each is an alternative to the others.
    group: Option<String>,
    #[serde(default)]
    op: Vec<Spanned<RawOp>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOp {
    at: Option<String>,
    strike: Option<String>,
    insert: Option<String>,
    before: Option<String>,
    after: Option<String>,
    occurrence: Option<usize>,
    add_after: Option<String>,
    text: Option<String>,
    replace: Option<String>,
    repeal: Option<String>,
    redesignate: Option<String>,
    #[serde(rename = "as")]
    as_: Option<String>,
}

/// A proposal: amendments to a base statute.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The proposal file's name as given.
    pub name: String,
    pub title: String,
    pub jurisdiction: Option<String>,
    pub description: Option<String>,
    /// The base statute, resolved relative to the proposal file.
    pub base: Option<PathBuf>,
    /// Why `base` may not be read, when it resolves outside the proposal's tree (see
    /// [`Proposal::base_source`]).
    pub base_refused: Option<Error>,
    pub amendments: Vec<Amendment>,
}

/// One amendment: a titled list of operations applied in order.
#[derive(Debug, Clone)]
pub struct Amendment {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The group of alternatives it belongs to (only one of a group is applied at a time,
    /// and only amendments of the same group may touch the same words).
    pub group: Option<String>,
    pub ops: Vec<Op>,
    /// Where the amendment starts in the proposal file (1-based line).
    pub line: usize,
}

/// One operation, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    pub kind: OpKind,
    /// A provision path scoping a text operation.
    pub at: Option<String>,
    /// 1-based line and column in the proposal file.
    pub line: usize,
    pub column: usize,
}

/// What an operation does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpKind {
    /// Replace (or, with empty `insert`, delete) `strike`.
    Strike { strike: String, insert: String, occurrence: Option<usize> },
    /// Insert `insert` before or after `anchor`.
    Insert { anchor: String, insert: String, after: bool, occurrence: Option<usize> },
    /// Add a provision after the one at `path`.
    AddAfter { path: String, text: String },
    /// Replace a provision's whole text.
    Replace { path: String, text: String },
    /// Remove a provision.
    Repeal { path: String },
    /// Change a provision's enumerator.
    Redesignate { path: String, to: String },
}

impl OpKind {
    /// A short description for messages: `strike "…"`, `add_after (c)`.
    pub fn describe(&self) -> String {
        let clip = |s: &str| {
            let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(59).collect::<String>())
            } else {
                s
            }
        };
        match self {
            OpKind::Strike { strike, insert, .. } if insert.is_empty() => format!("strike \"{}\"", clip(strike)),
            OpKind::Strike { strike, insert, .. } => format!("strike \"{}\" insert \"{}\"", clip(strike), clip(insert)),
            OpKind::Insert { anchor, after, .. } => {
                format!("insert {} \"{}\"", if *after { "after" } else { "before" }, clip(anchor))
            }
            OpKind::AddAfter { path, .. } => format!("add_after {path}"),
            OpKind::Replace { path, .. } => format!("replace {path}"),
            OpKind::Repeal { path } => format!("repeal {path}"),
            OpKind::Redesignate { path, to } => format!("redesignate {path} as {to}"),
        }
    }
}

impl Proposal {
    /// Reads a proposal file (`-` reads standard input; `base` is then relative to the
    /// working directory).
    pub fn read(arg: &str) -> Result<Proposal> {
        Proposal::from_source(&Source::read(arg)?)
    }

    /// Parses and validates a proposal.
    pub fn from_source(src: &Source) -> Result<Proposal> {
        let raw: RawProposal = toml::from_str(&src.text).map_err(|e| toml_error(src, 0, &e))?;
        let err = |span: std::ops::Range<usize>, msg: String| {
            let (line, column) = src.line_col(span.start);
            Error::at(&src.name, line, column, msg).with_detail(caret_snippet(
                &src.text,
                span.start,
                span.len().clamp(1, 40),
            ))
        };
        let dir = src.path.as_deref().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
        let base = raw.base.as_ref().map(|b| clean_path(&dir.join(b.get_ref())));
        let base_refused = raw.base.as_ref().zip(base.as_deref()).and_then(|(b, path)| {
            let root = tree_root(&dir)?;
            let resolved = path.canonicalize().ok()?;
            (!resolved.starts_with(&root)).then(|| {
                err(
                    b.span(),
                    format!(
                        "`base` resolves outside {} (the nearest folder above the proposal that holds `statutes/`, or the proposal's own folder); give the statute on the command line instead",
                        root.display()
                    ),
                )
            })
        });
        let mut ids = std::collections::HashSet::new();
        let mut amendments = Vec::new();
        if raw.amendment.is_empty() {
            return Err(Error::file(&src.name, "a proposal needs at least one [[amendment]]"));
        }
        for a in &raw.amendment {
            let span = a.span();
            let a = a.get_ref();
            if !ids.insert(a.id.get_ref().clone()) {
                return Err(err(a.id.span(), format!("duplicate amendment id `{}`", a.id.get_ref())));
            }
            if a.op.is_empty() {
                return Err(err(a.id.span(), format!("amendment `{}` has no [[amendment.op]]", a.id.get_ref())));
            }
            let mut ops = Vec::new();
            for op in &a.op {
                let (line, column) = src.line_col(op.span().start);
                let kind = op_kind(op.get_ref())
                    .map_err(|m| err(op.span(), format!("amendment `{}`: {m}", a.id.get_ref())))?;
                ops.push(Op { kind, at: op.get_ref().at.clone(), line, column });
            }
            amendments.push(Amendment {
                id: a.id.get_ref().clone(),
                title: a.title.clone(),
                description: a.description.clone(),
                group: a.group.clone().filter(|g| !g.trim().is_empty()),
                ops,
                line: src.line_col(span.start).0,
            });
        }
        Ok(Proposal {
            name: src.name.clone(),
            title: raw.title,
            jurisdiction: raw.jurisdiction,
            description: raw.description,
            base,
            base_refused,
            amendments,
        })
    }

    /// Whether some amendments are alternatives to one another.
    pub fn has_alternatives(&self) -> bool {
        self.amendments.iter().any(|a| a.group.is_some())
    }

    /// Every combination of alternatives, as amendment indexes in proposal order: the
    /// amendments outside any group, with one amendment of each group (groups in order of
    /// first appearance, alternatives in proposal order; the first combination takes each
    /// group's first). At most `limit` combinations; the second value says whether more
    /// were left out.
    pub fn combinations(&self, limit: usize) -> (Vec<Vec<usize>>, bool) {
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, a) in self.amendments.iter().enumerate() {
            if let Some(g) = a.group.as_deref() {
                match groups.iter_mut().find(|(name, _)| *name == g) {
                    Some((_, members)) => members.push(i),
                    None => groups.push((g, vec![i])),
                }
            }
        }
        let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
        let mut cut = false;
        for (_, members) in &groups {
            let mut next = Vec::new();
            'outer: for c in &combos {
                for &m in members {
                    if next.len() == limit {
                        cut = true;
                        break 'outer;
                    }
                    let mut c = c.clone();
                    c.push(m);
                    next.push(c);
                }
            }
            combos = next;
        }
        let ungrouped: Vec<usize> =
            (0..self.amendments.len()).filter(|&i| self.amendments[i].group.is_none()).collect();
        let combos = combos
            .into_iter()
            .map(|mut c| {
                c.extend(ungrouped.iter().copied());
                c.sort_unstable();
                c
            })
            .collect();
        (combos, cut)
    }

    /// The amendments applied when one text is wanted (`apply`, `score`): all of them, or,
    /// with alternatives, the first combination.
    pub fn default_selection(&self) -> Vec<usize> {
        if self.has_alternatives() {
            self.combinations(1).0.swap_remove(0)
        } else {
            (0..self.amendments.len()).collect()
        }
    }

    /// Reads the base statute: it must be a regular file inside the proposal's tree (the
    /// nearest folder above the proposal holding a `statutes/` folder, or else the
    /// proposal's own folder), so that a proposal cannot make a report quote any file on
    /// the machine. `how` is the command to suggest when there is no `base`.
    pub fn base_source(&self, how: &str) -> Result<Source> {
        if let Some(e) = &self.base_refused {
            return Err(e.clone());
        }
        let base = self.base.as_ref().ok_or_else(|| {
            Error::file(&self.name, format!("the proposal names no `base`; give the statute too: {how}"))
        })?;
        Source::read_regular(&base.display().to_string())
    }
}

/// The folder a proposal's `base` must stay in: the nearest ancestor of `dir` (the
/// proposal's folder; empty for the working directory) holding a `statutes/` folder, or
/// `dir` itself; canonical.
fn tree_root(dir: &Path) -> Option<PathBuf> {
    let start = if dir.as_os_str().is_empty() { Path::new(".") } else { dir }.canonicalize().ok()?;
    Some(start.ancestors().find(|a| a.join("statutes").is_dir()).unwrap_or(&start).to_path_buf())
}

/// Removes `.` and `dir/..` from a path without touching the file system, so that a
/// base named relative to a proposal reads as the user would name it.
fn clean_path(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// Checks an operation's keys and turns it into an [`OpKind`].
fn op_kind(o: &RawOp) -> std::result::Result<OpKind, String> {
    // Text that goes into the statute must be text the tool can read back: no NUL or
    // other control characters (line breaks and tabs aside).
    for (key, text) in [("insert", &o.insert), ("text", &o.text)] {
        if let Some(c) =
            text.as_deref().and_then(|t| t.chars().find(|&c| c == '\0' || crate::text::controls::is_shown_escaped(c)))
        {
            return Err(format!(
                "`{key}` holds the control character U+{:04X}; statute text cannot hold it (write the words only)",
                c as u32
            ));
        }
    }
    let text_keys = [o.strike.is_some(), o.before.is_some(), o.after.is_some()];
    let path_keys = [o.add_after.is_some(), o.replace.is_some(), o.repeal.is_some(), o.redesignate.is_some()];
    let n_text = text_keys.iter().filter(|b| **b).count();
    let n_path = path_keys.iter().filter(|b| **b).count();
    if n_text + n_path == 0 {
        return Err(if o.insert.is_some() {
            "`insert` needs `strike`, `before` or `after` to say where".into()
        } else {
            "an operation needs one of strike, insert (with before or after), add_after, replace, repeal, redesignate"
                .into()
        });
    }
    if n_text + n_path > 1 {
        return Err(
            "an operation does one thing: use one of strike, before, after, add_after, replace, repeal, redesignate"
                .into(),
        );
    }
    let no = |present: bool, key: &str, with: &str| {
        if present {
            Err(format!("`{key}` does not go with `{with}`"))
        } else {
            Ok(())
        }
    };
    if n_path == 1 {
        no(o.insert.is_some(), "insert", "a provision operation")?;
        no(o.occurrence.is_some(), "occurrence", "a provision operation")?;
        no(o.at.is_some(), "at", "a provision operation (the path names the provision)")?;
    }
    let need_text =
        |key: &str| o.text.clone().filter(|t| !t.trim().is_empty()).ok_or_else(|| format!("`{key}` needs `text`"));
    if let Some(p) = &o.add_after {
        no(o.as_.is_some(), "as", "add_after")?;
        return Ok(OpKind::AddAfter { path: p.clone(), text: need_text("add_after")? });
    }
    if let Some(p) = &o.replace {
        no(o.as_.is_some(), "as", "replace")?;
        return Ok(OpKind::Replace { path: p.clone(), text: need_text("replace")? });
    }
    no(o.text.is_some(), "text", "this operation")?;
    if let Some(p) = &o.repeal {
        no(o.as_.is_some(), "as", "repeal")?;
        return Ok(OpKind::Repeal { path: p.clone() });
    }
    if let Some(p) = &o.redesignate {
        let to = o.as_.clone().ok_or("`redesignate` needs `as`")?;
        return Ok(OpKind::Redesignate { path: p.clone(), to });
    }
    no(o.as_.is_some(), "as", "a text operation")?;
    if o.occurrence == Some(0) {
        return Err("`occurrence` counts from 1".into());
    }
    if let Some(s) = &o.strike {
        if s.trim().is_empty() {
            return Err("`strike` is empty".into());
        }
        return Ok(OpKind::Strike {
            strike: s.clone(),
            insert: o.insert.clone().unwrap_or_default(),
            occurrence: o.occurrence,
        });
    }
    let (anchor, after) = match (&o.before, &o.after) {
        (Some(b), None) => (b.clone(), false),
        (None, Some(a)) => (a.clone(), true),
        _ => unreachable!("one text key"),
    };
    if anchor.trim().is_empty() {
        return Err("the anchor text is empty".into());
    }
    let insert = o.insert.clone().filter(|i| !i.is_empty()).ok_or("`before`/`after` needs `insert`")?;
    Ok(OpKind::Insert { anchor, insert, after, occurrence: o.occurrence })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Proposal> {
        Proposal::from_source(&Source::from_text("p.toml", text))
    }

    #[test]
    fn reads_operations() {
        let p = parse(
            "title = \"T\"\nbase = \"s.txt\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nat = \"(a)\"\nstrike = \"x\"\ninsert = \"y\"\n[[amendment.op]]\nrepeal = \"(b)\"\n",
        )
        .unwrap();
        assert_eq!(p.amendments[0].ops.len(), 2);
        assert_eq!(
            p.amendments[0].ops[0].kind,
            OpKind::Strike { strike: "x".into(), insert: "y".into(), occurrence: None }
        );
        assert_eq!(p.amendments[0].ops[0].at.as_deref(), Some("(a)"));
        assert_eq!(p.amendments[0].ops[1].line, 10);
    }

    #[test]
    fn bad_operations_name_the_place() {
        let e = parse("title = \"T\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\ninsert = \"y\"\n")
            .unwrap_err();
        assert!(
            e.to_string().starts_with("p.toml:5:1: amendment `a`: `insert` needs `strike`, `before` or `after`"),
            "{e}"
        );
        let e = parse("title = \"T\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nstrike = \"x\"\nrepeal = \"(b)\"\n").unwrap_err();
        assert!(e.to_string().contains("an operation does one thing"), "{e}");
        let e = parse("title = \"T\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nstrke = \"x\"\n")
            .unwrap_err();
        assert!(e.to_string().contains("unknown field `strke`"), "{e}");
    }
}
