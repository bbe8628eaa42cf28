//! The mixdown: every channel of a performance through its strip, summed with the effect returns,
//! block by block, into one stereo pre-master mix (and, when asked, the stems that sum to it).
//!
//! Channels render in parallel within each block (rayon), then the bus sums them in channel
//! order, so the result does not depend on thread timing: same input, same samples.

use crate::channel::ChannelSynth;
use crate::error::RenderError;
use crate::mix::strip::{split_events, StripVoice};
use crate::mix::{ChannelStrip, EffectReturns, MixPlan};
use crate::performance::{ChannelTrack, Performance};
use crate::performance::{Event, EventKind};

/// Frames per block: long enough that parallel dispatch costs nothing, short enough that event
/// splitting stays cheap.
pub const BLOCK_FRAMES: usize = 4096;

/// Frames per block while the music plays (a whole block before its end): every block ends with
/// all cores meeting, so longer blocks waste less time waiting and balance the parts' uneven
/// work better. The tail, where the render stops once everything is quiet, still goes by
/// [`BLOCK_FRAMES`], so where it stops is unchanged.
const MUSIC_BLOCK_FRAMES: usize = 4 * BLOCK_FRAMES;

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
    let costs: Vec<[f64; 128]> = performance
        .channels
        .iter()
        .map(|track| key_costs(&track.events, sr))
        .collect();
    let total_cost: f64 = costs.iter().flatten().sum();
    let mut strips: Vec<ChannelStrip> = performance
        .channels
        .iter()
        .zip(&costs)
        .enumerate()
        .map(|(i, (track, cost))| {
            let settings = plan.strips.get(i).copied().unwrap_or_default();
            let synth = make_synth(track)?;
            let split = synth
                .key_split()
                .map(|linked| split_keys(cost, linked, total_cost))
                .filter(|(_, parts)| *parts > 1);
            let Some((owner, parts)) = split else {
                return Ok(ChannelStrip::new(
                    track.name.clone(),
                    synth,
                    track.events.clone(),
                    settings,
                    sr,
                    MUSIC_BLOCK_FRAMES,
                ));
            };
            let mut synths = vec![synth];
            for _ in 1..parts {
                synths.push(make_synth(track)?);
            }
            let voices = synths
                .into_iter()
                .zip(split_events(&track.events, &owner, parts))
                .map(|(synth, events)| StripVoice::new(synth, events, MUSIC_BLOCK_FRAMES))
                .collect();
            Ok(ChannelStrip::with_voices(
                track.name.clone(),
                voices,
                settings,
                sr,
                MUSIC_BLOCK_FRAMES,
            ))
        })
        .collect::<Result<_, RenderError>>()?;
    let mut effects = EffectReturns::new(plan.effects, sr, MUSIC_BLOCK_FRAMES);
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
        vec![0.0f32; MUSIC_BLOCK_FRAMES],
        vec![0.0f32; MUSIC_BLOCK_FRAMES],
        vec![0.0f32; MUSIC_BLOCK_FRAMES],
        vec![0.0f32; MUSIC_BLOCK_FRAMES],
    ];
    let mut bus_left = vec![0.0f32; MUSIC_BLOCK_FRAMES];
    let mut bus_right = vec![0.0f32; MUSIC_BLOCK_FRAMES];
    let mut fx_left = vec![0.0f32; MUSIC_BLOCK_FRAMES];
    let mut fx_right = vec![0.0f32; MUSIC_BLOCK_FRAMES];
    let block_len = |pos: u64| -> usize {
        if pos + MUSIC_BLOCK_FRAMES as u64 <= end.min(max_frames) {
            MUSIC_BLOCK_FRAMES
        } else {
            (max_frames - pos).min(BLOCK_FRAMES as u64) as usize
        }
    };
    // A pipeline: while the bus runs the effects on block k (serial work: the reverb alone is
    // a twentieth of a SoundFont render), the strips already render block k + 1 on the other
    // cores. Each object still sees its blocks in order, so the samples are the same.
    let mut pos = 0u64;
    let mut n = if max_frames > 0 { block_len(0) } else { 0 };
    if n > 0 {
        ChannelStrip::render_all(&mut strips, 0, n);
    }
    while pos < max_frames {
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
        if keep_stems {
            for (stem, strip) in stems.iter_mut().zip(&strips) {
                stem.left.extend_from_slice(&strip.left[..n]);
                stem.right.extend_from_slice(&strip.right[..n]);
            }
        }
        let next = pos + n as u64;
        // Past the music, the render stops once every instrument and the effects have died away.
        let may_stop = next >= end && strips.iter().all(|s| s.finished());
        let next_n = if next < max_frames {
            block_len(next)
        } else {
            0
        };
        let (_, quiet) = rayon::join(
            || {
                if next_n > 0 {
                    ChannelStrip::render_all(&mut strips, next, next_n);
                }
            },
            || {
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
                if let (true, Some(fx)) = (keep_stems, stems.last_mut()) {
                    fx.left.extend_from_slice(&fx_left[..n]);
                    fx.right.extend_from_slice(&fx_right[..n]);
                }
                may_stop
                    && bus_left[..n]
                        .iter()
                        .chain(&bus_right[..n])
                        .fold(0.0f32, |m, v| m.max(v.abs()))
                        < 1e-5
            },
        );
        pos = next;
        progress(pos.min(end));
        if quiet {
            break;
        }
        n = next_n;
    }
    Ok(Mixdown {
        sample_rate: sr,
        left,
        right,
        stems,
        music_frames: end,
    })
}

