//! The music cue sheet: one row per cue with its production number (`1M1`), title, SMPTE in and out
//! timecodes, duration, usage, the themes heard and whose they are, and the composer credit, as
//! `cue-sheet.csv`, `cue-sheet.json` and `cue-sheet.md`. Every choice is documented in
//! docs/cue-sheet.md.
//!
//! - [`CueSheet::new`] builds the sheet from a composed [`Soundtrack`];
//! - [`reel`]: reels and production cue numbers; [`credit`]: themes and their owners;
//!   [`usage`]: the PRO usage code;
//! - [`csv`], [`json`], [`markdown`]: the three renderings (`to_csv`, `to_json`, `to_markdown`).

pub mod credit;
pub mod csv;
pub mod error;
pub mod json;
pub mod markdown;
pub mod reel;
pub mod usage;

pub use credit::ThemeCredit;
pub use error::CueSheetError;
pub use reel::{CueCode, REEL_SECONDS};
pub use usage::Usage;

use crate::timecode::{FrameRate, Timecode};
use leitmotif_compose::Soundtrack;

/// How the cue sheet is timed and credited.
#[derive(Debug, Clone, PartialEq)]
pub struct CueSheetOptions {
    /// The frame rate of every timecode (`--fps`).
    pub fps: FrameRate,
    /// The timecode of the soundtrack's first instant (programme start), at `fps`:
    /// `00:00:00:00`, or e.g. `01:00:00:00` as post-production usually starts programmes.
    pub start: Timecode,
    /// The composer credit written on every cue.
    pub composer: String,
}

impl Default for CueSheetOptions {
    /// 24 fps from `00:00:00:00`, no composer named.
    fn default() -> Self {
        CueSheetOptions {
            fps: FrameRate::Fps24,
            start: Timecode::zero(FrameRate::Fps24),
            composer: String::new(),
        }
    }
}

/// One cue of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct CueSheetEntry {
    /// Production number: reel and cue within the reel (`1M1`).
    pub code: CueCode,
    /// The soundtrack's own 1-based cue number (the `NN` of the cue's files).
    pub number: u32,
    pub scene: String,
    pub title: String,
    /// Where the cue starts in the soundtrack and how long it lasts, in real seconds.
    pub start_seconds: f64,
    pub duration_seconds: f64,
    /// The first frame of the cue, the first frame after it, and the frames between.
    pub timecode_in: Timecode,
    pub timecode_out: Timecode,
    pub duration: Timecode,
    pub usage: Usage,
    /// The themes heard, in order of first appearance (the cue's focus theme first).
    pub themes: Vec<ThemeCredit>,
}

/// The cue sheet of a composed soundtrack.
#[derive(Debug, Clone, PartialEq)]
pub struct CueSheet {
    /// The soundtrack's (the story's) title.
    pub title: String,
    pub composer: String,
    pub fps: FrameRate,
    pub start: Timecode,
    pub cues: Vec<CueSheetEntry>,
}

impl CueSheet {
    /// Times and credits every cue of `soundtrack`.
    ///
    /// A cue's in point is `start` plus its start in the soundtrack, rounded to the nearest frame;
    /// its out point is `start` plus its end (start + duration) rounded the same way, so a cue
    /// that ends where the next begins shares that frame as its out and the next cue's in; the
    /// duration is out − in. Fails if `start` is not at `fps`, or if a cue would end past the
    /// last timecode of the day (`23:59:59:FF`).
    pub fn new(
        soundtrack: &Soundtrack,
        options: &CueSheetOptions,
    ) -> Result<CueSheet, CueSheetError> {
        let fps = options.fps;
        if options.start.rate() != fps {
            return Err(CueSheetError::StartRate {
                start: options.start,
                fps,
            });
        }
        let codes = reel::assign(soundtrack.cues.iter().map(|c| c.plan.start_seconds));
        let mut cues = Vec::with_capacity(soundtrack.cues.len());
        for (cue, code) in soundtrack.cues.iter().zip(codes) {
            let plan = &cue.plan;
            let start_seconds = round(plan.start_seconds, 3);
            let duration_seconds = round(cue.score.duration_seconds(), 3);
            let at = |seconds: f64| -> Result<Timecode, CueSheetError> {
                let offset = Timecode::from_seconds(seconds, fps)
                    .map_err(|error| CueSheetError::timing(code, &plan.title, error))?;
                options
                    .start
                    .checked_add(offset)
                    .map_err(|error| CueSheetError::timing(code, &plan.title, error))
            };
            let timecode_in = at(start_seconds)?;
            let timecode_out = at(start_seconds + duration_seconds)?;
            let duration = timecode_out
                .checked_sub(timecode_in)
                .map_err(|error| CueSheetError::timing(code, &plan.title, error))?;
            cues.push(CueSheetEntry {
                code,
                number: plan.number,
                scene: plan.scene_id.clone(),
                title: plan.title.clone(),
                start_seconds,
                duration_seconds,
                timecode_in,
                timecode_out,
                duration,
                usage: Usage::BackgroundInstrumental,
                themes: credit::credits(&cue.themes_used, &soundtrack.themes),
            });
        }
        Ok(CueSheet {
            title: soundtrack.title.clone(),
            composer: options.composer.clone(),
            fps,
            start: options.start,
            cues,
        })
    }

    /// The music's total length: the sum of the cue durations, in frames (as a timecode).
    pub fn total_duration(&self) -> Timecode {
        let frames = self.cues.iter().map(|c| c.duration.frames()).sum::<u64>();
        // each duration fits the day and the cues do not overlap, so neither does the sum
        Timecode::from_frames(frames, self.fps).unwrap_or(Timecode::last_of_day(self.fps))
    }

    /// The music's total length in real seconds (sum of the cue durations, to the millisecond).
    pub fn total_seconds(&self) -> f64 {
        round(self.cues.iter().map(|c| c.duration_seconds).sum(), 3)
    }

    /// `cue-sheet.csv`: RFC 4180, a header row, CRLF line ends.
    pub fn to_csv(&self) -> String {
        csv::render(self)
    }

    /// `cue-sheet.json`: pretty-printed, with a trailing newline.
    pub fn to_json(&self) -> String {
        json::render(self)
    }

    /// `cue-sheet.md`: a heading, the sheet's settings and a table of the cues.
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }
}

/// `x` rounded to `places` decimals, without a negative zero (so output is stable).
fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
