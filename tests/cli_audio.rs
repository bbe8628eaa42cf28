//! End-to-end: audio from `leitmotif compose` (cues, album, stems, formats) and `leitmotif render`,
//! read back with independent decoders (claxon for FLAC, hound for WAV) and measured with EBU R128.

#[path = "support.rs"]
mod support;

use leitmotif_render::master::measure;
use std::path::Path;
use support::*;
use tempfile::TempDir;

fn story() -> std::path::PathBuf {
    repo().join("tests/stories/tiny-audio.toml")
}

/// Decodes a stereo 24-bit FLAC into floats, checking its format.
fn read_flac(path: &Path) -> (Vec<f32>, Vec<f32>) {
    let mut reader = claxon::FlacReader::open(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let info = reader.streaminfo();
    assert_eq!(
        (info.sample_rate, info.channels, info.bits_per_sample),
        (48_000, 2, 24),
        "{path:?}"
    );
    let samples: Vec<i32> = reader.samples().map(|s| s.unwrap()).collect();
    split(&samples)
}

fn split(samples: &[i32]) -> (Vec<f32>, Vec<f32>) {
    let scale = 1.0 / 8_388_607.0;
    let left = samples
        .iter()
        .step_by(2)
        .map(|s| *s as f32 * scale)
        .collect();
    let right = samples
        .iter()
        .skip(1)
        .step_by(2)
        .map(|s| *s as f32 * scale)
        .collect();
    (left, right)
}

fn read_wav(path: &Path) -> (Vec<f32>, Vec<f32>) {
    let mut reader = hound::WavReader::open(path).unwrap();
    let spec = reader.spec();
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (48_000, 2, 24)
    );
    let samples: Vec<i32> = reader.samples::<i32>().map(|s| s.unwrap()).collect();
    split(&samples)
}

/// The mastering promises: loudness, true peak, no clipping, no DC, silent ends.
fn assert_mastered(path: &Path, left: &[f32], right: &[f32]) {
    let reading = measure(left, right, 48_000, true);
    assert!(
        (reading.integrated_lufs + 14.0).abs() <= 0.5,
        "{path:?}: {} LUFS",
        reading.integrated_lufs
    );
    let tp = reading.true_peak_dbtp.unwrap();
    assert!(tp <= -1.0, "{path:?}: true peak {tp} dBTP");
    assert!(
        left.iter().chain(right).all(|x| x.abs() < 0.9999),
        "{path:?}: clipped"
    );
    for ch in [left, right] {
        let dc = ch.iter().map(|x| *x as f64).sum::<f64>() / ch.len() as f64;
        assert!(dc.abs() < 1e-4, "{path:?}: DC {dc}");
        assert!(
            ch[0].abs() < 1e-3 && ch[ch.len() - 1].abs() < 1e-3,
            "{path:?}: ends click"
        );
    }
}

/// Seconds after the music ends until the sound has decayed 40 dB below its level at the end
/// (50 ms RMS windows): the audible reverb tail.
fn decay_after(left: &[f32], music_seconds: f64) -> f64 {
    let win = 2_400;
    let rms = |from: usize| {
        let w = &left[from.min(left.len())..(from + win).min(left.len())];
        (w.iter().map(|x| (*x as f64).powi(2)).sum::<f64>() / w.len().max(1) as f64).sqrt()
    };
    let end = (music_seconds * 48_000.0) as usize;
    let start_level = rms(end.saturating_sub(win));
    let mut at = end;
    while at + win < left.len() && rms(at) > start_level * 0.01 {
        at += win;
    }
    (at - end) as f64 / 48_000.0
}

/// Composes the tiny story with audio into `<tmp>/out` with extra options; panics unless it succeeds.
fn compose_audio(tmp: &TempDir, extra: &[&str]) -> std::path::PathBuf {
    let out = tmp.path().join("out");
    let mut args: Vec<std::ffi::OsString> = vec![
        "compose".into(),
        story().into(),
        "-o".into(),
        out.clone().into(),
    ];
    args.extend(extra.iter().map(Into::into));
    run_in(tmp.path(), &args).expect_code(0);
    out
}

