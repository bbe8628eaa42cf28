//! End-to-end: invalid stories and unwritable outputs. Every failure must exit with the documented
//! code (2 for invalid input, 1 for output errors), say where and what the problem is on stderr,
//! print nothing on stdout, never panic, and never create or touch the output folder.

#[path = "support.rs"]
mod support;

use std::{fs, path::Path, process::Command};
use support::*;
use tempfile::TempDir;

/// A valid story; the cases below break it one way each. Line numbers matter: the scene's keys
/// are on lines 11-14 and anything appended starts on line 15.
const BASE: &str = r#"title = "Bad Story"

[[character]]
id = "mina"
name = "Mina"

[[place]]
id = "park"
name = "Park"

[[scene]]
id = "opening"
duration = 30
emotion = "tender"
"#;

/// `BASE` with `extra` appended to its scene (from line 15).
fn with(extra: &str) -> String {
    format!("{BASE}{extra}\n")
}

/// `BASE` with one line of the scene replaced.
fn replacing(line: &str, by: &str) -> String {
    assert!(BASE.contains(line), "{line}");
    BASE.replace(line, by)
}

struct Case {
    name: &'static str,
    story: Vec<u8>,
    /// `LINE:COL` expected right after the file name; `None` for errors without a location.
    at: Option<&'static str>,
    /// Fragments the message must contain.
    says: &'static [&'static str],
}

