//! `soundtrack.json`: the manifest a person, an editor or a tool reads to know what was composed.
//! Versioned (`version`); every field is documented in docs/manifest.md. Numbers are rounded to
//! fixed decimals so the file is stable and diffable.

use crate::audio::{AlbumReport, CueAudioReport};
use leitmotif_compose::{ComposedCue, SectionKind, Soundtrack, Theme, ThemeOwner};
use leitmotif_theory::Key;
use serde::Serialize;

/// Bumped whenever a field changes meaning or disappears.
pub const MANIFEST_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Manifest {
    pub format: &'static str,
    pub version: u32,
    pub generator: String,
    pub title: String,
    pub seed: u64,
    pub home_key: KeyJson,
    pub duration_seconds: f64,
    pub themes: Vec<ThemeJson>,
    pub cues: Vec<CueJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub album: Option<AlbumJson>,
}

#[derive(Serialize)]
pub struct KeyJson {
    pub tonic: String,
    pub mode: String,
    pub name: String,
}

impl From<Key> for KeyJson {
    fn from(k: Key) -> Self {
        KeyJson {
            tonic: k.tonic.to_string(),
            mode: k.mode.name().to_string(),
            name: k.to_string(),
        }
    }
}

#[derive(Serialize)]
pub struct ThemeJson {
    pub id: String,
    pub name: String,
    pub belongs_to: ThemeOwner,
    pub file: String,
    pub home_key: KeyJson,
    pub tempo_bpm: f64,
    pub meter: String,
    pub bars: u16,
    /// Scale degrees in order ("5", "b3", "1'" = tonic an octave up).
    pub degrees: Vec<String>,
    pub notes: Vec<ThemeNoteJson>,
    /// Implied harmony, one Roman numeral per bar.
    pub chords: Vec<String>,
}

#[derive(Serialize)]
pub struct ThemeNoteJson {
    pub degree: String,
    /// Onset and length in quarter-note beats from the theme's start.
    pub beat: f64,
    pub beats: f64,
}

#[derive(Serialize)]
pub struct CueJson {
    pub number: u32,
    pub scene: String,
    pub title: String,
    pub files: FilesJson,
    pub start_seconds: f64,
    pub duration_seconds: f64,
    pub key: KeyJson,
    pub tempo: TempoJson,
    pub meter: String,
    pub bars: u32,
    pub emotion: EmotionJson,
    pub intensity: IntensityJson,
    pub style: String,
    pub themes: Vec<CueThemeJson>,
    pub parts: Vec<PartJson>,
    pub sections: Vec<SectionJson>,
    pub hits: Vec<HitJson>,
    /// One chord per bar, as Roman numerals in the cue's key.
    pub chords: Vec<String>,
    pub outer_voice_parallels: ParallelsJson,
    /// Fields inferred from a screenplay, with confidence and evidence (absent for written stories).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<InferredJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<CueAudioJson>,
}

#[derive(Serialize)]
pub struct InferredJson {
    pub field: String,
    pub confidence: f64,
    pub evidence: Vec<String>,
}

#[derive(Serialize)]
pub struct FilesJson {
    pub midi: String,
    /// The cue's MusicXML score (absent with --no-score).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub musicxml: Option<String>,
    /// The mastered audio, one file per format (absent with --no-audio).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub audio: Vec<String>,
    /// One file per part plus `effects` (with --stems).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stems: Vec<String>,
}

/// What mastering measured on a cue's audio.
#[derive(Serialize)]
pub struct CueAudioJson {
    /// Length of the audio file, including the reverb tail after the music.
    pub seconds: f64,
    pub integrated_lufs: f64,
    pub true_peak_dbtp: f64,
    /// RT60 of the cue's reverb.
    pub reverb_seconds: f64,
    /// "built-in" or "soundfont".
    pub engine: String,
    /// The seamless loop for games (with --loops).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seamless_loop: Option<LoopJson>,
}

/// A seamless loop: its files and loop points (frames of the loop file, end exclusive).
#[derive(Serialize)]
pub struct LoopJson {
    pub files: Vec<String>,
    pub start_frame: usize,
    pub end_frame: usize,
    pub start_seconds: f64,
    pub end_seconds: f64,
}

/// The album: every cue in order.
#[derive(Serialize)]
pub struct AlbumJson {
    pub files: Vec<String>,
    pub gap_seconds: f64,
    pub seconds: f64,
}

#[derive(Serialize)]
pub struct TempoJson {
    /// The tempo that covers most of the cue.
    pub bpm: f64,
    pub min_bpm: f64,
    pub max_bpm: f64,
    /// Every tempo change (only when the tempo changes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub map: Vec<TempoPointJson>,
}

