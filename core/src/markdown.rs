//! Design values in the bundle's Markdown: every value a person typed goes through [`text`]
//! (or [`code`] inside a code span), so it reads as the text it is and can never add a
//! heading, a table column, a list, a link, an image or HTML to a README (issue 13).

/// `value` as literal Markdown text, safe in a paragraph, a heading, a list item and a table
/// cell: line breaks and tabs become spaces; every character that starts inline markup
/// (`\` `` ` `` `*` `_` `[` `]` `<` `>` `|` `&` `~` `!`) is backslash-escaped; leading spaces
/// are dropped, and a first character that would start a block (`#`, `-`, `+`, `=`, `>`, or
/// the `.`/`)` after leading digits) is escaped too.
pub fn text(value: &str) -> String {
    let flat: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.trim_start();
    let mut out = String::with_capacity(flat.len() + 8);
    let digits = flat.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in flat.chars().enumerate() {
        let inline = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '!'
        );
        let block_start = i == 0 && matches!(c, '#' | '-' | '+' | '=' | '>');
        let ordered = i == digits && digits > 0 && (c == '.' || c == ')');
        if inline || block_start || ordered {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `value` as a code span (with its backticks): a fence longer than any run of backticks in
/// the value, line breaks as spaces, and `|` escaped so a table cell keeps its columns (GFM
/// reads `\|` in a table cell as `|`, also inside a code span).
pub fn code(value: &str) -> String {
    let flat: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|");
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// `n` with a comma between groups of three digits: `1,234,567`, as the bundle's documents, the
/// rules' messages and the cost report write numbers.
pub(crate) fn grouped(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_literal() {
        for (value, escaped) in [
            ("card-catalog-api", "card-catalog-api"),
            ("Sells cards (online), fast.", "Sells cards (online), fast."),
            ("# Title", "\\# Title"),
            ("- item", "\\- item"),
            ("12. item", "12\\. item"),
            ("1) item", "1\\) item"),
            ("2026 plans", "2026 plans"),
            ("  > quote", "\\> quote"),
            ("a | b", "a \\| b"),
            ("line\nnext\r\n---", "line next  ---"),
            ("<script>x</script>", "\\<script\\>x\\</script\\>"),
            (
                "[x](javascript:y) ![i](u)",
                "\\[x\\](javascript:y) \\!\\[i\\](u)",
            ),
            (
                "*b* _i_ `c` ~s~ &amp; \\",
                "\\*b\\* \\_i\\_ \\`c\\` \\~s\\~ \\&amp; \\\\",
            ),
        ] {
            assert_eq!(text(value), escaped, "{value:?}");
        }
    }

    #[test]
    fn code_spans_hold_any_value() {
        assert_eq!(code("abc"), "`abc`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x``"), "``` `x`` ```");
        assert_eq!(code("a|b\nc"), "`a\\|b c`");
    }
}
