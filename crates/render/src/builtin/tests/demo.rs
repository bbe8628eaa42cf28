//! A listening demo: every instrument plays a short phrase, then a drum groove, into
//! `/tmp/builtin-demo.wav` (or `$BUILTIN_DEMO_WAV`).
//!
//! `cargo test -p leitmotif-render --release write_demo_wav -- --ignored`

use super::*;

#[test]
#[ignore = "writes a WAV file for listening"]
fn write_demo_wav() {
    let path = std::env::var("BUILTIN_DEMO_WAV").unwrap_or_else(|_| "/tmp/builtin-demo.wav".into());
    let mut left = Vec::new();
    let mut right = Vec::new();
    let beat = 0.25;
    for i in melodic() {
        let mut ch = channel(i);
        let root = i.typical_key();
        // An arpeggio, then the chord held.
        for (n, step) in [0u8, 4, 7, 12].iter().enumerate() {
            ch.note_on(root + step, 80 + 10 * n as u8);
            let (l, r) = render(&mut ch, beat);
            left.extend(l);
            right.extend(r);
        }
        let (l, r) = render(&mut ch, 1.0);
        left.extend(l);
        right.extend(r);
        for step in [0u8, 4, 7, 12] {
            ch.note_off(root + step);
        }
        let (l, r) = render(&mut ch, 0.8);
        left.extend(l);
        right.extend(r);
    }
    let mut drums = BuiltinChannel::new(SR, true);
    let pattern: [&[u8]; 8] = [
        &[36, 42, 49],
        &[42],
        &[38, 42],
        &[42],
        &[36, 42],
        &[36, 46],
        &[38, 42],
        &[42, 45],
    ];
    for bar in 0..4 {
        for hits in pattern {
            for &k in hits {
                drums.note_on(k, if k == 42 { 70 } else { 105 });
            }
            if bar == 3 {
                drums.note_on(48, 90);
            }
            let (l, r) = render(&mut drums, beat / 2.0 * 2.0);
            left.extend(l);
            right.extend(r);
        }
    }
    let (l, r) = render(&mut drums, 2.0);
    left.extend(l);
    right.extend(r);
    write_wav(std::path::Path::new(&path), SR, &left, &right).unwrap();
    println!("wrote {path} ({:.1} s)", left.len() as f32 / SR as f32);
}
