//! End-to-end: `leitmotif compose` on the example stories, checking the folder it writes from the
//! outside: file layout, the manifest, and the MIDI files read back with `midly`.

#[path = "support.rs"]
mod support;

use midly::Format;
use std::{collections::BTreeSet, fs};
use support::*;
use tempfile::TempDir;

const MY_HEART_CUES: [&str; 6] = [
    "01-first-meeting.mid",
    "02-night-in-the-city.mid",
    "03-betrayal.mid",
    "04-parting.mid",
    "05-flashback.mid",
    "06-reunion.mid",
];

#[test]
fn my_heart_writes_the_whole_folder() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    let run = compose_ok(tmp.path(), &example("my-heart.toml"), &out, &[]);
    assert!(run.stdout.contains("My Heart"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "unexpected stderr: {}", run.stderr);

    // Only the output folder next to it: no hidden staging or backup folders left behind.
    assert_eq!(listing(tmp.path()), ["out"]);

    let names = listing(&out);
    for cue in MY_HEART_CUES {
        assert!(names.contains(&cue.to_string()), "{cue} missing: {names:?}");
    }
    assert!(names.contains(&"soundtrack.json".to_string()));
    assert!(names.contains(&"themes".to_string()));
    for sheet in ["cue-sheet.csv", "cue-sheet.json", "cue-sheet.md"] {
        assert!(
            names.contains(&sheet.to_string()),
            "{sheet} missing: {names:?}"
        );
    }
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "hidden files in the output: {names:?}"
    );
    for cue in MY_HEART_CUES {
        let score = cue.replace(".mid", ".musicxml");
        assert!(names.contains(&score), "{score} missing: {names:?}");
    }
    assert_eq!(names.len(), 2 * MY_HEART_CUES.len() + 6, "{names:?}");
    // the folder keeps the story it was composed from, and it loads as the same story
    let kept = leitmotif_story::load_story(&out.join("story.toml")).expect("story.toml loads");
    let original = leitmotif_story::load_story(&example("my-heart.toml")).unwrap();
    assert_eq!(kept, original);

    let m = manifest(&out);
    assert_eq!(text(&m, "format"), "leitmotif-soundtrack");
    assert_eq!(m["version"], 1);
    assert_eq!(text(&m, "title"), "My Heart");
    assert_eq!(m["seed"], 7);
    assert_eq!(text(&m["home_key"], "name"), "D major");

    // Cues: six, in story order, each pointing at an existing, well-formed MIDI file.
    let cues = array(&m, "cues");
    assert_eq!(cues.len(), 6);
    for (i, (cue, file)) in cues.iter().zip(MY_HEART_CUES).enumerate() {
        assert_eq!(cue["number"], i + 1);
        let midi = text(&cue["files"], "midi");
        assert_eq!(midi, file);
        let path = out.join(midi);
        assert!(path.is_file(), "{} missing", path.display());
        let facts = MidiFacts::read(&path);
        assert_eq!(facts.format, Format::Parallel, "{midi}: not SMF type 1");
        assert_eq!(facts.ppq, 960, "{midi}");
        assert!(
            facts
                .tracks
                .iter()
                .any(|t| t.name.as_deref() == Some("Melody") && t.notes > 0),
            "{midi}: no Melody track with notes: {:?}",
            facts.tracks
        );
        assert!(!facts.tempos.is_empty(), "{midi}: no tempo");
        assert!(!facts.meters.is_empty(), "{midi}: no time signature");
        // The parts listed in the manifest are the note tracks of the file, by name.
        let file_tracks: Vec<&str> = facts.tracks[1..]
            .iter()
            .map(|t| t.name.as_deref().unwrap_or(""))
            .collect();
        let parts: Vec<&str> = array(cue, "parts")
            .iter()
            .map(|p| text(p, "track"))
            .collect();
        assert_eq!(file_tracks, parts, "{midi}");
        // Every part has notes in the file (exact counts: see the ignored test below).
        for (part, track) in array(cue, "parts").iter().zip(&facts.tracks[1..]) {
            assert!(
                track.notes > 0,
                "{midi} {}: empty track",
                text(part, "track")
            );
            assert!(
                track.notes as f64 <= num(part, "notes"),
                "{midi} {}: more notes in the file than in the manifest",
                text(part, "track")
            );
        }
    }

    // Themes: one file per theme of the manifest, and nothing else; each is a single line.
    let themes = array(&m, "themes");
    assert!(!themes.is_empty());
    let listed: BTreeSet<String> = themes.iter().map(|t| text(t, "file").to_string()).collect();
    let on_disk: BTreeSet<String> = listing(&out.join("themes"))
        .into_iter()
        .map(|n| format!("themes/{n}"))
        .collect();
    assert_eq!(listed, on_disk);
    assert_eq!(listed.len(), themes.len(), "two themes share a file");
    for ids in ["mina", "joon", "seoul-night"] {
        assert!(
            themes.iter().any(|t| t["id"] == ids),
            "no theme for {ids}: {themes:?}"
        );
    }
    for t in themes {
        let file = text(t, "file");
        assert!(file.ends_with(".mid"), "{file}");
        let facts = MidiFacts::read(&out.join(file));
        assert_eq!(facts.format, Format::Parallel, "{file}");
        assert_eq!(facts.note_tracks(), 1, "{file}: {:?}", facts.tracks);
        let notes: usize = facts.tracks.iter().map(|tr| tr.notes).sum();
        assert_eq!(notes, array(t, "degrees").len(), "{file}");
    }
}

