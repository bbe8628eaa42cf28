//! One module per subcommand.

pub mod adapt;
pub mod compose;
pub mod explain;
pub mod import;
pub mod play;
pub mod plot;
pub mod render;

use crate::diagnostics::Failure;
use leitmotif_story::{load_story, Story};
use std::path::Path;

/// Loads a story and applies a `--seed` override.
/// A screenplay is imported first (its warnings go to standard error).
pub fn load(path: &Path, seed: Option<u64>) -> Result<Story, Failure> {
    let mut story = if leitmotif_screenplay::ScreenplayFormat::of(path).is_some() {
        let imported = leitmotif_screenplay::import_file(path).map_err(Failure::Screenplay)?;
        import::print_warnings(path, &imported.warnings);
        imported.story
    } else {
        load_story(path)?
    };
    if let Some(s) = seed {
        story.seed = s;
    }
    Ok(story)
}
