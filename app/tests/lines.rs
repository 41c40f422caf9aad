//! What the code pane marks in a file's lines: the lines an edit changed and the matches of
//! "Find in file". Run with `cargo test -p tfdesign-app --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use tfdesign_app::lines::{changed, find, split, Match};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The lines of `now` that [`changed`] marks, from 0.
fn marked(before: &str, now: &str) -> Vec<usize> {
    let marks = changed(before, now);
    assert_eq!(
        marks.len(),
        now.lines().count(),
        "one mark per line of the new text"
    );
    marks
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.then_some(i))
        .collect()
}

#[wasm_bindgen_test]
fn an_edited_line_is_the_only_one_marked() {
    let before = "a\nb\nc\nd\n";
    assert_eq!(marked(before, "a\nB\nc\nd\n"), vec![1]);
    assert_eq!(marked(before, before), Vec::<usize>::new());
}

#[wasm_bindgen_test]
fn inserted_lines_are_marked_and_removed_ones_mark_nothing() {
    assert_eq!(marked("a\nb\nc\n", "a\nx\ny\nb\nc\n"), vec![1, 2]);
    assert_eq!(marked("a\nb\nc\nd\n", "a\nd\n"), Vec::<usize>::new());
    assert_eq!(marked("", "a\nb\n"), vec![0, 1]);
}

#[wasm_bindgen_test]
fn changes_in_two_places_mark_both_and_keep_the_lines_between() {
    let before = "head\none\nkeep 1\nkeep 2\nkeep 3\ntwo\ntail\n";
    let now = "head\nONE\nkeep 1\nkeep 2\nkeep 3\nTWO\nextra\ntail\n";
    assert_eq!(marked(before, now), vec![1, 5, 6]);
}

#[wasm_bindgen_test]
fn a_moved_block_marks_only_the_lines_it_cannot_match() {
    // The longest common part ("b", "c") stays; "a" moved after it.
    assert_eq!(marked("a\nb\nc\n", "b\nc\na\n"), vec![2]);
}

#[wasm_bindgen_test]
fn find_matches_any_case_left_to_right_without_overlap() {
    let text = "Module \"queue\" {\n  source = \"../modules/sqs-queue\"\n}\naaa\n";
    let found = find(text, "QUEUE");
    assert_eq!(
        found,
        vec![
            Match {
                line: 0,
                start: 8,
                end: 13
            },
            Match {
                line: 1,
                start: 27,
                end: 32
            },
        ]
    );
    assert_eq!(
        find(text, "aa").len(),
        1,
        "\"aaa\" holds one match of \"aa\", not two"
    );
    assert!(find(text, "").is_empty());
    assert!(find(text, "nowhere").is_empty());
}

#[wasm_bindgen_test]
fn find_keeps_byte_offsets_around_non_ascii_text() {
    let text = "# Schedules ◷ nightly: Nightly";
    let found = find(text, "nightly");
    assert_eq!(found.len(), 2);
    for m in found {
        assert_eq!(text[m.start..m.end].to_ascii_lowercase(), "nightly");
    }
}

#[wasm_bindgen_test]
fn split_cuts_pieces_at_the_marks_and_keeps_every_character() {
    let pieces = vec![
        ("key", "source".to_owned()),
        ("plain", " = ".to_owned()),
        ("string", "\"sqs-queue\"".to_owned()),
    ];
    // "ce = \"s" spans three pieces; "queue" is the current match.
    let marks = [(4, 11, false), (14, 19, true)];
    let parts = split(&pieces, &marks);
    let joined: String = parts.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(joined, "source = \"sqs-queue\"");
    let marked: Vec<(&str, &str, bool)> = parts
        .iter()
        .filter_map(|(k, t, m)| m.map(|current| (*k, t.as_str(), current)))
        .collect();
    assert_eq!(
        marked,
        vec![
            ("key", "ce", false),
            ("plain", " = ", false),
            ("string", "\"s", false),
            ("string", "queue", true),
        ]
    );
    assert_eq!(
        split(&pieces, &[]).len(),
        3,
        "no mark: the pieces as they were"
    );
}
