//! The drum kit: a recipe for every General MIDI percussion key (35..=81), which doubles as the
//! orchestral percussion section (concert bass drum on 35, crash and suspended cymbals, triangle,
//! tambourine, woodblocks).
//!
//! Keys outside the GM range map to the nearest-sounding recipe (GM2's extra keys: 27..=34 are
//! clicks and sticks, 82 shaker, 83 jingle bell, 84 bell tree, 85 castanets, 86/87 surdo). The
//! kit is spread across the stereo field as an audience hears it (hi-hat left, floor tom right).

use super::drum_voice::{DrumSound, Pattern, Tone};
use super::envelope::{AdsrSpec, MIN_ATTACK_S};
use super::filter::FilterMode::{Bandpass, Highpass, Lowpass};
use super::patch::{FxSpec, Patch, Source};
use super::vibrato::VibratoSpec;

/// The drum channel's patch: the sounds themselves decay; note-offs are ignored.
pub(crate) static DRUM_KIT: Patch = Patch {
    gain: 0.58,
    vel_level: 1.5,
    amp: AdsrSpec {
        attack_s: MIN_ATTACK_S,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 0.05,
        vel_attack: 0.0,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec::NONE,
    source: Source::Drums,
    fx: FxSpec::NONE,
};

const B: DrumSound = DrumSound::BASE;

static KICK: DrumSound = DrumSound {
    tones: &[Tone {
        hz: 52.0,
        level: 1.0,
        t60_s: 0.5,
    }],
    drop: 3.0,
    drop_s: 0.08,
    noise: 0.5,
    filter: Lowpass,
    filter_hz: 3000.0,
    noise_t60_s: 0.02,
    gain: 1.0,
    ..B
};

static BASS_DRUM: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 44.0,
            level: 1.0,
            t60_s: 1.4,
        },
        Tone {
            hz: 70.0,
            level: 0.4,
            t60_s: 0.7,
        },
        Tone {
            hz: 94.0,
            level: 0.2,
            t60_s: 0.4,
        },
    ],
    drop: 1.4,
    drop_s: 0.2,
    noise: 0.4,
    filter: Lowpass,
    filter_hz: 700.0,
    noise_t60_s: 0.1,
    gain: 0.9,
    ..B
};

static SNARE: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 185.0,
            level: 0.55,
            t60_s: 0.18,
        },
        Tone {
            hz: 330.0,
            level: 0.3,
            t60_s: 0.1,
        },
    ],
    drop: 1.3,
    drop_s: 0.04,
    noise: 1.0,
    filter: Bandpass,
    filter_hz: 4000.0,
    filter_q: 0.5,
    noise_t60_s: 0.28,
    gain: 0.9,
    ..B
};

static ELECTRIC_SNARE: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 220.0,
            level: 0.5,
            t60_s: 0.12,
        },
        Tone {
            hz: 400.0,
            level: 0.25,
            t60_s: 0.07,
        },
    ],
    drop: 1.5,
    drop_s: 0.03,
    noise: 1.0,
    filter: Highpass,
    filter_hz: 1800.0,
    noise_t60_s: 0.2,
    gain: 0.85,
    ..B
};

static SIDE_STICK: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 1600.0,
            level: 0.6,
            t60_s: 0.03,
        },
        Tone {
            hz: 420.0,
            level: 0.3,
            t60_s: 0.05,
        },
    ],
    noise: 0.5,
    filter_hz: 2500.0,
    filter_q: 2.0,
    noise_t60_s: 0.03,
    gain: 0.8,
    ..B
};

static CLAP: DrumSound = DrumSound {
    noise: 1.0,
    filter_hz: 1200.0,
    filter_q: 1.5,
    noise_t60_s: 0.3,
    pattern: Pattern::Clap,
    gain: 1.1,
    ..B
};

