//! Fitting tempo to hit points. A composer hits a sync point by choosing the tempo so that it falls
//! on a downbeat: each stretch between hits gets a whole number of bars at the tempo nearest the
//! emotion's own, and a change of tempo is eased in over a bar rather than jumped. Short scenes and
//! stretches too short for whole bars land on beats. Exact times use the integer microseconds a
//! MIDI file stores, so the reported error is what any player will hear.

use leitmotif_score::{TempoChange, TempoMap};
use leitmotif_story::HitKind;
use leitmotif_theory::{Bpm, Meter, Ticks, PPQ};
use serde::Serialize;

/// Where a requested hit landed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlacedHit {
    pub requested_seconds: f64,
    #[serde(serialize_with = "hit_kind_name")]
    pub kind: HitKind,
    pub tick: Ticks,
    /// 1-based bar and beat, as musicians count.
    pub bar: u32,
    pub beat: u32,
    pub landed_seconds: f64,
    pub error_ms: f64,
}

fn hit_kind_name<S: serde::Serializer>(k: &HitKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.name())
}

#[derive(Debug, Clone, PartialEq)]
pub struct TempoFit {
    pub tempo: TempoMap,
    /// Number of bars started (the last may be partial when a tempo override prevents fitting).
    pub bars: u32,
    /// Where the music ends: the scene's end.
    pub end_tick: Ticks,
    pub hits: Vec<PlacedHit>,
}

/// Scenes shorter than this land hits on beats rather than bar lines.
const SHORT_SCENE_SECONDS: f64 = 12.0;
/// Largest tempo change a fit may make (as a share of the emotion's tempo) before it falls back
/// from bars to beats.
const MAX_BAR_STRETCH: f64 = 0.2;

pub struct FitRequest<'a> {
    pub duration_seconds: f64,
    pub hits: &'a [(f64, HitKind)],
    pub meter: Meter,
    pub bpm: f64,
    /// A tempo the user fixed: obeyed exactly; hits then land where they can and report their error.
    pub fixed_bpm: Option<f64>,
}

pub fn fit(req: &FitRequest) -> TempoFit {
    let bar_ticks = req.meter.bar_ticks();
    let pulse_ticks = req.meter.pulse_ticks();
    if let Some(bpm) = req.fixed_bpm {
        return fit_fixed(req, bpm);
    }
    let short = req.duration_seconds < SHORT_SCENE_SECONDS;
    let mut changes: Vec<TempoChange> = Vec::new();
    let mut tick: Ticks = 0;
    let mut prev_bpm = req.bpm;
    let mut hits = Vec::new();
    let mut boundaries: Vec<(f64, Option<HitKind>)> =
        req.hits.iter().map(|(t, k)| (*t, Some(*k))).collect();
    boundaries.push((req.duration_seconds, None));
    for (target_s, kind) in boundaries {
        let start_s = seconds_with(&changes, tick);
        let span = (target_s - start_s).max(0.05);
        let unit = if short { pulse_ticks } else { bar_ticks };
        let quarters = |ticks: Ticks| ticks as f64 / PPQ as f64;
        let stretch =
            |units: u64, unit: Ticks| (units as f64 * quarters(unit) * 60.0 / span) / req.bpm - 1.0;
        // among the whole numbers of units near the natural tempo, prefer the one closest to the
        // emotion's tempo and to the previous stretch's tempo (no needless jumps between stretches)
        let ideal = ((span * req.bpm / 60.0) / quarters(unit)).round().max(1.0) as u64;
        let cost = |n: u64| {
            let t = n as f64 * quarters(unit) * 60.0 / span;
            (t / req.bpm - 1.0).abs() + 0.5 * (t / prev_bpm - 1.0).abs()
        };
        let mut units = [ideal.saturating_sub(1).max(1), ideal, ideal + 1]
            .into_iter()
            .min_by(|a, b| cost(*a).total_cmp(&cost(*b)))
            .unwrap_or(ideal);
        let mut unit_ticks = unit;
        if !short && stretch(units, unit).abs() > MAX_BAR_STRETCH {
            unit_ticks = pulse_ticks;
            units = ((span * req.bpm / 60.0) / quarters(pulse_ticks))
                .round()
                .max(1.0) as u64;
        }
        let seg_ticks = units * unit_ticks;
        let target_bpm = quarters(seg_ticks) * 60.0 / span;
        write_segment(
            &mut changes,
            tick,
            seg_ticks,
            span,
            prev_bpm,
            target_bpm,
            pulse_ticks,
        );
        tick += seg_ticks;
        prev_bpm = changes.last().map(|c| c.bpm.0).unwrap_or(target_bpm);
        if let Some(kind) = kind {
            hits.push(place(&changes, tick, target_s, kind, req.meter));
        }
    }
    let tempo = TempoMap { changes };
    let bars = tick.div_ceil(bar_ticks) as u32;
    TempoFit {
        tempo,
        bars,
        end_tick: tick,
        hits,
    }
}

