//! Real-time figures of the adaptive player, printed from one run:
//!
//! 1. The audio callback's cost at 48 kHz and 256 frames (5.33 ms) with a full arrangement
//!    (heroic, intensity 1: every layer, drums and timpani in), through mood changes, stingers
//!    and focus changes: worst, 99.9th, 99th and 50th percentile, as a share of the period. The
//!    conductor's composing runs between callbacks, untimed, as it does on its own thread.
//! 2. This machine's scheduling jitter: a thread waking every 5.33 ms, how late it wakes. A
//!    device thread that wakes late by more than the buffer's slack underruns whatever the
//!    callback costs; that is what decides whether rendering ahead on a dedicated thread is
//!    needed.
//! 3. Latency from a command to the frame it changes, per quantisation, against its bound (the
//!    quantisation's length plus one block), from the player's event log.
//!
//!     cargo bench -p leitmotif-player --bench callback
//!
//! Set LEITMOTIF_SOUNDFONT=FILE.sf2 to time the SoundFont engine as well.

use leitmotif_player::{Command, LogEntry, Mood, Player, PlayerConfig, Quantize, Repertoire};
use leitmotif_render::engine::Engine;
use leitmotif_render::soundfont::SoundFontBank;
use leitmotif_theory::NamedEmotion;
use std::path::Path;
use std::time::{Duration, Instant};

const SR: u32 = 48_000;
const FRAMES: usize = 256;
const SECONDS: usize = 120;

fn repertoire() -> Repertoire {
    Repertoire::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/lantern-keep.toml"),
    )
    .expect("the example story loads")
}

/// CPU time of this thread, in seconds: unlike the wall clock it does not count time the
/// scheduler gave to other processes, so it shows the callback's own cost on a busy machine.
fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own; the clock id is a constant.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn callback_figures(engine: Engine, name: &str) {
    let config = PlayerConfig {
        engine,
        emotion: Mood::named(NamedEmotion::Heroic),
        intensity: 1.0,
        ..PlayerConfig::default()
    };
    let player = Player::new(repertoire(), config).unwrap();
    let handle = player.handle();
    let (mut control, mut renderer) = player.split();
    let period = FRAMES as f64 / SR as f64;
    let callbacks = SECONDS * SR as usize / FRAMES;
    let mut buffer = vec![0.0f32; FRAMES * 2];
    let mut times = Vec::with_capacity(callbacks);
    let mut cpu = Vec::with_capacity(callbacks);
    let mut conductor_worst = 0.0f64;
    let mut worst = (0usize, 0.0f64);
    let moods = [
        NamedEmotion::Heroic,
        NamedEmotion::Epic,
        NamedEmotion::Angry,
        NamedEmotion::Triumphant,
    ];
    for k in 0..callbacks {
        // every 15 s a new mood; stingers and focus changes in between
        match k % (15 * SR as usize / FRAMES) {
            0 => handle.command(Command::Emotion(Mood::named(
                moods[(k / 2812) % moods.len()],
            ))),
            900 => handle.stinger("shade").unwrap(),
            1800 => handle
                .set_focus(if k % 2 == 0 { "kaito" } else { "shade" })
                .unwrap(),
            2200 => handle.transition(Quantize::Beat),
            _ => {}
        }
        let t = Instant::now();
        control.run_once(Duration::ZERO);
        conductor_worst = conductor_worst.max(t.elapsed().as_secs_f64());
        let c = thread_cpu_seconds();
        let t = Instant::now();
        renderer.fill_interleaved(&mut buffer, 2);
        let took = t.elapsed().as_secs_f64();
        if took > worst.1 {
            worst = (k, took);
        }
        times.push(took);
        cpu.push(thread_cpu_seconds() - c);
    }
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let pct = |x: f64| 100.0 * x / period;
    println!(
        "callback ({name}, full arrangement, {SECONDS} s, {} callbacks of {FRAMES} frames = {:.2} ms):",
        times.len(),
        period * 1e3
    );
    println!(
        "  wall clock: worst {:.1} us ({:.2} %)  p99.9 {:.1} us ({:.2} %)  p99 {:.1} us ({:.2} %)  median {:.1} us ({:.2} %)   goal: worst and p99 under 10 %",
        times[times.len() - 1] * 1e6,
        pct(times[times.len() - 1]),
        percentile(&times, 0.999) * 1e6,
        pct(percentile(&times, 0.999)),
        percentile(&times, 0.99) * 1e6,
        pct(percentile(&times, 0.99)),
        percentile(&times, 0.5) * 1e6,
        pct(percentile(&times, 0.5)),
    );
    println!(
        "  CPU time of the callback thread: worst {:.1} us ({:.2} %)  p99 {:.1} us ({:.2} %)  (wall minus time preempted)",
        cpu[cpu.len() - 1] * 1e6,
        pct(cpu[cpu.len() - 1]),
        percentile(&cpu, 0.99) * 1e6,
        pct(percentile(&cpu, 0.99)),
    );
    println!(
        "  the worst callback was number {} of {} ({:.2} s into the music)",
        worst.0,
        callbacks,
        worst.0 as f64 * period
    );
    println!(
        "  conductor (its own thread): worst {:.2} ms to take commands and compose ahead (it runs about a bar ahead)",
        conductor_worst * 1e3
    );
    println!(
        "  events dropped {}, rendered {:.0} s",
        renderer.stats().dropped_events,
        renderer.frame() as f64 / SR as f64
    );
}