const fn tom(tones: &'static [Tone], pan: f32) -> DrumSound {
    DrumSound {
        tones,
        drop: 1.25,
        drop_s: 0.25,
        noise: 0.25,
        filter_hz: 1200.0,
        filter_q: 1.0,
        noise_t60_s: 0.05,
        pan,
        gain: 0.9,
        ..B
    }
}

/// Membrane modes of a tom (ideal circular membrane ratios 1, 1.59, 2.14).
const fn tom_tones(hz: f32, t60: f32) -> [Tone; 3] {
    [
        Tone {
            hz,
            level: 1.0,
            t60_s: t60,
        },
        Tone {
            hz: hz * 1.594,
            level: 0.35,
            t60_s: t60 * 0.5,
        },
        Tone {
            hz: hz * 2.136,
            level: 0.15,
            t60_s: t60 * 0.3,
        },
    ]
}

static TOM_TONES: [[Tone; 3]; 6] = [
    tom_tones(82.0, 0.9),
    tom_tones(98.0, 0.8),
    tom_tones(116.0, 0.7),
    tom_tones(138.0, 0.6),
    tom_tones(164.0, 0.55),
    tom_tones(196.0, 0.5),
];

static TOM_LOW_FLOOR: DrumSound = tom(&TOM_TONES[0], -0.4);
static TOM_HIGH_FLOOR: DrumSound = tom(&TOM_TONES[1], -0.3);
static TOM_LOW: DrumSound = tom(&TOM_TONES[2], -0.1);
static TOM_LOW_MID: DrumSound = tom(&TOM_TONES[3], 0.0);
static TOM_HIGH_MID: DrumSound = tom(&TOM_TONES[4], 0.15);
static TOM_HIGH: DrumSound = tom(&TOM_TONES[5], 0.3);

const HAT: DrumSound = DrumSound {
    metal: 1.0,
    metal_hz: 410.0,
    noise: 0.4,
    filter: Highpass,
    filter_hz: 7000.0,
    filter_q: 0.9,
    noise_t60_s: 0.07,
    pan: 0.35,
    gain: 0.8,
    choke: 1,
    ..B
};

static HAT_CLOSED: DrumSound = HAT;
static HAT_PEDAL: DrumSound = DrumSound {
    noise_t60_s: 0.12,
    gain: 0.55,
    ..HAT
};
static HAT_OPEN: DrumSound = DrumSound {
    noise_t60_s: 0.8,
    gain: 0.7,
    ..HAT
};

const CYMBAL: DrumSound = DrumSound {
    metal: 0.8,
    metal_hz: 330.0,
    noise: 0.8,
    filter: Highpass,
    filter_hz: 4500.0,
    filter_q: 0.7,
    noise_t60_s: 3.0,
    pan: 0.3,
    gain: 0.55,
    ..B
};

static CRASH_1: DrumSound = CYMBAL;
static CRASH_2: DrumSound = DrumSound {
    metal_hz: 370.0,
    pan: -0.35,
    ..CYMBAL
};
static SPLASH: DrumSound = DrumSound {
    metal_hz: 450.0,
    filter_hz: 6000.0,
    noise_t60_s: 1.1,
    pan: 0.1,
    gain: 0.45,
    ..CYMBAL
};
static CHINA: DrumSound = DrumSound {
    metal: 1.0,
    metal_hz: 240.0,
    filter: Bandpass,
    filter_hz: 3500.0,
    filter_q: 0.8,
    noise_t60_s: 2.2,
    pan: -0.4,
    ..CYMBAL
};
static RIDE_1: DrumSound = DrumSound {
    tones: &[Tone {
        hz: 5200.0,
        level: 0.08,
        t60_s: 1.0,
    }],
    metal: 0.6,
    metal_hz: 290.0,
    noise: 0.3,
    filter: Bandpass,
    filter_hz: 6000.0,
    filter_q: 1.0,
    noise_t60_s: 2.4,
    pan: -0.35,
    gain: 0.95,
    ..CYMBAL
};
static RIDE_2: DrumSound = DrumSound {
    metal_hz: 310.0,
    filter_hz: 6500.0,
    ..RIDE_1
};
static RIDE_BELL: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 740.0,
            level: 0.5,
            t60_s: 1.4,
        },
        Tone {
            hz: 1120.0,
            level: 0.35,
            t60_s: 1.0,
        },
        Tone {
            hz: 1760.0,
            level: 0.2,
            t60_s: 0.8,
        },
    ],
    metal: 0.4,
    metal_hz: 520.0,
    noise: 0.0,
    filter: Bandpass,
    filter_hz: 4000.0,
    filter_q: 1.5,
    noise_t60_s: 1.2,
    pan: -0.35,
    gain: 0.5,
    ..B
};

