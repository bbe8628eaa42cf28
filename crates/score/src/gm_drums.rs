//! The General MIDI percussion map (channel 10): the name of the sound on each key 35..=81.

/// The General MIDI name of the drum sound on `key`, if the key is in the map (35..=81).
pub fn gm_drum_name(key: u8) -> Option<&'static str> {
    key.checked_sub(35)
        .and_then(|i| NAMES.get(usize::from(i)))
        .copied()
}

const NAMES: [&str; 47] = [
    "Acoustic Bass Drum",
    "Bass Drum",
    "Side Stick",
    "Acoustic Snare",
    "Hand Clap",
    "Electric Snare",
    "Low Floor Tom",
    "Closed Hi-Hat",
    "High Floor Tom",
    "Pedal Hi-Hat",
    "Low Tom",
    "Open Hi-Hat",
    "Low-Mid Tom",
    "Hi-Mid Tom",
    "Crash Cymbal",
    "High Tom",
    "Ride Cymbal",
    "Chinese Cymbal",
    "Ride Bell",
    "Tambourine",
    "Splash Cymbal",
    "Cowbell",
    "Crash Cymbal 2",
    "Vibraslap",
    "Ride Cymbal 2",
    "High Bongo",
    "Low Bongo",
    "Mute High Conga",
    "Open High Conga",
    "Low Conga",
    "High Timbale",
    "Low Timbale",
    "High Agogo",
    "Low Agogo",
    "Cabasa",
    "Maracas",
    "Short Whistle",
    "Long Whistle",
    "Short Guiro",
    "Long Guiro",
    "Claves",
    "High Wood Block",
    "Low Wood Block",
    "Mute Cuica",
    "Open Cuica",
    "Mute Triangle",
    "Open Triangle",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_covers_35_to_81() {
        assert_eq!(gm_drum_name(35), Some("Acoustic Bass Drum"));
        assert_eq!(gm_drum_name(42), Some("Closed Hi-Hat"));
        assert_eq!(gm_drum_name(81), Some("Open Triangle"));
        assert_eq!(gm_drum_name(34), None);
        assert_eq!(gm_drum_name(82), None);
    }
}
