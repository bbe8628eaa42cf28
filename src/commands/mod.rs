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

/// The audio format an output path asks for by its extension.
pub fn audio_output_format(path: &Path) -> Result<leitmotif_export::audio::AudioFormat, Failure> {
    leitmotif_export::audio::AudioFormat::from_path(path).ok_or_else(|| {
        Failure::Usage(format!(
            "{}: the output must end in .wav or .flac",
            path.display()
        ))
    })
}

/// Loads a story and applies a `--seed` override, also returning its TOML text (a screenplay's
/// as `leitmotif import` would write it), with the override applied, to keep beside the output.
pub fn load_with_source(path: &Path, seed: Option<u64>) -> Result<(Story, String), Failure> {
    let (mut story, mut text) = if leitmotif_screenplay::ScreenplayFormat::of(path).is_some() {
        let imported = leitmotif_screenplay::import_file(path).map_err(Failure::Screenplay)?;
        import::print_warnings(path, &imported.warnings);
        (imported.story, imported.toml)
    } else {
        let story = load_story(path)?;
        // the loader has read it as UTF-8 already
        let text = std::fs::read_to_string(path).unwrap_or_default();
        (story, text)
    };
    if let Some(s) = seed.filter(|s| *s != story.seed) {
        story.seed = s;
        if let Ok(mut table) = text.parse::<toml::Table>() {
            table.insert("seed".into(), toml::Value::Integer(s as i64));
            text = toml::to_string(&table).unwrap_or(text);
        }
    }
    Ok((story, text))
}

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
