//! Level calibration: a velocity-100 note at default controllers peaks near -12 dBFS, and the
//! instruments are within +-6 dB of each other in loudness while sounding, so a mixer can
//! balance them by ear-independent numbers.
//!
//! `cargo test -p leitmotif-render --release print_levels -- --ignored --nocapture` prints the
//! table used to set each patch's `gain`.

use super::*;

/// (peak dBFS, loudest 100 ms RMS dBFS) of one note at the instrument's typical key, left channel.
fn measure(i: BuiltinInstrument) -> (f32, f32) {
    let mut ch = channel(i);
    let key = i.typical_key();
    ch.note_on(key, 100);
    let (l, _) = render(&mut ch, 1.5);
    let window = SR as usize / 10;
    let loudest = l.chunks(window).map(rms).fold(0.0f32, f32::max);
    (db(peak(&l)), db(loudest))
}

#[test]
fn single_notes_peak_near_minus_12_dbfs_and_match_in_loudness() {
    let levels: Vec<_> = melodic().map(|i| (i, measure(i))).collect();
    let mut loudness: Vec<f32> = levels.iter().map(|(_, (_, r))| *r).collect();
    loudness.sort_by(f32::total_cmp);
    let median = loudness[loudness.len() / 2];
    let mut failures = Vec::new();
    for (i, (p, r)) in &levels {
        if !(-16.0..=-8.0).contains(p) {
            failures.push(format!("{}: peak {p:.1} dBFS", i.name()));
        }
        if (r - median).abs() > 6.0 {
            failures.push(format!(
                "{}: loudness {r:.1} dBFS vs median {median:.1}",
                i.name()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "prints the calibration table"]
fn print_levels() {
    println!(
        "{:<20} {:>8} {:>8} {:>10}",
        "instrument", "peak", "rms100", "gain x"
    );
    for i in melodic() {
        let (p, r) = measure(i);
        println!(
            "{:<20} {:>8.1} {:>8.1} {:>10.3}",
            i.name(),
            p,
            r,
            10f32.powf((-12.0 - p) / 20.0)
        );
    }
    for key in [35u8, 36, 38, 40, 42, 46, 49, 51, 56, 75, 81] {
        let mut ch = BuiltinChannel::new(SR, true);
        ch.note_on(key, 100);
        let (l, r) = render(&mut ch, 1.0);
        println!(
            "drum {key:<15} {:>8.1} {:>8.1}",
            db(peak(&l).max(peak(&r))),
            db(rms(&l[..4_800]))
        );
    }
}

#[test]
#[ignore = "prints octave-band spectra for checking tone balance"]
fn print_spectra() {
    use super::super::filter::{FilterMode, TwoPole};
    let centres = [
        125.0f32, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0,
    ];
    print!("{:<20}", "instrument (dB re max)");
    for c in centres {
        print!("{:>7}", c as u32);
    }
    println!("{:>10}", "centroid");
    for i in BuiltinInstrument::ALL {
        let mut ch = channel(i);
        ch.note_on(i.typical_key(), 100);
        let (l, _) = render(&mut ch, 0.6);
        let seg = &l[(0.1 * SR as f32) as usize..];
        let bands: Vec<f32> = centres
            .iter()
            .map(|&c| {
                let mut f = TwoPole::default();
                f.set(FilterMode::Bandpass, c, 1.4, SR as f32);
                let y: Vec<f32> = seg.iter().map(|&x| f.tick(x)).collect();
                rms(&y)
            })
            .collect();
        let top = bands.iter().cloned().fold(1e-12f32, f32::max);
        let centroid = bands
            .iter()
            .zip(&centres)
            .map(|(b, c)| b * b * c)
            .sum::<f32>()
            / bands.iter().map(|b| b * b).sum::<f32>().max(1e-20);
        print!("{:<20}", i.name());
        for b in &bands {
            print!("{:>7.0}", db(*b / top));
        }
        println!("{:>10.0}", centroid);
    }
}
