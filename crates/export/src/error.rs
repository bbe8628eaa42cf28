//! Errors raised when export output cannot be written.
//!
//! Every variant names the path that failed and what was being done to it, because "permission
//! denied" alone does not tell a user which of the dozens of files in an album folder is the
//! problem. The underlying [`std::io::Error`] is part of the message (so printing the error with
//! `{}` already says why) and is kept in the `error` field for callers that want to match on its
//! [`std::io::ErrorKind`].

use std::{io, path::PathBuf};
use thiserror::Error;

/// An export step failed on a specific path.
#[derive(Debug, Error)]
pub enum ExportError {
    /// A file could not be written (or atomically moved into place).
    #[error("could not write `{}`: {error}", path.display())]
    Write { path: PathBuf, error: io::Error },
    /// The temporary folder next to an output folder could not be created or filled.
    #[error("could not prepare the staging folder for `{}`: {error}", path.display())]
    Stage { path: PathBuf, error: io::Error },
    /// The output path holds something that is not a Leitmotif output folder; replacing it could
    /// destroy the user's files, so composing refuses.
    #[error("`{}` {why}: refusing to replace it (choose another output folder with -o)", path.display())]
    NotOutputFolder {
        path: PathBuf,
        why: &'static str,
        error: io::Error,
    },
    /// The staged output could not be swapped in place of the output folder.
    #[error("could not replace the output folder `{}` with the newly written one: {error}", path.display())]
    Commit { path: PathBuf, error: io::Error },
}

impl ExportError {
    /// The path the failure is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            ExportError::Write { path, .. }
            | ExportError::Stage { path, .. }
            | ExportError::NotOutputFolder { path, .. }
            | ExportError::Commit { path, .. } => path,
        }
    }

    /// The underlying I/O error.
    pub fn io_error(&self) -> &io::Error {
        match self {
            ExportError::Write { error, .. }
            | ExportError::Stage { error, .. }
            | ExportError::NotOutputFolder { error, .. }
            | ExportError::Commit { error, .. } => error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_path_and_reason() {
        let e = ExportError::Write {
            path: PathBuf::from("out/cue-01.mid"),
            error: io::Error::new(io::ErrorKind::PermissionDenied, "permission denied"),
        };
        let text = e.to_string();
        assert!(text.contains("out/cue-01.mid"), "{text}");
        assert!(text.contains("permission denied"), "{text}");
        assert_eq!(e.io_error().kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(e.path(), std::path::Path::new("out/cue-01.mid"));
    }
}
