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
