//! A phrase: one theme statement (or a development of it) planned and composed from the mood,
//! intensity and focus the game asked for, and the bridge that leads into a new mood.

use leitmotif_compose::arrange::bridge::bridge_bar;
use leitmotif_compose::arrange::cue::CueComposer;
use leitmotif_compose::{plan_phrase, CuePlan, PhraseRequest, SectionKind};
use leitmotif_score::Note;
use leitmotif_theory::{Chord, Key, Meter};

use crate::command::Mood;
use crate::repertoire::Repertoire;

/// What the music should be doing.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub mood: Mood,
    pub intensity: f64,
    pub focus: String,
}

/// A planned and composed phrase: its plan, and every bar's notes (part index, note), with times
/// from the bar line.
pub struct Phrase {
    pub plan: CuePlan,
    pub bars: Vec<Vec<(usize, Note)>>,
    pub chords: Vec<Chord>,
    /// The bridge into this phrase, when it begins a new mood after another.
    pub bridge: Option<Vec<(usize, Note)>>,
    /// Bars of this phrase already scheduled.
    pub next_bar: usize,
}

/// The section a phrase plays, by its place in the run of phrases of one mood: the theme first,
/// then development and statement in turn; a statement at high intensity is a climax.
pub fn section_for(run: u32, intensity: f64) -> SectionKind {
    if run % 2 == 1 {
        SectionKind::Development
    } else if intensity >= 0.8 {
        SectionKind::Climax
    } else {
        SectionKind::Statement
    }
}

/// Plans and composes the phrase numbered `number`.
pub fn compose_phrase(
    rep: &Repertoire,
    target: &Target,
    previous: Option<(Key, Meter)>,
    same_mood: bool,
    number: u32,
    section: SectionKind,
    with_bridge: bool,
) -> Phrase {
    let plan = plan_phrase(
        &rep.story,
        &rep.themes,
        &PhraseRequest {
            emotion: target.mood.point,
            emotion_name: target.mood.name.name(),
            intensity: target.intensity,
            focus: &target.focus,
            previous,
            same_mood,
            number,
            section,
        },
    );
    let composer = CueComposer::new(&plan, &rep.themes);
    let bar_ticks = plan.meter.bar_ticks();
    let bars: Vec<Vec<(usize, Note)>> = (0..plan.fit.bars)
        .map(|b| {
            let start = b as u64 * bar_ticks;
            composer
                .bar(b)
                .into_iter()
                .map(|(i, mut n)| {
                    n.start -= start;
                    (i, n)
                })
                .collect()
        })
        .collect();
    let chords = (0..plan.fit.bars).map(|b| composer.chord(b)).collect();
    let bridge = with_bridge.then(|| bridge_bar(&plan, target.intensity));
    Phrase {
        plan,
        bars,
        chords,
        bridge,
        next_bar: 0,
    }
}
