//! Reels and production cue numbers.
//!
//! Films were cut on reels of about 20 minutes, and music cues are still numbered by reel:
//! `3M2` is the second music cue starting on reel 3. A Leitmotif soundtrack has no picture reels,
//! so the reels are laid out the way a film's would be: reel 1 is the first 20 minutes of the
//! soundtrack, reel 2 the next 20, and so on. A cue is on the reel where it starts (a cue that
//! starts at 19:50 and runs past 20:00 is on reel 1), and cue numbers restart at 1 on every reel.
//! Reels are counted in real seconds of soundtrack time from its first cue, before the start
//! timecode is applied, so they do not change with `--fps` or the programme start.

use std::fmt;

/// The length of a reel: 20 minutes.
pub const REEL_SECONDS: f64 = 1200.0;

/// A production cue number: reel `reel`, music cue `cue` (`1M1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CueCode {
    pub reel: u32,
    pub cue: u32,
}

impl fmt::Display for CueCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}M{}", self.reel, self.cue)
    }
}

/// The reel a cue starting at `start_seconds` of the soundtrack is on (1-based).
pub fn reel_of(start_seconds: f64) -> u32 {
    // to the millisecond first, so a start summed from scene lengths (19:59.9999999…) lands on
    // the reel its printed time says
    let ms = (start_seconds.max(0.0) * 1000.0).round();
    (ms / (REEL_SECONDS * 1000.0)).floor() as u32 + 1
}

/// Production numbers for cues starting at the given seconds, in soundtrack order.
pub fn assign(starts: impl IntoIterator<Item = f64>) -> Vec<CueCode> {
    let mut out: Vec<CueCode> = Vec::new();
    for start in starts {
        let reel = reel_of(start);
        let cue = match out.last() {
            Some(last) if last.reel == reel => last.cue + 1,
            _ => 1,
        };
        out.push(CueCode { reel, cue });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(starts: &[f64]) -> Vec<String> {
        assign(starts.iter().copied())
            .iter()
            .map(|c| c.to_string())
            .collect()
    }

    #[test]
    fn cues_are_numbered_within_twenty_minute_reels() {
        assert_eq!(codes(&[0.0, 30.0, 54.0]), ["1M1", "1M2", "1M3"]);
        assert_eq!(
            codes(&[0.0, 600.0, 1190.0, 1200.0, 1500.0, 2400.0]),
            ["1M1", "1M2", "1M3", "2M1", "2M2", "3M1"]
        );
        // a reel with no cue starting on it is skipped, as on film
        assert_eq!(codes(&[0.0, 2500.0]), ["1M1", "3M1"]);
        assert!(codes(&[]).is_empty());
    }

    #[test]
    fn the_reel_is_where_the_cue_starts() {
        assert_eq!(reel_of(0.0), 1);
        assert_eq!(reel_of(1199.999), 1);
        assert_eq!(
            reel_of(1199.9999999),
            2,
            "rounds to the millisecond: 20:00.000"
        );
        assert_eq!(reel_of(1200.0), 2);
        assert_eq!(reel_of(3600.0), 4);
        assert_eq!(reel_of(-1.0), 1);
    }
}
