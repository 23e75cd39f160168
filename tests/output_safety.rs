//! Issue 10: never lose a file, never hang, never print what the input smuggles in. One
//! test per guard, named after what it guards; inputs are generated here (in temporary
//! folders), not committed.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{redline, root};

const CT: &str = "statutes/CT/54-95c@2016.txt";

/// A temporary folder shaped like the repository: `statutes/CT/` with the two
/// Connecticut texts, `proposals/CT/` with the shipped proposal and bill.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in [
        "statutes/CT/54-95c@2016.txt",
        "statutes/CT/54-95c@2021.txt",
        "proposals/CT/expand-vacatur.toml",
        "proposals/CT/2021-acts.html",
    ] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(rel), to).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    redline().current_dir(dir).args(args).timeout(Duration::from_secs(60)).output().unwrap()
}

fn first_stderr_line(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or("").to_string()
}

/// Asserts exit 2 with a refusal naming `input`, and that `file` still holds `before`.
fn assert_refused(out: &std::process::Output, input: &str, file: &Path, before: &[u8]) {
    assert_eq!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let line = first_stderr_line(out);
    assert!(line.contains("refusing to write over an input file") && line.contains(input), "{line}");
    assert_eq!(std::fs::read(file).unwrap(), before, "the input is unchanged");
}

#[test]
fn output_refuses_the_proposal_base() {
    let dir = tree();
    let base = dir.path().join(CT);
    let before = std::fs::read(&base).unwrap();
    let out = run(dir.path(), &["diff", "proposals/CT/expand-vacatur.toml", "-o", CT]);
    assert_refused(&out, "54-95c@2016.txt", &base, &before);
    let out = run(dir.path(), &["apply", "proposals/CT/expand-vacatur.toml", "-o", CT]);
    assert_refused(&out, "54-95c@2016.txt", &base, &before);
}

#[test]
fn output_refuses_the_rubric_file() {
    let dir = tree();
    let rubric = dir.path().join("r.toml");
    std::fs::copy(root().join("rubrics/polaris-2019.toml"), &rubric).unwrap();
    let before = std::fs::read(&rubric).unwrap();
    let out = run(dir.path(), &["score", CT, "--rubric", "r.toml", "-o", "r.toml"]);
    assert_refused(&out, "r.toml", &rubric, &before);
}

#[test]
fn output_refuses_the_statute_a_bill_matched() {
    let dir = tree();
    let statute = dir.path().join(CT);
    let before = std::fs::read(&statute).unwrap();
    let out = run(dir.path(), &["diff", "proposals/CT/2021-acts.html", "-o", CT]);
    assert_refused(&out, "54-95c@2016.txt", &statute, &before);
}

#[test]
fn output_refuses_standard_input() {
    let dir = tree();
    let statute = dir.path().join(CT);
    let before = std::fs::read(&statute).unwrap();
    // `redline score - -o S < S`, and `-o /dev/stdin`, which names the same file.
    for target in [CT, "/dev/stdin"] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("redline"))
            .current_dir(dir.path())
            .args(["score", "-", "-o", target])
            .stdin(std::fs::File::open(&statute).unwrap())
            .output()
            .unwrap();
        assert_refused(&out, "<stdin>", &statute, &before);
    }
}

#[test]
fn output_refuses_a_hard_link_to_an_input() {
    let dir = tree();
    let statute = dir.path().join(CT);
    let link = dir.path().join("link.txt");
    std::fs::hard_link(&statute, &link).unwrap();
    let before = std::fs::read(&statute).unwrap();
    let out = run(dir.path(), &["score", CT, "-o", "link.txt"]);
    assert_refused(&out, "54-95c@2016.txt", &statute, &before);
}

