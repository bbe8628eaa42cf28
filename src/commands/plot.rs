//! `leitmotif plot`: PNG pictures of an output folder (piano rolls, spectrograms, the emotional
//! arc) or of one MIDI or audio file. The drawing is in the `leitmotif-plot` crate.

use crate::diagnostics::Failure;
use leitmotif_export::ExportError;
use leitmotif_plot::{Kind, PlotError};
use std::path::PathBuf;
use std::time::Instant;

/// Draw PNG pictures of an output folder: piano rolls, spectrograms and the emotional arc.
#[derive(clap::Args, Debug)]
#[command(long_about = "Draw PNG pictures of a composed soundtrack.\n\n\
Given an output folder (the one `leitmotif compose` wrote), writes into <folder>/plots/:\n  \
arc.png                    valence, arousal and intensity of every cue across the soundtrack\n  \
NN-<scene>-roll.png        the piano roll of each cue: one colour per part, bars, sections, hits\n  \
NN-<scene>-spectrogram.png the spectrogram of each cue that has audio (NN-<scene>.flac, else .wav)\n\n\
Given one .mid file, draws its piano roll; given one .wav or .flac file, its spectrogram; the picture \
goes next to the file (<name>-roll.png, <name>-spectrogram.png) unless -o says otherwise.\n\n\
Every input is checked before anything is written, and each picture is written whole or not at all. \
See docs/plot.md.")]
pub struct PlotArgs {
    /// An output folder (holding soundtrack.json), or one .mid, .wav or .flac file.
    pub input: PathBuf,
    /// For a folder: the folder to write the pictures into (default <folder>/plots). For one file:
    /// the PNG to write if it ends in .png, else a folder to put it in (default: next to the file).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Only cue N (1-based): its piano roll and spectrogram, without the arc.
    #[arg(long, value_name = "N")]
    pub cue: Option<u32>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: &PlotArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let kind = leitmotif_plot::kind(&args.input).map_err(failure)?;
    if kind != Kind::Folder {
        if args.cue.is_some() {
            return Err(Failure::Usage(format!(
                "--cue chooses a cue of an output folder, but `{}` is a single file",
                args.input.display()
            )));
        }
        let done =
            leitmotif_plot::plot_file(&args.input, args.output.as_deref()).map_err(failure)?;
        if !args.quiet {
            println!("wrote {}", done.path.display());
        }
        return Ok(());
    }
    let report = leitmotif_plot::plot_folder(&args.input, args.output.as_deref(), args.cue)
        .map_err(failure)?;
    if !args.quiet {
        for plot in &report.plots {
            println!("  {:<12} {}", plot.what, plot.path.display());
        }
        let folder = args
            .output
            .clone()
            .unwrap_or_else(|| args.input.join(leitmotif_plot::PLOTS_FOLDER));
        println!(
            "wrote {} {} to {} in {:.0} ms",
            report.plots.len(),
            if report.plots.len() == 1 {
                "picture"
            } else {
                "pictures"
            },
            folder.display(),
            started.elapsed().as_secs_f64() * 1000.0
        );
        if !report.without_audio.is_empty() {
            let cues: Vec<String> = report
                .without_audio
                .iter()
                .map(ToString::to_string)
                .collect();
            println!(
                "no spectrogram for {} {}: no NN-<scene>.flac or .wav next to the MIDI file",
                if cues.len() == 1 { "cue" } else { "cues" },
                cues.join(", ")
            );
        }
    }
    Ok(())
}

/// Bad input exits with 2 (like an invalid story), a picture that cannot be written with 1.
fn failure(e: PlotError) -> Failure {
    if e.is_input() {
        return Failure::Usage(e.to_string());
    }
    match e {
        PlotError::Write { path, error } => Failure::Output(ExportError::Write { path, error }),
        PlotError::Draw { path, why } => Failure::Output(ExportError::Write {
            path,
            error: std::io::Error::other(format!("drawing failed: {why}")),
        }),
        other => Failure::Usage(other.to_string()),
    }
}
