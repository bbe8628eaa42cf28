//! The quality bar of screenplay import, measured through the whole pipeline a user runs (Fountain
//! reader -> story builder -> story file -> story loader): on the labelled scenes, the sign of the
//! inferred valence and arousal agrees with the label on at least 80 % of scenes.

use leitmotif_screenplay::{import_text, ScreenplayFormat};
use std::path::Path;

/// (valence sign, arousal sign) from a `[[label valence=+ arousal=-]]` first line.
fn label(text: &str) -> Option<(i8, i8)> {
    let line = text.lines().next()?;
    let sign = |key: &str| -> Option<i8> {
        let at = line.find(key)? + key.len();
        match line[at..].chars().next()? {
            '+' => Some(1),
            '-' => Some(-1),
            _ => Some(0),
        }
    };
    Some((sign("valence=")?, sign("arousal=")?))
}

fn agrees(sign: i8, value: f64) -> bool {
    match sign {
        1 => value > 0.0,
        -1 => value < 0.0,
        _ => value.abs() < 0.15,
    }
}

/// Valence and arousal agreement over the `.fountain` files of a folder.
fn agreement(dir: &Path) -> (f64, f64, usize) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "fountain"))
        .collect();
    files.sort();
    let (mut v_ok, mut a_ok) = (0, 0);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let (lv, la) = label(&text).unwrap_or_else(|| panic!("{} has no label", f.display()));
        let imported = import_text(&text, ScreenplayFormat::Fountain, &f.display().to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let scene = &imported.story.scenes[0];
        let (v, a) = (scene.emotion.point.valence, scene.emotion.point.arousal);
        let (vo, ao) = (agrees(lv, v), agrees(la, a));
        v_ok += vo as usize;
        a_ok += ao as usize;
        println!(
            "{:40} label ({lv:+}, {la:+}) inferred ({v:+.2}, {a:+.2}) {}{}",
            f.file_name().unwrap().to_string_lossy(),
            if vo { "" } else { " valence-miss" },
            if ao { "" } else { " arousal-miss" }
        );
    }
    let n = files.len();
    (v_ok as f64 / n as f64, a_ok as f64 / n as f64, n)
}

#[test]
fn labelled_scenes_agree_through_the_whole_pipeline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/labelled");
    let (v, a, n) = agreement(&dir);
    println!("labelled: {n} scenes, valence sign agreement {v:.2}, arousal sign agreement {a:.2}");
    assert!(n >= 40);
    assert!(v >= 0.8 && a >= 0.8, "valence {v:.2}, arousal {a:.2}");
}

#[test]
fn held_out_scenes_are_reported() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/labelled/holdout");
    let (v, a, n) = agreement(&dir);
    println!("held out: {n} scenes, valence sign agreement {v:.2}, arousal sign agreement {a:.2}");
    // written after tuning; reported, and held to a looser floor so the figure stays honest
    assert!(v >= 0.6 && a >= 0.6, "valence {v:.2}, arousal {a:.2}");
}
