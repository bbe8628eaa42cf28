//! Pictures of a Leitmotif soundtrack, as PNG files anyone can open: the piano roll of a cue's
//! MIDI file, the spectrogram of a cue's audio, and the emotional arc of the whole soundtrack
//! from `soundtrack.json`. See docs/plot.md.
//!
//! Everything is drawn in memory (plotters' bitmap backend with an embedded font, so no system
//! fonts are needed), encoded with `png`, and written atomically: a picture is complete or
//! absent, never half-written.

mod arc;
pub mod audio;
mod draw;
mod error;
mod font;
pub mod manifest;
pub mod midi;
mod output;
mod roll;
pub mod spectrogram;

pub use error::PlotError;
pub use output::write_png;

use manifest::{Cue, Manifest};
use std::path::{Path, PathBuf};

/// Picture sizes in pixels (width, height).
pub const ROLL_SIZE: (u32, u32) = (1800, 1000);
pub const SPECTROGRAM_SIZE: (u32, u32) = (1800, 900);
pub const ARC_SIZE: (u32, u32) = (1800, 900);

/// The folder `leitmotif plot <output folder>` writes into, inside the output folder.
pub const PLOTS_FOLDER: &str = "plots";

/// The two lines over a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub title: String,
    pub subtitle: String,
}

/// What can be plotted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Leitmotif output folder (it holds `soundtrack.json`).
    Folder,
    /// A Standard MIDI File.
    Midi,
    /// A WAV or FLAC file.
    Audio,
}

/// What a path is, by its extension and, failing that, its first bytes.
pub fn kind(path: &Path) -> Result<Kind, PlotError> {
    if !path.exists() {
        return Err(PlotError::Missing {
            path: path.to_path_buf(),
        });
    }
    if path.is_dir() {
        return if path.join(manifest::FILE).is_file() {
            Ok(Kind::Folder)
        } else {
            Err(PlotError::NotOutputFolder {
                path: path.to_path_buf(),
            })
        };
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "mid" | "midi" | "smf" => return Ok(Kind::Midi),
        "wav" | "wave" | "flac" => return Ok(Kind::Audio),
        _ => {}
    }
    if path.file_name().is_some_and(|n| n == manifest::FILE) {
        return Err(PlotError::Unsupported {
            path: path.to_path_buf(),
            why: "plot the folder that holds it instead".into(),
        });
    }
    let mut head = [0u8; 12];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|error| PlotError::Read {
            path: path.to_path_buf(),
            error,
        })?;
    if head[..n].starts_with(b"MThd") {
        Ok(Kind::Midi)
    } else if audio::sniff(&head[..n]).is_some() {
        Ok(Kind::Audio)
    } else {
        Err(PlotError::Unsupported {
            path: path.to_path_buf(),
            why: "expected a Leitmotif output folder, a .mid file, or a .wav or .flac file".into(),
        })
    }
}

