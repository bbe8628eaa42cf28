//! Leitmotifs: one theme per character and place, and a relationship theme for each pair of
//! characters who share a scene. Themes are chosen from many seeded candidates by explicit
//! melodic rules and by distinctness from the themes already chosen.

pub mod character;
pub mod generate;
pub mod rhythm_cells;
pub mod rules;
pub mod similarity;
pub mod theme;

use crate::rng::Dice;
use character::ThemeSpec;
use leitmotif_story::{Entity, EntityKind, Story};
use leitmotif_theory::{Degree, Key, Letter, Mode, PitchClass};
use similarity::{similarity, Contour};
pub use theme::{Theme, ThemeNote, ThemeOwner, SIXTEENTHS_PER_BAR};

/// How many candidates each theme is chosen from.
const CANDIDATES: u64 = 400;
/// Themes more alike than this (global similarity) are penalised; the eval harness calls two real,
/// unrelated melodies "unrelated" below about 0.67, so we aim well under it.
const DISTINCT_BELOW: f64 = 0.55;

/// All themes of a story, in a stable order: characters, places, relationships.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeRegistry {
    pub themes: Vec<Theme>,
}

impl ThemeRegistry {
    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The relationship theme id for two characters, if one exists.
    pub fn relationship(&self, a: &str, b: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| match &t.owner {
            ThemeOwner::Relationship { ids } => {
                ids.len() == 2 && ids.contains(&a.to_string()) && ids.contains(&b.to_string())
            }
            _ => false,
        })
    }

    /// Builds every theme of the story.
    pub fn build(story: &Story) -> ThemeRegistry {
        let home = home_key(story);
        let mut themes: Vec<Theme> = Vec::new();
        for entity in story.characters.iter().chain(story.places.iter()) {
            let mut d = Dice::new(story.seed, &format!("theme:{}", entity.id));
            let spec = ThemeSpec::from_traits(&entity.traits, d.unit());
            let theme = choose(story.seed, &entity.id, &spec, &[], &themes, true);
            themes.push(finish(entity, theme, &spec, home));
        }
        if themes.is_empty() {
            // a story of scenes only still needs a theme to develop: the main title
            let spec =
                ThemeSpec::from_traits(&[], Dice::new(story.seed, "theme:main-title").unit());
            let (notes, chords) = choose(story.seed, "main-title", &spec, &[], &[], true);
            themes.push(Theme {
                id: "main-title".into(),
                name: story.title.clone(),
                owner: ThemeOwner::Story,
                home_key: key_for_mode(home, spec.mode),
                notes,
                chords,
                motif_bars: 2,
                home_bpm: 84.0,
            });
        }
        for (a, b) in relationship_pairs(story) {
            let (ta, tb) = match (
                themes.iter().find(|t| t.id == a),
                themes.iter().find(|t| t.id == b),
            ) {
                (Some(x), Some(y)) => (x.clone(), y.clone()),
                _ => continue,
            };
            let id = format!("{a}+{b}");
            let mut spec = ThemeSpec::from_traits(&[], 0.0);
            spec.mode = ta.mode();
            spec.opening_leap = None;
            let fixed = relationship_quotes(&ta, &tb);
            let (notes, chords) = choose(story.seed, &id, &spec, &fixed, &themes, false);
            let names = |x: &str| {
                story
                    .entity(x)
                    .map(|e| e.name.clone())
                    .unwrap_or_else(|| x.to_string())
            };
            themes.push(Theme {
                id,
                name: format!("{} & {}", names(&a), names(&b)),
                owner: ThemeOwner::Relationship {
                    ids: vec![a.clone(), b.clone()],
                },
                home_key: key_for_mode(home, spec.mode),
                notes,
                chords,
                motif_bars: 2,
                home_bpm: 84.0,
            });
        }
        ThemeRegistry { themes }
    }
}

/// The soundtrack's home key: the story's, or one picked from the seed among keys that sit well
/// on most instruments.
pub fn home_key(story: &Story) -> Key {
    if let Some(k) = story.key {
        return k;
    }
    let mut d = Dice::new(story.seed, "home-key");
    let choices = [
        (Letter::C, 0),
        (Letter::D, 0),
        (Letter::E, -1),
        (Letter::F, 0),
        (Letter::G, 0),
        (Letter::A, 0),
        (Letter::B, -1),
    ];
    let (l, a) = *d.pick(&choices);
    Key::new(PitchClass::new(l, a), Mode::Major)
}

