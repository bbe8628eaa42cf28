//! The bridge bar that prepares a change of mood in the adaptive player.
//!
//! When the game's emotion changes, the new phrase is in a new key, mode, tempo and palette. A
//! hard cut to it sounds like a broken record; a film composer would lead into it. The bridge is
//! one bar of the new palette on the dominant seventh of the new key, with the drummer's fill
//! and the timpani on the dominant, the melody leading in from the dominant to the leading note
//! (sol, ti: the new tonic is heard before it arrives), so the new phrase arrives on its tonic as
//! the resolution of a cadence. The player glides the tempo across it.
//!
//! A bridge is never quieter than a middle intensity: it connects two moods, and a bridge into a
//! quiet mood written at that mood's level was heard as a gap rather than a preparation.

use super::bar::BarContext;
use super::cue::play_part;
use super::layers;
use super::palette::Role;
use super::register::melody_center;
use crate::plan::{form::SectionKind, CuePlan};
use crate::rng::Dice;
use leitmotif_score::{Instrument, Note};
use leitmotif_theory::{Chord, ChordQuality, Degree, Pitch, Ticks};

/// The lowest intensity a bridge is written at.
pub const BRIDGE_FLOOR: f64 = 0.45;

/// The dominant seventh of a plan's key (V7, with the leading note in minor too).
pub fn dominant_seventh() -> Chord {
    Chord::new(Degree::new(4), ChordQuality::Dominant7)
}

/// Writes the bridge into `plan` (the phrase it leads to): (part index in its palette, note),
/// times from the bridge's own downbeat.
pub fn bridge_bar(plan: &CuePlan, intensity: f64) -> Vec<(usize, Note)> {
    let intensity = intensity.max(BRIDGE_FLOOR);
    let bar_ticks = plan.meter.bar_ticks();
    let ctx = BarContext {
        bar: 0,
        start: 0,
        len: bar_ticks,
        meter: plan.meter,
        key: plan.key,
        chord: dominant_seventh(),
        next_chord: Some(Chord::diatonic(plan.key, 0)),
        section: SectionKind::Development,
        // the last bar of a section: drums fill, harmony leads into the next downbeat
        bar_in_section: 0,
        section_bars: 1,
        intensity,
        intent: &plan.intent,
        style: plan.style,
        melody: &[],
        melody_floor: 64,
        last_bar: false,
    };
    let mut d = Dice::new(plan.seed, &format!("cue:{}:bridge", plan.scene_id));
    let mut out = Vec::new();
    for (index, part) in plan.palette.parts.iter().enumerate() {
        let mut notes = match part.role {
            Role::Melody => lead_in(plan, part.instrument, bar_ticks),
            Role::Counterline => layers::counterline(&ctx, part.instrument),
            Role::Harmony => layers::harmony(&ctx, part.instrument),
            Role::Pad => layers::pad(&ctx, part.instrument),
            Role::Bass => layers::bass(&ctx, part.instrument, &mut d),
            Role::Drums if plan.intent.drums => layers::drums(&ctx, &mut d),
            Role::Timpani => layers::timpani(&ctx, part.instrument),
            Role::Arpeggio if intensity >= 0.25 => layers::arpeggio(&ctx, part.instrument),
            _ => Vec::new(),
        };
        play_part(plan, &mut notes, bar_ticks, intensity, part.role, &mut d);
        out.extend(notes.into_iter().map(|n| (index, n)));
    }
    out
}

/// The melody's lead-in: the dominant's root, then its third (the leading note) for the second
/// half of the bar, in the melody instrument's register.
fn lead_in(plan: &CuePlan, inst: &Instrument, bar_ticks: Ticks) -> Vec<Note> {
    let center = melody_center(inst) + plan.intent.register_shift;
    let tones = dominant_seventh().pitches(plan.key, 4);
    let near = |p: Pitch| {
        let mut p = p;
        while p.midi() > center + 6 {
            p = p.octaves(-1);
        }
        while p.midi() < center - 6 {
            p = p.octaves(1);
        }
        p
    };
    let (sol, ti) = (near(tones[0]), near(tones[1]));
    // the leading note sits just under the tonic it leads to
    let ti = if ti.midi() < sol.midi() - 7 {
        ti.octaves(1)
    } else {
        ti
    };
    let half = bar_ticks / 2;
    vec![
        Note {
            start: 0,
            duration: half,
            pitch: sol,
            velocity: 96,
        },
        Note {
            start: half,
            duration: bar_ticks - half,
            pitch: ti,
            velocity: 100,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::live::{plan_phrase, PhraseRequest};
    use crate::themes::ThemeRegistry;
    use leitmotif_theory::NamedEmotion;

    #[test]
    fn the_bridge_sounds_the_dominant_of_the_new_key_and_leads_in_to_the_tonic() {
        let story = leitmotif_story::parse_story(
            "title = \"B\"\nseed = 3\n[[character]]\nid = \"a\"\nname = \"A\"\n\
             [[scene]]\nid = \"s\"\nduration = 30\nemotion = \"heroic\"\ncharacters = [\"a\"]\n",
            "b.toml",
        )
        .unwrap();
        let themes = ThemeRegistry::build(&story);
        let plan = plan_phrase(
            &story,
            &themes,
            &PhraseRequest {
                emotion: NamedEmotion::Heroic.point(),
                emotion_name: "heroic",
                intensity: 0.8,
                focus: "a",
                previous: None,
                same_mood: false,
                number: 1,
                section: SectionKind::Statement,
            },
        );
        let notes = bridge_bar(&plan, 0.8);
        let melody = plan.palette.index(Role::Melody);
        let lead: Vec<i32> = notes
            .iter()
            .filter(|(i, _)| Some(*i) == melody)
            .map(|(_, n)| n.pitch.midi().rem_euclid(12))
            .collect();
        let tonic = plan.key.tonic.semitones();
        assert_eq!(
            lead,
            vec![(tonic + 7) % 12, (tonic + 11) % 12],
            "sol then ti"
        );
        let dominant = dominant_seventh().pitch_class_mask(plan.key);
        let drums = plan.palette.index(Role::Drums);
        let pitched: Vec<&Note> = notes
            .iter()
            .filter(|(i, _)| Some(*i) != drums)
            .map(|(_, n)| n)
            .collect();
        assert!(pitched.len() >= 3, "the bridge has harmony");
        let in_chord = pitched
            .iter()
            .filter(|n| dominant & (1 << n.pitch.midi().rem_euclid(12)) != 0)
            .count();
        assert!(
            in_chord * 10 >= pitched.len() * 8,
            "{in_chord} of {} notes are in V7",
            pitched.len()
        );
        // a bridge into a quiet mood still sounds: its harmony plays at a middle level
        let quiet = bridge_bar(&plan, 0.0);
        let harmony = plan.palette.index(Role::Harmony);
        let loudest = quiet
            .iter()
            .filter(|(i, _)| Some(*i) == harmony)
            .map(|(_, n)| n.velocity)
            .max()
            .unwrap();
        assert!(loudest >= 60, "harmony velocity {loudest}");
    }
}
