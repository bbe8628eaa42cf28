//! Why a plot could not be made. Every error names the file it is about.

use std::{io, path::PathBuf};

/// A plot failed. [`PlotError::is_input`] tells a bad input (the user's to fix) from a failure
/// to write the picture.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The file or folder to plot does not exist.
    #[error("`{}` does not exist", path.display())]
    Missing { path: PathBuf },
    /// A folder without `soundtrack.json`.
    #[error(
        "`{}` is not a Leitmotif output folder (it has no soundtrack.json): compose a story into it \
         first, or plot a single .mid, .wav or .flac file",
        path.display()
    )]
    NotOutputFolder { path: PathBuf },
    /// A file that is neither MIDI nor audio (by its extension and first bytes).
    #[error("`{}` is not something `leitmotif plot` can draw: {why}", path.display())]
    Unsupported { path: PathBuf, why: String },
    /// An input file exists but could not be read.
    #[error("could not read `{}`: {error}", path.display())]
    Read { path: PathBuf, error: io::Error },
    /// Not a valid Standard MIDI File.
    #[error("`{}` is not a readable Standard MIDI File: {why}", path.display())]
    Midi { path: PathBuf, why: String },
    /// Not a readable WAV or FLAC file.
    #[error("`{}` is not readable audio: {why}", path.display())]
    Audio { path: PathBuf, why: String },
    /// `soundtrack.json` is not a manifest this version understands.
    #[error("`{}` is not a valid Leitmotif manifest: {why}", path.display())]
    Manifest { path: PathBuf, why: String },
    /// `--cue N` names no cue of the soundtrack.
    #[error("`{}` has no cue {number} (its cues are numbered 1 to {count})", path.display())]
    NoSuchCue {
        path: PathBuf,
        number: u32,
        count: usize,
    },
    /// The picture could not be drawn (a drawing library failure).
    #[error("could not draw `{}`: {why}", path.display())]
    Draw { path: PathBuf, why: String },
    /// The picture could not be written (or moved into place).
    #[error("could not write `{}`: {error}", path.display())]
    Write { path: PathBuf, error: io::Error },
}

impl PlotError {
    /// True when the input is at fault (missing, unreadable or invalid); false when writing the
    /// picture failed.
    pub fn is_input(&self) -> bool {
        !matches!(self, PlotError::Draw { .. } | PlotError::Write { .. })
    }

    /// The file or folder the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            PlotError::Missing { path }
            | PlotError::NotOutputFolder { path }
            | PlotError::Unsupported { path, .. }
            | PlotError::Read { path, .. }
            | PlotError::Midi { path, .. }
            | PlotError::Audio { path, .. }
            | PlotError::Manifest { path, .. }
            | PlotError::NoSuchCue { path, .. }
            | PlotError::Draw { path, .. }
            | PlotError::Write { path, .. } => path,
        }
    }
}