/// No instance of a split channel should carry more than this share of the whole performance's
/// estimated work, so the cores stay evenly loaded whatever the busiest part is (one pad of a
/// SoundFont render was half the work: one core finished early and waited). A constant, not the
/// thread count, so the split (and with it the last bits of the sum) is the same on any machine.
const MAX_SHARE: f64 = 1.0 / 16.0;
/// The most instances one channel is split into.
const MAX_PARTS: usize = 8;
/// The sounding time assumed for each note after its note-off (release), in seconds.
const RELEASE_SECONDS: f64 = 0.5;

/// Estimated work per key of a channel: the frames its notes sound (held plus a release each).
fn key_costs(events: &[Event], sample_rate: u32) -> [f64; 128] {
    let release = RELEASE_SECONDS * sample_rate as f64;
    let mut cost = [0.0f64; 128];
    let mut since: [Option<u64>; 128] = [None; 128];
    let last = events.last().map_or(0, |e| e.frame);
    for ev in events {
        let (key, on) = match ev.kind {
            EventKind::NoteOn { key, velocity } => (key, velocity > 0),
            EventKind::NoteOff { key } => (key, false),
            _ => continue,
        };
        let k = (key & 0x7F) as usize;
        if on {
            cost[k] += release;
            since[k].get_or_insert(ev.frame);
        } else if let Some(from) = since[k].take() {
            cost[k] += (ev.frame - from) as f64;
        }
    }
    for (c, from) in cost.iter_mut().zip(since) {
        if let Some(from) = from {
            *c += (last - from) as f64;
        }
    }
    cost
}