/// Reads a MIDI file for [`roll_of`].
pub fn read_midi(path: &Path) -> Result<midi::MidiScore, PlotError> {
    let bytes = std::fs::read(path).map_err(|error| PlotError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    midi::parse(&bytes).map_err(|why| PlotError::Midi {
        path: path.to_path_buf(),
        why,
    })
}

/// Draws `draw` on a canvas of `size` and writes it to `out`.
fn picture<F>(out: &Path, size: (u32, u32), draw: F) -> Result<(), PlotError>
where
    F: FnOnce(&draw::Area<'_>) -> draw::DrawResult<()>,
{
    let rgb = draw::render(size.0, size.1, draw).map_err(|why| PlotError::Draw {
        path: out.to_path_buf(),
        why,
    })?;
    write_png(out, size.0, size.1, &rgb)
}

/// The piano roll of an already-read MIDI file, written to `out`.
pub fn roll_of(score: &midi::MidiScore, heading: &Heading, out: &Path) -> Result<(), PlotError> {
    picture(out, ROLL_SIZE, |root| {
        roll::draw(root, score, &heading.title, &heading.subtitle)
    })
}

/// The piano roll of `midi`, written to `out`; the heading defaults to the file's title and
/// facts (key, tempo, meter, length).
pub fn roll(midi: &Path, out: &Path, heading: Option<&Heading>) -> Result<(), PlotError> {
    let score = read_midi(midi)?;
    let heading = heading
        .cloned()
        .unwrap_or_else(|| midi_heading(midi, &score));
    roll_of(&score, &heading, out)
}

/// The spectrogram of `audio` (WAV or FLAC), written to `out`.
pub fn spectrogram(
    audio_path: &Path,
    out: &Path,
    heading: Option<&Heading>,
) -> Result<(), PlotError> {
    let audio = audio::read(audio_path)?;
    let heading = heading.cloned().unwrap_or_else(|| Heading {
        title: stem(audio_path),
        subtitle: file_name(audio_path),
    });
    let subtitle = [heading.subtitle.clone(), audio_facts(&audio)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    picture(out, SPECTROGRAM_SIZE, |root| {
        spectrogram::draw(
            root,
            &audio.samples,
            audio.sample_rate,
            &heading.title,
            &subtitle,
        )
    })
}

/// The emotional arc of a manifest, written to `out`.
pub fn arc_of(manifest: &Manifest, out: &Path) -> Result<(), PlotError> {
    picture(out, ARC_SIZE, |root| arc::draw(root, manifest))
}

/// One picture written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plotted {
    pub path: PathBuf,
    /// `arc`, `roll` or `spectrogram`.
    pub what: &'static str,
}

/// What plotting a folder did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderReport {
    pub plots: Vec<Plotted>,
    /// Cues that have no audio file (so no spectrogram), by number.
    pub without_audio: Vec<u32>,
}

/// Plots a Leitmotif output folder into `plots` (default `<folder>/plots`): the arc (unless one
/// cue is asked for), and for every cue (or cue `only`) its piano roll and, when it has audio
/// (`NN-<scene>.flac`, else `.wav`), its spectrogram.
///
/// Every input is read and checked before the first picture is written, so a missing or broken
/// MIDI file or audio header fails the command with no pictures written.
pub fn plot_folder(
    folder: &Path,
    plots: Option<&Path>,
    only: Option<u32>,
) -> Result<FolderReport, PlotError> {
    if kind(folder)? != Kind::Folder {
        return Err(PlotError::NotOutputFolder {
            path: folder.to_path_buf(),
        });
    }
    let manifest_path = folder.join(manifest::FILE);
    let manifest = manifest::read(&manifest_path)?;
    let plots = plots.map_or_else(|| folder.join(PLOTS_FOLDER), Path::to_path_buf);
    let cues: Vec<&Cue> = match only {
        Some(n) => {
            vec![manifest
                .cues
                .iter()
                .find(|c| c.number == n)
                .ok_or(PlotError::NoSuchCue {
                    path: folder.to_path_buf(),
                    number: n,
                    count: manifest.cues.len(),
                })?]
        }
        None => manifest.cues.iter().collect(),
    };

    // Read and check everything first.
    let mut work = Vec::new();
    let mut report = FolderReport::default();
    for cue in cues {
        let midi_name = cue.midi().ok_or_else(|| PlotError::Manifest {
            path: manifest_path.clone(),
            why: format!("cue {} has no `files.midi`", cue.number),
        })?;
        let midi_path = folder.join(midi_name);
        let score = read_midi(&midi_path)?;
        let audio = cue.audio(folder);
        if let Some(a) = &audio {
            audio::probe(a)?;
        } else {
            report.without_audio.push(cue.number);
        }
        work.push((cue, midi_path, score, audio));
    }

    if only.is_none() {
        let out = plots.join("arc.png");
        arc_of(&manifest, &out)?;
        report.plots.push(Plotted {
            path: out,
            what: "arc",
        });
    }
    for (cue, midi_path, score, audio) in work {
        let out = plots.join(format!("{}-roll.png", cue.stem()));
        roll_of(&score, &cue_heading(cue, &midi_path), &out)?;
        report.plots.push(Plotted {
            path: out,
            what: "roll",
        });
        if let Some(a) = audio {
            let out = plots.join(format!("{}-spectrogram.png", cue.stem()));
            spectrogram(&a, &out, Some(&cue_heading(cue, &a)))?;
            report.plots.push(Plotted {
                path: out,
                what: "spectrogram",
            });
        }
    }
    Ok(report)
}

/// Plots one MIDI file (piano roll) or audio file (spectrogram). `out` is the PNG to write if it
/// ends in `.png`, else a folder to write it into; by default the picture goes next to the
/// input, as `<name>-roll.png` or `<name>-spectrogram.png`.
pub fn plot_file(file: &Path, out: Option<&Path>) -> Result<Plotted, PlotError> {
    let what = match kind(file)? {
        Kind::Midi => "roll",
        Kind::Audio => "spectrogram",
        Kind::Folder => {
            return Err(PlotError::Unsupported {
                path: file.to_path_buf(),
                why: "a folder, not a file".into(),
            })
        }
    };
    let default_name = format!("{}-{what}.png", stem(file));
    let target = match out {
        Some(o) if o.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) => o.to_path_buf(),
        Some(dir) => dir.join(default_name),
        None => file.with_file_name(default_name),
    };
    let found = manifest::beside(file);
    let cue = found
        .as_ref()
        .and_then(|m| m.cues.iter().find(|c| stem(file) == c.stem()));
    if what == "roll" {
        let score = read_midi(file)?;
        let heading = match (cue, &found) {
            (Some(c), _) => cue_heading(c, file),
            (None, Some(m)) => theme_heading(m, file).unwrap_or_else(|| midi_heading(file, &score)),
            (None, None) => midi_heading(file, &score),
        };
        roll_of(&score, &heading, &target)?;
    } else {
        let heading = cue.map(|c| cue_heading(c, file));
        spectrogram(file, &target, heading.as_ref())?;
    }
    Ok(Plotted { path: target, what })
}

