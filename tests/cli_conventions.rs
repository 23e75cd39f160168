//! The command line's conventions: a generated manual page and shell completions.

use assert_cmd::Command;

fn redline(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("redline").unwrap().args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

/// `docs/redline.1` is the generated page: regenerate it with
/// `cargo run -q -- man > docs/redline.1` when the command line changes.
#[test]
fn the_committed_man_page_is_the_generated_one() {
    let (code, page) = redline(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH redline 1"), "{page}");
    for sub in ["score", "diff", "apply", "outline", "rubric", "completions", "man"] {
        assert!(page.contains(&format!("redline\\-{sub}")), "{sub} listed");
    }
    let committed = std::fs::read_to_string("docs/redline.1").unwrap();
    assert!(committed == page, "docs/redline.1 is stale: run `cargo run -q -- man > docs/redline.1`");
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in
        [("bash", "complete -F _redline"), ("zsh", "#compdef redline"), ("fish", "complete -c redline")]
    {
        let (code, script) = redline(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(script.contains(marker), "{shell}: {script}");
        // Subcommands and their options are completed.
        assert!(script.contains("outline") && script.contains("max-tokens"), "{shell}");
    }
    let out = Command::cargo_bin("redline").unwrap().args(["completions", "cmd.exe"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A mistyped statute path names the nearest existing files: other versions of the same
/// section first, then names a few letters off; nothing far off is offered.
#[test]
fn a_mistyped_path_names_the_nearest_statute_files() {
    let err = |path: &str| {
        let out = Command::cargo_bin("redline").unwrap().args(["score", path]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(
        err("statutes/CT/54-95c@2018.txt"),
        "error: statutes/CT/54-95c@2018.txt: no such file; the nearest are statutes/CT/54-95c@2016.txt, statutes/CT/54-95c@2021.txt\n"
    );
    // A wrong folder: the files of the folders beside it.
    assert!(err("statutes/ct/54-95c@2016.txt").contains("the nearest are statutes/CT/54-95c@2016.txt"));
    assert_eq!(err("statutes/CT/zzzz.txt"), "error: statutes/CT/zzzz.txt: no such file\n");
}