/// Writes one segment's tempo: eased from the previous tempo over up to a bar of pulses when the
/// change is audible (> 3 %), then constant at the value that lands the segment end exactly.
fn write_segment(
    changes: &mut Vec<TempoChange>,
    at: Ticks,
    ticks: Ticks,
    seconds: f64,
    prev: f64,
    target: f64,
    pulse: Ticks,
) {
    let pulses = ticks / pulse;
    let ease = changes.is_empty() || (target / prev - 1.0).abs() <= 0.03 || pulses < 3;
    let mut t = at;
    let mut used_s = 0.0;
    if !ease {
        let steps = (pulses - 1).min(4);
        for k in 1..=steps {
            let bpm = prev + (target - prev) * k as f64 / (steps + 1) as f64;
            let bpm = Bpm(60_000_000.0 / Bpm(bpm).micros_per_quarter() as f64);
            changes.push(TempoChange { at: t, bpm });
            used_s += pulse as f64 / PPQ as f64 * bpm.seconds_per_quarter_exact();
            t += pulse;
        }
    }
    let rest_ticks = at + ticks - t;
    let rest_s = seconds - used_s;
    let bpm = if rest_s > 0.0 {
        rest_ticks as f64 / PPQ as f64 * 60.0 / rest_s
    } else {
        target
    };
    // a "change" to the tempo already in force would only clutter the tempo map
    if changes
        .last()
        .map(|c| c.bpm.micros_per_quarter() == Bpm(bpm).micros_per_quarter())
        .unwrap_or(false)
    {
        return;
    }
    changes.push(TempoChange {
        at: t,
        bpm: Bpm(bpm),
    });
}

trait ExactSeconds {
    fn seconds_per_quarter_exact(self) -> f64;
}

impl ExactSeconds for Bpm {
    /// Seconds per quarter as a MIDI file will store it (integer microseconds).
    fn seconds_per_quarter_exact(self) -> f64 {
        self.micros_per_quarter() as f64 / 1e6
    }
}

fn seconds_with(changes: &[TempoChange], at: Ticks) -> f64 {
    TempoMap {
        changes: changes.to_vec(),
    }
    .seconds_at(at)
}

fn place(
    changes: &[TempoChange],
    tick: Ticks,
    requested: f64,
    kind: HitKind,
    meter: Meter,
) -> PlacedHit {
    let landed = seconds_with(changes, tick);
    PlacedHit {
        requested_seconds: requested,
        kind,
        tick,
        bar: (tick / meter.bar_ticks()) as u32 + 1,
        beat: ((tick % meter.bar_ticks()) / meter.pulse_ticks()) as u32 + 1,
        landed_seconds: landed,
        error_ms: (landed - requested) * 1000.0,
    }
}

fn fit_fixed(req: &FitRequest, bpm: f64) -> TempoFit {
    let tempo = TempoMap::constant(Bpm(bpm));
    let spq = Bpm(bpm).seconds_per_quarter_exact();
    let ticks_at = |s: f64| (s / spq * PPQ as f64).round() as Ticks;
    let end_tick = ticks_at(req.duration_seconds);
    let changes = tempo.changes.clone();
    let hits = req
        .hits
        .iter()
        .map(|(t, k)| {
            // the nearest downbeat to the requested time
            let raw = ticks_at(*t);
            let bar = req.meter.bar_ticks();
            let tick = ((raw + bar / 2) / bar * bar)
                .max(bar)
                .min(end_tick.saturating_sub(1) / bar * bar);
            place(&changes, tick, *t, *k, req.meter)
        })
        .collect();
    TempoFit {
        tempo,
        bars: end_tick.div_ceil(req.meter.bar_ticks()) as u32,
        end_tick,
        hits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req<'a>(duration: f64, hits: &'a [(f64, HitKind)], bpm: f64) -> FitRequest<'a> {
        FitRequest {
            duration_seconds: duration,
            hits,
            meter: Meter::COMMON,
            bpm,
            fixed_bpm: None,
        }
    }

    #[test]
    fn hits_land_on_downbeats_within_a_millisecond() {
        let hits = [
            (13.7, HitKind::Accent),
            (41.2, HitKind::Cut),
            (70.05, HitKind::Stinger),
        ];
        for bpm in [60.0, 72.0, 96.0, 131.0, 160.0] {
            let f = fit(&req(90.0, &hits, bpm));
            assert_eq!(f.hits.len(), 3);
            for h in &f.hits {
                assert!(h.error_ms.abs() < 1.0, "bpm {bpm}: {h:?}");
                assert_eq!(h.tick % Meter::COMMON.bar_ticks(), 0, "downbeat");
            }
            assert!((f.tempo.seconds_at(f.end_tick) - 90.0).abs() < 0.001);
            let (lo, hi) = f.tempo.range();
            assert!(lo.0 > bpm * 0.75 && hi.0 < bpm * 1.25, "{lo:?} {hi:?}");
        }
    }

    #[test]
    fn no_hits_gives_whole_bars_ending_on_time() {
        let f = fit(&req(61.3, &[], 88.0));
        assert_eq!(f.end_tick % Meter::COMMON.bar_ticks(), 0);
        assert!((f.tempo.seconds_at(f.end_tick) - 61.3).abs() < 0.001);
    }

    #[test]
    fn short_scenes_land_on_beats() {
        let hits = [(3.3, HitKind::Accent)];
        let f = fit(&req(8.0, &hits, 100.0));
        assert!(f.hits[0].error_ms.abs() < 1.0);
        assert_eq!(f.hits[0].tick % Meter::COMMON.pulse_ticks(), 0);
    }

    #[test]
    fn fixed_tempo_is_obeyed_and_error_reported() {
        let hits = [(10.3, HitKind::Accent)];
        let f = fit(&FitRequest {
            fixed_bpm: Some(72.0),
            ..req(30.0, &hits, 90.0)
        });
        assert_eq!(f.tempo.changes.len(), 1);
        assert_eq!(f.tempo.changes[0].bpm.0, 72.0);
        assert!(f.hits[0].error_ms.abs() > 0.0);
        assert!((f.tempo.seconds_at(f.end_tick) - 30.0).abs() < 0.01);
    }
}
