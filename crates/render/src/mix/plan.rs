//! The mix plan: how loud, where and how wet each part sits, and the room the cue plays in.
//!
//! For a composed cue it follows the scene: grief is intimate and dry (a small room, little
//! reverb, no echo), nostalgia and the ethereal styles are wet (a long hall and a dark echo on the
//! melody), energetic cues sit in a tighter room so rhythm stays clear. For a MIDI file it follows
//! the file's own reverb sends (CC 91), as a General MIDI player would.

use super::effects::EffectSettings;
use super::strip::StripSettings;
use crate::performance::{ChannelTrack, EventKind, Performance};

/// A whole cue's mix.
#[derive(Debug, Clone, PartialEq)]
pub struct MixPlan {
    /// One per channel of the performance, in the same order.
    pub strips: Vec<StripSettings>,
    pub effects: EffectSettings,
}

/// What the mix needs to know about a scene.
#[derive(Debug, Clone, PartialEq)]
pub struct Mood {
    /// The named emotion if any ("grief", "nostalgic", ...).
    pub emotion: String,
    pub valence: f64,
    pub arousal: f64,
    /// The style id ("orchestral", "ambient", "lofi", ...).
    pub style: String,
    /// The cue's main tempo, for tempo-synced echoes.
    pub bpm: f64,
}

/// The room a mood calls for, and how much of it the parts hear (a multiplier on sends).
fn room_for(mood: &Mood) -> (EffectSettings, f32, f32) {
    let beat = 60.0 / mood.bpm.clamp(30.0, 300.0);
    let dotted_eighth = beat * 0.75;
    let base = EffectSettings {
        delay_seconds: dotted_eighth,
        ..EffectSettings::default()
    };
    let emotion = mood.emotion.as_str();
    let style = mood.style.as_str();
    let ethereal = matches!(style, "ambient" | "synthwave")
        || matches!(emotion, "nostalgic" | "mysterious" | "peaceful");
    if emotion == "grief" || (mood.valence < -0.55 && mood.arousal < -0.2) {
        // Intimate and dry: the listener is in the room with a single player.
        let fx = EffectSettings {
            room_m: 8.0,
            reverb_seconds: 0.9,
            damping: 0.7,
            reverb_return: 0.35,
            delay_feedback: 0.0,
            delay_return: 0.0,
            ..base
        };
        return (fx, 0.35, 0.0);
    }
    if ethereal {
        let fx = EffectSettings {
            room_m: 30.0,
            reverb_seconds: if emotion == "nostalgic" { 3.8 } else { 3.2 },
            damping: 0.35,
            reverb_return: 0.6,
            delay_feedback: 0.45,
            delay_return: 0.55,
            delay_seconds: beat * 0.75,
        };
        return (fx, 1.6, 1.0);
    }
    match style {
        "rock" | "chiptune" => {
            let fx = EffectSettings {
                room_m: 12.0,
                reverb_seconds: 1.1,
                damping: 0.6,
                reverb_return: 0.45,
                delay_feedback: 0.25,
                delay_return: 0.3,
                ..base
            };
            (fx, 0.7, 0.3)
        }
        "lofi" | "jazz" => {
            let fx = EffectSettings {
                room_m: 12.0,
                reverb_seconds: 1.3,
                damping: 0.7,
                reverb_return: 0.5,
                delay_feedback: 0.3,
                delay_return: 0.35,
                ..base
            };
            (fx, 0.8, 0.4)
        }
        _ => {
            let energetic = mood.arousal > 0.5;
            let fx = EffectSettings {
                room_m: if energetic { 16.0 } else { 22.0 },
                reverb_seconds: if energetic { 1.5 } else { 2.2 },
                damping: 0.5,
                reverb_return: 0.55,
                delay_feedback: 0.3,
                delay_return: 0.35,
                ..base
            };
            (fx, 1.0, 0.35)
        }
    }
}

