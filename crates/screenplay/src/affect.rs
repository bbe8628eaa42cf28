//! What a scene's text says about its emotion: valence and arousal from the words (with the
//! [`Lexicon`]), adjusted by typographic and screenplay cues.
//!
//! # How a scene is read
//!
//! 1. **Tokens.** Each paragraph is lower-cased and split into words (apostrophes inside words
//!    are kept: "don't", "mother's" → "mother") and punctuation. Curly apostrophes count as
//!    straight ones; hyphenated words are split ("mid-thirties" → "mid", "thirties"); a dash
//!    (`--`, `—`) and a line break end a clause.
//! 2. **Lexicon hits.** Each word is looked up in the lexicon, directly or through its lemma
//!    ([`Lexicon::lookup`]: "sobbing" → "sob", "cried" → "cry").
//! 3. **Negation.** After "not", "no", "never", "without", "nobody", "nothing", "none", "neither",
//!    "nor", "nowhere", "cannot" or any "...n't" word, the next [`NEGATION_SCOPE`] content words
//!    (function words like "the", "his", "to" don't count) are negated until the clause ends:
//!    valence is flipped and dampened (× [`NEGATED_VALENCE`] for pleasant words, the weaker
//!    × [`NEGATED_NEGATIVE_VALENCE`] for unpleasant ones), arousal dampened
//!    (× [`NEGATED_AROUSAL`]). "not happy" is mildly negative; "She doesn't smile." is not a
//!    smile; "not bad" is only faintly positive.
//! 4. **Intensifiers and diminishers.** "very", "so", "extremely", "really", "utterly",
//!    "completely", "totally", "incredibly", "absolutely", "deeply", "truly", "perfectly" scale the
//!    next word by
//!    [`INTENSIFY`]; "slightly", "a bit", "a tad", "barely", "hardly", "somewhat", "mildly" by
//!    [`DIMINISH`] (values are clamped to [-1, 1]).
//! 5. **Weights.** Action and dialogue count once; parentheticals count [`PARENTHETICAL_WEIGHT`]
//!    times ("(sobbing)", "(laughing)" are direct emotional instructions). Within the lexicon
//!    mean, strongly rated words weigh more than mild ones (weight × (0.5 + |value|)), and a
//!    pseudo-count of [`SHRINK`] neutral words pulls scenes with only a couple of hits towards 0.
//! 6. **Cues** (added to the lexicon mean, then everything is clamped to [-1, 1]):
//!    * exclamation marks raise arousal (up to +0.25, saturating), question marks slightly
//!      (up to +0.08);
//!    * ALL-CAPS words (three letters or more) raise arousal (+0.06 each, up to +0.25): in
//!      dialogue any shouted word except common acronyms ("FBI", "CCTV"); in action only a
//!      capitalised lexicon word with arousal ≥ 0.3 standing alone ("She SCREAMS.", "BANG"), since
//!      action capitalises character introductions ("DANIEL (30s)", "OLD HAROLD") and signs. A
//!      capitalised word or run directly followed by "(" is treated as a character name and not
//!      looked up at all;
//!    * short action lines (≤ 6 words) raise arousal when they are more than half of the action
//!      lines (up to +0.2); many short sentences (mean under 6 words) raise it (up to +0.1) and
//!      long flowing sentences (mean over 12 words) lower it (down to -0.1);
//!    * the heading time: NIGHT lowers valence by 0.05 and raises arousal by 0.05 compared with
//!      DAY; DAWN/MORNING raise valence by 0.03; DUSK/EVENING lower arousal by 0.03; CONTINUOUS
//!      raises arousal by 0.03;
//!    * the transition in: SMASH CUT raises arousal by 0.15, JUMP CUT by 0.05; DISSOLVE and FADE
//!      lower it by 0.05.
//! 7. **No hits.** When no lexicon word is found the answer is (0, 0) with confidence 0.05, or 0
//!    when the scene has no words at all.
//!
//! Confidence grows with the weighted number of hits (saturating around 20), their density in the
//! text, how much the hits agree in valence sign, and whether the arousal cues agree with the
//! words.

use crate::lexicon::{Lexicon, WordAffect};

/// What one scene's text says about its emotion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SceneText<'a> {
    /// The time part of the scene heading: "NIGHT", "DAY", "DUSK", "CONTINUOUS"...
    pub heading_time: Option<&'a str>,
    /// Action paragraphs (may contain line breaks).
    pub action: Vec<&'a str>,
    /// Dialogue paragraphs.
    pub dialogue: Vec<&'a str>,
    /// Parentheticals: "(whispering)", "(angry)".
    pub parentheticals: Vec<&'a str>,
    /// The transition just before this scene ("SMASH CUT TO:").
    pub transition_in: Option<&'a str>,
}