fn case(
    name: &'static str,
    story: impl Into<Vec<u8>>,
    at: &'static str,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        story: story.into(),
        at: Some(at),
        says,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "syntax",
            with("title2 = \"unterminated"),
            "15:23",
            &["invalid TOML", "invalid basic string"],
        ),
        case(
            "unquoted-word",
            with("style = jazz"),
            "15:9",
            &["invalid TOML", "must be quoted", "style = \"jazz\""],
        ),
        case(
            "unquoted-time",
            replacing("duration = 30", "duration = 1:30"),
            "13:12",
            &["invalid TOML", "put times in quotes: duration = \"1:30\""],
        ),
        case(
            "unknown-key",
            with("durration = 30"),
            "15:1",
            &["unknown key `durration`", "did you mean `duration`?"],
        ),
        case(
            "unknown-top-level-key",
            format!("titel = \"x\"\n{BASE}"),
            "1:1",
            &["unknown key `titel`", "did you mean `title`?"],
        ),
        case(
            "wrong-type",
            with("intensity = \"high\""),
            "15:13",
            &["`intensity`", "found a string"],
        ),
        case(
            "wrong-type-duration",
            replacing("duration = 30", "duration = true"),
            "13:12",
            &["`duration` must be a time", "found a boolean"],
        ),
        case(
            "unknown-character",
            with("characters = [\"mia\"]"),
            "15:15",
            &["unknown character `mia`", "`mina`"],
        ),
        case(
            "place-as-character",
            with("characters = [\"park\"]"),
            "15:15",
            &["`park` is a place, not a character", "place = \"park\""],
        ),
        case(
            "unknown-place",
            with("place = \"parc\""),
            "15:9",
            &["unknown place `parc`", "`park`"],
        ),
        case(
            "duplicate-id",
            format!("{BASE}\n[[character]]\nid = \"mina\"\nname = \"Mina Two\"\n"),
            "17:6",
            &["duplicate id `mina`", "line 4"],
        ),
        case(
            "duplicate-scene",
            format!("{BASE}\n[[scene]]\nid = \"opening\"\nduration = 30\nemotion = \"sad\"\n"),
            "17:6",
            &["duplicate scene id `opening`", "line 12"],
        ),
        case(
            "duration-too-short",
            replacing("duration = 30", "duration = 4.5"),
            "13:12",
            &["too short", "5 s to 20 min"],
        ),
        case(
            "duration-too-long",
            replacing("duration = 30", "duration = \"20:00.5\""),
            "13:12",
            &["too long", "5 s to 20 min"],
        ),
        case(
            "intensity-out-of-range",
            with("intensity = [0.2, 1.5]"),
            "15:19",
            &["`intensity` ramp end 1.5 is out of range", "0 to 1"],
        ),
        case(
            "valence-out-of-range",
            with("valence = -1.5\narousal = 0"),
            "15:11",
            &["`valence` = -1.5 is out of range", "-1 to 1"],
        ),
        case(
            "arousal-without-valence",
            with("arousal = 0.5"),
            "15:1",
            &["`arousal` is given without `valence`"],
        ),
        case(
            "tempo-out-of-range",
            with("tempo = 241"),
            "15:9",
            &["`tempo` = 241 is out of range", "30 to 240"],
        ),
        case(
            "hit-outside-scene",
            with("hits = [{ at = 30 }]"),
            "15:16",
            &["outside its scene", "0:30"],
        ),
        case(
            "hits-too-close",
            with("hits = [{ at = 10 }, { at = \"0:10.5\" }]"),
            "15:29",
            &["0.5 s apart", "at least 1 s"],
        ),
        case(
            "unknown-hit-kind",
            with("hits = [{ at = 10, kind = \"stingr\" }]"),
            "15:27",
            &["`stingr`", "did you mean `stinger`?"],
        ),
        case(
            "unknown-emotion",
            replacing("emotion = \"tender\"", "emotion = \"tendre\""),
            "14:11",
            &["unknown emotion `tendre`", "did you mean `tender`?"],
        ),
        case(
            "no-emotion",
            replacing("emotion = \"tender\"\n", ""),
            "11:1",
            &["scene `opening` has no emotion"],
        ),
        case(
            "unknown-style",
            with("style = \"jaz\""),
            "15:9",
            &["unknown style `jaz`", "`jazz`"],
        ),
        case(
            "unknown-instrument",
            with("instruments = [\"pianoo\"]"),
            "15:16",
            &["unknown instrument `pianoo`", "`piano`"],
        ),
        case(
            "instrument-twice",
            with("instruments = [\"piano\", \"grand-piano\"]"),
            "15:25",
            &["instrument `piano` is listed twice"],
        ),
        case(
            "bad-key",
            with("key = \"H major\""),
            "15:7",
            &["`H major` is not a key"],
        ),
        case(
            "bad-meter",
            with("meter = \"4/5\""),
            "15:9",
            &["`4/5` is not a meter"],
        ),
        case(
            "missing-title",
            replacing("title = \"Bad Story\"\n", ""),
            "1:1",
            &["the story has no `title`"],
        ),
        case("empty", "", "1:1", &["the story is empty"]),
        case(
            "whitespace-only",
            "\n  \n# just a comment\n",
            "1:1",
            &["the story is empty"],
        ),
        case(
            "binary",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
            "1:1",
            &["binary file", "NUL byte"],
        ),
        case(
            "not-utf8",
            [BASE.as_bytes(), b"# caf\xe9\n"].concat(),
            "15:6",
            &["not valid UTF-8", "0xE9"],
        ),
        case(
            "no-scenes",
            "title = \"Nothing Happens\"\n\n[[character]]\nid = \"a\"\nname = \"A\"\n",
            "6:1",
            &["the story has no scenes", "[[scene]]"],
        ),
    ]
}

