//! Bad input never panics: each error's first line names the file and place, the exit
//! code is 2, and nothing is written.

mod common;

use common::{read, redline};

/// Runs redline, expects exit 2, returns the first line of stderr.
fn first_error_line(args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut cmd = redline();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(out.stdout.is_empty(), "nothing is written on error");
    assert!(!err.contains("panicked"), "{err}");
    err.lines().next().unwrap_or("").to_string()
}

fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_string_lossy().to_string();
    (dir, p)
}

#[test]
fn missing_file() {
    let line = first_error_line(&["score", "no/such/file.txt"], None);
    assert_eq!(line, "error: no/such/file.txt: no such file");
}

#[test]
fn directory_instead_of_file() {
    let line = first_error_line(&["score", "statutes"], None);
    assert_eq!(line, "error: statutes: is a directory, not a file");
}

#[test]
fn empty_and_binary_files() {
    let (_d, p) = temp_file("empty.txt", b"");
    assert!(first_error_line(&["score", &p], None).ends_with("empty.txt: file is empty: no text to read"));
    let (_d, p) = temp_file("bin.txt", b"GIF89a\x00\x01\x02");
    let line = first_error_line(&["score", &p], None);
    assert!(line.contains("bin.txt:1:7: binary file: NUL byte at byte offset 6"), "{line}");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let (_d, p) = temp_file("latin1.txt", b"(a) A person\n(b) caf\xe9 text");
    let line = first_error_line(&["score", &p], None);
    assert!(line.contains("latin1.txt:2:8: invalid UTF-8 at byte offset 20"), "{line}");
    let line = first_error_line(&["outline", "-"], Some(b"ok\n\xff"));
    assert!(line.starts_with("error: <stdin>:2:1: invalid UTF-8"), "{line}");
}

