//! One module per subcommand.

pub mod compose;
pub mod explain;

use crate::diagnostics::Failure;
use leitmotif_story::{load_story, Story};
use std::path::Path;

/// Loads a story and applies a `--seed` override.
pub fn load(path: &Path, seed: Option<u64>) -> Result<Story, Failure> {
    let mut story = load_story(path)?;
    if let Some(s) = seed {
        story.seed = s;
    }
    Ok(story)
}
