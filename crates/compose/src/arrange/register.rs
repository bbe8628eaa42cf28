//! Where the melody sits: each instrument's singing register, moved up for bright, excited cues and
//! down for dark, calm ones (valence and arousal both raise pitch in the research).

use leitmotif_score::Instrument;

/// A comfortable centre (MIDI key) for a melody on this instrument.
pub fn melody_center(inst: &Instrument) -> i32 {
    match inst.id {
        "violin" => 74,
        "viola" => 64,
        "cello" => 57,
        "contrabass" => 45,
        "flute" | "recorder" | "pan-flute" => 77,
        "oboe" => 72,
        "clarinet" => 67,
        "english-horn" => 65,
        "bassoon" => 52,
        "trumpet" => 70,
        "french-horn" => 65,
        "trombone" => 58,
        "tuba" => 45,
        "alto-sax" => 66,
        "tenor-sax" => 60,
        "celesta" | "glockenspiel" | "music-box" => 84,
        "choir" | "voice-pad" | "choir-pad" => 67,
        "square-lead" => 76,
        "saw-lead" => 72,
        "piano" | "harp" => 74,
        "electric-piano" | "vibraphone" | "marimba" => 72,
        "acoustic-guitar" | "electric-guitar" => 67,
        "overdriven-guitar" | "distortion-guitar" => 69,
        _ => ((inst.low as i32 + inst.high as i32) / 2).clamp(55, 79),
    }
}

/// The tonic octave that puts a line of `semitones` (above the tonic) around `center`, keeping it
/// inside the instrument's range where the line's span allows.
pub fn tonic_octave(tonic_class: i32, semitones: &[i32], center: i32, inst: &Instrument) -> i8 {
    if semitones.is_empty() {
        return 4;
    }
    let mean = semitones.iter().sum::<i32>() as f64 / semitones.len() as f64;
    let lo = *semitones.iter().min().unwrap_or(&0);
    let hi = *semitones.iter().max().unwrap_or(&0);
    let mut best = (i32::MAX, 4i8);
    for oct in 1..=7i8 {
        let tonic = (oct as i32 + 1) * 12 + tonic_class;
        let outside =
            (inst.low as i32 - (tonic + lo)).max(0) + ((tonic + hi) - inst.high as i32).max(0);
        let miss = ((tonic as f64 + mean) - center as f64).abs().round() as i32 + outside * 40;
        if miss < best.0 {
            best = (miss, oct);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_the_instrument() {
        let violin = Instrument::by_name("violin").unwrap();
        let line = [0, 2, 4, 5, 7, 9, 11, 12];
        let oct = tonic_octave(2, &line, melody_center(violin), violin);
        let tonic = (oct as i32 + 1) * 12 + 2;
        assert!(tonic >= violin.low as i32 && tonic + 12 <= violin.high as i32);
        let cello = Instrument::by_name("cello").unwrap();
        assert!(tonic_octave(2, &line, melody_center(cello), cello) < oct);
    }
}
