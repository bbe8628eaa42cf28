//! Exact musical time. Ticks are integers at [`PPQ`] per quarter note; 960 divides by 2, 3, 4, 5, 6
//! and 8, so triplets, quintuplets and compound meters are exact. Seconds only exist through a tempo map.

/// Musical time or duration in ticks.
pub type Ticks = u64;

/// Ticks per quarter note.
pub const PPQ: Ticks = 960;

/// Common durations.
pub const WHOLE: Ticks = PPQ * 4;
pub const HALF: Ticks = PPQ * 2;
pub const QUARTER: Ticks = PPQ;
pub const EIGHTH: Ticks = PPQ / 2;
pub const SIXTEENTH: Ticks = PPQ / 4;
