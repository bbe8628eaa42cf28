//! SMPTE timecode: `HH:MM:SS:FF` labels for frames, as editors, mixers and cue sheets write them.
//!
//! A [`Timecode`] is a frame count from `00:00:00:00` at a [`FrameRate`]; its label is computed
//! from the count, so adding and subtracting is plain integer arithmetic on frames and only the
//! labels know about drop-frame.
//!
//! - **Rates**: 23.976 (24000/1001, non-drop), 24, 25, 29.97 (30000/1001, drop-frame) and 30.
//! - **Drop-frame** (29.97): frames are still counted 30 to a timecode second, but the labels
//!   `;00` and `;01` are skipped at the start of every minute except minutes 00, 10, 20, 30, 40 and
//!   50, so the labels keep up with the clock: an hour of labels is 107 892 frames, which is
//!   3599.9964 seconds. Drop-frame labels are written with `;` before the frames
//!   (`00:01:00;02`). No frame of picture is dropped, only labels.
//! - **23.976** is non-drop: labels count 24 frames per timecode second, so timecode runs 0.1%
//!   slower than the clock (`01:00:00:00` is 3603.6 seconds of real time, and one real hour ends at
//!   `00:59:56:10`).
//! - **Real seconds to frames**: [`Timecode::from_seconds`] rounds to the nearest frame (a frame
//!   that starts within half a frame of the instant; exact halves round up, to the later frame).
//! - **Range**: one day of labels, `00:00:00:00` to `23:59:59:FF`. The checked operations report a
//!   result outside it as an error; the `+` and `-` operators wrap around midnight as a timecode
//!   generator does.

use std::{
    fmt,
    ops::{Add, Sub},
    str::FromStr,
};
use thiserror::Error;

/// A frame rate a cue sheet can be timed at (`--fps`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FrameRate {
    /// 24000/1001 frames per second, non-drop ("23.98": HD video made from film).
    Fps23_976,
    /// 24 frames per second (film, digital cinema).
    #[default]
    Fps24,
    /// 25 frames per second (PAL / European broadcast).
    Fps25,
    /// 30000/1001 frames per second, drop-frame (NTSC / North American broadcast).
    Fps29_97Df,
    /// 30 frames per second, non-drop.
    Fps30,
}

/// The frame rates accepted on the command line, as one sentence for error messages and help.
pub const ACCEPTED_FRAME_RATES: &str =
    "23.976 (non-drop), 24, 25, 29.97 (drop-frame, also written 29.97df) or 30";

impl FrameRate {
    /// Every rate, slowest first.
    pub const ALL: [FrameRate; 5] = [
        FrameRate::Fps23_976,
        FrameRate::Fps24,
        FrameRate::Fps25,
        FrameRate::Fps29_97Df,
        FrameRate::Fps30,
    ];

    /// Frames labelled per timecode second (the largest `FF` is one less): 24, 24, 25, 30, 30.
    pub fn nominal(self) -> u32 {
        match self {
            FrameRate::Fps23_976 | FrameRate::Fps24 => 24,
            FrameRate::Fps25 => 25,
            FrameRate::Fps29_97Df | FrameRate::Fps30 => 30,
        }
    }

    /// The exact rate as a fraction `(numerator, denominator)` of frames per second.
    pub fn rational(self) -> (u64, u64) {
        match self {
            FrameRate::Fps23_976 => (24_000, 1001),
            FrameRate::Fps24 => (24, 1),
            FrameRate::Fps25 => (25, 1),
            FrameRate::Fps29_97Df => (30_000, 1001),
            FrameRate::Fps30 => (30, 1),
        }
    }

    /// Frames per second of real time.
    pub fn fps(self) -> f64 {
        let (n, d) = self.rational();
        n as f64 / d as f64
    }

    /// Whether labels are drop-frame (written with `;` before the frames).
    pub fn is_drop_frame(self) -> bool {
        self == FrameRate::Fps29_97Df
    }

