//! What the part list says about each part: its name (the instrument's, numbered when two parts
//! share an instrument), the usual abbreviation, and the MusicXML standard sound, which lets
//! notation programs pick the right instrument on import.

use leitmotif_score::{Instrument, Part};

/// The printed abbreviation of an instrument.
pub(crate) fn abbreviation(instrument: &Instrument) -> String {
    let known = match instrument.id {
        "piano" => "Pno.",
        "electric-piano" => "E. Pno.",
        "harpsichord" => "Hpsd.",
        "celesta" => "Cel.",
        "glockenspiel" => "Glock.",
        "vibraphone" => "Vib.",
        "marimba" => "Mar.",
        "bells" => "T. Bells",
        "organ" => "Org.",
        "accordion" => "Acc.",
        "acoustic-guitar" | "electric-guitar" | "overdriven-guitar" | "distortion-guitar" => "Gtr.",
        "acoustic-bass" | "electric-bass" | "synth-bass" => "Bass",
        "violin" => "Vln.",
        "viola" => "Vla.",
        "cello" => "Vc.",
        "contrabass" => "Cb.",
        "harp" => "Hp.",
        "timpani" => "Timp.",
        "strings" | "slow-strings" | "pizzicato-strings" => "Str.",
        "choir" | "voice-pad" => "Ch.",
        "trumpet" => "Tpt.",
        "trombone" => "Tbn.",
        "tuba" => "Tba.",
        "french-horn" => "Hn.",
        "brass" => "Br.",
        "alto-sax" => "A. Sax.",
        "tenor-sax" => "T. Sax.",
        "oboe" => "Ob.",
        "english-horn" => "E. H.",
        "bassoon" => "Bsn.",
        "clarinet" => "Cl.",
        "flute" => "Fl.",
        "recorder" => "Rec.",
        "pan-flute" => "Pan Fl.",
        "drums" => "Dr.",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let short: String = instrument.display.chars().take(4).collect();
    format!("{}.", short.trim_end())
}

/// The name players read: the instrument, in B♭/F/E♭ for transposing ones.
pub(crate) fn display_name(instrument: &Instrument) -> String {
    match instrument.id {
        "clarinet" => "Clarinet in B\u{266d}".into(),
        "trumpet" => "Trumpet in B\u{266d}".into(),
        "french-horn" => "Horn in F".into(),
        "alto-sax" => "Alto Saxophone in E\u{266d}".into(),
        "tenor-sax" => "Tenor Saxophone in B\u{266d}".into(),
        _ => instrument.display.into(),
    }
}

/// The MusicXML standard sound id (from the MusicXML `sounds.xml` list).
pub(crate) fn sound(instrument: &Instrument) -> &'static str {
    match instrument.id {
        "piano" => "keyboard.piano",
        "electric-piano" => "keyboard.piano.electric",
        "harpsichord" => "keyboard.harpsichord",
        "celesta" => "keyboard.celesta",
        "glockenspiel" => "pitched-percussion.glockenspiel",
        "music-box" => "pitched-percussion.music-box",
        "vibraphone" => "pitched-percussion.vibraphone",
        "marimba" => "pitched-percussion.marimba",
        "bells" => "pitched-percussion.tubular-bells",
        "organ" => "keyboard.organ",
        "accordion" => "keyboard.accordion",
        "acoustic-guitar" => "pluck.guitar.steel-string",
        "electric-guitar" | "overdriven-guitar" | "distortion-guitar" => "pluck.guitar.electric",
        "acoustic-bass" => "pluck.bass.acoustic",
        "electric-bass" => "pluck.bass.electric",
        "synth-bass" => "pluck.bass.synth",
        "violin" => "strings.violin",
        "viola" => "strings.viola",
        "cello" => "strings.cello",
        "contrabass" => "strings.contrabass",
        "harp" => "pluck.harp",
        "timpani" => "drum.timpani",
        "strings" | "slow-strings" | "pizzicato-strings" => "strings.group",
        "choir" => "voice.aa",
        "voice-pad" => "voice.oo",
        "trumpet" => "brass.trumpet",
        "trombone" => "brass.trombone",
        "tuba" => "brass.tuba",
        "french-horn" => "brass.french-horn",
        "brass" => "brass.group",
        "alto-sax" => "wind.reed.saxophone.alto",
        "tenor-sax" => "wind.reed.saxophone.tenor",
        "oboe" => "wind.reed.oboe",
        "english-horn" => "wind.reed.english-horn",
        "bassoon" => "wind.reed.bassoon",
        "clarinet" => "wind.reed.clarinet.bflat",
        "flute" => "wind.flutes.flute",
        "recorder" => "wind.flutes.recorder",
        "pan-flute" => "wind.flutes.panpipes",
        "square-lead" => "synth.tone.square",
        "saw-lead" => "synth.tone.sawtooth",
        "warm-pad" => "synth.pad.warm",
        "synth-pad" => "synth.pad.polysynth",
        "choir-pad" => "synth.pad.choir",
        "halo-pad" => "synth.pad.halo",
        "drums" => "drum.group.set",
        _ => "",
    }
}

/// Part names for a score: the instrument's name, with " 1", " 2" ... when several parts
/// share it.
pub(crate) fn part_names(parts: &[Part]) -> Vec<String> {
    let names: Vec<String> = parts.iter().map(|p| display_name(p.instrument)).collect();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let same = names.iter().filter(|n| *n == name).count();
            if same > 1 {
                let nth = names[..=i].iter().filter(|n| *n == name).count();
                format!("{name} {nth}")
            } else {
                name.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_instrument_has_a_sound_and_abbreviation() {
        for i in leitmotif_score::instrument::CATALOGUE {
            assert!(!sound(i).is_empty(), "{}", i.id);
            assert!(
                abbreviation(i).ends_with('.') || i.id.contains("bass") || i.id == "bells",
                "{}",
                i.id
            );
        }
    }

    #[test]
    fn shared_instruments_are_numbered() {
        let piano = Instrument::by_name("piano").unwrap();
        let bass = Instrument::by_name("bass").unwrap();
        let parts = vec![
            Part::new("Melody", piano, 0),
            Part::new("Arpeggio", piano, 1),
            Part::new("Bass", bass, 2),
        ];
        assert_eq!(part_names(&parts), ["Piano 1", "Piano 2", "Electric Bass"]);
        assert_eq!(
            display_name(Instrument::by_name("clarinet").unwrap()),
            "Clarinet in B\u{266d}"
        );
    }
}
