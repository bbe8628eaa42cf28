//! The validated story model. Everything here has been checked by the loader.

use crate::style::Style;
use leitmotif_score::Instrument;
use leitmotif_theory::{Emotion, Key, Meter, NamedEmotion};

/// A whole story: the soundtrack's input.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub title: String,
    /// The composer credit for tags and the cue sheet (default: "Leitmotif").
    pub composer: Option<String>,
    /// Release date for the album tags: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    pub date: Option<String>,
    /// Album cover image (PNG or JPEG), relative to the story file; embedded in the FLAC files.
    pub cover: Option<String>,
    /// The seed all randomness flows from (given, or derived from the title by a stable hash).
    pub seed: u64,
    /// Default style for scenes that do not set their own.
    pub style: Style,
    /// Home key of the soundtrack, if the user chose one.
    pub key: Option<Key>,
    pub characters: Vec<Entity>,
    pub places: Vec<Entity>,
    pub scenes: Vec<Scene>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Character,
    Place,
}

/// A character or place: each gets a leitmotif.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// `[a-z0-9-]+`, unique across characters and places.
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    /// Lower-case trait words; known ones shape the theme, others are kept for the record.
    pub traits: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SceneEmotion {
    /// The preset name, if the story used one (custom valence/arousal leave it empty).
    pub name: Option<NamedEmotion>,
    pub point: Emotion,
}

/// Intensity 0..1, constant or ramped linearly from `start` to `end` across the scene.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intensity {
    pub start: f64,
    pub end: f64,
}

impl Intensity {
    pub fn at(&self, fraction: f64) -> f64 {
        self.start + (self.end - self.start) * fraction.clamp(0.0, 1.0)
    }

    pub fn peak(&self) -> f64 {
        self.start.max(self.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitKind {
    /// A downbeat accent: tutti stab, cymbal.
    Accent,
    /// A short motif statement on the hit.
    Stinger,
    /// The music changes section sharply at the hit.
    Cut,
    /// The music stops at the hit (a general pause), then resumes.
    Silence,
}

impl HitKind {
    pub const ALL: [HitKind; 4] = [
        HitKind::Accent,
        HitKind::Stinger,
        HitKind::Cut,
        HitKind::Silence,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HitKind::Accent => "accent",
            HitKind::Stinger => "stinger",
            HitKind::Cut => "cut",
            HitKind::Silence => "silence",
        }
    }

    pub fn parse(text: &str) -> Option<HitKind> {
        HitKind::ALL
            .into_iter()
            .find(|k| k.name() == text.trim().to_ascii_lowercase())
    }
}

/// A sync point inside a scene.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Seconds from the start of the scene, strictly inside it.
    pub at_seconds: f64,
    pub kind: HitKind,
}

/// Hard overrides: the composer obeys these exactly.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overrides {
    pub key: Option<Key>,
    pub tempo_bpm: Option<f64>,
    pub meter: Option<Meter>,
    pub instruments: Option<Vec<&'static Instrument>>,
    pub style: Option<Style>,
}

/// A field that was inferred rather than written (screenplay import), with how sure the inference
/// is and why, so the manifest and `explain` can show it and a user can override it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inference {
    /// The story field: `duration`, `emotion`, `intensity`, `characters`, `place`, `hits`.
    pub field: String,
    /// 0..1.
    pub confidence: f64,
    /// Short reasons, e.g. "lexicon: 12 words, mean valence -0.48", "night".
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub id: String,
    /// The cue title (defaults to a title made from the id).
    pub title: String,
    /// 5 s to 20 min.
    pub duration_seconds: f64,
    pub emotion: SceneEmotion,
    pub intensity: Intensity,
    /// Character ids; the first is the focus.
    pub characters: Vec<String>,
    pub place: Option<String>,
    /// Sorted by time.
    pub hits: Vec<Hit>,
    pub overrides: Overrides,
    /// Fields inferred from a screenplay (empty for stories written by hand).
    pub inferred: Vec<Inference>,
}

impl Story {
    /// Looks up a character or place by id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.characters
            .iter()
            .chain(self.places.iter())
            .find(|e| e.id == id)
    }

    /// The style a scene is composed in.
    pub fn style_of(&self, scene: &Scene) -> Style {
        scene.overrides.style.unwrap_or(self.style)
    }
}
