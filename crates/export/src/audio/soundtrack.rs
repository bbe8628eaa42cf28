//! A whole soundtrack's audio: every cue mastered to the same loudness, written in the requested
//! formats (with stems if asked), and the album of all cues in order.
//!
//! Cues render in parallel in groups as large as the thread pool, and each group is appended to
//! the album in cue order before the next starts: memory holds at most one group of cues, never
//! the album, and the files are the same whatever the thread count.

use super::cue::{
    render_performance, write_audio_indexed, write_loop, write_stems, AudioOptions, Credits,
    LoopPoints,
};
use super::flac::FlacIndex;
use super::sink::AudioSink;
use crate::manifest::cue_base_name;
use leitmotif_compose::{ComposedCue, Soundtrack};
use leitmotif_render::{MixPlan, Mood, Performance};
use rayon::prelude::*;
use std::path::Path;

/// What was written and measured for one cue.
#[derive(Debug, Clone, PartialEq)]
pub struct CueAudioReport {
    pub number: u32,
    /// File names relative to the output folder.
    pub files: Vec<String>,
    pub stems: Vec<String>,
    /// Length of the audio including the effects' tail.
    pub seconds: f64,
    pub integrated_lufs: f64,
    pub true_peak_dbtp: f64,
    /// The reverb time of the cue's room (RT60), in seconds.
    pub reverb_seconds: f64,
    pub engine: &'static str,
    /// The seamless loop's files and points (with --loops).
    pub seamless_loop: Option<LoopReport>,
}

/// A written loop: files, and where it loops in frames and seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct LoopReport {
    pub files: Vec<String>,
    pub points: LoopPoints,
    pub sample_rate: u32,
}

/// The album file(s), relative to the output folder.
#[derive(Debug, Clone, PartialEq)]
pub struct AlbumReport {
    pub files: Vec<String>,
    pub gap_seconds: f64,
    pub seconds: f64,
}

/// The mood a cue's mix follows.
pub fn mood_of(cue: &ComposedCue) -> Mood {
    let p = &cue.plan;
    Mood {
        emotion: p.emotion_name.clone(),
        valence: p.emotion.valence,
        arousal: p.emotion.arousal,
        style: p.style.name().to_string(),
        bpm: p.fit.tempo.primary_bpm(p.fit.end_tick).0,
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Tags shared by every file of the soundtrack.
fn album_tags(soundtrack: &Soundtrack, credits: &Credits) -> Vec<(String, String)> {
    let mut tags = vec![
        ("ALBUM".into(), soundtrack.title.clone()),
        ("ARTIST".into(), credits.composer().to_string()),
        ("ALBUMARTIST".into(), credits.composer().to_string()),
        ("COMPOSER".into(), credits.composer().to_string()),
        ("GENRE".into(), "Soundtrack".into()),
    ];
    if let Some(date) = &credits.date {
        tags.push(("DATE".into(), date.clone()));
    }
    tags
}

/// Tags for a cue's FLAC.
fn cue_tags(
    soundtrack: &Soundtrack,
    cue: &ComposedCue,
    credits: &Credits,
) -> Vec<(String, String)> {
    let mut tags = vec![
        ("TITLE".into(), cue.plan.title.clone()),
        ("TRACKNUMBER".into(), cue.plan.number.to_string()),
        ("TRACKTOTAL".into(), soundtrack.cues.len().to_string()),
    ];
    tags.extend(album_tags(soundtrack, credits));
    tags
}

/// Renders every cue into `root` (a staging folder). `progress` gets seconds of music done.
pub fn write_soundtrack_audio(
    soundtrack: &Soundtrack,
    root: &Path,
    options: &AudioOptions,
    progress: &(dyn Fn(f64) + Sync),
) -> std::io::Result<(Vec<CueAudioReport>, Option<AlbumReport>)> {
    let sr = options.sample_rate;
    let cover = options.credits.cover.as_deref();
    let mut album = if options.album {
        let mut tags = vec![("TITLE".to_string(), soundtrack.title.clone())];
        tags.extend(album_tags(soundtrack, &options.credits));
        Some(AudioSink::create_album(
            &root.join("album"),
            &options.formats,
            sr,
            &tags,
            cover,
        )?)
    } else {
        None
    };
    let gap = (options.album_gap_seconds.max(0.0) * sr as f64).round() as usize;
    let mut album_frames = 0usize;
    let mut reports = Vec::with_capacity(soundtrack.cues.len());
    let group = rayon::current_num_threads().max(1);
    let done_before = std::sync::atomic::AtomicU64::new(0);
    for (group_index, cues) in soundtrack.cues.chunks(group).enumerate() {
        type Rendered = (CueAudioReport, super::cue::RenderedAudio, Option<FlacIndex>);
        let rendered: Vec<std::io::Result<Rendered>> = cues
            .par_iter()
            .map(|cue| {
                let performance = Performance::from_score(&cue.score, sr);
                let plan = MixPlan::for_scene(&performance, &mood_of(cue));
                let audio = render_performance(&performance, &plan, options, &|_| {})
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                let seconds = performance.duration_seconds();
                let total = done_before.fetch_add(
                    (seconds * 1000.0) as u64,
                    std::sync::atomic::Ordering::Relaxed,
                ) + (seconds * 1000.0) as u64;
                progress(total as f64 / 1000.0);
                let base = root.join(cue_base_name(cue));
                let tags = cue_tags(soundtrack, cue, &options.credits);
                let (files, flac) =
                    write_audio_indexed(&base, &audio, &options.formats, &tags, cover)?;
                let loop_base = root.join("loops").join(cue_base_name(cue));
                let seamless_loop =
                    write_loop(&loop_base, &audio, &tags)?.map(|(files, points)| LoopReport {
                        files: files.iter().map(|p| relative(root, p)).collect(),
                        points,
                        sample_rate: sr,
                    });
                let stems = if options.stems {
                    write_stems(&root.join("stems").join(cue_base_name(cue)), &audio)?
                } else {
                    Vec::new()
                };
                let report = CueAudioReport {
                    number: cue.plan.number,
                    files: files.iter().map(|p| relative(root, p)).collect(),
                    stems: stems.iter().map(|p| relative(root, p)).collect(),
                    seconds: audio.seconds(),
                    integrated_lufs: audio.report.integrated_lufs,
                    true_peak_dbtp: audio.report.true_peak_dbtp,
                    reverb_seconds: plan.effects.reverb_seconds,
                    engine: options.engine.name(),
                    seamless_loop,
                };
                Ok((report, audio, flac))
            })
            .collect();
        for (i, result) in rendered.into_iter().enumerate() {
            let (report, audio, flac) = result?;
            if let Some(sink) = album.as_mut() {
                if group_index + i > 0 {
                    sink.write_silence(gap)?;
                    album_frames += gap;
                }
                // The album copies the cue's FLAC frames rather than encoding them again.
                sink.append(flac.as_ref(), &audio.left, &audio.right)?;
                album_frames += audio.left.len();
            }
            reports.push(report);
        }
    }
    let album_report = match album {
        Some(sink) => {
            sink.finish()?;
            Some(AlbumReport {
                files: options
                    .formats
                    .iter()
                    .map(|f| format!("album.{}", f.extension()))
                    .collect(),
                gap_seconds: options.album_gap_seconds,
                seconds: album_frames as f64 / sr as f64,
            })
        }
        None => None,
    };
    Ok((reports, album_report))
}
