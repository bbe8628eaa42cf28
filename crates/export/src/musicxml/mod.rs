//! MusicXML export: a cue as a MusicXML 4.0 partwise score a real orchestra or band can play
//! from, and any notation program (MuseScore, Finale, Sibelius, Dorico) can open.
//!
//! What is written, and where it is decided:
//! - one part per score part, named after its instrument, with its General MIDI program and
//!   channel (`document.rs`, `instruments.rs`);
//! - the performance quantised to the rhythm a player reads (`quantize.rs`), cut into measures
//!   with ties (`layout.rs`, `measures.rs`) and written as note values, dots and triplets
//!   (`durations.rs`), beamed by beat (`beams.rs`);
//! - voices and staves: chords, up to four voices per staff, grand staff for keyboards and harp
//!   (`voices.rs`, `clefs.rs`); drums on a percussion staff (`drums.rs`);
//! - transposing instruments at their written pitch and key, spelling kept
//!   (`transposition.rs`); accidentals by the bar (`accidentals.rs`);
//! - key and time signatures and their changes; tempo marks, rehearsal marks at sections, hit
//!   points (`directions.rs`); dynamics, hairpins and pedalling (`dynamics.rs`);
//! - the title, movement and credits (composer "Leitmotif").
//!
//! Every note's sounding pitch and onset survive: reading the file back gives the notes of the
//! cue's MIDI file (durations are the notated ones). The range check ([`ranges`]) reports notes
//! outside their instrument's range but never moves them — that is the arranger's job.
//! Output is deterministic: the same score always gives the same bytes. The decisions and the
//! checks are described in `docs/musicxml.md`.

mod accidentals;
mod beams;
mod clefs;
mod directions;
mod document;
mod drums;
mod durations;
mod dynamics;
mod instruments;
mod layout;
mod measures;
mod part;
mod quantize;
pub mod ranges;
mod transposition;
mod voices;
mod writer;

use crate::{atomic::write_atomic, error::ExportError, manifest::cue_base_name};
use leitmotif_compose::ComposedCue;
use leitmotif_score::Score;
use std::path::Path;

pub use part::PartStats;
pub use ranges::{range_issues, RangeIssue};

/// The titles and credits of a score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The whole work (the soundtrack's title); the movement title stands in when absent.
    pub work_title: Option<String>,
    /// The cue number.
    pub movement_number: Option<u32>,
    /// The cue's title.
    pub movement_title: String,
    pub composer: String,
    /// Extra `(name, value)` lines for `<miscellaneous>`: scene, emotion, style.
    pub fields: Vec<(String, String)>,
}

/// The composer every Leitmotif score is credited to.
pub const COMPOSER: &str = "Leitmotif";

impl Heading {
    /// A heading with only a title.
    pub fn new(title: impl Into<String>) -> Heading {
        Heading {
            work_title: None,
            movement_number: None,
            movement_title: title.into(),
            composer: COMPOSER.into(),
            fields: Vec::new(),
        }
    }

    /// The heading of a cue: its number and title, with scene, emotion and style noted.
    pub fn for_cue(cue: &ComposedCue) -> Heading {
        let plan = &cue.plan;
        Heading {
            work_title: None,
            movement_number: Some(plan.number),
            movement_title: plan.title.clone(),
            composer: COMPOSER.into(),
            fields: vec![
                ("scene".into(), plan.scene_id.clone()),
                ("emotion".into(), plan.emotion_name.clone()),
                ("style".into(), plan.style.name().into()),
            ],
        }
    }

    /// The same heading as part of a larger work (the soundtrack's title).
    pub fn in_work(mut self, title: impl Into<String>) -> Heading {
        self.work_title = Some(title.into());
        self
    }
}

/// A cue's score as a MusicXML 4.0 document, titled with the cue's number and title.
pub fn score_to_musicxml(cue: &ComposedCue) -> String {
    to_musicxml(&cue.score, &Heading::for_cue(cue))
}

/// Any score as a MusicXML 4.0 document under the given heading.
pub fn to_musicxml(score: &Score, heading: &Heading) -> String {
    document::write_score(score, heading).0
}

/// As [`to_musicxml`], also returning per part how often notation had to compromise (chords
/// shortened to fit four voices, spans without an exact value). All zeros for composed cues.
pub fn to_musicxml_with_stats(score: &Score, heading: &Heading) -> (String, Vec<PartStats>) {
    document::write_score(score, heading)
}

/// The file name of a cue's MusicXML: `NN-<scene-id>.musicxml`.
pub fn musicxml_file_name(cue: &ComposedCue) -> String {
    format!("{}.musicxml", cue_base_name(cue))
}

/// Writes a cue's MusicXML atomically (readers never see a half-written file).
pub fn write_musicxml(path: &Path, cue: &ComposedCue) -> Result<(), ExportError> {
    write_atomic(path, score_to_musicxml(cue).as_bytes()).map_err(|error| ExportError::Write {
        path: path.to_path_buf(),
        error,
    })
}

#[cfg(test)]
mod tests;
