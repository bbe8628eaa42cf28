//! Everything that can go wrong before or while the player runs.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum PlayerError {
    /// A story or session file that could not be read or is invalid (located in the file).
    #[error(transparent)]
    Source(Box<leitmotif_story::StoryError>),
    #[error("unknown emotion `{name}`: expected one of {known}")]
    UnknownEmotion { name: String, known: String },
    #[error("unknown theme `{id}`: expected one of {known}")]
    UnknownTheme { id: String, known: String },
    #[error("{0}")]
    Render(#[from] leitmotif_render::RenderError),
    #[error("cannot write {path}: {error}")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("audio device: {0}")]
    Device(String),
}

impl From<leitmotif_story::StoryError> for PlayerError {
    fn from(e: leitmotif_story::StoryError) -> Self {
        PlayerError::Source(Box::new(e))
    }
}