/// The emotion a scene's text suggests.
#[derive(Debug, Clone, PartialEq)]
pub struct Affect {
    /// Unpleasant (-1) to pleasant (+1).
    pub valence: f64,
    /// Calm (-1) to excited (+1).
    pub arousal: f64,
    /// 0..1: how much evidence there was (number of lexicon hits relative to text length,
    /// agreement of cues).
    pub confidence: f64,
    /// Short human-readable reasons, e.g. "lexicon: 14 words, mean valence -0.52", "night",
    /// "3 exclamations", "short action lines".
    pub evidence: Vec<String>,
}

/// How many content words after a negation are negated.
pub const NEGATION_SCOPE: usize = 3;
/// Factor applied to the valence of a negated pleasant word (flips and dampens): "not happy".
pub const NEGATED_VALENCE: f64 = -0.5;
/// Factor applied to the valence of a negated unpleasant word. Weaker than [`NEGATED_VALENCE`]:
/// "not bad" is not "good", and "She doesn't cry." is not a happy line.
pub const NEGATED_NEGATIVE_VALENCE: f64 = -0.25;
/// Factor applied to the arousal of a negated word (dampens).
pub const NEGATED_AROUSAL: f64 = 0.5;
/// Factor applied to the word after an intensifier ("very").
pub const INTENSIFY: f64 = 1.4;
/// Factor applied to the word after a diminisher ("slightly").
pub const DIMINISH: f64 = 0.6;
/// Weight of parenthetical words relative to action and dialogue.
pub const PARENTHETICAL_WEIGHT: f64 = 2.0;
/// Pseudo-count of neutral words in the lexicon mean (evidence shrinkage).
pub const SHRINK: f64 = 1.0;

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "without", "nobody", "nothing", "none", "neither", "nor", "nowhere",
    "cannot", "noone",
];
const INTENSIFIERS: &[&str] = &[
    "very",
    "so",
    "extremely",
    "really",
    "utterly",
    "completely",
    "totally",
    "incredibly",
    "absolutely",
    "deeply",
    "truly",
    "perfectly",
];
const DIMINISHERS: &[&str] = &["slightly", "barely", "hardly", "somewhat", "mildly"];
/// Words that don't use up a negation's scope.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "it", "its",
    "this", "that", "these", "those", "i", "me", "my", "you", "your", "he", "him", "his", "she",
    "her", "we", "us", "our", "they", "them", "their", "be", "been", "being", "is", "was", "are",
    "were", "am", "do", "does", "did", "have", "has", "had", "will", "would", "could", "should",
    "can", "may", "might", "must", "shall", "just", "even", "ever", "any", "anything", "anyone",
    "anybody", "one", "much", "more", "too", "yet", "again", "all", "there", "here", "what", "who",
    "how", "i'm", "you're", "we're", "they're", "i've", "you've", "we've", "they've", "i'll",
    "you'll", "he'll", "she'll", "we'll", "they'll", "i'd", "you'd", "he'd", "she'd", "we'd",
    "they'd", "and", "or", "but", "if", "then", "than", "about", "into", "over", "like",
];
/// Upper-case words in dialogue that are not shouting.
const ACRONYMS: &[&str] = &[
    "FBI", "CIA", "NSA", "USA", "CEO", "DNA", "ATM", "GPS", "CCTV", "NASA", "ASAP", "SWAT", "NYPD",
    "LAPD", "ICU", "CPR", "MRI", "HIV", "UFO", "VIP", "FYI", "DIY", "RSVP", "AWOL", "ETA", "NATO",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Action,
    Dialogue,
    Parenthetical,
}

impl Source {
    fn weight(self) -> f64 {
        match self {
            Source::Parenthetical => PARENTHETICAL_WEIGHT,
            Source::Action | Source::Dialogue => 1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `caps`: three or more letters, all upper-case (a shouted word); `upper`: two or more
    /// letters, all upper-case (part of a capitalised run such as a name or a sign).
    Word {
        lower: String,
        caps: bool,
        upper: bool,
    },
    Punct(char),
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ',' | ';' | ':' | '-' | '\n' | '(' | ')'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\n')
}

/// Splits text into words (lower-cased, with an ALL-CAPS flag) and punctuation.
fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
            c => c,
        })
        .collect();
    let n = chars.len();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < n
                && (chars[i].is_alphanumeric()
                    || (chars[i] == '\'' && i + 1 < n && chars[i + 1].is_alphabetic()))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let all_upper = !word.chars().any(|c| c.is_lowercase());
            let caps = letters >= 3 && all_upper;
            let upper = letters >= 2 && all_upper;
            let mut lower = word.to_lowercase();
            if lower.ends_with("'s") {
                lower.truncate(lower.len() - 2);
            }
            toks.push(Tok::Word { lower, caps, upper });
            continue;
        }
        match c {
            '.' | '!' | '?' | ',' | ';' | ':' | '(' | ')' | '\n' => toks.push(Tok::Punct(c)),
            '\u{2026}' => toks.push(Tok::Punct('.')),
            '\u{2014}' | '\u{2013}' => toks.push(Tok::Punct('-')),
            '-' => {
                let spaced = (i == 0 || chars[i - 1].is_whitespace())
                    || (i + 1 == n || chars[i + 1].is_whitespace());
                if i + 1 < n && chars[i + 1] == '-' {
                    toks.push(Tok::Punct('-'));
                    while i + 1 < n && chars[i + 1] == '-' {
                        i += 1;
                    }
                } else if spaced {
                    toks.push(Tok::Punct('-'));
                }
            }
            _ => {}
        }
        i += 1;
    }
    toks
}

