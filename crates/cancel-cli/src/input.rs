//! Reading PATH arguments: a file, a directory (every `*.json` below it) or `-`.

use std::io::Read;
use std::path::{Path, PathBuf};

/// One input document and the name to report it under.
#[derive(Debug)]
pub(crate) struct Input {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// A PATH that could not be read (exit 2).
#[derive(Debug)]
pub(crate) struct Unreadable {
    pub(crate) path: String,
    pub(crate) reason: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path, self.reason)
    }
}

fn unreadable(path: &Path, e: &std::io::Error) -> Unreadable {
    Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// Expands PATH arguments into the files they name, in a stable order.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Unreadable> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(path.clone());
        } else if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            // An empty directory is almost always a wrong path: say so rather than pass.
            if found.is_empty() {
                return Err(Unreadable {
                    path: path.display().to_string(),
                    reason: "no *.json file below this directory".to_owned(),
                });
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Unreadable> {
    let entries = std::fs::read_dir(dir).map_err(|e| unreadable(dir, &e))?;
    for entry in entries {
        let path = entry.map_err(|e| unreadable(dir, &e))?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one file (or stdin for `-`), keeping at most `max_bytes + 1` bytes: a larger
/// document is refused by the parser (kind `syntax`, over the limit) without ever being
/// held whole.
pub(crate) fn read(path: &Path, max_bytes: usize) -> Result<Input, Unreadable> {
    let keep = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    let name = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(keep)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(path, &e))?;
        "-".to_owned()
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(keep).read_to_end(&mut bytes))
            .map_err(|e| unreadable(path, &e))?;
        path.display().to_string()
    };
    Ok(Input { name, bytes })
}
