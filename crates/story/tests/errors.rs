//! One test per error class: the message says what was expected and what was found, and the
//! line, column and span point at the offending key or value.

use leitmotif_story::{parse_story, StoryError};

const HEAD: &str = r#"title = "My Heart"

[[character]]
id = "mina"
name = "Mina"

[[character]]
id = "joon"
name = "Joon"

[[place]]
id = "seoul-night"
name = "Seoul at night"
"#;

/// The shared head plus one scene whose body is `scene`.
fn story(scene: &str) -> String {
    format!("{HEAD}\n[[scene]]\nid = \"first-meeting\"\n{scene}\n")
}

/// A scene body that is valid, for tests that only add one line.
const OK: &str = "duration = \"1:30\"\nemotion = \"tender\"";

fn err(src: &str) -> StoryError {
    match parse_story(src, "story.toml") {
        Ok(story) => panic!("expected an error, got {story:?}\n--- source ---\n{src}"),
        Err(e) => {
            assert_eq!(e.file, "story.toml");
            assert_eq!(e.source_text, src);
            assert!(e.span.end <= src.len());
            assert!(e.to_string().starts_with(&format!(
                "story.toml:{}:{}: {}",
                e.line, e.column, e.message
            )));
            e
        }
    }
}

/// 1-based line and column of a byte offset.
fn position(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Asserts the error points exactly at the last occurrence of `needle` in its source, and that
/// the message contains every part of `message`.
fn assert_points_at(e: &StoryError, needle: &str, message: &[&str]) {
    let src = &e.source_text;
    let offset = src
        .rfind(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in source"));
    assert_eq!(
        &src[e.span.clone()],
        needle,
        "span text for error: {e}\n(span {:?})",
        e.span
    );
    assert_eq!(e.span.start, offset, "span start for error: {e}");
    assert_eq!(
        (e.line, e.column),
        position(src, offset),
        "line/column for error: {e}"
    );
    for part in message {
        assert!(
            e.message.contains(part),
            "message `{}` lacks `{part}`",
            e.message
        );
    }
}

fn assert_help(e: &StoryError, part: &str) {
    let help = e
        .help
        .as_deref()
        .unwrap_or_else(|| panic!("no help in: {e}"));
    assert!(help.contains(part), "help `{help}` lacks `{part}`");
}

// ---- syntax -------------------------------------------------------------------------------

#[test]
fn bad_toml_syntax_uses_the_parser_position() {
    let src = "title = \"x\"\n[[scene]]\nid = \"a\nduration = 5\n";
    let e = err(src);
    assert!(e.message.starts_with("invalid TOML: "), "{e}");
    assert_eq!(e.line, 3, "{e}");

    let src = "title = \"x\"\nemotion = tender\n";
    let e = err(src);
    assert_eq!((e.line, e.column), (2, 11), "{e}");
    assert_help(&e, "quotes");
}

#[test]
fn duplicate_toml_key_names_the_key() {
    let src = story(&format!("{OK}\nduration = \"2:00\""));
    let e = err(&src);
    let first_line = position(&src, src.find("duration").unwrap()).0;
    assert_points_at(
        &e,
        "duration",
        &[
            "duplicate key `duration`",
            &format!("already set on line {first_line}"),
        ],
    );
}

#[test]
fn unquoted_time_is_a_syntax_error_with_a_hint() {
    let src = story("duration = 1:30\nemotion = \"tender\"");
    let e = err(&src);
    assert!(e.message.contains("invalid TOML"), "{e}");
    assert_eq!(e.line, position(&src, src.find("1:30").unwrap()).0);
    assert_help(&e, "duration = \"1:30\"");
}

#[test]
fn a_toml_time_of_day_is_not_a_duration() {
    let src = story("duration = 01:30\nemotion = \"tender\"");
    let e = err(&src);
    assert_points_at(
        &e,
        "01:30",
        &["`duration` must be a time like", "found a datetime"],
    );
    assert_help(&e, "duration = \"1:30\"");
    let e = err(&story("duration = 00:01:30\nemotion = \"tender\""));
    assert_help(&e, "quote it: duration = \"1:30\"");
    let e = err(&story("duration = 1979-05-27\nemotion = \"tender\""));
    assert_points_at(&e, "1979-05-27", &["found a datetime `1979-05-27`"]);
}

// ---- empty, missing, no scenes -------------------------------------------------------------

#[test]
fn empty_file_and_comment_only_file() {
    for src in ["", "   \n\t\n", "# just a comment\n\n# another\n"] {
        let e = err(src);
        assert_eq!((e.line, e.column, e.span.clone()), (1, 1, 0..0));
        assert!(e.message.contains("the story is empty"), "{e}");
        assert_help(&e, "title");
    }
}

#[test]
fn no_scenes_points_at_the_end_of_the_file() {
    let e = err(HEAD);
    assert!(e.message.contains("no scenes"), "{e}");
    assert!(e.message.contains("at least one [[scene]]"), "{e}");
    assert_eq!(e.span, HEAD.len()..HEAD.len());
    assert_eq!(e.line, HEAD.lines().count() + 1);

    let src = format!("scene = []\n{HEAD}");
    let e = err(&src);
    assert_points_at(&e, "[]", &["no scenes"]);
}

#[test]
fn missing_title() {
    let src = "seed = 1\n[[scene]]\nid = \"a\"\nduration = 5\nemotion = \"calm\"\n";
    let e = err(src);
    assert_eq!((e.line, e.column), (1, 1));
    assert!(e.message.contains("no `title`"), "{e}");
    assert!(e.message.contains("expected a non-empty string"), "{e}");

    let e = err("title = \"  \"\n[[scene]]\nid = \"a\"\nduration = 5\nemotion = \"calm\"\n");
    assert_points_at(&e, "\"  \"", &["`title` is empty"]);
}

#[test]
fn missing_scene_id_points_at_the_scene_header() {
    let src = format!("{HEAD}\n[[scene]]\n{OK}\n");
    let e = err(&src);
    assert_points_at(&e, "[[scene]]", &["[[scene]] number 1 is missing `id`"]);
    assert_help(&e, "id = ");
}

#[test]
fn missing_duration_and_emotion() {
    let e = err(&story("emotion = \"tender\""));
    assert_points_at(
        &e,
        "[[scene]]",
        &[
            "scene `first-meeting` is missing `duration`",
            "5 s to 20 min",
        ],
    );
    let e = err(&story("duration = \"1:30\""));
    assert_points_at(
        &e,
        "[[scene]]",
        &[
            "scene `first-meeting` has no emotion",
            "`valence` and `arousal`",
            "tender",
        ],
    );
}

#[test]
fn missing_character_id_and_name() {
    let src = "title = \"x\"\n[[character]]\nname = \"Mina\"\n";
    let e = err(src);
    assert_points_at(&e, "[[character]]", &["this [[character]] is missing `id`"]);
    let src = "title = \"x\"\n[[place]]\nid = \"park\"\n";
    let e = err(src);
    assert_points_at(&e, "[[place]]", &["place `park` is missing `name`"]);
}

#[test]
fn missing_hit_time() {
    let e = err(&story(&format!("{OK}\nhits = [{{ kind = \"cut\" }}]")));
    assert_points_at(&e, "{ kind = \"cut\" }", &["this hit is missing `at`"]);
}

// ---- unknown keys --------------------------------------------------------------------------

#[test]
fn unknown_top_level_key_suggests_the_closest() {
    let src = format!("titel = \"x\"\n{}", &HEAD[HEAD.find('\n').unwrap()..]);
    let e = err(&src);
    assert_points_at(&e, "titel", &["unknown key `titel` in the top level"]);
    assert_help(&e, "did you mean `title`?");

    let e = err(&format!("{HEAD}\n[[scenes]]\nid = \"a\"\n"));
    assert_points_at(&e, "scenes", &["unknown key `scenes`"]);
    assert_help(&e, "`scene`");
}

#[test]
fn unknown_scene_key_suggests_the_closest() {
    let e = err(&story("durration = \"1:30\"\nemotion = \"tender\""));
    assert_points_at(&e, "durration", &["unknown key `durration` in [[scene]]"]);
    assert_help(&e, "did you mean `duration`?");

    let e = err(&story(&format!("{OK}\nbpm = 90")));
    assert_points_at(&e, "bpm", &["unknown key `bpm`"]);
    assert_help(&e, "did you mean `tempo`?");
}

#[test]
fn unknown_key_with_nothing_close_lists_the_allowed_keys() {
    let e = err(&story(&format!("{OK}\nzzzzzz = 1")));
    assert_points_at(&e, "zzzzzz", &["unknown key `zzzzzz` in [[scene]]"]);
    assert_help(&e, "keys allowed in [[scene]]: `id`, `title`, `duration`");
}

#[test]
fn unknown_character_and_place_keys() {
    let src = HEAD.replace("name = \"Joon\"", "name = \"Joon\"\ntrait = [\"brave\"]");
    let e = err(&src);
    assert_points_at(&e, "trait", &["unknown key `trait` in [[character]]"]);
    assert_help(&e, "did you mean `traits`?");

    let src = HEAD.replace("name = \"Seoul at night\"", "nmae = \"Seoul at night\"");
    let e = err(&src);
    assert_points_at(&e, "nmae", &["unknown key `nmae` in [[place]]"]);
    assert_help(&e, "did you mean `name`?");
}

#[test]
fn unknown_hit_key() {
    let e = err(&story(&format!(
        "{OK}\nhits = [{{ at = \"0:45\", knd = \"cut\" }}]"
    )));
    assert_points_at(&e, "knd", &["unknown key `knd` in a hit"]);
    assert_help(&e, "did you mean `kind`?");
}

// ---- wrong types ---------------------------------------------------------------------------

#[test]
fn wrong_types_say_expected_and_found() {
    let e = err(&story("duration = true\nemotion = \"tender\""));
    assert_points_at(
        &e,
        "true",
        &[
            "`duration` must be a time like \"1:30\"",
            "found a boolean `true`",
        ],
    );

    let e = err(&story(&format!("{OK}\nintensity = \"high\"")));
    assert_points_at(
        &e,
        "\"high\"",
        &[
            "`intensity` must be a number from 0 to 1",
            "found a string `\"high\"`",
        ],
    );

    let e = err(&story("duration = \"1:30\"\nemotion = 3"));
    assert_points_at(
        &e,
        "3",
        &["`emotion` must be a named emotion", "found an integer `3`"],
    );

    let e = err(&story(&format!("{OK}\ncharacters = \"mina\"")));
    assert_points_at(
        &e,
        "\"mina\"",
        &["`characters` must be a list of character ids"],
    );
    assert_help(&e, "characters = [\"mina\"]");

    let e = err(&story(&format!("{OK}\ncharacters = [\"mina\", 2]")));
    assert_points_at(&e, "2", &["item 2 is an integer `2`"]);

    let e = err("title = 5\n");
    assert_points_at(
        &e,
        "5",
        &["`title` must be the story's title", "found an integer `5`"],
    );
}

#[test]
fn single_brackets_for_an_array_of_tables() {
    let e = err("title = \"x\"\n[scene]\nid = \"a\"\n");
    assert!(
        e.message
            .contains("`scene` must be an array of tables, written [[scene]]"),
        "{e}"
    );
    assert!(e.message.contains("found a table"), "{e}");
    assert_eq!(e.line, 2, "{e}");
    assert_help(&e, "double brackets");
}

#[test]
fn bad_seed() {
    let src = format!("seed = -3\n{HEAD}");
    let e = err(&src);
    assert_points_at(
        &e,
        "-3",
        &[
            "`seed` = -3 is out of range",
            "non-negative integer",
            "cannot be negative",
        ],
    );
    let src = format!("seed = 1.5\n{HEAD}");
    let e = err(&src);
    assert_points_at(
        &e,
        "1.5",
        &[
            "`seed` must be a non-negative integer",
            "found a float `1.5`",
        ],
    );
}

// ---- ids and references --------------------------------------------------------------------

#[test]
fn invalid_id_characters() {
    let src = HEAD.replace("id = \"joon\"", "id = \"Joon Park\"");
    let e = err(&src);
    assert_points_at(
        &e,
        "\"Joon Park\"",
        &[
            "invalid id \"Joon Park\"",
            "lower-case letters a-z, digits 0-9 and `-`",
        ],
    );
    assert_help(&e, "try id = \"joon-park\"");

    let e = err(&format!(
        "{HEAD}\n[[scene]]\nid = \"first_meeting\"\n{OK}\n"
    ));
    assert_points_at(&e, "\"first_meeting\"", &["invalid id \"first_meeting\""]);

    let e = err(&format!("{HEAD}\n[[scene]]\nid = \"\"\n{OK}\n"));
    assert_points_at(&e, "\"\"", &["`id` is empty"]);
}

#[test]
fn duplicate_ids_point_at_the_second_and_name_the_first() {
    let src = HEAD.replace("id = \"joon\"", "id = \"mina\"");
    let e = err(&src);
    assert_points_at(
        &e,
        "\"mina\"",
        &[
            "duplicate id `mina`",
            "the character on line 4 already uses it",
        ],
    );

    // Across characters and places.
    let src = HEAD.replace("id = \"seoul-night\"", "id = \"joon\"");
    let e = err(&src);
    assert_points_at(
        &e,
        "\"joon\"",
        &["duplicate id `joon`", "the character on line 8"],
    );
    assert_help(&e, "unique across all characters and places");

    // Scenes.
    let src = format!("{}[[scene]]\nid = \"first-meeting\"\n{OK}\n", story(OK));
    let e = err(&src);
    let first_line = position(&src, src.find("id = \"first-meeting\"").unwrap()).0;
    assert_points_at(
        &e,
        "\"first-meeting\"",
        &[
            "duplicate scene id `first-meeting`",
            &format!("the scene on line {first_line}"),
        ],
    );
}

#[test]
fn unknown_character_suggests_an_existing_id() {
    let e = err(&story(&format!("{OK}\ncharacters = [\"mina\", \"jon\"]")));
    assert_points_at(
        &e,
        "\"jon\"",
        &[
            "unknown character `jon`",
            "expected the id of a [[character]]",
        ],
    );
    assert_help(&e, "did you mean `joon`?");

    let e = err(&story(&format!("{OK}\ncharacters = [\"zed\"]")));
    assert_help(&e, "characters defined: `mina`, `joon`");
}

#[test]
fn unknown_place_suggests_an_existing_id() {
    let e = err(&story(&format!("{OK}\nplace = \"seoul-nite\"")));
    assert_points_at(
        &e,
        "\"seoul-nite\"",
        &[
            "unknown place `seoul-nite`",
            "expected the id of a [[place]]",
        ],
    );
    assert_help(&e, "did you mean `seoul-night`?");
}

#[test]
fn unknown_reference_with_nothing_defined() {
    let src = "title = \"x\"\n[[scene]]\nid = \"a\"\nduration = 9\nemotion = \"calm\"\nplace = \"park\"\n";
    let e = err(src);
    assert_points_at(&e, "\"park\"", &["unknown place `park`"]);
    assert_help(
        &e,
        "no place is defined yet; add a [[place]] with id = \"park\"",
    );
}

#[test]
fn place_used_as_character_and_character_as_place() {
    let e = err(&story(&format!("{OK}\ncharacters = [\"seoul-night\"]")));
    assert_points_at(
        &e,
        "\"seoul-night\"",
        &["`seoul-night` is a place, not a character"],
    );
    assert_help(&e, "place = \"seoul-night\"");

    let e = err(&story(&format!("{OK}\nplace = \"mina\"")));
    assert_points_at(&e, "\"mina\"", &["`mina` is a character, not a place"]);
}

#[test]
fn duplicate_character_in_a_scene() {
    let e = err(&story(&format!(
        "{OK}\ncharacters = [\"mina\", \"joon\", \"mina\"]"
    )));
    assert_points_at(&e, "\"mina\"", &["character `mina` is listed twice"]);
}

// ---- times -------------------------------------------------------------------------------

#[test]
fn duration_out_of_range() {
    let e = err(&story("duration = 3\nemotion = \"tender\""));
    assert_points_at(
        &e,
        "3",
        &["scene duration 0:03 is too short", "expected 5 s to 20 min"],
    );
    let e = err(&story("duration = \"20:01\"\nemotion = \"tender\""));
    assert_points_at(&e, "\"20:01\"", &["scene duration 20:01 is too long"]);
    let e = err(&story("duration = 4.9\nemotion = \"tender\""));
    assert_points_at(&e, "4.9", &["too short"]);
}

#[test]
fn malformed_duration() {
    let e = err(&story("duration = \"1:5\"\nemotion = \"tender\""));
    assert_points_at(
        &e,
        "\"1:5\"",
        &[
            "`duration` = \"1:5\" is not a valid time",
            "seconds must be two digits from 00 to 59",
        ],
    );
    assert_help(&e, "\"m:ss\"");
    let e = err(&story("duration = \"ninety\"\nemotion = \"tender\""));
    assert_points_at(
        &e,
        "\"ninety\"",
        &[
            "not a valid time",
            "expected \"m:ss\", \"h:mm:ss\" or a number of seconds",
        ],
    );
    let e = err(&story("duration = -30\nemotion = \"tender\""));
    assert_points_at(&e, "-30", &["cannot be negative"]);
    let e = err(&story("duration = nan\nemotion = \"tender\""));
    assert_points_at(&e, "nan", &["not a finite number"]);
}

#[test]
fn hit_outside_its_scene() {
    let e = err(&story(&format!("{OK}\nhits = [{{ at = \"1:30\" }}]")));
    assert_points_at(
        &e,
        "\"1:30\"",
        &[
            "hit at 1:30 is outside its scene",
            "before the scene ends at 1:30",
        ],
    );
    let e = err(&story(&format!("{OK}\nhits = [{{ at = 0 }}]")));
    assert!(
        e.message.contains("hit at 0:00 is outside its scene"),
        "{e}"
    );
    // The hit may come before the duration in the file.
    let e = err(&story(
        "hits = [{ at = \"2:00\" }]\nduration = \"1:30\"\nemotion = \"tender\"",
    ));
    assert_points_at(&e, "\"2:00\"", &["outside its scene"]);
}

#[test]
fn hits_too_close() {
    let e = err(&story(&format!(
        "{OK}\nhits = [{{ at = \"0:45\" }}, {{ at = 20 }}, {{ at = 45.5 }}]"
    )));
    assert_points_at(
        &e,
        "45.5",
        &[
            "hits at 0:45 and 0:45.5 are only 0.5 s apart",
            "at least 1 s between hits",
        ],
    );
    assert_help(&e, "the other hit is on line");
}

#[test]
fn unknown_hit_kind() {
    let e = err(&story(&format!(
        "{OK}\nhits = [{{ at = 10, kind = \"stnger\" }}]"
    )));
    assert_points_at(
        &e,
        "\"stnger\"",
        &[
            "unknown hit kind `stnger`",
            "expected one of `accent`, `stinger`, `cut`, `silence`",
        ],
    );
    assert_help(&e, "did you mean `stinger`?");
}

#[test]
fn hits_must_be_a_list_of_tables() {
    let e = err(&story(&format!("{OK}\nhits = {{ at = 5 }}")));
    assert_points_at(
        &e,
        "{ at = 5 }",
        &["`hits` must be a list of hits", "found a table"],
    );
    assert_help(&e, "wrap it in a list");
    let e = err(&story(&format!("{OK}\nhits = [\"0:45\"]")));
    assert_points_at(
        &e,
        "\"0:45\"",
        &["`hits` must be a list of hits", "item 1 is a string"],
    );
}

// ---- emotion and intensity -----------------------------------------------------------------

#[test]
fn unknown_emotion_suggests_and_lists() {
    let e = err(&story("duration = \"1:30\"\nemotion = \"hapy\""));
    assert_points_at(
        &e,
        "\"hapy\"",
        &[
            "unknown emotion `hapy`",
            "expected one of `tender`, `romantic`",
            "`angry`",
        ],
    );
    assert_help(&e, "did you mean `happy`?");
}

#[test]
fn valence_or_arousal_alone() {
    let e = err(&story("duration = \"1:30\"\nvalence = 0.5"));
    assert_points_at(&e, "valence", &["`valence` is given without `arousal`"]);
    assert_help(&e, "arousal = ");
    let e = err(&story("duration = \"1:30\"\narousal = 0.5"));
    assert_points_at(&e, "arousal", &["`arousal` is given without `valence`"]);
}

#[test]
fn valence_and_arousal_out_of_range() {
    let e = err(&story("duration = \"1:30\"\nvalence = 1.5\narousal = 0"));
    assert_points_at(
        &e,
        "1.5",
        &["`valence` = 1.5 is out of range", "expected -1 to 1"],
    );
    let e = err(&story("duration = \"1:30\"\nvalence = 0\narousal = -2"));
    assert_points_at(&e, "-2", &["`arousal` = -2 is out of range"]);
    let e = err(&story(
        "duration = \"1:30\"\nvalence = \"high\"\narousal = 0",
    ));
    assert_points_at(
        &e,
        "\"high\"",
        &["`valence` must be a number from -1 to 1", "found a string"],
    );
}

#[test]
fn intensity_out_of_range() {
    let e = err(&story(&format!("{OK}\nintensity = 1.2")));
    assert_points_at(
        &e,
        "1.2",
        &["`intensity` = 1.2 is out of range", "expected 0 to 1"],
    );
    let e = err(&story(&format!("{OK}\nintensity = [0.2, 7]")));
    assert_points_at(&e, "7", &["`intensity` ramp end 7 is out of range"]);
    let e = err(&story(&format!("{OK}\nintensity = [0.2, 0.5, 0.9]")));
    assert_points_at(
        &e,
        "[0.2, 0.5, 0.9]",
        &["ramp must be 2 numbers [start, end], found 3 items"],
    );
    let e = err(&story(&format!("{OK}\nintensity = [\"low\", 1]")));
    assert_points_at(
        &e,
        "\"low\"",
        &["ramp start must be a number", "found a string"],
    );
}

// ---- overrides -----------------------------------------------------------------------------

#[test]
fn tempo_out_of_range() {
    let e = err(&story(&format!("{OK}\ntempo = 300")));
    assert_points_at(
        &e,
        "300",
        &[
            "`tempo` = 300 is out of range",
            "expected 30 to 240 beats per minute",
        ],
    );
    let e = err(&story(&format!("{OK}\ntempo = \"fast\"")));
    assert_points_at(
        &e,
        "\"fast\"",
        &["`tempo` must be a number from 30 to 240", "found a string"],
    );
}

#[test]
fn unknown_style() {
    let e = err(&format!("style = \"jaz\"\n{HEAD}"));
    assert_points_at(
        &e,
        "\"jaz\"",
        &[
            "unknown style `jaz`",
            "expected one of `orchestral`, `kdrama-ballad`",
        ],
    );
    assert_help(&e, "did you mean `jazz`?");
    let e = err(&story(&format!("{OK}\nstyle = \"polka\"")));
    assert_points_at(&e, "\"polka\"", &["unknown style `polka`"]);
    assert_help(&e, "styles: `orchestral`");
}

#[test]
fn unknown_duplicate_and_empty_instruments() {
    let e = err(&story(&format!(
        "{OK}\ninstruments = [\"piano\", \"vilon\"]"
    )));
    assert_points_at(&e, "\"vilon\"", &["unknown instrument `vilon`"]);
    assert_help(&e, "did you mean `violin`?");
    let e = err(&story(&format!(
        "{OK}\ninstruments = [\"piano\", \"grand-piano\"]"
    )));
    assert_points_at(
        &e,
        "\"grand-piano\"",
        &["instrument `piano` is listed twice", "same instrument"],
    );
    let e = err(&story(&format!("{OK}\ninstruments = []")));
    assert_points_at(&e, "[]", &["`instruments` is empty"]);
}

#[test]
fn bad_key_and_meter() {
    let e = err(&format!("key = \"H major\"\n{HEAD}"));
    assert_points_at(
        &e,
        "\"H major\"",
        &["`H major` is not a key", "expected a tonic and a mode"],
    );
    let e = err(&story(&format!("{OK}\nkey = \"C minr\"")));
    assert_points_at(&e, "\"C minr\"", &["`C minr` is not a key"]);
    let e = err(&story(&format!("{OK}\nmeter = \"3/5\"")));
    assert_points_at(
        &e,
        "\"3/5\"",
        &["`3/5` is not a meter", "unit 2, 4, 8 or 16"],
    );
}

// ---- first error wins ----------------------------------------------------------------------

#[test]
fn the_first_error_in_the_scene_is_reported() {
    let e = err(&story("tempo = 999\nduration = 1\nemotion = \"x\""));
    assert_points_at(&e, "999", &["tempo"]);
}

#[test]
fn album_fields_are_checked_and_kept() {
    let good = format!(
        "composer = \"Jane Doe\"\ndate = \"2026-11\"\ncover = \"art/cover.png\"\n{}",
        story(OK)
    );
    let s = parse_story(&good, "story.toml").unwrap();
    assert_eq!(s.composer.as_deref(), Some("Jane Doe"));
    assert_eq!(s.date.as_deref(), Some("2026-11"));
    assert_eq!(s.cover.as_deref(), Some("art/cover.png"));

    for (line, expected) in [
        ("date = \"21/11/2026\"", "expected a date like"),
        ("date = \"2026-13\"", "expected a date like"),
        ("date = 2026", "date"),
        ("cover = \"cover.gif\"", "PNG or JPEG"),
        ("composer = \"\"", "composer"),
    ] {
        let src = format!("{line}\n{}", story(OK));
        let e = err(&src);
        assert_eq!(e.line, 1, "{line}: {e}");
        assert!(e.message.contains(expected), "{line}: {}", e.message);
    }
    let e = err(&format!("artist = \"X\"\n{}", story(OK)));
    assert!(e.to_string().contains("composer"), "{e}");
}
