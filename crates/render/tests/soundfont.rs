//! The SoundFont engine: loading (and refusing) files, and playing notes through
//! `SoundFontChannel`, using a tiny SoundFont written by the test itself.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;

use leitmotif_render::soundfont::{SoundFontBank, SoundFontChannel};
use leitmotif_render::{ChannelSynth, RenderError};
use proptest::prelude::*;
use support::sf2::{chunk, TinySoundFont};
use support::{fundamental, peak, temp_dir};

const RATE: u32 = 48_000;

// ---------------------------------------------------------------------------------------------
// Counting allocator: proves note and render calls do not allocate.

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count_allocation() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_allocation();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_allocation();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_allocation();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

fn allocations_on_this_thread() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn tiny_bank() -> SoundFontBank {
    SoundFontBank::from_bytes(&TinySoundFont::default().bytes(), Path::new("tiny.sf2"))
        .expect("the tiny SoundFont loads")
}

/// Renders `frames` frames in uneven slices (to cross rustysynth's 64-frame blocks at odd
/// places); returns the left channel.
fn render(channel: &mut SoundFontChannel, frames: usize) -> Vec<f32> {
    let mut left = vec![0.0; frames];
    let mut right = vec![0.0; frames];
    let mut at = 0;
    for step in [37usize, 100, 1, 500, 64].iter().cycle() {
        if at == frames {
            break;
        }
        let end = (at + step).min(frames);
        channel.render(&mut left[at..end], &mut right[at..end]);
        at = end;
    }
    left
}

fn midi_to_hz(key: u8) -> f32 {
    440.0 * ((f32::from(key) - 69.0) / 12.0).exp2()
}

fn assert_pitch(signal: &[f32], expected: f32, what: &str) {
    let found = fundamental(signal, RATE as f32);
    let error = (found / expected - 1.0).abs();
    assert!(
        error < 0.01,
        "{what}: detected {found:.2} Hz, expected {expected:.2} Hz ({:.2} % off)",
        error * 100.0
    );
}

fn sound_font_reason(result: Result<SoundFontBank, RenderError>) -> (String, String) {
    match result {
        Err(e @ RenderError::SoundFont { .. }) => {
            let RenderError::SoundFont { reason, .. } = &e else {
                unreachable!()
            };
            (reason.clone(), e.to_string())
        }
        Err(other) => panic!("expected RenderError::SoundFont, got {other:?}"),
        Ok(_) => panic!("expected RenderError::SoundFont, the file loaded"),
    }
}

/// The parser's last line of defence tripped: the structure check missed something.
const PARSER_CRASH: &str = "rustysynth could not parse it";

// ---------------------------------------------------------------------------------------------
// Playing

#[test]
fn tiny_sound_font_loads_from_a_file_with_its_presets() {
    let dir = temp_dir("loads");
    let path = dir.join("tiny.sf2");
    std::fs::write(&path, TinySoundFont::default().bytes()).unwrap();
    let bank = SoundFontBank::load(&path).expect("loads");
    assert_eq!(bank.path(), path);
    assert_eq!(bank.name(), "Leitmotif Test");
    let presets: Vec<_> = bank.presets().collect();
    assert_eq!(presets, vec![(0, 0, "Sine"), (128, 0, "Drum Sine")]);
    let clone = bank.clone();
    assert!(std::sync::Arc::ptr_eq(
        clone.sound_font(),
        bank.sound_font()
    ));
}

#[test]
fn notes_sound_at_their_fundamental() {
    let bank = tiny_bank();
    for key in [45u8, 60, 69, 81] {
        let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
        channel.note_on(key, 100);
        let out = render(&mut channel, RATE as usize / 2);
        // Skip the attack.
        assert_pitch(&out[4800..], midi_to_hz(key), &format!("key {key}"));
        assert!(peak(&out) > 0.05, "key {key} is audible");
        assert_eq!(channel.faults(), 0);
    }
}

