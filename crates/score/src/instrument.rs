//! The instrument catalogue: names a story may use, their General MIDI program and playable range.
//! The range is a sounding range in MIDI keys; the arranger keeps every note inside it.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Keyboard,
    MalletsAndBells,
    Strings,
    Woodwind,
    Brass,
    Guitar,
    Bass,
    Synth,
    Voice,
    Percussion,
    Drums,
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Instrument {
    /// The name used in stories and manifests (kebab-case).
    pub id: &'static str,
    /// A human name for track listings and scores.
    pub display: &'static str,
    /// General MIDI program 0..=127 (ignored for drums, which use channel 10).
    pub program: u8,
    pub family: Family,
    /// Lowest and highest sounding MIDI key.
    pub low: u8,
    pub high: u8,
    /// Sustaining instruments hold notes; plucked and struck ones decay.
    pub sustains: bool,
}

impl Instrument {
    pub fn is_drums(&self) -> bool {
        self.family == Family::Drums
    }

    /// Moves a MIDI key by octaves until it is inside the instrument's range.
    pub fn fold_into_range(&self, mut midi: i32) -> i32 {
        while midi < self.low as i32 {
            midi += 12;
        }
        while midi > self.high as i32 {
            midi -= 12;
        }
        midi
    }

    /// Looks an instrument up by id or alias.
    pub fn by_name(name: &str) -> Option<&'static Instrument> {
        let n = name.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        let id = ALIASES
            .iter()
            .find(|(a, _)| *a == n)
            .map(|(_, id)| *id)
            .unwrap_or(n.as_str());
        CATALOGUE.iter().find(|i| i.id == id)
    }

    /// The catalogue instrument for a General MIDI program (the nearest in sound).
    pub fn for_program(program: u8) -> &'static Instrument {
        CATALOGUE
            .iter()
            .filter(|i| !i.is_drums())
            .min_by_key(|i| (i.program as i32 - program as i32).abs())
            .unwrap_or(&CATALOGUE[0])
    }

    /// Every id a story may name.
    pub fn names() -> impl Iterator<Item = &'static str> {
        CATALOGUE.iter().map(|i| i.id)
    }
}

macro_rules! instrument {
    ($id:literal, $display:literal, $program:expr, $family:ident, $low:expr, $high:expr, $sustains:expr) => {
        Instrument {
            id: $id,
            display: $display,
            program: $program,
            family: Family::$family,
            low: $low,
            high: $high,
            sustains: $sustains,
        }
    };
}

