//! Soak: 30 minutes of random commands rendered offline through the adaptive player.
//!
//! Checks what a long game session must never produce: NaN or infinite samples, clipped samples
//! (|x| >= 1), clicks (the same second-difference detector as the evaluation harness, run per
//! minute), and memory that grows (resident set size sampled every minute; "flat" means it grows
//! by less than 4 MB after the first two minutes).
//!
//!     cargo bench -p leitmotif-player --bench soak
//!     SOAK_MINUTES=5 SOAK_WAV=/tmp/soak.wav cargo bench -p leitmotif-player --bench soak
//!
//! SOAK_WAV also writes the audio (24-bit WAV), for `../shared/eval/audio_metrics.py`; the
//! commands come from a seeded generator (SOAK_SEED), so a failure can be replayed.

use leitmotif_player::{Command, Mood, Player, PlayerConfig, Quantize, Repertoire};
use leitmotif_render::analysis::clicks;
use leitmotif_theory::NamedEmotion;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;
use std::time::Instant;

const SR: u32 = 48_000;

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0 / 1e6)
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn random_command(rng: &mut ChaCha8Rng, themes: &[String]) -> Command {
    match rng.random_range(0..10) {
        0..=2 => {
            let e = NamedEmotion::ALL[rng.random_range(0..NamedEmotion::ALL.len())];
            Command::Emotion(Mood::named(e))
        }
        3 => Command::Emotion(Mood::point(
            rng.random_range(-1.0..=1.0),
            rng.random_range(-1.0..=1.0),
        )),
        4 | 5 => Command::Intensity {
            value: rng.random_range(0.0..=1.0),
            seconds: if rng.random_bool(0.5) {
                0.0
            } else {
                rng.random_range(0.0..8.0)
            },
        },
        6 => Command::Focus(themes[rng.random_range(0..themes.len())].clone()),
        7 => Command::Stinger(themes[rng.random_range(0..themes.len())].clone()),
        8 => Command::Transition(
            [Quantize::Beat, Quantize::Bar, Quantize::Phrase][rng.random_range(0..3)],
        ),
        _ => Command::Pause { seconds: 0.05 },
    }
}

fn main() {
    let minutes: u64 = env_or("SOAK_MINUTES", 30);
    let seed: u64 = env_or("SOAK_SEED", 2026);
    let rep = Repertoire::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/lantern-keep.toml"),
    )
    .expect("the example story loads");
    let themes: Vec<String> = rep.theme_ids().iter().map(|s| s.to_string()).collect();
    let mut player = Player::new(rep, PlayerConfig::default()).unwrap();
    let mut wav = std::env::var("SOAK_WAV").ok().map(|path| {
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: SR,
            bits_per_sample: 24,
            sample_format: hound::SampleFormat::Int,
        };
        (
            hound::WavWriter::create(&path, spec).expect("SOAK_WAV is writable"),
            path,
        )
    });
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let total = minutes * 60 * SR as u64;
    let minute = 60 * SR as usize;
    let mut left = vec![0.0f32; minute];
    let mut right = vec![0.0f32; minute];
    // the last 10 ms of the previous minute, so a click across the seam is seen
    let overlap = (SR / 100) as usize;
    let mut seam_l = vec![0.0f32; overlap];
    let mut seam_r = vec![0.0f32; overlap];
    let mut next_command = 0u64;
    let mut paused_at: Option<u64> = None;
    let (mut nan, mut clipped, mut click_count, mut commands) = (0u64, 0u64, 0usize, 0u64);
    let mut peak = 0.0f32;
    let mut rss = Vec::new();
    let started = Instant::now();
    let mut out_frames = 0u64;
    println!("soak: {minutes} min of random commands (seed {seed})");
    println!(" minute   RSS MB   commands   clicks   peak dBFS");
    while out_frames < total {
        let mut done = 0;
        while done < minute {
            // the output clock (frames written) drives the script; the music's clock stands
            // still while paused, so a pause is always resumed a few seconds later
            if out_frames + done as u64 >= next_command {
                let command = match paused_at {
                    Some(_) => {
                        paused_at = None;
                        Command::Resume { seconds: 0.05 }
                    }
                    None => random_command(&mut rng, &themes),
                };
                if matches!(command, Command::Pause { .. }) {
                    paused_at = Some(out_frames);
                }
                player.command(command);
                commands += 1;
                next_command =
                    out_frames + done as u64 + rng.random_range(2 * SR as u64..15 * SR as u64);
            }
            let n = 128.min(minute - done);
            player.render(&mut left[done..done + n], &mut right[done..done + n]);
            done += n;
        }
        for x in left.iter().chain(&right) {
            if !x.is_finite() {
                nan += 1;
            } else if x.abs() >= 1.0 {
                clipped += 1;
            }
            peak = peak.max(x.abs());
        }
        let mut l = seam_l.clone();
        l.extend_from_slice(&left);
        let mut r = seam_r.clone();
        r.extend_from_slice(&right);
        let found = clicks(&l, &r, SR).len();
        click_count += found;
        seam_l.copy_from_slice(&left[minute - overlap..]);
        seam_r.copy_from_slice(&right[minute - overlap..]);
        if let Some((w, _)) = &mut wav {
            for (a, b) in left.iter().zip(&right) {
                w.write_sample((a.clamp(-1.0, 1.0) * 8_388_607.0) as i32)
                    .unwrap();
                w.write_sample((b.clamp(-1.0, 1.0) * 8_388_607.0) as i32)
                    .unwrap();
            }
        }
        out_frames += minute as u64;
        let m = out_frames / minute as u64;
        let now = rss_mb();
        rss.push(now);
        println!(
            " {m:6}   {now:6.1}   {commands:8}   {found:6}   {:8.2}",
            20.0 * peak.max(1e-9).log10()
        );
    }
    if let Some((w, path)) = wav {
        w.finalize().unwrap();
        println!("wrote {path}");
    }
    let base = rss.get(1).copied().unwrap_or(0.0);
    let top = rss.iter().skip(1).copied().fold(0.0, f64::max);
    let growth = top - base;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "rendered {minutes} min in {seconds:.1} s ({:.0}x real time), {commands} commands, {} events dropped",
        (minutes * 60) as f64 / seconds,
        player.renderer().stats().dropped_events
    );
    println!(
        "NaN/inf samples {nan}   clipped samples {clipped}   clicks {click_count}   peak {:.2} dBFS   memory after minute 2: {base:.1} MB, highest {top:.1} MB ({})",
        20.0 * peak.max(1e-9).log10(),
        if growth < 4.0 { "flat" } else { "GROWING" }
    );
    if nan > 0 || clipped > 0 || click_count > 0 || growth >= 4.0 {
        println!("SOAK FAILED");
        std::process::exit(1);
    }
    println!("soak ok");
}