fn is_negation(w: &str) -> bool {
    NEGATIONS.contains(&w) || w.ends_with("n't")
}

/// One lexicon word found in the scene, after modifiers.
#[derive(Debug, Clone)]
struct Hit {
    lemma: String,
    valence: f64,
    arousal: f64,
    weight: f64,
    base: WordAffect,
    negated: bool,
}

/// Everything counted while reading a scene.
#[derive(Debug, Clone, Default)]
struct Tally {
    words: usize,
    hits: Vec<Hit>,
    negations: usize,
    intensified: usize,
    diminished: usize,
    exclamations: usize,
    questions: usize,
    caps: usize,
    sentence_lengths: Vec<usize>,
    action_lines: usize,
    short_action_lines: usize,
}

impl Tally {
    /// Lexicon hits with a violent or urgent rating (arousal ≥ 0.6, valence ≤ -0.3), not negated.
    fn violent_hits(&self) -> usize {
        self.hits
            .iter()
            .filter(|h| !h.negated && h.base.arousal >= 0.6 && h.base.valence <= -0.3)
            .count()
    }
}

fn scan(text: &str, source: Source, lex: &Lexicon, t: &mut Tally) {
    let toks = tokenize(text);
    let mut negation_left = 0usize;
    let mut scale = 1.0f64;
    let mut sentence_words = 0usize;
    let mut prev_punct: Option<char> = None;
    let caps_at = |j: usize| matches!(toks.get(j), Some(Tok::Word { upper: true, .. }));
    // In action, a run of capitalised words directly followed by "(" is a character
    // introduction ("KATIE (10)", "OLD HAROLD (70s)").
    let mut name = vec![false; toks.len()];
    if source == Source::Action {
        let mut j = 0;
        while j < toks.len() {
            if caps_at(j) {
                let start = j;
                while caps_at(j) {
                    j += 1;
                }
                if matches!(toks.get(j), Some(Tok::Punct('('))) {
                    name[start..j].iter_mut().for_each(|x| *x = true);
                }
            } else {
                j += 1;
            }
        }
    }
    let mut j = 0;
    while j < toks.len() {
        match &toks[j] {
            Tok::Punct(c) => {
                let c = *c;
                if is_clause_end(c) {
                    negation_left = 0;
                    scale = 1.0;
                }
                if is_sentence_end(c) && sentence_words > 0 && source != Source::Parenthetical {
                    t.sentence_lengths.push(sentence_words);
                    sentence_words = 0;
                }
                if prev_punct != Some(c) {
                    match c {
                        '!' => t.exclamations += 1,
                        '?' => t.questions += 1,
                        _ => {}
                    }
                }
                prev_punct = Some(c);
            }
            Tok::Word { lower, caps, .. } => {
                prev_punct = None;
                t.words += 1;
                sentence_words += 1;
                let w = lower.as_str();
                if name[j] {
                    j += 1;
                    continue;
                }
                if is_negation(w) {
                    t.negations += 1;
                    negation_left = NEGATION_SCOPE;
                    scale = 1.0;
                    j += 1;
                    continue;
                }
                if INTENSIFIERS.contains(&w) {
                    scale *= INTENSIFY;
                    t.intensified += 1;
                    j += 1;
                    continue;
                }
                let next_is = |word: &str| matches!(toks.get(j + 1), Some(Tok::Word { lower, .. }) if lower == word);
                if DIMINISHERS.contains(&w) || (w == "a" && (next_is("bit") || next_is("tad"))) {
                    scale *= DIMINISH;
                    t.diminished += 1;
                    j += if w == "a" { 2 } else { 1 };
                    if w == "a" {
                        t.words += 1;
                        sentence_words += 1;
                    }
                    continue;
                }
                let found = if w.chars().any(|c| c.is_ascii_digit()) {
                    None
                } else {
                    lex.lookup(w)
                };
                if *caps {
                    let shouted = match source {
                        Source::Dialogue => {
                            let upper = w.to_uppercase();
                            !ACRONYMS.contains(&upper.as_str())
                        }
                        Source::Action => {
                            found.is_some_and(|(_, a)| a.arousal >= 0.3)
                                && !caps_at(j.wrapping_sub(1))
                                && !caps_at(j + 1)
                        }
                        Source::Parenthetical => false,
                    };
                    if shouted {
                        t.caps += 1;
                    }
                }
                let function_word = FUNCTION_WORDS.contains(&w);
                if let Some((lemma, base)) = found {
                    let mut valence = (base.valence * scale).clamp(-1.0, 1.0);
                    let mut arousal = (base.arousal * scale).clamp(-1.0, 1.0);
                    let negated = negation_left > 0;
                    if negated {
                        valence *= if valence < 0.0 {
                            NEGATED_NEGATIVE_VALENCE
                        } else {
                            NEGATED_VALENCE
                        };
                        arousal *= NEGATED_AROUSAL;
                    }
                    t.hits.push(Hit {
                        lemma: lemma.to_string(),
                        valence,
                        arousal,
                        weight: source.weight(),
                        base,
                        negated,
                    });
                }
                if !function_word {
                    scale = 1.0;
                    negation_left = negation_left.saturating_sub(1);
                }
            }
        }
        j += 1;
    }
    if sentence_words > 0 && source != Source::Parenthetical {
        t.sentence_lengths.push(sentence_words);
    }
}