    /// Labels skipped at the start of each minute that is not a multiple of ten.
    fn dropped_per_minute(self) -> u64 {
        if self.is_drop_frame() {
            2
        } else {
            0
        }
    }

    /// Frames in ten minutes of labels (17 982 at 29.97 drop-frame).
    fn frames_per_ten_minutes(self) -> u64 {
        10 * 60 * self.nominal() as u64 - 9 * self.dropped_per_minute()
    }

    /// Frames from `00:00:00:00` to `23:59:59:FF` inclusive: one day of labels.
    pub fn frames_per_day(self) -> u64 {
        24 * 6 * self.frames_per_ten_minutes()
    }

    /// The name `--fps` accepts and the cue sheets print: `23.976`, `24`, `25`, `29.97df`, `30`.
    pub fn name(self) -> &'static str {
        match self {
            FrameRate::Fps23_976 => "23.976",
            FrameRate::Fps24 => "24",
            FrameRate::Fps25 => "25",
            FrameRate::Fps29_97Df => "29.97df",
            FrameRate::Fps30 => "30",
        }
    }

    /// A description for people: `24 fps non-drop`, `29.97 fps drop-frame`.
    pub fn describe(self) -> String {
        let number = self.name().trim_end_matches("df");
        if self.is_drop_frame() {
            format!("{number} fps drop-frame")
        } else {
            format!("{number} fps non-drop")
        }
    }
}

impl fmt::Display for FrameRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A frame rate that is not one of [`ACCEPTED_FRAME_RATES`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{input}` is not a supported frame rate: use {ACCEPTED_FRAME_RATES}")]
pub struct ParseFrameRateError {
    pub input: String,
}

impl FromStr for FrameRate {
    type Err = ParseFrameRateError;

    /// Accepts `23.976` (or `23.98`), `24`, `25`, `29.97` (or `29.97df`) and `30`, ignoring case
    /// and surrounding spaces, with an optional `fps` suffix.
    fn from_str(s: &str) -> Result<FrameRate, ParseFrameRateError> {
        let t = s.trim().to_ascii_lowercase();
        let t = t.strip_suffix("fps").unwrap_or(&t).trim_end();
        match t {
            "23.976" | "23.98" => Ok(FrameRate::Fps23_976),
            "24" => Ok(FrameRate::Fps24),
            "25" => Ok(FrameRate::Fps25),
            "29.97" | "29.97df" => Ok(FrameRate::Fps29_97Df),
            "30" => Ok(FrameRate::Fps30),
            _ => Err(ParseFrameRateError {
                input: s.to_string(),
            }),
        }
    }
}

/// A frame rate from a command-line value, for `#[arg(value_parser = parse_frame_rate)]`
/// (the [`FromStr`] impl works as well).
pub fn parse_frame_rate(s: &str) -> Result<FrameRate, ParseFrameRateError> {
    s.parse()
}

/// Why a timecode could not be made or read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TimecodeError {
    /// Not of the form `HH:MM:SS:FF`, or a field out of range.
    #[error("`{text}` is not a timecode at {}: {why} (write HH:MM:SS{}FF, e.g. {})",
        rate.describe(), if rate.is_drop_frame() { ';' } else { ':' }, Timecode::zero(*rate))]
    Syntax {
        text: String,
        why: String,
        rate: FrameRate,
    },
    /// A drop-frame label that is skipped (`;00` or `;01` of a minute not divisible by ten).
    #[error("`{text}` does not exist in 29.97 drop-frame timecode: frames 00 and 01 are skipped at the start of every minute except minutes 00, 10, 20, 30, 40 and 50 (the minute starts at {next})")]
    DroppedLabel { text: String, next: String },
    /// A frame count outside one day of labels.
    #[error("{what} is outside one day of timecode (00:00:00:00 to {last} at {})", rate.describe())]
    OutOfRange {
        what: String,
        last: String,
        rate: FrameRate,
    },
    /// A time in seconds that is negative, infinite or not a number.
    #[error("{seconds} is not a time (seconds must be a finite number, 0 or more)")]
    InvalidSeconds { seconds: f64 },
    /// Two timecodes at different rates combined.
    #[error("cannot combine a timecode at {} with one at {}", a.describe(), b.describe())]
    RateMismatch { a: FrameRate, b: FrameRate },
}

