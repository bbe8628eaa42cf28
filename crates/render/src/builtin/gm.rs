//! The built-in instrument set and the General MIDI program map onto it.
//!
//! The built-in engine has fewer instruments than General MIDI has programs, so every program maps
//! to the nearest built-in sound by family and register (a viola plays the violin, a tuba the
//! French horn, a kalimba the music box). The composer asks for programs; this map is the one place
//! that decides how they sound here.

/// A built-in instrument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuiltinInstrument {
    Piano,
    ElectricPiano,
    Organ,
    Harpsichord,
    Celesta,
    Glockenspiel,
    MusicBox,
    Vibraphone,
    Marimba,
    Bells,
    Timpani,
    AcousticGuitar,
    ElectricGuitar,
    DistortionGuitar,
    AcousticBass,
    ElectricBass,
    StringEnsemble,
    Violin,
    Cello,
    Pizzicato,
    Harp,
    Flute,
    Oboe,
    Clarinet,
    Saxophone,
    Trumpet,
    BrassSection,
    FrenchHorn,
    Choir,
    VocalPad,
    WarmPad,
    SynthLead,
    SquareLead,
    SynthPluck,
    SynthBass,
    /// The General MIDI percussion map (MIDI channel 10); never chosen by a program change.
    DrumKit,
}

impl BuiltinInstrument {
    /// Every instrument, in declaration order.
    pub const ALL: [BuiltinInstrument; 36] = [
        BuiltinInstrument::Piano,
        BuiltinInstrument::ElectricPiano,
        BuiltinInstrument::Organ,
        BuiltinInstrument::Harpsichord,
        BuiltinInstrument::Celesta,
        BuiltinInstrument::Glockenspiel,
        BuiltinInstrument::MusicBox,
        BuiltinInstrument::Vibraphone,
        BuiltinInstrument::Marimba,
        BuiltinInstrument::Bells,
        BuiltinInstrument::Timpani,
        BuiltinInstrument::AcousticGuitar,
        BuiltinInstrument::ElectricGuitar,
        BuiltinInstrument::DistortionGuitar,
        BuiltinInstrument::AcousticBass,
        BuiltinInstrument::ElectricBass,
        BuiltinInstrument::StringEnsemble,
        BuiltinInstrument::Violin,
        BuiltinInstrument::Cello,
        BuiltinInstrument::Pizzicato,
        BuiltinInstrument::Harp,
        BuiltinInstrument::Flute,
        BuiltinInstrument::Oboe,
        BuiltinInstrument::Clarinet,
        BuiltinInstrument::Saxophone,
        BuiltinInstrument::Trumpet,
        BuiltinInstrument::BrassSection,
        BuiltinInstrument::FrenchHorn,
        BuiltinInstrument::Choir,
        BuiltinInstrument::VocalPad,
        BuiltinInstrument::WarmPad,
        BuiltinInstrument::SynthLead,
        BuiltinInstrument::SquareLead,
        BuiltinInstrument::SynthPluck,
        BuiltinInstrument::SynthBass,
        BuiltinInstrument::DrumKit,
    ];

    /// A short human-readable name ("string ensemble").
    pub fn name(self) -> &'static str {
        use BuiltinInstrument as I;
        match self {
            I::Piano => "piano",
            I::ElectricPiano => "electric piano",
            I::Organ => "organ",
            I::Harpsichord => "harpsichord",
            I::Celesta => "celesta",
            I::Glockenspiel => "glockenspiel",
            I::MusicBox => "music box",
            I::Vibraphone => "vibraphone",
            I::Marimba => "marimba",
            I::Bells => "bells",
            I::Timpani => "timpani",
            I::AcousticGuitar => "acoustic guitar",
            I::ElectricGuitar => "electric guitar",
            I::DistortionGuitar => "distortion guitar",
            I::AcousticBass => "acoustic bass",
            I::ElectricBass => "electric bass",
            I::StringEnsemble => "string ensemble",
            I::Violin => "violin",
            I::Cello => "cello",
            I::Pizzicato => "pizzicato strings",
            I::Harp => "harp",
            I::Flute => "flute",
            I::Oboe => "oboe",
            I::Clarinet => "clarinet",
            I::Saxophone => "saxophone",
            I::Trumpet => "trumpet",
            I::BrassSection => "brass section",
            I::FrenchHorn => "french horn",
            I::Choir => "choir",
            I::VocalPad => "vocal pad",
            I::WarmPad => "warm pad",
            I::SynthLead => "synth lead",
            I::SquareLead => "square lead",
            I::SynthPluck => "synth pluck",
            I::SynthBass => "synth bass",
            I::DrumKit => "drum kit",
        }
    }

    /// A key in the middle of the instrument's usual range (for demos, tests and calibration).
    pub fn typical_key(self) -> u8 {
        use BuiltinInstrument as I;
        match self {
            I::AcousticBass | I::ElectricBass | I::SynthBass => 40,
            I::Cello | I::Timpani => 48,
            I::FrenchHorn | I::Harp => 55,
            I::Glockenspiel | I::MusicBox | I::Celesta => 79,
            I::Violin | I::Flute | I::Oboe => 74,
            I::SquareLead | I::SynthLead | I::Clarinet | I::Trumpet | I::Bells => 67,
            I::DrumKit => 38,
            _ => 60,
        }
    }
}

