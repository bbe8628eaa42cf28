//! Writing a composed soundtrack as a folder: cues, theme registry and manifest, staged and swapped
//! in as a whole so an error never leaves a half-written folder.

use crate::{
    error::ExportError,
    manifest::{cue_file_name, theme_file_name, to_json},
    midi::score_to_smf,
    StagedDir,
};
use leitmotif_compose::{theme_score, Soundtrack};
use std::path::{Path, PathBuf};

/// Writes every file of the soundtrack into `dir` (replacing it). Returns the relative paths written.
pub fn write_soundtrack(soundtrack: &Soundtrack, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let staged = StagedDir::new(dir).map_err(|error| ExportError::Stage {
        path: dir.to_path_buf(),
        error,
    })?;
    let mut written = Vec::new();
    let mut put = |relative: PathBuf, bytes: &[u8]| -> Result<(), ExportError> {
        staged
            .write(&relative, bytes)
            .map_err(|error| ExportError::Write {
                path: dir.join(&relative),
                error,
            })?;
        written.push(relative);
        Ok(())
    };
    for cue in &soundtrack.cues {
        put(PathBuf::from(cue_file_name(cue)), &score_to_smf(&cue.score))?;
    }
    for theme in &soundtrack.themes.themes {
        put(
            Path::new("themes").join(theme_file_name(theme)),
            &score_to_smf(&theme_score(theme)),
        )?;
    }
    put(
        PathBuf::from("soundtrack.json"),
        to_json(soundtrack).as_bytes(),
    )?;
    staged.commit().map_err(|error| ExportError::Commit {
        path: dir.to_path_buf(),
        error,
    })?;
    Ok(written)
}
