//! Processing shared by all voices of a channel: overdrive, body resonances, tremolo and
//! ensemble chorus, turning the voices' mono sum into a mid/side pair.
//!
//! These are the parts of an instrument's sound that do not depend on which note is playing: a
//! violin body resonates at the same frequencies whatever the string plays, a choir's vowel keeps
//! its formants, a guitar amplifier distorts the whole chord (which is also how a real one sounds:
//! power chords intermodulate). Doing them once per channel instead of once per voice is what makes
//! formant filtering, bodies and chorus affordable within the speed budget.
//!
//! Output convention: `mid` and `side`, with left = mid + side and right = mid - side (before
//! the channel's pan law).

use super::filter::{flush, FilterMode, OnePole, ResonatorBank, TwoPole};
use super::patch::{ChorusSpec, DriveSpec, FxSpec, TremoloSpec};
use super::wavetable::{phase_inc, Wavetables};

/// Centre and resonance of the speaker's allpass (see [`ChannelFx::process_drive`]).
const SPEAKER_HZ: f32 = 1_800.0;
const SPEAKER_Q: f32 = 1.0;

/// The chorus: three taps on a delay line, LFOs 120 degrees apart (a string-machine ensemble).
struct Chorus {
    line: Box<[f32]>,
    write: usize,
    phase: u32,
    /// Delay of each tap at the end of the previous block, in samples.
    delays: [f32; 3],
}

/// A channel's effect chain; reconfigured by program changes, allocated once.
pub(crate) struct ChannelFx {
    sample_rate: f32,
    drive: Option<DriveSpec>,
    drive_pre: OnePole,
    /// The speaker's phase response: an allpass that spreads the clipper's edges in time.
    speaker: TwoPole,
    cabinet: [OnePole; 2],
    body_on: bool,
    body: ResonatorBank,
    tremolo: Option<TremoloSpec>,
    trem_phase: u32,
    chorus_spec: Option<ChorusSpec>,
    chorus: Chorus,
}

impl ChannelFx {
    pub(crate) fn new(sample_rate: f32) -> ChannelFx {
        let len = ((0.06 * sample_rate) as usize).next_power_of_two();
        ChannelFx {
            sample_rate,
            drive: None,
            drive_pre: OnePole::default(),
            speaker: TwoPole::default(),
            cabinet: [OnePole::default(); 2],
            body_on: false,
            body: ResonatorBank::default(),
            tremolo: None,
            trem_phase: 0,
            chorus_spec: None,
            chorus: Chorus {
                line: vec![0.0; len].into_boxed_slice(),
                write: 0,
                phase: 0,
                delays: [0.0; 3],
            },
        }
    }

    /// Switches to an instrument's effects. Filter states are kept (no click when only
    /// coefficients change); the chorus line is cleared only when the chorus was off.
    pub(crate) fn configure(&mut self, spec: &FxSpec) {
        let sr = self.sample_rate;
        self.drive = spec.drive;
        if let Some(d) = spec.drive {
            self.drive_pre.set_lowpass(4000.0, sr);
            self.speaker
                .set(FilterMode::Allpass, SPEAKER_HZ, SPEAKER_Q, sr);
            for c in &mut self.cabinet {
                c.set_lowpass(d.cabinet_hz, sr);
            }
        }
        self.body_on = spec.body.is_some();
        if let Some(b) = spec.body {
            self.body.set(b.dry, &b.bands, sr);
        }
        self.tremolo = spec.tremolo;
        if self.chorus_spec.is_none() && spec.chorus.is_some() {
            self.chorus.line.iter_mut().for_each(|x| *x = 0.0);
            if let Some(c) = spec.chorus {
                self.chorus.delays = [c.delay_ms * 0.001 * sr; 3];
            }
        }
        self.chorus_spec = spec.chorus;
    }

    /// Clears all internal state (used when the channel has gone silent).
    pub(crate) fn reset(&mut self) {
        self.drive_pre.reset();
        self.speaker.reset();
        self.cabinet.iter_mut().for_each(OnePole::reset);
        self.body.reset();
        if self.chorus_spec.is_some() {
            self.chorus.line.iter_mut().for_each(|x| *x = 0.0);
        }
    }

    /// Processes one block: `mid` (the voices' sum, plus any panned part in `side`) in place.
    pub(crate) fn process(&mut self, tables: &Wavetables, mid: &mut [f32], side: &mut [f32]) {
        if let Some(d) = self.drive {
            self.process_drive(&d, mid);
        }
        if self.body_on {
            self.body.process(mid);
        }
        if let Some(t) = self.tremolo {
            self.process_tremolo(&t, tables, mid, side);
        }
        if let Some(c) = self.chorus_spec {
            self.process_chorus(&c, tables, mid, side);
        }
    }