/// The file name without its extension.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `Cue 3 · The Letter` over `03-betrayal.mid · D minor · 120–128.6 bpm · 4/4 · angry · 1:05`.
fn cue_heading(cue: &Cue, file: &Path) -> Heading {
    let mut facts = vec![file_name(file)];
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mid") || e.eq_ignore_ascii_case("midi"))
    {
        facts.extend(cue.facts());
    } else {
        facts.push(cue.emotion.name.clone());
        facts.extend(cue.loudness());
    }
    Heading {
        title: cue.heading(),
        subtitle: facts.join(" · "),
    }
}

/// `Theme · Mina` for `themes/mina.mid` in an output folder.
fn theme_heading(manifest: &Manifest, file: &Path) -> Option<Heading> {
    let theme = manifest
        .themes
        .iter()
        .find(|t| Path::new(&t.file).file_name() == file.file_name())?;
    let mut facts = vec![format!("themes/{}", file_name(file))];
    if let Some(k) = &theme.home_key {
        facts.push(k.name.clone());
    }
    if let Some(t) = theme.tempo_bpm {
        facts.push(format!("{} bpm", manifest::trim(t)));
    }
    Some(Heading {
        title: format!("Theme · {}", theme.name),
        subtitle: facts.join(" · "),
    })
}

/// The heading of a MIDI file on its own: its title (or name) over its facts.
fn midi_heading(file: &Path, score: &midi::MidiScore) -> Heading {
    let mut facts = vec![file_name(file)];
    facts.extend(score.key.clone());
    if let Some((lo, hi)) = score.bpm_range {
        facts.push(if (hi - lo).abs() < 0.05 {
            format!("{} bpm", manifest::trim(lo))
        } else {
            format!("{}–{} bpm", manifest::trim(lo), manifest::trim(hi))
        });
    }
    facts.extend(score.meter.clone());
    facts.push(draw::clock(score.end_seconds, 1.0));
    Heading {
        title: score.title.clone().unwrap_or_else(|| stem(file)),
        subtitle: facts.join(" · "),
    }
}

/// `FLAC 48 kHz 24-bit stereo · 1:05`.
fn audio_facts(audio: &audio::Audio) -> String {
    let channels = match audio.channels {
        1 => "mono".to_string(),
        2 => "stereo".to_string(),
        n => format!("{n} channels"),
    };
    let khz = f64::from(audio.sample_rate) / 1000.0;
    let mut facts = Vec::new();
    facts.push(format!(
        "{} {} kHz {}-bit {channels}",
        audio.format,
        manifest::trim(khz),
        audio.bits
    ));
    facts.push(draw::clock(audio.duration(), 1.0));
    facts.join(" · ")
}

#[cfg(test)]
mod tests;