/// How to split a channel whose keys cost `cost`: each key's instance and the number of
/// instances (1: do not split). Keys in `linked` stay together; the rest are dealt out, the
/// costliest first, each to the instance with the least work so far (ties: lowest key, lowest
/// instance), which is deterministic.
fn split_keys(cost: &[f64; 128], linked: u128, total: f64) -> ([u8; 128], usize) {
    let mut owner = [0u8; 128];
    let channel: f64 = cost.iter().sum();
    if total.is_nan() || total <= 0.0 || channel <= total * MAX_SHARE {
        return (owner, 1);
    }
    // The items to deal: the linked keys as one, every other played key alone.
    let mut items: Vec<(f64, u128)> = Vec::new();
    let linked_cost: f64 = (0..128)
        .filter(|k| linked >> k & 1 == 1)
        .map(|k| cost[k])
        .sum();
    if linked_cost > 0.0 {
        items.push((linked_cost, linked));
    }
    for (k, c) in cost.iter().enumerate() {
        if *c > 0.0 && linked >> k & 1 == 0 {
            items.push((*c, 1u128 << k));
        }
    }
    let parts = ((channel / (total * MAX_SHARE)).ceil() as usize)
        .clamp(1, MAX_PARTS)
        .min(items.len());
    if parts <= 1 {
        return (owner, 1);
    }
    // Stable sort: equal costs keep key order.
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut load = vec![0.0f64; parts];
    for (c, keys) in items {
        let (part, _) = load
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .unwrap_or((0, &0.0));
        load[part] += c;
        for (k, o) in owner.iter_mut().enumerate() {
            if keys >> k & 1 == 1 {
                *o = part as u8;
            }
        }
    }
    (owner, parts)
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

    #[test]
    fn the_samples_do_not_depend_on_the_number_of_threads() {
        // Three strips (a pair and one alone) with EQ, one of them split by key: the scheduler
        // starts instances in an order that depends on timing, which must not show in the mix.
        let mut perf = busy_performance();
        perf.channels
            .push(two_channel_performance().channels.remove(0));
        let mut plan = plan(3);
        for (i, strip) in plan.strips.iter_mut().enumerate() {
            strip.highpass_hz = 60.0 + 20.0 * i as f32;
            strip.high_shelf_db = 2.0 - i as f32;
            strip.low_shelf_db = if i == 1 { 0.0 } else { -2.0 };
            strip.pan = i as f32 * 0.4 - 0.4;
        }
        let render_on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| mixdown(&perf, &plan, &organ(true), true, &|_| {}).unwrap())
        };
        let one = render_on(1);
        assert!(one.left.iter().any(|x| x.abs() > 0.01));
        for threads in [2, 4] {
            assert!(render_on(threads) == one, "{threads} threads");
        }
    }

    /// A polyphonic sine organ whose sound is a sum over keys (so it may be split by key), with
    /// the channel volume (controller 7) scaling every key, as a SoundFont channel does.
    struct Organ {
        sr: f32,
        phase: [f32; 128],
        held: u128,
        volume: f32,
        splittable: bool,
    }

    impl ChannelSynth for Organ {
        fn note_on(&mut self, key: u8, _velocity: u8) {
            self.held |= 1 << (key & 0x7F);
        }
        fn note_off(&mut self, key: u8) {
            self.held &= !(1 << (key & 0x7F));
        }
        fn control_change(&mut self, controller: u8, value: u8) {
            if controller == 7 {
                self.volume = value as f32 / 127.0;
            }
        }
        fn program_change(&mut self, _: u8) {}
        fn pitch_bend(&mut self, _: u16) {}
        fn render(&mut self, left: &mut [f32], right: &mut [f32]) {
            left.fill(0.0);
            right.fill(0.0);
            for k in 0..128 {
                if self.held >> k & 1 == 0 {
                    continue;
                }
                let f = 440.0 * 2f32.powf((k as f32 - 69.0) / 12.0) / self.sr;
                for (l, r) in left.iter_mut().zip(right.iter_mut()) {
                    self.phase[k] = (self.phase[k] + f).fract();
                    let v = (self.phase[k] * std::f32::consts::TAU).sin() * 0.05 * self.volume;
                    *l += v;
                    *r += v * 0.5;
                }
            }
        }
        fn is_silent(&self) -> bool {
            self.held == 0
        }
        fn key_split(&self) -> Option<u128> {
            self.splittable.then_some(1 << 60 | 1 << 62)
        }
    }

    /// A busy chord part (many keys, long notes, a volume change) and a light one.
    fn busy_performance() -> Performance {
        let mut events = Vec::new();
        for bar in 0..8u64 {
            for (i, key) in [48u8, 52, 55, 60, 62, 64, 67, 71].iter().enumerate() {
                let key = key + (bar % 3) as u8;
                let on = bar * 12_000 + i as u64 * 100;
                events.push(Event {
                    frame: on,
                    kind: EventKind::NoteOn { key, velocity: 90 },
                });
                events.push(Event {
                    frame: on + 11_000,
                    kind: EventKind::NoteOff { key },
                });
            }
        }
        events.push(Event {
            frame: 30_000,
            kind: EventKind::Control {
                controller: 7,
                value: 64,
            },
        });
        events.sort_by_key(|e| e.frame);
        let light = vec![
            Event {
                frame: 0,
                kind: EventKind::NoteOn {
                    key: 40,
                    velocity: 90,
                },
            },
            Event {
                frame: 2_000,
                kind: EventKind::NoteOff { key: 40 },
            },
        ];
        let track = |name: &str, events: Vec<Event>| ChannelTrack {
            name: name.into(),
            program: 0,
            drums: false,
            events,
        };
        Performance {
            sample_rate: 48_000,
            channels: vec![track("Chords", events), track("Bass", light)],
            end_frame: 100_000,
        }
    }

    fn organ(
        splittable: bool,
    ) -> impl Fn(&ChannelTrack) -> Result<Box<dyn ChannelSynth>, RenderError> {
        move |_| {
            Ok(Box::new(Organ {
                sr: 48_000.0,
                phase: [0.0; 128],
                held: 0,
                volume: 1.0,
                splittable,
            }) as Box<dyn ChannelSynth>)
        }
    }

    #[test]
    fn a_busy_channel_is_split_by_key_and_sounds_the_same() {
        let perf = busy_performance();
        let costs: Vec<_> = perf
            .channels
            .iter()
            .map(|t| key_costs(&t.events, 48_000))
            .collect();
        let total: f64 = costs.iter().flatten().sum();
        let (owner, parts) = split_keys(&costs[0], 1 << 60 | 1 << 62, total);
        assert!(parts > 1, "the busy part is split");
        let used: std::collections::BTreeSet<u8> = owner.iter().copied().collect();
        assert_eq!(used.len(), parts, "every instance gets keys");
        assert_eq!(owner[60], owner[62], "linked keys share an instance");
        assert_eq!(
            split_keys(&costs[1], 0, total).1,
            1,
            "the light part is not split"
        );

        let whole = mixdown(&perf, &plan(2), &organ(false), true, &|_| {}).unwrap();
        let split = mixdown(&perf, &plan(2), &organ(true), true, &|_| {}).unwrap();
        assert_eq!(whole.left.len(), split.left.len());
        let worst = whole
            .left
            .iter()
            .zip(&split.left)
            .chain(whole.right.iter().zip(&split.right))
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        let peak = whole.left.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(peak > 0.1, "{peak}");
        assert!(worst < 1e-5, "split and whole differ by {worst}");
        // One stem per part still, however many instances play it.
        assert_eq!(split.stems.len(), 3);
        // And the split render is deterministic.
        let again = mixdown(&perf, &plan(2), &organ(true), true, &|_| {}).unwrap();
        assert_eq!(split, again);
    }

    #[test]
    fn split_events_send_notes_to_their_key_and_the_rest_to_all() {
        let mut owner = [0u8; 128];
        owner[61] = 1;
        let events = [
            Event {
                frame: 0,
                kind: EventKind::NoteOn {
                    key: 60,
                    velocity: 1,
                },
            },
            Event {
                frame: 1,
                kind: EventKind::NoteOn {
                    key: 61,
                    velocity: 1,
                },
            },
            Event {
                frame: 2,
                kind: EventKind::PitchBend(0),
            },
            Event {
                frame: 3,
                kind: EventKind::NoteOff { key: 61 },
            },
        ];
        let parts = split_events(&events, &owner, 2);
        assert_eq!(parts[0], [events[0], events[2]]);
        assert_eq!(parts[1], [events[1], events[2], events[3]]);
    }
}
