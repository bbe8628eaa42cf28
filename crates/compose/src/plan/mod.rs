//! Spotting: turning each scene into a cue plan (key, tempo fitted to the hits, meter, form,
//! themes, palette) before a single note is written. `leitmotif explain` prints exactly this.

pub mod form;
pub mod intent;
pub mod keys;
pub mod live;
pub mod tempo_fit;

use crate::arrange::palette::Palette;
use crate::rng::Dice;
use crate::themes::{home_key, ThemeRegistry};
use form::Section;
use intent::Intent;
use leitmotif_story::{HitKind, Intensity, Scene, Story, Style};
use leitmotif_theory::{Emotion, Key, Meter};
use tempo_fit::{FitRequest, TempoFit};

/// Everything decided about a cue before composing it.
#[derive(Debug, Clone, PartialEq)]
pub struct CuePlan {
    /// 1-based cue number.
    pub number: u32,
    pub scene_id: String,
    pub title: String,
    /// Where the cue starts in the soundtrack (scenes follow each other).
    pub start_seconds: f64,
    pub duration_seconds: f64,
    pub emotion: Emotion,
    /// The story's emotion name, or the nearest preset for custom valence/arousal.
    pub emotion_name: String,
    pub intensity: Intensity,
    pub style: Style,
    pub key: Key,
    pub meter: Meter,
    pub intent: Intent,
    pub fit: TempoFit,
    pub sections: Vec<Section>,
    /// Theme ids: the focus, the second character's, the pair's, the place's.
    pub focus: String,
    pub secondary: Option<String>,
    pub relationship: Option<String>,
    pub place: Option<String>,
    pub palette: Palette,
    /// Seed for this cue's own random streams.
    pub seed: u64,
    /// What was inferred rather than written (screenplay import).
    pub inferred: Vec<leitmotif_story::Inference>,
}

/// Plans every cue of the story, in order.
pub fn plan_soundtrack(story: &Story, themes: &ThemeRegistry) -> Vec<CuePlan> {
    let home = home_key(story);
    let mut previous: Option<Key> = None;
    let mut start = 0.0;
    let count = story.scenes.len();
    story
        .scenes
        .iter()
        .enumerate()
        .map(|(i, scene)| {
            let plan = plan_cue(story, themes, scene, i, count, home, previous, start);
            previous = Some(plan.key);
            start += scene.duration_seconds;
            plan
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn plan_cue(
    story: &Story,
    themes: &ThemeRegistry,
    scene: &Scene,
    index: usize,
    count: usize,
    home: Key,
    previous: Option<Key>,
    start: f64,
) -> CuePlan {
    let label = format!("cue:{}", scene.id);
    let mut d = Dice::new(story.seed, &label);
    let style = story.style_of(scene);
    let emotion = scene.emotion.point;
    let mut intent = Intent::from_emotion(emotion, style, scene.intensity.peak());
    let key = match scene.overrides.key {
        Some(k) => k,
        None => keys::next_key(
            &mut d,
            home,
            previous,
            intent.mode,
            index + 1 == count && count > 2,
        ),
    };
    intent.mode = key.mode;
    let meter = scene.overrides.meter.unwrap_or_else(|| {
        let lyrical = emotion.valence > 0.1
            && emotion.arousal < 0.0
            && matches!(style, Style::Orchestral | Style::KdramaBallad);
        if lyrical && d.chance(0.3) {
            Meter::WALTZ
        } else {
            Meter::COMMON
        }
    });
    let hits: Vec<(f64, HitKind)> = scene.hits.iter().map(|h| (h.at_seconds, h.kind)).collect();
    let fit = tempo_fit::fit(&FitRequest {
        duration_seconds: scene.duration_seconds,
        hits: &hits,
        meter,
        bpm: intent.bpm,
        fixed_bpm: scene.overrides.tempo_bpm,
    });
    let cuts: Vec<u32> = fit
        .hits
        .iter()
        .filter(|h| h.kind == HitKind::Cut && h.beat == 1)
        .map(|h| h.bar - 1)
        .collect();
    let sections = form::layout(
        fit.bars,
        8 * crate::arrange::melody_line::cue_bars_per_theme_bar(meter),
        scene.intensity,
        &cuts,
    );
    let focus = scene
        .characters
        .first()
        .cloned()
        .or_else(|| scene.place.clone())
        .or_else(|| themes.themes.first().map(|t| t.id.clone()))
        .unwrap_or_default();
    let secondary = scene.characters.get(1).cloned();
    let relationship = match (scene.characters.first(), scene.characters.get(1)) {
        (Some(a), Some(b)) => themes.relationship(a, b).map(|t| t.id.clone()),
        _ => None,
    };
    let place = scene.place.clone().filter(|p| *p != focus);
    let palette = match &scene.overrides.instruments {
        Some(list) => Palette::from_instruments(list),
        None => Palette::for_style(style, emotion, &intent),
    };
    CuePlan {
        number: index as u32 + 1,
        scene_id: scene.id.clone(),
        title: scene.title.clone(),
        start_seconds: start,
        duration_seconds: scene.duration_seconds,
        emotion,
        emotion_name: scene
            .emotion
            .name
            .unwrap_or_else(|| emotion.nearest_name())
            .name()
            .to_string(),
        intensity: scene.intensity,
        style,
        key,
        meter,
        intent,
        fit,
        sections,
        focus,
        secondary,
        relationship,
        place,
        palette,
        seed: story.seed,
        inferred: scene.inferred.clone(),
    }
}
