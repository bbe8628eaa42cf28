//! Screenplays in, stories out: a Fountain and Final Draft (FDX) reader, emotion inference from the
//! text, and the mapping from a screenplay to a Leitmotif story.

pub mod build;
pub mod import;
pub mod notes;
pub mod story_toml;

pub use import::{import_file, import_text, ImportError, Imported, ScreenplayFormat};
pub mod document;
pub mod fdx;
pub mod fountain;

pub use document::{
    Document, Element, ElementKind, ParseError, Warning, MAX_INPUT_BYTES, MAX_LINE_CHARS,
};
pub use fdx::parse_fdx;
pub use fountain::parse_fountain;

pub mod affect;
pub mod lexicon;

pub use affect::{infer_affect, infer_intensity, Affect, SceneText};
pub use lexicon::Lexicon;
