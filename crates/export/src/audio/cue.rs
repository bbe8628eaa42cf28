//! One cue (or one MIDI file) from performance to finished files: mixdown, mastering, the
//! mastered audio in each format, and the stems.

use super::cover::CoverImage;
use super::flac::FlacIndex;
use super::format::AudioFormat;
use super::seamless_loop::{append_smpl_chunk, fold_tail};
use super::sink::AudioSink;
use leitmotif_render::engine::Engine;
use leitmotif_render::{
    master, mixdown, MasterReport, MasterSettings, MixPlan, Performance, RenderError, Stem,
};
use std::path::{Path, PathBuf};

/// How to render audio.
#[derive(Clone)]
pub struct AudioOptions {
    pub engine: Engine,
    /// Formats of every cue and of the album (at least one).
    pub formats: Vec<AudioFormat>,
    /// Also write stems/NN-<scene>/<part>.flac.
    pub stems: bool,
    /// Also write album.<ext>: every cue in order.
    pub album: bool,
    /// Silence between cues on the album, in seconds.
    pub album_gap_seconds: f64,
    pub sample_rate: u32,
    pub master: MasterSettings,
    /// Also write loops/NN-<scene>.flac and .wav: seamless loops for games.
    pub loops: bool,
    /// Credits and artwork for the tags.
    pub credits: Credits,
}

/// Who and when, for the files' tags, and the cover to embed.
#[derive(Clone, Debug, Default)]
pub struct Credits {
    /// ARTIST and COMPOSER (default "Leitmotif").
    pub composer: Option<String>,
    /// DATE.
    pub date: Option<String>,
    pub cover: Option<std::sync::Arc<CoverImage>>,
}

impl Credits {
    pub fn composer(&self) -> &str {
        self.composer.as_deref().unwrap_or("Leitmotif")
    }
}

impl Default for AudioOptions {
    fn default() -> Self {
        AudioOptions {
            engine: Engine::Builtin,
            formats: vec![AudioFormat::Flac],
            stems: false,
            album: true,
            album_gap_seconds: 2.0,
            sample_rate: 48_000,
            master: MasterSettings::default(),
            loops: false,
            credits: Credits::default(),
        }
    }
}

/// A rendered, mastered cue still in memory.
pub struct RenderedAudio {
    pub left: Vec<f32>,
    pub right: Vec<f32>,
    pub report: MasterReport,
    /// Per part plus "effects", at the master's static gain (so they sum to the pre-master mix
    /// as the master chain received it, before compression and limiting).
    pub stems: Vec<Stem>,
    pub sample_rate: u32,
    /// Where the music ends (its last bar line), in frames.
    pub music_frames: usize,
    /// The seamless loop, mastered (when asked for).
    pub seamless_loop: Option<(Vec<f32>, Vec<f32>)>,
}

impl RenderedAudio {
    pub fn seconds(&self) -> f64 {
        self.left.len() as f64 / self.sample_rate as f64
    }
}

