//! What the player composes from: a story's themes, style and seed.

use crate::command::Mood;
use crate::error::PlayerError;
use leitmotif_compose::ThemeRegistry;
use leitmotif_story::Story;
use leitmotif_theory::NamedEmotion;
use std::path::{Path, PathBuf};

/// The file `leitmotif compose` leaves in its output folder so the folder can be played.
pub const STORY_IN_OUTPUT: &str = "story.toml";

/// A story and its leitmotifs, built once before playback.
pub struct Repertoire {
    pub story: Story,
    pub themes: ThemeRegistry,
}

impl Repertoire {
    pub fn new(story: Story) -> Repertoire {
        let themes = ThemeRegistry::build(&story);
        Repertoire { story, themes }
    }

    /// Loads a story file, or a `leitmotif compose` output folder (its `story.toml`).
    pub fn load(path: &Path) -> Result<Repertoire, PlayerError> {
        let file: PathBuf = if path.is_dir() {
            path.join(STORY_IN_OUTPUT)
        } else {
            path.to_path_buf()
        };
        let story = leitmotif_story::load_story(&file)?;
        Ok(Repertoire::new(story))
    }

    /// Theme ids, in the registry's order.
    pub fn theme_ids(&self) -> Vec<&str> {
        self.themes.themes.iter().map(|t| t.id.as_str()).collect()
    }

    pub fn has_theme(&self, id: &str) -> bool {
        self.themes.get(id).is_some()
    }

    /// The first scene's emotion and starting intensity: where a session begins before the game
    /// says anything.
    pub fn opening(&self) -> (Mood, f64) {
        match self.story.scenes.first() {
            Some(scene) => {
                let mood = match scene.emotion.name {
                    Some(name) => Mood::named(name),
                    None => Mood::point(scene.emotion.point.valence, scene.emotion.point.arousal),
                };
                (mood, scene.intensity.start)
            }
            None => (Mood::named(NamedEmotion::Calm), 0.5),
        }
    }

    /// The theme that leads when nothing else is asked: the first scene's first character, or
    /// the first theme.
    pub fn default_focus(&self) -> String {
        self.story
            .scenes
            .first()
            .and_then(|s| s.characters.first().cloned())
            .filter(|id| self.has_theme(id))
            .or_else(|| self.themes.themes.first().map(|t| t.id.clone()))
            .unwrap_or_default()
    }
}
