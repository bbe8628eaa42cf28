//! The import entry points: a screenplay file (Fountain or Final Draft) to a validated story and
//! the story file text. The story is made by writing the TOML and reading it back with the story
//! loader, so `leitmotif compose SCRIPT.fountain` and `leitmotif import` + `compose` can never
//! disagree, and every limit of the story format is enforced on imported stories too.

use crate::build::{build, Draft};
use crate::document::{Document, Warning};
use crate::story_toml::to_toml;
use leitmotif_story::{parse_story, Story, StoryError};
use std::path::Path;
use thiserror::Error;

/// The largest screenplay file read (a feature script is about 200 KB).
pub const MAX_SCREENPLAY_BYTES: u64 = 5 * 1024 * 1024;

/// Screenplay files Leitmotif reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenplayFormat {
    Fountain,
    FinalDraft,
}

impl ScreenplayFormat {
    /// `.fountain` / `.spmd` are Fountain, `.fdx` is Final Draft; anything else is not a screenplay.
    pub fn of(path: &Path) -> Option<ScreenplayFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "fountain" | "spmd" => Some(ScreenplayFormat::Fountain),
            "fdx" => Some(ScreenplayFormat::FinalDraft),
            _ => None,
        }
    }
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("could not read `{file}`: {error}")]
    Read { file: String, error: std::io::Error },
    #[error("{file}:{line}: {message}")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: the screenplay has no scenes: expected scene headings such as `INT. KITCHEN - NIGHT` (or forced headings starting with `.`)")]
    NoScenes { file: String },
    /// The imported story did not pass the story checks (a bug in the import, reported as such).
    #[error("the story imported from {file} is invalid: {error}")]
    Invalid {
        file: String,
        error: Box<StoryError>,
    },
}

/// A screenplay turned into a story.
pub struct Imported {
    pub story: Story,
    /// The story file text (what `leitmotif import` writes).
    pub toml: String,
    /// Things the reader did not understand, with their script lines.
    pub warnings: Vec<Warning>,
}

/// Parses screenplay text.
pub fn parse(text: &str, format: ScreenplayFormat, file: &str) -> Result<Document, ImportError> {
    let result = match format {
        ScreenplayFormat::Fountain => crate::fountain::parse_fountain(text),
        ScreenplayFormat::FinalDraft => crate::fdx::parse_fdx(text),
    };
    result.map_err(|e| {
        let line = e.line().unwrap_or(1);
        let message = match e {
            crate::document::ParseError::Xml { message, .. } => {
                format!("not valid Final Draft XML: {message}")
            }
            other => other.to_string(),
        };
        ImportError::Parse {
            file: file.to_string(),
            line,
            message,
        }
    })
}

/// Imports screenplay text; `file` names it in messages and is the fallback title.
pub fn import_text(
    text: &str,
    format: ScreenplayFormat,
    file: &str,
) -> Result<Imported, ImportError> {
    let doc = parse(text, format, file)?;
    let stem = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Screenplay");
    let draft: Draft = build(
        &doc,
        &crate::build::title_case(&stem.replace(['-', '_'], " ")),
    );
    if draft.scenes.is_empty() {
        return Err(ImportError::NoScenes {
            file: file.to_string(),
        });
    }
    let toml = to_toml(
        &draft,
        Path::new(file)
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or(file),
    );
    let mut story = parse_story(&toml, file).map_err(|error| ImportError::Invalid {
        file: file.to_string(),
        error: Box::new(error),
    })?;
    for (scene, d) in story.scenes.iter_mut().zip(&draft.scenes) {
        scene.inferred = d.inferred.clone();
    }
    Ok(Imported {
        story,
        toml,
        warnings: draft.warnings,
    })
}

/// Reads and imports a screenplay file.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let file = path.display().to_string();
    let format = ScreenplayFormat::of(path).unwrap_or(ScreenplayFormat::Fountain);
    // bounded: a screenplay is at most a few hundred kilobytes; refuse huge files before reading them
    let size = std::fs::metadata(path)
        .map_err(|error| ImportError::Read {
            file: file.clone(),
            error,
        })?
        .len();
    if size > MAX_SCREENPLAY_BYTES {
        return Err(ImportError::Parse {
            file,
            line: 1,
            message: format!("the file is {size} bytes: screenplays over {MAX_SCREENPLAY_BYTES} bytes (5 MB) are refused"),
        });
    }
    let bytes = std::fs::read(path).map_err(|error| ImportError::Read {
        file: file.clone(),
        error,
    })?;
    // a screenplay is text; undecodable bytes are replaced (and Fountain reads the rest as action)
    let text = String::from_utf8_lossy(&bytes);
    import_text(&text, format, &file)
}