#[test]
fn compose_writes_mastered_cues_album_and_stems() {
    let tmp = TempDir::new().unwrap();
    let out = compose_audio(
        &tmp,
        &["--format", "flac,wav", "--stems", "--album-gap", "1.5"],
    );
    let manifest = manifest(&out);
    let cues = array(&manifest, "cues");
    let mut total_frames = 0usize;
    let mut tails = Vec::new();
    for cue in cues {
        let files = array(&cue["files"], "audio");
        let names: Vec<&str> = files.iter().map(|f| f.as_str().unwrap()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        let flac = out.join(names.iter().find(|n| n.ends_with(".flac")).unwrap());
        let wav = out.join(names.iter().find(|n| n.ends_with(".wav")).unwrap());
        let (l, r) = read_flac(&flac);
        assert_mastered(&flac, &l, &r);
        let (wl, wr) = read_wav(&wav);
        assert!(wl == l && wr == r, "WAV and FLAC hold the same samples");
        let seconds = l.len() as f64 / 48_000.0;
        let music = num(cue, "duration_seconds");
        assert!(
            seconds >= music && seconds <= music + 9.0,
            "{seconds} vs {music}"
        );
        assert!((num(&cue["audio"], "seconds") - seconds).abs() < 0.01);
        assert!((num(&cue["audio"], "integrated_lufs") + 14.0).abs() <= 0.5);
        tails.push((
            text(&cue["emotion"], "name").to_string(),
            num(&cue["audio"], "reverb_seconds"),
            decay_after(&l, music),
        ));
        total_frames += l.len();
        // Stems: one per part plus the effects returns.
        let stems = array(&cue["files"], "stems");
        let parts = array(cue, "parts");
        assert_eq!(stems.len(), parts.len() + 1);
        assert!(stems
            .iter()
            .any(|s| s.as_str().unwrap().ends_with("/effects.flac")));
        for s in stems {
            let (sl, _) = read_flac(&out.join(s.as_str().unwrap()));
            assert_eq!(sl.len(), l.len(), "stems are as long as the cue");
        }
    }
    // The album: every cue in order with 1.5 s gaps.
    let (al, ar) = read_flac(&out.join("album.flac"));
    assert_eq!(al.len(), total_frames + 72_000 * (cues.len() - 1));
    assert_mastered(Path::new("album.flac"), &al, &ar);
    assert!(out.join("album.wav").is_file());
    assert!((num(&manifest["album"], "gap_seconds") - 1.5).abs() < 1e-9);
    // The nostalgic room rings longer than the grief room: in the plan, and measured in the audio.
    let tail = |name: &str| tails.iter().find(|t| t.0 == name).unwrap().clone();
    let (nostalgic, grief) = (tail("nostalgic"), tail("grief"));
    assert!(nostalgic.1 > 2.0 * grief.1, "{tails:?}");
    assert!(nostalgic.2 > 1.5 * grief.2, "measured decay: {tails:?}");
}

#[test]
fn no_audio_writes_only_midi_and_the_manifest() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    compose_ok(tmp.path(), &story(), &out, &[]);
    let names = listing(&out);
    assert!(
        names
            .iter()
            .all(|n| !n.ends_with(".flac") && !n.ends_with(".wav")),
        "{names:?}"
    );
    assert!(manifest(&out).get("album").is_none());
}

#[test]
fn the_same_story_renders_byte_identical_audio() {
    let tmp = TempDir::new().unwrap();
    for name in ["a", "b"] {
        let run = run_in(
            tmp.path(),
            [
                "compose".as_ref(),
                story().as_os_str(),
                "-o".as_ref(),
                name.as_ref(),
                "-q".as_ref(),
            ],
        );
        run.expect_code(0);
    }
    let (a, b) = (tree(&tmp.path().join("a")), tree(&tmp.path().join("b")));
    assert!(a.keys().any(|k| k.ends_with(".flac")));
    assert_eq!(a, b);
}

