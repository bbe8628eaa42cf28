//! Backends drive a [`crate::Player`]: offline into buffers and files (deterministic), or live on
//! the default audio device (feature `device`).

#[cfg(feature = "device")]
pub mod device;
pub mod offline;
