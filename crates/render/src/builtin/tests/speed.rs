//! The measurements behind the hand-written components: each is timed against the fundsp
//! component it replaces, in the same harness, in ns per sample. Run in release mode:
//!
//! `cargo test -p leitmotif-render --release fundsp_comparison -- --ignored --nocapture`

use std::hint::black_box;
use std::time::Instant;

use fundsp::audionode::AudioNode;
use fundsp::buffer::BufferArray;
use fundsp::prelude32::{chorus, lowpass_hz, noise, saw, sine, U1};

use super::super::channel_fx::ChannelFx;
use super::super::filter::{FilterMode, TwoPole};
use super::super::noise::Rng;
use super::super::patch::{ChorusSpec, FxSpec};
use super::super::wavetable::{phase_inc, sine_at, wavetables, WaveOsc, Waveform};

const N: usize = 4_800_000;

/// Best of five runs (the machine may be shared; the minimum is the least disturbed).
fn time(label: &str, mut f: impl FnMut() -> f32) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let x = f();
        best = best.min(start.elapsed().as_nanos() as f64 / N as f64);
        black_box(x);
    }
    println!("{label:<48} {best:>6.2} ns/sample");
    best
}

/// Runs a fundsp node with a constant input in 64-sample blocks through `process`.
fn run_node(node: &mut impl AudioNode<Outputs = U1>, input_value: f32) -> f32 {
    let mut input = BufferArray::<U1>::new();
    let mut output = BufferArray::<U1>::new();
    for i in 0..64 {
        input.set_f32(0, i, input_value);
    }
    let mut acc = 0.0;
    for _ in 0..N / 64 {
        node.process(64, &input.buffer_ref(), &mut output.buffer_mut());
        acc += output.at_f32(0, 63);
    }
    acc
}

#[test]
#[ignore = "timing; run in release with --nocapture"]
fn fundsp_comparison() {
    let sr = 48_000.0f32;
    let t = wavetables();

    println!("-- band-limited saw, 440 Hz --");
    time("fundsp saw() (WaveSynth, process)", || {
        let mut node = saw();
        node.set_sample_rate(sr as f64);
        run_node(&mut node.0, 440.0)
    });
    time("builtin WaveOsc (settled: one table)", || {
        let mut osc = WaveOsc::default();
        osc.set(440.0, sr, 12.0, 32);
        let fam = t.family(Waveform::Saw);
        let mut buf = [0.0f32; 32];
        let mut acc = 0.0;
        for _ in 0..N / 32 {
            buf.fill(0.0);
            osc.add_to(fam, 1.0, &mut buf);
            acc += buf[31];
        }
        acc
    });

    println!("-- sine, 440 Hz --");
    time("fundsp sine() (process)", || {
        let mut node = sine();
        node.set_sample_rate(sr as f64);
        run_node(&mut node.0, 440.0)
    });
    time("builtin sine table (u32 phase)", || {
        let table = t.sine_table();
        let inc = phase_inc(440.0, sr);
        let mut p = 0u32;
        let mut acc = 0.0;
        for _ in 0..N {
            acc += sine_at(table, p);
            p = p.wrapping_add(inc);
        }
        acc
    });

    println!("-- white noise --");
    time("fundsp noise() (process)", || {
        let mut node = noise();
        run_node(&mut node.0, 0.0)
    });
    time("builtin xorshift", || {
        let mut r = Rng::new(1);
        let mut acc = 0.0;
        for _ in 0..N {
            acc += r.white();
        }
        acc
    });

    println!("-- state-variable lowpass --");
    time("fundsp lowpass_hz (FixedSvf, process)", || {
        let mut node = lowpass_hz(1000.0, 0.7);
        node.set_sample_rate(sr as f64);
        run_node(&mut node.0, 0.5)
    });
    time("builtin two-pole (fundsp biquad coefficients)", || {
        let mut f = TwoPole::default();
        f.set(FilterMode::Lowpass, 1000.0, 0.7, sr);
        let mut acc = 0.0;
        for i in 0..N {
            acc += f.tick((i & 1) as f32);
        }
        acc
    });

    println!("-- chorus (mono in) --");
    time("fundsp chorus() (5 voices, process)", || {
        let mut node = chorus(1, 0.015, 0.005, 0.5);
        node.set_sample_rate(sr as f64);
        run_node(&mut node.0, 0.5)
    });
    time("builtin ensemble chorus (3 taps, stereo)", || {
        let mut fx = ChannelFx::new(sr);
        fx.configure(&FxSpec {
            chorus: Some(ChorusSpec {
                delay_ms: 12.0,
                depth_ms: 3.0,
                rate_hz: 0.6,
                mix: 0.7,
            }),
            ..FxSpec::NONE
        });
        let mut mid = [0.5f32; 64];
        let mut side = [0.0f32; 64];
        let mut acc = 0.0;
        for _ in 0..N / 64 {
            mid.fill(0.5);
            fx.process(t, &mut mid, &mut side);
            acc += mid[63] + side[63];
        }
        acc
    });
}