impl TimecodeError {
    fn out_of_range(what: String, rate: FrameRate) -> TimecodeError {
        TimecodeError::OutOfRange {
            what,
            last: Timecode::last_of_day(rate).to_string(),
            rate,
        }
    }
}

/// A position (or a length) in frames at a frame rate, shown as an SMPTE label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timecode {
    frames: u64,
    rate: FrameRate,
}

impl Timecode {
    /// `00:00:00:00`.
    pub fn zero(rate: FrameRate) -> Timecode {
        Timecode { frames: 0, rate }
    }

    /// `23:59:59:FF`, the last label of the day.
    pub fn last_of_day(rate: FrameRate) -> Timecode {
        Timecode {
            frames: rate.frames_per_day() - 1,
            rate,
        }
    }

    /// The timecode `frames` frames after `00:00:00:00`.
    pub fn from_frames(frames: u64, rate: FrameRate) -> Result<Timecode, TimecodeError> {
        if frames < rate.frames_per_day() {
            Ok(Timecode { frames, rate })
        } else {
            Err(TimecodeError::out_of_range(format!("frame {frames}"), rate))
        }
    }

    /// The frame nearest to `seconds` of real time after `00:00:00:00` (exact halves round up).
    pub fn from_seconds(seconds: f64, rate: FrameRate) -> Result<Timecode, TimecodeError> {
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(TimecodeError::InvalidSeconds { seconds });
        }
        let (n, d) = rate.rational();
        let frames = (seconds * n as f64 / d as f64).round();
        if frames >= rate.frames_per_day() as f64 {
            return Err(TimecodeError::out_of_range(
                format!("{seconds} seconds"),
                rate,
            ));
        }
        Ok(Timecode {
            frames: frames as u64,
            rate,
        })
    }

    /// The timecode labelled `hours:minutes:seconds:frames`.
    pub fn from_hmsf(
        hours: u32,
        minutes: u32,
        seconds: u32,
        frames: u32,
        rate: FrameRate,
    ) -> Result<Timecode, TimecodeError> {
        let sep = if rate.is_drop_frame() { ';' } else { ':' };
        let text = format!("{hours:02}:{minutes:02}:{seconds:02}{sep}{frames:02}");
        let bad = |why: String| TimecodeError::Syntax {
            text: text.clone(),
            why,
            rate,
        };
        if hours > 23 {
            return Err(bad(format!("hours run from 00 to 23, not {hours}")));
        }
        if minutes > 59 {
            return Err(bad(format!("minutes run from 00 to 59, not {minutes}")));
        }
        if seconds > 59 {
            return Err(bad(format!("seconds run from 00 to 59, not {seconds}")));
        }
        if frames >= rate.nominal() {
            return Err(bad(format!(
                "frames run from 00 to {:02}, not {frames}",
                rate.nominal() - 1
            )));
        }
        let total_minutes = (hours * 60 + minutes) as u64;
        let drop = rate.dropped_per_minute();
        if drop > 0 && seconds == 0 && (frames as u64) < drop && !minutes.is_multiple_of(10) {
            return Err(TimecodeError::DroppedLabel {
                next: format!("{hours:02}:{minutes:02}:00;{drop:02}"),
                text,
            });
        }
        let label = (total_minutes * 60 + seconds as u64) * rate.nominal() as u64 + frames as u64;
        let frames = label - drop * (total_minutes - total_minutes / 10);
        Ok(Timecode { frames, rate })
    }

    /// Reads `HH:MM:SS:FF` (one or two digits per field). At 29.97 drop-frame the last separator
    /// may be `;` (as written) or `:`; at the other rates `;` is refused, since it marks
    /// drop-frame.
    pub fn parse(text: &str, rate: FrameRate) -> Result<Timecode, TimecodeError> {
        let t = text.trim();
        let bad = |why: &str| TimecodeError::Syntax {
            text: text.to_string(),
            why: why.to_string(),
            rate,
        };
        let fields: Vec<&str> = t.split([':', ';']).collect();
        if fields.len() != 4 {
            return Err(bad(
                "it needs four fields: hours, minutes, seconds and frames",
            ));
        }
        let separators: Vec<char> = t.chars().filter(|c| matches!(c, ':' | ';')).collect();
        if separators[..2].contains(&';') {
            return Err(bad("only the separator before the frames may be `;`"));
        }
        if separators[2] == ';' && !rate.is_drop_frame() {
            return Err(bad("`;` marks drop-frame timecode, which only 29.97 uses"));
        }
        let mut numbers = [0u32; 4];
        for (n, field) in numbers.iter_mut().zip(&fields) {
            if field.is_empty() || field.len() > 2 || !field.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("every field is one or two digits"));
            }
            *n = field
                .parse()
                .map_err(|_| bad("every field is one or two digits"))?;
        }
        let [h, m, s, f] = numbers;
        Timecode::from_hmsf(h, m, s, f, rate).map_err(|e| match e {
            TimecodeError::Syntax { why, .. } => TimecodeError::Syntax {
                text: text.to_string(),
                why,
                rate,
            },
            TimecodeError::DroppedLabel { next, .. } => TimecodeError::DroppedLabel {
                text: text.to_string(),
                next,
            },
            other => other,
        })
    }

    /// Frames since `00:00:00:00`.
    pub fn frames(self) -> u64 {
        self.frames
    }

    pub fn rate(self) -> FrameRate {
        self.rate
    }

    /// Real seconds since `00:00:00:00` (the frame count over the exact rate).
    pub fn seconds(self) -> f64 {
        let (n, d) = self.rate.rational();
        self.frames as f64 * d as f64 / n as f64
    }

    /// The label's fields `(hours, minutes, seconds, frames)`.
    pub fn hmsf(self) -> (u32, u32, u32, u32) {
        let nominal = self.rate.nominal() as u64;
        let drop = self.rate.dropped_per_minute();
        let mut label = self.frames;
        if drop > 0 {
            // every complete ten minutes skipped 9 × drop labels; within the ten, each complete
            // minute after the first skipped `drop` more
            let per_ten = self.rate.frames_per_ten_minutes();
            let per_minute = 60 * nominal - drop;
            let (tens, rest) = (self.frames / per_ten, self.frames % per_ten);
            label += 9 * drop * tens;
            if rest >= drop {
                label += drop * ((rest - drop) / per_minute);
            }
        }
        let f = label % nominal;
        let s = label / nominal % 60;
        let m = label / (nominal * 60) % 60;
        let h = label / (nominal * 3600);
        (h as u32, m as u32, s as u32, f as u32)
    }

    /// `self + other`, an error past the end of the day or across rates.
    pub fn checked_add(self, other: Timecode) -> Result<Timecode, TimecodeError> {
        self.same_rate(other)?;
        self.checked_add_frames(other.frames as i64)
    }

    /// `self - other`, an error before `00:00:00:00` or across rates.
    pub fn checked_sub(self, other: Timecode) -> Result<Timecode, TimecodeError> {
        self.same_rate(other)?;
        self.checked_add_frames(-(other.frames as i64))
    }

    /// `frames` frames later (earlier when negative), an error outside the day.
    pub fn checked_add_frames(self, frames: i64) -> Result<Timecode, TimecodeError> {
        let to = self.frames as i128 + frames as i128;
        if to < 0 || to >= self.rate.frames_per_day() as i128 {
            let what = if frames >= 0 {
                format!("{self} + {frames} frames")
            } else {
                format!("{self} - {} frames", frames.unsigned_abs())
            };
            return Err(TimecodeError::out_of_range(what, self.rate));
        }
        Ok(Timecode {
            frames: to as u64,
            rate: self.rate,
        })
    }

    /// `frames` frames later (earlier when negative), wrapping around midnight.
    pub fn wrapping_add_frames(self, frames: i64) -> Timecode {
        let day = self.rate.frames_per_day() as i128;
        Timecode {
            frames: (self.frames as i128 + frames as i128).rem_euclid(day) as u64,
            rate: self.rate,
        }
    }

    fn same_rate(self, other: Timecode) -> Result<(), TimecodeError> {
        if self.rate == other.rate {
            Ok(())
        } else {
            Err(TimecodeError::RateMismatch {
                a: self.rate,
                b: other.rate,
            })
        }
    }
}

