//! The audio side of the player: strips, effects and master, driven by messages, rendered in
//! fixed blocks from a frame cursor whatever length the device asks for.
//!
//! Real-time rule: after [`Renderer::new`] nothing here allocates, locks, blocks or does I/O.
//! The message queues are wait-free (rtrb); the strips' queues and every buffer are allocated
//! up front; a replaced room is handed back to the control side to be freed.

use super::layers::{layer_gain, FULL_FADE_SECONDS};
use super::limiter::Limiter;
use super::message::{FromAudio, ToAudio};
use super::strip::{LiveStrip, BLOCK};
use leitmotif_compose::Role;
use leitmotif_render::mix::effects::EffectReturns;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Output ceiling: -1.2 dBFS sample peak (true peaks stay under -1 dBTP).
pub const CEILING: f32 = 0.87;
/// How long a replaced room keeps ringing before it is retired (its tail has died by then).
const ROOM_RING_SECONDS: f32 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transport {
    Playing,
    FadingOut { stop: bool },
    Paused,
    Stopped,
}

/// What a strip is for: its role's layer gain follows the intensity.
#[derive(Debug, Clone, Copy)]
pub struct StripRole {
    /// None for a strip that ignores intensity (stingers).
    pub role: Option<Role>,
}

/// Smoothed per-strip levels: fader x layer, and the sends.
#[derive(Debug, Clone, Copy)]
struct Levels {
    fader: f32,
    reverb: f32,
    delay: f32,
    // what the last block ended at (the ramps start there)
    gain_now: f32,
    reverb_now: f32,
    delay_now: f32,
}

/// Counters a test or a benchmark can read after rendering.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    pub blocks: u64,
    /// Events dropped because a strip's queue was full.
    pub dropped_events: u64,
    /// Messages that could not be delivered back to the control side (a retired room kept alive).
    pub retire_failures: u64,
}

pub struct Renderer {
    sample_rate: u32,
    strips: Vec<LiveStrip>,
    roles: Vec<StripRole>,
    levels: Vec<Levels>,
    inbox: rtrb::Consumer<ToAudio>,
    outbox: rtrb::Producer<FromAudio>,
    room: Box<EffectReturns>,
    old_room: Option<(Box<EffectReturns>, u64)>,
    intensity: f32,
    intensity_step: f32,
    intensity_frames_left: u32,
    limiter: Limiter,
    master_gain: f32,
    fade: f32,
    fade_step: f32,
    fade_frames_left: u32,
    transport: Transport,
    frame: u64,
    position: Arc<AtomicU64>,
    stats: RenderStats,
    dry: [[f32; BLOCK]; 2],
    reverb_bus: [[f32; BLOCK]; 2],
    delay_bus: [[f32; BLOCK]; 2],
    wet: [[f32; BLOCK]; 2],
    silence: [f32; BLOCK],
    /// The last rendered block and how much of it the device has taken.
    out: [[f32; BLOCK]; 2],
    out_read: usize,
}

