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
NN-<scene-id>.musicxml  the cue's score for players (MusicXML 4.0, transposing parts written transposed; --no-score skips)\n  \
NN-<scene-id>.flac    the cue rendered and mastered (-14 LUFS, peaks <= -1 dBTP; 48 kHz 24-bit; --format wav,flac)\n  \
album.flac            every cue in order with --album-gap seconds between them (unless --no-album)\n  \
stems/NN-<scene-id>/  one FLAC per part plus the effects returns, summing to the mix (with --stems)\n  \
themes/<id>.mid       each leitmotif stated plainly, in its home key and tempo\n  \
story.toml            the story as composed (the folder can be given to `leitmotif play` and `adapt`)\n  \
soundtrack.json       the manifest: keys, tempi, themes, parts, sections and where every hit landed (docs/manifest.md)\n  \
cue-sheet.csv/.json/.md  the cue sheet: 1M1.. numbers, SMPTE in/out at --fps, themes and whose they are (docs/cue-sheet.md)\n\n\
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
    /// Render any Standard MIDI File to mastered audio (WAV or FLAC) with the built-in instruments or a SoundFont.
    #[command(
        long_about = "Render any Standard MIDI File (type 0 or 1) to mastered audio.\n\n\
Every MIDI channel plays through the built-in instruments (General MIDI programs map to the nearest one), or \
through a SoundFont with --soundfont (or the LEITMOTIF_SOUNDFONT environment variable). The file's own reverb \
sends (CC 91) feed a hall reverb; the mix is mastered to -14 LUFS integrated with true peaks at or below -1 dBTP. \
The output format follows the extension: .wav or .flac (48 kHz, 24-bit). The output file appears only when \
rendering succeeded."
    )]
    Render(RenderArgs),
    Plot(crate::commands::plot::PlotArgs),
    Play(crate::commands::play::PlayArgs),
    Adapt(crate::commands::adapt::AdaptArgs),
}

/// Audio options shared by `compose` and `render`.
#[derive(Args, Debug, Clone)]
pub struct SoundArgs {
    /// Render with this General MIDI SoundFont (.sf2) instead of the built-in instruments (see docs/soundfonts.md).
    #[arg(long, value_name = "FILE.sf2", env = "LEITMOTIF_SOUNDFONT")]
    pub soundfont: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The Standard MIDI File to render.
    pub midi: PathBuf,
    /// The audio file to write: .wav or .flac.
    #[arg(short, long, value_name = "OUT.wav|OUT.flac")]
    pub output: PathBuf,
    #[command(flatten)]
    pub sound: SoundArgs,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
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
    /// Write MIDI, themes and the manifest only: no audio.
    #[arg(long)]
    pub no_audio: bool,
    /// Do not write the MusicXML score of each cue.
    #[arg(long)]
    pub no_score: bool,
    /// Audio formats of the cues and the album, comma-separated: flac, wav.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "flac"
    )]
    pub format: Vec<String>,
    /// Also write stems/NN-<scene>/<part>.flac per cue (one per part, plus the effects returns), which sum to the mix.
    #[arg(long)]
    pub stems: bool,
    /// Do not write album.flac (every cue in order).
    #[arg(long)]
    pub no_album: bool,
    /// Also write loops/NN-<scene>.flac and .wav: seamless loops for games (bar-line loop points in the WAV's smpl chunk, LOOPSTART/LOOPLENGTH tags in the FLAC, and in the manifest).
    #[arg(long)]
    pub loops: bool,
    /// Frame rate of the cue sheet's SMPTE timecode: 23.976, 24, 25, 29.97 (drop-frame) or 30.
    #[arg(long, default_value = "24", value_name = "FPS")]
    pub fps: leitmotif_export::timecode::FrameRate,
    /// Timecode of the soundtrack's first frame on the cue sheet, e.g. 01:00:00:00 (a programme start).
    #[arg(long, default_value = "00:00:00:00", value_name = "TIMECODE")]
    pub start_timecode: String,
    /// Seconds of silence between cues on the album.
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
    pub album_gap: f64,
    #[command(flatten)]
    pub sound: SoundArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The story file (TOML, see docs/story-format.md), or a screenplay (.fountain, .fdx).
    pub story: PathBuf,
    /// Seed overriding the story's `seed`.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}
