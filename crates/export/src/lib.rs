//! Export: turns a [`leitmotif_score::Score`] into files a musician can open, written so that a
//! failed or interrupted run never leaves half-written output behind.
//!
//! - [`midi`]: Standard MIDI Files (type 1, conductor track + one track per part).
//! - [`atomic`]: atomic single-file writes and [`StagedDir`], which stages a whole output folder
//!   and swaps it in only once everything is written.
//! - [`manifest`]: `soundtrack.json`; [`soundtrack_dir`]: a whole composed soundtrack as a folder.
//! - [`audio`]: mastered cues as FLAC/WAV, stems and the album (rendered by leitmotif-render).
//! - [`cue_sheet`]: cue-sheet.csv/json/md; [`timecode`]: SMPTE timecode and frame rates.
//! - [`musicxml`]: MusicXML 4.0 scores for players (partwise, transposed parts), with a range check.
//! - [`error`]: [`ExportError`], naming the path that failed and why.

pub mod atomic;
pub mod audio;
pub mod cue_sheet;
pub mod error;
pub mod manifest;
pub mod midi;
pub mod musicxml;
pub mod soundtrack_dir;
pub mod timecode;

pub use atomic::{write_atomic, StagedDir};
pub use error::ExportError;
pub use midi::{score_to_smf, write_smf};
pub use soundtrack_dir::{write_soundtrack, write_soundtrack_with};

/// The score the unit tests and the golden test share (kept with the integration tests).
#[cfg(test)]
#[path = "../tests/common/small_score.rs"]
mod small_score;
