//! The mixdown: every channel of a performance through its strip, summed with the effect returns,
//! block by block, into one stereo pre-master mix (and, when asked, the stems that sum to it).
//!
//! Channels render in parallel within each block (rayon), then the bus sums them in channel
//! order, so the result does not depend on thread timing: same input, same samples.

use crate::channel::ChannelSynth;
use crate::error::RenderError;
use crate::mix::{ChannelStrip, EffectReturns, MixPlan};
use crate::performance::{ChannelTrack, Performance};
use rayon::prelude::*;

/// Frames per block: long enough that parallel dispatch costs nothing, short enough that event
/// splitting stays cheap.
pub const BLOCK_FRAMES: usize = 4096;

/// One part's share of the mix (post-fader, post-pan, dry), or the effect returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Stem {
    pub name: String,
    pub left: Vec<f32>,
    pub right: Vec<f32>,
}

/// A pre-master mix.
#[derive(Debug, Clone, PartialEq)]
pub struct Mixdown {
    pub sample_rate: u32,
    pub left: Vec<f32>,
    pub right: Vec<f32>,
    /// Empty unless asked for; otherwise one per channel, then "effects" (the returns).
    pub stems: Vec<Stem>,
    /// Where the music ends; the rest is tail.
    pub music_frames: u64,
}

/// Makes the instrument for a channel.
pub type SynthFactory<'a> =
    dyn Fn(&ChannelTrack) -> Result<Box<dyn ChannelSynth>, RenderError> + Sync + 'a;

