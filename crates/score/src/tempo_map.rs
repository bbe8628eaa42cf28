//! Tempo map: where musical time (ticks) meets clock time (seconds). Piecewise-constant tempo,
//! as Standard MIDI Files store it; gradual changes are written as many small steps.

use leitmotif_theory::{Bpm, Ticks, PPQ};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TempoChange {
    pub at: Ticks,
    pub bpm: Bpm,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TempoMap {
    /// Sorted by `at`; the first change is at tick 0.
    pub changes: Vec<TempoChange>,
}

impl TempoMap {
    pub fn constant(bpm: Bpm) -> Self {
        TempoMap {
            changes: vec![TempoChange { at: 0, bpm }],
        }
    }

    /// Seconds per tick of a tempo, using the exact microsecond value a MIDI file will store, so
    /// times computed here match what any MIDI reader computes from the written file.
    fn seconds_per_tick(bpm: Bpm) -> f64 {
        bpm.micros_per_quarter() as f64 / 1e6 / PPQ as f64
    }

    /// Clock time of a tick.
    pub fn seconds_at(&self, at: Ticks) -> f64 {
        let mut seconds = 0.0;
        for (i, c) in self.changes.iter().enumerate() {
            if c.at >= at {
                break;
            }
            let next = self.changes.get(i + 1).map(|n| n.at.min(at)).unwrap_or(at);
            seconds += (next - c.at) as f64 * Self::seconds_per_tick(c.bpm);
        }
        seconds
    }

    /// The tempo in force at a tick.
    pub fn bpm_at(&self, at: Ticks) -> Bpm {
        self.changes
            .iter()
            .rev()
            .find(|c| c.at <= at)
            .map(|c| c.bpm)
            .unwrap_or(Bpm(120.0))
    }

    /// The tempo that covers the most ticks before `end` (what a listener calls "the tempo").
    pub fn primary_bpm(&self, end: Ticks) -> Bpm {
        let mut best = (0, self.bpm_at(0));
        for (i, c) in self.changes.iter().enumerate() {
            let next = self
                .changes
                .get(i + 1)
                .map(|n| n.at)
                .unwrap_or(end)
                .min(end);
            let span = next.saturating_sub(c.at);
            if span > best.0 {
                best = (span, c.bpm);
            }
        }
        best.1
    }

    /// Lowest and highest tempo.
    pub fn range(&self) -> (Bpm, Bpm) {
        let lo = self
            .changes
            .iter()
            .map(|c| c.bpm.0)
            .fold(f64::INFINITY, f64::min);
        let hi = self
            .changes
            .iter()
            .map(|c| c.bpm.0)
            .fold(f64::NEG_INFINITY, f64::max);
        (Bpm(lo), Bpm(hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_follow_tempo_changes() {
        let map = TempoMap {
            changes: vec![
                TempoChange {
                    at: 0,
                    bpm: Bpm(60.0),
                },
                TempoChange {
                    at: 4 * PPQ,
                    bpm: Bpm(120.0),
                },
            ],
        };
        assert!((map.seconds_at(4 * PPQ) - 4.0).abs() < 1e-9);
        assert!((map.seconds_at(8 * PPQ) - 6.0).abs() < 1e-9);
        assert!((map.seconds_at(2 * PPQ) - 2.0).abs() < 1e-9);
        assert_eq!(map.primary_bpm(12 * PPQ).0, 120.0);
    }
}