/// Fader, pan, EQ and base sends of a part, by its role (the track name the composer gives it).
fn strip_for_role(name: &str, drums: bool) -> StripSettings {
    let role = name.to_ascii_lowercase();
    let (gain_db, pan, highpass_hz, low_shelf_db, high_shelf_db, reverb_send, delay_send) =
        match role.as_str() {
            "melody" => (0.0, 0.0, 70.0, 0.0, 0.0, 0.25, 0.18),
            "counterline" => (-4.0, 0.3, 80.0, 0.0, 0.0, 0.25, 0.0),
            "harmony" => (-5.0, -0.25, 70.0, 0.0, 0.0, 0.25, 0.0),
            "arpeggio" => (-6.5, 0.35, 110.0, 0.0, 0.0, 0.25, 0.1),
            "pad" => (-8.0, 0.0, 90.0, -3.0, 0.0, 0.35, 0.0),
            "bass" => (-3.0, 0.0, 30.0, 0.0, -2.0, 0.05, 0.0),
            "timpani" => (-4.0, -0.2, 35.0, 0.0, 0.0, 0.3, 0.0),
            _ if drums => (-3.0, 0.0, 30.0, 0.0, 0.0, 0.12, 0.0),
            _ => (-4.0, 0.0, 60.0, 0.0, 0.0, 0.25, 0.0),
        };
    StripSettings {
        gain_db,
        pan,
        highpass_hz,
        low_shelf_db,
        high_shelf_db,
        reverb_send,
        delay_send,
    }
}

impl MixPlan {
    /// The mix of a composed cue, by the parts' roles and the scene's mood.
    pub fn for_scene(performance: &Performance, mood: &Mood) -> MixPlan {
        let (effects, reverb_scale, delay_scale) = room_for(mood);
        let strips = performance
            .channels
            .iter()
            .map(|c| {
                let mut s = strip_for_role(&c.name, c.drums);
                s.reverb_send = (s.reverb_send * reverb_scale).min(1.0);
                s.delay_send = (s.delay_send * delay_scale).min(1.0);
                s
            })
            .collect();
        MixPlan { strips, effects }
    }

    /// The mix of a MIDI file: flat faders, the file's own pan (in the instrument), and each
    /// channel's first reverb send (CC 91, General MIDI's default 40 when absent).
    pub fn for_midi_file(performance: &Performance) -> MixPlan {
        let strips = performance
            .channels
            .iter()
            .map(|c| StripSettings {
                gain_db: -3.0,
                pan: 0.0,
                highpass_hz: 0.0,
                low_shelf_db: 0.0,
                high_shelf_db: 0.0,
                reverb_send: first_cc(c, 91).unwrap_or(40) as f32 / 127.0 * 0.6,
                delay_send: 0.0,
            })
            .collect();
        MixPlan {
            strips,
            effects: EffectSettings {
                room_m: 18.0,
                reverb_seconds: 1.6,
                delay_return: 0.0,
                ..EffectSettings::default()
            },
        }
    }

    /// How long effects may ring after the music ends, in seconds.
    pub fn tail_seconds(&self) -> f64 {
        let echo = if self.effects.delay_return > 0.0 && self.effects.delay_feedback > 0.0 {
            // Repeats until they fall 60 dB.
            let repeats = (-3.0 / (self.effects.delay_feedback.max(0.01) as f64).log10()).ceil();
            self.effects.delay_seconds * repeats
        } else {
            0.0
        };
        (self.effects.reverb_seconds * 1.2)
            .max(echo)
            .clamp(1.0, 8.0)
    }
}

fn first_cc(channel: &ChannelTrack, controller: u8) -> Option<u8> {
    channel.events.iter().find_map(|e| match e.kind {
        EventKind::Control {
            controller: c,
            value,
        } if c == controller => Some(value),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mood(emotion: &str, style: &str, valence: f64, arousal: f64) -> Mood {
        Mood {
            emotion: emotion.into(),
            valence,
            arousal,
            style: style.into(),
            bpm: 80.0,
        }
    }

    #[test]
    fn grief_is_dry_and_nostalgia_is_wet_with_echo() {
        let (grief, gr, gd) = room_for(&mood("grief", "orchestral", -0.8, -0.5));
        let (nostalgia, nr, nd) = room_for(&mood("nostalgic", "kdrama-ballad", 0.1, -0.3));
        assert!(nostalgia.reverb_seconds > 3.0 * grief.reverb_seconds);
        assert!(nr * nostalgia.reverb_return > 3.0 * gr * grief.reverb_return);
        assert_eq!(gd * grief.delay_return, 0.0);
        assert!(nd * nostalgia.delay_return > 0.3);
        assert!(
            (nostalgia.delay_seconds - 0.5625).abs() < 1e-9,
            "dotted eighth at 80 bpm"
        );
    }
}
