//! `cue-sheet.json`: the sheet for tools. Versioned like the manifest (`format`, `version`);
//! every field is listed in docs/cue-sheet.md. Pretty-printed, fields in a fixed order, numbers
//! to the millisecond, so the same soundtrack and options give the same bytes.

use super::{credit::ThemeCredit, reel::REEL_SECONDS, CueSheet, CueSheetEntry};
use serde::Serialize;

/// Bumped whenever a field changes meaning or disappears.
pub const CUE_SHEET_VERSION: u32 = 1;

#[derive(Serialize)]
struct SheetJson<'a> {
    format: &'static str,
    version: u32,
    title: &'a str,
    composer: &'a str,
    fps: &'static str,
    drop_frame: bool,
    start: String,
    reel_minutes: u32,
    total_duration: String,
    total_frames: u64,
    total_seconds: f64,
    cues: Vec<CueJson<'a>>,
}

#[derive(Serialize)]
struct CueJson<'a> {
    cue: String,
    reel: u32,
    number: u32,
    scene: &'a str,
    title: &'a str,
    #[serde(rename = "in")]
    timecode_in: String,
    out: String,
    duration: String,
    in_frames: u64,
    out_frames: u64,
    duration_frames: u64,
    start_seconds: f64,
    duration_seconds: f64,
    usage: &'static str,
    usage_description: &'static str,
    themes: &'a [ThemeCredit],
    composer: &'a str,
}

fn cue_json<'a>(sheet: &'a CueSheet, cue: &'a CueSheetEntry) -> CueJson<'a> {
    CueJson {
        cue: cue.code.to_string(),
        reel: cue.code.reel,
        number: cue.number,
        scene: &cue.scene,
        title: &cue.title,
        timecode_in: cue.timecode_in.to_string(),
        out: cue.timecode_out.to_string(),
        duration: cue.duration.to_string(),
        in_frames: cue.timecode_in.frames(),
        out_frames: cue.timecode_out.frames(),
        duration_frames: cue.duration.frames(),
        start_seconds: cue.start_seconds,
        duration_seconds: cue.duration_seconds,
        usage: cue.usage.code(),
        usage_description: cue.usage.description(),
        themes: &cue.themes,
        composer: &sheet.composer,
    }
}

pub(super) fn render(sheet: &CueSheet) -> String {
    let total = sheet.total_duration();
    let json = SheetJson {
        format: "leitmotif-cue-sheet",
        version: CUE_SHEET_VERSION,
        title: &sheet.title,
        composer: &sheet.composer,
        fps: sheet.fps.name(),
        drop_frame: sheet.fps.is_drop_frame(),
        start: sheet.start.to_string(),
        reel_minutes: (REEL_SECONDS / 60.0) as u32,
        total_duration: total.to_string(),
        total_frames: total.frames(),
        total_seconds: sheet.total_seconds(),
        cues: sheet.cues.iter().map(|c| cue_json(sheet, c)).collect(),
    };
    let mut s =
        serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
