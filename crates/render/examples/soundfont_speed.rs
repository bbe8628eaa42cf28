//! How fast is rustysynth on a real multi-track MIDI file? Answers whether per-channel rendering
//! can beat FluidSynth by 2x. Run (release!):
//!
//! ```sh
//! cargo run --release -p leitmotif-render --example soundfont_speed -- SONG.mid FONT.sf2 [OUT.wav]
//! ```
//!
//! It times, at 48 kHz, single-threaded unless said otherwise:
//! 1. loading the SoundFont ([`SoundFontBank::load`]);
//! 2. rustysynth's own `MidiFileSequencer` driving one 16-channel `Synthesizer` (the raw engine),
//!    with reverb and chorus off and on, at block sizes 64 and 32;
//! 3. Leitmotif's way: one [`SoundFontChannel`] per MIDI channel, events applied at their exact
//!    frames, channels one after another (the sum) and spread over all cores with rayon.
//!
//! With OUT.wav it also writes the per-channel render, summed, as 16-bit stereo, to listen to.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use leitmotif_render::soundfont::{loop_hazards, SoundFontBank, SoundFontChannel};
use leitmotif_render::ChannelSynth;
use midly::{MetaMessage, MidiMessage, Smf, Timing, TrackEventKind};
use rayon::prelude::*;
use rustysynth::{MidiFile, MidiFileSequencer, Synthesizer, SynthesizerSettings};

const RATE: u32 = 48_000;
const CHUNK: usize = 1024;
/// Tail rendered after the last event, at most (stops earlier when the channel is silent).
const MAX_TAIL_FRAMES: usize = 5 * RATE as usize;