impl fmt::Display for Timecode {
    /// `HH:MM:SS:FF`, or `HH:MM:SS;FF` at drop-frame.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s, fr) = self.hmsf();
        let sep = if self.rate.is_drop_frame() { ';' } else { ':' };
        write!(f, "{h:02}:{m:02}:{s:02}{sep}{fr:02}")
    }
}

impl Add for Timecode {
    type Output = Timecode;

    /// Adds frame counts, wrapping around midnight. Panics if the rates differ (use
    /// [`Timecode::checked_add`] to get an error instead).
    fn add(self, other: Timecode) -> Timecode {
        assert_eq!(self.rate, other.rate, "adding timecodes at different rates");
        self.wrapping_add_frames(other.frames as i64)
    }
}

impl Sub for Timecode {
    type Output = Timecode;

    /// Subtracts frame counts, wrapping around midnight. Panics if the rates differ (use
    /// [`Timecode::checked_sub`] to get an error instead).
    fn sub(self, other: Timecode) -> Timecode {
        assert_eq!(
            self.rate, other.rate,
            "subtracting timecodes at different rates"
        );
        self.wrapping_add_frames(-(other.frames as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DF: FrameRate = FrameRate::Fps29_97Df;

    fn tc(text: &str, rate: FrameRate) -> Timecode {
        Timecode::parse(text, rate).unwrap_or_else(|e| panic!("{e}"))
    }

    fn frame(n: u64, rate: FrameRate) -> Timecode {
        Timecode::from_frames(n, rate).unwrap()
    }

    #[test]
    fn frame_rates_parse_and_print() {
        let cases = [
            ("23.976", FrameRate::Fps23_976),
            ("23.98", FrameRate::Fps23_976),
            ("24", FrameRate::Fps24),
            (" 25 ", FrameRate::Fps25),
            ("29.97", DF),
            ("29.97df", DF),
            ("29.97DF", DF),
            ("30fps", FrameRate::Fps30),
        ];
        for (text, rate) in cases {
            assert_eq!(text.parse::<FrameRate>(), Ok(rate), "{text}");
        }
        for rate in FrameRate::ALL {
            assert_eq!(rate.name().parse::<FrameRate>(), Ok(rate));
            assert_eq!(parse_frame_rate(&rate.to_string()), Ok(rate));
        }
        assert_eq!(FrameRate::default(), FrameRate::Fps24);
        assert_eq!(DF.describe(), "29.97 fps drop-frame");
        assert_eq!(FrameRate::Fps23_976.describe(), "23.976 fps non-drop");
    }

    #[test]
    fn an_unknown_frame_rate_names_the_accepted_ones() {
        for bad in ["", "29", "60", "29.97ndf", "24.0", "fast"] {
            let e = bad.parse::<FrameRate>().unwrap_err();
            let text = e.to_string();
            assert!(text.contains(&format!("`{bad}`")), "{text}");
            for accepted in ["23.976", "24", "25", "29.97", "30"] {
                assert!(text.contains(accepted), "{text}");
            }
        }
    }

    #[test]
    fn drop_frame_skips_the_first_two_labels_of_most_minutes() {
        assert_eq!(tc("00:00:59;29", DF).frames(), 1799);
        assert_eq!(
            tc("00:00:59;29", DF)
                .checked_add_frames(1)
                .unwrap()
                .to_string(),
            "00:01:00;02"
        );
        assert_eq!(frame(1800, DF).to_string(), "00:01:00;02");
        assert_eq!(
            tc("00:09:59;29", DF)
                .checked_add_frames(1)
                .unwrap()
                .to_string(),
            "00:10:00;00"
        );
        assert_eq!(tc("00:10:00;00", DF).frames(), 17_982);
        assert_eq!(tc("00:10:00;01", DF).frames(), 17_983);
        assert_eq!(
            tc("00:10:59;29", DF)
                .checked_add_frames(1)
                .unwrap()
                .to_string(),
            "00:11:00;02"
        );
        // going back over a minute boundary skips the same labels
        assert_eq!(
            tc("00:01:00;02", DF)
                .checked_add_frames(-1)
                .unwrap()
                .to_string(),
            "00:00:59;29"
        );
    }

    #[test]
    fn an_hour_of_drop_frame_is_107892_frames() {
        assert_eq!(tc("01:00:00;00", DF).frames(), 107_892);
        assert_eq!(frame(107_892, DF).to_string(), "01:00:00;00");
        assert_eq!(frame(107_891, DF).to_string(), "00:59:59;29");
        assert_eq!(DF.frames_per_day(), 24 * 107_892);
        assert_eq!(Timecode::last_of_day(DF).to_string(), "23:59:59;29");
        // an hour of labels is an hour of clock time to within 4 ms
        assert!((tc("01:00:00;00", DF).seconds() - 3599.9964).abs() < 1e-9);
        assert_eq!(
            Timecode::from_seconds(3600.0, DF).unwrap().to_string(),
            "01:00:00;00"
        );
    }

    #[test]
    fn dropped_labels_are_refused() {
        for text in ["00:01:00;00", "00:01:00;01", "00:59:00;01", "23:01:00;00"] {
            let e = Timecode::parse(text, DF).unwrap_err();
            assert!(
                matches!(e, TimecodeError::DroppedLabel { .. }),
                "{text}: {e}"
            );
            assert!(e.to_string().contains(text), "{e}");
        }
        for text in [
            "00:00:00;00",
            "00:10:00;00",
            "00:10:00;01",
            "00:01:00;02",
            "00:01:01;00",
        ] {
            assert_eq!(tc(text, DF).to_string(), text);
        }
        // `:` before the frames is read too
        assert_eq!(tc("00:01:00:02", DF).to_string(), "00:01:00;02");
    }

    #[test]
    fn every_frame_round_trips_across_a_ten_minute_boundary() {
        let boundary = tc("00:10:00;00", DF).frames();
        let mut previous: Option<Timecode> = None;
        for n in boundary - 3 * 1798..boundary + 3 * 1798 {
            let t = frame(n, DF);
            let text = t.to_string();
            assert_eq!(Timecode::parse(&text, DF), Ok(t), "{text}");
            let (h, m, s, f) = t.hmsf();
            assert_eq!(Timecode::from_hmsf(h, m, s, f, DF), Ok(t));
            if let Some(p) = previous {
                // consecutive frames have consecutive labels, except the two skipped ones
                let (_, pm, ps, pf) = p.hmsf();
                if pf < 29 {
                    assert_eq!((m, s, f), (pm, ps, pf + 1), "{p} -> {t}");
                } else if ps < 59 {
                    assert_eq!((m, s, f), (pm, ps + 1, 0), "{p} -> {t}");
                } else {
                    let first = if m % 10 == 0 { 0 } else { 2 };
                    assert_eq!((m, s, f), ((pm + 1) % 60, 0, first), "{p} -> {t}");
                }
            }
            previous = Some(t);
        }
    }

    #[test]
    fn twenty_three_976_counts_24_labels_per_second_of_slower_time() {
        let r = FrameRate::Fps23_976;
        let hour = tc("01:00:00:00", r);
        assert_eq!(hour.frames(), 86_400);
        assert!((hour.seconds() - 3603.6).abs() < 1e-9);
        // one real hour is 86 313.69 frames: the label falls 3.6 s short of the hour
        assert_eq!(
            Timecode::from_seconds(3600.0, r).unwrap().to_string(),
            "00:59:56:10"
        );
        // one real minute is 1438.56 frames
        assert_eq!(
            Timecode::from_seconds(60.0, r).unwrap().to_string(),
            "00:00:59:23"
        );
        // the same minute at 24 is exactly 00:01:00:00
        assert_eq!(
            Timecode::from_seconds(60.0, FrameRate::Fps24)
                .unwrap()
                .to_string(),
            "00:01:00:00"
        );
        assert_eq!(
            tc("00:00:59:23", r)
                .checked_add_frames(1)
                .unwrap()
                .to_string(),
            "00:01:00:00"
        );
        assert!(
            Timecode::parse("00:00:00;00", r).is_err(),
            "23.976 is non-drop"
        );
    }

    #[test]
    fn seconds_round_to_the_nearest_frame() {
        let r = FrameRate::Fps24;
        let at = |s: f64| Timecode::from_seconds(s, r).unwrap().frames();
        assert_eq!(at(0.0), 0);
        assert_eq!(at(0.02), 0); // 0.48 of a frame
        assert_eq!(at(0.021), 1); // 0.504
        assert_eq!(at(0.0625), 2); // exactly 1.5 frames: halves round up
        assert_eq!(at(30.0), 720);
        assert_eq!(
            Timecode::from_seconds(30.0, FrameRate::Fps25)
                .unwrap()
                .to_string(),
            "00:00:30:00"
        );
        assert_eq!(
            Timecode::from_seconds(30.0, FrameRate::Fps30)
                .unwrap()
                .to_string(),
            "00:00:30:00"
        );
        // 30 s is 899.1 frames at 29.97
        assert_eq!(
            Timecode::from_seconds(30.0, DF).unwrap().to_string(),
            "00:00:29;29"
        );
        for bad in [-0.5, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Timecode::from_seconds(bad, r),
                Err(TimecodeError::InvalidSeconds { .. })
            ));
        }
        assert!(matches!(
            Timecode::from_seconds(86_400.0, r),
            Err(TimecodeError::OutOfRange { .. })
        ));
        assert!(Timecode::from_seconds(86_399.97, r).is_ok());
    }

    #[test]
    fn malformed_timecodes_say_what_is_wrong() {
        let r = FrameRate::Fps24;
        let why =
            |text: &str, rate: FrameRate| Timecode::parse(text, rate).unwrap_err().to_string();
        assert!(why("01:00:00", r).contains("four fields"));
        assert!(why("01:00:00:24", r).contains("frames run from 00 to 23"));
        assert!(Timecode::parse("01:00:00:24", FrameRate::Fps25).is_ok());
        assert!(why("01:00:00:25", FrameRate::Fps25).contains("00 to 24"));
        assert!(why("24:00:00:00", r).contains("hours"));
        assert!(why("00:60:00:00", r).contains("minutes"));
        assert!(why("00:00:60:00", r).contains("seconds"));
        assert!(why("00:00:00;00", FrameRate::Fps25).contains("drop-frame"));
        assert!(why("00;00:00:00", DF).contains("only the separator before the frames"));
        assert!(why("aa:00:00:00", r).contains("digits"));
        assert!(why("001:00:00:00", r).contains("digits"));
        assert!(why("-1:00:00:00", r).contains("digits"));
        assert!(why("", r).contains("four fields"));
        let e = why("01:00:00:24", r);
        assert!(
            e.contains("`01:00:00:24`") && e.contains("24 fps non-drop"),
            "{e}"
        );
        assert!(why("x", DF).contains("HH:MM:SS;FF"));
        // one-digit fields and spaces around are fine
        assert_eq!(tc(" 1:2:3:4 ", r).to_string(), "01:02:03:04");
    }

    #[test]
    fn add_and_sub() {
        let r = FrameRate::Fps25;
        let a = tc("01:00:00:00", r);
        let b = tc("00:00:10:20", r);
        assert_eq!(a.checked_add(b).unwrap().to_string(), "01:00:10:20");
        assert_eq!((a + b).to_string(), "01:00:10:20");
        assert_eq!(a.checked_sub(b).unwrap().to_string(), "00:59:49:05");
        assert_eq!((a - b).to_string(), "00:59:49:05");
        assert!(matches!(
            b.checked_sub(a),
            Err(TimecodeError::OutOfRange { .. })
        ));
        let last = Timecode::last_of_day(r);
        assert_eq!(last.to_string(), "23:59:59:24");
        assert!(last.checked_add_frames(1).is_err());
        assert_eq!((last + frame(1, r)).to_string(), "00:00:00:00");
        assert_eq!((Timecode::zero(r) - frame(1, r)).to_string(), "23:59:59:24");
        assert_eq!(
            a.checked_add(Timecode::zero(FrameRate::Fps24)),
            Err(TimecodeError::RateMismatch {
                a: r,
                b: FrameRate::Fps24
            })
        );
        // drop-frame: a programme starting at 01:00:00;00 plus a minute of frames
        let start = tc("01:00:00;00", DF);
        let minute = Timecode::from_seconds(60.0, DF).unwrap(); // 1798.2 frames -> 1798
        assert_eq!(minute.to_string(), "00:00:59;28");
        assert_eq!((start + minute).to_string(), "01:00:59;28");
        assert_eq!(
            (start + frame(1800, DF)).to_string(),
            "01:01:00;02",
            "adding across a minute skips the dropped labels"
        );
        assert!(Timecode::from_frames(DF.frames_per_day(), DF).is_err());
    }

    #[test]
    fn errors_read_well() {
        let e = Timecode::zero(FrameRate::Fps24)
            .checked_add_frames(-1)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "00:00:00:00 - 1 frames is outside one day of timecode (00:00:00:00 to 23:59:59:23 at 24 fps non-drop)"
        );
        let e = Timecode::parse("00:02:00;01", DF).unwrap_err();
        assert!(
            e.to_string().contains("(the minute starts at 00:02:00;02)"),
            "{e}"
        );
    }

