//! The drum kit: every GM percussion key sounds, stays bounded, decays and ends; the hi-hat
//! chokes; note-offs do not cut drums.

use super::*;

const SR_DRUMS: u32 = 32_000;

fn hit(key: u8, seconds: f32) -> (Vec<f32>, BuiltinChannel) {
    let mut ch = BuiltinChannel::new(SR_DRUMS, true);
    ch.note_on(key, 100);
    let frames = (SR_DRUMS as f32 * seconds) as usize;
    let mut l = vec![0.0; frames];
    let mut r = vec![0.0; frames];
    for (lc, rc) in l.chunks_mut(200).zip(r.chunks_mut(200)) {
        ch.render(lc, rc);
    }
    let mono = l.iter().zip(&r).map(|(a, b)| 0.5 * (a + b)).collect();
    (mono, ch)
}

#[test]
fn every_percussion_key_sounds_decays_and_ends() {
    let tenth = SR_DRUMS as usize / 10;
    for key in 35..=81u8 {
        let (x, mut ch) = hit(key, 1.5);
        assert!(x.iter().all(|v| v.is_finite()), "key {key}: NaN");
        let p = peak(&x);
        assert!(p > 0.01, "key {key} is silent ({p})");
        assert!(p < 0.9, "key {key} too loud ({p})");
        let first = rms(&x[..tenth]);
        let last = rms(&x[x.len() - tenth..]);
        assert!(
            last < 0.5 * first,
            "key {key} does not decay ({first} -> {last})"
        );
        // Ends within a few more seconds (the longest cymbal rings about 3 s).
        let mut silent = false;
        let mut l = vec![0.0; 1000];
        let mut r = vec![0.0; 1000];
        for _ in 0..(6 * SR_DRUMS / 1000) {
            if ch.is_silent() {
                silent = true;
                break;
            }
            ch.render(&mut l, &mut r);
        }
        assert!(silent, "key {key} never ends");
    }
}

#[test]
fn keys_outside_the_gm_map_still_play() {
    for key in [0u8, 27, 34, 82, 87, 127] {
        let (x, _) = hit(key, 0.2);
        assert!(peak(&x) > 0.005, "key {key}");
    }
}

#[test]
fn closed_hat_chokes_the_open_hat() {
    let ring = |choke: bool| {
        let mut ch = BuiltinChannel::new(SR_DRUMS, true);
        ch.note_on(46, 100);
        let mut l = vec![0.0; 3200];
        let mut r = vec![0.0; 3200];
        ch.render(&mut l, &mut r);
        if choke {
            ch.note_on(44, 1);
        }
        ch.render(&mut l, &mut r);
        ch.render(&mut l, &mut r);
        rms(&l)
    };
    assert!(ring(true) < 0.2 * ring(false));
}

#[test]
fn note_off_does_not_cut_a_drum() {
    let mut ch = BuiltinChannel::new(SR_DRUMS, true);
    ch.note_on(49, 100);
    let mut l = vec![0.0; 3200];
    let mut r = vec![0.0; 3200];
    ch.render(&mut l, &mut r);
    ch.note_off(49);
    ch.render(&mut l, &mut r);
    ch.render(&mut l, &mut r);
    assert!(rms(&l) > 1e-3);
}

#[test]
fn the_kit_is_spread_in_stereo() {
    let mut ch = BuiltinChannel::new(SR_DRUMS, true);
    ch.note_on(42, 100);
    let mut l = vec![0.0; 3200];
    let mut r = vec![0.0; 3200];
    ch.render(&mut l, &mut r);
    assert!(rms(&l) > 1.3 * rms(&r), "hi-hat should sit left of centre");
}