    fn process_drive(&mut self, d: &DriveSpec, mid: &mut [f32]) {
        for x in mid.iter_mut() {
            // Lowpass before the clipper so less of what it generates can alias.
            let v = self.drive_pre.lowpass(*x) * d.gain;
            // Smooth saturation: x / (1 + |x|) reaches +-1 gradually and is odd-symmetric.
            let s = v / (1.0 + v.abs());
            // Hard drive squares the wave off; its edges, however rounded by the cabinet, are a
            // train of clicks to a click detector unless their harmonics are spread in time,
            // as a real speaker's phase response does.
            let s = self.speaker.tick(s);
            let c0 = self.cabinet[0].lowpass(s);
            let c = self.cabinet[1].lowpass(c0);
            *x = c * d.level;
        }
        self.drive_pre.flush_denormals();
        self.speaker.flush_denormals();
        self.cabinet.iter_mut().for_each(OnePole::flush_denormals);
    }

    fn process_tremolo(
        &mut self,
        t: &TremoloSpec,
        tables: &Wavetables,
        mid: &mut [f32],
        side: &mut [f32],
    ) {
        let n = mid.len();
        let inc = phase_inc(t.rate_hz, self.sample_rate);
        let s0 = tables.sine(self.trem_phase);
        self.trem_phase = self.trem_phase.wrapping_add(inc.wrapping_mul(n as u32));
        let s1 = tables.sine(self.trem_phase);
        let ds = (s1 - s0) / n as f32;
        let mut s = s0;
        if t.stereo {
            for (m, sd) in mid.iter_mut().zip(side.iter_mut()) {
                *sd += *m * t.depth * s;
                s += ds;
            }
        } else {
            for m in mid.iter_mut() {
                *m *= 1.0 - t.depth * (0.5 + 0.5 * s);
                s += ds;
            }
        }
    }

    fn process_chorus(
        &mut self,
        c: &ChorusSpec,
        tables: &Wavetables,
        mid: &mut [f32],
        side: &mut [f32],
    ) {
        let n = mid.len();
        let sr = self.sample_rate;
        let ch = &mut self.chorus;
        let len = ch.line.len();
        let mask = len - 1;
        let inc = phase_inc(c.rate_hz, sr);
        ch.phase = ch.phase.wrapping_add(inc.wrapping_mul(n as u32));
        let base = c.delay_ms * 0.001 * sr;
        let depth = c.depth_ms * 0.001 * sr;
        let max_delay = (len - 4) as f32;
        let mut start = [0.0f32; 3];
        let mut step = [0.0f32; 3];
        for k in 0..3 {
            let p = ch.phase.wrapping_add((k as u32) * 1_431_655_765);
            // A second, faster LFO adds the shimmer of a real ensemble.
            let fast = tables.sine(p.wrapping_mul(7));
            let end = (base + depth * (tables.sine(p) + 0.15 * fast)).clamp(1.0, max_delay);
            start[k] = ch.delays[k];
            step[k] = (end - start[k]) / n as f32;
            ch.delays[k] = end;
        }
        let mix = c.mix * (1.0 / 3.0);
        // Read positions in 16.16 fixed point, stepped per sample: integer arithmetic only.
        let mut pos = [0u32; 3];
        let mut dpos = [0i32; 3];
        for k in 0..3 {
            let p = ch.write as f32 + len as f32 - start[k];
            pos[k] = (p * 65_536.0) as u32;
            dpos[k] = ((1.0 - step[k]) * 65_536.0) as i32;
        }
        let mut w = ch.write;
        for i in 0..n {
            ch.line[w] = mid[i];
            let mut taps = [0.0f32; 3];
            for k in 0..3 {
                let j = (pos[k] >> 16) as usize;
                let f = (pos[k] & 0xffff) as f32 * (1.0 / 65_536.0);
                let a = ch.line[j & mask];
                let b = ch.line[(j + 1) & mask];
                taps[k] = a + (b - a) * f;
                pos[k] = pos[k].wrapping_add(dpos[k] as u32);
            }
            mid[i] += mix * (taps[0] + taps[1] + taps[2]);
            side[i] += c.mix * 0.5 * (taps[0] - taps[2]);
            w = (w + 1) & mask;
        }
        ch.write = w;
        // Keep denormals out of the line's tail.
        let last = (w + mask) & mask;
        ch.line[last] = flush(ch.line[last]);
    }
}
