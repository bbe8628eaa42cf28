//! The key plan across the soundtrack: each cue takes the mode its emotion asks for, in a key
//! close to its neighbour's (same, relative, or a fifth away), starting and ending near home.

use crate::rng::Dice;
use leitmotif_theory::{Key, Mode};

/// Chooses a key for the next cue given the previous cue's key.
pub fn next_key(d: &mut Dice, home: Key, previous: Option<Key>, mode: Mode, last_cue: bool) -> Key {
    let in_mode = |k: Key| -> Key {
        if k.mode.is_minor_family() == mode.is_minor_family() {
            Key::new(k.tonic, mode)
        } else {
            Key::new(k.relative().tonic, mode)
        }
        .respelled()
    };
    let home_here = in_mode(home);
    let Some(prev) = previous else {
        return home_here;
    };
    if last_cue {
        return home_here;
    }
    let prev_here = in_mode(prev);
    let mut options = vec![
        (prev_here, 3.0),
        (home_here, 2.0),
        (prev_here.by_fifths(1), 1.5),
        (prev_here.by_fifths(-1), 1.5),
    ];
    options
        .retain(|(k, _)| k.signature().abs() <= 5 && (k.signature() - home.signature()).abs() <= 3);
    if options.is_empty() {
        return home_here;
    }
    let weights: Vec<f64> = options.iter().map(|o| o.1).collect();
    options[d.weighted(&weights)].0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_near_home_and_obey_mode() {
        let home = Key::parse("D major").unwrap();
        let mut d = Dice::new(3, "keys");
        let mut prev = None;
        for i in 0..40 {
            let mode = if i % 3 == 0 { Mode::Minor } else { Mode::Major };
            let k = next_key(&mut d, home, prev, mode, false);
            assert_eq!(k.mode, mode);
            assert!((k.signature() - home.signature()).abs() <= 3, "{k}");
            prev = Some(k);
        }
        assert_eq!(
            next_key(&mut d, home, prev, Mode::Minor, true),
            Key::parse("B minor").unwrap()
        );
    }
}
