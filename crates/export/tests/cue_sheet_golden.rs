//! Golden test: the cue sheet of the small story (tests/stories/small.toml), as CSV, JSON and
//! Markdown, at 24 fps from 00:00:00:00, must match tests/golden/cue-sheet.{csv,json,md} byte for
//! byte. A diff of these files shows exactly what a change does to real cue sheets.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the golden files after an intended change, then read the
//! diff before keeping it.

use leitmotif_compose::Soundtrack;
use leitmotif_export::cue_sheet::{CueSheet, CueSheetOptions};
use leitmotif_export::timecode::{FrameRate, Timecode};
use std::{fs, path::PathBuf, sync::OnceLock};

const COMPOSER: &str = "Leitmotif";

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// The small story, composed once for every test here.
fn soundtrack() -> &'static Soundtrack {
    static SOUNDTRACK: OnceLock<Soundtrack> = OnceLock::new();
    SOUNDTRACK.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/stories/small.toml");
        let story = leitmotif_story::load_story(&path).expect("the small story loads");
        leitmotif_compose::compose(&story)
    })
}

fn sheet(fps: FrameRate, start: &str) -> CueSheet {
    let options = CueSheetOptions {
        fps,
        start: Timecode::parse(start, fps).expect("a start timecode"),
        composer: COMPOSER.into(),
    };
    CueSheet::new(soundtrack(), &options).expect("the small story fits the day")
}

fn check_golden(name: &str, actual: &str) {
    let path = golden(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        eprintln!(
            "note: UPDATE_GOLDEN is set: rewrote {}; review the diff before keeping it",
            path.display()
        );
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let at = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from what the cue sheet writes now, first at line {}:\n - {:?}\n + {:?}\n\
             If the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff.",
            path.display(),
            at + 1,
            expected.lines().nth(at),
            actual.lines().nth(at)
        );
    }
}

#[test]
fn csv_matches_the_golden_file() {
    check_golden(
        "cue-sheet.csv",
        &sheet(FrameRate::Fps24, "00:00:00:00").to_csv(),
    );
}

#[test]
fn json_matches_the_golden_file() {
    check_golden(
        "cue-sheet.json",
        &sheet(FrameRate::Fps24, "00:00:00:00").to_json(),
    );
}

#[test]
fn markdown_matches_the_golden_file() {
    check_golden(
        "cue-sheet.md",
        &sheet(FrameRate::Fps24, "00:00:00:00").to_markdown(),
    );
}

#[test]
fn the_same_soundtrack_gives_the_same_bytes() {
    let a = sheet(FrameRate::Fps29_97Df, "01:00:00;00");
    let b = sheet(FrameRate::Fps29_97Df, "01:00:00;00");
    assert_eq!(a.to_csv(), b.to_csv());
    assert_eq!(a.to_json(), b.to_json());
    assert_eq!(a.to_markdown(), b.to_markdown());
}

/// The sheet says what the manifest says: cue order, scenes, titles, times and themes.
#[test]
fn the_sheet_follows_the_soundtrack() {
    let s = sheet(FrameRate::Fps24, "00:00:00:00");
    let st = soundtrack();
    assert_eq!(s.title, "Small Hours");
    assert_eq!(s.cues.len(), st.cues.len());
    for (entry, cue) in s.cues.iter().zip(&st.cues) {
        assert_eq!(entry.number, cue.plan.number);
        assert_eq!(entry.scene, cue.plan.scene_id);
        assert_eq!(entry.title, cue.plan.title);
        let ids: Vec<&str> = entry.themes.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            cue.themes_used
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
    }
    let codes: Vec<String> = s.cues.iter().map(|c| c.code.to_string()).collect();
    assert_eq!(codes, ["1M1", "1M2", "1M3"]);
    let times: Vec<(String, String, String)> = s
        .cues
        .iter()
        .map(|c| {
            (
                c.timecode_in.to_string(),
                c.timecode_out.to_string(),
                c.duration.to_string(),
            )
        })
        .collect();
    let expect = |i: &str, o: &str, d: &str| (i.to_string(), o.to_string(), d.to_string());
    assert_eq!(
        times,
        [
            expect("00:00:00:00", "00:00:30:00", "00:00:30:00"),
            expect("00:00:30:00", "00:00:54:00", "00:00:24:00"),
            expect("00:00:54:00", "00:01:30:00", "00:00:36:00"),
        ]
    );
    // the first theme of each cue is its focus, credited to the character by name
    assert_eq!(s.cues[0].themes[0].describe(), "ren: Ren (character)");
    assert_eq!(s.cues[1].themes[0].describe(), "ivy: Ivy (character)");
    for cue in &s.cues {
        for t in &cue.themes {
            assert!(!t.owners.is_empty(), "{t:?}");
            assert_ne!(t.kind, "unknown");
        }
    }
    assert_eq!(s.total_duration().to_string(), "00:01:30:00");
}