#[test]
fn crlf_and_bom_are_accepted() {
    let text = read("statutes/CT/54-95c@2016.txt").replace('\n', "\r\n");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(text.as_bytes());
    let (_d, p) = temp_file("crlf.txt", &bytes);
    let out = redline().args(["score", &p, "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 45);
    // Evidence offsets point into the file as read (BOM and CRs included).
    let e = &v["categories"][0]["evidence"][0];
    let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
    assert_eq!(std::str::from_utf8(&bytes[s..t]).unwrap(), e["quote"].as_str().unwrap());
}

#[test]
fn malformed_front_matter() {
    let (_d, p) = temp_file("fm.txt", b"+++\nversion = \n+++\nText of the law.");
    let line = first_error_line(&["score", &p], None);
    assert!(line.contains("fm.txt:2:"), "{line}");
    let (_d, p) = temp_file("open.txt", b"+++\nversion = \"1\"\nText of the law.");
    let line = first_error_line(&["score", &p], None);
    assert!(line.contains("open.txt:1:1: front matter opened with `+++` is never closed"), "{line}");
}

fn rubric_with(replace: &str, with: &str) -> (tempfile::TempDir, String) {
    let text = read("rubrics/polaris-2019.toml");
    assert!(text.contains(replace), "fixture text not found: {replace}");
    temp_file("r.toml", text.replacen(replace, with, 1).as_bytes())
}

#[test]
fn rubric_with_a_bad_regex_shows_a_caret() {
    let (_d, p) =
        rubric_with(r"pattern = '\bclear and convincing\b(?: evidence)?'", r"pattern = '\bclear and (convincing'");
    let out = redline().args(["score", "statutes/CT/54-95c@2016.txt", "--rubric", &p]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let first = err.lines().next().unwrap();
    assert!(first.contains("r.toml:") && first.contains("invalid pattern in rule `clear-and-convincing`"), "{err}");
    assert!(err.contains("^"), "a caret under the pattern:\n{err}");
}

#[test]
fn rubric_with_an_unknown_field_or_duplicate_id() {
    let (_d, p) = rubric_with("summary = \"clear and convincing evidence\"", "summary = \"x\"\ncolour = \"red\"");
    let line = first_error_line(&["rubric", "check", &p], None);
    assert!(line.contains("r.toml:") && line.contains("unknown field `colour`"), "{line}");
    let (_d, p) = rubric_with("id = \"preponderance\"", "id = \"clear-and-convincing\"");
    let line = first_error_line(&["rubric", "check", &p], None);
    assert!(line.contains("duplicate rule id `clear-and-convincing`"), "{line}");
}

#[test]
fn rubric_that_is_not_toml() {
    let (_d, p) = temp_file("bad.toml", b"id = \"x\"\nname = [unclosed\n");
    let line = first_error_line(&["rubric", "show", &p], None);
    assert!(line.starts_with(&format!("error: {p}:2:")), "{line}");
    let line = first_error_line(&["score", "statutes/CT/54-95c@2016.txt", "--rubric", "no-such-rubric"], None);
    assert!(line.contains("no built-in rubric with this id"), "{line}");
}

#[test]
fn output_over_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("s.txt");
    std::fs::copy(common::root().join("statutes/CT/54-95c@2016.txt"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = redline().args(["score"]).arg(&input).arg("-o").arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write over an input file"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn output_to_an_unwritable_place_leaves_nothing() {
    let out =
        redline().args(["score", "statutes/CT/54-95c@2016.txt", "-o", "/nonexistent-dir/x.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: /nonexistent-dir/x.json: cannot write output"), "{err}");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    let out =
        redline().args(["score", "statutes/CT/54-95c@2016.txt", "--format", "json", "-o"]).arg(&path).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(v["total"], 45);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn text_without_trafficking_relief_scores_zero_with_notes() {
    let (_d, p) = temp_file(
        "plain.txt",
        b"(a) A person convicted of theft may apply to have the record sealed after five years.\n",
    );
    let out = redline().args(["score", &p, "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 0);
    assert!(v["scope"]["applies"].is_null());
    for c in v["categories"].as_array().unwrap() {
        assert_eq!(c["points"], 0);
        assert_eq!(c["basis"], "not_applicable");
        assert!(c["note"].as_str().unwrap().contains("looked for"), "{c}");
    }
    // Not a level's wording ("Statute does not allow any judicial discretion." would be a
    // false finding): the rubric's words for a text it does not grade.
    for c in v["categories"].as_array().unwrap() {
        assert!(c["level"].as_str().unwrap().starts_with("no provision grants criminal record relief"), "{c}");
    }
}

#[test]
fn usage_errors_exit_two() {
    let out = redline().args(["score"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = redline().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = redline().args(["--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn input_over_the_size_limit_is_refused() {
    // A 50 MB file (sparse, so the test stays cheap) is refused before it is read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    std::fs::File::create(&path).unwrap().set_len(50_000_000).unwrap();
    let line = first_error_line(&["score", &path.to_string_lossy()], None);
    assert!(line.ends_with("huge.txt: file is 50000000 bytes, over the 32 MiB input limit"), "{line}");
    // The same limit holds for standard input.
    let big = vec![b'a'; 33 * 1024 * 1024];
    let out = redline().args(["outline", "-"]).write_stdin(big).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().next().unwrap(), "error: <stdin>: input is over the 32 MiB input limit");
}

#[test]
fn deeply_nested_and_malformed_enumerators_parse() {
    // Every enumerator style at once, repeated, nested beyond any real statute, unbalanced
    // parentheses, and enumerators with no text: an outline, never a crash.
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(
            ["(a)", "(1)", "(A)", "(i)", "(I)", "(aa)", "((", ")", "(ii)", "§ 1.", "A.", "(b)(b)(b)"][i % 12],
        );
        text.push(if i % 7 == 0 { '\n' } else { ' ' });
    }
    text.push_str(&"(".repeat(20_000));
    text.push_str("\n(a)(1)(A)(i)(I)(aa)(1)(a)(A)(i) deep\n");
    // A long stream of enumerators in a scrambled order (a fixed generator): nesting is
    // capped at a depth no real statute reaches, so the parse stays linear.
    let styles = [
        "(a)", "(1)", "(A)", "(i)", "(I)", "(aa)", "(ii)", "(b)", "(2)", "((", ")", "§ 1.", "Sec. 2.", "1.", "a.", "A.",
    ];
    let mut x: u32 = 7;
    for _ in 0..6_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        text.push_str(styles[(x >> 16) as usize % styles.len()]);
        text.push(' ');
    }
    let (_d, p) = temp_file("nested.txt", text.as_bytes());
    let out = redline().args(["outline", &p]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let outline = String::from_utf8(out.stdout).unwrap();
    assert!(outline.contains("(a)(1)(A)(i)"), "{outline}");
    let deepest = outline.lines().map(|l| (l.len() - l.trim_start().len()) / 2).max().unwrap();
    assert!((6..=12).contains(&deepest), "nesting depth {deepest}");
    let out = redline().args(["score", &p, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 0);
}

#[test]
fn proposal_with_a_missing_base() {
    let (dir, _) = temp_file("unused.txt", b"x");
    let ops = "[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nstrike = \"x\"\n";
    let none = dir.path().join("nobase.toml");
    std::fs::write(&none, format!("title = \"T\"\n{ops}")).unwrap();
    let line = first_error_line(&["diff", &none.to_string_lossy()], None);
    assert!(
        line.ends_with(
            "nobase.toml: the proposal names no `base`; give the statute too: redline diff STATUTE PROPOSAL"
        ),
        "{line}"
    );
    let gone = dir.path().join("gone.toml");
    std::fs::write(&gone, format!("title = \"T\"\nbase = \"no/such/base.txt\"\n{ops}")).unwrap();
    let line = first_error_line(&["apply", &gone.to_string_lossy()], None);
    assert!(line.contains("no/such/base.txt: no such file"), "{line}");
}

#[cfg(unix)]
#[test]
fn output_to_a_device_or_pipe_writes_through_it() {
    // `-o /dev/null` or `-o` a named pipe must write into it, not rename a file over it
    // (which would replace the device). A named pipe in a temporary directory shows it
    // without touching the machine's devices.
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out =
        redline().args(["score", "statutes/CT/54-95c@2016.txt", "--format", "json", "-o"]).arg(&fifo).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Checked before joining the reader, which would wait forever on a replaced pipe.
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe was replaced");
    let v: serde_json::Value = serde_json::from_slice(&reader.join().unwrap()).unwrap();
    assert_eq!(v["total"], 45);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
}
