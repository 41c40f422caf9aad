//! A tiny tokenizer for the code viewer: splits HCL or Markdown into classed pieces of text.
//! The viewer puts each piece in a `<span class=…>` as a text node, never as HTML.

/// The kind of a piece of code, used as its CSS class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Anything else.
    Plain,
    /// `# …`, `// …` comments.
    Comment,
    /// Quoted strings.
    String,
    /// Numbers and `true`/`false`/`null`.
    Literal,
    /// Block types and keywords (`resource`, `variable`, `for`, …).
    Keyword,
    /// Markdown headings.
    Heading,
    /// Markdown inline code.
    Code,
}

impl Kind {
    /// The CSS class of the kind.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Plain => "tok",
            Kind::Comment => "tok comment",
            Kind::String => "tok string",
            Kind::Literal => "tok literal",
            Kind::Keyword => "tok keyword",
            Kind::Heading => "tok heading",
            Kind::Code => "tok code",
        }
    }
}

const KEYWORDS: &[&str] = &[
    "resource",
    "data",
    "variable",
    "output",
    "module",
    "provider",
    "terraform",
    "locals",
    "backend",
    "for",
    "in",
    "if",
    "dynamic",
    "content",
    "moved",
    "import",
    "check",
    "validation",
    "lifecycle",
    "required_providers",
];

/// How a file is highlighted, by its extension: `"md"` (Markdown), `"hcl"` (Terraform) or `""`
/// (plain).
pub fn kind_of(path: &str) -> &'static str {
    if path.ends_with(".md") {
        "md"
    } else if path.ends_with(".tf") || path.ends_with(".tfvars") || path.ends_with(".hcl") {
        "hcl"
    } else {
        ""
    }
}

/// The pieces of one line of `path`'s contents.
pub fn line(path: &str, text: &str) -> Vec<(Kind, String)> {
    line_of_kind(kind_of(path), text)
}

/// The pieces of one line of a file of `kind`: `"md"` (Markdown), `"hcl"` (Terraform) or
/// anything else (plain).
pub fn line_of_kind(kind: &str, text: &str) -> Vec<(Kind, String)> {
    match kind {
        "md" => markdown(text),
        "hcl" => hcl(text),
        _ => vec![(Kind::Plain, text.to_owned())],
    }
}

fn markdown(text: &str) -> Vec<(Kind, String)> {
    if text.starts_with('#') {
        return vec![(Kind::Heading, text.to_owned())];
    }
    let mut out = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        let kind = if i % 2 == 1 { Kind::Code } else { Kind::Plain };
        out.push((
            kind,
            if kind == Kind::Code {
                format!("`{part}`")
            } else {
                part.to_owned()
            },
        ));
    }
    out
}

fn hcl(text: &str) -> Vec<(Kind, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<(Kind, String)> = Vec::new();
    let mut push = |kind: Kind, s: String| match out.last_mut() {
        Some((k, prev)) if *k == kind => prev.push_str(&s),
        _ => out.push((kind, s)),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' || (c == '/' && chars.get(i + 1) == Some(&'/')) {
            push(Kind::Comment, chars[i..].iter().collect());
            break;
        }
        if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(chars.len());
            push(Kind::String, chars[start..i].iter().collect());
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let kind = if KEYWORDS.contains(&word.as_str()) {
                Kind::Keyword
            } else if word == "true"
                || word == "false"
                || word == "null"
                || word.chars().all(|c| c.is_ascii_digit() || c == '.')
            {
                Kind::Literal
            } else {
                Kind::Plain
            };
            push(kind, word);
            continue;
        }
        push(Kind::Plain, c.to_string());
        i += 1;
    }
    out
}
