//! Writing a composed soundtrack as a folder: cues, theme registry and manifest, staged and swapped
//! in as a whole so an error never leaves a half-written folder.

use crate::{
    audio::{write_soundtrack_audio, AudioOptions},
    cue_sheet::{CueSheet, CueSheetOptions},
    error::ExportError,
    manifest::{build_with_audio, cue_file_name, manifest_json, theme_file_name},
    midi::score_to_smf,
    StagedDir,
};
use leitmotif_compose::{theme_score, Soundtrack};
use std::path::{Path, PathBuf};

/// The story as composed, kept in the output folder.
pub const STORY_FILE: &str = "story.toml";

/// Writes every file of the soundtrack into `dir` (replacing it). Returns the relative paths written.
///
/// An existing folder is replaced only if it is a previous Leitmotif output (it holds
/// `soundtrack.json`) or is empty; a file, or a folder of other things, is left alone and reported.
pub fn write_soundtrack(soundtrack: &Soundtrack, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    write_soundtrack_with(
        soundtrack,
        dir,
        None,
        &CueSheetOptions::default(),
        true,
        None,
        &|_| {},
    )
}

/// Writes the soundtrack and, when `audio` is given, renders every cue to mastered audio (and
/// stems and the album as the options ask). `scores` adds each cue's MusicXML; `story_source`, the
/// story's TOML, is kept as `story.toml`. `progress` receives seconds of music rendered.
pub fn write_soundtrack_with(
    soundtrack: &Soundtrack,
    dir: &Path,
    audio: Option<&AudioOptions>,
    cue_sheet: &CueSheetOptions,
    scores: bool,
    story_source: Option<&str>,
    progress: &(dyn Fn(f64) + Sync),
) -> Result<Vec<PathBuf>, ExportError> {
    // A start timecode that does not fit fails before any audio is rendered.
    let sheet = CueSheet::new(soundtrack, cue_sheet).map_err(|e| ExportError::Write {
        path: dir.join("cue-sheet.csv"),
        error: std::io::Error::new(std::io::ErrorKind::InvalidInput, e),
    })?;
    check_replaceable(dir)?;
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
        if scores {
            let heading = crate::musicxml::Heading::for_cue(cue).in_work(&soundtrack.title);
            put(
                PathBuf::from(crate::musicxml::musicxml_file_name(cue)),
                crate::musicxml::to_musicxml(&cue.score, &heading).as_bytes(),
            )?;
        }
    }
    for theme in &soundtrack.themes.themes {
        put(
            Path::new("themes").join(theme_file_name(theme)),
            &score_to_smf(&theme_score(theme)),
        )?;
    }
    if let Some(text) = story_source {
        // the folder carries its own source, so it can be played (`leitmotif play/adapt FOLDER`)
        // or composed again
        put(PathBuf::from(STORY_FILE), text.as_bytes())?;
    }
    for (name, text) in [
        ("cue-sheet.csv", sheet.to_csv()),
        ("cue-sheet.json", sheet.to_json()),
        ("cue-sheet.md", sheet.to_markdown()),
    ] {
        put(PathBuf::from(name), text.as_bytes())?;
    }
    let (cue_audio, album) = match audio {
        Some(options) => {
            let (reports, album) =
                write_soundtrack_audio(soundtrack, staged.path(), options, progress).map_err(
                    |error| ExportError::Write {
                        path: dir.to_path_buf(),
                        error,
                    },
                )?;
            for r in &reports {
                written.extend(r.files.iter().chain(&r.stems).map(PathBuf::from));
                if let Some(l) = &r.seamless_loop {
                    written.extend(l.files.iter().map(PathBuf::from));
                }
            }
            if let Some(a) = &album {
                written.extend(a.files.iter().map(PathBuf::from));
            }
            (reports, album)
        }
        None => (Vec::new(), None),
    };
    let mut manifest = build_with_audio(soundtrack, &cue_audio, album.as_ref());
    if scores {
        for (json, cue) in manifest.cues.iter_mut().zip(&soundtrack.cues) {
            json.files.musicxml = Some(crate::musicxml::musicxml_file_name(cue));
        }
    }
    staged
        .write(
            Path::new("soundtrack.json"),
            manifest_json(&manifest).as_bytes(),
        )
        .map_err(|error| ExportError::Write {
            path: dir.join("soundtrack.json"),
            error,
        })?;
    written.push(PathBuf::from("soundtrack.json"));
    staged.commit().map_err(|error| ExportError::Commit {
        path: dir.to_path_buf(),
        error,
    })?;
    Ok(written)
}

/// Refuses output paths whose replacement could destroy something that is not ours.
fn check_replaceable(dir: &Path) -> Result<(), ExportError> {
    let refuse = |why: &'static str| ExportError::NotOutputFolder {
        path: dir.to_path_buf(),
        why,
        error: std::io::Error::new(std::io::ErrorKind::AlreadyExists, why),
    };
    match std::fs::symlink_metadata(dir) {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => Err(refuse("exists and is not a folder")),
        Ok(_) => {
            let ours = dir.join("soundtrack.json").is_file();
            let empty = std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if ours || empty {
                Ok(())
            } else {
                Err(refuse(
                    "is a folder that is not a Leitmotif output (it has no soundtrack.json)",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_replaceable;

    #[test]
    fn only_our_own_or_empty_folders_are_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("new");
        assert!(check_replaceable(&missing).is_ok());
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(check_replaceable(&empty).is_ok());
        let ours = tmp.path().join("ours");
        std::fs::create_dir(&ours).unwrap();
        std::fs::write(ours.join("soundtrack.json"), "{}").unwrap();
        assert!(check_replaceable(&ours).is_ok());
        let theirs = tmp.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("thesis.tex"), "x").unwrap();
        assert!(check_replaceable(&theirs).is_err());
        let file = tmp.path().join("story.toml");
        std::fs::write(&file, "title").unwrap();
        let err = check_replaceable(&file).unwrap_err().to_string();
        assert!(err.contains("not a folder"), "{err}");
    }
}
