//! Meters (time signatures), with the beat grouping that compound meters need.

use crate::{
    error::TheoryError,
    time::{Ticks, PPQ},
};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Meter {
    pub beats: u8,
    pub unit: u8,
}

impl Meter {
    pub const COMMON: Meter = Meter { beats: 4, unit: 4 };
    pub const WALTZ: Meter = Meter { beats: 3, unit: 4 };

    /// Parses `4/4`, `3/4`, `6/8`, `7/8`, ...
    pub fn parse(text: &str) -> Result<Meter, TheoryError> {
        let bad = || TheoryError::BadMeter(text.into());
        let (b, u) = text.trim().split_once('/').ok_or_else(bad)?;
        let beats: u8 = b.trim().parse().map_err(|_| bad())?;
        let unit: u8 = u.trim().parse().map_err(|_| bad())?;
        if !(1..=15).contains(&beats) || ![2, 4, 8, 16].contains(&unit) {
            return Err(bad());
        }
        Ok(Meter { beats, unit })
    }

    /// Compound meters (6/8, 9/8, 12/8) pulse in dotted beats of three units.
    pub fn is_compound(self) -> bool {
        self.unit >= 8 && self.beats.is_multiple_of(3) && self.beats > 3
    }

    /// Length of one notated unit (the denominator) in ticks.
    pub fn unit_ticks(self) -> Ticks {
        PPQ * 4 / self.unit as Ticks
    }

    /// Length of one bar in ticks.
    pub fn bar_ticks(self) -> Ticks {
        self.unit_ticks() * self.beats as Ticks
    }

    /// Length of the felt beat (dotted quarter in 6/8, quarter in 4/4).
    pub fn pulse_ticks(self) -> Ticks {
        if self.is_compound() {
            self.unit_ticks() * 3
        } else {
            self.unit_ticks()
        }
    }

    /// Felt beats per bar (2 in 6/8, 4 in 4/4).
    pub fn pulses(self) -> u32 {
        (self.bar_ticks() / self.pulse_ticks()) as u32
    }
}

impl fmt::Display for Meter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.beats, self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_and_pulse_lengths() {
        let six_eight = Meter::parse("6/8").unwrap();
        assert!(six_eight.is_compound());
        assert_eq!(six_eight.bar_ticks(), 3 * PPQ);
        assert_eq!(six_eight.pulses(), 2);
        let three_four = Meter::parse("3/4").unwrap();
        assert!(!three_four.is_compound());
        assert_eq!(three_four.pulses(), 3);
        assert_eq!(Meter::COMMON.bar_ticks(), 4 * PPQ);
    }

    #[test]
    fn rejects_bad_meters() {
        for bad in ["4", "0/4", "4/3", "16/4", "a/b", "4/4/4"] {
            assert!(Meter::parse(bad).is_err(), "{bad}");
        }
    }
}
