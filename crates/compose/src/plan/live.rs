//! Live planning for the adaptive player: one phrase (a theme statement long) at a time, from the
//! game's current emotion, intensity and focus theme.
//!
//! A phrase is planned with the very code an offline cue uses (intent from emotion, the key plan,
//! the palette, tempo as a map) so a game hears the same music the soundtrack album has; only
//! the form is chosen by the player (statement, development, climax) instead of laid out over a
//! scene, and there are no hit points to fit.

use super::form::{Section, SectionKind};
use super::intent::Intent;
use super::keys;
use super::tempo_fit::TempoFit;
use super::CuePlan;
use crate::arrange::melody_line::cue_bars_per_theme_bar;
use crate::arrange::palette::Palette;
use crate::rng::Dice;
use crate::themes::{home_key, ThemeRegistry};
use leitmotif_score::TempoMap;
use leitmotif_story::{Intensity, Story, Style};
use leitmotif_theory::{Bpm, Emotion, Key, Meter, Ticks};

/// What the player knows when it plans the next phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseRequest<'a> {
    pub emotion: Emotion,
    /// The preset name, or the nearest preset's name for a custom point.
    pub emotion_name: &'a str,
    /// 0..1, as the game set it when the phrase is planned.
    pub intensity: f64,
    /// Theme id whose theme leads.
    pub focus: &'a str,
    /// The key and meter of the phrase before, if any.
    pub previous: Option<(Key, Meter)>,
    /// The mood is unchanged since the previous phrase: keep its key and meter (a new mood takes
    /// a key close to the previous one, as neighbouring cues do).
    pub same_mood: bool,
    /// 1-based phrase counter: every phrase draws from its own random streams.
    pub number: u32,
    pub section: SectionKind,
}

/// Bars in one phrase of `meter`: an 8-bar theme statement.
pub fn phrase_bars(meter: Meter) -> u32 {
    8 * cue_bars_per_theme_bar(meter)
}

/// Plans one phrase as a cue of its own, ready for [`crate::CueComposer`].
pub fn plan_phrase(story: &Story, themes: &ThemeRegistry, req: &PhraseRequest) -> CuePlan {
    let scene_id = format!("live-{}", req.number);
    let mut d = Dice::new(story.seed, &format!("cue:{scene_id}"));
    let style = story.style;
    let intensity = req.intensity.clamp(0.0, 1.0);
    let mut intent = Intent::from_emotion(req.emotion, style, intensity);
    let (key, meter) = match req.previous {
        Some((key, meter)) if req.same_mood => (key, meter),
        previous => {
            let key = keys::next_key(
                &mut d,
                home_key(story),
                previous.map(|(k, _)| k),
                intent.mode,
                false,
            );
            let lyrical = req.emotion.valence > 0.1
                && req.emotion.arousal < 0.0
                && matches!(style, Style::Orchestral | Style::KdramaBallad);
            let meter = if lyrical && d.chance(0.3) {
                Meter::WALTZ
            } else {
                Meter::COMMON
            };
            (key, meter)
        }
    };
    intent.mode = key.mode;
    let bars = phrase_bars(meter);
    let end_tick = bars as Ticks * meter.bar_ticks();
    let fit = TempoFit {
        tempo: TempoMap::constant(Bpm(intent.bpm)),
        bars,
        end_tick,
        hits: Vec::new(),
    };
    let palette = Palette::for_style(style, req.emotion, &intent);
    let duration_seconds = end_tick as f64 / leitmotif_theory::PPQ as f64 * 60.0 / intent.bpm;
    CuePlan {
        number: req.number,
        scene_id,
        title: format!("Live phrase {}", req.number),
        start_seconds: 0.0,
        duration_seconds,
        emotion: req.emotion,
        emotion_name: req.emotion_name.to_string(),
        intensity: Intensity {
            start: intensity,
            end: intensity,
        },
        style,
        key,
        meter,
        intent,
        fit,
        sections: vec![Section {
            kind: req.section,
            start_bar: 0,
            bars,
        }],
        // an unknown id falls back to the story's first theme, as a scene without characters does
        focus: themes
            .get(req.focus)
            .or_else(|| themes.themes.first())
            .map(|t| t.id.clone())
            .unwrap_or_default(),
        secondary: None,
        relationship: None,
        place: None,
        palette,
        seed: story.seed,
        inferred: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arrange::cue::CueComposer;
    use leitmotif_theory::NamedEmotion;

    fn story() -> Story {
        let text = r#"
title = "Live"
seed = 7
[[character]]
id = "kaito"
name = "Kaito"
[[character]]
id = "yuki"
name = "Yuki"
[[scene]]
id = "one"
duration = 30
emotion = "tender"
characters = ["kaito", "yuki"]
"#;
        leitmotif_story::parse_story(text, "live.toml").unwrap()
    }

    fn request<'a>(emotion: NamedEmotion, focus: &'a str, number: u32) -> PhraseRequest<'a> {
        PhraseRequest {
            emotion: emotion.point(),
            emotion_name: emotion.name(),
            intensity: 0.6,
            focus,
            previous: None,
            same_mood: false,
            number,
            section: SectionKind::Statement,
        }
    }

    #[test]
    fn a_phrase_is_a_theme_statement_in_the_emotions_mode_and_tempo() {
        let story = story();
        let themes = ThemeRegistry::build(&story);
        let sad = plan_phrase(&story, &themes, &request(NamedEmotion::Sad, "yuki", 1));
        let joy = plan_phrase(&story, &themes, &request(NamedEmotion::Joyful, "yuki", 2));
        assert!(sad.key.mode.is_minor_family());
        assert!(!joy.key.mode.is_minor_family());
        assert!(joy.intent.bpm > sad.intent.bpm + 20.0);
        assert_eq!(sad.fit.bars, phrase_bars(sad.meter));
        let composer = CueComposer::new(&sad, &themes);
        let notes: usize = (0..sad.fit.bars).map(|b| composer.bar(b).len()).sum();
        assert!(notes > 20, "a phrase has music in it ({notes} notes)");
    }

    #[test]
    fn the_same_mood_keeps_key_and_meter_and_a_new_one_moves_close() {
        let story = story();
        let themes = ThemeRegistry::build(&story);
        let first = plan_phrase(&story, &themes, &request(NamedEmotion::Tender, "kaito", 1));
        let mut next = request(NamedEmotion::Tender, "kaito", 2);
        next.previous = Some((first.key, first.meter));
        next.same_mood = true;
        let second = plan_phrase(&story, &themes, &next);
        assert_eq!((second.key, second.meter), (first.key, first.meter));
        let mut change = request(NamedEmotion::Tense, "kaito", 3);
        change.previous = Some((first.key, first.meter));
        let third = plan_phrase(&story, &themes, &change);
        let fifths = (third.key.signature() - first.key.signature()).abs();
        assert!(fifths <= 4, "{:?} -> {:?}", first.key, third.key);
    }
}
