//! Mixing: channel strips, the shared effect returns, and the plan that sets them per cue.

pub mod effects;
pub mod eq;
pub mod plan;
pub mod reverb;
pub mod strip;

pub use effects::{EffectReturns, EffectSettings};
pub use plan::{MixPlan, Mood};
pub use strip::{ChannelStrip, StripSettings};
