//! Orchestration: which instruments play which role, by style and emotion, or exactly the
//! instruments a scene asked for. Track names are role names ("Melody", "Bass", ...) so any reader
//! can tell the theme-carrying part; the instrument is recorded separately.

use super::super::plan::intent::Intent;
use leitmotif_score::{Family, Instrument};
use leitmotif_story::Style;
use leitmotif_theory::Emotion;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Carries the themes.
    Melody,
    /// Guide-tone line and stingers under the melody.
    Counterline,
    /// Chords: sustained, struck or comped.
    Harmony,
    /// Broken-chord figures.
    Arpeggio,
    /// Sustained colour.
    Pad,
    Bass,
    Drums,
    Timpani,
}

impl Role {
    /// Every role, in the order parts are given MIDI channels.
    pub const ALL: [Role; 8] = [
        Role::Melody,
        Role::Counterline,
        Role::Harmony,
        Role::Arpeggio,
        Role::Pad,
        Role::Bass,
        Role::Timpani,
        Role::Drums,
    ];

    /// The MIDI track name.
    pub fn track_name(self) -> &'static str {
        match self {
            Role::Melody => "Melody",
            Role::Counterline => "Counterline",
            Role::Harmony => "Harmony",
            Role::Arpeggio => "Arpeggio",
            Role::Pad => "Pad",
            Role::Bass => "Bass",
            Role::Drums => "Drums",
            Role::Timpani => "Timpani",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartSpec {
    pub role: Role,
    #[serde(serialize_with = "instrument_id")]
    pub instrument: &'static Instrument,
    pub channel: u8,
}

fn instrument_id<S: serde::Serializer>(i: &&'static Instrument, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(i.id)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Palette {
    pub parts: Vec<PartSpec>,
}

impl Palette {
    pub fn get(&self, role: Role) -> Option<&PartSpec> {
        self.parts.iter().find(|p| p.role == role)
    }

    pub fn index(&self, role: Role) -> Option<usize> {
        self.parts.iter().position(|p| p.role == role)
    }

    /// The default palette of a style for an emotion.
    pub fn for_style(style: Style, emotion: Emotion, intent: &Intent) -> Palette {
        let (v, a) = (emotion.valence, emotion.arousal);
        let i = |id: &str| Instrument::by_name(id).unwrap_or_else(|| Instrument::for_program(0));
        let mut roles: Vec<(Role, &'static Instrument)> = match style {
            Style::Orchestral => {
                let melody = if v > 0.3 && a > 0.5 {
                    "french-horn"
                } else if v > 0.3 && a > 0.2 {
                    "trumpet"
                } else if a > 0.3 && v < -0.3 {
                    "violin"
                } else if v < -0.4 {
                    "cello"
                } else if v < 0.0 {
                    "clarinet"
                } else if a > 0.2 {
                    "flute"
                } else {
                    "violin"
                };
                let counter = if melody == "cello" {
                    "viola"
                } else if a > 0.3 && melody != "french-horn" {
                    "french-horn"
                } else {
                    "cello"
                };
                vec![
                    (Role::Melody, i(melody)),
                    (Role::Counterline, i(counter)),
                    (Role::Harmony, i("strings")),
                    (Role::Arpeggio, i("harp")),
                    (Role::Bass, i("contrabass")),
                ]
            }
            Style::KdramaBallad => {
                let melody = if v < -0.3 || a > 0.3 {
                    "violin"
                } else {
                    "piano"
                };
                vec![
                    (Role::Melody, i(melody)),
                    (Role::Counterline, i("cello")),
                    (Role::Harmony, i("slow-strings")),
                    (Role::Arpeggio, i("piano")),
                    (Role::Bass, i("acoustic-bass")),
                ]
            }
            Style::Lofi => vec![
                (
                    Role::Melody,
                    i(if v < 0.0 {
                        "vibraphone"
                    } else {
                        "electric-piano"
                    }),
                ),
                (Role::Harmony, i("electric-piano")),
                (Role::Pad, i("warm-pad")),
                (Role::Bass, i("electric-bass")),
            ],
            Style::Jazz => vec![
                (
                    Role::Melody,
                    i(if v < -0.2 {
                        "tenor-sax"
                    } else if a > 0.5 {
                        "trumpet"
                    } else {
                        "alto-sax"
                    }),
                ),
                (Role::Harmony, i("piano")),
                (Role::Counterline, i("vibraphone")),
                (Role::Bass, i("acoustic-bass")),
            ],
            Style::Synthwave => vec![
                (Role::Melody, i("saw-lead")),
                (Role::Arpeggio, i("square-lead")),
                (Role::Pad, i("synth-pad")),
                (Role::Bass, i("synth-bass")),
            ],
            Style::Ambient => vec![
                (
                    Role::Melody,
                    i(if v < 0.0 { "choir-pad" } else { "celesta" }),
                ),
                (Role::Pad, i("halo-pad")),
                (Role::Harmony, i("warm-pad")),
                (Role::Arpeggio, i("music-box")),
                (Role::Bass, i("synth-bass")),
            ],
            Style::Rock => vec![
                (Role::Melody, i("overdriven-guitar")),
                (Role::Harmony, i("distortion-guitar")),
                (Role::Pad, i("organ")),
                (Role::Bass, i("electric-bass")),
            ],
            Style::Chiptune => vec![
                (Role::Melody, i("square-lead")),
                (Role::Arpeggio, i("square-lead")),
                (Role::Bass, i("synth-bass")),
            ],
        };
        if intent.drums {
            roles.push((Role::Drums, i("drums")));
        }
        if style == Style::Orchestral && a > 0.4 {
            roles.push((Role::Timpani, i("timpani")));
        }
        Palette::assign_channels(roles)
    }

    /// Exactly the instruments the scene listed, each given the role it suits best. The first
    /// listed instrument carries the melody.
    pub fn from_instruments(list: &[&'static Instrument]) -> Palette {
        let mut roles: Vec<(Role, &'static Instrument)> = Vec::new();
        let mut rest: Vec<&'static Instrument> = Vec::new();
        for (n, inst) in list.iter().enumerate() {
            if inst.is_drums() {
                roles.push((Role::Drums, inst));
            } else if inst.id == "timpani" {
                roles.push((Role::Timpani, inst));
            } else if n == 0 {
                roles.push((Role::Melody, inst));
            } else if inst.family == Family::Bass
                || inst.high <= 76 && inst.low <= 40 && !roles.iter().any(|r| r.0 == Role::Bass)
            {
                roles.push((Role::Bass, inst));
            } else {
                rest.push(inst);
            }
        }
        if !roles.iter().any(|r| r.0 == Role::Melody) {
            // only drums/timpani were named: they still need something to carry the theme
            if let Some(first) = rest.first() {
                roles.push((Role::Melody, first));
            }
        }
        let supporting = [Role::Harmony, Role::Arpeggio, Role::Counterline, Role::Pad];
        for (k, inst) in rest.into_iter().enumerate() {
            let role = if inst.family == Family::Keyboard
                || inst.family == Family::Guitar
                || inst.id == "harp"
            {
                if !roles.iter().any(|r| r.0 == Role::Arpeggio) {
                    Role::Arpeggio
                } else {
                    supporting[k % supporting.len()]
                }
            } else {
                supporting
                    .iter()
                    .copied()
                    .find(|r| !roles.iter().any(|x| x.0 == *r))
                    .unwrap_or(Role::Pad)
            };
            if !roles.iter().any(|r| r.0 == role) {
                roles.push((role, inst));
            }
        }
        if !roles.iter().any(|x| x.0 == Role::Harmony) {
            // a chordal instrument already named (piano, guitar, harp, strings) before any other
            // supporting one, and the melody instrument only as a last resort
            let chordal = |i: &Instrument| {
                matches!(
                    i.family,
                    Family::Keyboard | Family::Guitar | Family::Strings | Family::Synth
                )
            };
            let support = || {
                roles
                    .iter()
                    .filter(|r| r.0 != Role::Melody)
                    .map(|r| r.1)
                    .filter(|i| !i.is_drums() && i.id != "timpani")
            };
            let pick = support()
                .find(|i| chordal(i))
                .or_else(|| support().next())
                .or_else(|| {
                    roles
                        .iter()
                        .map(|r| r.1)
                        .find(|i| !i.is_drums() && i.id != "timpani")
                });
            if let Some(inst) = pick {
                roles.push((Role::Harmony, inst));
            }
        }
        if !roles.iter().any(|x| x.0 == Role::Bass) {
            if let Some(inst) = roles
                .iter()
                .map(|r| r.1)
                .find(|i| !i.is_drums() && i.low <= 43)
            {
                roles.push((Role::Bass, inst));
            }
        }
        Palette::assign_channels(roles)
    }

    fn assign_channels(roles: Vec<(Role, &'static Instrument)>) -> Palette {
        let mut next = 0u8;
        let mut parts = Vec::new();
        for role in Role::ALL {
            for (r, inst) in roles.iter().filter(|(r, _)| *r == role) {
                let channel = if inst.is_drums() {
                    9
                } else {
                    let c = next;
                    next += 1;
                    if next == 9 {
                        next = 10;
                    }
                    c
                };
                parts.push(PartSpec {
                    role: *r,
                    instrument: inst,
                    channel,
                });
            }
        }
        Palette { parts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leitmotif_theory::NamedEmotion;

    #[test]
    fn every_style_has_melody_and_bass() {
        for style in Style::ALL {
            for e in NamedEmotion::ALL {
                let intent = Intent::from_emotion(e.point(), style, 0.5);
                let p = Palette::for_style(style, e.point(), &intent);
                assert!(
                    p.get(Role::Melody).is_some() && p.get(Role::Bass).is_some(),
                    "{style} {e:?}"
                );
                for part in &p.parts {
                    assert_eq!(part.instrument.is_drums(), part.channel == 9);
                }
            }
        }
    }

    #[test]
    fn overrides_use_exactly_the_listed_instruments() {
        let list: Vec<&'static Instrument> = ["piano", "strings"]
            .iter()
            .map(|n| Instrument::by_name(n).unwrap())
            .collect();
        let p = Palette::from_instruments(&list);
        assert_eq!(p.get(Role::Melody).unwrap().instrument.id, "piano");
        for part in &p.parts {
            assert!(list.contains(&part.instrument), "{}", part.instrument.id);
        }
        let solo = Palette::from_instruments(&[Instrument::by_name("violin").unwrap()]);
        assert!(solo.parts.iter().all(|p| p.instrument.id == "violin"));
    }
}