#[cfg(unix)]
#[test]
fn temporary_file_is_never_followed_through_a_planted_link() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let out = dir.path().join("out.txt");
    // The name an earlier version used, predictable from the process id.
    let planted = dir.path().join(format!(".out.txt.redline-{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    redline::cli::output::write_atomic(&out, b"report").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "report");
    // Nothing else is left beside the output.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("redline") && n.ends_with(".tmp") && !n.contains(&std::process::id().to_string()))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(unix)]
#[test]
fn interrupted_write_leaves_no_temporary_file() {
    let dir = tree();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("redline"))
        .current_dir(dir.path())
        .args(["score", CT, "-o", "report.txt"])
        .env("REDLINE_TEST_PAUSE_BEFORE_RENAME_MS", "30000")
        .spawn()
        .unwrap();
    // Wait for the temporary file to appear, then interrupt.
    let temp = || -> Option<PathBuf> {
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".redline.tmp")))
    };
    let mut waited = 0;
    while temp().is_none() && waited < 600 {
        std::thread::sleep(Duration::from_millis(50));
        waited += 1;
    }
    assert!(temp().is_some(), "the temporary file appears while the command runs");
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "ends with 128 + SIGINT");
    assert!(temp().is_none(), "the signal handler removed the temporary file");
    assert!(!dir.path().join("report.txt").exists(), "no partial output");
}

#[cfg(unix)]
#[test]
fn replaced_output_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree();
    let out = dir.path().join("private.txt");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = run(dir.path(), &["score", CT, "-o", "private.txt"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().contains("TOTAL"));
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
}

