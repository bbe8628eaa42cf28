//! `leitmotif adapt`: a scripted play session rendered offline, deterministically, as a game
//! would have heard it (the adaptive player without a sound card).

use crate::cli::SoundArgs;
use crate::diagnostics::Failure;
use crate::progress::RenderProgress;
use leitmotif_export::audio::sink::AudioSink;
use leitmotif_export::ExportError;
use leitmotif_player::backend::offline::render_session;
use leitmotif_player::session::load_session;
use leitmotif_player::{LogEntry, Player, PlayerConfig, PlayerError, Repertoire};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Render a scripted play session of the adaptive player to audio, offline.
#[derive(clap::Args, Debug)]
#[command(
    long_about = "Render a scripted play session of the adaptive player, offline and deterministically.\n\n\
The session (TOML, see docs/player.md) says what the game does and when: emotion (a name, or valence and \
arousal), intensity (with `over` seconds to glide), focus (whose theme leads), stinger (a theme's motif over \
the sounding chord), transition (beat, bar or phrase: where the following changes land), pause, resume, stop. \
The player composes bar by bar from the story's own themes and follows it, exactly as `leitmotif play` does \
live. The same story, session and seed always give byte-identical audio.\n\n\
Unknown themes or emotions, times out of order or past the duration are reported with file and line, and \
nothing is written. The output appears only when complete."
)]
pub struct AdaptArgs {
    /// The story (TOML or a screenplay), or a folder written by `leitmotif compose`.
    pub story: PathBuf,
    /// The session script (TOML).
    #[arg(long, value_name = "SESSION.toml")]
    pub script: PathBuf,
    /// The audio file to write: .wav or .flac (48 kHz, 24-bit).
    #[arg(short, long, value_name = "OUT.wav|OUT.flac")]
    pub output: PathBuf,
    /// Also write the player's event log here: one JSON object per line (bars, commands, stingers).
    #[arg(long, value_name = "FILE.jsonl")]
    pub log: Option<PathBuf>,
    /// Override the story's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub sound: SoundArgs,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// A story file, or the story a `leitmotif compose` folder keeps.
pub fn repertoire(path: &Path, seed: Option<u64>) -> Result<Repertoire, Failure> {
    let file = if path.is_dir() {
        path.join(leitmotif_player::repertoire::STORY_IN_OUTPUT)
    } else {
        path.to_path_buf()
    };
    Ok(Repertoire::new(super::load(&file, seed)?))
}

pub fn run(args: &AdaptArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let format = super::audio_output_format(&args.output)?;
    let rep = repertoire(&args.story, args.seed)?;
    let session = load_session(&args.script, &rep)?;
    let engine = super::render::engine(&args.sound)?;
    let (emotion, intensity) = rep.opening();
    let title = rep.story.title.clone();
    let config = PlayerConfig {
        engine,
        emotion,
        intensity,
        ..PlayerConfig::default()
    };
    let mut player = Player::new(rep, config).map_err(Failure::Player)?;
    let write_error = |path: &Path, error| {
        Failure::Output(ExportError::Write {
            path: path.to_path_buf(),
            error,
        })
    };
    let parent = match args.output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staging = tempfile::Builder::new()
        .prefix(".leitmotif-adapt-")
        .tempdir_in(&parent)
        .map_err(|e| write_error(&args.output, e))?;
    let base = staging.path().join("session");
    let tags = vec![
        ("TITLE".to_string(), format!("{title} (adaptive session)")),
        ("ENCODER".to_string(), "leitmotif adapt".to_string()),
    ];
    let mut sink = AudioSink::create(&base, &[format], player.sample_rate(), &tags, None)
        .map_err(|e| write_error(&args.output, e))?;
    let progress = RenderProgress::new(session.duration_seconds, args.quiet);
    let sr = player.sample_rate() as f64;
    let mut frames = 0u64;
    render_session(&mut player, &session, |l, r| {
        frames += l.len() as u64;
        if frames % 48_000 < l.len() as u64 {
            progress.update(frames as f64 / sr);
        }
        sink.write(l, r).map_err(|error| PlayerError::Write {
            path: args.output.clone(),
            error,
        })
    })
    .map_err(Failure::Player)?;
    sink.finish().map_err(|e| write_error(&args.output, e))?;
    progress.finish();
    if let Some(log) = &args.log {
        let mut text = String::new();
        for entry in player.log() {
            text.push_str(&entry.to_json_line());
            text.push('\n');
        }
        leitmotif_export::atomic::write_atomic(log, text.as_bytes())
            .map_err(|e| write_error(log, e))?;
    }
    let written = base.with_extension(format.extension());
    std::fs::rename(&written, &args.output).map_err(|e| write_error(&args.output, e))?;
    if !args.quiet {
        let bars = player
            .log()
            .iter()
            .filter(|e| matches!(e, LogEntry::Bar { .. }))
            .count();
        let changes = player
            .log()
            .iter()
            .filter(|e| matches!(e, LogEntry::Command { .. }))
            .count();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{}: {:.1} s, {bars} bars, {changes} commands -> {} in {seconds:.2} s ({:.0}x real time)",
            args.script.display(),
            session.duration_seconds,
            args.output.display(),
            session.duration_seconds / seconds.max(1e-9)
        );
    }
    Ok(())
}