    fn any_rate() -> impl Strategy<Value = FrameRate> {
        prop::sample::select(FrameRate::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn frames_to_timecode_to_frames(rate in any_rate(), fraction in 0.0f64..1.0) {
            let n = ((rate.frames_per_day() as f64 * fraction) as u64).min(rate.frames_per_day() - 1);
            let t = Timecode::from_frames(n, rate).unwrap();
            let (h, m, s, f) = t.hmsf();
            prop_assert_eq!(Timecode::from_hmsf(h, m, s, f, rate), Ok(t));
            prop_assert_eq!(Timecode::parse(&t.to_string(), rate), Ok(t));
            prop_assert_eq!(Timecode::parse(&t.to_string(), rate).unwrap().frames(), n);
            // and the real time of the frame rounds back to the same frame
            prop_assert_eq!(Timecode::from_seconds(t.seconds(), rate), Ok(t));
        }

        #[test]
        fn adding_then_subtracting_returns(rate in any_rate(), a in 0u64..2_000_000, b in 0u64..2_000_000) {
            let day = rate.frames_per_day();
            let (x, y) = (frame(a % day, rate), frame(b % day, rate));
            prop_assert_eq!((x + y) - y, x);
            match x.checked_add(y) {
                Ok(sum) => {
                    prop_assert_eq!(sum.frames(), x.frames() + y.frames());
                    prop_assert_eq!(sum.checked_sub(y), Ok(x));
                }
                Err(_) => prop_assert!(x.frames() + y.frames() >= day),
            }
        }
    }
}
