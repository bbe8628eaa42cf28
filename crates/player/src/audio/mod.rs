//! The audio thread's side of the player: the renderer and what it is made of.

pub mod layers;
pub mod limiter;
pub mod message;
pub mod renderer;
pub mod strip;

pub use message::{FromAudio, ToAudio};
pub use renderer::{RenderStats, Renderer, StripRole};
pub use strip::{LiveStrip, BLOCK};
