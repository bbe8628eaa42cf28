//! Musical styles a story or scene may ask for. Each drives progressions, accompaniment figures,
//! drum grooves and the instrument palette (see the compose crate's `style` module).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    Orchestral,
    KdramaBallad,
    Lofi,
    Jazz,
    Synthwave,
    Ambient,
    Rock,
    Chiptune,
}

impl Style {
    pub const ALL: [Style; 8] = [
        Style::Orchestral,
        Style::KdramaBallad,
        Style::Lofi,
        Style::Jazz,
        Style::Synthwave,
        Style::Ambient,
        Style::Rock,
        Style::Chiptune,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Style::Orchestral => "orchestral",
            Style::KdramaBallad => "kdrama-ballad",
            Style::Lofi => "lofi",
            Style::Jazz => "jazz",
            Style::Synthwave => "synthwave",
            Style::Ambient => "ambient",
            Style::Rock => "rock",
            Style::Chiptune => "chiptune",
        }
    }

    /// A one-line description for docs and `explain`.
    pub fn description(self) -> &'static str {
        match self {
            Style::Orchestral => "strings, woodwinds, horns and brass, harp, timpani; functional harmony",
            Style::KdramaBallad => "piano arpeggios with pedal, strings, IV-V-iii-vi progressions, soft drums at the peak",
            Style::Lofi => "electric piano sevenths, swung boom-bap drums, round bass, mellow",
            Style::Jazz => "saxophone lead, comping piano with sevenths, walking bass, ride cymbal swing",
            Style::Synthwave => "saw lead, arpeggiated synths, warm pads, synth bass, 80s drums",
            Style::Ambient => "pads, bells and drones, slow harmony, no drums",
            Style::Rock => "overdriven guitars, electric bass, rock drums, power and drive",
            Style::Chiptune => "square-wave lead and arpeggios, game-console bass and drums",
        }
    }

    pub fn parse(text: &str) -> Option<Style> {
        let t = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        let t = match t.as_str() {
            "kdrama" | "k-drama" | "ballad" | "k-drama-ballad" => "kdrama-ballad",
            "lo-fi" => "lofi",
            "orchestra" | "cinematic" => "orchestral",
            other => other,
        }
        .to_string();
        Style::ALL.into_iter().find(|s| s.name() == t)
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
