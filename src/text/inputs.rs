//! Every file a command has read, by identity: the one place an output path is checked
//! against (see [`crate::cli::output`]). A file is known by its device and inode, so a
//! hard link, a symbolic link, `/dev/stdin` or `/proc/self/fd/0` naming an input is that
//! input, whatever the path says.

use std::sync::Mutex;

/// A file's identity: device and inode on Unix (elsewhere, its canonical path).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(Key);

#[cfg(unix)]
type Key = (u64, u64);
#[cfg(not(unix))]
type Key = std::path::PathBuf;

impl FileId {
    /// The identity of what `meta` describes (metadata of an open file, or of a path
    /// with symbolic links followed).
    #[cfg(unix)]
    pub fn of_metadata(meta: &std::fs::Metadata, _path: &std::path::Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        Some(FileId((meta.dev(), meta.ino())))
    }

    #[cfg(not(unix))]
    pub fn of_metadata(_meta: &std::fs::Metadata, path: &std::path::Path) -> Option<FileId> {
        path.canonicalize().ok().map(FileId)
    }

    /// The identity of the file at `path` (symbolic links followed), if it exists.
    pub fn of_path(path: &std::path::Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        FileId::of_metadata(&meta, path)
    }
}

/// What has been read: each file's identity and the name it was read under.
struct Inputs {
    files: Vec<(FileId, String)>,
    escape: bool,
}

static INPUTS: Mutex<Inputs> = Mutex::new(Inputs { files: Vec::new(), escape: false });

fn inputs() -> std::sync::MutexGuard<'static, Inputs> {
    INPUTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Records a file about to be read (`meta` is the open file's own metadata).
pub fn record(meta: &std::fs::Metadata, name: &str) {
    if let Some(id) = FileId::of_metadata(meta, std::path::Path::new(name)) {
        inputs().files.push((id, name.to_string()));
    }
}

/// The identity of standard input (a file, a pipe or a device), when it can be named.
pub fn stdin_id() -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = std::fs::File::from(fd).metadata().ok()?;
        FileId::of_metadata(&meta, std::path::Path::new("/dev/stdin"))
    }
    #[cfg(not(unix))]
    None
}

/// Records standard input, about to be read.
pub fn record_stdin() {
    if let Some(id) = stdin_id() {
        inputs().files.push((id, crate::text::source::STDIN_NAME.to_string()));
    }
}

/// The name an input was read under, when the file with identity `id` is one.
pub fn read_as(id: &FileId) -> Option<String> {
    inputs().files.iter().find(|(f, _)| f == id).map(|(_, name)| name.clone())
}

/// Notes that an input holds an ESC character.
pub fn saw_escape() {
    inputs().escape = true;
}

/// Whether any input read so far holds an ESC character: then the text format is never
/// colored, so that every ESC it could carry is shown escaped (see
/// [`crate::text::controls::escape_keeping_color`]).
pub fn hold_escape() -> bool {
    inputs().escape
}

/// Forgets every input recorded (for a fuzz target that runs many commands in one
/// process; a command never needs it).
#[doc(hidden)]
pub fn forget_all() {
    let mut i = inputs();
    i.files.clear();
    i.escape = false;
}
