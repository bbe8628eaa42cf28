//! The range check: every note must lie inside its instrument's sounding range from the
//! catalogue. Export only reports; moving notes by octaves is the arranger's job, so a report
//! here is a bug to fix there (the notation still writes the note where it is).

use leitmotif_score::Score;
use leitmotif_theory::{Pitch, Ticks};
use std::fmt;

/// A note outside its instrument's range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeIssue {
    pub part: String,
    pub instrument: &'static str,
    pub at: Ticks,
    pub pitch: Pitch,
    /// The instrument's lowest and highest sounding MIDI keys.
    pub low: u8,
    pub high: u8,
}

impl fmt::Display for RangeIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = if self.pitch.midi() < self.low as i32 {
            "below"
        } else {
            "above"
        };
        write!(
            f,
            "{} ({}) at tick {}: {} (MIDI {}) is {side} the range {}..={}",
            self.part,
            self.instrument,
            self.at,
            self.pitch,
            self.pitch.midi(),
            self.low,
            self.high
        )
    }
}

/// Every note of the score outside its instrument's range, in part and time order.
pub fn range_issues(score: &Score) -> Vec<RangeIssue> {
    let mut out = Vec::new();
    for part in &score.parts {
        let (low, high) = (part.instrument.low, part.instrument.high);
        let mut notes: Vec<_> = part.notes.iter().collect();
        notes.sort_by_key(|n| (n.start, n.pitch.midi()));
        for n in notes {
            let midi = n.pitch.midi();
            if midi < low as i32 || midi > high as i32 {
                out.push(RangeIssue {
                    part: part.name.clone(),
                    instrument: part.instrument.id,
                    at: n.start,
                    pitch: n.pitch,
                    low,
                    high,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_score::small_score;
    use leitmotif_score::Note;

    #[test]
    fn reports_notes_outside_the_range() {
        let mut score = small_score();
        assert!(range_issues(&score).is_empty());
        score.parts[0].notes.push(Note {
            start: 960,
            duration: 960,
            pitch: Pitch::parse("C3").unwrap(),
            velocity: 80,
        });
        let issues = range_issues(&score);
        assert_eq!(issues.len(), 1);
        assert_eq!(
            issues[0].to_string(),
            "Melody (violin) at tick 960: C3 (MIDI 48) is below the range 55..=100"
        );
    }
}