/// Mixes and masters a performance.
pub fn render_performance(
    performance: &Performance,
    plan: &MixPlan,
    options: &AudioOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RenderedAudio, RenderError> {
    let sr = performance.sample_rate;
    let engine = &options.engine;
    let factory = |track: &leitmotif_render::ChannelTrack| engine.channel(track, sr);
    let mix = mixdown(performance, plan, &factory, options.stems, progress)?;
    let music_frames = mix.music_frames as usize;
    let seamless_loop = options.loops.then(|| {
        let (mut l, mut r) = fold_tail(&mix.left, &mix.right, music_frames);
        // No fades: the loop's ends meet each other, not silence.
        let settings = MasterSettings {
            fade_in_ms: 0.0,
            fade_out_ms: 0.0,
            ..options.master
        };
        master(&mut l, &mut r, sr, &settings);
        (l, r)
    });
    let mut left = mix.left;
    let mut right = mix.right;
    let report = master(&mut left, &mut right, sr, &options.master);
    let gain = 10f64.powf(report.gain_db / 20.0) as f32;
    let stems = mix
        .stems
        .into_iter()
        .map(|mut s| {
            s.left
                .iter_mut()
                .chain(s.right.iter_mut())
                .for_each(|x| *x *= gain);
            s
        })
        .collect();
    Ok(RenderedAudio {
        left,
        right,
        report,
        stems,
        sample_rate: sr,
        music_frames,
        seamless_loop,
    })
}

/// Writes `<base>.<ext>` for every format. Returns the paths written.
pub fn write_audio(
    base: &Path,
    audio: &RenderedAudio,
    formats: &[AudioFormat],
    tags: &[(String, String)],
    picture: Option<&CoverImage>,
) -> std::io::Result<Vec<PathBuf>> {
    write_audio_indexed(base, audio, formats, tags, picture).map(|(paths, _)| paths)
}

/// [`write_audio`], also returning where the FLAC file's frames are (when FLAC is among the
/// formats), for the album to copy.
pub fn write_audio_indexed(
    base: &Path,
    audio: &RenderedAudio,
    formats: &[AudioFormat],
    tags: &[(String, String)],
    picture: Option<&CoverImage>,
) -> std::io::Result<(Vec<PathBuf>, Option<FlacIndex>)> {
    let mut sink = AudioSink::create(base, formats, audio.sample_rate, tags, picture)?;
    sink.write(&audio.left, &audio.right)?;
    let index = sink.finish_indexed()?;
    let paths = formats
        .iter()
        .map(|f| base.with_extension(f.extension()))
        .collect();
    Ok((paths, index))
}

/// A file-system-safe stem name from a part name ("Melody" -> "melody").
pub fn stem_file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "part".into()
    } else {
        s
    }
}

/// Writes every stem as `<dir>/<part>.flac` (FLAC only: stems are for editing, not delivery).
pub fn write_stems(dir: &Path, audio: &RenderedAudio) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    let mut written = Vec::new();
    let mut used = std::collections::HashSet::new();
    for stem in &audio.stems {
        let mut name = stem_file_stem(&stem.name);
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{}-{n}", stem_file_stem(&stem.name));
            n += 1;
        }
        let base = dir.join(&name);
        let mut sink =
            AudioSink::create(&base, &[AudioFormat::Flac], audio.sample_rate, &[], None)?;
        sink.write(&stem.left, &stem.right)?;
        sink.finish()?;
        written.push(base.with_extension("flac"));
    }
    Ok(written)
}

/// Where a written loop starts and ends, in frames of its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoopPoints {
    pub start: usize,
    /// Exclusive: the loop plays frames `start..end`.
    pub end: usize,
}

/// Writes `<base>.flac` (LOOPSTART/LOOPLENGTH tags) and `<base>.wav` (a `smpl` chunk) of the
/// seamless loop. Returns the files and the loop points.
pub fn write_loop(
    base: &Path,
    audio: &RenderedAudio,
    tags: &[(String, String)],
) -> std::io::Result<Option<(Vec<PathBuf>, LoopPoints)>> {
    let Some((left, right)) = &audio.seamless_loop else {
        return Ok(None);
    };
    let points = LoopPoints {
        start: 0,
        end: left.len(),
    };
    if let Some(dir) = base.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    }
    let mut tags = tags.to_vec();
    tags.push(("LOOPSTART".into(), points.start.to_string()));
    tags.push(("LOOPLENGTH".into(), (points.end - points.start).to_string()));
    let formats = [AudioFormat::Flac, AudioFormat::Wav];
    let mut sink = AudioSink::create(base, &formats, audio.sample_rate, &tags, None)?;
    sink.write(left, right)?;
    sink.finish()?;
    let wav = base.with_extension("wav");
    if points.end > 0 {
        append_smpl_chunk(
            &wav,
            audio.sample_rate,
            points.start as u32,
            points.end as u32 - 1,
        )
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", wav.display())))?;
    }
    Ok(Some((vec![base.with_extension("flac"), wav], points)))
}