fn tally(scene: &SceneText, lex: &Lexicon) -> Tally {
    let mut t = Tally::default();
    for para in &scene.action {
        scan(para, Source::Action, lex, &mut t);
        for line in para.lines().filter(|l| !l.trim().is_empty()) {
            t.action_lines += 1;
            if line.split_whitespace().count() <= 6 {
                t.short_action_lines += 1;
            }
        }
    }
    for para in &scene.dialogue {
        scan(para, Source::Dialogue, lex, &mut t);
    }
    for para in &scene.parentheticals {
        scan(para, Source::Parenthetical, lex, &mut t);
    }
    t
}

/// Saturating count: 0 for 0, about 0.63 at `scale`, approaching 1.
fn saturate(n: f64, scale: f64) -> f64 {
    1.0 - (-n / scale).exp()
}

/// Cue adjustments (valence, arousal), with their evidence.
fn cues(scene: &SceneText, t: &Tally, evidence: &mut Vec<String>) -> (f64, f64) {
    let (mut dv, mut da) = (0.0, 0.0);
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if t.exclamations > 0 {
        da += 0.25 * saturate(t.exclamations as f64, 3.0);
        evidence.push(plural(t.exclamations, "exclamation", "exclamations"));
    }
    if t.questions > 0 {
        da += 0.08 * saturate(t.questions as f64, 3.0);
        evidence.push(plural(t.questions, "question", "questions"));
    }
    if t.caps > 0 {
        da += (0.06 * t.caps as f64).min(0.25);
        evidence.push(plural(t.caps, "shouted word", "shouted words"));
    }
    if t.action_lines >= 3 {
        let frac = t.short_action_lines as f64 / t.action_lines as f64;
        if frac > 0.5 {
            da += 0.2 * (frac - 0.5) / 0.5;
            evidence.push(format!(
                "short action lines ({} of {})",
                t.short_action_lines, t.action_lines
            ));
        }
    }
    if t.sentence_lengths.len() >= 3 {
        let mean =
            t.sentence_lengths.iter().sum::<usize>() as f64 / t.sentence_lengths.len() as f64;
        if mean < 6.0 {
            da += (0.1 * (6.0 - mean) / 3.0).min(0.1);
            evidence.push(format!("short sentences (mean {mean:.1} words)"));
        } else if mean > 12.0 {
            da -= 0.1 * ((mean - 12.0) / 8.0).min(1.0);
            evidence.push(format!("long sentences (mean {mean:.1} words)"));
        }
    }
    if let Some(time) = scene.heading_time {
        let time = time.to_uppercase();
        let has = |w: &str| time.split(|c: char| !c.is_alphabetic()).any(|x| x == w);
        if has("NIGHT") || has("MIDNIGHT") {
            dv -= 0.05;
            da += 0.05;
            evidence.push("night".into());
        } else if has("DAWN") || has("MORNING") || has("SUNRISE") {
            dv += 0.03;
            evidence.push("morning".into());
        } else if has("DUSK") || has("EVENING") || has("SUNSET") || has("TWILIGHT") {
            da -= 0.03;
            evidence.push("dusk".into());
        } else if has("CONTINUOUS") {
            da += 0.03;
            evidence.push("continuous".into());
        }
    }
    if let Some(tr) = scene.transition_in {
        let tr = tr.to_uppercase();
        if tr.contains("SMASH") {
            da += 0.15;
            evidence.push("smash cut".into());
        } else if tr.contains("JUMP CUT") {
            da += 0.05;
            evidence.push("jump cut".into());
        } else if tr.contains("DISSOLVE") || tr.contains("FADE") {
            da -= 0.05;
            evidence.push("dissolve".into());
        }
    }
    (dv, da)
}