static TAMBOURINE: DrumSound = DrumSound {
    metal: 0.7,
    metal_hz: 1400.0,
    noise: 0.7,
    filter_hz: 7500.0,
    filter_q: 1.2,
    noise_t60_s: 0.35,
    pan: -0.2,
    gain: 0.7,
    ..B
};

static COWBELL: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 545.0,
            level: 0.7,
            t60_s: 0.35,
        },
        Tone {
            hz: 815.0,
            level: 0.55,
            t60_s: 0.3,
        },
        Tone {
            hz: 1090.0,
            level: 0.15,
            t60_s: 0.2,
        },
        Tone {
            hz: 1630.0,
            level: 0.1,
            t60_s: 0.15,
        },
    ],
    pan: 0.2,
    gain: 0.6,
    ..B
};

static VIBRASLAP: DrumSound = DrumSound {
    noise: 0.8,
    metal: 0.4,
    metal_hz: 900.0,
    filter_hz: 3000.0,
    filter_q: 2.0,
    noise_t60_s: 1.0,
    pattern: Pattern::Rattle(28.0),
    pan: 0.3,
    gain: 0.7,
    ..B
};

const fn hand_drum(tones: &'static [Tone], pan: f32) -> DrumSound {
    DrumSound {
        tones,
        drop: 1.12,
        drop_s: 0.06,
        noise: 0.3,
        filter_hz: 3000.0,
        filter_q: 1.0,
        noise_t60_s: 0.03,
        pan,
        gain: 0.8,
        ..B
    }
}

const fn two_tones(hz: f32, t60: f32, ratio: f32, level2: f32) -> [Tone; 2] {
    [
        Tone {
            hz,
            level: 0.9,
            t60_s: t60,
        },
        Tone {
            hz: hz * ratio,
            level: level2,
            t60_s: t60 * 0.5,
        },
    ]
}

static HAND_TONES: [[Tone; 2]; 5] = [
    two_tones(400.0, 0.18, 1.6, 0.3),
    two_tones(300.0, 0.22, 1.6, 0.3),
    two_tones(330.0, 0.08, 1.6, 0.2),
    two_tones(330.0, 0.35, 1.6, 0.2),
    two_tones(220.0, 0.4, 1.6, 0.2),
];

static BONGO_HIGH: DrumSound = hand_drum(&HAND_TONES[0], 0.4);
static BONGO_LOW: DrumSound = hand_drum(&HAND_TONES[1], 0.3);
static CONGA_MUTE: DrumSound = hand_drum(&HAND_TONES[2], -0.2);
static CONGA_OPEN: DrumSound = hand_drum(&HAND_TONES[3], -0.2);
static CONGA_LOW: DrumSound = hand_drum(&HAND_TONES[4], -0.3);

const fn metal_three(hz: f32, t60: f32, r2: f32, r3: f32) -> [Tone; 3] {
    [
        Tone {
            hz,
            level: 0.7,
            t60_s: t60,
        },
        Tone {
            hz: hz * r2,
            level: 0.3,
            t60_s: t60 * 0.7,
        },
        Tone {
            hz: hz * r3,
            level: 0.2,
            t60_s: t60 * 0.6,
        },
    ]
}