#[test]
fn the_drum_channel_plays_the_bank_128_preset() {
    // The drum preset's instrument is tuned an octave up, so key 69 sounds at 880 Hz.
    let bank = tiny_bank();
    let mut drums = SoundFontChannel::new(&bank, RATE, true).unwrap();
    drums.note_on(69, 100);
    let out = render(&mut drums, RATE as usize / 2);
    assert_pitch(&out[4800..], 880.0, "drum channel key 69");
}

#[test]
fn pitch_bend_passes_through_as_14_bit_value() {
    let bank = tiny_bank();
    for (bend, semitones) in [(16383u16, 2.0 * 8191.0 / 8192.0), (0, -2.0), (8192, 0.0)] {
        let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
        channel.pitch_bend(bend);
        channel.note_on(69, 100);
        let out = render(&mut channel, RATE as usize / 2);
        let expected = 440.0 * (semitones as f32 / 12.0).exp2();
        assert_pitch(&out[4800..], expected, &format!("bend {bend}"));
    }
}

#[test]
fn pitch_bend_range_rpn_passes_through() {
    // RPN 0 (pitch-bend range) = 12 semitones, then a full bend up: an octave.
    let bank = tiny_bank();
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    for (cc, v) in [(101, 0), (100, 0), (6, 12), (38, 0)] {
        channel.control_change(cc, v);
    }
    channel.pitch_bend(16383);
    channel.note_on(57, 100);
    let out = render(&mut channel, RATE as usize / 2);
    let expected = 220.0 * (8191.0f32 / 8192.0).exp2();
    assert_pitch(&out[4800..], expected, "bent an octave");
}

#[test]
fn note_off_decays_to_silence() {
    let bank = tiny_bank();
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    assert!(channel.is_silent(), "a fresh channel is silent");
    channel.note_on(60, 110);
    assert!(!channel.is_silent(), "silent right after note-on");
    let held = render(&mut channel, RATE as usize / 4);
    assert!(peak(&held[held.len() / 2..]) > 0.05, "the held note sounds");
    assert!(!channel.is_silent(), "silent while the note is held");
    channel.note_off(60);
    // Release is 0.5 s; render 1.5 s.
    let tail = render(&mut channel, RATE as usize * 3 / 2);
    let early = peak(&tail[..RATE as usize / 20]);
    let late = &tail[RATE as usize..];
    assert!(
        early > 0.01,
        "the release starts where the note was ({early})"
    );
    assert!(
        late.iter().all(|&x| x == 0.0),
        "after the release the output is digital silence (peak {})",
        peak(late)
    );
    assert!(channel.is_silent(), "silent after the release");
}

#[test]
fn sustain_pedal_holds_released_notes() {
    let bank = tiny_bank();
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    channel.control_change(64, 127);
    channel.note_on(64, 100);
    render(&mut channel, 4800);
    channel.note_off(64);
    let held = render(&mut channel, RATE as usize);
    assert!(
        peak(&held[held.len() - 4800..]) > 0.05,
        "the pedal holds it"
    );
    assert!(!channel.is_silent());
    channel.control_change(64, 0);
    let tail = render(&mut channel, RATE as usize * 3 / 2);
    assert!(tail[RATE as usize..].iter().all(|&x| x == 0.0));
    assert!(channel.is_silent());
}

#[test]
fn controllers_pass_through() {
    let bank = tiny_bank();
    let loud = {
        let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
        channel.note_on(69, 100);
        peak(&render(&mut channel, 9600)[4800..])
    };
    // Volume 0 silences; all-sound-off stops at once; program changes to missing presets fall
    // back to one that exists.
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    channel.control_change(7, 0);
    channel.note_on(69, 100);
    assert_eq!(peak(&render(&mut channel, 9600)), 0.0, "volume 0");
    channel.control_change(7, 100);
    channel.program_change(40);
    channel.note_on(72, 100);
    let out = render(&mut channel, 9600);
    assert!(peak(&out[4800..]) > loud * 0.5, "program 40 falls back");
    channel.control_change(120, 0);
    render(&mut channel, 256);
    let after = render(&mut channel, 2048);
    assert!(after.iter().all(|&x| x == 0.0), "all sound off");
    assert!(channel.is_silent());

    // Pan hard left: the right channel is (almost) silent.
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    channel.control_change(10, 0);
    channel.note_on(69, 100);
    let (mut l, mut r) = (vec![0.0; 9600], vec![0.0; 9600]);
    channel.render(&mut l, &mut r);
    assert!(peak(&l) > 0.05 && peak(&r) < peak(&l) * 0.01, "pan left");
}