#[derive(Clone, Copy)]
enum Event {
    On(u8, u8),
    Off(u8),
    Cc(u8, u8),
    Program(u8),
    Bend(u16),
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: soundfont_speed SONG.mid FONT.sf2 [OUT.wav]");
        std::process::exit(2);
    }
    let (mid_path, sf2_path) = (Path::new(&args[1]), Path::new(&args[2]));
    let wav_path = args.get(3).map(Path::new);

    let t = Instant::now();
    let bank = SoundFontBank::load(sf2_path).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    let load_s = t.elapsed().as_secs_f64();
    println!(
        "SoundFont: {} ({}), {} presets, loaded in {:.3} s",
        sf2_path.display(),
        bank.name(),
        bank.presets().count(),
        load_s
    );
    let hazards = loop_hazards(&bank, RATE);
    println!(
        "  loop hazards (zones whose notes SoundFontChannel refuses): {}",
        hazards.len()
    );
    for h in hazards.iter().take(5) {
        println!("    {h}");
    }

    let bytes = std::fs::read(mid_path).expect("read the MIDI file");
    let (channels, song_frames, tracks) = events_by_channel(&bytes);
    let song_s = song_frames as f64 / f64::from(RATE);
    println!(
        "MIDI: {}: {} tracks, {} channels in use, {} events, {:.1} s",
        mid_path.display(),
        tracks,
        channels.iter().filter(|c| !c.is_empty()).count(),
        channels.iter().map(Vec::len).sum::<usize>(),
        song_s
    );
    println!("threads available: {}", rayon::current_num_threads());
    println!();

    // 2. rustysynth's own sequencer, one synthesizer for all channels.
    let midi = Arc::new(MidiFile::new(&mut &bytes[..]).expect("rustysynth reads the MIDI file"));
    for (reverb, block) in [(false, 64), (false, 32), (true, 64)] {
        let mut settings = SynthesizerSettings::new(RATE as i32);
        settings.maximum_polyphony = 256;
        settings.block_size = block;
        settings.enable_reverb_and_chorus = reverb;
        let synth = Synthesizer::new(bank.sound_font(), &settings).unwrap();
        let mut seq = MidiFileSequencer::new(synth);
        seq.play(&midi, false);
        let (mut l, mut r) = (vec![0.0f32; CHUNK], vec![0.0f32; CHUNK]);
        let frames = (midi.get_length() * f64::from(RATE)) as usize;
        let t = Instant::now();
        let cpu = thread_cpu_seconds();
        let mut energy = 0.0f64;
        let mut done = 0;
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            while done < frames {
                seq.render(&mut l, &mut r);
                energy += l.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>();
                done += CHUNK;
            }
        }));
        if ran.is_err() {
            println!("rustysynth sequencer PANICKED after {done} frames (a sample-loop overrun?)");
            continue;
        }
        let s = t.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds() - cpu;
        println!(
            "rustysynth sequencer, 1 synth, reverb+chorus {:3}, block {block:2}: {:.3} s wall, {:.2} s CPU = {:6.1}x real time (rms {:.4})",
            if reverb { "on" } else { "off" },
            s,
            cpu,
            song_s / s,
            (energy / done as f64).sqrt()
        );
    }
    println!();

    // 3. One SoundFontChannel per MIDI channel.
    let t = Instant::now();
    let cpu = thread_cpu_seconds();
    let mut mix = wav_path.map(|_| (vec![0.0f32; song_frames], vec![0.0f32; song_frames]));
    let mut per_channel = Vec::new();
    for (index, events) in channels.iter().enumerate() {
        if events.is_empty() {
            continue;
        }
        let cpu = thread_cpu_seconds();
        let (frames, faults, refused) = render_channel(&bank, index, events, mix.as_mut());
        per_channel.push((index, thread_cpu_seconds() - cpu, frames, faults, refused));
    }
    let sequential_s = t.elapsed().as_secs_f64();
    let sequential_cpu = thread_cpu_seconds() - cpu;
    for (index, s, frames, faults, refused) in &per_channel {
        println!(
            "  channel {:2}: {:5} events, {:.2} s CPU ({:.1} s of audio), faults {faults}, refused notes {refused}",
            index + 1,
            channels[*index].len(),
            s,
            *frames as f64 / f64::from(RATE)
        );
    }
    println!(
        "SoundFontChannel per channel, one after another:  {:.3} s wall, {:.2} s CPU = {:6.1}x real time",
        sequential_s,
        sequential_cpu,
        song_s / sequential_s
    );

    let heaviest = per_channel.iter().map(|c| c.1).fold(0.0, f64::max);
    let total: f64 = per_channel.iter().map(|c| c.1).sum();
    let threads = rayon::current_num_threads() as f64;
    println!(
        "  best case on {threads} threads: max(sum / threads, heaviest channel) = {:.2} s CPU",
        (total / threads).max(heaviest)
    );

    let t = Instant::now();
    let used: Vec<usize> = (0..16).filter(|&c| !channels[c].is_empty()).collect();
    used.par_iter().for_each(|&c| {
        render_channel(&bank, c, &channels[c], None);
    });
    let parallel_s = t.elapsed().as_secs_f64();
    println!(
        "SoundFontChannel per channel, {} threads (rayon):   {:.3} s = {:6.1}x real time",
        rayon::current_num_threads(),
        parallel_s,
        song_s / parallel_s
    );
    println!(
        "including the SoundFont load:                      {:.3} s",
        parallel_s + load_s
    );

    if let (Some(path), Some((l, r))) = (wav_path, mix) {
        write_wav(path, &l, &r);
        println!("wrote {}", path.display());
    }
}

/// CPU seconds used so far by the calling thread (user + system, from /proc; 10 ms steps), so
/// single-threaded figures stay meaningful on a busy machine. NaN where /proc is unavailable.
fn thread_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return f64::NAN;
    };
    // Fields after the parenthesised command name: state is field 3; utime 14, stime 15.
    let Some(after) = stat.rfind(')').map(|i| &stat[i + 2..]) else {
        return f64::NAN;
    };
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap_or(f64::NAN)
        + fields[12].parse::<f64>().unwrap_or(f64::NAN);
    ticks / 100.0
}

