//! Screenplay import through the real binary: compose straight from a Fountain script, import it to
//! an editable story, and get the same music either way.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_leitmotif"))
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn composes_straight_from_a_fountain_script() {
    let tmp = TempDir::new().unwrap();
    let script = example("last-train.fountain");
    let out = tmp.path().join("out");
    let o = run(
        tmp.path(),
        &[
            "compose",
            script.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--no-audio",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("soundtrack.json")).unwrap()).unwrap();
    assert_eq!(manifest["title"], "The Last Train");
    let cues = manifest["cues"].as_array().unwrap();
    assert_eq!(cues.len(), 6, "one cue per scene heading");
    // the notes were obeyed: grief in the hospital, a hit at 0:25 on the bridge
    let hospital = cues
        .iter()
        .find(|c| c["scene"].as_str().unwrap().contains("hospital"))
        .unwrap();
    assert_eq!(hospital["emotion"]["name"], "grief");
    let bridge = cues
        .iter()
        .find(|c| c["scene"].as_str().unwrap().contains("bridge"))
        .unwrap();
    let hits: Vec<f64> = bridge["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["requested_seconds"].as_f64().unwrap())
        .collect();
    assert!(hits.contains(&25.0), "{hits:?}");
    assert!(
        hits.contains(&1.0),
        "SMASH CUT TO: puts an accent at the scene's start: {hits:?}"
    );
    // inferred fields are recorded with a confidence
    let first = &cues[0];
    let inferred = first["inferred"]
        .as_array()
        .expect("inferred fields listed");
    assert!(inferred.iter().any(|i| i["field"] == "emotion"));
    assert!(inferred
        .iter()
        .all(|i| (0.0..=1.0).contains(&i["confidence"].as_f64().unwrap())));
    // the bakery recurs: it is a place with a theme
    assert!(manifest["themes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["belongs_to"]["kind"] == "place"));
}

#[test]
fn import_then_compose_gives_the_same_music() {
    let tmp = TempDir::new().unwrap();
    let script = example("last-train.fountain");
    let story = tmp.path().join("story.toml");
    let o = run(
        tmp.path(),
        &[
            "import",
            script.to_str().unwrap(),
            "-o",
            story.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&story).unwrap();
    assert!(text.contains("inferred (confidence"), "{text}");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    assert!(run(
        tmp.path(),
        &[
            "compose",
            script.to_str().unwrap(),
            "-o",
            a.to_str().unwrap(),
            "-q",
            "--no-audio"
        ]
    )
    .status
    .success());
    assert!(run(
        tmp.path(),
        &[
            "compose",
            story.to_str().unwrap(),
            "-o",
            b.to_str().unwrap(),
            "-q",
            "--no-audio"
        ]
    )
    .status
    .success());
    let mut compared = 0;
    for entry in fs::read_dir(&a).unwrap() {
        let name = entry.unwrap().file_name();
        if name.to_string_lossy().ends_with(".mid") {
            assert_eq!(
                fs::read(a.join(&name)).unwrap(),
                fs::read(b.join(&name)).unwrap(),
                "{name:?}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 6);
}

#[test]
fn import_prints_the_story_when_no_output_is_given() {
    let tmp = TempDir::new().unwrap();
    let o = run(
        tmp.path(),
        &["import", example("last-train.fountain").to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("[[scene]]") && text.contains("title = \"The Last Train\""));
    assert!(
        fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn a_screenplay_without_scenes_is_a_clear_error() {
    let tmp = TempDir::new().unwrap();
    let script = tmp.path().join("notes.fountain");
    fs::write(
        &script,
        "Title: Nothing yet\n\nJust some thoughts about a film.\n",
    )
    .unwrap();
    let o = run(
        tmp.path(),
        &[
            "compose",
            script.to_str().unwrap(),
            "-o",
            tmp.path().join("out").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no scenes"), "{}", stderr(&o));
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn malformed_screenplays_still_compose_with_located_warnings() {
    let tmp = TempDir::new().unwrap();
    let script = tmp.path().join("rough.fountain");
    fs::write(&script, "INT. ROOM - DAY\n\nShe waits. /* unfinished boneyard\n\n[[duration soon]]\n\nEXT. ROAD - NIGHT\n\nHe runs!\n").unwrap();
    let o = run(
        tmp.path(),
        &[
            "compose",
            script.to_str().unwrap(),
            "-o",
            tmp.path().join("out").to_str().unwrap(),
            "-q",
            "--no-audio",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("rough.fountain:") && err.contains("warning"),
        "{err}"
    );
}

#[test]
fn import_refuses_to_overwrite_the_screenplay() {
    let tmp = TempDir::new().unwrap();
    let script = tmp.path().join("s.fountain");
    fs::write(&script, "INT. ROOM - DAY\n\nShe waits.\n").unwrap();
    let o = run(
        tmp.path(),
        &[
            "import",
            script.to_str().unwrap(),
            "-o",
            script.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(&script).unwrap(),
        "INT. ROOM - DAY\n\nShe waits.\n"
    );
}
