//! Standard input for every file argument: a proposal piped in is read as a proposal
//! (by its `[[amendment]]` tables), and `--as` says what an argument is when neither its
//! name nor its content does.

use assert_cmd::Command;

const CT: &str = "statutes/CT/54-95c@2016.txt";
const PROPOSAL: &str = "proposals/CT/expand-vacatur.toml";

fn diff(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = Command::cargo_bin("redline").unwrap().arg("diff").args(args).write_stdin(stdin).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_proposal_on_standard_input_is_a_proposal() {
    let toml = std::fs::read_to_string(PROPOSAL).unwrap();
    let (code, out, err) = diff(&[CT, "-", "--color", "never"], &toml);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Score: 45 → 68 (+23)"), "{out}");
    assert!(out.contains("[-pursuant to § 53a-82-]{+for any offense+}"), "{out}");
    // Its amendments are listed as from the file.
    assert!(out.contains("1. other-offenses"), "{out}");
}

#[test]
fn a_proposal_alone_on_standard_input_resolves_its_base_from_the_current_directory() {
    let toml = std::fs::read_to_string(PROPOSAL).unwrap().replace("../../statutes/", "statutes/");
    let (code, out, err) = diff(&["-", "--color", "never"], &toml);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Score: 45 → 68 (+23)"), "{out}");
}

#[test]
fn as_says_what_the_last_argument_is() {
    // Read as a statute, the TOML's own lines are the new text, and no amendment is listed.
    let toml = std::fs::read_to_string(PROPOSAL).unwrap();
    let (code, out, _) = diff(&[CT, "-", "--as", "statute", "--color", "never"], &toml);
    assert_eq!(code, 0);
    assert!(out.contains("{+# The proposal of seed document 001"), "{out}");
    assert!(!out.contains("1. other-offenses"), "{out}");
    // A statute read as a proposal is refused as malformed TOML, naming the place.
    let (code, out, err) = diff(&[CT, "statutes/CT/54-95c@2021.txt", "--as", "proposal"], "");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("error: statutes/CT/54-95c@2021.txt:1:"), "{err}");
    let (code, _, err) = diff(&[CT, "-", "--as", "memo"], "");
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'memo'"), "{err}");
}

/// A statute on standard input against a file: the root is the same provision, not a
/// renumbering (its shown name, the citation or `<stdin>`, differs).
#[test]
fn a_statute_on_standard_input_is_compared_provision_for_provision() {
    let text = std::fs::read_to_string("statutes/CT/54-95c@2021.txt").unwrap();
    let (code, out, err) = diff(&["statutes/CT/54-95c@2021.txt", "-", "--color", "never"], &text);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("No changes to the text."), "{out}");
    assert!(!out.contains("(was "), "{out}");
}
