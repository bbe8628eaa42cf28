//! Which themes a cue uses and whose they are.
//!
//! A theme belongs to a character, a place, a relationship (two characters) or, in a story with
//! neither, to the story itself (the main title). The owners are given by name: a character's or
//! place's theme carries its owner's name (`Ren`, `The Harbour`); a relationship theme's owners are
//! the names of its two characters' themes (`Ivy`, `Ren`); the main title's owner is the story's
//! title.

use leitmotif_compose::{ThemeOwner, ThemeRegistry};
use serde::Serialize;

/// One theme heard in a cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeCredit {
    /// The theme id (`ren`, `harbour`, `ivy+ren`).
    pub id: String,
    /// The theme's display name (`Ren`, `Ivy & Ren`).
    pub name: String,
    /// `character`, `place`, `relationship` or `story`.
    pub kind: &'static str,
    /// The owners' names, in the theme's order.
    pub owners: Vec<String>,
}

impl ThemeCredit {
    /// `ren: Ren (character)`, `ivy+ren: Ivy & Ren (relationship)`: the form the CSV and the
    /// Markdown table print.
    pub fn describe(&self) -> String {
        format!("{}: {} ({})", self.id, self.owners.join(" & "), self.kind)
    }
}

/// The credits for theme ids in the order given. An id missing from the registry (which a
/// composed soundtrack never has) is credited to nobody, with kind `unknown`.
pub fn credits(ids: &[String], registry: &ThemeRegistry) -> Vec<ThemeCredit> {
    ids.iter().map(|id| credit(id, registry)).collect()
}

fn credit(id: &str, registry: &ThemeRegistry) -> ThemeCredit {
    let Some(theme) = registry.get(id) else {
        return ThemeCredit {
            id: id.to_string(),
            name: id.to_string(),
            kind: "unknown",
            owners: Vec::new(),
        };
    };
    let name_of = |owner: &str| {
        registry
            .get(owner)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| owner.to_string())
    };
    let (kind, owners) = match &theme.owner {
        ThemeOwner::Character { .. } => ("character", vec![theme.name.clone()]),
        ThemeOwner::Place { .. } => ("place", vec![theme.name.clone()]),
        ThemeOwner::Relationship { ids } => {
            ("relationship", ids.iter().map(|i| name_of(i)).collect())
        }
        ThemeOwner::Story => ("story", vec![theme.name.clone()]),
    };
    ThemeCredit {
        id: theme.id.clone(),
        name: theme.name.clone(),
        kind,
        owners,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_compose::Theme;
    use leitmotif_theory::Key;

    fn theme(id: &str, name: &str, owner: ThemeOwner) -> Theme {
        Theme {
            id: id.into(),
            name: name.into(),
            owner,
            home_key: Key::parse("C major").expect("a key"),
            notes: Vec::new(),
            chords: Vec::new(),
            motif_bars: 2,
            home_bpm: 84.0,
        }
    }

    #[test]
    fn owners_are_named() {
        let registry = ThemeRegistry {
            themes: vec![
                theme("ren", "Ren", ThemeOwner::Character { id: "ren".into() }),
                theme("ivy", "Ivy", ThemeOwner::Character { id: "ivy".into() }),
                theme(
                    "harbour",
                    "The Harbour",
                    ThemeOwner::Place {
                        id: "harbour".into(),
                    },
                ),
                theme(
                    "ivy+ren",
                    "Ivy & Ren",
                    ThemeOwner::Relationship {
                        ids: vec!["ivy".into(), "ren".into()],
                    },
                ),
                theme("main-title", "Small Hours", ThemeOwner::Story),
            ],
        };
        let ids: Vec<String> = ["ren", "harbour", "ivy+ren", "main-title", "ghost"]
            .map(String::from)
            .to_vec();
        let described: Vec<String> = credits(&ids, &registry)
            .iter()
            .map(ThemeCredit::describe)
            .collect();
        assert_eq!(
            described,
            [
                "ren: Ren (character)",
                "harbour: The Harbour (place)",
                "ivy+ren: Ivy & Ren (relationship)",
                "main-title: Small Hours (story)",
                "ghost:  (unknown)",
            ]
        );
        let pair = &credits(&ids, &registry)[2];
        assert_eq!(pair.owners, ["Ivy", "Ren"]);
    }
}
