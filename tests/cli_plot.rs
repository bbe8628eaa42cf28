//! End-to-end: `leitmotif plot` on a composed example, on single MIDI and audio files, and on
//! inputs it must refuse. PNG files are checked from the outside (signature and IHDR size).

#[path = "support.rs"]
mod support;

use std::{
    fs,
    path::{Path, PathBuf},
};
use support::*;
use tempfile::TempDir;

/// (width, height) of a PNG file, from its IHDR chunk; panics unless it is a PNG.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() > 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "{} is not a PNG",
        path.display()
    );
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

/// A 16-bit mono 48 kHz WAV of a sine, written by hand.
fn write_wav(path: &Path, hz: f64, seconds: f64) {
    let rate = 48_000u32;
    let n = (seconds * f64::from(rate)) as u32;
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + n * 2).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&(n * 2).to_le_bytes());
    for i in 0..n {
        let t = f64::from(i) / f64::from(rate);
        let s = 0.4 * (2.0 * std::f64::consts::PI * hz * t).sin();
        b.extend_from_slice(&((s * 32767.0) as i16).to_le_bytes());
    }
    fs::write(path, b).unwrap();
}

/// Composes `story` into `<tmp>/out`, without audio when the binary offers `--no-audio` (audio
/// is slow in a debug build, and the tests write their own).
fn composed(tmp: &Path, story: &str) -> PathBuf {
    let out = tmp.join("out");
    let mut args: Vec<std::ffi::OsString> = vec![
        "compose".into(),
        example(story).into(),
        "-o".into(),
        out.clone().into(),
        "-q".into(),
    ];
    if run_in(tmp, ["compose", "--help"])
        .stdout
        .contains("--no-audio")
    {
        args.push("--no-audio".into());
    }
    run_in(tmp, &args).expect_code(0);
    out
}

/// The cue files of an output folder (`NN-<scene>`), from the manifest.
fn cue_stems(out: &Path) -> Vec<String> {
    array(&manifest(out), "cues")
        .iter()
        .map(|c| {
            text(&c["files"], "midi")
                .trim_end_matches(".mid")
                .to_string()
        })
        .collect()
}

fn no_hidden_files(dir: &Path) {
    let names = listing(dir);
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "temporary files left in {}: {names:?}",
        dir.display()
    );
}

#[test]
fn a_composed_folder_gets_its_arc_rolls_and_spectrograms() {
    let tmp = TempDir::new().unwrap();
    let out = composed(tmp.path(), "my-heart.toml");
    let stems = cue_stems(&out);
    assert_eq!(stems.len(), 6);
    // Audio for the first cue if compose wrote none.
    let has_audio =
        |s: &str| out.join(format!("{s}.flac")).is_file() || out.join(format!("{s}.wav")).is_file();
    if !has_audio(&stems[0]) {
        write_wav(&out.join(format!("{}.wav", stems[0])), 440.0, 2.0);
    }

    let run = run_in(tmp.path(), ["plot".as_ref(), out.as_os_str()]);
    run.expect_code(0);
    assert!(run.stderr.is_empty(), "unexpected stderr: {}", run.stderr);
    assert!(run.stdout.contains("wrote"), "{}", run.stdout);

    let plots = out.join("plots");
    let names = listing(&plots);
    assert_eq!(png_size(&plots.join("arc.png")), (1800, 900));
    for stem in &stems {
        let roll = format!("{stem}-roll.png");
        assert!(names.contains(&roll), "{roll} missing: {names:?}");
        assert_eq!(png_size(&plots.join(&roll)), (1800, 1000));
        let spectrogram = format!("{stem}-spectrogram.png");
        assert_eq!(
            names.contains(&spectrogram),
            has_audio(stem),
            "{spectrogram}: {names:?}"
        );
    }
    assert_eq!(
        png_size(&plots.join(format!("{}-spectrogram.png", stems[0]))),
        (1800, 900)
    );
    no_hidden_files(&plots);
    // The folder is still a Leitmotif output that compose may replace.
    assert!(out.join("soundtrack.json").is_file());

    // One cue, somewhere else: its pictures only.
    let elsewhere = tmp.path().join("pictures");
    run_in(
        tmp.path(),
        [
            "plot".as_ref(),
            out.as_os_str(),
            "--cue".as_ref(),
            "2".as_ref(),
            "-o".as_ref(),
            elsewhere.as_os_str(),
            "-q".as_ref(),
        ],
    )
    .expect_code(0);
    let mut expected = vec![format!("{}-roll.png", stems[1])];
    if has_audio(&stems[1]) {
        expected.push(format!("{}-spectrogram.png", stems[1]));
    }
    assert_eq!(listing(&elsewhere), expected);
}

