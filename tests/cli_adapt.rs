//! End-to-end tests of `leitmotif adapt` and `leitmotif play` as a user runs them.

mod support;

use std::fs;
use support::*;
use tempfile::TempDir;

const SESSION: &str = r#"
duration = 24
[[at]]
time = 0
emotion = "mysterious"
intensity = 0.3
focus = "kaito"
[[at]]
time = 9
emotion = "heroic"
intensity = 0.9
over = 2
[[at]]
time = 15
stinger = "shade"
"#;

fn adapt(dir: &TempDir, session: &str, out: &str, extra: &[&str]) -> Run {
    let script = dir.path().join("session.toml");
    fs::write(&script, session).unwrap();
    let story = example("lantern-keep.toml");
    let mut args: Vec<std::ffi::OsString> = vec![
        "adapt".into(),
        story.into(),
        "--script".into(),
        script.into(),
        "-o".into(),
        out.into(),
        "-q".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    run_in(dir.path(), &args)
}

#[test]
fn a_session_renders_to_the_same_bytes_twice_with_its_log() {
    let dir = TempDir::new().unwrap();
    adapt(&dir, SESSION, "a.wav", &["--log", "a.jsonl"]).expect_code(0);
    adapt(&dir, SESSION, "b.wav", &[]).expect_code(0);
    let a = fs::read(dir.path().join("a.wav")).unwrap();
    let b = fs::read(dir.path().join("b.wav")).unwrap();
    assert!(a == b, "two renders of the same session differ");
    let reader = hound::WavReader::open(dir.path().join("a.wav")).unwrap();
    let spec = reader.spec();
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (48_000, 2, 24)
    );
    assert_eq!(reader.duration(), 24 * 48_000);
    let log = fs::read_to_string(dir.path().join("a.jsonl")).unwrap();
    let entries: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let bars = entries.iter().filter(|e| e["event"] == "bar").count();
    assert!(bars >= 8, "{bars} bars logged");
    assert!(entries
        .iter()
        .any(|e| e["event"] == "bar" && e["emotion"] == "heroic" && e["mode"] == "major"));
    assert!(entries
        .iter()
        .any(|e| e["event"] == "stinger" && e["theme"] == "shade"));
    // only the requested files: no staging folders left behind
    let mut names = listing(dir.path());
    names.sort();
    assert_eq!(names, ["a.jsonl", "a.wav", "b.wav", "session.toml"]);
}

#[test]
fn a_session_renders_to_flac_from_a_composed_folder() {
    let dir = TempDir::new().unwrap();
    compose_ok(
        dir.path(),
        &example("lantern-keep.toml"),
        &dir.path().join("lk"),
        &[],
    );
    let script = dir.path().join("s.toml");
    fs::write(
        &script,
        "duration = 6\n[[at]]\ntime = 1\nfocus = \"shade\"\n",
    )
    .unwrap();
    run_in(
        dir.path(),
        ["adapt", "lk", "--script", "s.toml", "-o", "s.flac", "-q"],
    )
    .expect_code(0);
    let mut reader = claxon::FlacReader::open(dir.path().join("s.flac")).unwrap();
    assert_eq!(reader.streaminfo().sample_rate, 48_000);
    let peak = reader
        .samples()
        .map(|s| s.unwrap().unsigned_abs())
        .max()
        .unwrap();
    assert!(peak > 100_000, "the session has sound (peak {peak})");
}

#[test]
fn bad_sessions_fail_with_the_line_and_leave_no_file() {
    let cases = [
        (
            "duration = 10\n[[at]]\ntime = 1\nfocus = \"kiato\"\n",
            "session.toml:4",
            "did you mean \"kaito\"",
        ),
        (
            "duration = 10\n[[at]]\ntime = 2\nemotion = \"sleepy\"\n",
            "session.toml:4",
            "not a known emotion",
        ),
        (
            "duration = 10\n[[at]]\ntime = 5\nintensity = 1\n[[at]]\ntime = 3\nintensity = 0\n",
            "session.toml:6",
            "time order",
        ),
        (
            "duration = 10\n[[at]]\ntime = 12\nintensity = 1\n",
            "session.toml:3",
            "past the session's duration",
        ),
        (
            "duration = 10\n[[at]]\ntime = 1\nstinger = \"nobody\"\n",
            "session.toml:4",
            "not a theme",
        ),
        (
            "duration = \"soon\"\n",
            "session.toml:1",
            "not a valid time",
        ),
    ];
    for (text, at, says) in cases {
        let dir = TempDir::new().unwrap();
        let run = adapt(&dir, text, "out.wav", &[]);
        run.expect_clean_failure().expect_code(2);
        assert!(run.stderr.contains(at), "{at} in {}", run.stderr);
        assert!(run.stderr.contains(says), "{says} in {}", run.stderr);
        assert_eq!(
            listing(dir.path()),
            ["session.toml"],
            "no output for {text}"
        );
    }
    let dir = TempDir::new().unwrap();
    let run = adapt(&dir, SESSION, "out.mp3", &[]);
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains(".wav or .flac"));
}

#[test]
fn play_checks_its_input_and_explains_a_build_without_a_device() {
    let dir = TempDir::new().unwrap();
    let run = run_in(dir.path(), ["play", "missing.toml"]);
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains("missing.toml"));
    if !cfg!(feature = "device") {
        let run = run_in(
            dir.path(),
            ["play".into(), example("lantern-keep.toml").into_os_string()],
        );
        run.expect_clean_failure().expect_code(2);
        assert!(run.stderr.contains("--features device"), "{}", run.stderr);
        assert!(run.stderr.contains("leitmotif adapt"));
    }
}
