//! The parts of `soundtrack.json` (docs/manifest.md) the plots use. Unknown fields are ignored,
//! so later manifest additions (audio files…) do not break plotting.

use crate::PlotError;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The manifest's file name in an output folder.
pub const FILE: &str = "soundtrack.json";

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub title: String,
    #[serde(default)]
    pub home_key: Option<Key>,
    #[serde(default)]
    pub duration_seconds: Option<f64>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    pub cues: Vec<Cue>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Key {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub file: String,
    #[serde(default)]
    pub home_key: Option<Key>,
    #[serde(default)]
    pub tempo_bpm: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Cue {
    pub number: u32,
    pub scene: String,
    pub title: String,
    /// `files.midi`, and whatever other files the cue has (audio), by kind.
    pub files: serde_json::Map<String, serde_json::Value>,
    pub start_seconds: f64,
    pub duration_seconds: f64,
    #[serde(default)]
    pub key: Option<Key>,
    #[serde(default)]
    pub tempo: Option<Tempo>,
    #[serde(default)]
    pub meter: Option<String>,
    pub emotion: Emotion,
    pub intensity: Intensity,
    #[serde(default)]
    pub style: Option<String>,
    /// Facts about the rendered audio, when there is audio (`integrated_lufs`, `true_peak_dbtp`).
    #[serde(default)]
    pub audio: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Tempo {
    pub bpm: f64,
    #[serde(default)]
    pub min_bpm: Option<f64>,
    #[serde(default)]
    pub max_bpm: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Emotion {
    pub name: String,
    pub valence: f64,
    pub arousal: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Intensity {
    pub start: f64,
    pub end: f64,
}

impl Cue {
    /// The MIDI file, relative to the folder.
    pub fn midi(&self) -> Option<&str> {
        self.files.get("midi").and_then(|v| v.as_str())
    }

    /// The cue's file name without extension (`03-betrayal`).
    pub fn stem(&self) -> String {
        match self.midi() {
            Some(m) => Path::new(m)
                .file_stem()
                .map_or_else(|| m.to_string(), |s| s.to_string_lossy().into_owned()),
            None => format!("{:02}-{}", self.number, self.scene),
        }
    }

    /// The cue's audio in `folder`, if there is any: a FLAC named in `files` or next to the MIDI
    /// file (`NN-<scene>.flac`), else a WAV the same way.
    pub fn audio(&self, folder: &Path) -> Option<PathBuf> {
        // `files` entries are names or lists of names (`"audio": ["01-a.flac", "01-a.wav"]`).
        let listed: Vec<&str> = self
            .files
            .values()
            .flat_map(|v| match v {
                serde_json::Value::Array(items) => {
                    items.iter().filter_map(|i| i.as_str()).collect()
                }
                other => other.as_str().into_iter().collect::<Vec<_>>(),
            })
            .collect();
        for ext in ["flac", "wav"] {
            let named = listed
                .iter()
                .map(|f| folder.join(f))
                .find(|p| has_extension(p, ext) && p.is_file());
            let beside = folder.join(format!("{}.{ext}", self.stem()));
            if let Some(p) = named.or_else(|| beside.is_file().then_some(beside)) {
                return Some(p);
            }
        }
        None
    }

    /// `-14.0 LUFS · true peak -1.2 dBTP`, when the manifest measured the cue's audio.
    pub fn loudness(&self) -> Option<String> {
        let audio = self.audio.as_ref()?;
        let lufs = audio.get("integrated_lufs")?.as_f64()?;
        let mut text = format!("{} LUFS", minus(lufs));
        if let Some(peak) = audio.get("true_peak_dbtp").and_then(|p| p.as_f64()) {
            text.push_str(&format!(" · true peak {} dBTP", minus(peak)));
        }
        Some(text)
    }

    /// `Cue 3 · The Letter`.
    pub fn heading(&self) -> String {
        format!("Cue {} · {}", self.number, self.title)
    }

    /// `D minor · 120–128.6 bpm · 4/4 · angry · 1:05`.
    pub fn facts(&self) -> Vec<String> {
        let mut facts = Vec::new();
        if let Some(k) = &self.key {
            facts.push(k.name.clone());
        }
        if let Some(t) = &self.tempo {
            let (lo, hi) = (t.min_bpm.unwrap_or(t.bpm), t.max_bpm.unwrap_or(t.bpm));
            facts.push(if (hi - lo).abs() < 0.05 {
                format!("{} bpm", trim(t.bpm))
            } else {
                format!("{}–{} bpm", trim(lo), trim(hi))
            });
        }
        if let Some(m) = &self.meter {
            facts.push(m.clone());
        }
        facts.push(self.emotion.name.clone());
        facts.push(crate::draw::clock(self.duration_seconds, 1.0));
        facts
    }
}

/// `-14.0` with a real minus sign.
fn minus(v: f64) -> String {
    format!("{v:.1}").replace('-', "\u{2212}")
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// `120`, `128.6`.
pub(crate) fn trim(bpm: f64) -> String {
    let s = format!("{bpm:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// Reads and checks `path` (a `soundtrack.json`).
pub fn read(path: &Path) -> Result<Manifest, PlotError> {
    let text = std::fs::read_to_string(path).map_err(|error| PlotError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    parse(&text).map_err(|why| PlotError::Manifest {
        path: path.to_path_buf(),
        why,
    })
}

/// Parses and checks a manifest's text.
pub fn parse(text: &str) -> Result<Manifest, String> {
    let manifest: Manifest = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if manifest.format != "leitmotif-soundtrack" {
        return Err(format!(
            "`format` is \"{}\", not \"leitmotif-soundtrack\"",
            manifest.format
        ));
    }
    Ok(manifest)
}

/// The manifest of the folder holding `file`, when it has one that parses.
pub fn beside(file: &Path) -> Option<Manifest> {
    let mut dir = file.parent()?;
    // themes/<id>.mid sits one folder down.
    if !dir.join(FILE).is_file() {
        dir = dir.parent()?;
    }
    read(&dir.join(FILE)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{
      "format": "leitmotif-soundtrack", "version": 1, "title": "My Heart",
      "home_key": {"tonic": "D", "mode": "major", "name": "D major"},
      "duration_seconds": 155.0, "future_field": [1, 2],
      "themes": [{"id": "mina", "name": "Mina", "file": "themes/mina.mid", "tempo_bpm": 90.0}],
      "cues": [
        {"number": 1, "scene": "first-meeting", "title": "First Love's Whisper",
         "files": {"midi": "01-first-meeting.mid", "audio": ["01-first-meeting.flac"]},
         "audio": {"seconds": 92.4, "integrated_lufs": -14.0, "true_peak_dbtp": -3.99},
         "start_seconds": 0.0, "duration_seconds": 90.0,
         "key": {"name": "D major"}, "tempo": {"bpm": 80.0, "min_bpm": 80.0, "max_bpm": 80.0},
         "meter": "4/4", "emotion": {"name": "tender", "valence": 0.6, "arousal": -0.4},
         "intensity": {"start": 0.3, "end": 0.6}},
        {"number": 2, "scene": "betrayal", "title": "The Letter", "files": {"midi": "02-betrayal.mid"},
         "start_seconds": 90.0, "duration_seconds": 65.0,
         "tempo": {"bpm": 120.0, "min_bpm": 120.0, "max_bpm": 128.6},
         "emotion": {"name": "angry", "valence": -0.7, "arousal": 0.8},
         "intensity": {"start": 0.5, "end": 1.0}}
      ]}"#;

    #[test]
    fn reads_what_plots_need_and_ignores_the_rest() {
        let m = parse(SAMPLE).unwrap();
        assert_eq!(m.title, "My Heart");
        assert_eq!(m.cues.len(), 2);
        let c = &m.cues[1];
        assert_eq!(c.stem(), "02-betrayal");
        assert_eq!(c.heading(), "Cue 2 · The Letter");
        assert_eq!(c.facts(), ["120–128.6 bpm", "angry", "1:05"]);
        assert_eq!(m.cues[0].facts()[..3], ["D major", "80 bpm", "4/4"]);
        assert_eq!(
            m.cues[0].loudness().as_deref(),
            Some("\u{2212}14.0 LUFS · true peak \u{2212}4.0 dBTP")
        );
        assert_eq!(c.loudness(), None);
    }

    #[test]
    fn rejects_other_json() {
        assert!(parse(r#"{"format": "other", "title": "x", "cues": []}"#)
            .unwrap_err()
            .contains("leitmotif-soundtrack"));
        assert!(parse("{").is_err());
        assert!(parse(r#"{"format": "leitmotif-soundtrack", "title": "x"}"#)
            .unwrap_err()
            .contains("cues"));
    }

    #[test]
    fn finds_audio_listed_or_beside_the_midi() {
        let dir = tempfile::tempdir().unwrap();
        let m = parse(SAMPLE).unwrap();
        assert_eq!(m.cues[0].audio(dir.path()), None);
        std::fs::write(dir.path().join("02-betrayal.wav"), b"").unwrap();
        assert_eq!(
            m.cues[1].audio(dir.path()),
            Some(dir.path().join("02-betrayal.wav"))
        );
        std::fs::write(dir.path().join("02-betrayal.flac"), b"").unwrap();
        assert_eq!(
            m.cues[1].audio(dir.path()),
            Some(dir.path().join("02-betrayal.flac"))
        );
        std::fs::write(dir.path().join("01-first-meeting.flac"), b"").unwrap();
        assert_eq!(
            m.cues[0].audio(dir.path()),
            Some(dir.path().join("01-first-meeting.flac"))
        );
    }
}