/// 29.97 drop-frame from an hour: 30 s is 899.1 frames, 54 s 1618.4, 90 s 2697.3. The last cue
/// crosses a minute, so its out label skips ;00 and ;01; a duration is a frame count (the last
/// cue's 1079 frames), labelled as if from 00:00:00;00.
#[test]
fn drop_frame_from_one_hour() {
    let s = sheet(FrameRate::Fps29_97Df, "01:00:00;00");
    let row = |i: usize| {
        let c = &s.cues[i];
        format!("{} {} {}", c.timecode_in, c.timecode_out, c.duration)
    };
    assert_eq!(row(0), "01:00:00;00 01:00:29;29 00:00:29;29");
    assert_eq!(row(1), "01:00:29;29 01:00:53;28 00:00:23;29");
    assert_eq!(row(2), "01:00:53;28 01:01:29;29 00:00:35;29");
    // out of one cue is in of the next
    for pair in s.cues.windows(2) {
        assert_eq!(pair[0].timecode_out, pair[1].timecode_in);
    }
    let csv = s.to_csv();
    assert!(
        csv.contains(",01:00:53;28,01:01:29;29,00:00:35;29,36.000,29.97df,BI,"),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(json["fps"], "29.97df");
    assert_eq!(json["drop_frame"], true);
    assert_eq!(json["start"], "01:00:00;00");
    assert_eq!(json["cues"][2]["out_frames"], 107_892 + 2697);
}

/// 23.976 runs timecode 0.1% slow: 90 real seconds are 2157.8 frames, labelled 00:01:29:22.
#[test]
fn twenty_three_976_labels_lag_the_clock() {
    let s = sheet(FrameRate::Fps23_976, "00:59:00:00");
    let last = s.cues.last().unwrap();
    assert_eq!(last.timecode_out.to_string(), "01:00:29:22");
    assert_eq!(s.total_duration().to_string(), "00:01:29:22");
    assert_eq!(s.total_seconds(), 90.0);
}

#[test]
fn a_start_at_another_rate_or_too_late_is_an_error() {
    let options = CueSheetOptions {
        fps: FrameRate::Fps25,
        start: Timecode::zero(FrameRate::Fps24),
        composer: COMPOSER.into(),
    };
    let e = CueSheet::new(soundtrack(), &options).unwrap_err();
    assert!(e.to_string().contains("25 fps"), "{e}");
    let options = CueSheetOptions {
        fps: FrameRate::Fps25,
        start: Timecode::parse("23:59:00:00", FrameRate::Fps25).unwrap(),
        composer: COMPOSER.into(),
    };
    let e = CueSheet::new(soundtrack(), &options)
        .unwrap_err()
        .to_string();
    assert!(e.contains("1M3") && e.contains("Waltz at Dawn"), "{e}");
    assert!(e.contains("23:59:59:24"), "{e}");
}

/// The CSV is well-formed RFC 4180 (every record has every column, CRLF line ends) and the JSON
/// is a versioned document whose rows agree with the CSV.
#[test]
fn the_formats_agree() {
    let s = sheet(FrameRate::Fps25, "10:00:00:00");
    let csv = s.to_csv();
    assert!(csv.ends_with("\r\n"));
    let records: Vec<&str> = csv.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    assert_eq!(records.len(), 1 + s.cues.len());
    assert_eq!(
        records[0],
        "cue,reel,scene,title,in,out,duration,duration_seconds,fps,usage,themes,composer"
    );
    let json: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(json["format"], "leitmotif-cue-sheet");
    assert_eq!(json["version"], 1);
    assert_eq!(json["composer"], COMPOSER);
    for (i, record) in records[1..].iter().enumerate() {
        // no field of the small story needs quoting, so commas split fields
        let fields: Vec<&str> = record.split(',').collect();
        assert_eq!(fields.len(), 12, "{record}");
        let cue = &json["cues"][i];
        assert_eq!(fields[0], cue["cue"]);
        assert_eq!(fields[4], cue["in"]);
        assert_eq!(fields[5], cue["out"]);
        assert_eq!(fields[6], cue["duration"]);
        assert_eq!(fields[9], "BI");
        assert_eq!(fields[11], COMPOSER);
    }
    let md = s.to_markdown();
    assert!(
        md.contains("| 1M1 | Arrival | arrival | 10:00:00:00 | 10:00:30:00 |"),
        "{md}"
    );
}
