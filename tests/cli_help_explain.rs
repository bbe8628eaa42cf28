//! End-to-end: `--help` says what a user needs, and `explain` prints the plan without writing.

#[path = "support.rs"]
mod support;

use support::*;
use tempfile::TempDir;

#[test]
fn compose_help_names_the_options_and_the_files() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(tmp.path(), ["compose", "--help"]);
    run.expect_code(0);
    let help = &run.stdout;
    for needle in [
        "-o, --output <DIR>",
        "--seed <N>",
        "-q, --quiet",
        "<STORY>",
        "out/<story-slug>",
        "NN-<scene-id>.mid",
        "themes/<id>.mid",
        "soundtrack.json",
        "Melody",
        "docs/story-format.md",
    ] {
        assert!(help.contains(needle), "`{needle}` missing from:\n{help}");
    }
    assert!(listing(tmp.path()).is_empty());
}

#[test]
fn top_level_help_and_version() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(tmp.path(), ["--help"]);
    run.expect_code(0);
    assert!(run.stdout.contains("compose"), "{}", run.stdout);
    assert!(run.stdout.contains("explain"), "{}", run.stdout);
    let run = run_in(tmp.path(), ["--version"]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("leitmotif ") && run.stdout.contains(env!("CARGO_PKG_VERSION")),
        "{}",
        run.stdout
    );
    let run = run_in(tmp.path(), ["explain", "--help"]);
    run.expect_code(0);
    assert!(run.stdout.contains("--seed <N>"), "{}", run.stdout);
}

#[test]
fn explain_prints_every_cue_and_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let story = example("lantern-keep.toml");
    let run = run_in(tmp.path(), ["explain".as_ref(), story.as_os_str()]);
    run.expect_code(0);
    assert_eq!(run.stderr, "");
    assert!(
        listing(tmp.path()).is_empty(),
        "explain wrote {:?}",
        listing(tmp.path())
    );
    let out = &run.stdout;
    assert!(out.starts_with("Lantern Keep (seed 2024)"), "{out}");

    let scenes = story_scenes(&story);
    assert_eq!(scenes.len(), 7);
    for (i, scene) in scenes.iter().enumerate() {
        let header = format!("  {:02} {} — ", i + 1, scene.id);
        let at = out
            .find(&header)
            .unwrap_or_else(|| panic!("no cue header `{header}` in:\n{out}"));
        // The cue's block: from its header to the next cue header (or the end).
        let rest = &out[at..];
        let next = format!("\n  {:02} ", i + 2);
        let block = &rest[..rest.find(&next).unwrap_or(rest.len())];
        let key_line = block
            .lines()
            .find(|l| l.trim_start().starts_with("key "))
            .unwrap_or_else(|| panic!("{}: no key line in:\n{block}", scene.id));
        // "key Bb major, 96.0 bpm, 4/4 x 32 bars, ..."
        let key = key_line.trim_start()["key ".len()..]
            .split(',')
            .next()
            .unwrap();
        let mode = key.split_whitespace().nth(1).unwrap_or("");
        assert!(
            [
                "major",
                "minor",
                "dorian",
                "phrygian",
                "lydian",
                "mixolydian"
            ]
            .contains(&mode),
            "{}: `{key}` is not a key",
            scene.id
        );
        let bpm: f64 = key_line
            .split(',')
            .nth(1)
            .and_then(|s| s.trim().strip_suffix(" bpm"))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{}: no bpm in `{key_line}`", scene.id));
        assert!((30.0..=240.0).contains(&bpm), "{}: {bpm} bpm", scene.id);
        assert_eq!(
            block.matches("     hit ").count(),
            scene.hits.len(),
            "{}",
            scene.id
        );
    }
    // Themes of every character and place are listed.
    for id in ["kaito", "shade", "keep"] {
        assert!(
            out.contains(&format!("\n  {id} ")),
            "theme {id} missing:\n{out}"
        );
    }
}

#[test]
fn explain_agrees_with_compose() {
    // What explain plans is what compose writes: the same keys and tempi per cue.
    let tmp = TempDir::new().unwrap();
    let story = example("my-heart.toml");
    let plan = run_in(tmp.path(), ["explain".as_ref(), story.as_os_str()]);
    plan.expect_code(0);
    let out = tmp.path().join("out");
    compose_ok(tmp.path(), &story, &out, &["-q"]);
    let m = manifest(&out);
    for cue in array(&m, "cues") {
        let line = format!(
            "key {}, {:.1} bpm, {} x {} bars",
            text(&cue["key"], "name"),
            num(&cue["tempo"], "bpm"),
            text(cue, "meter"),
            cue["bars"]
        );
        assert!(
            plan.stdout.contains(&line),
            "`{line}` not in explain:\n{}",
            plan.stdout
        );
    }
}

#[test]
fn explain_seed_override_changes_the_plan_seed() {
    let tmp = TempDir::new().unwrap();
    let story = example("lantern-keep.toml");
    let run = run_in(
        tmp.path(),
        [
            "explain".as_ref(),
            story.as_os_str(),
            "--seed".as_ref(),
            "5".as_ref(),
        ],
    );
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("Lantern Keep (seed 5)"),
        "{}",
        run.stdout
    );
    assert!(listing(tmp.path()).is_empty());
}