/// Weighted lexicon means (valence, arousal): strong words weigh more, and [`SHRINK`] pulls
/// few hits towards 0.
fn lexicon_means(hits: &[Hit]) -> (f64, f64) {
    let (mut sv, mut wv, mut sa, mut wa) = (0.0, 0.0, 0.0, 0.0);
    for h in hits {
        let w_v = h.weight * (0.5 + h.valence.abs());
        let w_a = h.weight * (0.5 + h.arousal.abs());
        sv += w_v * h.valence;
        wv += w_v;
        sa += w_a * h.arousal;
        wa += w_a;
    }
    (sv / (wv + SHRINK), sa / (wa + SHRINK))
}

/// Reads a scene with a given lexicon and returns its affect and the counts behind it.
fn analyse(scene: &SceneText, lex: &Lexicon) -> (Affect, Tally) {
    let t = tally(scene, lex);
    if t.hits.is_empty() {
        let affect = Affect {
            valence: 0.0,
            arousal: 0.0,
            confidence: if t.words == 0 { 0.0 } else { 0.05 },
            evidence: vec![if t.words == 0 {
                "no text".to_string()
            } else {
                format!("no lexicon words in {} words", t.words)
            }],
        };
        return (affect, t);
    }
    let (mean_v, mean_a) = lexicon_means(&t.hits);
    let mut evidence = vec![format!(
        "lexicon: {} words, mean valence {:+.2}, mean arousal {:+.2}",
        t.hits.len(),
        mean_v,
        mean_a
    )];
    let mut strongest: Vec<&Hit> = t.hits.iter().collect();
    strongest.sort_by(|a, b| {
        let s = |h: &Hit| h.weight * (h.valence.abs() + h.arousal.abs());
        s(b).total_cmp(&s(a))
    });
    let mut shown: Vec<String> = Vec::new();
    for h in strongest {
        let label = if h.negated {
            format!("not {}", h.lemma)
        } else {
            h.lemma.clone()
        };
        if !shown.contains(&label) {
            shown.push(label);
        }
        if shown.len() == 5 {
            break;
        }
    }
    evidence.push(format!("strongest: {}", shown.join(", ")));
    if t.negations > 0 {
        let n = t.hits.iter().filter(|h| h.negated).count();
        evidence.push(format!(
            "{} negation(s), {} word(s) negated",
            t.negations, n
        ));
    }
    if t.intensified + t.diminished > 0 {
        evidence.push(format!(
            "{} intensifier(s), {} diminisher(s)",
            t.intensified, t.diminished
        ));
    }
    let paren_hits = t
        .hits
        .iter()
        .filter(|h| h.weight > 1.0)
        .map(|h| h.lemma.as_str())
        .collect::<Vec<_>>();
    if !paren_hits.is_empty() {
        evidence.push(format!(
            "parentheticals count double: {}",
            paren_hits.join(", ")
        ));
    }
    let (dv, da) = cues(scene, &t, &mut evidence);
    let valence = (mean_v + dv).clamp(-1.0, 1.0);
    let arousal = (mean_a + da).clamp(-1.0, 1.0);

    let n_eff: f64 = t.hits.iter().map(|h| h.weight).sum();
    let amount = saturate(n_eff, 8.0);
    let density = (t.hits.len() as f64 / t.words.max(1) as f64 / 0.15).min(1.0);
    let abs_sum: f64 = t.hits.iter().map(|h| h.weight * h.valence.abs()).sum();
    let agreement = if abs_sum > 0.0 {
        t.hits
            .iter()
            .map(|h| h.weight * h.valence)
            .sum::<f64>()
            .abs()
            / abs_sum
    } else {
        0.0
    };
    let cue_agreement = if da.abs() < 0.05 || da.signum() == mean_a.signum() {
        1.0
    } else {
        0.85
    };
    let confidence =
        (amount * (0.4 + 0.3 * density + 0.3 * agreement) * cue_agreement).clamp(0.0, 1.0);
    (
        Affect {
            valence,
            arousal,
            confidence,
            evidence,
        },
        t,
    )
}

/// The emotion a scene's text suggests, with the built-in lexicon. See the module documentation
/// for the rules.
///
/// ```
/// use leitmotif_screenplay::affect::{infer_affect, SceneText};
/// let scene = SceneText {
///     heading_time: Some("NIGHT"),
///     action: vec!["She screams and runs into the dark. A gunshot."],
///     dialogue: vec!["Help me! Please!"],
///     ..SceneText::default()
/// };
/// let a = infer_affect(&scene);
/// assert!(a.valence < 0.0 && a.arousal > 0.0);
/// ```
pub fn infer_affect(scene: &SceneText) -> Affect {
    infer_affect_with(scene, Lexicon::builtin())
}

/// [`infer_affect`] with another lexicon.
pub fn infer_affect_with(scene: &SceneText, lexicon: &Lexicon) -> Affect {
    analyse(scene, lexicon).0
}

