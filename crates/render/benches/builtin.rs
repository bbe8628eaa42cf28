//! Speed of the built-in instruments.
//!
//! First prints a table: for every instrument, 120 s of an 8-note chord (re-struck every 2 s so
//! decaying instruments keep sounding), in 512-frame blocks, as ns per voice-sample (time divided by
//! the number of voices actually sounding, block by block) and as a real-time factor, timed in
//! thread CPU time so a busy machine does not inflate them. Then a full
//! mix (eight channels, about thirty voices) and its real-time factor on one core. Then criterion
//! timings of one second of chord for a few representative instruments.
//!
//! `cargo bench -p leitmotif-render --bench builtin`

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use leitmotif_render::builtin::{BuiltinChannel, BuiltinInstrument};
use leitmotif_render::ChannelSynth;

const SR: u32 = 48_000;
const BLOCK: usize = 512;

/// CPU time of this thread in ns (Linux: utime + stime from /proc, 10 ms ticks), so timings are
/// not inflated when other processes share the cores; elsewhere, wall time.
struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10_000_000)
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: thread_cpu_ns(),
        }
    }

    fn elapsed_ns(&self) -> f64 {
        match (self.cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) if b > a => (b - a) as f64,
            _ => self.wall.elapsed().as_nanos() as f64,
        }
    }
}

fn chord(instrument: BuiltinInstrument) -> Vec<u8> {
    let base = instrument.typical_key().saturating_sub(12);
    [0u8, 7, 12, 16, 19, 24, 28, 31]
        .iter()
        .map(|i| (base + i).min(108))
        .collect()
}

/// Renders `seconds` of `instrument` playing its chord; returns (elapsed ns, voice-samples).
fn run(instrument: BuiltinInstrument, seconds: f32) -> (f64, f64) {
    let drums = instrument == BuiltinInstrument::DrumKit;
    let mut ch = BuiltinChannel::new(SR, drums);
    ch.set_instrument(instrument);
    let keys = if drums {
        vec![35, 38, 42, 46, 49, 51, 45, 56]
    } else {
        chord(instrument)
    };
    let mut l = vec![0.0f32; BLOCK];
    let mut r = vec![0.0f32; BLOCK];
    let blocks = (seconds * SR as f32) as usize / BLOCK;
    let restrike = (2 * SR as usize) / BLOCK;
    let mut voice_samples = 0.0f64;
    let start = Clock::start();
    for b in 0..blocks {
        if b % restrike == 0 {
            for &k in &keys {
                ch.note_on(k, 100);
            }
        }
        ch.render(&mut l, &mut r);
        voice_samples += (ch.active_voices() * BLOCK) as f64;
        black_box(&l);
    }
    (start.elapsed_ns(), voice_samples)
}

fn table() {
    println!(
        "{:<20} {:>10} {:>8} {:>10}",
        "instrument", "ns/v-smp", "voices", "x realtime"
    );
    for i in BuiltinInstrument::ALL {
        // Long enough for the 10 ms CPU clock to resolve it well.
        let seconds = 120.0;
        let (ns, vs) = run(i, seconds);
        let frames = seconds as f64 * SR as f64;
        println!(
            "{:<20} {:>10.2} {:>8.1} {:>10.0}",
            i.name(),
            ns / vs.max(1.0),
            vs / frames,
            seconds as f64 * 1e9 / ns
        );
    }
}

/// A full cue: eight channels, about thirty voices, one core.
fn full_mix(seconds: f32) -> (f64, f64) {
    use BuiltinInstrument as I;
    let parts: [(I, &[u8]); 8] = [
        (I::StringEnsemble, &[48, 55, 60, 64, 67]),
        (I::Piano, &[48, 52, 55, 60, 64, 67, 72]),
        (I::ElectricBass, &[36]),
        (I::DrumKit, &[36, 42, 38]),
        (I::WarmPad, &[60, 64, 67, 71]),
        (I::Flute, &[76]),
        (I::Choir, &[60, 64, 67, 72]),
        (I::AcousticGuitar, &[52, 55, 60, 64]),
    ];
    let mut channels: Vec<(BuiltinChannel, &[u8])> = parts
        .iter()
        .map(|(i, keys)| {
            let mut ch = BuiltinChannel::new(SR, *i == I::DrumKit);
            ch.set_instrument(*i);
            (ch, *keys)
        })
        .collect();
    let mut l = vec![0.0f32; BLOCK];
    let mut r = vec![0.0f32; BLOCK];
    let blocks = (seconds * SR as f32) as usize / BLOCK;
    let beat = SR as usize / 2 / BLOCK;
    let mut voices = 0.0;
    let start = Clock::start();
    for b in 0..blocks {
        for (ch, keys) in channels.iter_mut() {
            if b % (4 * beat) == 0 || (ch.instrument() == I::DrumKit && b % beat == 0) {
                for &k in keys.iter() {
                    ch.note_on(k, 90);
                }
            }
            ch.render(&mut l, &mut r);
            voices += ch.active_voices() as f64;
            black_box(&l);
        }
    }
    (start.elapsed_ns(), voices / blocks as f64)
}

fn main() {
    // `BUILTIN_BENCH_MIX_ONLY=1` skips the per-instrument table (for profiling the mix).
    if std::env::var_os("BUILTIN_BENCH_MIX_ONLY").is_none() {
        table();
    }
    let seconds = 60.0;
    let (ns, voices) = full_mix(seconds);
    println!(
        "full mix: 8 channels, {voices:.1} voices on average: {:.0}x real time on one core",
        seconds as f64 * 1e9 / ns
    );

    let mut c = Criterion::default().sample_size(10).configure_from_args();
    for i in [
        BuiltinInstrument::Piano,
        BuiltinInstrument::StringEnsemble,
        BuiltinInstrument::AcousticGuitar,
        BuiltinInstrument::ElectricPiano,
        BuiltinInstrument::DrumKit,
    ] {
        c.bench_function(&format!("builtin 1 s chord: {}", i.name()), |b| {
            b.iter(|| run(i, 1.0))
        });
    }
    c.final_summary();
}
