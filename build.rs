//! Precomputes the literal prefilter of the built-in rubrics (see
//! `src/rubric/pattern.rs`): each pattern's required prefixes, by pattern id, in the
//! order the rubric compiler numbers patterns. Extracting them costs more at run time
//! than the compiles they save; a test checks the table against run-time extraction.

use std::fmt::Write as _;

#[path = "src/rubric/translate.rs"]
#[allow(dead_code)]
mod translate;

const BUILTIN: &[(&str, &str)] = &[
    ("polaris-2019", "rubrics/polaris-2019.toml"),
    ("sharedhope-2023", "rubrics/sharedhope-2023.toml"),
    ("pic-2019", "rubrics/pic-2019.toml"),
];

/// Patterns in compiler order: clauses (select, exclude), applies (subject, grant,
/// grant_except, rules), each category's levels' rules, the grammar's patterns, the
/// applies test's `alternatives`, the contexts' (pattern, except), each clause's
/// `defines`, then each category's own applies test (subject, grant, grant_except, rules,
/// alternatives). A rule is pattern, all, none, all_in_statute, none_in_statute.
fn patterns(doc: &toml::Table) -> Vec<String> {
    let strings = |t: &toml::Table, key: &str| -> Vec<String> {
        match t.get(key) {
            Some(toml::Value::String(s)) => vec![s.clone()],
            Some(toml::Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
            _ => Vec::new(),
        }
    };
    let tables = |t: &toml::Table, key: &str| -> Vec<toml::Table> {
        match t.get(key) {
            Some(toml::Value::Array(a)) => a.iter().filter_map(|v| v.as_table().cloned()).collect(),
            _ => Vec::new(),
        }
    };
    let rule = |r: &toml::Table| -> Vec<String> {
        ["pattern", "all", "none", "all_in_statute", "none_in_statute"].iter().flat_map(|k| strings(r, k)).collect()
    };
    let mut out = Vec::new();
    for c in tables(doc, "clause") {
        out.extend(strings(&c, "select"));
        out.extend(strings(&c, "exclude"));
    }
    if let Some(a) = doc.get("applies").and_then(|v| v.as_table()) {
        out.extend(strings(a, "subject"));
        out.extend(strings(a, "grant"));
        out.extend(strings(a, "grant_except"));
        for r in tables(a, "rule") {
            out.extend(rule(&r));
        }
    }
    for cat in tables(doc, "category") {
        for level in tables(&cat, "level") {
            for r in tables(&level, "rule") {
                out.extend(rule(&r));
            }
        }
    }
    if let Some(g) = doc.get("grammar").and_then(|v| v.as_table()) {
        for key in [
            "clause_break",
            "subordinator",
            "cancel",
            "negator",
            "negator_except",
            "definition",
            "relative",
            "main_verb",
        ] {
            out.extend(strings(g, key));
        }
    }
    if let Some(a) = doc.get("applies").and_then(|v| v.as_table()) {
        out.extend(strings(a, "alternatives"));
    }
    for c in tables(doc, "context") {
        out.extend(strings(&c, "pattern"));
        out.extend(strings(&c, "except"));
    }
    for c in tables(doc, "clause") {
        out.extend(strings(&c, "defines"));
    }
    for cat in tables(doc, "category") {
        if let Some(a) = cat.get("applies").and_then(|v| v.as_table()) {
            out.extend(strings(a, "subject"));
            out.extend(strings(a, "grant"));
            out.extend(strings(a, "grant_except"));
            for r in tables(a, "rule") {
                out.extend(rule(&r));
            }
            out.extend(strings(a, "alternatives"));
        }
    }
    out
}

fn main() {
    let mut code = String::from("/// (rubric id, prefixes by pattern id)\n#[allow(clippy::all)]\npub static TABLES: &[(&str, &[Option<&[&[u8]]>])] = &[\n");
    for (id, path) in BUILTIN {
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).expect("built-in rubric");
        // A rubric that does not parse here is reported, with its place, when it loads.
        let doc: toml::Table = toml::from_str(&text).unwrap_or_default();
        let _ = writeln!(code, "    ({id:?}, &[");
        for p in patterns(&doc) {
            let (case_sensitive, body) = translate::split_case(&p);
            let prefixes = if case_sensitive {
                None
            } else {
                translate::translate(body, true).ok().and_then(|t| translate::prefixes_of(&t))
            };
            match prefixes {
                None => code.push_str("        None,\n"),
                Some(set) => {
                    code.push_str("        Some(&[");
                    for lit in set {
                        let bytes: Vec<String> = lit.iter().map(|b| format!("{b:#04x}")).collect();
                        let _ = write!(code, "&[{}], ", bytes.join(", "));
                    }
                    code.push_str("]),\n");
                }
            }
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    println!("cargo:rerun-if-changed=src/rubric/translate.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_prefixes.rs");
    std::fs::write(out, code).unwrap();
}
