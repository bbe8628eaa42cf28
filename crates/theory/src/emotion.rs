//! Emotion as a point in valence (unpleasant..pleasant) and arousal (calm..excited), each in [-1, 1],
//! the dimensional model used in film-music research (Eerola & Vuoskoski 2011). Named emotions are
//! documented presets on that plane; the composer only ever reads the two numbers.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Emotion {
    pub valence: f64,
    pub arousal: f64,
}

impl Emotion {
    pub fn new(valence: f64, arousal: f64) -> Self {
        Emotion {
            valence: valence.clamp(-1.0, 1.0),
            arousal: arousal.clamp(-1.0, 1.0),
        }
    }

    /// The named preset closest to this point (for reports and for custom valence/arousal).
    pub fn nearest_name(self) -> NamedEmotion {
        let d = |n: NamedEmotion| {
            let e = n.point();
            (e.valence - self.valence).powi(2) + (e.arousal - self.arousal).powi(2)
        };
        NamedEmotion::ALL
            .iter()
            .copied()
            .min_by(|a, b| d(*a).total_cmp(&d(*b)))
            .unwrap_or(NamedEmotion::Tender)
    }
}

macro_rules! named_emotions {
    ($( $variant:ident = $name:literal ($v:expr, $a:expr), $doc:literal; )*) => {
        /// The named emotions a story may use, each a fixed point on the valence/arousal plane.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum NamedEmotion { $( #[doc = $doc] $variant, )* }

        impl NamedEmotion {
            pub const ALL: &'static [NamedEmotion] = &[$(NamedEmotion::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(NamedEmotion::$variant => $name,)* }
            }

            pub fn point(self) -> Emotion {
                match self { $(NamedEmotion::$variant => Emotion { valence: $v, arousal: $a },)* }
            }

            /// One line describing how the preset sounds, for docs and `explain`.
            pub fn description(self) -> &'static str {
                match self { $(NamedEmotion::$variant => $doc,)* }
            }

            pub fn parse(text: &str) -> Option<NamedEmotion> {
                let t = text.trim().to_ascii_lowercase();
                NamedEmotion::ALL.iter().copied().find(|e| e.name() == t)
            }
        }
    };
}

named_emotions! {
    Tender = "tender" (0.6, -0.4), "warm and gentle: slow-moderate, major, legato, soft";
    Romantic = "romantic" (0.65, -0.2), "love theme: moderate, major, legato, lush strings";
    Joyful = "joyful" (0.8, 0.6), "happy: fast, major, bright, detached";
    Playful = "playful" (0.7, 0.5), "light and bouncy: fast, major, staccato, leaps";
    Happy = "happy" (0.8, 0.5), "cheerful: fast, major, bright";
    Hopeful = "hopeful" (0.5, 0.0), "rising, major, moderate";
    Energetic = "energetic" (0.4, 0.8), "driving: fast, loud, dense, percussive";
    Triumphant = "triumphant" (0.7, 0.75), "victory: march-like, major, loud brass, fanfare fourths";
    Epic = "epic" (0.4, 0.85), "vast and powerful: full orchestra, drums, major";
    Heroic = "heroic" (0.6, 0.7), "heroic: rising fourths, dotted rhythms, brass";
    Peaceful = "peaceful" (0.5, -0.7), "calm: slow, major, soft, sparse, consonant";
    Calm = "calm" (0.4, -0.6), "still: slow, major, soft";
    Nostalgic = "nostalgic" (0.2, -0.3), "bittersweet memory: slow, major with minor colour, warm, reverberant";
    Mysterious = "mysterious" (-0.2, -0.1), "uncertain: slow, minor or modal, sparse, unresolved";
    Melancholic = "melancholic" (-0.5, -0.4), "wistful sadness: slow, minor, legato";
    Sad = "sad" (-0.6, -0.5), "sad: slow, minor, low, soft";
    Grief = "grief" (-0.8, -0.6), "loss: very slow, minor, intimate, dark, dry";
    Tense = "tense" (-0.4, 0.5), "suspense: minor, pulsing, dissonant, irregular";
    Fearful = "fearful" (-0.6, 0.65), "fear: minor, dissonant, jerky, wide dynamic swings";
    Angry = "angry" (-0.7, 0.8), "anger: fast, minor, loud, accented, dissonant";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_on_the_plane_and_named_uniquely() {
        let mut names = std::collections::HashSet::new();
        for e in NamedEmotion::ALL {
            let p = e.point();
            assert!((-1.0..=1.0).contains(&p.valence) && (-1.0..=1.0).contains(&p.arousal));
            assert!(names.insert(e.name()));
            assert_eq!(NamedEmotion::parse(e.name()), Some(*e));
            assert_eq!(
                p.nearest_name(),
                *e,
                "{} is its own nearest preset",
                e.name()
            );
        }
    }

    #[test]
    fn required_names_exist() {
        for n in [
            "tender",
            "romantic",
            "joyful",
            "playful",
            "energetic",
            "triumphant",
            "epic",
            "peaceful",
            "nostalgic",
            "mysterious",
            "melancholic",
            "grief",
            "tense",
            "fearful",
            "angry",
        ] {
            assert!(NamedEmotion::parse(n).is_some(), "{n}");
        }
    }
}
