//! Stories: what the user wrote, read from TOML and checked, with errors that point at file, line
//! and column. The output, [`Story`], is fully validated: every reference resolves and every number
//! is in range, so later stages never re-check input.
//!
//! The format is documented in `docs/story-format.md`. Reading goes text -> spanned TOML tree
//! (`toml`) -> [`Story`]; the first problem found becomes a [`StoryError`] with a byte span into
//! the text, so the binary can render it with the offending value underlined.

mod document;
pub mod error;
mod fields;
pub mod ids;
mod load;
pub mod model;
mod scene;
pub mod seed;
pub mod style;
mod suggest;
pub mod time_value;
mod validate;

pub use error::StoryError;
pub use load::{load_story, parse_story};
pub use model::{
    Entity, EntityKind, Hit, HitKind, Inference, Intensity, Overrides, Scene, SceneEmotion, Story,
};
pub use scene::{
    MAX_DURATION_SECONDS, MAX_TEMPO_BPM, MIN_DURATION_SECONDS, MIN_HIT_SPACING_SECONDS,
    MIN_TEMPO_BPM,
};
pub use seed::fnv1a_64;
pub use style::Style;
