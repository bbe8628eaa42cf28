//! Golden test: `soundtrack.json` of a small story (tests/stories/small.toml), composed by the real
//! binary, must match tests/golden/small-manifest.json once the `generator` line (which names the
//! crate version) is taken out. A diff of the golden file shows what a change to the composer
//! does to real output.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the golden file after an intended change, then read the
//! diff before keeping it.

#[path = "support.rs"]
mod support;

use serde_json::Value;
use std::{fs, path::PathBuf};
use support::*;
use tempfile::TempDir;

fn story() -> PathBuf {
    repo().join("tests/stories/small.toml")
}

fn golden() -> PathBuf {
    repo().join("tests/golden/small-manifest.json")
}

/// Composes the small story; returns the manifest's text.
fn compose_small() -> String {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    compose_ok(tmp.path(), &story(), &out, &["-q"]);
    fs::read_to_string(out.join("soundtrack.json")).unwrap()
}

/// The manifest without its top-level `generator` line; everything else byte for byte.
fn normalise(manifest: &str) -> String {
    let before = manifest.lines().count();
    let kept: Vec<&str> = manifest
        .lines()
        .filter(|l| !l.starts_with("  \"generator\": "))
        .collect();
    assert_eq!(
        kept.len() + 1,
        before,
        "expected exactly one generator line"
    );
    let mut s = kept.join("\n");
    s.push('\n');
    s
}

/// The first lines where two texts differ, with a little context.
fn first_difference(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let at = (0..e.len().max(a.len()))
        .find(|&i| e.get(i) != a.get(i))
        .unwrap_or(0);
    let from = at.saturating_sub(3);
    let mut out = format!("first difference at line {}:\n", at + 1);
    for i in from..(at + 4) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => out += &format!("   {x}\n"),
            (x, y) => {
                if let Some(x) = x {
                    out += &format!(" - {x}\n");
                }
                if let Some(y) = y {
                    out += &format!(" + {y}\n");
                }
            }
        }
    }
    out + &format!("({} lines expected, {} written)", e.len(), a.len())
}

#[test]
fn small_story_manifest_matches_the_golden_file() {
    let written = compose_small();
    let json: Value = serde_json::from_str(&written).expect("valid JSON");
    assert_eq!(
        text(&json, "generator"),
        format!("leitmotif {}", env!("CARGO_PKG_VERSION"))
    );
    check_required_fields(&json);

    let actual = normalise(&written);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(golden().parent().unwrap()).unwrap();
        fs::write(golden(), &actual).unwrap();
        eprintln!(
            "note: UPDATE_GOLDEN is set: rewrote {}; review the diff before keeping it",
            golden().display()
        );
        return;
    }
    let expected = fs::read_to_string(golden()).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run with UPDATE_GOLDEN=1 to create it",
            golden().display()
        )
    });
    assert!(
        expected == actual,
        "soundtrack.json of tests/stories/small.toml differs from {}\n{}\n\
         If the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff.",
        golden().display(),
        first_difference(&expected, &actual)
    );
}

/// The golden file itself is a well-formed manifest (so a bad regeneration is caught too).
#[test]
fn golden_file_is_a_complete_manifest() {
    let expected = fs::read_to_string(golden()).expect("the golden file exists");
    let json: Value = serde_json::from_str(&expected).expect("the golden file is JSON");
    assert!(json.get("generator").is_none());
    check_required_fields(&json);
}

fn has(v: &Value, path: &str) -> bool {
    let mut cur = v;
    for key in path.split('.') {
        match cur.get(key) {
            Some(next) => cur = next,
            None => return false,
        }
    }
    !cur.is_null()
}

fn require(v: &Value, what: &str, paths: &[&str]) {
    for path in paths {
        assert!(has(v, path), "{what}: `{path}` missing in {v:#}");
    }
}