#[derive(Serialize)]
pub struct TempoPointJson {
    pub bar: u32,
    pub beat: f64,
    pub seconds: f64,
    pub bpm: f64,
}

#[derive(Serialize)]
pub struct EmotionJson {
    pub name: String,
    pub valence: f64,
    pub arousal: f64,
}

#[derive(Serialize)]
pub struct IntensityJson {
    pub start: f64,
    pub end: f64,
}

#[derive(Serialize)]
pub struct CueThemeJson {
    pub id: String,
    /// focus | secondary | relationship | place
    pub role: &'static str,
    /// The MIDI track that carries it.
    pub track: String,
}

#[derive(Serialize)]
pub struct PartJson {
    pub track: String,
    pub role: leitmotif_compose::Role,
    pub instrument: String,
    pub program: u8,
    pub channel: u8,
    pub notes: usize,
}

#[derive(Serialize)]
pub struct SectionJson {
    pub kind: SectionKind,
    /// 1-based first and last bar.
    pub start_bar: u32,
    pub end_bar: u32,
    pub bars: u32,
    pub start_seconds: f64,
}

#[derive(Serialize)]
pub struct HitJson {
    pub kind: String,
    pub requested_seconds: f64,
    /// "bar:beat", 1-based.
    pub position: String,
    pub bar: u32,
    pub beat: u32,
    pub landed_seconds: f64,
    pub error_ms: f64,
}

