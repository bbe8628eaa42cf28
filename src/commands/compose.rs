//! `leitmotif compose`: story in, soundtrack folder out.

use crate::cli::ComposeArgs;
use crate::diagnostics::Failure;
use crate::progress::RenderProgress;
use crate::slug::slug;
use leitmotif_export::audio::{AudioFormat, AudioOptions, CoverImage, Credits};
use leitmotif_export::cue_sheet::CueSheetOptions;
use leitmotif_export::timecode::Timecode;
use leitmotif_export::write_soundtrack_with;
use leitmotif_story::Story;
use std::path::PathBuf;
use std::time::Instant;

pub fn run(args: &ComposeArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let (story, source) = super::load_with_source(&args.story, args.seed)?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(slug(&story.title)));
    let audio = audio_options(args, &story)?;
    let cue_sheet = cue_sheet_options(args, &story)?;
    let soundtrack = leitmotif_compose::compose(&story);
    let total_seconds: f64 = soundtrack
        .cues
        .iter()
        .map(|c| c.plan.duration_seconds)
        .sum();
    let progress = RenderProgress::new(total_seconds, args.quiet);
    let written = write_soundtrack_with(
        &soundtrack,
        &out,
        audio.as_ref(),
        &cue_sheet,
        !args.no_score,
        Some(&source),
        &|s| progress.update(s),
    )?;
    progress.finish();
    if !args.quiet {
        println!(
            "{} — {} cues, {} themes (seed {})",
            soundtrack.title,
            soundtrack.cues.len(),
            soundtrack.themes.themes.len(),
            soundtrack.seed
        );
        for cue in &soundtrack.cues {
            let p = &cue.plan;
            let bpm = p.fit.tempo.primary_bpm(p.fit.end_tick).0;
            let worst = p
                .fit
                .hits
                .iter()
                .map(|h| h.error_ms.abs())
                .fold(0.0, f64::max);
            println!(
                "  {:02}-{:<24} {:>5}  {:<10} {:>5.1} bpm {:>4}  {:<13} {}{}",
                p.number,
                p.scene_id,
                clock(p.duration_seconds),
                p.key.to_string(),
                bpm,
                p.meter.to_string(),
                p.style.name(),
                cue.themes_used.join(", "),
                if p.fit.hits.is_empty() {
                    String::new()
                } else {
                    format!("  ({} hits, worst {:.2} ms)", p.fit.hits.len(), worst)
                }
            );
        }
        println!(
            "wrote {} files to {} in {:.0} ms",
            written.len(),
            out.display(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

/// The audio the arguments ask for (None with --no-audio); checks formats and the SoundFont first,
/// so a bad option fails before any work.
fn audio_options(args: &ComposeArgs, story: &Story) -> Result<Option<AudioOptions>, Failure> {
    if args.no_audio {
        return Ok(None);
    }
    let mut formats = Vec::new();
    for f in &args.format {
        let format: AudioFormat = f
            .parse()
            .map_err(|e| Failure::Usage(format!("--format: {e}")))?;
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.is_empty() {
        return Err(Failure::Usage(
            "--format: give at least one of flac, wav".into(),
        ));
    }
    if !(0.0..=60.0).contains(&args.album_gap) {
        return Err(Failure::Usage(format!(
            "--album-gap: {} is out of range (expected 0 to 60 seconds)",
            args.album_gap
        )));
    }
    Ok(Some(AudioOptions {
        engine: super::render::engine(&args.sound)?,
        formats,
        stems: args.stems,
        album: !args.no_album,
        album_gap_seconds: args.album_gap,
        loops: args.loops,
        credits: credits(args, story)?,
        ..AudioOptions::default()
    }))
}

/// Frame rate, start and credit for the cue sheet.
fn cue_sheet_options(args: &ComposeArgs, story: &Story) -> Result<CueSheetOptions, Failure> {
    let start = Timecode::parse(&args.start_timecode, args.fps)
        .map_err(|e| Failure::Usage(format!("--start-timecode: {e}")))?;
    Ok(CueSheetOptions {
        fps: args.fps,
        start,
        composer: story.composer.clone().unwrap_or_else(|| "Leitmotif".into()),
    })
}

/// The composer, date and cover for the tags. The cover path is relative to the story file.
/// Without a `date` in the story, DATE is the current year (set `date` for byte-identical files
/// across years).
fn credits(args: &ComposeArgs, story: &Story) -> Result<Credits, Failure> {
    let cover = match &story.cover {
        Some(relative) => {
            let base = args.story.parent().unwrap_or(std::path::Path::new("."));
            let image = CoverImage::load(&base.join(relative)).map_err(|why| {
                Failure::Usage(format!("{}: `cover`: {why}", args.story.display()))
            })?;
            Some(std::sync::Arc::new(image))
        }
        None => None,
    };
    Ok(Credits {
        composer: story.composer.clone(),
        date: Some(story.date.clone().unwrap_or_else(current_year)),
        cover,
    })
}

/// This year (UTC), from the system clock.
fn current_year() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days to civil year (Howard Hinnant's algorithm, the year part).
    let days = (secs / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year.to_string()
}

/// m:ss
pub fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}