#[cfg(unix)]
#[test]
fn reading_a_device_stops_at_the_input_limit() {
    let dir = tree();
    for args in [vec!["score", "/dev/zero"], vec!["score", CT, "--rubric", "/dev/zero"]] {
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            first_stderr_line(&out).contains("/dev/zero: input is over the 32 MiB input limit"),
            "{}",
            first_stderr_line(&out)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_where_a_statute_is_expected_does_not_hang() {
    let dir = tree();
    // A pipe named like a statute of the section the bill restates, and a proposal whose
    // base is a pipe: neither is opened (nothing ever writes to them).
    let fifo = dir.path().join("statutes/CT/54-95c@2000.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = run(dir.path(), &["diff", "proposals/CT/2021-acts.html", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let p = dir.path().join("proposals/CT/pipe.toml");
    std::fs::write(
        &p,
        "title = \"T\"\nbase = \"../../statutes/CT/54-95c@2000.txt\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nstrike = \"x\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &["diff", "proposals/CT/pipe.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(first_stderr_line(&out).contains("is not a regular file"), "{}", first_stderr_line(&out));
}

#[test]
fn diff_budget_maxima_are_refused_past_their_range() {
    for (flag, value) in [("--max-edits", "1000001"), ("--max-tokens", "16777217"), ("--max-tokens", "0")] {
        let out = redline().args(["diff", CT, "statutes/CT/54-95c@2021.txt", flag, value]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("is not in"), "{flag} {value}");
    }
    // At their maxima the diff runs, in memory linear in the text.
    let out = redline()
        .args(["diff", CT, "statutes/CT/54-95c@2021.txt", "--max-edits", "1000000", "--max-tokens", "16777216"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn rubric_pattern_too_large_to_compile_is_a_load_error_for_every_command() {
    let dir = tree();
    let text = std::fs::read_to_string(root().join("rubrics/polaris-2019.toml")).unwrap();
    // A pattern that parses but whose automaton is over the size limit.
    let huge = text.replacen("pattern = '''", "pattern = '''(?:\\w{1000}){1000}|", 1);
    assert_ne!(huge, text);
    std::fs::write(dir.path().join("huge.toml"), huge).unwrap();
    for args in [
        vec!["score", CT, "--rubric", "huge.toml"],
        vec!["diff", "proposals/CT/expand-vacatur.toml", "--rubric", "huge.toml"],
        vec!["rubric", "show", "huge.toml"],
    ] {
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let line = first_stderr_line(&out);
        assert!(line.starts_with("error: huge.toml:") && line.contains("too large to compile"), "{line}");
    }
}

#[test]
fn numeric_options_are_exact_decimals_echoed_as_given() {
    for bad in ["99.99", "NaN", "inf", "1e2", "-1"] {
        let out = redline().args(["score", CT, "--fail-under", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "--fail-under {bad}");
    }
    let out = redline().args(["score", CT, "--fail-under", "100.5"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(first_stderr_line(&out).contains("--fail-under 100.5: over the rubric's maximum of 100"));
    // Connecticut 2016 scores 45: 45.0 passes, 45.1 fails and is echoed as written.
    let out = redline().args(["score", CT, "--fail-under", "45.0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = redline().args(["score", CT, "--fail-under", "45.10"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is under --fail-under 45.10"));
    let out = redline().args(["score", CT, "--assume", "offenses=1e300"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a number of points"));
}

#[cfg(unix)]
#[test]
fn a_full_stderr_changes_neither_the_exit_status_nor_the_output() {
    let dir = tree();
    // An unknown front-matter key makes a warning on stderr.
    let text = std::fs::read_to_string(dir.path().join(CT)).unwrap().replacen("+++\n", "+++\nunknown = \"x\"\n", 1);
    std::fs::write(dir.path().join("warned.txt"), text).unwrap();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("redline"))
        .current_dir(dir.path())
        .args(["score", "warned.txt", "-o", "report.txt"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(dir.path().join("report.txt")).unwrap().contains("TOTAL"));
}

/// A statute whose text and title carry terminal controls.
fn hostile_statute(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join(CT))
        .unwrap()
        .replacen(
            "citation = \"Conn. Gen. Stat.",
            "citation = \"\\u001b]0;owned\\u0007 \\u202e gnp.exe Conn. Gen. Stat.",
            1,
        )
        .replace("Superior Court", "Superior \u{1b}[2JCourt\u{8}\u{7f}\u{9b}");
    let path = dir.join("hostile.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn terminal_controls_from_inputs_are_shown_escaped() {
    let dir = tree();
    hostile_statute(dir.path());
    let raw = |b: &[u8]| b.iter().any(|&c| c == 0x1b || c == 0x07 || c == 0x08 || c == 0x7f);
    for args in [
        vec!["score", "hostile.txt"],
        vec!["score", "hostile.txt", "--color", "always"],
        vec!["score", "hostile.txt", "--format", "markdown"],
        vec!["diff", CT, "hostile.txt"],
        vec!["diff", CT, "hostile.txt", "--color", "always"],
        vec!["outline", "hostile.txt"],
    ] {
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!raw(&out.stdout), "{args:?}: a raw control reached the output");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains('\u{9b}') && !text.contains('\u{202e}'), "{args:?}");
        assert!(text.contains("\\u{1b}"), "{args:?}: shown escaped");
    }
    // Error messages too: a proposal whose amendment text is not found quotes it.
    std::fs::write(
        dir.path().join("p.toml"),
        "title = \"T\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nstrike = \"no such \u{1b}[2J words\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &["diff", CT, "p.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!raw(&out.stderr), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\\u{1b}[2J"));
}

#[test]
fn bidi_controls_are_neutralized_in_html_titles_and_headings() {
    let dir = tree();
    hostile_statute(dir.path());
    let out = run(dir.path(), &["score", "hostile.txt", "--format", "html"]);
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains('\u{202e}'), "no RLO anywhere in the page");
    let title = &html[html.find("<title>").unwrap()..html.find("</title>").unwrap()];
    assert!(title.contains("\\u{202e}"), "{title}");
}

#[test]
fn apply_writes_front_matter_that_reads_back() {
    let dir = tree();
    std::fs::write(
        dir.path().join("proposals/CT/plus.toml"),
        "title = \"Ends early?\\n+++\\nnot = 'front matter'\"\nbase = \"../../statutes/CT/54-95c@2016.txt\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nstrike = \"shall vacate\"\ninsert = \"may vacate\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &["apply", "proposals/CT/plus.toml", "-o", "amended.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let back = run(dir.path(), &["score", "amended.txt", "--format", "json"]);
    assert_eq!(back.status.code(), Some(0), "{}", String::from_utf8_lossy(&back.stderr));
    assert!(back.stderr.is_empty(), "no unknown key: {}", String::from_utf8_lossy(&back.stderr));
}

#[test]
fn apply_refuses_control_characters_in_inserts() {
    let dir = tree();
    for (what, insert) in [("nul", "\\u0000"), ("escape", "\\u001b[2J")] {
        std::fs::write(
            dir.path().join("proposals/CT/ctl.toml"),
            format!("title = \"T\"\nbase = \"../../statutes/CT/54-95c@2016.txt\"\n[[amendment]]\nid = \"bad-{what}\"\ntitle = \"A\"\n[[amendment.op]]\nafter = \"shall vacate\"\ninsert = \"{insert}\"\n"),
        )
        .unwrap();
        let out = run(dir.path(), &["apply", "proposals/CT/ctl.toml", "-o", "amended.txt"]);
        assert_eq!(out.status.code(), Some(2), "{what}");
        let line = first_stderr_line(&out);
        assert!(
            line.contains("ctl.toml:6:1")
                && line.contains(&format!("amendment `bad-{what}`"))
                && line.contains("control character"),
            "{line}"
        );
        assert!(!dir.path().join("amended.txt").exists());
    }
}

#[test]
fn bill_entities_cannot_spoof_the_bill_markers() {
    let dir = tree();
    let bill = std::fs::read_to_string(dir.path().join("proposals/CT/2021-acts.html")).unwrap();
    for (entity, what) in [("&#xE002;", "U+E002"), ("&#0;", "U+0000"), ("&#57346;", "U+E002")] {
        let spoofed = bill.replacen("<u>", &format!("{entity}<u>"), 1);
        let line_no = spoofed[..spoofed.find(entity).unwrap()].lines().count();
        std::fs::write(dir.path().join("proposals/CT/spoof.html"), &spoofed).unwrap();
        let out = run(dir.path(), &["diff", "proposals/CT/spoof.html"]);
        assert_eq!(out.status.code(), Some(2), "{entity}");
        let line = first_stderr_line(&out);
        assert!(line.contains(&format!("spoof.html:{line_no}:")) && line.contains(what), "{entity}: {line}");
    }
    // A literal private-use character is refused the same way.
    let spoofed = bill.replacen("<u>", "\u{e002}<u>", 1);
    std::fs::write(dir.path().join("proposals/CT/spoof.html"), spoofed).unwrap();
    let out = run(dir.path(), &["diff", "proposals/CT/spoof.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(first_stderr_line(&out).contains("private-use character U+E002"));
}

#[test]
fn a_proposal_base_outside_its_tree_is_refused() {
    let dir = tree();
    std::fs::write(
        dir.path().join("proposals/CT/escape.toml"),
        "title = \"T\"\nbase = \"../../../../../../../../etc/passwd\"\n[[amendment]]\nid = \"a\"\ntitle = \"A\"\n[[amendment.op]]\nstrike = \"root\"\n",
    )
    .unwrap();
    for cmd in ["diff", "apply"] {
        let out = run(dir.path(), &[cmd, "proposals/CT/escape.toml"]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let line = first_stderr_line(&out);
        assert!(line.contains("escape.toml:2:8: `base` resolves outside"), "{line}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("root:"), "nothing of the file is quoted");
    }
    // With the statute on the command line the base is not read.
    let out = run(dir.path(), &["diff", CT, "proposals/CT/escape.toml"]);
    let line = first_stderr_line(&out);
    assert!(!line.contains("resolves outside") && line.contains("amendment `a`"), "{line}");
    // The shipped proposals keep working.
    let out = redline().args(["diff", "proposals/CT/expand-vacatur.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn markdown_reports_do_not_link_bare_urls() {
    let dir = tree();
    let text = std::fs::read_to_string(root().join(CT))
        .unwrap()
        .replace("Superior Court", "Superior Court (see https://evil.example/x and www.evil.example)");
    std::fs::write(dir.path().join("urls.txt"), text).unwrap();
    let out = run(dir.path(), &["diff", CT, "urls.txt", "--format", "markdown"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(!md.contains("https://evil") && !md.contains("www.evil"), "bare URLs stay broken");
    assert!(md.contains("https\\://evil.example") || md.contains("www\\.evil"), "{md}");
}