#[derive(Serialize)]
pub struct ParallelsJson {
    pub count: usize,
    pub motions: usize,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The name every file of a cue shares, without extension: `NN-<scene-id>`.
pub fn cue_base_name(cue: &ComposedCue) -> String {
    format!("{:02}-{}", cue.plan.number, cue.plan.scene_id)
}

/// The file name of a cue's MIDI: `NN-<scene-id>.mid`.
pub fn cue_file_name(cue: &ComposedCue) -> String {
    format!("{}.mid", cue_base_name(cue))
}

/// The file name of a theme's MIDI inside `themes/`.
pub fn theme_file_name(theme: &Theme) -> String {
    format!("{}.mid", theme.id)
}

pub fn build(soundtrack: &Soundtrack) -> Manifest {
    build_with_audio(soundtrack, &[], None)
}

/// The manifest including what was rendered to audio.
pub fn build_with_audio(
    soundtrack: &Soundtrack,
    audio: &[CueAudioReport],
    album: Option<&AlbumReport>,
) -> Manifest {
    let themes = soundtrack.themes.themes.iter().map(theme_json).collect();
    let cues: Vec<CueJson> = soundtrack
        .cues
        .iter()
        .map(|cue| {
            let mut json = cue_json(cue);
            if let Some(a) = audio.iter().find(|a| a.number == cue.plan.number) {
                json.files.audio = a.files.clone();
                json.files.stems = a.stems.clone();
                json.audio = Some(CueAudioJson {
                    seconds: round(a.seconds, 3),
                    integrated_lufs: round(a.integrated_lufs, 2),
                    true_peak_dbtp: round(a.true_peak_dbtp, 2),
                    reverb_seconds: round(a.reverb_seconds, 2),
                    engine: a.engine.to_string(),
                    seamless_loop: a.seamless_loop.as_ref().map(|l| LoopJson {
                        files: l.files.clone(),
                        start_frame: l.points.start,
                        end_frame: l.points.end,
                        start_seconds: round(l.points.start as f64 / l.sample_rate as f64, 6),
                        end_seconds: round(l.points.end as f64 / l.sample_rate as f64, 6),
                    }),
                });
            }
            json
        })
        .collect();
    let duration = soundtrack
        .cues
        .iter()
        .map(|c| c.plan.duration_seconds)
        .sum::<f64>();
    Manifest {
        format: "leitmotif-soundtrack",
        version: MANIFEST_VERSION,
        generator: format!("leitmotif {}", env!("CARGO_PKG_VERSION")),
        title: soundtrack.title.clone(),
        seed: soundtrack.seed,
        home_key: soundtrack.home_key.into(),
        duration_seconds: round(duration, 3),
        themes,
        cues,
        album: album.map(|a| AlbumJson {
            files: a.files.clone(),
            gap_seconds: round(a.gap_seconds, 3),
            seconds: round(a.seconds, 3),
        }),
    }
}

/// The manifest as pretty JSON with a trailing newline.
pub fn to_json(soundtrack: &Soundtrack) -> String {
    manifest_json(&build(soundtrack))
}

/// A built manifest as pretty JSON with a trailing newline.
pub fn manifest_json(manifest: &Manifest) -> String {
    let mut s = serde_json::to_string_pretty(manifest)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn theme_json(t: &Theme) -> ThemeJson {
    let to_beats = |sixteenths: u16| round(sixteenths as f64 / 4.0, 3);
    ThemeJson {
        id: t.id.clone(),
        name: t.name.clone(),
        belongs_to: t.owner.clone(),
        file: format!("themes/{}", theme_file_name(t)),
        home_key: t.home_key.into(),
        tempo_bpm: t.home_bpm,
        meter: "4/4".into(),
        bars: t.bars(),
        degrees: t.notes.iter().map(|n| n.degree.to_string()).collect(),
        notes: t
            .notes
            .iter()
            .map(|n| ThemeNoteJson {
                degree: n.degree.to_string(),
                beat: to_beats(n.start),
                beats: to_beats(n.len),
            })
            .collect(),
        chords: t.chords.iter().map(|c| c.roman()).collect(),
    }
}

fn cue_json(cue: &ComposedCue) -> CueJson {
    let plan = &cue.plan;
    let tempo = &plan.fit.tempo;
    let (lo, hi) = tempo.range();
    let bar_ticks = plan.meter.bar_ticks();
    let map = if tempo.changes.len() > 1 {
        tempo
            .changes
            .iter()
            .map(|c| TempoPointJson {
                bar: (c.at / bar_ticks) as u32 + 1,
                beat: round(
                    1.0 + (c.at % bar_ticks) as f64 / plan.meter.pulse_ticks() as f64,
                    3,
                ),
                seconds: round(tempo.seconds_at(c.at), 3),
                bpm: round(c.bpm.0, 3),
            })
            .collect()
    } else {
        Vec::new()
    };
    let role_of = |id: &str| -> &'static str {
        if id == plan.focus {
            "focus"
        } else if Some(id) == plan.relationship.as_deref() {
            "relationship"
        } else if Some(id) == plan.place.as_deref() {
            "place"
        } else {
            "secondary"
        }
    };
    CueJson {
        number: plan.number,
        scene: plan.scene_id.clone(),
        title: plan.title.clone(),
        files: FilesJson {
            midi: cue_file_name(cue),
            musicxml: None,
            audio: Vec::new(),
            stems: Vec::new(),
        },
        start_seconds: round(plan.start_seconds, 3),
        duration_seconds: round(cue.score.duration_seconds(), 3),
        key: plan.key.into(),
        tempo: TempoJson {
            bpm: round(tempo.primary_bpm(plan.fit.end_tick).0, 2),
            min_bpm: round(lo.0, 2),
            max_bpm: round(hi.0, 2),
            map,
        },
        meter: plan.meter.to_string(),
        bars: plan.fit.bars,
        emotion: EmotionJson {
            name: plan.emotion_name.clone(),
            valence: round(plan.emotion.valence, 3),
            arousal: round(plan.emotion.arousal, 3),
        },
        intensity: IntensityJson {
            start: round(plan.intensity.start, 3),
            end: round(plan.intensity.end, 3),
        },
        style: plan.style.name().to_string(),
        themes: cue
            .themes_used
            .iter()
            .map(|id| CueThemeJson {
                id: id.clone(),
                role: role_of(id),
                track: "Melody".into(),
            })
            .collect(),
        parts: cue
            .score
            .parts
            .iter()
            .zip(&plan.palette.parts)
            .map(|(p, spec)| PartJson {
                track: p.name.clone(),
                role: spec.role,
                instrument: p.instrument.id.to_string(),
                program: p.instrument.program,
                channel: p.channel + 1,
                notes: p.notes.len(),
            })
            .collect(),
        sections: plan
            .sections
            .iter()
            .map(|s| SectionJson {
                kind: s.kind,
                start_bar: s.start_bar + 1,
                end_bar: s.end_bar(),
                bars: s.bars,
                start_seconds: round(tempo.seconds_at(s.start_bar as u64 * bar_ticks), 3),
            })
            .collect(),
        hits: plan
            .fit
            .hits
            .iter()
            .map(|h| HitJson {
                kind: h.kind.name().to_string(),
                requested_seconds: round(h.requested_seconds, 3),
                position: format!("{}:{}", h.bar, h.beat),
                bar: h.bar,
                beat: h.beat,
                landed_seconds: round(h.landed_seconds, 4),
                error_ms: round(h.error_ms, 3),
            })
            .collect(),
        chords: cue.chords.iter().map(|c| c.roman()).collect(),
        outer_voice_parallels: ParallelsJson {
            count: cue.parallels.0,
            motions: cue.parallels.1,
        },
        inferred: plan
            .inferred
            .iter()
            .map(|i| InferredJson {
                field: i.field.clone(),
                confidence: round(i.confidence, 2),
                evidence: i.evidence.clone(),
            })
            .collect(),
        audio: None,
    }
}
