//! A streaming look-ahead peak limiter for live output.
//!
//! The offline master limits a whole cue at once; the player has to limit a stream with bounded
//! delay and no allocation. The gain is the minimum of the required gain over the look-ahead
//! window, then averaged over the same window (a box filter). Every average covers only minima
//! that include the sample being output, so the output never exceeds the ceiling, and the box
//! filter turns the gain steps into ramps one window long: no clicks. Release is exponential.

/// Look-ahead in frames (1.3 ms at 48 kHz).
pub const LOOKAHEAD: usize = 64;

pub struct Limiter {
    ceiling: f32,
    release: f32,
    // Delay line of the input.
    delay_l: [f32; LOOKAHEAD],
    delay_r: [f32; LOOKAHEAD],
    // Required gains of the last LOOKAHEAD inputs, and a monotonic queue of their minimum.
    required: [f32; LOOKAHEAD],
    min_queue: [(u64, f32); LOOKAHEAD],
    queue_head: usize,
    queue_len: usize,
    // The released minimum, and the box average over the last LOOKAHEAD of those.
    held: f32,
    box_values: [f32; LOOKAHEAD],
    box_sum: f64,
    pos: usize,
    count: u64,
}

impl Limiter {
    /// A limiter whose output peaks stay at or below `ceiling` (linear), releasing with the time
    /// constant `release_seconds`.
    pub fn new(ceiling: f32, release_seconds: f32, sample_rate: u32) -> Limiter {
        Limiter {
            ceiling,
            release: 1.0 - (-1.0 / (release_seconds * sample_rate as f32)).exp(),
            delay_l: [0.0; LOOKAHEAD],
            delay_r: [0.0; LOOKAHEAD],
            required: [1.0; LOOKAHEAD],
            min_queue: [(0, 1.0); LOOKAHEAD],
            queue_head: 0,
            queue_len: 0,
            held: 1.0,
            box_values: [1.0; LOOKAHEAD],
            box_sum: LOOKAHEAD as f64,
            pos: 0,
            count: 0,
        }
    }

    /// The current gain reduction as a linear gain (1 = none).
    pub fn gain(&self) -> f32 {
        (self.box_sum / LOOKAHEAD as f64) as f32
    }

    /// Limits a block in place; the output is delayed by `LOOKAHEAD - 1` frames.
    pub fn process(&mut self, left: &mut [f32], right: &mut [f32]) {
        for (l, r) in left.iter_mut().zip(right.iter_mut()) {
            let peak = l.abs().max(r.abs());
            let need = if peak > self.ceiling {
                self.ceiling / peak
            } else {
                1.0
            };
            let n = self.count;
            self.required[self.pos] = need;
            // monotonic queue: drop larger values from the back, expired ones from the front
            while self.queue_len > 0 {
                let back = (self.queue_head + self.queue_len - 1) % LOOKAHEAD;
                if self.min_queue[back].1 >= need {
                    self.queue_len -= 1;
                } else {
                    break;
                }
            }
            let slot = (self.queue_head + self.queue_len) % LOOKAHEAD;
            self.min_queue[slot] = (n, need);
            self.queue_len += 1;
            while self.min_queue[self.queue_head].0 + (LOOKAHEAD as u64) <= n {
                self.queue_head = (self.queue_head + 1) % LOOKAHEAD;
                self.queue_len -= 1;
            }
            let window_min = self.min_queue[self.queue_head].1;
            self.held = window_min.min(self.held + (1.0 - self.held) * self.release);
            self.box_sum += self.held as f64 - self.box_values[self.pos] as f64;
            self.box_values[self.pos] = self.held;
            // the oldest input in the window leaves the delay line now, at the averaged gain
            let oldest = (self.pos + 1) % LOOKAHEAD;
            let gain = (self.box_sum / LOOKAHEAD as f64) as f32;
            let (out_l, out_r) = (self.delay_l[oldest], self.delay_r[oldest]);
            self.delay_l[self.pos] = *l;
            self.delay_r[self.pos] = *r;
            *l = out_l * gain;
            *r = out_r * gain;
            self.pos = oldest;
            self.count += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks_stay_under_the_ceiling_and_quiet_signals_pass_unchanged() {
        let mut lim = Limiter::new(0.5, 0.02, 48_000);
        let mut l: Vec<f32> = (0..48_000)
            .map(|i| {
                let loud = if (10_000..20_000).contains(&i) {
                    2.0
                } else {
                    0.3
                };
                loud * (i as f32 * 0.05).sin()
            })
            .collect();
        let input = l.clone();
        let mut r = l.clone();
        for (cl, cr) in l.chunks_mut(100).zip(r.chunks_mut(100)) {
            lim.process(cl, cr);
        }
        let peak = l.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(peak <= 0.5 + 1e-6, "peak {peak}");
        // long after the loud stretch the signal passes at unity gain, delayed
        let d = LOOKAHEAD - 1;
        for i in 40_000..40_100 {
            assert!(
                (l[i] - input[i - d]).abs() < 1e-4,
                "{i}: {} vs {}",
                l[i],
                input[i - d]
            );
        }
    }

    #[test]
    fn gain_moves_in_ramps_not_steps() {
        let mut lim = Limiter::new(0.25, 0.05, 48_000);
        let mut l = vec![0.1f32; 4000];
        l[2000] = 1.0;
        let mut r = l.clone();
        lim.process(&mut l, &mut r);
        // the constant 0.1 around the spike is scaled by a gain that never jumps by more than a
        // window's share per sample
        let mut largest = 0.0f32;
        // (from the first delayed sample on: before it the delay line outputs its zeros)
        for i in LOOKAHEAD..l.len() {
            if i != 2000 + LOOKAHEAD - 1 && i != 2000 + LOOKAHEAD {
                largest = largest.max((l[i] - l[i - 1]).abs());
            }
        }
        assert!(largest < 0.1 / LOOKAHEAD as f32 * 1.5, "step {largest}");
    }
}
