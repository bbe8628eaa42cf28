//! One-bar rhythm cells (note lengths in sixteenths, summing to 16) from which themes are built.
//! A theme's identity lives largely in its rhythm, so cells are few and characteristic.

use super::character::RhythmFamily;

/// Cells for the basic idea and continuation bars, by family.
pub fn motif_cells(family: RhythmFamily) -> &'static [&'static [u16]] {
    match family {
        RhythmFamily::Lyrical => &[
            &[8, 4, 4],
            &[4, 4, 8],
            &[6, 2, 8],
            &[4, 4, 4, 4],
            &[12, 2, 2],
            &[4, 2, 2, 8],
            &[8, 2, 2, 4],
        ],
        RhythmFamily::Dotted => &[
            &[6, 2, 8],
            &[6, 2, 6, 2],
            &[3, 1, 4, 8],
            &[6, 2, 4, 4],
            &[4, 6, 2, 4],
            &[12, 2, 2],
        ],
        RhythmFamily::Playful => &[
            &[2, 2, 4, 2, 2, 4],
            &[4, 2, 2, 4, 4],
            &[2, 2, 2, 2, 8],
            &[4, 4, 2, 2, 4],
            &[3, 1, 3, 1, 8],
        ],
        RhythmFamily::Spacious => &[&[8, 8], &[12, 4], &[4, 12], &[8, 4, 4], &[6, 2, 8]],
    }
}

/// Cells that end a half cadence (bar 4): the last note is long so the phrase breathes.
pub const HALF_CADENCE_CELLS: &[&[u16]] =
    &[&[4, 4, 8], &[8, 8], &[4, 12], &[2, 2, 4, 8], &[6, 2, 8]];

/// Cells for the final bar: arrival on the tonic.
pub const FINAL_CELLS: &[&[u16]] = &[&[16], &[4, 12], &[8, 8]];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_fills_one_bar() {
        let fams = [
            RhythmFamily::Lyrical,
            RhythmFamily::Dotted,
            RhythmFamily::Playful,
            RhythmFamily::Spacious,
        ];
        let all = fams
            .iter()
            .flat_map(|f| motif_cells(*f).iter())
            .chain(HALF_CADENCE_CELLS)
            .chain(FINAL_CELLS);
        for cell in all {
            assert_eq!(cell.iter().sum::<u16>(), 16, "{cell:?}");
        }
    }
}