/// Runs one bad story twice: with a fresh output path (which must not appear) and with an
/// existing output folder holding an old file (which must be left exactly as it was).
fn check(c: &Case) {
    let tmp = TempDir::new().unwrap();
    let file = format!("{}.toml", c.name);
    fs::write(tmp.path().join(&file), &c.story).unwrap();

    for existing in [false, true] {
        let out = tmp.path().join("out");
        if existing {
            fs::create_dir(&out).unwrap();
            fs::write(out.join("old.mid"), b"previous take").unwrap();
        }
        let run = run_in(tmp.path(), ["compose", &file, "-o", "out"]);
        run.expect_clean_failure().expect_code(2);
        assert_eq!(run.stdout, "", "{}: stdout must stay empty", c.name);
        let located = match c.at {
            Some(at) => format!("{file}:{at}: "),
            None => file.clone(),
        };
        assert!(
            run.stderr.contains(&located),
            "{}: stderr lacks `{located}`:\n{}",
            c.name,
            run.stderr
        );
        // miette wraps long messages: compare with the line breaks and gutters taken out
        let flat = flatten(&run.stderr);
        for fragment in c.says {
            assert!(
                flat.contains(fragment),
                "{}: stderr lacks `{fragment}`:\n{}",
                c.name,
                run.stderr
            );
        }
        if existing {
            assert_eq!(listing(&out), ["old.mid"], "{}", c.name);
            assert_eq!(fs::read(out.join("old.mid")).unwrap(), b"previous take");
        } else {
            assert!(!out.exists(), "{}: the output folder was created", c.name);
        }
        assert_eq!(listing(tmp.path()), {
            let mut v = vec![file.clone()];
            if existing {
                v.push("out".into());
            }
            v.sort();
            v
        });
    }
}

/// Stderr as one line: miette's wrapping, its `│` gutters and repeated spaces removed.
fn flatten(stderr: &str) -> String {
    let joined: String = stderr
        .lines()
        .map(|l| l.trim().trim_start_matches(['│', '×']).trim())
        .collect::<Vec<_>>()
        .join(" ");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_base_story_is_valid() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("base.toml"), BASE).unwrap();
    compose_ok(
        tmp.path(),
        Path::new("base.toml"),
        Path::new("out"),
        &["-q"],
    );
}

#[test]
fn invalid_stories_fail_with_a_located_message_and_write_nothing() {
    for c in cases() {
        check(&c);
    }
}

#[test]
fn explain_rejects_invalid_stories_the_same_way() {
    for c in cases() {
        let tmp = TempDir::new().unwrap();
        let file = format!("{}.toml", c.name);
        fs::write(tmp.path().join(&file), &c.story).unwrap();
        let run = run_in(tmp.path(), ["explain", &file]);
        run.expect_clean_failure().expect_code(2);
        assert_eq!(run.stdout, "", "{}", c.name);
        assert!(run.stderr.contains(&format!("{file}:")), "{}", run.stderr);
        assert_eq!(listing(tmp.path()), [file], "explain wrote files");
    }
}

#[test]
fn missing_story_file() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(tmp.path(), ["compose", "no-such-story.toml", "-o", "out"]);
    run.expect_clean_failure().expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("no-such-story.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("not found"), "{}", run.stderr);
    assert!(listing(tmp.path()).is_empty(), "{:?}", listing(tmp.path()));
}

#[test]
fn a_folder_is_not_a_story() {
    let tmp = TempDir::new().unwrap();
    fs::create_dir(tmp.path().join("story.toml")).unwrap();
    let run = run_in(tmp.path(), ["compose", "story.toml", "-o", "out"]);
    run.expect_clean_failure().expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("story.toml"), "{}", run.stderr);
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn bad_arguments_are_usage_errors() {
    let tmp = TempDir::new().unwrap();
    for args in [
        vec!["compose"],
        vec!["compose", "x.toml", "--seed", "-3"],
        vec!["compose", "x.toml", "--seed", "many"],
        vec!["compose", "x.toml", "--frobnicate"],
        vec!["orchestrate", "x.toml"],
    ] {
        let run = run_in(tmp.path(), &args);
        run.expect_clean_failure().expect_code(2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(listing(tmp.path()).is_empty());
}

#[test]
fn output_inside_a_regular_file_fails_cleanly() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("notes.txt"), b"keep me").unwrap();
    let story = example("my-heart.toml");
    for out in ["notes.txt/out", "notes.txt/deeper/out"] {
        let run = run_in(
            tmp.path(),
            [
                "compose".as_ref(),
                story.as_os_str(),
                "-o".as_ref(),
                out.as_ref(),
            ],
        );
        run.expect_clean_failure().expect_code(1);
        assert_eq!(run.stdout, "", "nothing is reported as written");
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(run.stderr.contains(out), "{}", run.stderr);
        assert!(
            run.stderr.contains("could not prepare the staging folder"),
            "{}",
            run.stderr
        );
        assert_eq!(listing(tmp.path()), ["notes.txt"]);
        assert_eq!(fs::read(tmp.path().join("notes.txt")).unwrap(), b"keep me");
    }
}