#[test]
fn render_turns_any_midi_file_into_mastered_audio() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    compose_ok(tmp.path(), &story(), &out, &[]);
    let midi = out.join("01-flashback.mid");
    for target in ["x.wav", "x.flac"] {
        let run = run_in(
            tmp.path(),
            [
                "render".as_ref(),
                midi.as_os_str(),
                "-o".as_ref(),
                target.as_ref(),
            ],
        );
        run.expect_code(0);
        let path = tmp.path().join(target);
        let (l, r) = if target.ends_with("wav") {
            read_wav(&path)
        } else {
            read_flac(&path)
        };
        assert_mastered(&path, &l, &r);
        assert!(l.len() as f64 / 48_000.0 >= 8.0);
    }
    let leftovers: Vec<String> = listing(tmp.path())
        .into_iter()
        .filter(|n| n.starts_with(".leitmotif"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn bad_midi_soundfont_or_target_is_a_clear_error_and_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    std::fs::write(tmp.path().join("garbage.mid"), b"MThd but not really").unwrap();
    std::fs::write(tmp.path().join("garbage.sf2"), b"RIFF\x04\x00\x00\x00sfbk").unwrap();
    let story = story();
    let story = story.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["render", "garbage.mid", "-o", "x.wav"],
            "garbage.mid",
            "x.wav",
        ),
        (
            vec!["render", "missing.mid", "-o", "x.wav"],
            "missing.mid",
            "x.wav",
        ),
        (
            vec!["render", "garbage.mid", "-o", "x.mp3"],
            "x.mp3",
            "x.mp3",
        ),
        (
            vec!["compose", story, "-o", "out", "--soundfont", "missing.sf2"],
            "missing.sf2",
            "out",
        ),
        (
            vec!["compose", story, "-o", "out", "--soundfont", "garbage.sf2"],
            "garbage.sf2",
            "out",
        ),
        (
            vec!["compose", story, "-o", "out", "--format", "mp3"],
            "mp3",
            "out",
        ),
    ];
    for (args, named, target) in cases {
        let run = run_in(tmp.path(), &args);
        run.expect_clean_failure().expect_code(2);
        assert!(run.stderr.contains(named), "{args:?}: {}", run.stderr);
        assert!(!tmp.path().join(target).exists(), "{args:?} wrote {target}");
    }
}

#[test]
fn loops_repeat_without_clicks_and_carry_their_loop_points() {
    let tmp = TempDir::new().unwrap();
    let out = compose_audio(&tmp, &["--loops", "--no-album", "-q"]);
    assert!(!out.join("album.flac").exists());
    let manifest = manifest(&out);
    for cue in array(&manifest, "cues") {
        let lp = &cue["audio"]["seamless_loop"];
        let files = array(lp, "files");
        let flac = out.join(files[0].as_str().unwrap());
        let wav = out.join(files[1].as_str().unwrap());
        let (l, r) = read_flac(&flac);
        let end = num(lp, "end_frame") as usize;
        assert_eq!(l.len(), end);
        // The loop is the music between its first and last bar lines.
        assert!((num(lp, "end_seconds") - num(cue, "duration_seconds")).abs() < 0.001);
        // Played three times end to end: no click at the seams, and no click the loop does not
        // already have inside (the instruments' own are tested in crates/render/tests).
        let (l3, r3) = ([&l[..], &l, &l].concat(), [&r[..], &r, &r].concat());
        let clicks = leitmotif_render::analysis::clicks(&l3, &r3, 48_000);
        let near_seam = |f: &usize| [end, 2 * end].iter().any(|s| f.abs_diff(*s) < 480);
        assert!(
            !clicks.iter().any(near_seam),
            "{flac:?}: clicks at frames {clicks:?} (seams at {end}, {})",
            2 * end
        );
        let once = leitmotif_render::analysis::clicks(&l, &r, 48_000).len();
        assert_eq!(clicks.len(), 3 * once, "{flac:?}: {clicks:?}");
        // The seam itself is continuous: the jump across it is like the jumps inside the loop.
        let step = |a: f32, b: f32| (a - b).abs();
        let inside = l
            .windows(2)
            .map(|w| step(w[0], w[1]))
            .fold(0.0f32, f32::max);
        assert!(step(l[end - 1], l[0]) <= inside, "seam jump");
        // Loop points: the FLAC's tags and the WAV's smpl chunk.
        let reader = claxon::FlacReader::open(&flac).unwrap();
        assert_eq!(reader.get_tag("LOOPSTART").next(), Some("0"));
        assert_eq!(
            reader.get_tag("LOOPLENGTH").next(),
            Some(end.to_string().as_str())
        );
        let bytes = std::fs::read(&wav).unwrap();
        let at = bytes
            .windows(4)
            .rposition(|w| w == b"smpl")
            .expect("smpl chunk");
        let word = |k: usize| {
            u32::from_le_bytes(bytes[at + 8 + 4 * k..at + 12 + 4 * k].try_into().unwrap())
        };
        assert_eq!((word(7), word(11), word(12)), (1, 0, end as u32 - 1));
        assert_eq!(read_wav(&wav).0.len(), end);
    }
}

/// The smallest PNG header a reader needs (signature + IHDR of a 4×4 RGB image).
fn tiny_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&4u32.to_be_bytes());
    png.extend_from_slice(&4u32.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png
}