#[test]
fn single_files_are_plotted_next_to_themselves_or_where_asked() {
    let tmp = TempDir::new().unwrap();
    let out = composed(tmp.path(), "my-heart.toml");
    let stem = &cue_stems(&out)[2];
    let midi = out.join(format!("{stem}.mid"));

    let run = run_in(tmp.path(), ["plot".as_ref(), midi.as_os_str()]);
    run.expect_code(0);
    let beside = out.join(format!("{stem}-roll.png"));
    assert_eq!(png_size(&beside), (1800, 1000));
    assert!(
        run.stdout.contains(&format!("{stem}-roll.png")),
        "{}",
        run.stdout
    );

    let theme = out.join("themes").join(&listing(&out.join("themes"))[0]);
    let chosen = tmp.path().join("theme.png");
    run_in(
        tmp.path(),
        [
            "plot".as_ref(),
            theme.as_os_str(),
            "-o".as_ref(),
            chosen.as_os_str(),
        ],
    )
    .expect_code(0);
    assert_eq!(png_size(&chosen), (1800, 1000));

    let wav = tmp.path().join("tone.wav");
    write_wav(&wav, 1000.0, 1.0);
    run_in(tmp.path(), ["plot", "tone.wav", "-o", "pics"]).expect_code(0);
    assert_eq!(
        png_size(&tmp.path().join("pics").join("tone-spectrogram.png")),
        (1800, 900)
    );
    no_hidden_files(tmp.path());
}

#[test]
fn bad_inputs_fail_clearly_and_write_nothing() {
    let tmp = TempDir::new().unwrap();
    let out = composed(tmp.path(), "my-heart.toml");
    let stems = cue_stems(&out);

    // Nothing there.
    let run = run_in(tmp.path(), ["plot", "nowhere"]);
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);

    // A folder that is not a Leitmotif output.
    fs::create_dir(tmp.path().join("stuff")).unwrap();
    let run = run_in(tmp.path(), ["plot", "stuff"]);
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains("soundtrack.json"), "{}", run.stderr);

    // A cue that does not exist, and --cue with a single file.
    let run = run_in(
        tmp.path(),
        [
            "plot".as_ref(),
            out.as_os_str(),
            "--cue".as_ref(),
            "99".as_ref(),
        ],
    );
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains("no cue 99"), "{}", run.stderr);
    let midi = out.join(format!("{}.mid", stems[0]));
    run_in(
        tmp.path(),
        [
            "plot".as_ref(),
            midi.as_os_str(),
            "--cue".as_ref(),
            "1".as_ref(),
        ],
    )
    .expect_clean_failure()
    .expect_code(2);

    // A broken cue: the command fails naming it, before any picture is written.
    let broken = out.join(format!("{}.mid", stems[3]));
    fs::write(&broken, b"MThd\0\0\0\x06 this is not MIDI").unwrap();
    let run = run_in(tmp.path(), ["plot".as_ref(), out.as_os_str()]);
    run.expect_clean_failure().expect_code(2);
    assert!(
        run.stderr.contains(&format!("{}.mid", stems[3])),
        "{}",
        run.stderr
    );
    assert!(
        !out.join("plots").exists(),
        "pictures written despite the error"
    );
    let run = run_in(tmp.path(), ["plot".as_ref(), broken.as_os_str()]);
    run.expect_clean_failure().expect_code(2);
    assert!(!out.join(format!("{}-roll.png", stems[3])).exists());

    // Audio that is not audio.
    fs::write(tmp.path().join("noise.wav"), b"RIFF\x10\0\0\0WAVEjunkjunk").unwrap();
    let run = run_in(tmp.path(), ["plot", "noise.wav"]);
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains("noise.wav"), "{}", run.stderr);
    fs::write(tmp.path().join("notes.txt"), "hello").unwrap();
    run_in(tmp.path(), ["plot", "notes.txt"])
        .expect_clean_failure()
        .expect_code(2);

    // A picture that cannot be written: exit 1, and no file left behind.
    fs::write(tmp.path().join("blocker"), "a file, not a folder").unwrap();
    let run = run_in(tmp.path(), ["plot", "noise.wav", "-o", "blocker/x.png"]);
    run.expect_clean_failure();
    let tone = tmp.path().join("tone.wav");
    write_wav(&tone, 300.0, 0.5);
    let run = run_in(tmp.path(), ["plot", "tone.wav", "-o", "blocker/x.png"]);
    run.expect_clean_failure().expect_code(1);
    assert!(run.stderr.contains("blocker"), "{}", run.stderr);
    assert_eq!(
        listing(tmp.path()),
        [
            "blocker",
            "noise.wav",
            "notes.txt",
            "out",
            "stuff",
            "tone.wav"
        ]
    );
}

#[test]
fn help_says_what_plot_writes() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(tmp.path(), ["plot", "--help"]);
    run.expect_code(0);
    for needle in [
        "<INPUT>",
        "-o, --output <PATH>",
        "--cue <N>",
        "-q, --quiet",
        "arc.png",
        "NN-<scene>-roll.png",
        "NN-<scene>-spectrogram.png",
        "docs/plot.md",
    ] {
        assert!(
            run.stdout.contains(needle),
            "`{needle}` missing from:\n{}",
            run.stdout
        );
    }
    let run = run_in(tmp.path(), ["--help"]);
    assert!(run.stdout.contains("plot"), "{}", run.stdout);
    assert!(listing(tmp.path()).is_empty());
}