#[test]
fn out_of_range_arguments_are_ignored_not_panics() {
    let bank = tiny_bank();
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    channel.note_on(200, 200);
    channel.note_off(255);
    channel.control_change(255, 255);
    channel.program_change(255);
    channel.pitch_bend(u16::MAX);
    channel.note_on(127, 255);
    channel.note_on(0, 1);
    // Unequal slices: the extra frames of the longer one are zeroed.
    let (mut l, mut r) = (vec![1.0; 300], vec![1.0; 200]);
    channel.render(&mut l, &mut r);
    assert!(l[200..].iter().all(|&x| x == 0.0));
    channel.render(&mut [], &mut []);
    assert_eq!(channel.faults(), 0);
}

#[test]
fn unsupported_sample_rates_are_an_error() {
    let bank = tiny_bank();
    for rate in [0, 8_000, 15_999, 192_001] {
        let Err(e) = SoundFontChannel::new(&bank, rate, false) else {
            panic!("{rate} Hz accepted");
        };
        let message = e.to_string();
        assert!(
            message.contains("tiny.sf2") && message.contains("16000"),
            "{message}"
        );
    }
    for rate in [16_000, 44_100, 48_000, 96_000, 192_000] {
        SoundFontChannel::new(&bank, rate, false).unwrap();
    }
}

#[test]
fn note_and_render_calls_do_not_allocate() {
    let bank = tiny_bank();
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    let mut drums = SoundFontChannel::new(&bank, RATE, true).unwrap();
    let (mut l, mut r) = (vec![0.0f32; 4096], vec![0.0f32; 4096]);
    let before = allocations_on_this_thread();
    let probe: Vec<u8> = Vec::with_capacity(16);
    assert_eq!(
        allocations_on_this_thread(),
        before + 1,
        "the counter counts"
    );
    drop(probe);
    let before = allocations_on_this_thread();
    for c in [&mut channel, &mut drums] {
        c.program_change(0);
        c.control_change(7, 100);
        c.control_change(64, 127);
        c.pitch_bend(9000);
        for key in 30..110 {
            c.note_on(key, 90);
            c.render(&mut l[..100], &mut r[..100]);
        }
        for key in 30..110 {
            c.note_off(key);
        }
        c.control_change(64, 0);
        c.render(&mut l, &mut r);
        c.control_change(123, 0);
        c.control_change(121, 0);
        c.render(&mut l[..1], &mut r[..1]);
        let _ = c.is_silent();
    }
    assert_eq!(allocations_on_this_thread() - before, 0);
}

#[test]
fn polyphony_is_256_and_voices_are_stolen_beyond() {
    // 300 notes at once: no panic, still sounding, no faults.
    let bank = tiny_bank();
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    assert_eq!(SoundFontChannel::POLYPHONY, 256);
    for i in 0..300 {
        channel.note_on(40 + (i % 60) as u8, 60);
        let (mut l, mut r) = ([0.0f32; 16], [0.0f32; 16]);
        channel.render(&mut l, &mut r);
    }
    let out = render(&mut channel, 4800);
    assert!(peak(&out) > 0.0);
    assert_eq!(channel.faults(), 0);
}

/// A font whose sine loops over a single sample: at 44 kHz played at 48 kHz, one frame steps
/// 0.92 samples at the root key (69): with the pitch wheel up (2 semitones) and the modulation
/// wheel's vibrato (half a semitone) that is more than the loop from key 69 (57 for the drum
/// preset, tuned an octave up).
fn one_sample_loop_bank() -> SoundFontBank {
    let font = TinySoundFont {
        loop_start: 1999,
        ..TinySoundFont::default()
    };
    SoundFontBank::from_bytes(&font.bytes(), Path::new("short-loop.sf2")).unwrap()
}