#[test]
fn default_output_folder_is_out_slug_in_the_working_directory() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(
        tmp.path(),
        [
            "compose".as_ref(),
            example("my-heart.toml").as_os_str(),
            "--no-audio".as_ref(),
        ],
    );
    run.expect_code(0);
    assert_eq!(listing(tmp.path()), ["out"]);
    assert_eq!(listing(&tmp.path().join("out")), ["my-heart"]);
    let dir = tmp.path().join("out/my-heart");
    assert!(dir.join("soundtrack.json").is_file());
    assert!(dir.join("01-first-meeting.mid").is_file());
    assert!(run.stdout.contains("my-heart"), "{}", run.stdout);
}

#[test]
fn quiet_prints_nothing() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("q");
    let run = compose_ok(tmp.path(), &example("my-heart.toml"), &out, &["--quiet"]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
    assert!(out.join("soundtrack.json").is_file());
}

#[test]
fn every_example_composes() {
    for story in examples() {
        let tmp = TempDir::new().unwrap();
        let out = tmp.path().join("out");
        compose_ok(tmp.path(), &story, &out, &["-q"]);
        let m = manifest(&out);
        let scenes = story_scenes(&story);
        let cues = array(&m, "cues");
        assert_eq!(cues.len(), scenes.len(), "{}", story.display());
        for (cue, scene) in cues.iter().zip(&scenes) {
            assert_eq!(text(cue, "scene"), scene.id, "{}", story.display());
            let midi = out.join(text(&cue["files"], "midi"));
            let facts = MidiFacts::read(&midi);
            assert!(facts.note_tracks() >= 1, "{}", midi.display());
        }
        for t in array(&m, "themes") {
            assert!(out.join(text(t, "file")).is_file(), "{}", story.display());
        }
        assert_eq!(listing(tmp.path()), ["out"], "{}", story.display());
    }
}

#[test]
fn recomposing_replaces_the_old_folder_as_a_whole() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("themes")).unwrap();
    fs::write(out.join("stale.mid"), b"old").unwrap();
    fs::write(out.join("themes/stale.mid"), b"old").unwrap();
    // a previous Leitmotif output (it has a manifest): replaced as a whole
    fs::write(out.join("soundtrack.json"), b"{}").unwrap();
    compose_ok(tmp.path(), &example("my-heart.toml"), &out, &["-q"]);
    assert!(!out.join("stale.mid").exists());
    assert!(!out.join("themes/stale.mid").exists());
    assert!(out.join("06-reunion.mid").is_file());
    assert_eq!(listing(tmp.path()), ["out"]);
}

/// The manifest's `parts[].notes` is the number of notes a reader finds in the MIDI file. (A hit's
/// harmony stab on the key of a held chord tone once made the exporter drop the held note, so the
/// file had fewer notes than the manifest said; the composer now merges such unisons.)
#[test]
fn manifest_note_counts_match_the_midi_files() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    compose_ok(tmp.path(), &example("my-heart.toml"), &out, &["-q"]);
    let m = manifest(&out);
    let mut wrong = Vec::new();
    for cue in array(&m, "cues") {
        let midi = text(&cue["files"], "midi");
        let facts = MidiFacts::read(&out.join(midi));
        for (part, track) in array(cue, "parts").iter().zip(&facts.tracks[1..]) {
            if num(part, "notes") as usize != track.notes {
                wrong.push(format!(
                    "{midi} {}: manifest {}, file {}",
                    text(part, "track"),
                    part["notes"],
                    track.notes
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Characters and places are optional in the story format: a story with neither gets a main-title
/// theme (it once made the composer panic).
#[test]
fn story_without_characters_or_places_composes() {
    let tmp = TempDir::new().unwrap();
    fs::write(
        tmp.path().join("bare.toml"),
        "title = \"Bare\"\n\n[[scene]]\nid = \"alone\"\nduration = 30\nemotion = \"calm\"\n",
    )
    .unwrap();
    let run = run_in(
        tmp.path(),
        ["compose", "bare.toml", "-o", "out", "--no-audio"],
    );
    assert_ne!(run.code, Some(101), "panicked:\n{}", run.stderr);
    run.expect_code(0);
    assert!(tmp.path().join("out/01-alone.mid").is_file());
}
