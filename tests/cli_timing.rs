//! End-to-end: the timing promises, measured from the written files. Every cue lasts as long as
//! its scene, and every hit lands on a bar line (a beat in scenes under 12 s) within 10 ms.
//!
//! Scene durations and hit times come from the story text (read by a simple scanner, not the
//! product's loader); cue lengths and grid positions come from the MIDI files' own tempo and
//! time-signature events, integrated here. The manifest's claims are checked against both.

#[path = "support.rs"]
mod support;

use std::path::Path;
use support::*;
use tempfile::TempDir;

/// How far a cue may be from its scene's duration.
const DURATION_TOLERANCE_S: f64 = 0.5;
/// How far a hit may be from the grid line it lands on.
const HIT_TOLERANCE_MS: f64 = 10.0;
/// Scenes shorter than this sync hits to beats instead of bar lines.
const SHORT_SCENE_S: f64 = 12.0;

/// Composes `story` and checks every cue's duration and hits; returns how many hits were checked.
fn check_timing(story: &Path) -> usize {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    compose_ok(tmp.path(), story, &out, &["-q"]);
    let m = manifest(&out);
    let scenes = story_scenes(story);
    let cues = array(&m, "cues");
    assert_eq!(cues.len(), scenes.len(), "{}", story.display());

    let mut hits_checked = 0;
    let mut start = 0.0;
    for (cue, scene) in cues.iter().zip(&scenes) {
        let name = format!("{} / {}", story.display(), scene.id);
        assert_eq!(text(cue, "scene"), scene.id, "{name}");
        let facts = MidiFacts::read(&out.join(text(&cue["files"], "midi")));

        // Duration, three ways: the manifest, the conductor's end-of-track, the last event.
        let manifest_duration = num(cue, "duration_seconds");
        let conductor_end = facts.seconds_at(facts.tracks[0].end);
        let last_event = facts.seconds_at(facts.last_tick());
        for (what, seconds) in [
            ("manifest duration_seconds", manifest_duration),
            ("conductor end-of-track", conductor_end),
            ("last MIDI event", last_event),
        ] {
            assert!(
                (seconds - scene.duration).abs() <= DURATION_TOLERANCE_S,
                "{name}: {what} is {seconds:.3} s, the scene lasts {:.3} s",
                scene.duration
            );
        }
        // Cues follow one another.
        assert!(
            (num(cue, "start_seconds") - start).abs() < 1e-3,
            "{name}: start_seconds {} != {start}",
            cue["start_seconds"]
        );
        start += scene.duration;

        // Hits: the manifest's report, and an independent look at the file's grid.
        let hits = array(cue, "hits");
        assert_eq!(hits.len(), scene.hits.len(), "{name}: {hits:?}");
        for (hit, &requested) in hits.iter().zip(&scene.hits) {
            assert!(
                (num(hit, "requested_seconds") - requested).abs() < 1e-6,
                "{name}: {hit}"
            );
            let error_ms = num(hit, "error_ms");
            assert!(error_ms.abs() <= HIT_TOLERANCE_MS, "{name}: {hit}");
            let landed = num(hit, "landed_seconds");
            assert!(
                (landed - requested).abs() * 1000.0 <= HIT_TOLERANCE_MS,
                "{name}: {hit}"
            );

            let on_bars = scene.duration >= SHORT_SCENE_S;
            let tick = facts.tick_at(requested);
            let line = facts.nearest_grid_line(tick, on_bars);
            let line_seconds = facts.seconds_at(line);
            let off_ms = (line_seconds - requested) * 1000.0;
            assert!(
                off_ms.abs() <= HIT_TOLERANCE_MS,
                "{name}: hit at {requested} s is {off_ms:.3} ms from the nearest {} (tick {line}, \
                 {line_seconds:.4} s); tempos {:?}, meters {:?}",
                if on_bars { "bar line" } else { "beat" },
                facts.tempos,
                facts.meters
            );
            // The manifest's "bar:beat" names that same grid line.
            if on_bars {
                let (origin, numerator, denominator) = facts.meter_at(line as f64);
                assert_eq!(origin, 0, "{name}: meter changes are not expected here");
                let bar_ticks = facts.ppq * 4 / u64::from(denominator) * u64::from(numerator);
                assert_eq!(line % bar_ticks, 0, "{name}");
                assert_eq!(hit["bar"], line / bar_ticks + 1, "{name}: {hit}");
                assert_eq!(hit["beat"], 1, "{name}: {hit}");
                assert_eq!(
                    text(hit, "position"),
                    format!("{}:1", line / bar_ticks + 1),
                    "{name}"
                );
            }
            hits_checked += 1;
        }
    }
    hits_checked
}

