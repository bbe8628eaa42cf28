//! How fast the examples' full mixes render with the built-in instruments.
//!
//! For every cue of examples/*.toml: the performance, the per-scene mix (every part through its
//! instrument, strip and effect sends, reverb and echo) and the mastering (compression, EBU R128
//! normalisation, true-peak limiting), cues in parallel on all cores as `leitmotif compose` does.
//! Encoding and writing files are left out here (scripts/bench-render.sh times whole `compose`
//! runs, files included).
//!
//! Prints the audio rendered, the median wall time of 3 runs and the ratio to real time, then
//! runs criterion on the same work. Run with `cargo bench --bench render`; with
//! `LEITMOTIF_BENCH_QUICK=1` in the environment it stops after the three timed runs (handy with
//! `/usr/bin/time` to read the CPU time when other work makes the wall clock noisy).

use criterion::{criterion_group, criterion_main, Criterion};
use leitmotif_export::audio::soundtrack::mood_of;
use leitmotif_export::audio::{render_performance, AudioOptions};
use leitmotif_render::{MixPlan, Performance};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn cues() -> Vec<(Performance, MixPlan)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut stories: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    stories.sort();
    let mut out = Vec::new();
    for path in stories {
        let story = leitmotif_story::load_story(&path).unwrap();
        let soundtrack = leitmotif_compose::compose(&story);
        for cue in &soundtrack.cues {
            let performance = Performance::from_score(&cue.score, 48_000);
            let plan = MixPlan::for_scene(&performance, &mood_of(cue));
            out.push((performance, plan));
        }
    }
    out
}

fn render_all(cues: &[(Performance, MixPlan)], options: &AudioOptions) -> f64 {
    cues.par_iter()
        .map(|(p, plan)| {
            let audio = render_performance(p, plan, options, &|_| {}).unwrap();
            black_box(audio.left.len() as f64 / 48_000.0)
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let cues = cues();
    let options = AudioOptions::default();
    let music: f64 = cues.iter().map(|(p, _)| p.duration_seconds()).sum();
    let mut times: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            black_box(render_all(&cues, &options));
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "render: {} cues, {:.1} s of music on {} threads: median {:.2} s wall = {:.0}x real time",
        cues.len(),
        music,
        rayon::current_num_threads(),
        times[1],
        music / times[1]
    );
    if std::env::var_os("LEITMOTIF_BENCH_QUICK").is_some() {
        return;
    }
    let mut group = c.benchmark_group("render");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("examples-mix-and-master", |b| {
        b.iter(|| render_all(&cues, &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
