//! [`RenderError`]: what went wrong while rendering, naming the file and what was expected.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A SoundFont file that is missing, truncated or not a SoundFont 2 file.
    #[error(
        "{path}: not a usable SoundFont: {reason} (expected a General MIDI SoundFont 2 file, .sf2)"
    )]
    SoundFont { path: PathBuf, reason: String },
    /// A MIDI file that cannot be read as a Standard MIDI File.
    #[error(
        "{path}: not a usable MIDI file: {reason} (expected a Standard MIDI File, type 0 or 1)"
    )]
    Midi { path: PathBuf, reason: String },
}
