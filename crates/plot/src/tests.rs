//! Whole-picture tests: files written, their sizes, folders, and failures that write nothing.

use super::*;
use std::fs;

fn png_size(path: &Path) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
    let reader = decoder.read_info().unwrap();
    (reader.info().width, reader.info().height)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A 16-bit mono WAV of a sine.
fn write_wav(path: &Path, hz: f64, seconds: f64) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..(seconds * 16_000.0) as usize {
        let t = i as f64 / 16_000.0;
        let s = 0.5 * (2.0 * std::f64::consts::PI * hz * t).sin();
        w.write_sample((s * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

const MANIFEST: &str = r#"{
  "format": "leitmotif-soundtrack", "version": 1, "title": "Small", "duration_seconds": 7.0,
  "home_key": {"name": "D minor"},
  "themes": [{"id": "mina", "name": "Mina", "file": "themes/mina.mid"}],
  "cues": [
    {"number": 1, "scene": "a", "title": "The Letter", "files": {"midi": "01-a.mid"},
     "start_seconds": 0.0, "duration_seconds": 3.0, "key": {"name": "D minor"},
     "tempo": {"bpm": 60.0, "min_bpm": 60.0, "max_bpm": 120.0}, "meter": "3/4",
     "emotion": {"name": "angry", "valence": -0.7, "arousal": 0.8},
     "intensity": {"start": 0.5, "end": 1.0}},
    {"number": 2, "scene": "b", "title": "Rain", "files": {"midi": "02-b.mid"},
     "start_seconds": 3.0, "duration_seconds": 4.0,
     "emotion": {"name": "grief", "valence": -0.8, "arousal": -0.6},
     "intensity": {"start": 0.3, "end": 0.3}}
  ]}"#;

/// A small output folder: two cues, audio for the second.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("soundtrack.json"), MANIFEST).unwrap();
    fs::write(p.join("01-a.mid"), midi::tests::small_file()).unwrap();
    fs::write(p.join("02-b.mid"), midi::tests::small_file()).unwrap();
    fs::create_dir(p.join("themes")).unwrap();
    fs::write(p.join("themes/mina.mid"), midi::tests::small_file()).unwrap();
    write_wav(&p.join("02-b.wav"), 440.0, 1.5);
    dir
}

#[test]
fn each_picture_has_its_size() {
    let dir = folder();
    let p = dir.path();
    roll(&p.join("01-a.mid"), &p.join("roll.png"), None).unwrap();
    assert_eq!(png_size(&p.join("roll.png")), ROLL_SIZE);
    spectrogram(&p.join("02-b.wav"), &p.join("spec.png"), None).unwrap();
    assert_eq!(png_size(&p.join("spec.png")), SPECTROGRAM_SIZE);
    let m = manifest::read(&p.join("soundtrack.json")).unwrap();
    arc_of(&m, &p.join("arc.png")).unwrap();
    assert_eq!(png_size(&p.join("arc.png")), ARC_SIZE);
}

#[test]
fn a_folder_gets_its_arc_rolls_and_spectrograms() {
    let dir = folder();
    let report = plot_folder(dir.path(), None, None).unwrap();
    let plots = dir.path().join("plots");
    assert_eq!(
        listing(&plots),
        [
            "01-a-roll.png",
            "02-b-roll.png",
            "02-b-spectrogram.png",
            "arc.png"
        ]
    );
    assert_eq!(report.without_audio, [1]);
    let whats: Vec<_> = report.plots.iter().map(|p| p.what).collect();
    assert_eq!(whats, ["arc", "roll", "roll", "spectrogram"]);
    assert!(report.plots.iter().all(|p| p.path.starts_with(&plots)));

    // FLAC is preferred over WAV.
    let samples: Vec<i32> = (0..24_000)
        .map(|i| ((i as f64 * 0.1).sin() * 1e6) as i32)
        .collect();
    fs::write(
        dir.path().join("02-b.flac"),
        audio::tests::flac_bytes(48_000, 24, &[samples.clone(), samples]),
    )
    .unwrap();
    let elsewhere = dir.path().join("pictures");
    let report = plot_folder(dir.path(), Some(&elsewhere), Some(2)).unwrap();
    assert_eq!(
        listing(&elsewhere),
        ["02-b-roll.png", "02-b-spectrogram.png"]
    );
    assert!(report.without_audio.is_empty());
}

#[test]
fn a_broken_cue_fails_before_any_picture() {
    let dir = folder();
    fs::write(dir.path().join("02-b.mid"), b"MThd garbage").unwrap();
    let err = plot_folder(dir.path(), None, None).unwrap_err();
    assert!(matches!(err, PlotError::Midi { .. }), "{err}");
    assert!(err.to_string().contains("02-b.mid"), "{err}");
    assert!(err.is_input());
    assert!(!dir.path().join("plots").exists());

    let dir = folder();
    fs::write(dir.path().join("02-b.wav"), b"RIFF....WAVEjunk").unwrap();
    let err = plot_folder(dir.path(), None, None).unwrap_err();
    assert!(matches!(err, PlotError::Audio { .. }), "{err}");
    assert!(!dir.path().join("plots").exists());

    let dir = folder();
    fs::remove_file(dir.path().join("01-a.mid")).unwrap();
    let err = plot_folder(dir.path(), None, None).unwrap_err();
    assert!(matches!(err, PlotError::Read { .. }), "{err}");
    assert!(err.to_string().contains("01-a.mid"), "{err}");
}

#[test]
fn cue_numbers_are_checked() {
    let dir = folder();
    let err = plot_folder(dir.path(), None, Some(3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "`{}` has no cue 3 (its cues are numbered 1 to 2)",
            dir.path().display()
        )
    );
}

#[test]
fn what_cannot_be_plotted_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    assert!(matches!(
        kind(&p.join("nope")),
        Err(PlotError::Missing { .. })
    ));
    assert!(matches!(kind(p), Err(PlotError::NotOutputFolder { .. })));
    fs::write(p.join("notes.txt"), "hello").unwrap();
    let err = kind(&p.join("notes.txt")).unwrap_err();
    assert!(err.to_string().contains("notes.txt"), "{err}");
    // Contents decide when the extension does not.
    fs::write(p.join("cue"), midi::tests::small_file()).unwrap();
    assert_eq!(kind(&p.join("cue")).unwrap(), Kind::Midi);
    assert!(matches!(
        plot_folder(p, None, None),
        Err(PlotError::NotOutputFolder { .. })
    ));
}