/// Renders a performance through a mix plan. `progress` gets the frames done so far.
pub fn mixdown(
    performance: &Performance,
    plan: &MixPlan,
    make_synth: &SynthFactory,
    keep_stems: bool,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Mixdown, RenderError> {
    let sr = performance.sample_rate;
    let mut strips: Vec<ChannelStrip> = performance
        .channels
        .iter()
        .enumerate()
        .map(|(i, track)| {
            Ok(ChannelStrip::new(
                track.name.clone(),
                make_synth(track)?,
                track.events.clone(),
                plan.strips.get(i).copied().unwrap_or_default(),
                sr,
                BLOCK_FRAMES,
            ))
        })
        .collect::<Result<_, RenderError>>()?;
    let mut effects = EffectReturns::new(plan.effects, sr, BLOCK_FRAMES);
    let end = performance.end_frame;
    let max_frames = end + (plan.tail_seconds() * sr as f64) as u64;
    let capacity = max_frames as usize;
    let mut left = Vec::with_capacity(capacity);
    let mut right = Vec::with_capacity(capacity);
    let mut stems: Vec<Stem> = if keep_stems {
        strips
            .iter()
            .map(|s| s.name.clone())
            .chain(std::iter::once("effects".to_string()))
            .map(|name| Stem {
                name,
                left: Vec::with_capacity(capacity),
                right: Vec::with_capacity(capacity),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut sends = [
        vec![0.0f32; BLOCK_FRAMES],
        vec![0.0f32; BLOCK_FRAMES],
        vec![0.0f32; BLOCK_FRAMES],
        vec![0.0f32; BLOCK_FRAMES],
    ];
    let mut bus_left = vec![0.0f32; BLOCK_FRAMES];
    let mut bus_right = vec![0.0f32; BLOCK_FRAMES];
    let mut fx_left = vec![0.0f32; BLOCK_FRAMES];
    let mut fx_right = vec![0.0f32; BLOCK_FRAMES];
    let mut pos = 0u64;
    while pos < max_frames {
        let n = (max_frames - pos).min(BLOCK_FRAMES as u64) as usize;
        strips
            .par_iter_mut()
            .for_each(|strip| strip.render_block(pos, n));
        for s in sends.iter_mut() {
            s[..n].fill(0.0);
        }
        bus_left[..n].fill(0.0);
        bus_right[..n].fill(0.0);
        for strip in strips.iter().filter(|s| !s.silent) {
            let set = strip.settings();
            let (l, r) = (&strip.left[..n], &strip.right[..n]);
            add(&mut bus_left[..n], l, 1.0);
            add(&mut bus_right[..n], r, 1.0);
            if set.reverb_send > 0.0 {
                add(&mut sends[0][..n], l, set.reverb_send);
                add(&mut sends[1][..n], r, set.reverb_send);
            }
            if set.delay_send > 0.0 {
                add(&mut sends[2][..n], l, set.delay_send);
                add(&mut sends[3][..n], r, set.delay_send);
            }
        }
        let [rl, rr, dl, dr] = &sends;
        effects.process_into(
            [&rl[..n], &rr[..n]],
            [&dl[..n], &dr[..n]],
            &mut fx_left[..n],
            &mut fx_right[..n],
        );
        for i in 0..n {
            bus_left[i] += fx_left[i];
            bus_right[i] += fx_right[i];
        }
        left.extend_from_slice(&bus_left[..n]);
        right.extend_from_slice(&bus_right[..n]);
        if keep_stems {
            for (stem, strip) in stems.iter_mut().zip(&strips) {
                stem.left.extend_from_slice(&strip.left[..n]);
                stem.right.extend_from_slice(&strip.right[..n]);
            }
            if let Some(fx) = stems.last_mut() {
                fx.left.extend_from_slice(&fx_left[..n]);
                fx.right.extend_from_slice(&fx_right[..n]);
            }
        }
        pos += n as u64;
        progress(pos.min(end));
        // Past the music, stop once every instrument and the effects have died away.
        if pos >= end && strips.iter().all(|s| s.finished()) {
            let peak = bus_left[..n]
                .iter()
                .chain(&bus_right[..n])
                .fold(0.0f32, |m, v| m.max(v.abs()));
            if peak < 1e-5 {
                break;
            }
        }
    }
    Ok(Mixdown {
        sample_rate: sr,
        left,
        right,
        stems,
        music_frames: end,
    })
}

/// `to += from * gain`, a loop the compiler vectorises.
fn add(to: &mut [f32], from: &[f32], gain: f32) {
    for (t, f) in to.iter_mut().zip(from) {
        *t += f * gain;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mix::{EffectSettings, StripSettings};
    use crate::performance::{Event, EventKind};

    /// A sine per held key, at unit amplitude: enough to test the bus without a real instrument.
    struct TestTone {
        sr: f32,
        key: Option<u8>,
        phase: f32,
    }

    impl ChannelSynth for TestTone {
        fn note_on(&mut self, key: u8, _velocity: u8) {
            self.key = Some(key);
        }
        fn note_off(&mut self, _key: u8) {
            self.key = None;
        }
        fn control_change(&mut self, _: u8, _: u8) {}
        fn program_change(&mut self, _: u8) {}
        fn pitch_bend(&mut self, _: u16) {}
        fn render(&mut self, left: &mut [f32], right: &mut [f32]) {
            for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                let v = match self.key {
                    Some(k) => {
                        let f = 440.0 * 2f32.powf((k as f32 - 69.0) / 12.0);
                        self.phase = (self.phase + f / self.sr).fract();
                        (self.phase * std::f32::consts::TAU).sin() * 0.25
                    }
                    None => 0.0,
                };
                *l = v;
                *r = v;
            }
        }
        fn is_silent(&self) -> bool {
            self.key.is_none()
        }
    }

    fn two_channel_performance() -> Performance {
        let track = |name: &str, key: u8, on: u64, off: u64| ChannelTrack {
            name: name.into(),
            program: 0,
            drums: false,
            events: vec![
                Event {
                    frame: on,
                    kind: EventKind::NoteOn { key, velocity: 100 },
                },
                Event {
                    frame: off,
                    kind: EventKind::NoteOff { key },
                },
            ],
        };
        Performance {
            sample_rate: 48_000,
            channels: vec![
                track("Melody", 69, 1000, 30_000),
                track("Bass", 45, 5000, 40_000),
            ],
            end_frame: 48_000,
        }
    }

    fn plan(n: usize) -> MixPlan {
        MixPlan {
            strips: vec![
                StripSettings {
                    reverb_send: 0.3,
                    delay_send: 0.2,
                    ..StripSettings::default()
                };
                n
            ],
            effects: EffectSettings::default(),
        }
    }

    fn tone(_: &ChannelTrack) -> Result<Box<dyn ChannelSynth>, RenderError> {
        Ok(Box::new(TestTone {
            sr: 48_000.0,
            key: None,
            phase: 0.0,
        }))
    }

    #[test]
    fn events_land_on_their_exact_frames() {
        let perf = two_channel_performance();
        let mut plan = plan(2);
        plan.effects.reverb_return = 0.0;
        plan.effects.delay_return = 0.0;
        let mix = mixdown(&perf, &plan, &tone, false, &|_| {}).unwrap();
        assert!(mix.left[..1000].iter().all(|x| *x == 0.0));
        assert!(mix.left[1001] != 0.0);
        assert!(mix.left.len() >= 48_000);
    }

    #[test]
    fn stems_sum_to_the_mix() {
        let perf = two_channel_performance();
        let mix = mixdown(&perf, &plan(2), &tone, true, &|_| {}).unwrap();
        assert_eq!(mix.stems.len(), 3);
        assert_eq!(mix.stems[2].name, "effects");
        let mut worst = 0.0f32;
        for i in 0..mix.left.len() {
            let sum: f32 = mix.stems.iter().map(|s| s.left[i]).sum();
            worst = worst.max((sum - mix.left[i]).abs());
        }
        assert!(worst < 1e-6, "{worst}");
        // The reverb rings past the last note-off.
        let tail = &mix.stems[2].left[41_000..];
        assert!(tail.iter().any(|x| x.abs() > 1e-4));
    }

    #[test]
    fn the_same_performance_renders_the_same_samples() {
        let perf = two_channel_performance();
        let a = mixdown(&perf, &plan(2), &tone, false, &|_| {}).unwrap();
        let b = mixdown(&perf, &plan(2), &tone, false, &|_| {}).unwrap();
        assert_eq!(a, b);
    }
}