/// Renders one channel's events sample-accurately; returns (frames rendered, faults, refused
/// notes).
fn render_channel(
    bank: &SoundFontBank,
    index: usize,
    events: &[(usize, Event)],
    mut mix: Option<&mut (Vec<f32>, Vec<f32>)>,
) -> (usize, u32, u32) {
    let mut channel = SoundFontChannel::new(bank, RATE, index == 9).unwrap();
    let (mut l, mut r) = (vec![0.0f32; CHUNK], vec![0.0f32; CHUNK]);
    let mut pos = 0usize;
    let mut advance = |channel: &mut SoundFontChannel, pos: &mut usize, until: usize| {
        while *pos < until {
            let n = (until - *pos).min(CHUNK);
            channel.render(&mut l[..n], &mut r[..n]);
            if let Some((ml, mr)) = mix.as_deref_mut() {
                for i in 0..n {
                    if let (Some(a), Some(b)) = (ml.get_mut(*pos + i), mr.get_mut(*pos + i)) {
                        *a += l[i];
                        *b += r[i];
                    }
                }
            }
            *pos += n;
        }
    };
    for &(frame, event) in events {
        advance(&mut channel, &mut pos, frame);
        match event {
            Event::On(k, v) => channel.note_on(k, v),
            Event::Off(k) => channel.note_off(k),
            Event::Cc(c, v) => channel.control_change(c, v),
            Event::Program(p) => channel.program_change(p),
            Event::Bend(b) => channel.pitch_bend(b),
        }
    }
    let end = pos + MAX_TAIL_FRAMES;
    while pos < end && !channel.is_silent() {
        let until = pos + CHUNK;
        advance(&mut channel, &mut pos, until);
    }
    (pos, channel.faults(), channel.refused_notes())
}

/// The file's channel events, with their frame at 48 kHz, per MIDI channel (0-based); the song
/// length in frames; the track count.
fn events_by_channel(bytes: &[u8]) -> (Vec<Vec<(usize, Event)>>, usize, usize) {
    let smf = Smf::parse(bytes).expect("midly reads the MIDI file");
    // (tick, track, channel, event, tempo change)
    type Timed = (u64, usize, u8, Option<Event>, Option<u32>);
    let mut all: Vec<Timed> = Vec::new();
    for (track, events) in smf.tracks.iter().enumerate() {
        let mut tick = 0u64;
        for e in events {
            tick += u64::from(e.delta.as_int());
            match e.kind {
                TrackEventKind::Meta(MetaMessage::Tempo(t)) => {
                    all.push((tick, track, 0, None, Some(t.as_int())))
                }
                TrackEventKind::Midi { channel, message } => {
                    let event = match message {
                        MidiMessage::NoteOn { key, vel } if vel.as_int() > 0 => {
                            Event::On(key.as_int(), vel.as_int())
                        }
                        MidiMessage::NoteOn { key, .. } | MidiMessage::NoteOff { key, .. } => {
                            Event::Off(key.as_int())
                        }
                        MidiMessage::Controller { controller, value } => {
                            Event::Cc(controller.as_int(), value.as_int())
                        }
                        MidiMessage::ProgramChange { program } => Event::Program(program.as_int()),
                        MidiMessage::PitchBend { bend } => Event::Bend(bend.0.as_int()),
                        _ => continue,
                    };
                    all.push((tick, track, channel.as_int(), Some(event), None));
                }
                _ => {}
            }
        }
        all.push((tick, track, 0, None, None)); // end of track
    }
    all.sort_by_key(|e| (e.0, e.1));
    let seconds_per_tick = |tempo: u32| match smf.header.timing {
        Timing::Metrical(tpb) => f64::from(tempo) / 1e6 / f64::from(tpb.as_int()),
        Timing::Timecode(fps, sub) => 1.0 / f64::from(fps.as_f32()) / f64::from(sub),
    };
    let mut channels = vec![Vec::new(); 16];
    let (mut last_tick, mut seconds, mut spt) = (0u64, 0.0f64, seconds_per_tick(500_000));
    let mut end_frame = 0;
    for (tick, _, channel, event, tempo) in all {
        seconds += (tick - last_tick) as f64 * spt;
        last_tick = tick;
        let frame = (seconds * f64::from(RATE)).round() as usize;
        end_frame = end_frame.max(frame);
        if let Some(t) = tempo {
            spt = seconds_per_tick(t);
        }
        if let Some(e) = event {
            channels[usize::from(channel)].push((frame, e));
        }
    }
    (channels, end_frame, smf.tracks.len())
}

fn write_wav(path: &Path, left: &[f32], right: &[f32]) {
    let peak = left
        .iter()
        .chain(right)
        .fold(1e-9f32, |m, x| m.max(x.abs()));
    let gain = 0.9 / peak;
    let data_len = (left.len() * 4) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 4).to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for (l, r) in left.iter().zip(right) {
        for x in [l, r] {
            out.extend_from_slice(&((x * gain * 32767.0) as i16).to_le_bytes());
        }
    }
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(&out))
        .expect("write the WAV file");
}
