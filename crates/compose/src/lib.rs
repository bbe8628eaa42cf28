//! Composition for Leitmotif: from a validated story to scores.
//!
//! The stages are visible as modules: [`plan`] (spotting: intent, keys, tempo fitted to hits,
//! form), [`themes`] (leitmotifs), [`arrange`] (melody, harmony, layers, performance), and
//! [`soundtrack`] which runs them in order. Every random choice flows from the story seed through
//! [`rng::Dice`].

pub mod arrange;
pub mod plan;
pub mod rng;
pub mod soundtrack;
pub mod themes;

pub use arrange::cue::{compose_cue, ComposedCue, CueComposer};
pub use arrange::palette::{Palette, PartSpec, Role};
pub use plan::live::{phrase_bars, plan_phrase, PhraseRequest};
pub use plan::{form::Section, form::SectionKind, intent::Intent, tempo_fit::PlacedHit, CuePlan};
pub use soundtrack::{compose, plan, theme_score, Soundtrack};
pub use themes::{Theme, ThemeOwner, ThemeRegistry};
