//! Transposing instruments: parts are written at the pitch the player reads.
//!
//! | instrument | written | |
//! |---|---|---|
//! | B♭ clarinet, B♭ trumpet | a major 2nd higher | |
//! | F horn, English horn | a perfect 5th higher | |
//! | E♭ alto saxophone | a major 6th higher | |
//! | B♭ tenor saxophone | a major 9th higher | |
//! | contrabass, acoustic and electric bass | an octave higher | |
//! | celesta | an octave lower | |
//! | glockenspiel | two octaves lower | |
//!
//! Guitars are written an octave higher too, but MusicXML says that with the treble-8vb clef
//! (see [`super::clefs`]), not with `<transpose>`: readers that honour both apply the octave
//! twice.
//!
//! Written pitches come from [`Pitch::transpose`] by a spelled [`Interval`], so spelling
//! survives: concert E♭ on a B♭ clarinet is F, concert D♯ is E♯. The written key is the concert
//! key moved by the same interval; where that would need more than six sharps or flats (concert
//! F♯ major for a B♭ instrument would be G♯ major, eight sharps) the written key and every note
//! are spelled enharmonically instead (A♭ major), by moving one more or one fewer letter.

use leitmotif_score::Instrument;
use leitmotif_theory::{Interval, Key, Pitch};

/// Sounding -> written interval of an instrument (unison for concert-pitch instruments).
pub(crate) fn written_interval(instrument: &Instrument) -> Interval {
    match instrument.id {
        "clarinet" | "trumpet" => Interval::MAJOR_SECOND,
        "french-horn" | "english-horn" => Interval::PERFECT_FIFTH,
        "alto-sax" => Interval::MAJOR_SIXTH,
        "tenor-sax" => Interval::MAJOR_NINTH,
        "contrabass" | "acoustic-bass" | "electric-bass" => Interval::OCTAVE,
        "celesta" => Interval::OCTAVE.inverted(),
        "glockenspiel" => Interval::new(-14, -24),
        _ => Interval::UNISON,
    }
}

/// The written key for a concert key and the interval notes are written at (possibly
/// respelled, see the module docs).
pub(crate) fn written_key(concert: Key, interval: Interval) -> (Key, Interval) {
    let move_key = |interval: Interval| Key {
        tonic: Pitch {
            class: concert.tonic,
            octave: 4,
        }
        .transpose(interval)
        .class,
        mode: concert.mode,
    };
    let key = move_key(interval);
    let sig = key.signature();
    if sig.abs() <= 6 || interval == Interval::UNISON {
        return (key, interval);
    }
    // one letter further (fewer sharps) or one letter less (fewer flats), same sound
    let steps = if sig > 0 { 1 } else { -1 };
    let respelled = Interval::new(interval.steps + steps, interval.semitones);
    let other = move_key(respelled);
    if other.signature().abs() < sig.abs() {
        (other, respelled)
    } else {
        (key, interval)
    }
}

/// The `<transpose>` values (diatonic, chromatic, octave-change) that take written pitch back to
/// sounding pitch, or `None` for concert pitch.
pub(crate) fn transpose_element(written: Interval) -> Option<(i32, i32, i32)> {
    if written == Interval::UNISON {
        return None;
    }
    let steps = -(written.steps as i32);
    let semitones = -(written.semitones as i32);
    let octaves = steps / 7;
    Some((steps - 7 * octaves, semitones - 12 * octaves, octaves))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    fn inst(id: &str) -> &'static Instrument {
        Instrument::by_name(id).unwrap()
    }

    #[test]
    fn the_issue_table() {
        let p = Pitch::parse("Eb4").unwrap();
        let written = |id: &str| p.transpose(written_interval(inst(id))).to_string();
        assert_eq!(written("clarinet"), "F4");
        assert_eq!(written("trumpet"), "F4");
        assert_eq!(written("french-horn"), "Bb4");
        assert_eq!(written("english-horn"), "Bb4");
        assert_eq!(written("alto-sax"), "C5");
        assert_eq!(written("tenor-sax"), "F5");
        assert_eq!(written("contrabass"), "Eb5");
        assert_eq!(written("electric-bass"), "Eb5");
        assert_eq!(written("violin"), "Eb4");
        assert_eq!(written("acoustic-guitar"), "Eb4");
        assert_eq!(written("glockenspiel"), "Eb2");
    }

    #[test]
    fn spelling_survives() {
        let ds = Pitch::parse("D#4").unwrap();
        assert_eq!(ds.transpose(Interval::MAJOR_SECOND).to_string(), "E#4");
    }

    #[test]
    fn written_keys() {
        let (k, _) = written_key(key("Eb major"), Interval::MAJOR_SECOND);
        assert_eq!(k, key("F major"));
        let (k, _) = written_key(key("D major"), Interval::MAJOR_SIXTH);
        assert_eq!(k, key("B major"));
        // F# major on a Bb instrument: G# major (8 sharps) -> Ab major
        let (k, i) = written_key(key("F# major"), Interval::MAJOR_SECOND);
        assert_eq!(k, key("Ab major"));
        assert_eq!(Pitch::parse("F#4").unwrap().transpose(i).to_string(), "Ab4");
        assert_eq!(Pitch::parse("E#4").unwrap().transpose(i).to_string(), "G4");
        // minor keys too: C# minor + M6 = A# minor (7 sharps) -> Bb minor
        let (k, _) = written_key(key("C# minor"), Interval::MAJOR_SIXTH);
        assert_eq!(k, key("Bb minor"));
    }

    #[test]
    fn transpose_elements() {
        assert_eq!(transpose_element(Interval::MAJOR_SECOND), Some((-1, -2, 0)));
        assert_eq!(
            transpose_element(Interval::PERFECT_FIFTH),
            Some((-4, -7, 0))
        );
        assert_eq!(transpose_element(Interval::MAJOR_SIXTH), Some((-5, -9, 0)));
        assert_eq!(transpose_element(Interval::MAJOR_NINTH), Some((-1, -2, -1)));
        assert_eq!(transpose_element(Interval::OCTAVE), Some((0, 0, -1)));
        assert_eq!(transpose_element(Interval::new(-14, -24)), Some((0, 0, 2)));
        assert_eq!(transpose_element(Interval::UNISON), None);
    }
}
