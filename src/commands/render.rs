//! `leitmotif render`: any Standard MIDI File to mastered audio.

use crate::cli::{RenderArgs, SoundArgs};
use crate::diagnostics::Failure;
use crate::progress::RenderProgress;
use leitmotif_export::audio::{render_performance, write_audio, AudioOptions};
use leitmotif_export::ExportError;
use leitmotif_render::engine::Engine;
use leitmotif_render::soundfont::SoundFontBank;
use leitmotif_render::{MixPlan, Performance, RenderError};
use std::time::Instant;

/// The largest MIDI file accepted (real ones are kilobytes; this bounds memory on a wrong path).
const MAX_MIDI_BYTES: u64 = 64 << 20;

/// The engine the sound options ask for (a SoundFont is loaded and checked here).
pub fn engine(sound: &SoundArgs) -> Result<Engine, Failure> {
    match &sound.soundfont {
        Some(path) => Ok(Engine::SoundFont(
            SoundFontBank::load(path).map_err(Failure::Render)?,
        )),
        None => Ok(Engine::Builtin),
    }
}

pub fn run(args: &RenderArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let format = super::audio_output_format(&args.output)?;
    let io_error = |source| {
        Failure::Render(RenderError::Io {
            path: args.midi.clone(),
            source,
        })
    };
    let size = std::fs::metadata(&args.midi).map_err(io_error)?.len();
    if size > MAX_MIDI_BYTES {
        return Err(Failure::Render(RenderError::Midi {
            path: args.midi.clone(),
            reason: format!(
                "it is {size} bytes; MIDI files over {MAX_MIDI_BYTES} bytes are refused"
            ),
        }));
    }
    let bytes = std::fs::read(&args.midi).map_err(io_error)?;
    let options = AudioOptions {
        engine: engine(&args.sound)?,
        formats: vec![format],
        ..AudioOptions::default()
    };
    let performance =
        Performance::from_smf(&bytes, &args.midi, options.sample_rate).map_err(Failure::Render)?;
    let plan = MixPlan::for_midi_file(&performance);
    let progress = RenderProgress::new(performance.duration_seconds(), args.quiet);
    let sr = options.sample_rate as f64;
    let audio = render_performance(&performance, &plan, &options, &|frames| {
        progress.update(frames as f64 / sr)
    })
    .map_err(Failure::Render)?;
    progress.finish();

    // Write beside the target, then rename: the output appears only when complete.
    let parent = match args.output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let write_error = |error| {
        Failure::Output(ExportError::Write {
            path: args.output.clone(),
            error,
        })
    };
    let staging = tempfile::Builder::new()
        .prefix(".leitmotif-render-")
        .tempdir_in(&parent)
        .map_err(write_error)?;
    let base = staging.path().join("out");
    let written = write_audio(&base, &audio, &[format], &[], None).map_err(write_error)?;
    std::fs::rename(&written[0], &args.output).map_err(write_error)?;
    if !args.quiet {
        println!(
            "{}: {:.1} s, {} channels, {} -> {} ({:.1} LUFS, true peak {:.1} dBTP) in {:.2} s",
            args.midi.display(),
            audio.seconds(),
            performance.channels.len(),
            options.engine.name(),
            args.output.display(),
            audio.report.integrated_lufs,
            audio.report.true_peak_dbtp,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
