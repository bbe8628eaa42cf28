//! Durations and timestamps as people write them for film: "1:30", "1:02:30", or plain seconds.
//!
//! Only the text syntax lives here; the checks that depend on context (a scene between 5 s and
//! 20 min, a hit inside its scene) are in the validator, which knows where the value came from.

/// Reads `m:ss`, `h:mm:ss` (seconds may carry a fraction: `0:45.5`) or a plain number of
/// seconds (`95`, `95.5`). On failure, says what is wrong in words.
pub fn parse_time(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the text is empty".into());
    }
    if t.starts_with('-') {
        return Err("a time cannot be negative".into());
    }
    let parts: Vec<&str> = t.split(':').collect();
    let seconds = match parts.as_slice() {
        [seconds] => {
            if !is_decimal(seconds) {
                return Err(format!(
                    "expected \"m:ss\", \"h:mm:ss\" or a number of seconds, found \"{}\"",
                    crate::suggest::show(t)
                ));
            }
            parse_decimal(seconds)?
        }
        [minutes, seconds] => {
            leading_number(minutes, "minutes")? * 60.0 + sixty(seconds, "seconds", true)?
        }
        [hours, minutes, seconds] => {
            leading_number(hours, "hours")? * 3600.0
                + sixty(minutes, "minutes", false)? * 60.0
                + sixty(seconds, "seconds", true)?
        }
        _ => {
            return Err(format!(
                "expected at most two `:` (h:mm:ss), found {}",
                parts.len() - 1
            ))
        }
    };
    check_seconds(seconds)
}

/// A number of seconds given as a TOML number: it must be finite and not negative.
pub(crate) fn check_seconds(seconds: f64) -> Result<f64, String> {
    if !seconds.is_finite() {
        Err("a time must be a finite number of seconds".into())
    } else if seconds < 0.0 {
        Err("a time cannot be negative".into())
    } else {
        Ok(seconds)
    }
}

/// Formats seconds the way they are written in a story: `m:ss`, `h:mm:ss`, with up to three
/// decimals when the time is not whole.
pub fn format_time(seconds: f64) -> String {
    if !(0.0..=1e12).contains(&seconds) {
        return format!("{seconds} s");
    }
    let millis = (seconds * 1000.0).round() as u64;
    let (h, m, s, frac) = (
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000,
    );
    let mut out = if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    };
    if frac > 0 {
        let f = format!("{frac:03}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

fn is_decimal(text: &str) -> bool {
    let mut dots = 0;
    let mut digits = 0;
    for c in text.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => dots += 1,
            _ => return false,
        }
    }
    digits > 0 && dots <= 1
}

fn parse_decimal(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .map_err(|_| format!("`{}` is not a number", crate::suggest::show(text)))
}

/// The first field of `m:ss` / `h:mm:ss`: any number of digits.
fn leading_number(text: &str, what: &str) -> Result<f64, String> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "the {what} must be a whole number, found \"{}\"",
            crate::suggest::show(text)
        ));
    }
    parse_decimal(text)
}

/// A two-digit field 00-59, with an optional fraction when `fraction` is allowed.
fn sixty(text: &str, what: &str, fraction: bool) -> Result<f64, String> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) if fraction => (w, Some(f)),
        _ => (text, None),
    };
    let two_digits = whole.len() == 2 && whole.chars().all(|c| c.is_ascii_digit());
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    let value = if two_digits && frac_ok {
        parse_decimal(text)?
    } else {
        f64::NAN
    };
    if !(0.0..60.0).contains(&value) {
        let example = if fraction { " (e.g. 05 or 05.5)" } else { "" };
        return Err(format!(
            "the {what} must be two digits from 00 to 59{example}, found \"{}\"",
            crate::suggest::show(text)
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_documented_form() {
        assert_eq!(parse_time("1:30"), Ok(90.0));
        assert_eq!(parse_time(" 0:05 "), Ok(5.0));
        assert_eq!(parse_time("20:00"), Ok(1200.0));
        assert_eq!(parse_time("1:02:03"), Ok(3723.0));
        assert_eq!(parse_time("0:45.5"), Ok(45.5));
        assert_eq!(parse_time("95"), Ok(95.0));
        assert_eq!(parse_time("95.25"), Ok(95.25));
        assert_eq!(parse_time("90:00"), Ok(5400.0));
    }

    #[test]
    fn explains_what_is_wrong() {
        assert!(parse_time("").unwrap_err().contains("empty"));
        assert!(parse_time("-5").unwrap_err().contains("negative"));
        assert!(parse_time("1:5")
            .unwrap_err()
            .contains("seconds must be two digits"));
        assert!(parse_time("1:75").unwrap_err().contains("00 to 59"));
        assert!(parse_time("1:60:00").unwrap_err().contains("minutes"));
        assert!(parse_time("1:2:3:4").unwrap_err().contains("at most two"));
        assert!(parse_time("ninety").unwrap_err().contains("m:ss"));
        assert!(parse_time("1.2.3").is_err());
        assert!(parse_time("a:30").unwrap_err().contains("minutes"));
        assert!(parse_time("1:30.").is_err());
        assert!(parse_time("1:3a").is_err());
    }

    #[test]
    fn formats_like_a_story_writes() {
        assert_eq!(format_time(90.0), "1:30");
        assert_eq!(format_time(5.0), "0:05");
        assert_eq!(format_time(45.5), "0:45.5");
        assert_eq!(format_time(3723.0), "1:02:03");
        assert_eq!(format_time(0.25), "0:00.25");
    }
}
