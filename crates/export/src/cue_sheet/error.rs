//! Why a cue sheet could not be timed.

use super::CueCode;
use crate::timecode::{FrameRate, Timecode, TimecodeError};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum CueSheetError {
    /// The start timecode was read at another frame rate than the sheet's.
    #[error("the start timecode {start} is at {}, but the cue sheet is at {}: read the start at the same --fps", start.rate().describe(), fps.describe())]
    StartRate { start: Timecode, fps: FrameRate },
    /// A cue cannot be placed: it ends past the last timecode of the day, or its time is not a
    /// number.
    #[error("cue {code} `{title}` cannot be timed: {error} (choose an earlier start timecode)")]
    Timing {
        code: CueCode,
        title: String,
        error: TimecodeError,
    },
}

impl CueSheetError {
    pub(super) fn timing(code: CueCode, title: &str, error: TimecodeError) -> CueSheetError {
        CueSheetError::Timing {
            code,
            title: title.to_string(),
            error,
        }
    }
}