#[test]
fn single_files_go_next_to_their_input_or_where_asked() {
    let dir = folder();
    let p = dir.path();
    let done = plot_file(&p.join("01-a.mid"), None).unwrap();
    assert_eq!(done.path, p.join("01-a-roll.png"));
    assert_eq!(done.what, "roll");
    let done = plot_file(&p.join("02-b.wav"), Some(&p.join("out"))).unwrap();
    assert_eq!(done.path, p.join("out").join("02-b-spectrogram.png"));
    assert_eq!(png_size(&done.path), SPECTROGRAM_SIZE);
    let done = plot_file(&p.join("themes/mina.mid"), Some(&p.join("x/theme.PNG"))).unwrap();
    assert_eq!(done.path, p.join("x/theme.PNG"));
    assert!(done.path.is_file());
}

#[test]
fn headings_come_from_the_manifest_when_there_is_one() {
    let dir = folder();
    let p = dir.path();
    let m = manifest::beside(&p.join("01-a.mid")).unwrap();
    let h = cue_heading(&m.cues[0], &p.join("01-a.mid"));
    assert_eq!(h.title, "Cue 1 · The Letter");
    assert_eq!(
        h.subtitle,
        "01-a.mid · D minor · 60–120 bpm · 3/4 · angry · 0:03"
    );
    let h = cue_heading(&m.cues[1], &p.join("02-b.wav"));
    assert_eq!(h.subtitle, "02-b.wav · grief");
    let m = manifest::beside(&p.join("themes/mina.mid")).unwrap();
    let h = theme_heading(&m, &p.join("themes/mina.mid")).unwrap();
    assert_eq!(h.title, "Theme · Mina");
    // A file on its own: the conductor track's title and the file's facts.
    let score = read_midi(&p.join("01-a.mid")).unwrap();
    let h = midi_heading(Path::new("x/cue.mid"), &score);
    assert_eq!(h.title, "The Letter");
    assert_eq!(h.subtitle, "cue.mid · D minor · 60–120 bpm · 3/4 · 0:03");
}
