//! Bar lines: where each measure starts, how long it is, and the meter and key in force.
//!
//! Bars follow the meter map from tick 0. A meter change starts a new bar even if the previous
//! one is not full (that bar is written short). A key change that falls inside a bar takes
//! effect at the next bar line, since a key signature is only drawn at a bar line here. The last
//! bar is always complete: music that ends mid-bar is followed by rests.

use leitmotif_score::Score;
use leitmotif_theory::{Key, Letter, Meter, PitchClass, Ticks};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bar {
    /// 1-based measure number.
    pub number: u32,
    pub start: Ticks,
    pub len: Ticks,
    pub meter: Meter,
    /// Whether this bar shows a time signature (the first bar and every change).
    pub new_meter: bool,
    /// The concert key in force.
    pub key: Key,
    /// Whether the key differs from the previous bar's (always true for the first bar).
    pub new_key: bool,
}

impl Bar {
    pub(crate) fn end(&self) -> Ticks {
        self.start + self.len
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    pub bars: Vec<Bar>,
}

/// The beat a meter is counted in for notation: the dotted beat in compound meters, the unit
/// (denominator) otherwise.
pub(crate) fn beat_len(meter: Meter) -> Ticks {
    if meter.is_compound() {
        meter.pulse_ticks()
    } else {
        meter.unit_ticks()
    }
}

impl Layout {
    pub(crate) fn new(score: &Score) -> Layout {
        let mut meters: Vec<(Ticks, Meter)> =
            score.meters.iter().map(|m| (m.at, m.meter)).collect();
        meters.sort_by_key(|m| m.0);
        if meters.first().is_none_or(|m| m.0 > 0) {
            meters.insert(0, (0, Meter::COMMON));
        }
        let mut keys: Vec<(Ticks, Key)> = score.keys.iter().map(|k| (k.at, k.key)).collect();
        keys.sort_by_key(|k| k.0);
        let c_major = Key::new(PitchClass::new(Letter::C, 0), leitmotif_theory::Mode::Major);
        let music_end = score
            .parts
            .iter()
            .flat_map(|p| p.notes.iter().map(|n| n.end()))
            .max()
            .unwrap_or(0)
            .max(score.end);

        let meter_at = |t: Ticks| {
            meters
                .iter()
                .rev()
                .find(|m| m.0 <= t)
                .map(|m| m.1)
                .unwrap_or(Meter::COMMON)
        };
        let mut bars: Vec<Bar> = Vec::new();
        let mut t = 0;
        loop {
            let meter = meter_at(t);
            let bar_ticks = meter.bar_ticks().max(1);
            let next_change = meters.iter().map(|m| m.0).find(|&at| at > t);
            let len = match next_change {
                Some(at) if at < t + bar_ticks => at - t,
                _ => bar_ticks,
            };
            let key = keys
                .iter()
                .rev()
                .find(|k| k.0 <= t)
                .map(|k| k.1)
                .or(keys.first().map(|k| k.1))
                .unwrap_or(c_major);
            let previous = bars.last();
            bars.push(Bar {
                number: bars.len() as u32 + 1,
                start: t,
                len,
                meter,
                new_meter: previous.is_none_or(|b| b.meter != meter),
                key,
                new_key: previous.is_none_or(|b| b.key != key),
            });
            t += len;
            if t >= music_end {
                break;
            }
        }
        Layout { bars }
    }

    /// Where the last bar ends.
    pub(crate) fn end(&self) -> Ticks {
        self.bars.last().map(Bar::end).unwrap_or(0)
    }

    /// Index of the bar holding a tick (the last bar for ticks at or past the end).
    pub(crate) fn bar_index(&self, at: Ticks) -> usize {
        self.bars
            .partition_point(|b| b.start <= at)
            .saturating_sub(1)
    }

    pub(crate) fn bar_at(&self, at: Ticks) -> &Bar {
        &self.bars[self.bar_index(at)]
    }

    /// The start and length of the notation beat holding a tick. The last beat of a short bar
    /// may be shorter than the others.
    pub(crate) fn beat_at(&self, at: Ticks) -> (Ticks, Ticks) {
        let bar = self.bar_at(at);
        let beat = beat_len(bar.meter);
        let offset = at.saturating_sub(bar.start);
        let start = bar.start + offset / beat * beat;
        if start < bar.end() {
            (start, beat.min(bar.end() - start))
        } else {
            // past the last bar line: whole beats continue
            (start, beat)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::small_score::small_score;

    #[test]
    fn bars_follow_meter_changes() {
        let layout = Layout::new(&small_score());
        let bars: Vec<(Ticks, Ticks, String, bool)> = layout
            .bars
            .iter()
            .map(|b| (b.start, b.len, b.meter.to_string(), b.new_meter))
            .collect();
        assert_eq!(
            bars,
            [
                (0, 2880, "3/4".to_string(), true),
                (2880, 3840, "4/4".to_string(), true)
            ]
        );
        assert!(layout.bars[0].new_key && !layout.bars[1].new_key);
        assert_eq!(layout.end(), 6720);
        assert_eq!(layout.bar_index(2879), 0);
        assert_eq!(layout.bar_index(2880), 1);
        assert_eq!(layout.bar_index(99_999), 1);
        assert_eq!(layout.beat_at(3000), (2880, 960));
    }

    #[test]
    fn a_ragged_end_is_completed_and_compound_beats_are_dotted() {
        let mut score = small_score();
        score.meters = vec![leitmotif_score::MeterChange {
            at: 0,
            meter: Meter::parse("6/8").unwrap(),
        }];
        score.end = 4000;
        let layout = Layout::new(&score);
        assert_eq!(layout.bars.len(), 3);
        assert_eq!(layout.end(), 3 * 2880);
        assert_eq!(layout.beat_at(1500), (1440, 1440));
    }
}
