//! Stories: what the user wrote, read from TOML and checked, with errors that point at file, line
//! and column. The output, [`Story`], is fully validated: every reference resolves and every number
//! is in range, so later stages never re-check input.

pub mod model;
pub mod style;

pub use model::{
    Entity, EntityKind, Hit, HitKind, Intensity, Overrides, Scene, SceneEmotion, Story,
};
pub use style::Style;