/// The metadata block types of a FLAC file, in order.
fn flac_block_types(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..4], b"fLaC");
    let (mut at, mut types) = (4, Vec::new());
    loop {
        let header = bytes[at];
        let len = u32::from_be_bytes([0, bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        types.push(header & 0x7F);
        at += 4 + len;
        if header & 0x80 != 0 {
            return types;
        }
    }
}

#[test]
fn album_tags_and_cover_are_embedded() {
    let tmp = TempDir::new().unwrap();
    let text = std::fs::read_to_string(story()).unwrap().replace(
        "title = \"Tiny Audio\"",
        "title = \"Tiny Audio\"\ncomposer = \"Ada Lovelace\"\ndate = \"2026-11-21\"\ncover = \"art/cover.png\"",
    );
    std::fs::write(tmp.path().join("story.toml"), &text).unwrap();
    // No cover yet: a clear error naming the file, and nothing written.
    let run = run_in(tmp.path(), ["compose", "story.toml", "-o", "out", "-q"]);
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains("cover.png"), "{}", run.stderr);
    assert!(!tmp.path().join("out").exists());
    std::fs::create_dir(tmp.path().join("art")).unwrap();
    std::fs::write(tmp.path().join("art/cover.png"), b"not an image").unwrap();
    let run = run_in(tmp.path(), ["compose", "story.toml", "-o", "out", "-q"]);
    run.expect_clean_failure().expect_code(2);
    assert!(run.stderr.contains("PNG or JPEG"), "{}", run.stderr);

    std::fs::write(tmp.path().join("art/cover.png"), tiny_png()).unwrap();
    run_in(tmp.path(), ["compose", "story.toml", "-o", "out", "-q"]).expect_code(0);
    let out = tmp.path().join("out");
    for (file, title, track) in [
        ("01-flashback.flac", None, Some("1")),
        ("02-loss.flac", None, Some("2")),
        ("album.flac", Some("Tiny Audio"), None),
    ] {
        let path = out.join(file);
        let reader = claxon::FlacReader::open(&path).unwrap();
        let tag = |name: &str| reader.get_tag(name).next().map(str::to_string);
        assert_eq!(tag("ALBUM").as_deref(), Some("Tiny Audio"), "{file}");
        assert_eq!(tag("ARTIST").as_deref(), Some("Ada Lovelace"), "{file}");
        assert_eq!(tag("COMPOSER").as_deref(), Some("Ada Lovelace"), "{file}");
        assert_eq!(tag("GENRE").as_deref(), Some("Soundtrack"), "{file}");
        assert_eq!(tag("DATE").as_deref(), Some("2026-11-21"), "{file}");
        if let Some(t) = title {
            assert_eq!(tag("TITLE").as_deref(), Some(t));
        }
        if let Some(n) = track {
            assert_eq!(tag("TRACKNUMBER").as_deref(), Some(n), "{file}");
            assert_eq!(tag("TRACKTOTAL").as_deref(), Some("2"), "{file}");
            assert!(tag("TITLE").is_some());
        }
        // STREAMINFO, VORBIS_COMMENT, PICTURE.
        assert_eq!(flac_block_types(&path), vec![0, 4, 6], "{file}");
    }
}

#[test]
fn cue_sheet_follows_fps_and_start_timecode_and_rejects_bad_ones() {
    let tmp = TempDir::new().unwrap();
    let story = story();
    let story = story.to_str().unwrap();
    let args = [
        "compose",
        story,
        "-o",
        "out",
        "--no-audio",
        "--fps",
        "29.97",
        "--start-timecode",
        "01:00:00;00",
    ];
    run_in(tmp.path(), args).expect_code(0);
    let csv = std::fs::read_to_string(tmp.path().join("out/cue-sheet.csv")).unwrap();
    assert!(csv.contains("1M1") && csv.contains("1M2"), "{csv}");
    assert!(csv.contains("01:00:00;00"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("out/cue-sheet.json")).unwrap(),
    )
    .unwrap();
    assert!(json.to_string().contains("29.97"), "{json}");
    for (flag, value) in [("--fps", "31"), ("--start-timecode", "25:00:00:00")] {
        let run = run_in(
            tmp.path(),
            ["compose", story, "-o", "bad", "--no-audio", flag, value],
        );
        run.expect_clean_failure();
        assert!(run.stderr.contains(value), "{flag}: {}", run.stderr);
        assert!(!tmp.path().join("bad").exists());
    }
}