#[test]
fn notes_that_would_run_off_their_sample_are_refused() {
    let bank = one_sample_loop_bank();
    let hazards = leitmotif_render::soundfont::loop_hazards(&bank, RATE);
    assert_eq!(hazards.len(), 2, "{hazards:?}"); // the melodic and the drum preset
    assert!(hazards[0].contains("from key 69"), "{hazards:?}");
    assert!(hazards[1].contains("from key 57"), "{hazards:?}");
    assert!(leitmotif_render::soundfont::loop_hazards(&tiny_bank(), RATE).is_empty());

    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    channel.note_on(127, 100);
    let out = render(&mut channel, 9600);
    assert_eq!(channel.refused_notes(), 1);
    assert_eq!(channel.faults(), 0);
    assert_eq!(peak(&out), 0.0, "the refused note is silent");
    assert!(channel.is_silent());
    channel.note_on(45, 100);
    let out = render(&mut channel, 9600);
    assert_eq!(channel.refused_notes(), 1, "a low note plays");
    assert!(peak(&out) > 0.05);

    // The guard follows the pitch-bend range (RPN 0): at 24 semitones key 50 could overrun.
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    channel.note_on(50, 100);
    assert_eq!(channel.refused_notes(), 0);
    for (cc, v) in [(101, 0), (100, 0), (6, 24)] {
        channel.control_change(cc, v);
    }
    channel.note_on(50, 100);
    assert_eq!(channel.refused_notes(), 1);
}

#[test]
fn a_voice_that_runs_off_its_sample_anyway_is_a_fault_not_a_crash() {
    // A note started safely, then bent two octaves up (after raising the bend range): rustysynth
    // reads past its sample data and panics. The channel survives: silence, a fault, and the
    // next note plays.
    let bank = one_sample_loop_bank();
    let mut channel = SoundFontChannel::new(&bank, RATE, false).unwrap();
    channel.note_on(60, 100);
    render(&mut channel, 4800);
    for (cc, v) in [(101, 0), (100, 0), (6, 24)] {
        channel.control_change(cc, v);
    }
    channel.pitch_bend(16383);
    let out = render(&mut channel, 9600);
    assert!(channel.faults() > 0, "the overrun is caught");
    assert!(out.iter().all(|x| x.is_finite()));
    assert!(!channel.is_silent(), "key 60 is still held");
    channel.note_off(60);
    render(&mut channel, 4096);
    assert!(channel.is_silent());
    let faults = channel.faults();
    channel.pitch_bend(8192);
    channel.note_on(45, 100);
    let out = render(&mut channel, 9600);
    assert!(peak(&out) > 0.05, "the channel still plays");
    assert_eq!(channel.faults(), faults);
}

// ---------------------------------------------------------------------------------------------
// Refusing bad files

#[test]
fn a_missing_file_is_an_io_error_naming_the_path() {
    let path = temp_dir("missing").join("no-such-font.sf2");
    let Err(error) = SoundFontBank::load(&path) else {
        panic!("loaded a missing file");
    };
    assert!(matches!(error, RenderError::Io { .. }), "{error:?}");
    assert!(error.to_string().contains("no-such-font.sf2"), "{error}");
}

#[test]
fn an_empty_file_is_refused() {
    let path = temp_dir("empty").join("empty.sf2");
    std::fs::write(&path, b"").unwrap();
    let (reason, message) = sound_font_reason(SoundFontBank::load(&path));
    assert!(reason.contains("empty"), "{reason}");
    assert!(
        message.contains("empty.sf2") && message.contains("SoundFont 2"),
        "{message}"
    );
}

#[test]
fn a_directory_is_refused() {
    let dir = temp_dir("directory");
    let (reason, message) = sound_font_reason(SoundFontBank::load(&dir));
    assert!(reason.contains("directory"), "{reason}");
    assert!(message.contains("directory-"), "{message}");
}

