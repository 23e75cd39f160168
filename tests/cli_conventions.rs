//! The command line's conventions: a generated manual page and shell completions.

use assert_cmd::Command;

fn redline(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("redline").unwrap().args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

/// `docs/redline.1` and `docs/redline-<subcommand>.1` are the generated pages: regenerate
/// them with `cargo run -q -- man > docs/redline.1` and `cargo run -q -- man diff >
/// docs/redline-diff.1` (and so on) when the command line changes.
#[test]
fn the_committed_man_pages_are_the_generated_ones() {
    let (code, page) = redline(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH redline 1"), "{page}");
    assert!(page.contains("Exit status: 0 on success; 1 when an explicit check failed"), "{page}");
    let subs = ["score", "diff", "suggest", "apply", "outline", "rubric", "completions", "man"];
    for sub in subs {
        // The main page links each subcommand's page, which exists.
        assert!(page.contains(&format!("redline\\-{sub}(1)")), "{sub} listed");
        let (code, sub_page) = redline(&["man", sub]);
        assert_eq!(code, 0, "{sub}");
        assert!(sub_page.contains(&format!(".TH redline-{sub} 1")), "{sub}");
        let committed = std::fs::read_to_string(format!("docs/redline-{sub}.1")).unwrap();
        assert!(
            committed == sub_page,
            "docs/redline-{sub}.1 is stale: run `cargo run -q -- man {sub} > docs/redline-{sub}.1`"
        );
    }
    // A subcommand's page documents its options.
    let (_, diff_page) = redline(&["man", "diff"]);
    assert!(diff_page.contains("max\\-tokens") && diff_page.contains("force\\-base"), "{diff_page}");
    let committed = std::fs::read_to_string("docs/redline.1").unwrap();
    assert!(committed == page, "docs/redline.1 is stale: run `cargo run -q -- man > docs/redline.1`");
    let out = Command::cargo_bin("redline").unwrap().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such subcommand; pages: score, diff"));
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