/// Intensity of one piece of text, 0..1: 60% arousal (mapped from [-1, 1] to [0, 1]), 20%
/// exclamations (saturating around 3), 20% density of violent or urgent words (arousal ≥ 0.6 and
/// valence ≤ -0.3 in the lexicon, not negated; one in ten words is the maximum).
fn flat_intensity(scene: &SceneText, lex: &Lexicon) -> (f64, usize) {
    let (affect, t) = analyse(scene, lex);
    let arousal = (affect.arousal + 1.0) / 2.0;
    let exclaim = saturate(t.exclamations as f64, 3.0);
    let violent = (t.violent_hits() as f64 / t.words.max(1) as f64 * 10.0).min(1.0);
    let i = if t.words == 0 {
        0.0
    } else {
        0.6 * arousal + 0.2 * exclaim + 0.2 * violent
    };
    (i.clamp(0.0, 1.0), t.words)
}

/// Splits paragraphs into the words before and after the middle (by word count).
fn split_paragraphs<'a>(paras: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let total: usize = paras.iter().map(|p| p.split_whitespace().count()).sum();
    let half = total / 2;
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let mut seen = 0usize;
    for p in paras {
        let n = p.split_whitespace().count();
        if seen + n <= half {
            first.push(*p);
        } else if seen >= half {
            second.push(*p);
        } else {
            // Split inside this paragraph, at the start of word number (half - seen).
            let want = half - seen;
            let mut count = 0;
            let mut cut = p.len();
            let mut in_word = false;
            for (idx, c) in p.char_indices() {
                if c.is_whitespace() {
                    in_word = false;
                } else if !in_word {
                    in_word = true;
                    if count == want {
                        cut = idx;
                        break;
                    }
                    count += 1;
                }
            }
            let (a, b) = p.split_at(cut);
            if !a.trim().is_empty() {
                first.push(a);
            }
            if !b.trim().is_empty() {
                second.push(b);
            }
        }
        seen += n;
    }
    (first, second)
}

/// Below this many words a scene is not split into halves (no ramp).
const MIN_WORDS_FOR_RAMP: usize = 16;
/// The second half must be this much more intense than the first to suggest a ramp.
const RAMP_THRESHOLD: f64 = 0.1;

/// The intensity the text suggests, and whether it escalates: returns `(start, end)`, each in
/// 0..1, ready for a story's `intensity = [start, end]`.
///
/// The level is 60% arousal (from [`infer_affect`], mapped to 0..1), 20% exclamations and 20%
/// density of violent or urgent words (lexicon arousal ≥ 0.6 and valence ≤ -0.3). The same measure
/// is taken on the first and on the second half of the scene (each of action, dialogue and
/// parentheticals split at its middle word). A flat scene gives `start == end` = the overall
/// level; when the second half is more than 0.1 above the first, the difference `d` becomes a ramp
/// centred on the overall level: `(level - d/2, level + d/2)`, clamped. Scenes that calm down
/// are not ramped down, and scenes under 16 words are never ramped.
pub fn infer_intensity(scene: &SceneText) -> (f64, f64) {
    infer_intensity_with(scene, Lexicon::builtin())
}

