//! What a game can ask of the player.

use leitmotif_theory::{Emotion, NamedEmotion};
use serde::Serialize;

/// Where a change may take effect: the next beat, bar line or phrase (theme statement) boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Quantize {
    Beat,
    #[default]
    Bar,
    Phrase,
}

impl Quantize {
    pub fn name(self) -> &'static str {
        match self {
            Quantize::Beat => "beat",
            Quantize::Bar => "bar",
            Quantize::Phrase => "phrase",
        }
    }

    pub fn parse(text: &str) -> Option<Quantize> {
        match text.trim().to_ascii_lowercase().as_str() {
            "beat" => Some(Quantize::Beat),
            "bar" => Some(Quantize::Bar),
            "phrase" => Some(Quantize::Phrase),
            _ => None,
        }
    }
}

/// An emotion, by preset name or as a point on the valence/arousal plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mood {
    pub point: Emotion,
    /// The preset's name, or the nearest preset's for a custom point.
    pub name: NamedEmotion,
}

impl Mood {
    pub fn named(name: NamedEmotion) -> Mood {
        Mood {
            point: name.point(),
            name,
        }
    }

    /// A custom point (clamped to the plane); named after its nearest preset.
    pub fn point(valence: f64, arousal: f64) -> Mood {
        let point = Emotion::new(valence.clamp(-1.0, 1.0), arousal.clamp(-1.0, 1.0));
        Mood {
            point,
            name: point.nearest_name(),
        }
    }

    /// Parses a preset name.
    pub fn parse(text: &str) -> Option<Mood> {
        NamedEmotion::parse(text.trim()).map(Mood::named)
    }
}

/// One instruction to the player.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// The music moves to a new emotion at the next quantisation boundary, through a bridge.
    Emotion(Mood),
    /// Intensity 0..1, reached over `seconds` (0 = at once): layers enter and leave.
    Intensity { value: f64, seconds: f64 },
    /// Whose theme leads, from the next boundary.
    Focus(String),
    /// The theme's motif, harmonised to the sounding chord, at the next boundary.
    Stinger(String),
    /// The quantisation of the changes that follow.
    Transition(Quantize),
    /// Fades out over `seconds` and holds the music where it is.
    Pause { seconds: f64 },
    /// Fades back in over `seconds`.
    Resume { seconds: f64 },
    /// Fades out over `seconds` and ends.
    Stop { seconds: f64 },
}

impl Command {
    /// A short text for logs and the terminal: `emotion tense`, `intensity 0.8`.
    pub fn describe(&self) -> String {
        match self {
            Command::Emotion(m) => format!("emotion {}", m.name.name()),
            Command::Intensity { value, seconds } if *seconds > 0.0 => {
                format!("intensity {value:.2} over {seconds:.2}s")
            }
            Command::Intensity { value, .. } => format!("intensity {value:.2}"),
            Command::Focus(id) => format!("focus {id}"),
            Command::Stinger(id) => format!("stinger {id}"),
            Command::Transition(q) => format!("transition {}", q.name()),
            Command::Pause { .. } => "pause".into(),
            Command::Resume { .. } => "resume".into(),
            Command::Stop { .. } => "stop".into(),
        }
    }
}
