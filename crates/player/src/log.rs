//! The player's event log: every bar it wrote and every command it took, with frames, so a test
//! (or a game developer) can check where changes landed and what the music did.

use serde::Serialize;

/// One melody note of a logged bar: onset and length in ticks from the bar line, MIDI key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LoggedNote {
    pub tick: u64,
    pub ticks: u64,
    pub key: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum LogEntry {
    /// A bar was composed and scheduled.
    Bar {
        frame: u64,
        seconds: f64,
        /// 0-based bar number since playback began.
        bar: u64,
        /// Its length in frames (shorter than a full bar when a beat-quantised change cut it).
        frames: u64,
        phrase: u32,
        bar_in_phrase: u32,
        /// "phrase" or "bridge".
        kind: &'static str,
        section: &'static str,
        key: String,
        mode: String,
        chord: String,
        /// Tempo at the bar line and at its end (they differ in a bridge's glide).
        tempo: f64,
        tempo_end: f64,
        meter: String,
        emotion: String,
        intensity: f64,
        focus: String,
        melody: Vec<LoggedNote>,
    },
    /// A command arrived; `lands` is the frame where it takes effect.
    Command {
        frame: u64,
        seconds: f64,
        command: String,
        quantize: &'static str,
        lands: u64,
        lands_seconds: f64,
    },
    /// Bars scheduled from `frame` on were cancelled to compose them again (a change landed
    /// inside music already written): later entries at those frames replace them.
    Rescheduled { frame: u64, seconds: f64 },
    /// A stinger was scheduled.
    Stinger {
        frame: u64,
        seconds: f64,
        theme: String,
        chord: String,
        keys: Vec<u8>,
    },
}

impl LogEntry {
    pub fn frame(&self) -> u64 {
        match self {
            LogEntry::Bar { frame, .. }
            | LogEntry::Command { frame, .. }
            | LogEntry::Rescheduled { frame, .. }
            | LogEntry::Stinger { frame, .. } => *frame,
        }
    }

    /// One JSON object per line.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