/// [`infer_intensity`] with another lexicon.
pub fn infer_intensity_with(scene: &SceneText, lexicon: &Lexicon) -> (f64, f64) {
    let (level, words) = flat_intensity(scene, lexicon);
    if words < MIN_WORDS_FOR_RAMP {
        return (level, level);
    }
    let (a1, a2) = split_paragraphs(&scene.action);
    let (d1, d2) = split_paragraphs(&scene.dialogue);
    let (p1, p2) = split_paragraphs(&scene.parentheticals);
    let first = SceneText {
        heading_time: scene.heading_time,
        action: a1,
        dialogue: d1,
        parentheticals: p1,
        transition_in: scene.transition_in,
    };
    let second = SceneText {
        heading_time: scene.heading_time,
        action: a2,
        dialogue: d2,
        parentheticals: p2,
        transition_in: None,
    };
    let (i1, _) = flat_intensity(&first, lexicon);
    let (i2, _) = flat_intensity(&second, lexicon);
    let d = i2 - i1;
    if d > RAMP_THRESHOLD {
        (
            (level - d / 2.0).clamp(0.0, 1.0),
            (level + d / 2.0).clamp(0.0, 1.0),
        )
    } else {
        (level, level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialogue(text: &str) -> SceneText<'_> {
        SceneText {
            dialogue: vec![text],
            ..SceneText::default()
        }
    }

    fn action(text: &str) -> SceneText<'_> {
        SceneText {
            action: vec![text],
            ..SceneText::default()
        }
    }

    #[test]
    fn tokenizer_keeps_apostrophes_and_flags_caps() {
        let toks = tokenize("I DON'T know \u{2014} Mother\u{2019}s mid-thirties.");
        let words: Vec<&str> = toks
            .iter()
            .filter_map(|t| match t {
                Tok::Word { lower, .. } => Some(lower.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(words, ["i", "don't", "know", "mother", "mid", "thirties"]);
        assert!(toks.contains(&Tok::Word {
            lower: "don't".into(),
            caps: true,
            upper: true,
        }));
        assert!(toks.contains(&Tok::Word {
            lower: "i".into(),
            caps: false,
            upper: false,
        }));
        assert!(toks.contains(&Tok::Punct('-')));
    }

    #[test]
    fn negation_flips_valence() {
        let happy = infer_affect(&dialogue("I am happy.")).valence;
        let not_happy = infer_affect(&dialogue("I am not happy.")).valence;
        let isnt_happy = infer_affect(&dialogue("She isn't happy.")).valence;
        assert!(not_happy < 0.0 && 0.0 < happy, "{not_happy} {happy}");
        assert!(isnt_happy < 0.0);
        // Dampened, not mirrored.
        assert!(not_happy.abs() < happy.abs());
        // The scope ends with the clause.
        let later = infer_affect(&dialogue("Not now. I am happy.")).valence;
        assert!(later > 0.0);
    }

    #[test]
    fn negation_skips_function_words_and_ends_after_three_content_words() {
        let lex = Lexicon::builtin();
        let t = tally(&action("She doesn't take the smile off her face."), lex);
        assert!(t.hits.iter().any(|h| h.lemma == "smile" && h.negated));
        let t = tally(
            &action("Nobody walks into the room and waits and smiles."),
            lex,
        );
        assert!(t.hits.iter().any(|h| h.lemma == "smile" && !h.negated));
    }

    #[test]
    fn intensifiers_and_diminishers_scale_the_next_word() {
        let lex = Lexicon::builtin();
        let happy = lex.get("happy").unwrap().valence;
        let hit = |text: &str| tally(&dialogue(text), lex).hits[0].valence;
        assert!((hit("I am very happy") - (happy * INTENSIFY).min(1.0)).abs() < 1e-9);
        assert!((hit("I am slightly happy") - happy * DIMINISH).abs() < 1e-9);
        assert!((hit("I am a bit happy") - happy * DIMINISH).abs() < 1e-9);
        let calm = lex.get("calm").unwrap().arousal;
        let a = tally(&dialogue("so calm"), lex).hits[0].arousal;
        assert!((a - (calm * INTENSIFY).max(-1.0)).abs() < 1e-9);
        // And through the whole pipeline.
        let mild = infer_affect(&dialogue("It is sad.")).valence;
        let strong = infer_affect(&dialogue("It is utterly sad.")).valence;
        let weak = infer_affect(&dialogue("It is somewhat sad.")).valence;
        assert!(strong < mild && mild < weak && weak < 0.0);
    }

    #[test]
    fn exclamations_raise_arousal() {
        let flat = infer_affect(&dialogue("We won. We did it.")).arousal;
        let loud = infer_affect(&dialogue("We won! We did it!")).arousal;
        assert!(loud > flat);
        let shouted = infer_affect(&dialogue("We WON! We DID it!")).arousal;
        assert!(shouted > loud);
        let asked = infer_affect(&dialogue("We won? We did it?")).arousal;
        assert!(asked > flat && asked < loud);
    }

    #[test]
    fn caps_in_action_are_names_unless_they_are_sounds() {
        let lex = Lexicon::builtin();
        let t = tally(&action("OLD HAROLD (70s) sits by the lake."), lex);
        assert_eq!(t.caps, 0);
        assert!(!t.hits.iter().any(|h| h.lemma == "old"));
        let t = tally(&action("A jar falls and SHATTERS."), lex);
        assert_eq!(t.caps, 1);
        let t = tally(&action("A sign reads: WE BELIEVED IN LOVE."), lex);
        assert_eq!(t.caps, 0);
    }

    #[test]
    fn parentheticals_count_double() {
        let lex = Lexicon::builtin();
        let scene = SceneText {
            dialogue: vec!["I know."],
            parentheticals: vec!["(sobbing)"],
            ..SceneText::default()
        };
        let t = tally(&scene, lex);
        assert_eq!(t.hits.len(), 1);
        assert_eq!(t.hits[0].weight, PARENTHETICAL_WEIGHT);
        let a = infer_affect(&scene);
        assert!(a.valence < 0.0);
        assert!(a.evidence.iter().any(|e| e.contains("parentheticals")));
    }

    #[test]
    fn night_and_smash_cut_are_cues() {
        let day = SceneText {
            heading_time: Some("DAY"),
            action: vec!["He smiles at the car."],
            ..SceneText::default()
        };
        let night = SceneText {
            heading_time: Some("NIGHT"),
            ..day.clone()
        };
        let smash = SceneText {
            transition_in: Some("SMASH CUT TO:"),
            ..day.clone()
        };
        let (d, n, s) = (
            infer_affect(&day),
            infer_affect(&night),
            infer_affect(&smash),
        );
        assert!(n.valence < d.valence && n.arousal > d.arousal);
        assert!(s.arousal > d.arousal + 0.1);
        assert!(n.evidence.iter().any(|e| e == "night"));
    }

    #[test]
    fn short_action_lines_raise_arousal() {
        let long = action(
            "The old man walks slowly along the river in the late afternoon light, thinking.\n\
             He watches the water move past the stones and the reeds for a long while.\n\
             A dog follows him a little way along the path and then turns back home.",
        );
        let short = action("He runs.\nA door.\nHe walks.\nThe light.");
        let (l, s) = (infer_affect(&long), infer_affect(&short));
        assert!(s
            .evidence
            .iter()
            .any(|e| e.starts_with("short action lines")));
        assert!(l.evidence.iter().any(|e| e.starts_with("long sentences")));
        assert!(!l.evidence.iter().any(|e| e.starts_with("short action")));
    }

    #[test]
    fn empty_text_gives_zero_confidence() {
        let a = infer_affect(&SceneText::default());
        assert_eq!((a.valence, a.arousal, a.confidence), (0.0, 0.0, 0.0));
        let b = infer_affect(&action("   "));
        assert_eq!(b.confidence, 0.0);
    }

    #[test]
    fn no_lexicon_words_gives_neutral_low_confidence() {
        let a = infer_affect(&SceneText {
            heading_time: Some("NIGHT"),
            action: vec!["The table is beside the window!"],
            ..SceneText::default()
        });
        assert_eq!((a.valence, a.arousal), (0.0, 0.0));
        assert!(a.confidence > 0.0 && a.confidence < 0.1);
    }

    #[test]
    fn confidence_grows_with_evidence() {
        let little = infer_affect(&action("She smiles."));
        let lots = infer_affect(&action(
            "She smiles and laughs. They hug and dance, happy and warm, in the sunshine. \
             Joy everywhere. A wonderful, lovely day with friends.",
        ));
        assert!(lots.confidence > little.confidence);
        assert!(lots.confidence <= 1.0 && little.confidence > 0.0);
    }

    #[test]
    fn values_stay_in_range() {
        let a = infer_affect(&SceneText {
            heading_time: Some("NIGHT"),
            action: vec!["KILL! SCREAM! EXPLODE! MURDER! TERROR! RAGE! PANIC!"],
            dialogue: vec!["DIE! DIE! DIE! RUN! FIRE! BOMB!"],
            parentheticals: vec!["(screaming)"],
            transition_in: Some("SMASH CUT TO:"),
        });
        assert!((-1.0..=1.0).contains(&a.valence) && (-1.0..=1.0).contains(&a.arousal));
        assert!(a.arousal > 0.8 && a.valence < -0.6);
        let (s, e) = infer_intensity(&SceneText {
            action: vec!["KILL! SCREAM! EXPLODE! MURDER! TERROR! RAGE! PANIC!"],
            ..SceneText::default()
        });
        assert!((0.0..=1.0).contains(&s) && (0.0..=1.0).contains(&e));
        assert!(s > 0.8);
    }

    #[test]
    fn intensity_is_high_for_violence_and_low_for_calm() {
        let calm = action(
            "She sits by the quiet lake at dawn, sipping tea. A gentle breeze. \
             Everything is still and peaceful and soft.",
        );
        let violent = action("Gunshots! He screams, bleeding. They fight. A bomb explodes!");
        let (c, _) = infer_intensity(&calm);
        let (v, _) = infer_intensity(&violent);
        assert!(c < 0.4, "{c}");
        assert!(v > 0.7, "{v}");
    }

    #[test]
    fn escalating_scene_ramps_up_and_calm_scene_does_not() {
        let escalating = action(
            "The family sits at the table, quiet and calm, passing bread and smiling gently \
             at one another in the soft lamplight. Then the window shatters! Gunfire! \
             Everyone screams and runs. Blood on the floor! Panic! An explosion!",
        );
        let (s, e) = infer_intensity(&escalating);
        assert!(e > s + 0.1, "{s} {e}");
        let steady = action(
            "The family sits at the table, quiet and calm, passing bread and smiling gently \
             at one another in the soft lamplight. Later they wash the dishes together \
             slowly and say goodnight, warm and content.",
        );
        let (s, e) = infer_intensity(&steady);
        assert_eq!(s, e);
    }

    #[test]
    fn split_paragraphs_halves_by_words() {
        let (a, b) = split_paragraphs(&["one two three four", "five six"]);
        assert_eq!(a, ["one two three "]);
        assert_eq!(b, ["four", "five six"]);
        let (a, b) = split_paragraphs(&[]);
        assert!(a.is_empty() && b.is_empty());
    }
}