/// The built-in instrument that plays General MIDI program `program` (0..=127; higher values
/// wrap into range).
pub fn instrument_for_program(program: u8) -> BuiltinInstrument {
    use BuiltinInstrument as I;
    match program & 0x7f {
        0..=3 => I::Piano,
        4 | 5 => I::ElectricPiano,
        6 | 7 => I::Harpsichord,
        8 => I::Celesta,
        9 => I::Glockenspiel,
        10 => I::MusicBox,
        11 => I::Vibraphone,
        12 | 13 => I::Marimba,
        14 => I::Bells,
        15 => I::Harp,
        16..=21 | 23 => I::Organ,
        22 => I::Oboe,
        24 | 25 => I::AcousticGuitar,
        26..=28 | 31 => I::ElectricGuitar,
        29 | 30 => I::DistortionGuitar,
        32 => I::AcousticBass,
        33..=37 => I::ElectricBass,
        38 | 39 => I::SynthBass,
        40 | 41 => I::Violin,
        42 | 43 => I::Cello,
        44 => I::StringEnsemble,
        45 => I::Pizzicato,
        46 => I::Harp,
        47 => I::Timpani,
        48..=51 => I::StringEnsemble,
        52 => I::Choir,
        53 | 54 => I::VocalPad,
        55 => I::BrassSection,
        56 | 57 | 59 => I::Trumpet,
        58 | 60 => I::FrenchHorn,
        61..=63 => I::BrassSection,
        64..=67 => I::Saxophone,
        68..=70 => I::Oboe,
        71 => I::Clarinet,
        72..=79 => I::Flute,
        80 => I::SquareLead,
        81 => I::SynthLead,
        82 => I::Flute,
        83 | 84 | 86 | 87 => I::SynthLead,
        85 => I::VocalPad,
        88 | 89 => I::WarmPad,
        90 => I::SynthPluck,
        91 => I::Choir,
        92 => I::StringEnsemble,
        93 => I::WarmPad,
        94 => I::VocalPad,
        95 => I::WarmPad,
        96 | 98 => I::Celesta,
        97 | 99..=103 => I::WarmPad,
        104..=106 => I::AcousticGuitar,
        107 => I::Harp,
        108 => I::MusicBox,
        109 | 111 => I::Oboe,
        110 => I::Violin,
        112 => I::Glockenspiel,
        113 => I::Bells,
        114 => I::Vibraphone,
        115 => I::Marimba,
        116..=118 => I::Timpani,
        119 => I::WarmPad,
        120 => I::AcousticGuitar,
        121 | 123 => I::Flute,
        124 => I::SquareLead,
        125 => I::WarmPad,
        122 | 126 => I::WarmPad,
        127 => I::Timpani,
        128..=u8::MAX => unreachable!("masked to 0..=127"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_program_maps_to_a_melodic_instrument() {
        for p in 0..=127u8 {
            let i = instrument_for_program(p);
            assert_ne!(i, BuiltinInstrument::DrumKit, "program {p}");
            assert!(!i.name().is_empty());
        }
        assert_eq!(instrument_for_program(0), BuiltinInstrument::Piano);
        assert_eq!(
            instrument_for_program(48),
            BuiltinInstrument::StringEnsemble
        );
        assert_eq!(instrument_for_program(73), BuiltinInstrument::Flute);
        assert_eq!(
            instrument_for_program(200),
            instrument_for_program(200 - 128)
        );
    }

    #[test]
    fn every_instrument_but_the_kit_is_reachable() {
        for i in BuiltinInstrument::ALL {
            let reachable = (0..=127u8).any(|p| instrument_for_program(p) == i);
            assert_eq!(reachable, i != BuiltinInstrument::DrumKit, "{}", i.name());
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = BuiltinInstrument::ALL.iter().map(|i| i.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), BuiltinInstrument::ALL.len());
    }
}
