//! Helpers shared by the end-to-end tests: running the real `leitmotif` binary in a temporary
//! folder, and reading the files it writes (MIDI through `midly`, the manifest through
//! `serde_json`) without relying on any product internals.
//!
//! Included by the test files with `#[path = "support.rs"] mod support;`. Cargo also builds this
//! file as a test target of its own, which simply holds no tests.

#![allow(dead_code)]

use midly::{Format, MetaMessage, Smf, Timing, TrackEventKind};
use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_leitmotif")
}

/// The repository root (where `examples/` lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `examples/<name>` as an absolute path.
pub fn example(name: &str) -> PathBuf {
    repo().join("examples").join(name)
}

/// Every `*.toml` story in `examples/`, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = fs::read_dir(repo().join("examples"))
        .expect("examples/ is readable")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    all.sort();
    assert!(!all.is_empty(), "examples/ holds no stories");
    all
}

/// What a run of the binary gave back.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when the process was killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with the whole run unless it exited with `code`.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Panics unless the run failed in an orderly way: a non-zero exit code that is not Rust's
    /// panic code (101), and no panic message.
    pub fn expect_clean_failure(&self) -> &Run {
        let code = self
            .code
            .unwrap_or_else(|| panic!("killed by a signal: {self:?}"));
        assert_ne!(code, 0, "expected a failure: {self:?}");
        assert_ne!(code, 101, "the binary panicked: {self:?}");
        assert!(!self.stderr.contains("panicked"), "panic message: {self:?}");
        assert!(
            !self.stderr.trim().is_empty(),
            "failure without a message: {self:?}"
        );
        self
    }
}

/// Runs `leitmotif <args>` with `cwd` as working directory, no colours and a fixed terminal width.
pub fn run_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("the leitmotif binary starts");
    Run::from(output)
}

/// `leitmotif compose <story> -o <out> --no-audio [extra..]` run in `cwd`; panics unless it
/// succeeds. Audio is left out because these tests are about the composition (and rendering
/// minutes of audio in a debug build would dominate the suite); tests/cli_audio.rs covers audio.
pub fn compose_ok(cwd: &Path, story: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "compose".into(),
        story.into(),
        "-o".into(),
        out.into(),
        "--no-audio".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let run = run_in(cwd, &args);
    run.expect_code(0);
    run
}

/// Names in a folder, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every regular file under `dir`, by path relative to `dir` (with `/`), with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(key, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// `soundtrack.json` of an output folder.
pub fn manifest(out: &Path) -> serde_json::Value {
    let text = fs::read_to_string(out.join("soundtrack.json")).expect("soundtrack.json exists");
    serde_json::from_str(&text).expect("soundtrack.json is valid JSON")
}

/// A number field of a JSON object, panicking with the field name if it is not one.
pub fn num(v: &serde_json::Value, field: &str) -> f64 {
    v[field]
        .as_f64()
        .unwrap_or_else(|| panic!("`{field}` is not a number in {v}"))
}

/// A string field of a JSON object.
pub fn text<'a>(v: &'a serde_json::Value, field: &str) -> &'a str {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("`{field}` is not a string in {v}"))
}

/// An array field of a JSON object.
pub fn array<'a>(v: &'a serde_json::Value, field: &str) -> &'a Vec<serde_json::Value> {
    v[field]
        .as_array()
        .unwrap_or_else(|| panic!("`{field}` is not an array in {v}"))
}

/// What the tests need from a MIDI file, read independently of the exporter.
#[derive(Debug, Clone)]
pub struct MidiFacts {
    pub format: Format,
    pub ppq: u64,
    /// `(tick, microseconds per quarter)`, sorted by tick.
    pub tempos: Vec<(u64, u32)>,
    /// `(tick, numerator, denominator)`, sorted by tick.
    pub meters: Vec<(u64, u8, u32)>,
    /// Per track: its name (if any), its number of note-ons with a non-zero velocity, and the
    /// tick of its end-of-track event.
    pub tracks: Vec<TrackFacts>,
}

#[derive(Debug, Clone)]
pub struct TrackFacts {
    pub name: Option<String>,
    pub notes: usize,
    pub end: u64,
    /// The tick of the last event of any kind (the end-of-track event included).
    pub last_event: u64,
}

impl MidiFacts {
    pub fn parse(bytes: &[u8]) -> MidiFacts {
        let smf = Smf::parse(bytes).expect("a parseable Standard MIDI File");
        let ppq = match smf.header.timing {
            Timing::Metrical(t) => u64::from(t.as_int()),
            other => panic!("expected metrical timing, found {other:?}"),
        };
        let mut tempos = Vec::new();
        let mut meters = Vec::new();
        let mut tracks = Vec::new();
        for track in &smf.tracks {
            let mut now = 0u64;
            let mut name = None;
            let mut notes = 0;
            let mut end = None;
            for event in track {
                now += u64::from(event.delta.as_int());
                match event.kind {
                    TrackEventKind::Meta(MetaMessage::Tempo(us)) => tempos.push((now, us.as_int())),
                    TrackEventKind::Meta(MetaMessage::TimeSignature(n, d, _, _)) => {
                        meters.push((now, n, 1u32 << d))
                    }
                    TrackEventKind::Meta(MetaMessage::TrackName(b)) if name.is_none() => {
                        name = Some(String::from_utf8_lossy(b).into_owned())
                    }
                    TrackEventKind::Meta(MetaMessage::EndOfTrack) => end = Some(now),
                    TrackEventKind::Midi {
                        message: midly::MidiMessage::NoteOn { vel, .. },
                        ..
                    } if vel.as_int() > 0 => notes += 1,
                    _ => {}
                }
            }
            tracks.push(TrackFacts {
                name,
                notes,
                end: end.expect("every track ends with an end-of-track event"),
                last_event: now,
            });
        }
        tempos.sort_by_key(|t| t.0);
        meters.sort_by_key(|m| m.0);
        MidiFacts {
            format: smf.header.format,
            ppq,
            tempos,
            meters,
            tracks,
        }
    }