/// All instruments, GM program order within families.
pub static CATALOGUE: &[Instrument] = &[
    instrument!("piano", "Piano", 0, Keyboard, 21, 108, false),
    instrument!(
        "electric-piano",
        "Electric Piano",
        4,
        Keyboard,
        28,
        103,
        false
    ),
    instrument!("harpsichord", "Harpsichord", 6, Keyboard, 29, 89, false),
    instrument!("celesta", "Celesta", 8, MalletsAndBells, 60, 108, false),
    instrument!(
        "glockenspiel",
        "Glockenspiel",
        9,
        MalletsAndBells,
        79,
        108,
        false
    ),
    instrument!("music-box", "Music Box", 10, MalletsAndBells, 60, 96, false),
    instrument!(
        "vibraphone",
        "Vibraphone",
        11,
        MalletsAndBells,
        53,
        89,
        false
    ),
    instrument!("marimba", "Marimba", 12, MalletsAndBells, 45, 96, false),
    instrument!("bells", "Tubular Bells", 14, MalletsAndBells, 60, 77, false),
    instrument!("organ", "Organ", 19, Keyboard, 24, 96, true),
    instrument!("accordion", "Accordion", 21, Keyboard, 53, 89, true),
    instrument!(
        "acoustic-guitar",
        "Acoustic Guitar",
        25,
        Guitar,
        40,
        83,
        false
    ),
    instrument!(
        "electric-guitar",
        "Electric Guitar",
        27,
        Guitar,
        40,
        86,
        false
    ),
    instrument!(
        "overdriven-guitar",
        "Overdriven Guitar",
        29,
        Guitar,
        40,
        86,
        true
    ),
    instrument!(
        "distortion-guitar",
        "Distortion Guitar",
        30,
        Guitar,
        40,
        86,
        true
    ),
    instrument!("acoustic-bass", "Acoustic Bass", 32, Bass, 28, 67, false),
    instrument!("electric-bass", "Electric Bass", 33, Bass, 28, 67, false),
    instrument!("synth-bass", "Synth Bass", 38, Bass, 24, 67, false),
    instrument!("violin", "Violin", 40, Strings, 55, 100, true),
    instrument!("viola", "Viola", 41, Strings, 48, 88, true),
    instrument!("cello", "Cello", 42, Strings, 36, 76, true),
    instrument!("contrabass", "Contrabass", 43, Strings, 28, 60, true),
    instrument!("harp", "Harp", 46, Strings, 24, 103, false),
    instrument!("timpani", "Timpani", 47, Percussion, 40, 57, false),
    instrument!("strings", "String Ensemble", 48, Strings, 28, 100, true),
    instrument!("slow-strings", "Slow Strings", 49, Strings, 28, 100, true),
    instrument!(
        "pizzicato-strings",
        "Pizzicato Strings",
        45,
        Strings,
        28,
        96,
        false
    ),
    instrument!("choir", "Choir Aahs", 52, Voice, 43, 84, true),
    instrument!("voice-pad", "Voice Oohs", 53, Voice, 43, 84, true),
    instrument!("trumpet", "Trumpet", 56, Brass, 54, 86, true),
    instrument!("trombone", "Trombone", 57, Brass, 40, 77, true),
    instrument!("tuba", "Tuba", 58, Brass, 26, 65, true),
    instrument!("french-horn", "French Horn", 60, Brass, 34, 77, true),
    instrument!("brass", "Brass Section", 61, Brass, 34, 84, true),
    instrument!("alto-sax", "Alto Saxophone", 65, Woodwind, 49, 81, true),
    instrument!("tenor-sax", "Tenor Saxophone", 66, Woodwind, 44, 76, true),
    instrument!("oboe", "Oboe", 68, Woodwind, 58, 91, true),
    instrument!("english-horn", "English Horn", 69, Woodwind, 52, 81, true),
    instrument!("bassoon", "Bassoon", 70, Woodwind, 34, 75, true),
    instrument!("clarinet", "Clarinet", 71, Woodwind, 50, 91, true),
    instrument!("flute", "Flute", 73, Woodwind, 60, 96, true),
    instrument!("recorder", "Recorder", 74, Woodwind, 60, 96, true),
    instrument!("pan-flute", "Pan Flute", 75, Woodwind, 60, 96, true),
    instrument!("square-lead", "Square Wave", 80, Synth, 36, 96, true),
    instrument!("saw-lead", "Sawtooth Synth", 81, Synth, 36, 96, true),
    instrument!("warm-pad", "Warm Pad", 89, Synth, 36, 96, true),
    instrument!("synth-pad", "Polysynth Pad", 90, Synth, 36, 96, true),
    instrument!("choir-pad", "Space Voice Pad", 91, Synth, 36, 96, true),
    instrument!("halo-pad", "Halo Pad", 94, Synth, 36, 96, true),
    instrument!("drums", "Drum Kit", 0, Drums, 35, 81, false),
];

/// Friendly names accepted for catalogue ids.
static ALIASES: &[(&str, &str)] = &[
    ("grand-piano", "piano"),
    ("rhodes", "electric-piano"),
    ("epiano", "electric-piano"),
    ("string-ensemble", "strings"),
    ("string-section", "strings"),
    ("double-bass", "contrabass"),
    ("upright-bass", "acoustic-bass"),
    ("bass", "electric-bass"),
    ("guitar", "acoustic-guitar"),
    ("sax", "alto-sax"),
    ("saxophone", "alto-sax"),
    ("horn", "french-horn"),
    ("horns", "french-horn"),
    ("brass-section", "brass"),
    ("pad", "warm-pad"),
    ("synth", "saw-lead"),
    ("synth-lead", "saw-lead"),
    ("chiptune", "square-lead"),
    ("voice", "voice-pad"),
    ("vocal-pad", "voice-pad"),
    ("drum-kit", "drums"),
    ("percussion", "drums"),
    ("glock", "glockenspiel"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_ranges_sane() {
        let mut ids = std::collections::HashSet::new();
        for i in CATALOGUE {
            assert!(ids.insert(i.id), "duplicate {}", i.id);
            assert!(i.low + 12 <= i.high, "{} range too small", i.id);
            assert!(i.program < 128);
        }
        for (alias, id) in ALIASES {
            assert!(Instrument::by_name(alias).is_some(), "{alias} -> {id}");
        }
    }

    #[test]
    fn lookup_and_folding() {
        let violin = Instrument::by_name("Violin").unwrap();
        assert_eq!(violin.program, 40);
        assert_eq!(violin.fold_into_range(43), 55);
        assert_eq!(violin.fold_into_range(112), 100);
        assert_eq!(
            Instrument::by_name("upright bass").unwrap().id,
            "acoustic-bass"
        );
        assert!(Instrument::by_name("kazoo").is_none());
        assert_eq!(Instrument::for_program(41).id, "viola");
    }
}