/// The home key re-cast for a theme's mode (relative minor/major keeps the shared signature).
pub fn key_for_mode(home: Key, mode: Mode) -> Key {
    if home.mode.is_minor_family() == mode.is_minor_family() {
        Key::new(home.tonic, mode)
    } else {
        let rel = home.relative();
        Key::new(rel.tonic, mode)
    }
}

fn finish(
    entity: &Entity,
    chosen: (Vec<ThemeNote>, Vec<leitmotif_theory::Chord>),
    spec: &ThemeSpec,
    home: Key,
) -> Theme {
    let owner = match entity.kind {
        EntityKind::Character => ThemeOwner::Character {
            id: entity.id.clone(),
        },
        EntityKind::Place => ThemeOwner::Place {
            id: entity.id.clone(),
        },
    };
    Theme {
        id: entity.id.clone(),
        name: entity.name.clone(),
        owner,
        home_key: key_for_mode(home, spec.mode),
        notes: chosen.0,
        chords: chosen.1,
        motif_bars: 2,
        home_bpm: 84.0,
    }
}

/// Pairs of characters who share a scene (the scene's first two), each pair once, in story order.
fn relationship_pairs(story: &Story) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for scene in &story.scenes {
        if scene.characters.len() >= 2 {
            let (a, b) = (scene.characters[0].clone(), scene.characters[1].clone());
            if !pairs
                .iter()
                .any(|(x, y)| (x == &a && y == &b) || (x == &b && y == &a))
            {
                pairs.push((a, b));
            }
        }
    }
    pairs
}

/// A relationship theme opens with A's motif and answers with B's motif (moved to start near where
/// A's left off); the rest is composed fresh so it is a theme of its own.
fn relationship_quotes(a: &Theme, b: &Theme) -> Vec<Option<Vec<ThemeNote>>> {
    let motif_a = a.excerpt(0, 2);
    let motif_b = b.excerpt(0, 2);
    let last_a = motif_a.last().map(|n| n.degree.step).unwrap_or(0);
    let first_b = motif_b.first().map(|n| n.degree.step).unwrap_or(0);
    let shift = (last_a - first_b + 1).clamp(-4, 4);
    let answer: Vec<ThemeNote> = motif_b
        .iter()
        .map(|n| ThemeNote {
            degree: Degree::altered(n.degree.step + shift, n.degree.alter),
            start: n.start + 2 * SIXTEENTHS_PER_BAR,
            len: n.len,
        })
        .collect();
    let bar = |notes: &[ThemeNote], b: usize| -> Vec<ThemeNote> {
        notes.iter().filter(|n| n.bar() == b).copied().collect()
    };
    vec![
        Some(bar(&motif_a, 0)),
        Some(bar(&motif_a, 1)),
        Some(bar(&answer, 2)),
        Some(bar(&answer, 3)),
    ]
}

/// The contour of a theme realised in its own mode, for similarity checks.
pub fn contour(notes: &[ThemeNote], mode: Mode) -> Contour {
    let semis = rules::semitones(notes, mode);
    let onsets: Vec<f64> = notes.iter().map(|n| n.start as f64).collect();
    Contour::new(&semis, &onsets)
}

/// A theme's notes and the harmony they imply.
type Drawn = (Vec<ThemeNote>, Vec<leitmotif_theory::Chord>);

/// Draws candidates and keeps the one with the lowest rule penalty plus distinctness penalty.
fn choose(
    seed: u64,
    id: &str,
    spec: &ThemeSpec,
    fixed: &[Option<Vec<ThemeNote>>],
    others: &[Theme],
    period: bool,
) -> Drawn {
    let other_contours: Vec<Contour> = others.iter().map(|t| contour(&t.notes, t.mode())).collect();
    let mut best: Option<(f64, Drawn)> = None;
    for i in 0..CANDIDATES {
        let mut d = Dice::new(seed, &format!("theme:{id}:candidate:{i}"));
        let (notes, chords) = generate::candidate(&mut d, spec, fixed, period);
        let report = rules::score(&notes, &chords, spec.mode, spec.max_range);
        let mine = contour(&notes, spec.mode);
        let closest = other_contours
            .iter()
            .map(|c| similarity(&mine, c))
            .fold(0.0, f64::max);
        let distinct_penalty = if closest > DISTINCT_BELOW {
            (closest - DISTINCT_BELOW) * 60.0
        } else {
            0.0
        };
        let total = report.penalty + distinct_penalty;
        if best.as_ref().map(|b| total < b.0).unwrap_or(true) {
            best = Some((total, (notes, chords)));
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}