    pub fn read(path: &Path) -> MidiFacts {
        MidiFacts::parse(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    }

    /// Tracks that hold at least one note.
    pub fn note_tracks(&self) -> usize {
        self.tracks.iter().filter(|t| t.notes > 0).count()
    }

    /// The latest event of the file (the end of the longest track).
    pub fn last_tick(&self) -> u64 {
        self.tracks.iter().map(|t| t.last_event).max().unwrap_or(0)
    }

    /// Tempo segments `(start tick, seconds at start, seconds per tick)`, from tick 0 (120 bpm
    /// until the first tempo event, as the SMF specification says).
    fn segments(&self) -> Vec<(u64, f64, f64)> {
        let per_tick = |us: u32| f64::from(us) / 1e6 / self.ppq as f64;
        let mut segments = vec![(0u64, 0.0f64, per_tick(500_000))];
        for &(tick, us) in &self.tempos {
            let &(start, seconds, rate) = segments.last().unwrap();
            let at = seconds + (tick - start) as f64 * rate;
            if tick == start {
                segments.pop();
            }
            segments.push((tick, at, per_tick(us)));
        }
        segments
    }

    /// Seconds at a tick, integrating the tempo map.
    pub fn seconds_at(&self, tick: u64) -> f64 {
        let segments = self.segments();
        let &(start, seconds, rate) = segments
            .iter()
            .rev()
            .find(|s| s.0 <= tick)
            .expect("segments start at tick 0");
        seconds + (tick - start) as f64 * rate
    }

    /// The (fractional) tick at a time in seconds: the inverse of [`seconds_at`].
    pub fn tick_at(&self, seconds: f64) -> f64 {
        let segments = self.segments();
        let &(start, at, rate) = segments
            .iter()
            .rev()
            .find(|s| s.1 <= seconds)
            .expect("segments start at 0 s");
        start as f64 + (seconds - at) / rate
    }

    /// The time signature in force at `tick`: `(tick it starts at, numerator, denominator)`;
    /// 4/4 from tick 0 when the file has none.
    pub fn meter_at(&self, tick: f64) -> (u64, u8, u32) {
        self.meters
            .iter()
            .rev()
            .find(|m| m.0 as f64 <= tick)
            .copied()
            .unwrap_or((0, 4, 4))
    }

    /// The nearest grid line to `tick` (bar lines when `bars`, else beats of the time signature's
    /// unit), counted from the start of the time signature in force.
    pub fn nearest_grid_line(&self, tick: f64, bars: bool) -> u64 {
        let (origin, numerator, denominator) = self.meter_at(tick);
        let unit = self.ppq * 4 / u64::from(denominator);
        let step = if bars {
            unit * u64::from(numerator)
        } else {
            unit
        };
        let from_origin = (tick - origin as f64).max(0.0);
        origin + (from_origin / step as f64).round() as u64 * step
    }
}

/// Seconds of a time as the stories write it: `"m:ss"`, `"h:mm:ss"`, a quoted or bare number.
pub fn story_seconds(value: &str) -> f64 {
    let v = value.trim().trim_matches('"');
    v.split(':')
        .map(|p| {
            p.trim()
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("not a time: {value}"))
        })
        .fold(0.0, |acc, p| acc * 60.0 + p)
}

/// One scene of a story, as the tests read it.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneFacts {
    pub id: String,
    pub duration: f64,
    pub hits: Vec<f64>,
}

/// The scenes of a story file with their durations and hit times, read with a deliberately
/// simple line scanner (not the product's loader) that understands the layout the example
/// stories use: `[[scene]]` headers, `id = ..`, `duration = ..` and `at = ..` (inline hit tables
/// or `[[scene.hits]]`).
pub fn story_scenes(path: &Path) -> Vec<SceneFacts> {
    let text = fs::read_to_string(path).unwrap();
    let mut scenes: Vec<SceneFacts> = Vec::new();
    let mut in_scene = false;
    for raw in text.lines() {
        let line = raw.split(" #").next().unwrap().trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            in_scene = line == "[[scene]]" || line == "[[scene.hits]]";
            if line == "[[scene]]" {
                scenes.push(SceneFacts {
                    id: String::new(),
                    duration: f64::NAN,
                    hits: Vec::new(),
                });
            }
            continue;
        }
        if !in_scene {
            continue;
        }
        let scene = scenes.last_mut().unwrap();
        let value = |key: &str| -> Option<String> {
            let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
            Some(rest.trim().to_string())
        };
        if let Some(id) = value("id") {
            scene.id = id.trim_matches('"').to_string();
        } else if let Some(d) = value("duration") {
            scene.duration = story_seconds(&d);
        } else if let Some(at) = value("at") {
            scene.hits.push(story_seconds(&at));
        }
        // inline hit tables: `{ at = "0:45", kind = "accent" }`
        let mut rest = line;
        while let Some(i) = rest.find("at = ") {
            let is_key = i > 0 && matches!(rest.as_bytes()[i - 1], b'{' | b' ' | b',');
            rest = &rest[i + 5..];
            if is_key && line.contains('{') {
                let end = rest.find([',', '}']).unwrap_or(rest.len());
                scene.hits.push(story_seconds(&rest[..end]));
            }
        }
    }
    for s in &mut scenes {
        assert!(
            !s.id.is_empty() && s.duration.is_finite(),
            "unreadable scene {s:?}"
        );
        s.hits.sort_by(f64::total_cmp);
    }
    scenes
}