static TIMBALE_TONES: [[Tone; 3]; 2] = [
    metal_three(430.0, 0.5, 2.3, 3.1),
    metal_three(320.0, 0.55, 2.3, 3.1),
];
static AGOGO_TONES: [[Tone; 3]; 2] = [
    metal_three(900.0, 0.6, 2.76, 4.1),
    metal_three(640.0, 0.6, 2.76, 4.1),
];

static TIMBALE_HIGH: DrumSound = DrumSound {
    tones: &TIMBALE_TONES[0],
    noise: 0.3,
    filter_hz: 4000.0,
    noise_t60_s: 0.05,
    pan: 0.2,
    gain: 0.7,
    ..B
};
static TIMBALE_LOW: DrumSound = DrumSound {
    tones: &TIMBALE_TONES[1],
    pan: 0.1,
    ..TIMBALE_HIGH
};
static AGOGO_HIGH: DrumSound = DrumSound {
    tones: &AGOGO_TONES[0],
    pan: -0.25,
    gain: 0.6,
    ..B
};
static AGOGO_LOW: DrumSound = DrumSound {
    tones: &AGOGO_TONES[1],
    ..AGOGO_HIGH
};

static CABASA: DrumSound = DrumSound {
    noise: 0.8,
    filter: Highpass,
    filter_hz: 6000.0,
    noise_t60_s: 0.12,
    pan: 0.25,
    gain: 0.6,
    ..B
};
static MARACAS: DrumSound = DrumSound {
    filter_hz: 7000.0,
    noise_t60_s: 0.07,
    pan: -0.25,
    ..CABASA
};

static WHISTLE_SHORT: DrumSound = DrumSound {
    tones: &[Tone {
        hz: 2300.0,
        level: 0.6,
        t60_s: 0.2,
    }],
    noise: 0.05,
    filter_hz: 2300.0,
    filter_q: 4.0,
    noise_t60_s: 0.2,
    gain: 0.5,
    choke: 4,
    ..B
};
static WHISTLE_LONG: DrumSound = DrumSound {
    tones: &[Tone {
        hz: 2300.0,
        level: 0.6,
        t60_s: 0.9,
    }],
    noise_t60_s: 0.9,
    ..WHISTLE_SHORT
};

static GUIRO_SHORT: DrumSound = DrumSound {
    noise: 0.8,
    filter_hz: 3000.0,
    filter_q: 2.0,
    noise_t60_s: 0.18,
    pattern: Pattern::Rattle(45.0),
    pan: -0.3,
    gain: 0.7,
    choke: 5,
    ..B
};
static GUIRO_LONG: DrumSound = DrumSound {
    noise_t60_s: 0.45,
    ..GUIRO_SHORT
};

static CLAVES: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 2500.0,
            level: 0.8,
            t60_s: 0.12,
        },
        Tone {
            hz: 6100.0,
            level: 0.1,
            t60_s: 0.05,
        },
    ],
    pan: 0.3,
    gain: 0.5,
    ..B
};

static WOODBLOCK_HIGH: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 1200.0,
            level: 0.7,
            t60_s: 0.08,
        },
        Tone {
            hz: 3000.0,
            level: 0.2,
            t60_s: 0.04,
        },
    ],
    noise: 0.15,
    filter_hz: 2000.0,
    noise_t60_s: 0.02,
    pan: 0.25,
    gain: 0.6,
    ..B
};
static WOODBLOCK_LOW: DrumSound = DrumSound {
    tones: &[
        Tone {
            hz: 850.0,
            level: 0.7,
            t60_s: 0.09,
        },
        Tone {
            hz: 2100.0,
            level: 0.2,
            t60_s: 0.05,
        },
    ],
    ..WOODBLOCK_HIGH
};

