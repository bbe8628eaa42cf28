//! A complete, valid story reads into the expected model, with every default applied.

use leitmotif_story::{parse_story, EntityKind, HitKind, Intensity, Style};
use leitmotif_theory::{Emotion, Key, Meter, NamedEmotion};

const STORY: &str = r#"
title = "My Heart"
style = "kdrama-ballad"
key = "D major"

[[character]]
id = "mina"
name = "Mina"
traits = ["Shy", "hopeful"]

[[character]]
id = "joon"
name = "Joon"

[[place]]
id = "seoul-night"
name = "Seoul at night"
traits = ["lonely"]

[[scene]]
id = "first-meeting"
title = "First Love's Whisper"
duration = "1:30"
emotion = "tender"
intensity = [0.2, 0.8]
characters = ["mina", "joon"]
place = "seoul-night"
hits = [{ at = "1:10", kind = "stinger" }, { at = "0:45" }, { at = 20.5, kind = "silence" }]
key = "F# minor"
tempo = 72
meter = "3/4"
instruments = ["piano", "strings"]
style = "jazz"

[[scene]]
id = "the-long-night"
duration = 95
valence = -0.5
arousal = 0.25

[[scene]]
id = "chase"
duration = "0:12:03"
emotion = "tense"
valence = -0.7
arousal = 0.9
intensity = 1

[[scene.hits]]
at = "95"
kind = "cut"
"#;

#[test]
fn a_full_story_reads_into_the_model() {
    let story = parse_story(STORY, "my-heart.toml").expect("valid story");
    assert_eq!(story.title, "My Heart");
    assert_eq!(story.seed, 0x93e6_ee51_6da2_fedf, "FNV-1a 64 of the title");
    assert_eq!(story.style, Style::KdramaBallad);
    assert_eq!(story.key, Some(Key::parse("D major").unwrap()));

    assert_eq!(story.characters.len(), 2);
    assert_eq!(story.characters[0].id, "mina");
    assert_eq!(story.characters[0].kind, EntityKind::Character);
    assert_eq!(story.characters[0].traits, ["shy", "hopeful"]);
    assert!(story.characters[1].traits.is_empty());
    assert_eq!(story.places.len(), 1);
    assert_eq!(story.places[0].kind, EntityKind::Place);
    assert_eq!(story.places[0].name, "Seoul at night");
    assert_eq!(story.entity("seoul-night").unwrap().traits, ["lonely"]);

    let first = &story.scenes[0];
    assert_eq!(first.id, "first-meeting");
    assert_eq!(first.title, "First Love's Whisper");
    assert_eq!(first.duration_seconds, 90.0);
    assert_eq!(first.emotion.name, Some(NamedEmotion::Tender));
    assert_eq!(first.emotion.point, NamedEmotion::Tender.point());
    assert_eq!(
        first.intensity,
        Intensity {
            start: 0.2,
            end: 0.8
        }
    );
    assert_eq!(first.characters, ["mina", "joon"]);
    assert_eq!(first.place.as_deref(), Some("seoul-night"));
    let hits: Vec<(f64, HitKind)> = first.hits.iter().map(|h| (h.at_seconds, h.kind)).collect();
    assert_eq!(
        hits,
        [
            (20.5, HitKind::Silence),
            (45.0, HitKind::Accent),
            (70.0, HitKind::Stinger)
        ],
        "hits are sorted by time; kind defaults to accent"
    );
    assert_eq!(first.overrides.key, Some(Key::parse("F# minor").unwrap()));
    assert_eq!(first.overrides.tempo_bpm, Some(72.0));
    assert_eq!(first.overrides.meter, Some(Meter::WALTZ));
    let instruments: Vec<&str> = first
        .overrides
        .instruments
        .as_ref()
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(instruments, ["piano", "strings"]);
    assert_eq!(first.overrides.style, Some(Style::Jazz));
    assert_eq!(story.style_of(first), Style::Jazz);

    let night = &story.scenes[1];
    assert_eq!(night.title, "The Long Night", "title defaults from the id");
    assert_eq!(night.duration_seconds, 95.0);
    assert_eq!(night.emotion.name, None);
    assert_eq!(night.emotion.point, Emotion::new(-0.5, 0.25));
    assert_eq!(
        night.intensity,
        Intensity {
            start: 0.5,
            end: 0.5
        },
        "intensity defaults to 0.5"
    );
    assert!(night.characters.is_empty() && night.place.is_none() && night.hits.is_empty());
    assert_eq!(night.overrides, Default::default());
    assert_eq!(story.style_of(night), Style::KdramaBallad);

    let chase = &story.scenes[2];
    assert_eq!(chase.duration_seconds, 723.0);
    assert_eq!(
        chase.emotion.name,
        Some(NamedEmotion::Tense),
        "valence/arousal override the point but keep the name"
    );
    assert_eq!(chase.emotion.point, Emotion::new(-0.7, 0.9));
    assert_eq!(chase.intensity.start, 1.0);
    assert_eq!(chase.hits.len(), 1);
    assert_eq!(chase.hits[0].at_seconds, 95.0);
    assert_eq!(chase.hits[0].kind, HitKind::Cut);
}

#[test]
fn defaults_for_a_minimal_story() {
    let story = parse_story(
        "title = \"Tiny\"\n[[scene]]\nid = \"only\"\nduration = 5\nemotion = \"calm\"\n",
        "tiny.toml",
    )
    .unwrap();
    assert_eq!(story.style, Style::Orchestral);
    assert_eq!(story.key, None);
    assert_eq!(story.seed, leitmotif_story::fnv1a_64("Tiny"));
    assert!(story.characters.is_empty() && story.places.is_empty());
    assert_eq!(story.scenes[0].title, "Only");
}

#[test]
fn a_given_seed_wins_and_limits_are_inclusive() {
    let story = parse_story(
        "title = \"T\"\nseed = 7\n[[scene]]\nid = \"a\"\nduration = \"20:00\"\nemotion = \"epic\"\ntempo = 240\nintensity = [0, 1]\nhits = [{ at = 1 }, { at = 2 }]\n[[scene]]\nid = \"b\"\nduration = \"0:05\"\nemotion = \"sad\"\ntempo = 30.0\n",
        "t.toml",
    )
    .unwrap();
    assert_eq!(story.seed, 7);
    assert_eq!(story.scenes[0].duration_seconds, 1200.0);
    assert_eq!(story.scenes[1].duration_seconds, 5.0);
    assert_eq!(
        story.scenes[0].hits.len(),
        2,
        "hits exactly 1 s apart are fine"
    );
}
