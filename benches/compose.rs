//! How long composing a feature-length story takes, in-process.
//!
//! The story has 20 scenes of 40-120 s (about 26 minutes of music) with mixed emotions and styles,
//! 4 characters, 2 places and some hits. Two benchmarks:
//!
//! - `compose/parse+compose`: `leitmotif_story::parse_story` then `leitmotif_compose::compose`;
//! - `compose/parse+compose+export`: the same, plus every cue's Standard MIDI File
//!   (`leitmotif_export::score_to_smf`) and the manifest (`manifest::to_json`), i.e. everything
//!   `leitmotif compose` does except writing the files to disk.
//!
//! Composition is single-threaded, so the figures are for one core.
//! Run with `cargo bench --bench compose` (about 20 s once built).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use leitmotif_export::{manifest, score_to_smf};
use std::{fmt::Write, hint::black_box, time::Duration};

const SCENES: usize = 20;

const EMOTIONS: [&str; 10] = [
    "tender",
    "tense",
    "joyful",
    "melancholic",
    "epic",
    "mysterious",
    "romantic",
    "fearful",
    "peaceful",
    "triumphant",
];

const STYLES: [&str; 8] = [
    "orchestral",
    "kdrama-ballad",
    "lofi",
    "jazz",
    "synthwave",
    "ambient",
    "rock",
    "chiptune",
];

const CHARACTERS: [(&str, &str, &str); 4] = [
    ("aria", "Aria", r#"["brave", "hopeful"]"#),
    ("bram", "Bram", r#"["mysterious", "dark"]"#),
    ("cleo", "Cleo", r#"["playful"]"#),
    ("dov", "Dov", r#"["wise", "sad"]"#),
];

const PLACES: [(&str, &str, &str); 2] = [
    ("citadel", "The Citadel", r#"["ancient"]"#),
    ("market", "Night Market", r#"["energetic"]"#),
];

/// The 20-scene story as TOML text, built deterministically (no randomness: the same text on
/// every run, so runs are comparable).
fn story_text() -> String {
    let mut s = String::new();
    writeln!(
        s,
        "title = \"Benchmark Saga\"\nseed = 2025\nkey = \"C minor\"\n"
    )
    .unwrap();
    for (id, name, traits) in CHARACTERS {
        writeln!(
            s,
            "[[character]]\nid = \"{id}\"\nname = \"{name}\"\ntraits = {traits}\n"
        )
        .unwrap();
    }
    for (id, name, traits) in PLACES {
        writeln!(
            s,
            "[[place]]\nid = \"{id}\"\nname = \"{name}\"\ntraits = {traits}\n"
        )
        .unwrap();
    }
    for i in 0..SCENES {
        // 40..=120 s, spread over the range
        let duration = 40 + (i * 37) % 81;
        let emotion = EMOTIONS[i % EMOTIONS.len()];
        let style = STYLES[(i * 3) % STYLES.len()];
        let focus = CHARACTERS[i % 4].0;
        let other = CHARACTERS[(i + 1) % 4].0;
        writeln!(s, "[[scene]]\nid = \"scene-{:02}\"", i + 1).unwrap();
        writeln!(
            s,
            "duration = {duration}\nemotion = \"{emotion}\"\nstyle = \"{style}\""
        )
        .unwrap();
        if i % 2 == 0 {
            writeln!(s, "characters = [\"{focus}\", \"{other}\"]").unwrap();
        } else {
            writeln!(s, "characters = [\"{focus}\"]").unwrap();
        }
        if i % 3 == 0 {
            writeln!(s, "place = \"{}\"", PLACES[i % 2].0).unwrap();
        }
        if i % 4 == 1 {
            writeln!(s, "intensity = [0.3, 0.9]").unwrap();
        } else {
            writeln!(s, "intensity = 0.{}", 3 + i % 6).unwrap();
        }
        // hits in every other scene: one or two, well inside the scene and far apart
        match i % 4 {
            0 => writeln!(s, "hits = [{{ at = {}, kind = \"accent\" }}]", duration / 2).unwrap(),
            2 => writeln!(
                s,
                "hits = [{{ at = {}, kind = \"stinger\" }}, {{ at = {}.5, kind = \"cut\" }}]",
                duration / 3,
                duration * 3 / 4
            )
            .unwrap(),
            _ => {}
        }
        writeln!(s).unwrap();
    }
    s
}

fn benches(c: &mut Criterion) {
    let text = story_text();
    // Check once, outside the timing, that the story is what the benchmark claims to measure.
    let story = leitmotif_story::parse_story(&text, "bench.toml")
        .unwrap_or_else(|e| panic!("the benchmark story is invalid: {e:?}\n{text}"));
    assert_eq!(story.scenes.len(), SCENES);
    let music_seconds: f64 = leitmotif_compose::compose(&story)
        .cues
        .iter()
        .map(|c| c.plan.duration_seconds)
        .sum();
    eprintln!(
        "benchmark story: {SCENES} scenes, {:.1} minutes of music",
        music_seconds / 60.0
    );

    let mut group = c.benchmark_group("compose");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6))
        .throughput(Throughput::Elements(SCENES as u64));

    group.bench_function("parse+compose", |b| {
        b.iter(|| {
            let story = leitmotif_story::parse_story(black_box(&text), "bench.toml").unwrap();
            leitmotif_compose::compose(&story)
        })
    });

    group.bench_function("parse+compose+export", |b| {
        b.iter(|| {
            let story = leitmotif_story::parse_story(black_box(&text), "bench.toml").unwrap();
            let soundtrack = leitmotif_compose::compose(&story);
            let midi_bytes: usize = soundtrack
                .cues
                .iter()
                .map(|cue| score_to_smf(&cue.score).len())
                .sum();
            let json = manifest::to_json(&soundtrack);
            (midi_bytes, json.len())
        })
    });

    group.finish();
}

criterion_group!(compose_benches, benches);
criterion_main!(compose_benches);
