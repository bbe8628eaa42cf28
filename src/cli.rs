//! Command-line interface (clap). Everything a user can type is documented here; `--help` prints it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "leitmotif", version, about = "Composes a whole themed original soundtrack from a story.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compose every scene of a story into cues (MIDI), with the theme registry and a manifest.
    #[command(long_about = "Compose every scene of a story into cues.\n\n\
Writes, into the output folder (default out/<story-slug>/):\n  \
NN-<scene-id>.mid     one multi-track Standard MIDI File per scene (type 1; the theme-carrying track is \"Melody\")\n  \
themes/<id>.mid       each leitmotif stated plainly, in its home key and tempo\n  \
soundtrack.json       the manifest: keys, tempi, themes, parts, sections and where every hit landed (docs/manifest.md)\n\n\
The folder is written completely or not at all: files go to a hidden staging folder that replaces the old folder only \
when everything succeeded, and only an empty folder or a previous Leitmotif output is ever replaced. The same story and seed always give byte-identical files.\n\n\
The story format is described in docs/story-format.md.")]
    Compose(ComposeArgs),
    /// Print the plan of every cue (key, tempo, meter, themes, palette, form, hits) without writing files.
    Explain(ExplainArgs),
    /// Read a screenplay (Fountain or Final Draft .fdx) and write the story it implies, to edit and compose.
    #[command(
        long_about = "Read a screenplay (Fountain .fountain, or Final Draft .fdx) and write the story it implies.\n\nScenes come from scene headings, characters from character cues (and their names in the action), places from \
heading locations (a place that recurs gets a theme), durations from length (about 55 lines a minute) or \
[[duration 1:30]] notes, and emotion and intensity are inferred from the words, punctuation and pace of the \
scene unless a note says otherwise ([[emotion grief]], [[intensity 0.2 0.9]], [[hit 0:45 accent]]). Every \
inferred value is marked with its confidence. `leitmotif compose SCRIPT.fountain` composes straight from the script."
    )]
    Import(ImportArgs),
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The screenplay (.fountain, .spmd or .fdx).
    pub screenplay: PathBuf,
    /// Where to write the story (TOML). Default: print it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ComposeArgs {
    /// The story file (TOML, see docs/story-format.md), or a screenplay (.fountain, .fdx) to import first.
    pub story: PathBuf,
    /// Output folder (default out/<story-slug>). Replaced as a whole when composing succeeds, but only if it
    /// is empty or a previous Leitmotif output (it holds soundtrack.json); anything else is left alone.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Seed for every random choice, overriding the story's `seed` (same story + seed = same files).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The story file (TOML, see docs/story-format.md), or a screenplay (.fountain, .fdx).
    pub story: PathBuf,
    /// Seed overriding the story's `seed`.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}