impl Renderer {
    /// Builds the audio side. `strips[i]` plays role `roles[i]`; `room` is the first mood's
    /// reverb and echo; `master_gain` is linear, before the limiter.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        sample_rate: u32,
        strips: Vec<LiveStrip>,
        roles: Vec<StripRole>,
        room: Box<EffectReturns>,
        inbox: rtrb::Consumer<ToAudio>,
        outbox: rtrb::Producer<FromAudio>,
        master_gain: f32,
        position: Arc<AtomicU64>,
    ) -> Renderer {
        let levels = vec![
            Levels {
                fader: 0.0,
                reverb: 0.0,
                delay: 0.0,
                gain_now: 0.0,
                reverb_now: 0.0,
                delay_now: 0.0,
            };
            strips.len()
        ];
        Renderer {
            sample_rate,
            strips,
            roles,
            levels,
            inbox,
            outbox,
            room,
            old_room: None,
            intensity: 0.5,
            intensity_step: 0.0,
            intensity_frames_left: 0,
            limiter: Limiter::new(CEILING, 0.12, sample_rate),
            master_gain,
            fade: 1.0,
            fade_step: 0.0,
            fade_frames_left: 0,
            transport: Transport::Playing,
            frame: 0,
            position,
            stats: RenderStats::default(),
            dry: [[0.0; BLOCK]; 2],
            reverb_bus: [[0.0; BLOCK]; 2],
            delay_bus: [[0.0; BLOCK]; 2],
            wet: [[0.0; BLOCK]; 2],
            silence: [0.0; BLOCK],
            out: [[0.0; BLOCK]; 2],
            out_read: BLOCK,
        }
    }

    /// Frames rendered so far (the music's clock; it stands still while paused).
    pub fn frame(&self) -> u64 {
        self.frame
    }

    /// A strip's gain (fader x layer) at the end of the last block.
    pub fn strip_gain(&self, strip: usize) -> f32 {
        self.levels.get(strip).map_or(0.0, |l| l.gain_now)
    }

    /// Sets the intensity at once (before playback starts; later, send a message).
    pub fn set_intensity(&mut self, intensity: f32) {
        self.intensity = intensity.clamp(0.0, 1.0);
        self.intensity_frames_left = 0;
    }

    pub fn intensity(&self) -> f32 {
        self.intensity
    }

    pub fn stats(&self) -> RenderStats {
        let mut s = self.stats;
        s.dropped_events = self.strips.iter().map(|s| s.dropped as u64).sum();
        s
    }

    /// True once a stop has faded out.
    pub fn is_stopped(&self) -> bool {
        self.transport == Transport::Stopped
    }

    /// True while paused (after the pause's fade).
    pub fn is_paused(&self) -> bool {
        self.transport == Transport::Paused
    }

    /// Fills an interleaved device buffer (`channels` >= 1; the first two get left and right,
    /// further channels get silence, a mono device gets the mid).
    pub fn fill_interleaved(&mut self, out: &mut [f32], channels: usize) {
        let channels = channels.max(1);
        for frame in out.chunks_mut(channels) {
            if self.out_read == BLOCK {
                self.render_block();
                self.out_read = 0;
            }
            let (l, r) = (self.out[0][self.out_read], self.out[1][self.out_read]);
            self.out_read += 1;
            match frame {
                [mono] => *mono = 0.5 * (l + r),
                [a, b, rest @ ..] => {
                    *a = l;
                    *b = r;
                    rest.fill(0.0);
                }
                [] => {}
            }
        }
    }

    /// Fills planar stereo buffers of any (equal) length.
    pub fn fill(&mut self, left: &mut [f32], right: &mut [f32]) {
        let n = left.len().min(right.len());
        let mut done = 0;
        while done < n {
            if self.out_read == BLOCK {
                self.render_block();
                self.out_read = 0;
            }
            let take = (BLOCK - self.out_read).min(n - done);
            left[done..done + take]
                .copy_from_slice(&self.out[0][self.out_read..self.out_read + take]);
            right[done..done + take]
                .copy_from_slice(&self.out[1][self.out_read..self.out_read + take]);
            self.out_read += take;
            done += take;
        }
    }

    fn handle_messages(&mut self) {
        while let Ok(message) = self.inbox.pop() {
            match message {
                ToAudio::Note {
                    strip,
                    frame,
                    key,
                    velocity,
                    length,
                } => {
                    if let Some(s) = self.strips.get_mut(strip as usize) {
                        s.note(frame, key, velocity, length);
                    }
                }
                ToAudio::Program {
                    strip,
                    frame,
                    program,
                } => {
                    if let Some(s) = self.strips.get_mut(strip as usize) {
                        s.program(frame, program);
                    }
                }
                ToAudio::Release { strip, frame } => {
                    if let Some(s) = self.strips.get_mut(strip as usize) {
                        s.release_all(frame);
                    }
                }
                ToAudio::Cancel { from } => {
                    for s in &mut self.strips {
                        s.cancel_from(from);
                    }
                }
                ToAudio::Mix {
                    strip,
                    gain,
                    reverb_send,
                    delay_send,
                } => {
                    if let Some(l) = self.levels.get_mut(strip as usize) {
                        l.fader = gain;
                        l.reverb = reverb_send;
                        l.delay = delay_send;
                    }
                }
                ToAudio::Intensity { target, frames } => {
                    let target = target.clamp(0.0, 1.0);
                    if frames == 0 {
                        self.intensity = target;
                        self.intensity_frames_left = 0;
                    } else {
                        self.intensity_step = (target - self.intensity) / frames as f32;
                        self.intensity_frames_left = frames;
                    }
                }
                ToAudio::Room(room) => {
                    let old = std::mem::replace(&mut self.room, room);
                    if let Some((older, _)) = self.old_room.take() {
                        self.retire(older);
                    }
                    let ring = (ROOM_RING_SECONDS * self.sample_rate as f32) as u64;
                    self.old_room = Some((old, ring));
                }
                ToAudio::FadeOut { frames, stop } => {
                    if self.transport == Transport::Stopped {
                        continue;
                    }
                    if self.transport == Transport::Paused && !stop {
                        continue;
                    }
                    self.fade_frames_left = frames.max(1);
                    self.fade_step = -self.fade / self.fade_frames_left as f32;
                    self.transport = Transport::FadingOut { stop };
                }
                ToAudio::FadeIn { frames } => {
                    if self.transport == Transport::Stopped {
                        continue;
                    }
                    self.transport = Transport::Playing;
                    self.fade_frames_left = frames.max(1);
                    self.fade_step = (1.0 - self.fade) / self.fade_frames_left as f32;
                }
            }
        }
    }

    fn retire(&mut self, room: Box<EffectReturns>) {
        if let Err(rtrb::PushError::Full(FromAudio::Retired(room))) =
            self.outbox.push(FromAudio::Retired(room))
        {
            // never free on the audio thread: keep it (leaked) rather than deallocate here
            self.stats.retire_failures += 1;
            std::mem::forget(room);
        }
    }
}