#[test]
fn output_that_names_no_folder_fails_cleanly() {
    let tmp = TempDir::new().unwrap();
    let story = example("my-heart.toml");
    for out in [".", ".."] {
        let run = run_in(
            tmp.path(),
            [
                "compose".as_ref(),
                story.as_os_str(),
                "-o".as_ref(),
                out.as_ref(),
            ],
        );
        run.expect_clean_failure().expect_code(1);
        assert_eq!(run.stdout, "");
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(listing(tmp.path()).is_empty());
    }
}

#[cfg(unix)]
#[test]
fn read_only_parent_fails_cleanly_and_leaves_no_staging_folder() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new().unwrap();
    let locked = tmp.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    // root ignores permissions: then there is nothing to test
    let probe = locked.join("probe");
    if fs::write(&probe, b"").is_ok() {
        fs::remove_file(&probe).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: running with permission overrides (root)");
        return;
    }
    let story = example("my-heart.toml");
    let run = run_in(
        tmp.path(),
        [
            "compose".as_ref(),
            story.as_os_str(),
            "-o".as_ref(),
            "locked/out".as_ref(),
        ],
    );
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    run.expect_clean_failure().expect_code(1);
    assert!(run.stderr.contains("locked/out"), "{}", run.stderr);
    assert!(listing(&locked).is_empty(), "{:?}", listing(&locked));
}

// ---- Regressions: each of these once failed. ----

/// `-o` naming an existing regular file must not replace it with the output folder: pointing `-o`
/// at the story itself (an easy slip: `leitmotif compose story.toml -o story.toml`) would delete
/// the story. Exit 1, the file untouched.
#[test]
fn output_onto_an_existing_file_keeps_the_file() {
    let tmp = TempDir::new().unwrap();
    let story = fs::read(example("my-heart.toml")).unwrap();
    fs::write(tmp.path().join("story.toml"), &story).unwrap();
    let run = run_in(tmp.path(), ["compose", "story.toml", "-o", "story.toml"]);
    let kept = fs::read(tmp.path().join("story.toml")).ok();
    assert!(
        kept.as_deref() == Some(&story[..]),
        "the story file was replaced: {run:?}"
    );
    run.expect_clean_failure().expect_code(1);
}

/// A scene duration below 5 s gets help about short scenes, not the help for scenes that are too long.
#[test]
fn too_short_duration_help_is_about_short_scenes() {
    let tmp = TempDir::new().unwrap();
    fs::write(
        tmp.path().join("short.toml"),
        replacing("duration = 30", "duration = 2"),
    )
    .unwrap();
    let run = run_in(tmp.path(), ["compose", "short.toml", "-o", "out"]);
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains("too short"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("split a longer scene"),
        "irrelevant help:\n{}",
        run.stderr
    );
}

/// The headline `file:line:col: message` stays on one line whatever the path length (miette's
/// line wrapping is off), so editors and scripts that match `file:line:col` can find it.
#[test]
fn long_paths_keep_the_location_on_one_line() {
    let tmp = TempDir::new().unwrap();
    let deep = tmp
        .path()
        .join("a-rather-long-folder-name-for-stories/and-another-level-of-folders");
    fs::create_dir_all(&deep).unwrap();
    let file = deep.join("unknown-key.toml");
    fs::write(&file, with("durration = 30")).unwrap();
    let run = Command::new(bin())
        .arg("compose")
        .arg(&file)
        .args(["-o", "out"])
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let headline = format!("{}:15:1: unknown key `durration`", file.display());
    assert!(
        stderr.lines().any(|l| l.contains(&headline)),
        "no line holds `{headline}`:\n{stderr}"
    );
}
