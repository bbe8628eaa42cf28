//! Composing cues: melody from the themes, harmony, the accompaniment layers, performance.

pub mod bar;
pub mod bridge;
pub mod cue;
pub mod harmony;
pub mod layers;
pub mod melody_line;
pub mod palette;
pub mod performance;
pub mod register;
pub mod stinger;
pub mod voice_leading;
pub mod voicing;