#[test]
fn garbage_files_are_refused_saying_what_was_expected() {
    let dir = temp_dir("garbage");
    let cases: [(&str, &[u8], &str); 7] = [
        (
            "notes.sf2",
            b"these are not the samples you are looking for",
            "'RIFF'",
        ),
        ("song.sf2", b"MThd\0\0\0\x06\0\x01\0\x02\x01\xe0", "MIDI"),
        ("font.sf2", b"PK\x03\x04 zipped", "zip"),
        ("tiny.sf2", b"RI", "'RIFF'"),
        ("wave.sf2", b"RIFF\x24\0\0\0WAVEfmt ", "WAV"),
        ("dls.sf2", b"RIFF\x04\0\0\0DLS ", "DLS"),
        ("binary.sf2", &[0xff, 0xfe, 0x00, 0x01, 0x02, 0x03], "RIFF"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let (reason, message) = sound_font_reason(SoundFontBank::load(&path));
        assert!(reason.contains(expected), "{name}: {reason}");
        assert!(message.contains(name), "{message}");
    }
}

#[test]
fn a_soundfont_3_is_refused_with_advice() {
    let mut bytes = TinySoundFont::default().bytes();
    let smpl = bytes.windows(4).position(|w| w == b"smpl").unwrap();
    bytes[smpl + 8..smpl + 12].copy_from_slice(b"OggS");
    let (reason, _) = sound_font_reason(SoundFontBank::from_bytes(&bytes, Path::new("x.sf3")));
    assert!(
        reason.contains("SoundFont 3") && reason.contains(".sf2"),
        "{reason}"
    );
}

#[test]
fn every_truncation_is_refused_without_panicking() {
    let bytes = TinySoundFont::default().bytes();
    let dir = temp_dir("truncated");
    for len in 0..bytes.len() {
        let result = if len % 97 == 0 {
            // Some through the file system, all through memory.
            let path = dir.join(format!("cut-{len}.sf2"));
            std::fs::write(&path, &bytes[..len]).unwrap();
            SoundFontBank::load(&path)
        } else {
            SoundFontBank::from_bytes(&bytes[..len], Path::new("cut.sf2"))
        };
        let (reason, message) = sound_font_reason(result);
        assert!(message.contains("cut"), "{message}");
        if len == 0 {
            assert!(reason.contains("empty"), "{reason}");
        } else if len >= 4 {
            assert!(reason.contains("truncated"), "cut at {len}: {reason}");
        }
    }
}

#[test]
fn structural_damage_gets_a_precise_reason() {
    let font = TinySoundFont::default();
    let good = font.bytes();
    let find = |bytes: &[u8], id: &[u8]| bytes.windows(4).position(|w| w == id).unwrap();

    // An instrument whose zones point past the generator table.
    let mut bytes = good.clone();
    let ibag = find(&bytes, b"ibag") + 8;
    bytes[ibag + 4..ibag + 6].copy_from_slice(&500u16.to_le_bytes());
    let (reason, _) = sound_font_reason(SoundFontBank::from_bytes(&bytes, Path::new("a.sf2")));
    assert!(
        reason.contains("generators") && reason.contains("igen"),
        "{reason}"
    );

    // A preset whose zone range is empty.
    let mut bytes = good.clone();
    let phdr = find(&bytes, b"phdr") + 8;
    bytes[phdr + 38 + 24..phdr + 38 + 26].copy_from_slice(&0u16.to_le_bytes());
    let (reason, _) = sound_font_reason(SoundFontBank::from_bytes(&bytes, Path::new("b.sf2")));
    assert!(
        reason.contains("preset 'Sine'") && reason.contains("no zones"),
        "{reason}"
    );

    // A sample that ends past the sample data.
    let mut bytes = good.clone();
    let shdr = find(&bytes, b"shdr") + 8;
    bytes[shdr + 24..shdr + 28].copy_from_slice(&99_999u32.to_le_bytes());
    let (reason, _) = sound_font_reason(SoundFontBank::from_bytes(&bytes, Path::new("c.sf2")));
    assert!(reason.contains("outside the sample data"), "{reason}");

    // A sample rate of zero.
    let mut bytes = good.clone();
    bytes[shdr + 36..shdr + 40].copy_from_slice(&0u32.to_le_bytes());
    let (reason, _) = sound_font_reason(SoundFontBank::from_bytes(&bytes, Path::new("d.sf2")));
    assert!(reason.contains("sample rate is 0 Hz"), "{reason}");

    // A missing chunk.
    let mut bytes = good.clone();
    let igen = find(&bytes, b"igen");
    bytes[igen..igen + 4].copy_from_slice(b"xgen");
    let (reason, _) = sound_font_reason(SoundFontBank::from_bytes(&bytes, Path::new("e.sf2")));
    assert!(reason.contains("'xgen'"), "{reason}");

    // Lists out of order.
    let mut bytes = good;
    let info = find(&bytes, b"INFO");
    bytes[info..info + 4].copy_from_slice(b"pdta");
    let (reason, _) = sound_font_reason(SoundFontBank::from_bytes(&bytes, Path::new("f.sf2")));
    assert!(
        reason.contains("'INFO'") && reason.contains("'pdta'"),
        "{reason}"
    );
}

#[test]
fn files_over_two_gib_are_refused_before_reading() {
    // A sparse file: 2 GiB + 1 byte of apparent size, no data.
    let path = temp_dir("huge").join("huge.sf2");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(SoundFontBank::MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    let (reason, _) = sound_font_reason(SoundFontBank::load(&path));
    assert!(reason.contains("2 GiB"), "{reason}");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn an_odd_sized_riff_chunk_is_padded_by_the_helper() {
    // The helper itself: odd data gets a pad byte but keeps its true size.
    let c = chunk(b"abcd", b"xyz");
    assert_eq!(c.len(), 12);
    assert_eq!(&c[4..8], &3u32.to_le_bytes());
}

// ---------------------------------------------------------------------------------------------
// Fuzzing: no input panics, and no input gets past the structure check to crash rustysynth.

fn play_everything(bank: &SoundFontBank) {
    let mut channel = SoundFontChannel::new(bank, RATE, false).unwrap();
    let mut drums = SoundFontChannel::new(bank, RATE, true).unwrap();
    for c in [&mut channel, &mut drums] {
        c.pitch_bend(16383);
        for key in (0..128).step_by(9) {
            c.note_on(key, 127);
        }
        let (mut l, mut r) = (vec![0.0; 512], vec![0.0; 512]);
        c.render(&mut l, &mut r);
        assert!(l.iter().chain(&r).all(|x| x.is_finite()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Err(e) = SoundFontBank::from_bytes(&bytes, Path::new("random.sf2")) {
            prop_assert!(!e.to_string().contains(PARSER_CRASH), "{}", e);
        }
    }

    #[test]
    fn random_bytes_after_a_riff_header_never_panic(
        tail in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut bytes = b"RIFF".to_vec();
        bytes.extend_from_slice(&(tail.len() as u32 + 4).to_le_bytes());
        bytes.extend_from_slice(b"sfbk");
        bytes.extend_from_slice(&tail);
        if let Err(e) = SoundFontBank::from_bytes(&bytes, Path::new("random.sf2")) {
            prop_assert!(!e.to_string().contains(PARSER_CRASH), "{}", e);
        }
    }

    #[test]
    fn damaged_tiny_sound_fonts_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), any::<bool>()), 1..8),
    ) {
        let font = TinySoundFont::default();
        let mut bytes = font.bytes();
        let pdta = font.pdta_offset();
        for (index, value, in_pdta) in edits {
            // Mostly damage the small pdta list (where the indices live), sometimes anywhere.
            let at = if in_pdta {
                pdta + index.index(bytes.len() - pdta)
            } else {
                index.index(bytes.len())
            };
            bytes[at] = value;
        }
        match SoundFontBank::from_bytes(&bytes, Path::new("damaged.sf2")) {
            Ok(bank) => play_everything(&bank),
            Err(e) => prop_assert!(!e.to_string().contains(PARSER_CRASH), "{}", e),
        }
    }
}