static CUICA_MUTE: DrumSound = DrumSound {
    tones: &[Tone {
        hz: 700.0,
        level: 0.6,
        t60_s: 0.15,
    }],
    drop: 0.7,
    drop_s: 0.12,
    pan: -0.15,
    gain: 0.6,
    choke: 3,
    ..B
};
static CUICA_OPEN: DrumSound = DrumSound {
    tones: &[Tone {
        hz: 500.0,
        level: 0.6,
        t60_s: 0.4,
    }],
    drop: 1.5,
    drop_s: 0.3,
    ..CUICA_MUTE
};

const fn triangle_tones(t60: f32) -> [Tone; 4] {
    [
        Tone {
            hz: 2200.0,
            level: 0.35,
            t60_s: t60,
        },
        Tone {
            hz: 4450.0,
            level: 0.3,
            t60_s: t60 * 0.8,
        },
        Tone {
            hz: 6700.0,
            level: 0.25,
            t60_s: t60 * 0.65,
        },
        Tone {
            hz: 9050.0,
            level: 0.2,
            t60_s: t60 * 0.5,
        },
    ]
}

static TRIANGLE_TONES: [[Tone; 4]; 2] = [triangle_tones(0.15), triangle_tones(2.6)];

static TRIANGLE_MUTE: DrumSound = DrumSound {
    tones: &TRIANGLE_TONES[0],
    pan: 0.45,
    gain: 0.45,
    choke: 2,
    ..B
};
static TRIANGLE_OPEN: DrumSound = DrumSound {
    tones: &TRIANGLE_TONES[1],
    ..TRIANGLE_MUTE
};

/// The sound for a key on the percussion channel.
pub(crate) fn sound_for_key(key: u8) -> &'static DrumSound {
    match key {
        0..=34 => &SIDE_STICK,
        35 => &BASS_DRUM,
        36 => &KICK,
        37 => &SIDE_STICK,
        38 => &SNARE,
        39 => &CLAP,
        40 => &ELECTRIC_SNARE,
        41 => &TOM_LOW_FLOOR,
        42 => &HAT_CLOSED,
        43 => &TOM_HIGH_FLOOR,
        44 => &HAT_PEDAL,
        45 => &TOM_LOW,
        46 => &HAT_OPEN,
        47 => &TOM_LOW_MID,
        48 => &TOM_HIGH_MID,
        49 => &CRASH_1,
        50 => &TOM_HIGH,
        51 => &RIDE_1,
        52 => &CHINA,
        53 => &RIDE_BELL,
        54 => &TAMBOURINE,
        55 => &SPLASH,
        56 => &COWBELL,
        57 => &CRASH_2,
        58 => &VIBRASLAP,
        59 => &RIDE_2,
        60 => &BONGO_HIGH,
        61 => &BONGO_LOW,
        62 => &CONGA_MUTE,
        63 => &CONGA_OPEN,
        64 => &CONGA_LOW,
        65 => &TIMBALE_HIGH,
        66 => &TIMBALE_LOW,
        67 => &AGOGO_HIGH,
        68 => &AGOGO_LOW,
        69 => &CABASA,
        70 => &MARACAS,
        71 => &WHISTLE_SHORT,
        72 => &WHISTLE_LONG,
        73 => &GUIRO_SHORT,
        74 => &GUIRO_LONG,
        75 => &CLAVES,
        76 => &WOODBLOCK_HIGH,
        77 => &WOODBLOCK_LOW,
        78 => &CUICA_MUTE,
        79 => &CUICA_OPEN,
        80 => &TRIANGLE_MUTE,
        81 => &TRIANGLE_OPEN,
        82 => &MARACAS,
        83 => &TAMBOURINE,
        84 => &TRIANGLE_OPEN,
        85 => &CLAVES,
        86 => &TOM_LOW_FLOOR,
        87 => &BASS_DRUM,
        _ => &CLAVES,
    }
}
