//! How a character's or place's traits shape its theme: mode, rhythm family, opening gesture,
//! leap appetite and range. Trait words follow film-scoring conventions (heroic themes rise by a
//! fourth on a dotted rhythm; mysterious ones lean minor with chromatic neighbours; playful ones
//! leap and skip; shy ones move by step in a narrow range).

use leitmotif_theory::Mode;

/// Families of one-bar rhythm cells (see `rhythm_cells`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RhythmFamily {
    Lyrical,
    Dotted,
    Playful,
    Spacious,
}

/// The generator's brief for one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeSpec {
    pub mode: Mode,
    pub rhythm: RhythmFamily,
    /// Preferred first interval in scale steps (e.g. 3 = rising fourth); None = free.
    pub opening_leap: Option<i8>,
    /// 0 = strictly stepwise taste, 1 = likes leaps.
    pub leapiness: f64,
    /// Largest comfortable range in semitones.
    pub max_range: i32,
    /// Adds a chromatic lower neighbour as colour (mysterious, villainous).
    pub chromatic: bool,
}

impl ThemeSpec {
    /// Builds the brief from trait words; unknown words are ignored. `variety` (0..1, from the seed)
    /// breaks ties so characters without traits still differ.
    pub fn from_traits(traits: &[String], variety: f64) -> ThemeSpec {
        let has = |words: &[&str]| traits.iter().any(|t| words.contains(&t.as_str()));
        let mut spec = ThemeSpec {
            mode: Mode::Major,
            rhythm: if variety < 0.5 {
                RhythmFamily::Lyrical
            } else {
                RhythmFamily::Dotted
            },
            opening_leap: None,
            leapiness: 0.35,
            max_range: 14,
            chromatic: false,
        };
        if has(&["heroic", "brave", "noble", "bold", "proud"]) {
            spec.rhythm = RhythmFamily::Dotted;
            spec.opening_leap = Some(3);
            spec.leapiness = 0.5;
            spec.max_range = 16;
        }
        if has(&[
            "playful",
            "mischievous",
            "energetic",
            "cheerful",
            "funny",
            "quirky",
        ]) {
            spec.rhythm = RhythmFamily::Playful;
            spec.leapiness = 0.45;
        }
        if has(&[
            "shy", "gentle", "innocent", "kind", "quiet", "timid", "lonely",
        ]) {
            spec.rhythm = RhythmFamily::Lyrical;
            spec.leapiness = 0.2;
            spec.max_range = 12;
        }
        if has(&["romantic", "hopeful", "dreamy", "warm", "loving"]) {
            spec.rhythm = RhythmFamily::Lyrical;
            spec.opening_leap = Some(5);
        }
        if has(&[
            "mysterious",
            "dark",
            "villainous",
            "sinister",
            "cold",
            "ancient",
            "haunted",
            "secretive",
        ]) {
            spec.mode = Mode::Minor;
            spec.rhythm = RhythmFamily::Spacious;
            spec.chromatic = true;
            spec.opening_leap = None;
        }
        if has(&["sad", "lonely", "melancholic", "grieving", "tragic"]) {
            spec.mode = Mode::Minor;
        }
        if has(&["wise", "calm", "serene", "old"]) {
            spec.rhythm = RhythmFamily::Spacious;
            spec.leapiness = 0.3;
        }
        spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn traits_shape_the_brief() {
        let hero = ThemeSpec::from_traits(&words(&["heroic"]), 0.0);
        assert_eq!(hero.rhythm, RhythmFamily::Dotted);
        assert_eq!(hero.opening_leap, Some(3));
        let villain = ThemeSpec::from_traits(&words(&["villainous"]), 0.0);
        assert_eq!(villain.mode, Mode::Minor);
        assert!(villain.chromatic);
        let shy = ThemeSpec::from_traits(&words(&["shy"]), 0.9);
        assert!(shy.leapiness < 0.3);
        assert_eq!(
            ThemeSpec::from_traits(&words(&["blue-eyed"]), 0.2).mode,
            Mode::Major
        );
    }
}