fn jitter() {
    let period = Duration::from_secs_f64(FRAMES as f64 / SR as f64);
    let n = 2000;
    let start = Instant::now();
    let mut late = Vec::with_capacity(n);
    for k in 1..=n as u32 {
        let deadline = start + period * k;
        if let Some(wait) = deadline.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        late.push(
            Instant::now()
                .saturating_duration_since(deadline)
                .as_secs_f64(),
        );
    }
    late.sort_by(f64::total_cmp);
    println!(
        "scheduling jitter (a thread waking every {:.2} ms, {n} times): median {:.0} us, p99 {:.0} us, worst {:.0} us late",
        period.as_secs_f64() * 1e3,
        percentile(&late, 0.5) * 1e6,
        percentile(&late, 0.99) * 1e6,
        late[n - 1] * 1e6
    );
}

fn latency() {
    // commands at awkward times; the log says where each landed
    let mut player = Player::new(repertoire(), PlayerConfig::default()).unwrap();
    let script: Vec<(f64, Command)> = vec![
        (0.0, Command::Emotion(Mood::named(NamedEmotion::Mysterious))),
        (7.31, Command::Emotion(Mood::named(NamedEmotion::Tense))),
        (15.77, Command::Focus("shade".into())),
        (22.0, Command::Transition(Quantize::Beat)),
        (23.13, Command::Emotion(Mood::named(NamedEmotion::Heroic))),
        (29.41, Command::Stinger("kaito".into())),
        (33.9, Command::Focus("kaito".into())),
        (40.0, Command::Transition(Quantize::Phrase)),
        (41.27, Command::Emotion(Mood::named(NamedEmotion::Sad))),
        (80.0, Command::Transition(Quantize::Bar)),
        (83.66, Command::Emotion(Mood::named(NamedEmotion::Joyful))),
        (
            90.5,
            Command::Intensity {
                value: 1.0,
                seconds: 0.0,
            },
        ),
    ];
    let mut left = vec![0.0f32; 128];
    let mut right = vec![0.0f32; 128];
    let mut next = 0;
    while player.frame() < 100 * SR as u64 {
        while next < script.len() && (script[next].0 * SR as f64) as u64 <= player.frame() {
            player.command(script[next].1.clone());
            next += 1;
        }
        player.render(&mut left, &mut right);
    }
    let log = player.log();
    let bar_at = |frame: u64| {
        log.iter().rev().find_map(|e| match e {
            LogEntry::Bar {
                frame: f,
                frames,
                tempo,
                meter,
                bar_in_phrase,
                phrase,
                ..
            } if *f <= frame => Some((*frames, *tempo, meter.clone(), *bar_in_phrase, *phrase)),
            _ => None,
        })
    };
    println!("latency from command to change (block = 128 frames = 2.7 ms):");
    for e in log {
        if let LogEntry::Command {
            frame,
            command,
            quantize,
            lands,
            ..
        } = e
        {
            if command.starts_with("transition") || *frame == 0 {
                continue;
            }
            let latency = (lands - frame) as f64 / SR as f64;
            let Some((bar_frames, tempo, meter, _, _)) = bar_at(*frame) else {
                continue;
            };
            let beats: f64 = meter.split('/').next().unwrap().parse().unwrap();
            let beat = 60.0 / tempo;
            let bar = bar_frames as f64 / SR as f64;
            let bound = match *quantize {
                "beat" => beat,
                "bar" => bar,
                _ => bar * 8.0 * (4.0 / beats).max(1.0),
            } + 128.0 / SR as f64;
            let bound = if command.starts_with("intensity") {
                128.0 / SR as f64
            } else {
                bound
            };
            println!(
                "  {command:22} quantise {quantize:6}: {:7.1} ms   bound {:7.1} ms   {}",
                latency * 1e3,
                bound * 1e3,
                if latency <= bound + 1e-9 {
                    "ok"
                } else {
                    "OVER"
                }
            );
        }
    }
}

fn main() {
    // criterion's arguments (e.g. --bench) are ignored: this prints figures from one run
    println!(
        "leitmotif player benchmark, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "load average: {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    callback_figures(Engine::Builtin, "built-in instruments");
    if let Ok(path) = std::env::var("LEITMOTIF_SOUNDFONT") {
        match SoundFontBank::load(Path::new(&path)) {
            Ok(bank) => callback_figures(Engine::SoundFont(bank), &path),
            Err(e) => println!("soundfont {path}: {e}"),
        }
    }
    jitter();
    latency();
}
