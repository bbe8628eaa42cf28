//! The musical promises of the composition core, checked on the real example stories with the
//! engine's own analysis tools: every cue sounds in its planned key, its melody stays singable, it
//! states its focus theme recognisably, hits land on time, and themes are distinct.

use leitmotif_compose::themes::similarity::{local_similarity, similarity, Contour};
use leitmotif_compose::{compose, Soundtrack};
use leitmotif_score::Note;
use leitmotif_theory::estimate_key;

fn example(name: &str) -> Soundtrack {
    let path = format!("{}/../../examples/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let story = leitmotif_story::load_story(std::path::Path::new(&path)).expect("example parses");
    compose(&story)
}

fn all_examples() -> Vec<Soundtrack> {
    ["my-heart", "lantern-keep", "eight-colours"]
        .iter()
        .map(|n| example(n))
        .collect()
}

fn contour_of(notes: &[Note]) -> Contour {
    let pitches: Vec<i32> = notes.iter().map(|n| n.pitch.midi()).collect();
    let onsets: Vec<f64> = notes.iter().map(|n| n.start as f64).collect();
    Contour::new(&pitches, &onsets)
}

#[test]
fn every_cue_sounds_in_its_planned_key() {
    for st in all_examples() {
        for cue in &st.cues {
            let mut dist = [0.0; 12];
            for part in cue.score.parts.iter().filter(|p| !p.is_drums()) {
                for n in &part.notes {
                    dist[n.pitch.midi().rem_euclid(12) as usize] += n.duration as f64;
                }
            }
            let k = estimate_key(&dist);
            let key = cue.plan.key;
            assert_eq!(
                (k.tonic, k.minor),
                (key.tonic.semitones(), key.mode.is_minor_family()),
                "{} {}",
                st.title,
                cue.plan.scene_id
            );
        }
    }
}

#[test]
fn melodies_stay_singable() {
    for st in all_examples() {
        for cue in &st.cues {
            let melody = cue.score.part("Melody").expect("a Melody track");
            let pitches: Vec<i32> = melody.notes.iter().map(|n| n.pitch.midi()).collect();
            let range = pitches.iter().max().unwrap() - pitches.iter().min().unwrap();
            let largest = pitches
                .windows(2)
                .map(|w| (w[1] - w[0]).abs())
                .max()
                .unwrap_or(0);
            let steps = pitches
                .windows(2)
                .filter(|w| (w[1] - w[0]).abs() <= 2)
                .count() as f64
                / (pitches.len() - 1) as f64;
            assert!(range <= 21, "{}: range {range}", cue.plan.scene_id);
            assert!(largest <= 14, "{}: leap {largest}", cue.plan.scene_id);
            assert!(
                steps >= 0.43,
                "{}: stepwise share {steps:.2}",
                cue.plan.scene_id
            );
            assert!(melody
                .notes
                .iter()
                .all(|n| n.pitch.midi() >= melody.instrument.low as i32
                    && n.pitch.midi() <= melody.instrument.high as i32));
        }
    }
}

#[test]
fn every_cue_states_its_focus_theme() {
    for st in all_examples() {
        for cue in &st.cues {
            let theme = st.themes.get(&cue.plan.focus).expect("focus theme exists");
            assert_eq!(cue.themes_used.first(), Some(&theme.id));
            let theme_score = leitmotif_compose::theme_score(theme);
            let needle = contour_of(&theme_score.parts[0].notes);
            let hay = contour_of(&cue.score.part("Melody").unwrap().notes);
            let found = local_similarity(&needle, &hay);
            assert!(
                found >= 0.81,
                "{} {}: {found:.2}",
                st.title,
                cue.plan.scene_id
            );
        }
    }
}

#[test]
fn themes_are_distinct() {
    for st in all_examples() {
        let contours: Vec<Contour> = st
            .themes
            .themes
            .iter()
            .map(|t| contour_of(&leitmotif_compose::theme_score(t).parts[0].notes))
            .collect();
        for i in 0..contours.len() {
            for j in i + 1..contours.len() {
                let s = similarity(&contours[i], &contours[j]);
                assert!(
                    s < 0.67,
                    "{}: {} vs {}: {s:.2}",
                    st.title,
                    st.themes.themes[i].id,
                    st.themes.themes[j].id
                );
            }
        }
    }
}

#[test]
fn cues_last_their_scene_and_hits_land_on_downbeats() {
    for st in all_examples() {
        for cue in &st.cues {
            assert!(
                (cue.score.duration_seconds() - cue.plan.duration_seconds).abs() < 0.5,
                "{}",
                cue.plan.scene_id
            );
            let bar = cue.plan.meter.bar_ticks();
            for hit in &cue.plan.fit.hits {
                assert!(hit.error_ms.abs() < 10.0, "{hit:?}");
                let landed = cue.score.tempo.seconds_at(hit.tick);
                assert!((landed - hit.requested_seconds).abs() < 0.010);
                if cue.plan.duration_seconds >= 12.0 {
                    assert_eq!(hit.tick % bar, 0, "{} {hit:?}", cue.plan.scene_id);
                }
            }
            for part in &cue.score.parts {
                assert!(
                    part.notes.iter().all(|n| n.end() <= cue.score.end),
                    "{} {}",
                    cue.plan.scene_id,
                    part.name
                );
            }
        }
    }
}

#[test]
fn composing_twice_gives_the_same_scores() {
    let a = example("lantern-keep");
    let b = example("lantern-keep");
    for (x, y) in a.cues.iter().zip(&b.cues) {
        assert_eq!(x.score, y.score);
    }
}
