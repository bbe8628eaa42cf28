//! How the music is used, in the codes performing-rights organisations (ASCAP, BMI, PRS, SOCAN,
//! APRA…) read on cue sheets.
//!
//! Every Leitmotif cue is score that plays under a scene without anyone on screen performing or
//! singing it: **BI**, background instrumental. (Other codes, not produced here: BV background
//! vocal, VI/VV visual instrumental/vocal for music performed on screen, MT main title, ET end
//! title, SRC source music.)

use std::fmt;

/// The usage of a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Usage {
    /// `BI`: score under the picture, instrumental.
    BackgroundInstrumental,
}

impl Usage {
    /// The code printed on the sheet.
    pub fn code(self) -> &'static str {
        match self {
            Usage::BackgroundInstrumental => "BI",
        }
    }

    /// The code spelled out.
    pub fn description(self) -> &'static str {
        match self {
            Usage::BackgroundInstrumental => "background instrumental",
        }
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