/// The fields the issue requires, and the story's overrides obeyed exactly.
fn check_required_fields(m: &Value) {
    assert_eq!(text(m, "format"), "leitmotif-soundtrack");
    assert_eq!(m["version"], 1);
    assert_eq!(text(m, "title"), "Small Hours");
    assert_eq!(m["seed"], 42);
    assert_eq!(text(&m["home_key"], "name"), "G major");
    assert_eq!(num(m, "duration_seconds"), 90.0);

    // Themes: the two characters, the place, and the pair's relationship theme.
    let themes = array(m, "themes");
    let ids: Vec<&str> = themes.iter().map(|t| text(t, "id")).collect();
    for id in ["ren", "ivy", "harbour"] {
        assert!(ids.contains(&id), "theme {id} missing: {ids:?}");
    }
    for t in themes {
        require(
            t,
            "theme",
            &[
                "id",
                "name",
                "belongs_to.kind",
                "home_key.tonic",
                "home_key.mode",
                "degrees",
            ],
        );
        assert!(!array(t, "degrees").is_empty(), "{t}");
        assert_eq!(array(t, "degrees").len(), array(t, "notes").len(), "{t}");
        let kind = text(&t["belongs_to"], "kind");
        match kind {
            "character" | "place" => assert_eq!(t["belongs_to"]["id"], t["id"]),
            "relationship" => assert_eq!(array(&t["belongs_to"], "ids").len(), 2),
            other => panic!("unknown theme owner kind {other}"),
        }
    }
    let owner = |id: &str| {
        themes
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| text(&t["belongs_to"], "kind").to_string())
    };
    assert_eq!(owner("ren").as_deref(), Some("character"));
    assert_eq!(owner("ivy").as_deref(), Some("character"));
    assert_eq!(owner("harbour").as_deref(), Some("place"));

    let cues = array(m, "cues");
    assert_eq!(cues.len(), 3);
    let scenes = ["arrival", "storm-rising", "waltz-at-dawn"];
    let titles = ["Arrival", "Storm Rising", "Waltz at Dawn"];
    let durations = [30.0, 24.0, 36.0];
    let focus = ["ren", "ivy", "ivy"];
    let mut start = 0.0;
    for (i, cue) in cues.iter().enumerate() {
        require(
            cue,
            scenes[i],
            &[
                "number",
                "scene",
                "title",
                "files.midi",
                "start_seconds",
                "duration_seconds",
                "key.tonic",
                "key.mode",
                "tempo.bpm",
                "meter",
                "emotion.name",
                "emotion.valence",
                "emotion.arousal",
                "intensity.start",
                "intensity.end",
                "style",
                "themes",
                "parts",
                "sections",
                "hits",
            ],
        );
        assert_eq!(cue["number"], i + 1);
        assert_eq!(text(cue, "scene"), scenes[i]);
        assert_eq!(text(cue, "title"), titles[i]);
        assert_eq!(num(cue, "start_seconds"), start);
        assert!((num(cue, "duration_seconds") - durations[i]).abs() < 0.5);
        start += durations[i];

        let cue_themes = array(cue, "themes");
        assert!(!cue_themes.is_empty(), "{}: no themes", scenes[i]);
        for t in cue_themes {
            require(t, "cue theme", &["id", "role", "track"]);
        }
        assert_eq!(text(&cue_themes[0], "role"), "focus", "{}", scenes[i]);
        assert_eq!(text(&cue_themes[0], "id"), focus[i], "{}", scenes[i]);
        assert_eq!(text(&cue_themes[0], "track"), "Melody");

        let parts = array(cue, "parts");
        assert!(!parts.is_empty());
        for p in parts {
            require(
                p,
                "part",
                &["track", "role", "instrument", "program", "channel"],
            );
        }
        assert!(parts.iter().any(|p| p["track"] == "Melody"));

        let sections = array(cue, "sections");
        assert!(!sections.is_empty());
        let mut next_bar = 1;
        for s in sections {
            require(s, "section", &["kind", "start_bar", "end_bar"]);
            assert_eq!(
                s["start_bar"], next_bar,
                "{}: sections must tile the cue",
                scenes[i]
            );
            next_bar = s["end_bar"].as_u64().unwrap() + 1;
        }
        assert_eq!(cue["bars"], next_bar - 1, "{}", scenes[i]);

        for h in array(cue, "hits") {
            require(
                h,
                "hit",
                &[
                    "requested_seconds",
                    "position",
                    "landed_seconds",
                    "error_ms",
                ],
            );
            assert!(num(h, "error_ms").abs() <= 10.0, "{h}");
        }
    }

    // Scene 1: one hit at 0:16, on a downbeat.
    let hits = array(&cues[0], "hits");
    assert_eq!(hits.len(), 1);
    assert_eq!(num(&hits[0], "requested_seconds"), 16.0);
    assert!(text(&hits[0], "position").ends_with(":1"), "{}", hits[0]);
    assert_eq!(text(&cues[0]["emotion"], "name"), "hopeful");

    // Scene 2: the intensity ramp, unchanged.
    assert_eq!(num(&cues[1]["intensity"], "start"), 0.2);
    assert_eq!(num(&cues[1]["intensity"], "end"), 0.9);
    assert!(array(&cues[1], "hits").is_empty());

    // Scene 3: key, tempo, meter, instruments and style overrides, obeyed exactly.
    let waltz = &cues[2];
    assert_eq!(text(&waltz["key"], "tonic"), "Eb");
    assert_eq!(text(&waltz["key"], "mode"), "major");
    assert_eq!(num(&waltz["tempo"], "bpm"), 72.0);
    assert_eq!(num(&waltz["tempo"], "min_bpm"), 72.0);
    assert_eq!(num(&waltz["tempo"], "max_bpm"), 72.0);
    assert!(
        waltz["tempo"].get("map").is_none(),
        "a fixed tempo has no map"
    );
    assert_eq!(text(waltz, "meter"), "3/4");
    assert_eq!(text(waltz, "style"), "kdrama-ballad");
    let listed = ["flute", "piano", "cello"];
    let used: Vec<&str> = array(waltz, "parts")
        .iter()
        .map(|p| text(p, "instrument"))
        .collect();
    for u in &used {
        assert!(listed.contains(u), "`{u}` was not asked for: {used:?}");
    }
    for l in listed {
        assert!(
            used.contains(&l),
            "`{l}` was asked for but not used: {used:?}"
        );
    }
}
