//! The `-o` checks: in a fresh folder holding two inputs (read as a command reads them)
//! and links the data asks for, writing to a path the data names never changes an input,
//! never panics, and never leaves a temporary file behind.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use redline::cli::output::{Output, Shown};
use redline::text::{inputs, Source};

fuzz_target!(|data: &[u8]| {
    let Some((&ops, rest)) = data.split_first() else { return };
    let Ok(dir) = tempfile::tempdir() else { return };
    let a = dir.path().join("a.txt");
    let b = dir.path().join("sub/b.txt");
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::write(&a, "statute a\n").unwrap();
    std::fs::write(&b, "statute b\n").unwrap();
    inputs::forget_all();
    let _ = Source::read(&a.display().to_string()).unwrap();
    let _ = Source::read(&b.display().to_string()).unwrap();
    // Names from the data: path components inside the folder (no `..`, no root).
    let text = String::from_utf8_lossy(rest);
    let names: Vec<String> = text
        .split('|')
        .map(|s| s.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/')).collect::<String>())
        .map(|s| s.split('/').filter(|c| !c.is_empty() && *c != "." && *c != "..").collect::<Vec<_>>().join("/"))
        .filter(|s| !s.is_empty())
        .take(4)
        .collect();
    let Some(target) = names.first() else { return };
    let target: PathBuf = dir.path().join(target);
    // Links from the other names to the inputs, as the op bits say.
    for (k, name) in names.iter().enumerate().skip(1) {
        let link = dir.path().join(name);
        if let Some(parent) = link.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let to = if ops & (1 << k) != 0 { &a } else { &b };
        let _ = if ops & 0x10 != 0 { std::fs::hard_link(to, &link) } else { std::os::unix::fs::symlink(to, &link) };
    }
    if ops & 0x20 != 0 {
        let _ = std::os::unix::fs::symlink(&a, &target);
    }
    let before = entries(dir.path());
    let result = Output::File(target.clone()).write("report\n", Shown::Text { color: false });
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "statute a\n", "input a changed (target {target:?}, {result:?})");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "statute b\n", "input b changed (target {target:?}, {result:?})");
    if result.is_ok() {
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "report\n");
    }
    // Nothing new is left but the output itself (through a link, its target).
    let written = std::fs::canonicalize(&target).ok();
    for new in entries(dir.path()).into_iter().filter(|e| !before.contains(e)) {
        let same = std::fs::canonicalize(&new).ok() == written || new == target;
        assert!(same, "left behind: {new:?} (target {target:?}, {result:?})");
    }
});

/// Every path under `dir`.
fn entries(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            out.push(e.path());
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            }
        }
    }
    out
}
