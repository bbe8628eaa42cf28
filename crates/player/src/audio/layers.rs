//! Intensity decides which layers of the arrangement are heard.
//!
//! The conductor composes every layer of every bar; the audio thread fades each layer in or out
//! as the game's intensity crosses the layer's threshold (a quiet exploration hears melody, pad
//! and harmony; bass joins early (a piece without a bass sounds hollow), then the counterline and arpeggios, then drums, then timpani). Each
//! threshold has a soft band, and the gain moves at most [`FULL_FADE_SECONDS`] from silent to
//! full, so a layer enters or leaves well within one bar at any tempo the composer uses.

use leitmotif_compose::Role;

/// The time a layer takes to fade fully in or out (a bar at the fastest tempo is ~1 s).
pub const FULL_FADE_SECONDS: f32 = 0.25;

/// The intensity at which a layer is half in.
pub fn threshold(role: Role) -> f32 {
    match role {
        Role::Melody | Role::Pad => 0.0,
        Role::Harmony => 0.05,
        Role::Bass => 0.15,
        Role::Counterline => 0.4,
        Role::Arpeggio => 0.45,
        Role::Drums => 0.55,
        Role::Timpani => 0.7,
    }
}

/// Gain (0..1) of a layer at an intensity: a smooth step 0.1 wide around its threshold.
pub fn layer_gain(role: Role, intensity: f32) -> f32 {
    let t = threshold(role);
    if t <= 0.0 {
        return 1.0;
    }
    let x = ((intensity - (t - 0.05)) / 0.1).clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_enter_in_order_as_intensity_rises() {
        let order = [
            Role::Harmony,
            Role::Bass,
            Role::Counterline,
            Role::Arpeggio,
            Role::Drums,
            Role::Timpani,
        ];
        for pair in order.windows(2) {
            assert!(threshold(pair[0]) < threshold(pair[1]));
        }
        assert_eq!(layer_gain(Role::Melody, 0.0), 1.0);
        assert_eq!(layer_gain(Role::Drums, 0.2), 0.0);
        assert_eq!(layer_gain(Role::Drums, 0.9), 1.0);
        let mid = layer_gain(Role::Drums, 0.55);
        assert!((mid - 0.5).abs() < 1e-6);
    }
}
