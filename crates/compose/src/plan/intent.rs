//! Emotion -> musical intent, following the research summarised in DESIGN.md: arousal drives tempo,
//! loudness, density and brightness; valence drives mode, consonance and register (Gabrielsson &
//! Lindström 2010; Juslin & Laukka 2004; Eerola, Friberg & Bresin 2013). Style nudges the result.

use leitmotif_story::Style;
use leitmotif_theory::{Emotion, Mode};
use serde::Serialize;

/// How the melody is articulated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Articulation {
    Legato,
    Normal,
    Detached,
    Staccato,
}

impl Articulation {
    /// Sounding length as a share of the time to the next note.
    pub fn gate(self) -> f64 {
        match self {
            Articulation::Legato => 0.98,
            Articulation::Normal => 0.86,
            Articulation::Detached => 0.7,
            Articulation::Staccato => 0.5,
        }
    }
}

/// Everything the arranger needs to know about a cue's character, derived from its emotion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intent {
    /// The emotion this intent was derived from.
    pub valence: f64,
    pub arousal: f64,
    pub mode: Mode,
    /// The emotion's natural tempo before fitting to hit points.
    pub bpm: f64,
    /// How far tempo fitting may move away from `bpm` (fraction).
    pub tempo_slack: f64,
    pub articulation: Articulation,
    /// Semitones the melody sits above (+) or below (-) its neutral register.
    pub register_shift: i32,
    /// 0 = sparse, 1 = busy accompaniment.
    pub activity: f64,
    /// 0 = pure triads, 1 = clusters and tritones.
    pub dissonance: f64,
    /// Loudness before intensity: MIDI velocity around which the cue plays.
    pub base_velocity: f64,
    /// Irregular, jerky rhythm (fear, anger).
    pub irregular: bool,
    /// Whether a drum kit (or orchestral percussion) plays at all.
    pub drums: bool,
    /// Bittersweet colour: borrowed minor iv in a major key (nostalgia).
    pub bittersweet: bool,
}

impl Intent {
    pub fn from_emotion(e: Emotion, style: Style, peak_intensity: f64) -> Intent {
        let (v, a) = (e.valence, e.arousal);
        let mode = if v > 0.05 { Mode::Major } else { Mode::Minor };
        let natural = 92.0 + 48.0 * a + 8.0 * v;
        // style nudges the tempo (lo-fi lazes, synthwave drives) but never out of the emotion's range
        let styled: f64 = match style {
            Style::Lofi => natural.clamp(60.0, 92.0),
            Style::Ambient => (natural * 0.9).min(96.0),
            Style::Synthwave => natural.max(84.0),
            Style::Chiptune => natural * 1.08,
            Style::Jazz => natural * 1.05,
            Style::Rock => natural.max(80.0),
            _ => natural,
        };
        let mut bpm = styled.clamp(natural * 0.9, natural * 1.1);
        if v > 0.2 && a > 0.3 {
            bpm = bpm.min(138.0); // heroic and joyful: march-like, not frantic
        }
        if a < -0.2 {
            bpm = bpm.min(if v < -0.2 { 72.0 } else { 80.0 }); // sad and peaceful stay slow after fitting
        }
        let bpm = bpm.clamp(48.0, 184.0);
        let articulation = if v < -0.3 && a > 0.4 {
            Articulation::Detached
        } else if a <= 0.15 || v < -0.3 {
            Articulation::Legato
        } else if a > 0.45 && v > 0.5 {
            Articulation::Detached
        } else {
            Articulation::Normal
        };
        let activity = (((a + 1.0) / 2.0) * 0.75 + peak_intensity * 0.25).clamp(0.0, 1.0);
        // negative valence darkens the harmony; negative and aroused (fear, anger) most of all; any
        // negative valence leaves something unresolved (mystery)
        let dissonance = ((-v).max(0.0) * 0.6
            + (-v).max(0.0) * a.max(0.0) * 0.6
            + if v < 0.0 { 0.15 } else { 0.0 })
        .clamp(0.0, 1.0);
        let drums_style = matches!(
            style,
            Style::Lofi | Style::Synthwave | Style::Rock | Style::Chiptune | Style::Jazz
        );
        let drums = match style {
            Style::Ambient => false,
            _ if drums_style => a > -0.45,
            _ => a > 0.35,
        };
        Intent {
            valence: v,
            arousal: a,
            mode,
            bpm,
            tempo_slack: 0.1,
            articulation,
            register_shift: (v * 5.0 + a * 3.0).round() as i32,
            activity,
            dissonance,
            base_velocity: 62.0 + 30.0 * a + 4.0 * v,
            irregular: v < -0.3 && a > 0.3,
            drums,
            bittersweet: v > 0.0 && v < 0.35 && a < 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_theory::NamedEmotion;

    fn intent(n: NamedEmotion) -> Intent {
        Intent::from_emotion(n.point(), Style::Orchestral, 0.5)
    }

    #[test]
    fn research_directions_hold() {
        let joy = intent(NamedEmotion::Joyful);
        let grief = intent(NamedEmotion::Grief);
        assert_eq!(joy.mode, Mode::Major);
        assert_eq!(grief.mode, Mode::Minor);
        assert!(joy.bpm >= 110.0 && grief.bpm <= 80.0);
        assert!(joy.activity > grief.activity);
        assert!(joy.register_shift > grief.register_shift);
        assert!(joy.base_velocity > grief.base_velocity);
        assert_eq!(grief.articulation, Articulation::Legato);
        let fear = intent(NamedEmotion::Fearful);
        assert!(fear.dissonance > intent(NamedEmotion::Tender).dissonance);
        assert!(fear.irregular);
        assert!(intent(NamedEmotion::Angry).bpm >= 120.0);
        assert!(intent(NamedEmotion::Peaceful).bpm <= 85.0);
        let t = intent(NamedEmotion::Triumphant).bpm;
        assert!((84.0..=144.0).contains(&t));
    }
}
