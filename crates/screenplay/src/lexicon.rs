//! The affect lexicon: English words common in screenplays, each rated for valence
//! (unpleasant -1 .. +1 pleasant) and arousal (calm -1 .. +1 excited).
//!
//! The word list is Leitmotif's own (`data/lexicon.tsv`, documented in `data/LEXICON.md`), embedded in
//! the binary with `include_str!`. It lists lemmas only; inflected forms ("running", "cried",
//! "kisses", "happily") are found through a small rule-based stemmer, see
//! [`inflection_candidates`] and [`Lexicon::lookup`].

use std::collections::HashMap;
use std::sync::OnceLock;

/// The built-in lexicon as text: `word<TAB>valence<TAB>arousal` per line, `#` starts a comment line.
pub const LEXICON_TSV: &str = include_str!("../data/lexicon.tsv");

/// How one word feels: valence and arousal, each in [-1, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordAffect {
    /// Unpleasant (-1) to pleasant (+1).
    pub valence: f64,
    /// Calm (-1) to excited (+1).
    pub arousal: f64,
}

/// A malformed lexicon line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("lexicon line {line}: {message}")]
pub struct LexiconError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// A word list with valence and arousal ratings.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashMap<String, WordAffect>,
}

impl Lexicon {
    /// The lexicon shipped with Leitmotif (`data/lexicon.tsv`), parsed once.
    ///
    /// # Panics
    /// Never in practice: the embedded file is checked by a unit test.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Lexicon::parse(LEXICON_TSV).expect("the built-in lexicon (data/lexicon.tsv) is valid")
        })
    }

    /// Parses `word<TAB>valence<TAB>arousal` lines. Blank lines and lines starting with `#` are
    /// skipped. Words must be lower-case without spaces, values finite and within [-1, 1], and no
    /// word may appear twice.
    pub fn parse(tsv: &str) -> Result<Lexicon, LexiconError> {
        let mut words = HashMap::new();
        for (i, raw) in tsv.lines().enumerate() {
            let line = i + 1;
            let text = raw.trim_end_matches('\r');
            if text.trim().is_empty() || text.trim_start().starts_with('#') {
                continue;
            }
            let err = |message: String| LexiconError { line, message };
            let fields: Vec<&str> = text.split('\t').collect();
            if fields.len() != 3 {
                return Err(err(format!(
                    "expected word<TAB>valence<TAB>arousal, found {} field(s)",
                    fields.len()
                )));
            }
            let word = fields[0];
            if word.is_empty()
                || word.chars().any(|c| c.is_whitespace() || c.is_uppercase())
                || word != word.trim()
            {
                return Err(err(format!(
                    "`{word}` must be a lower-case word without spaces"
                )));
            }
            let value = |name: &str, s: &str| -> Result<f64, LexiconError> {
                let v: f64 = s
                    .trim()
                    .parse()
                    .map_err(|_| err(format!("{name} `{s}` is not a number")))?;
                if !v.is_finite() || !(-1.0..=1.0).contains(&v) {
                    return Err(err(format!("{name} {v} is outside [-1, 1]")));
                }
                Ok(v)
            };
            let valence = value("valence", fields[1])?;
            let arousal = value("arousal", fields[2])?;
            if words
                .insert(word.to_string(), WordAffect { valence, arousal })
                .is_some()
            {
                return Err(err(format!("`{word}` is listed twice")));
            }
        }
        Ok(Lexicon { words })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the lexicon has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The rating of exactly this (lower-case) word, without stemming.
    pub fn get(&self, word: &str) -> Option<WordAffect> {
        self.words.get(word).copied()
    }

    /// The rating of a lower-case word or of its lemma: the word itself first, then a short list
    /// of irregular forms ("ran" → "run", "wept" → "weep"), then each of
    /// [`inflection_candidates`] in order; the first one listed wins. Returns the lemma found.
    ///
    /// ```
    /// use leitmotif_screenplay::lexicon::Lexicon;
    /// let lex = Lexicon::builtin();
    /// assert_eq!(lex.lookup("smiling").map(|(lemma, _)| lemma), Some("smile"));
    /// assert_eq!(lex.lookup("cried").map(|(lemma, _)| lemma), Some("cry"));
    /// ```
    pub fn lookup(&self, word: &str) -> Option<(&str, WordAffect)> {
        if let Some((k, v)) = self.words.get_key_value(word) {
            return Some((k.as_str(), *v));
        }
        if let Some((_, lemma)) = IRREGULAR.iter().find(|(form, _)| *form == word) {
            if let Some((k, v)) = self.words.get_key_value(*lemma) {
                return Some((k.as_str(), *v));
            }
        }
        inflection_candidates(word)
            .into_iter()
            .find_map(|c| self.words.get_key_value(c.as_str()))
            .map(|(k, v)| (k.as_str(), *v))
    }

    /// All words and their ratings, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, WordAffect)> {
        self.words.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

const VOWELS: &[u8] = b"aeiouy";

/// Irregular inflections of lexicon lemmas that suffix rules cannot undo.
const IRREGULAR: &[(&str, &str)] = &[
    ("won", "win"),
    ("ran", "run"),
    ("fought", "fight"),
    ("hid", "hide"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("struck", "strike"),
    ("sang", "sing"),
    ("sung", "sing"),
    ("wept", "weep"),
    ("slept", "sleep"),
    ("bled", "bleed"),
    ("froze", "freeze"),
    ("shook", "shake"),
    ("shaken", "shake"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("fled", "flee"),
    ("forgave", "forgive"),
    ("forgot", "forget"),
    ("burnt", "burn"),
    ("dreamt", "dream"),
    ("leapt", "leap"),
    ("sank", "sink"),
    ("sunk", "sink"),
    ("spun", "spin"),
    ("swung", "swing"),
    ("beaten", "beat"),
    ("crept", "creep"),
    ("dove", "dive"),
    ("flung", "fling"),
];

/// Words that look inflected but are not ("news" is not the plural of "new").
const NOT_INFLECTED: &[&str] = &[
    "news", "always", "perhaps", "towards", "series", "species", "ones", "lens",
];

/// True for stems like "hop", "smil", "star": consonant, single vowel, single final consonant
/// (not w, x or y).
fn ends_in_single_vowel_consonant(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    let vowel = |c: u8| VOWELS.contains(&c);
    n >= 3 && !vowel(b[n - 1]) && !b"wxy".contains(&b[n - 1]) && vowel(b[n - 2]) && !vowel(b[n - 3])
}

/// Shortest stem the rules will produce: shorter results ("red" → "r", "things" → "thing" → "th")
/// are never proposed.
const MIN_STEM: usize = 3;

fn undouble(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let n = b.len();
    (n >= 2
        && b[n - 1] == b[n - 2]
        && !VOWELS.contains(&b[n - 1])
        && b[n - 1].is_ascii_alphabetic())
    .then(|| s[..n - 1].to_string())
}

/// Possible lemmas of an inflected lower-case word, most likely first (the word itself is not
/// included). The rules, each applied to the end of the word:
///
/// * `-ies` → `-y` ("cries" → "cry"); `-es` → drop `s` or `es` ("smiles" → "smile", "kisses" → "kiss");
///   `-s` → drop it, except after `s`, `u` or `i` ("hugs" → "hug", but "kiss", "bus", "this" stay);
/// * `-ied` → `-y` ("cried" → "cry"); `-ed` → drop it, drop it and add `e`, or drop it and undouble
///   a final consonant ("screamed" → "scream", "smiled" → "smile", "stopped" → "stop"); also drop
///   only the `d` ("agreed" → "agree");
/// * `-ying` → `-ie` or `-y` ("dying" → "die", "crying" → "cry"); `-ing` → like `-ed`
///   ("running" → "run", "smiling" → "smile");
/// * `-ily` → `-y` ("happily" → "happy"); `-ly` → drop it or make it `-le` ("quietly" → "quiet",
///   "gently" → "gentle");
/// * `-iest` → `-y`; `-est` → like `-ed` ("darkest" → "dark").
///
/// No candidate is shorter than three letters, so "red", "bed", "thing" or "only" are left alone.
pub fn inflection_candidates(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if !word.is_ascii() || NOT_INFLECTED.contains(&word) {
        return out;
    }
    let mut add = |c: Option<String>| {
        if let Some(c) = c {
            if c.len() >= MIN_STEM && c != word && !out.contains(&c) {
                out.push(c);
            }
        }
    };
    // A short vowel + single consonant before -ed/-ing/-est means a silent e was dropped
    // ("hoped" → "hope", "staring" → "stare"); a short base would have doubled ("hopped").
    let base_forms = |s: &str| -> [Option<String>; 3] {
        if s.len() < MIN_STEM {
            return [None, None, None];
        }
        let (plain, with_e) = (Some(s.to_string()), Some(format!("{s}e")));
        if ends_in_single_vowel_consonant(s) {
            [with_e, plain, undouble(s)]
        } else {
            [plain, with_e, undouble(s)]
        }
    };
    if let Some(s) = word.strip_suffix("ies") {
        add(Some(format!("{s}y")));
    }
    if let Some(s) = word.strip_suffix("es") {
        add(Some(format!("{s}e")));
        add(Some(s.to_string()));
    } else if let Some(s) = word.strip_suffix('s') {
        if !(s.ends_with('s') || s.ends_with('u') || s.ends_with('i')) {
            add(Some(s.to_string()));
        }
    }
    if let Some(s) = word.strip_suffix("ied") {
        add(Some(format!("{s}y")));
    }
    if let Some(s) = word.strip_suffix("ed") {
        base_forms(s).into_iter().for_each(&mut add);
        add(word.strip_suffix('d').map(str::to_string));
    }
    if let Some(s) = word.strip_suffix("ying") {
        add(Some(format!("{s}ie")));
        add(Some(format!("{s}y")));
    }
    if let Some(s) = word.strip_suffix("ing") {
        base_forms(s).into_iter().for_each(&mut add);
    }
    if let Some(s) = word.strip_suffix("ily") {
        add(Some(format!("{s}y")));
    }
    if let Some(s) = word.strip_suffix("ly") {
        add(Some(s.to_string()));
        add(Some(format!("{s}le")));
    }
    if let Some(s) = word.strip_suffix("iest") {
        add(Some(format!("{s}y")));
    }
    if let Some(s) = word.strip_suffix("est") {
        base_forms(s).into_iter().for_each(&mut add);
    }
    out
}

/// A best-guess lemma without a word list: the first applicable rule of
/// [`inflection_candidates`], preferring the undoubled form for `-ing`/`-ed` ("running" → "run",
/// "stopped" → "stop", "cried" → "cry", "hugs" → "hug", "kisses" → "kiss", "happily" → "happy").
/// Without a word list it cannot restore a dropped `e` ("smiling" → "smil"); [`Lexicon::lookup`]
/// can. Words it does not recognise come back unchanged.
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some((_, lemma)) = IRREGULAR.iter().find(|(form, _)| *form == w) {
        return lemma.to_string();
    }
    let long_enough = |s: &str| s.len() >= MIN_STEM;
    let undoubled = |s: &str| -> String {
        match undouble(s) {
            // Keep "ll", "ss", "ff" and "zz": "falling" → "fall", "kissed" → "kiss".
            Some(u)
                if !(s.ends_with("ll")
                    || s.ends_with("ss")
                    || s.ends_with("ff")
                    || s.ends_with("zz")) =>
            {
                u
            }
            _ => s.to_string(),
        }
    };
    if let Some(s) = w.strip_suffix("ies").or_else(|| w.strip_suffix("ied")) {
        if long_enough(&format!("{s}y")) {
            return format!("{s}y");
        }
    }
    if let Some(s) = w.strip_suffix("ying") {
        if long_enough(&format!("{s}y")) {
            return format!("{s}y");
        }
    }
    for suffix in ["ing", "ed"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if long_enough(s) && s.bytes().any(|b| VOWELS.contains(&b)) {
                return undoubled(s);
            }
        }
    }
    if let Some(s) = w.strip_suffix("ily") {
        if long_enough(&format!("{s}y")) {
            return format!("{s}y");
        }
    }
    if let Some(s) = w.strip_suffix("ly") {
        if long_enough(s) {
            return s.to_string();
        }
    }
    if let Some(s) = w.strip_suffix("es") {
        if long_enough(s)
            && (s.ends_with('s')
                || s.ends_with('x')
                || s.ends_with('z')
                || s.ends_with("ch")
                || s.ends_with("sh"))
        {
            return s.to_string();
        }
    }
    if let Some(s) = w.strip_suffix('s') {
        if long_enough(s) && !(s.ends_with('s') || s.ends_with('u') || s.ends_with('i')) {
            return s.to_string();
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses_and_has_a_useful_size() {
        let lex = Lexicon::builtin();
        assert!(
            (800..=1200).contains(&lex.len()),
            "lexicon has {} words",
            lex.len()
        );
        for (w, a) in lex.iter() {
            assert_eq!(w, w.to_lowercase());
            assert!((-1.0..=1.0).contains(&a.valence) && (-1.0..=1.0).contains(&a.arousal));
        }
    }

    #[test]
    fn builtin_lexicon_orders_the_obvious_cases() {
        let lex = Lexicon::builtin();
        let v = |w: &str| lex.get(w).unwrap().valence;
        let a = |w: &str| lex.get(w).unwrap().arousal;
        assert!(v("love") > 0.5 && v("hate") < -0.5);
        assert!(v("joy") > v("calm") && v("calm") > v("fear"));
        assert!(a("scream") > a("whisper") && a("explode") > a("sleep"));
        assert!(a("panic") > 0.5 && a("peaceful") < -0.5);
    }

    #[test]
    fn stemming_examples() {
        assert_eq!(stem("running"), "run");
        assert_eq!(stem("cried"), "cry");
        assert_eq!(stem("cries"), "cry");
        assert_eq!(stem("crying"), "cry");
        assert_eq!(stem("stopped"), "stop");
        assert_eq!(stem("hugs"), "hug");
        assert_eq!(stem("kisses"), "kiss");
        assert_eq!(stem("kissed"), "kiss");
        assert_eq!(stem("falling"), "fall");
        assert_eq!(stem("screamed"), "scream");
        assert_eq!(stem("happily"), "happy");
        assert_eq!(stem("quietly"), "quiet");
        assert_eq!(stem("Laughs"), "laugh");
        assert_eq!(stem("ran"), "run");
        assert_eq!(stem("wept"), "weep");
        // Too short to strip, or not an inflection.
        assert_eq!(stem("red"), "red");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("kiss"), "kiss");
        assert_eq!(stem("thing"), "thing");
        assert_eq!(stem("his"), "his");
    }

    #[test]
    fn lookup_finds_lemmas_through_inflections() {
        let lex = Lexicon::builtin();
        let lemma = |w: &str| lex.lookup(w).map(|(l, _)| l.to_string());
        assert_eq!(lemma("running").as_deref(), Some("run"));
        assert_eq!(lemma("cried").as_deref(), Some("cry"));
        assert_eq!(lemma("smiling").as_deref(), Some("smile"));
        assert_eq!(lemma("smiled").as_deref(), Some("smile"));
        assert_eq!(lemma("hoped").as_deref(), Some("hope"));
        assert_eq!(lemma("staring").as_deref(), Some("stare"));
        assert_eq!(lemma("screamed").as_deref(), Some("scream"));
        assert_eq!(lemma("news"), None);
        assert_eq!(lemma("hugged").as_deref(), Some("hug"));
        assert_eq!(lemma("kisses").as_deref(), Some("kiss"));
        assert_eq!(lemma("screams").as_deref(), Some("scream"));
        assert_eq!(lemma("trembling").as_deref(), Some("tremble"));
        assert_eq!(lemma("gently").as_deref(), Some("gentle"));
        assert_eq!(lemma("angrily").as_deref(), Some("angry"));
        assert_eq!(lemma("dying").as_deref(), Some("die"));
        assert_eq!(lemma("shadows").as_deref(), Some("shadow"));
        // "his" must not become "hi", nor "this" anything at all.
        assert_eq!(lemma("his"), None);
        assert_eq!(lemma("this"), None);
    }

    #[test]
    fn inflection_candidates_respect_the_minimum_length() {
        assert!(inflection_candidates("red").is_empty());
        assert!(inflection_candidates("bed").is_empty());
        assert!(inflection_candidates("thing").is_empty());
        assert!(inflection_candidates("running").contains(&"run".to_string()));
    }

    #[test]
    fn parse_rejects_bad_lines() {
        assert!(Lexicon::parse("# comment\n\nhappy\t0.8\t0.5\n").is_ok());
        let e = Lexicon::parse("happy\t0.8\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(Lexicon::parse("happy\t1.8\t0.5").is_err());
        assert!(Lexicon::parse("happy\tx\t0.5").is_err());
        assert!(Lexicon::parse("Happy\t0.8\t0.5").is_err());
        assert!(Lexicon::parse("happy\t0.8\t0.5\nhappy\t0.7\t0.5").is_err());
        assert!(Lexicon::parse("happy\tNaN\t0.5").is_err());
    }
}
