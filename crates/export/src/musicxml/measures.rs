//! Splitting a voice into measures: chords that cross a bar line are cut there and tied, and the
//! gaps between chords become rests.
//!
//! The first voice of every staff is written in every bar (a bar without notes is one whole-bar
//! rest), so each staff shows its bars. Other voices appear only in the bars where they play,
//! filled with rests around their notes there.

use super::durations::{Content, Item};
use super::layout::Layout;
use super::voices::Voice;

/// The spans of one voice per bar: `None` where the voice is not written in that bar.
pub(crate) fn voice_bars(voice: &Voice, layout: &Layout, always: bool) -> Vec<Option<Vec<Item>>> {
    let mut bars: Vec<Vec<Item>> = vec![Vec::new(); layout.bars.len()];
    for (index, chord) in voice.chords.iter().enumerate() {
        if chord.end <= chord.start {
            continue;
        }
        let first = layout.bar_index(chord.start);
        let last = layout.bar_index(chord.end - 1);
        for (b, bar) in layout.bars.iter().enumerate().take(last + 1).skip(first) {
            let s = chord.start.max(bar.start);
            let e = chord.end.min(bar.end());
            if e <= s {
                continue;
            }
            bars[b].push(Item {
                start: s - bar.start,
                len: e - s,
                content: Content::Chord {
                    index,
                    tie_stop: s > chord.start,
                    tie_start: e < chord.end,
                },
            });
        }
    }
    bars.into_iter()
        .zip(&layout.bars)
        .map(|(mut items, bar)| {
            if items.is_empty() {
                return always.then(Vec::new);
            }
            items.sort_by_key(|i| i.start);
            let mut filled = Vec::with_capacity(items.len() * 2);
            let mut cursor = 0;
            for item in items {
                if item.start > cursor {
                    filled.push(Item {
                        start: cursor,
                        len: item.start - cursor,
                        content: Content::Rest,
                    });
                }
                cursor = cursor.max(item.start + item.len);
                filled.push(item);
            }
            if cursor < bar.len {
                filled.push(Item {
                    start: cursor,
                    len: bar.len - cursor,
                    content: Content::Rest,
                });
            }
            Some(filled)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::musicxml::voices::{Chord, VNote};
    use crate::small_score::small_score;
    use leitmotif_theory::{Pitch, Ticks};

    fn chord(start: Ticks, end: Ticks) -> Chord {
        let p = Pitch::parse("A4").unwrap();
        Chord {
            start,
            end,
            notes: vec![VNote {
                start,
                end,
                sounding: p,
                written: p,
                velocity: 80,
                staff: 1,
            }],
        }
    }

    #[test]
    fn chords_crossing_bar_lines_are_tied_and_gaps_rested() {
        // small score: a 3/4 bar then a 4/4 bar
        let layout = Layout::new(&small_score());
        let voice = Voice {
            staff: 1,
            number: 1,
            chords: vec![chord(960, 3840)],
        };
        let bars = voice_bars(&voice, &layout, true);
        let first = bars[0].as_ref().unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(
            (first[0].start, first[0].len, first[0].content),
            (0, 960, Content::Rest)
        );
        assert_eq!(
            first[1].content,
            Content::Chord {
                index: 0,
                tie_stop: false,
                tie_start: true
            }
        );
        let second = bars[1].as_ref().unwrap();
        assert_eq!((second[0].start, second[0].len), (0, 960));
        assert_eq!(
            second[0].content,
            Content::Chord {
                index: 0,
                tie_stop: true,
                tie_start: false
            }
        );
        assert_eq!((second[1].start, second[1].len), (960, 2880));
    }

    #[test]
    fn secondary_voices_skip_empty_bars() {
        let layout = Layout::new(&small_score());
        let voice = Voice {
            staff: 1,
            number: 2,
            chords: vec![chord(3840, 4800)],
        };
        let bars = voice_bars(&voice, &layout, false);
        assert!(bars[0].is_none());
        assert_eq!(bars[1].as_ref().unwrap().len(), 3);
        assert_eq!(voice_bars(&voice, &layout, true)[0], Some(Vec::new()));
    }
}
