//! The whole soundtrack: themes first (they belong to the story, not to a cue), then every cue.

use crate::arrange::cue::{compose_cue, ComposedCue};
use crate::arrange::palette::Role;
use crate::plan::{plan_soundtrack, CuePlan};
use crate::themes::{home_key, Theme, ThemeRegistry};
use leitmotif_score::{Instrument, KeyChange, MeterChange, Note, Part, Score, TempoMap};
use leitmotif_story::Story;
use leitmotif_theory::{Bpm, Key, Meter, PPQ};

pub struct Soundtrack {
    pub title: String,
    pub seed: u64,
    pub home_key: Key,
    pub themes: ThemeRegistry,
    pub cues: Vec<ComposedCue>,
}

/// Themes and plans only: what `explain` shows, without composing notes.
pub fn plan(story: &Story) -> (ThemeRegistry, Vec<CuePlan>) {
    let themes = ThemeRegistry::build(story);
    let plans = plan_soundtrack(story, &themes);
    (themes, plans)
}

/// Composes every cue of a story.
pub fn compose(story: &Story) -> Soundtrack {
    let (themes, plans) = plan(story);
    let cues = plans.iter().map(|p| compose_cue(p, &themes)).collect();
    Soundtrack {
        title: story.title.clone(),
        seed: story.seed,
        home_key: home_key(story),
        themes,
        cues,
    }
}

/// A plain statement of a theme for the registry: one melodic line on piano, in its home key and
/// tempo, in 4/4.
pub fn theme_score(theme: &Theme) -> Score {
    let key = theme.home_key;
    let inst = Instrument::by_name("piano").unwrap_or_else(|| Instrument::for_program(0));
    let semis: Vec<i32> = theme
        .notes
        .iter()
        .map(|n| key.mode.semitones(n.degree.step as i32) + n.degree.alter as i32)
        .collect();
    let octave = crate::arrange::register::tonic_octave(key.tonic.semitones(), &semis, 70, inst);
    let sixteenth = PPQ / 4;
    let notes: Vec<Note> = theme
        .notes
        .iter()
        .map(|n| Note {
            start: n.start as u64 * sixteenth,
            duration: n.len as u64 * sixteenth,
            pitch: key.pitch_of(n.degree, octave),
            velocity: if n.start % 16 == 0 { 84 } else { 74 },
        })
        .collect();
    let end = notes.last().map(|n| n.end()).unwrap_or(0);
    let mut part = Part::new(Role::Melody.track_name(), inst, 0);
    part.notes = notes;
    Score {
        title: format!("{} (theme)", theme.name),
        parts: vec![part],
        tempo: TempoMap::constant(Bpm(theme.home_bpm)),
        meters: vec![MeterChange {
            at: 0,
            meter: Meter::COMMON,
        }],
        keys: vec![KeyChange { at: 0, key }],
        markers: Vec::new(),
        end,
    }
}