impl Renderer {
    /// Renders the next internal block into `self.out`.
    pub fn render_block(&mut self) {
        self.handle_messages();
        if matches!(self.transport, Transport::Paused | Transport::Stopped) {
            // the clock stands still: nothing is rendered, so nothing is lost
            self.out[0].fill(0.0);
            self.out[1].fill(0.0);
            return;
        }
        let n = BLOCK;
        let start = self.frame;
        // intensity glide, then each layer's target gain
        if self.intensity_frames_left > 0 {
            let steps = self.intensity_frames_left.min(n as u32);
            self.intensity += self.intensity_step * steps as f32;
            self.intensity_frames_left -= steps;
            if self.intensity_frames_left == 0 {
                self.intensity = self.intensity.clamp(0.0, 1.0);
            }
        }
        let max_move = n as f32 / (FULL_FADE_SECONDS * self.sample_rate as f32);
        for bus in [&mut self.dry, &mut self.reverb_bus, &mut self.delay_bus] {
            bus[0].fill(0.0);
            bus[1].fill(0.0);
        }
        for i in 0..self.strips.len() {
            let layer = match self.roles[i].role {
                Some(role) => layer_gain(role, self.intensity),
                None => 1.0,
            };
            let lv = self.levels[i];
            let target = lv.fader * layer;
            let gain_end = lv.gain_now + (target - lv.gain_now).clamp(-max_move, max_move);
            let reverb_end = lv.reverb_now + (lv.reverb - lv.reverb_now).clamp(-max_move, max_move);
            let delay_end = lv.delay_now + (lv.delay - lv.delay_now).clamp(-max_move, max_move);
            let strip = &mut self.strips[i];
            let sounding = strip.render(start, n);
            if sounding && (lv.gain_now > 0.0 || gain_end > 0.0) {
                let inv = 1.0 / n as f32;
                for k in 0..n {
                    let t = (k + 1) as f32 * inv;
                    let g = lv.gain_now + (gain_end - lv.gain_now) * t;
                    let rs = g * (lv.reverb_now + (reverb_end - lv.reverb_now) * t);
                    let ds = g * (lv.delay_now + (delay_end - lv.delay_now) * t);
                    let (l, r) = (strip.left[k], strip.right[k]);
                    self.dry[0][k] += l * g;
                    self.dry[1][k] += r * g;
                    self.reverb_bus[0][k] += l * rs;
                    self.reverb_bus[1][k] += r * rs;
                    self.delay_bus[0][k] += l * ds;
                    self.delay_bus[1][k] += r * ds;
                }
            }
            let lv = &mut self.levels[i];
            lv.gain_now = gain_end;
            lv.reverb_now = reverb_end;
            lv.delay_now = delay_end;
        }
        {
            let [wl, wr] = &mut self.wet;
            self.room.process_into(
                [&self.reverb_bus[0], &self.reverb_bus[1]],
                [&self.delay_bus[0], &self.delay_bus[1]],
                wl,
                wr,
            );
        }
        let (out_l, out_r) = {
            let [ol, or] = &mut self.out;
            (ol, or)
        };
        for k in 0..n {
            out_l[k] = self.dry[0][k] + self.wet[0][k];
            out_r[k] = self.dry[1][k] + self.wet[1][k];
        }
        let mut retire = None;
        if let Some((old, left)) = &mut self.old_room {
            let [wl, wr] = &mut self.wet;
            old.process_into(
                [&self.silence, &self.silence],
                [&self.silence, &self.silence],
                wl,
                wr,
            );
            for k in 0..n {
                out_l[k] += wl[k];
                out_r[k] += wr[k];
            }
            *left = left.saturating_sub(n as u64);
            if *left == 0 {
                retire = self.old_room.take().map(|(room, _)| room);
            }
        }
        let g = self.master_gain;
        for k in 0..n {
            out_l[k] *= g;
            out_r[k] *= g;
        }
        self.limiter.process(out_l, out_r);
        // transport fade (after the limiter, so a fade is exactly the fade asked for)
        if self.fade_frames_left > 0 || self.fade < 1.0 {
            for k in 0..n {
                if self.fade_frames_left > 0 {
                    self.fade = (self.fade + self.fade_step).clamp(0.0, 1.0);
                    self.fade_frames_left -= 1;
                }
                out_l[k] *= self.fade;
                out_r[k] *= self.fade;
            }
            if self.fade_frames_left == 0 {
                if let Transport::FadingOut { stop } = self.transport {
                    self.fade = 0.0;
                    self.transport = if stop {
                        Transport::Stopped
                    } else {
                        Transport::Paused
                    };
                }
            }
        }
        for x in out_l.iter_mut().chain(out_r.iter_mut()) {
            // a NaN from anywhere upstream must not reach the speakers
            if !x.is_finite() {
                *x = 0.0;
            }
        }
        if let Some(room) = retire {
            self.retire(room);
        }
        self.frame += n as u64;
        self.stats.blocks += 1;
        self.position.store(self.frame, Ordering::Release);
    }
}