#[test]
fn my_heart_cues_last_as_long_as_their_scenes_and_hits_land_on_bar_lines() {
    let story = example("my-heart.toml");
    // The story's own numbers, written out: the scanner must agree with them.
    let scenes = story_scenes(&story);
    let durations: Vec<f64> = scenes.iter().map(|s| s.duration).collect();
    assert_eq!(durations, [90.0, 70.0, 65.0, 80.0, 60.0, 105.0]);
    let hits: Vec<Vec<f64>> = scenes.iter().map(|s| s.hits.clone()).collect();
    assert_eq!(
        hits,
        [
            vec![45.0],
            vec![32.0],
            vec![20.0, 50.0],
            vec![],
            vec![],
            vec![80.0]
        ]
    );
    assert_eq!(check_timing(&story), 5);
}

#[test]
fn every_example_keeps_time() {
    let mut hits = 0;
    for story in examples() {
        hits += check_timing(&story);
    }
    assert!(hits >= 5, "only {hits} hits checked");
}

#[test]
fn short_scenes_and_odd_meters_keep_time() {
    let tmp = TempDir::new().unwrap();
    let story = tmp.path().join("short.toml");
    std::fs::write(
        &story,
        r#"title = "Short Cuts"
seed = 11

[[character]]
id = "ana"
name = "Ana"
traits = ["brave"]

[[scene]]
id = "blink"
duration = 8
emotion = "tense"
characters = ["ana"]
hits = [{ at = 3.3, kind = "accent" }]

[[scene]]
id = "waltz"
duration = "0:37"
emotion = "romantic"
meter = "3/4"
characters = ["ana"]
hits = [{ at = "0:13.5", kind = "stinger" }, { at = 29, kind = "cut" }]

[[scene]]
id = "lilt"
duration = 41
emotion = "playful"
meter = "6/8"
characters = ["ana"]
hits = [{ at = 20, kind = "accent" }]

[[scene]]
id = "odd"
duration = "0:30"
emotion = "tense"
meter = "7/8"
characters = ["ana"]
hits = [{ at = 11, kind = "silence" }]
"#,
    )
    .unwrap();
    assert_eq!(check_timing(&story), 5);
}

/// A `tempo` override is obeyed exactly, so a hit may not be reachable: the manifest must then
/// say honestly where it landed, and that must be where the file's bar line is.
#[test]
fn fixed_tempo_reports_where_the_hit_really_lands() {
    let tmp = TempDir::new().unwrap();
    let story = tmp.path().join("fixed.toml");
    std::fs::write(
        &story,
        r#"title = "Fixed"
[[character]]
id = "ana"
name = "Ana"

[[scene]]
id = "lilt"
duration = 41
emotion = "playful"
meter = "6/8"
tempo = 100
hits = [{ at = 20, kind = "accent" }]
"#,
    )
    .unwrap();
    let out = tmp.path().join("out");
    compose_ok(tmp.path(), &story, &out, &["-q"]);
    let m = manifest(&out);
    let cue = &array(&m, "cues")[0];
    assert_eq!(num(&cue["tempo"], "bpm"), 100.0);
    assert_eq!(num(&cue["tempo"], "min_bpm"), 100.0);
    assert_eq!(num(&cue["tempo"], "max_bpm"), 100.0);
    assert_eq!(text(cue, "meter"), "6/8");
    let facts = MidiFacts::read(&out.join(text(&cue["files"], "midi")));
    assert!(
        facts.tempos.iter().all(|t| t.1 == 600_000),
        "{:?}",
        facts.tempos
    );
    assert!(
        facts.meters.iter().all(|m| (m.1, m.2) == (6, 8)),
        "{:?}",
        facts.meters
    );

    let hit = &array(cue, "hits")[0];
    let bar_ticks = facts.ppq * 3;
    let bar = num(hit, "bar") as u64;
    let landed_in_file = facts.seconds_at((bar - 1) * bar_ticks);
    assert!(
        (num(hit, "landed_seconds") - landed_in_file).abs() < 1e-3,
        "{hit}"
    );
    let error_ms = (landed_in_file - 20.0) * 1000.0;
    assert!(
        (num(hit, "error_ms") - error_ms).abs() < 0.01,
        "{hit} vs {error_ms}"
    );
    // The nearest bar line to 20 s at 1.8 s a bar is bar 12 (19.8 s).
    assert_eq!(bar, 12, "{hit}");
}

/// In a 90 s "peaceful" scene in 4/4 (about 61 bpm, 4 s a bar) the first hit at 13.7 s falls between
/// bars 4 and 5; the tempo fitter must still find whole bars (it once fell back to beats here).
/// The promise is a bar line for every scene of 12 s or more.
#[test]
fn slow_scene_hits_land_on_bar_lines() {
    let tmp = TempDir::new().unwrap();
    let story = tmp.path().join("slow.toml");
    std::fs::write(
        &story,
        r#"title = "Slow"
[[character]]
id = "a"
name = "A"

[[scene]]
id = "still-water"
duration = 90
emotion = "peaceful"
meter = "4/4"
characters = ["a"]
hits = [{ at = 13.7 }, { at = 41.2 }, { at = 70.05 }]
"#,
    )
    .unwrap();
    assert_eq!(check_timing(&story), 3);
}
