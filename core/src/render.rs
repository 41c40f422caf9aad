//! Renders hcl-rs structures as text laid out exactly as `terraform fmt` would write it.
//!
//! hcl-rs's own formatter does not align `=` signs; this one follows the rules of Terraform's
//! formatter (hclwrite): two-space indents, one indent level per line that opens brackets,
//! and `=` aligned across each run of consecutive single-line assignments. A line that opens a
//! multi-line value, a blank line, a block or a closing bracket ends the run.
//!
//! Layout choices that `terraform fmt` leaves alone (blank lines, single- or multi-line lists)
//! are made here once: blocks are surrounded by blank lines, objects are always multi-line,
//! short lists of single-line values stay on one line.

use hcl::expr::{
    BinaryOperator, Expression, ObjectKey, Operation, TemplateExpr, TraversalOperator,
    UnaryOperator,
};
use hcl::structure::{Attribute, Block, BlockLabel, Body, Structure};

/// The reserved attribute key that carries a comment line through an hcl-rs body. No
/// Terraform argument starts with a double underscore, and this renderer never writes it.
pub const COMMENT_KEY: &str = "__tfdesign_comment__";

/// The text of a comment structure made by [`crate::emit::hcl::comment`], if `s` is one.
pub fn comment_text(s: &Structure) -> Option<&str> {
    match s {
        Structure::Attribute(a) if a.key.as_str() == COMMENT_KEY => match &a.expr {
            Expression::String(text) => Some(text),
            _ => None,
        },
        _ => None,
    }
}

/// The reserved function name that carries a quoted template through an hcl-rs body: its
/// arguments are the template's parts in order, string literals for literal text and any
/// other expression for an interpolation. This renderer writes it as `"…${…}…"`; no
/// Terraform function starts with a double underscore. Keeping the parts as expressions (hcl-rs
/// holds a template only as source text) lets the bundle checks see the references inside
/// without parsing.
pub const TEMPLATE_FN: &str = "__tfdesign_template__";

const INDENT: &str = "  ";
/// Lists longer than this on one line are written one element per line.
const MAX_INLINE_LIST: usize = 80;

/// Renders a whole file: an optional header comment, then the body.
pub fn file(header: Option<&str>, body: &Body) -> String {
    let mut out = String::new();
    if let Some(header) = header {
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        if !body.0.is_empty() {
            out.push('\n');
        }
    }
    write_body(&mut out, body, 0);
    out
}

/// Renders a body with no header.
pub fn body(body: &Body) -> String {
    file(None, body)
}

fn is_meta_argument(key: &str) -> bool {
    matches!(
        key,
        "count" | "for_each" | "provider" | "source" | "version"
    )
}

fn write_body(out: &mut String, body: &Body, level: usize) {
    let items = &body.0;
    let is_attribute =
        |s: &Structure| matches!(s, Structure::Attribute(_)) && comment_text(s).is_none();
    let mut i = 0;
    let mut first = true;
    // A comment belongs to what follows it: no blank line between them.
    let mut after_comment = false;
    while i < items.len() {
        if !first && !after_comment {
            out.push('\n');
        }
        if let Some(text) = comment_text(&items[i]) {
            push_indent(out, level);
            out.push_str("# ");
            out.push_str(text);
            out.push('\n');
            i += 1;
            after_comment = true;
            first = false;
            continue;
        }
        match &items[i] {
            Structure::Block(block) => {
                write_block(out, block, level);
                i += 1;
            }
            Structure::Attribute(_) => {
                // A comment line ends the run: terraform fmt aligns `=` only across
                // consecutive assignment lines.
                let start = i;
                while i < items.len() && is_attribute(&items[i]) {
                    i += 1;
                }
                let run: Vec<&Attribute> = items[start..i]
                    .iter()
                    .filter_map(|s| match s {
                        Structure::Attribute(a) => Some(a),
                        Structure::Block(_) => None,
                    })
                    .collect();
                write_attribute_run(out, &run, level);
            }
        }
        after_comment = false;
        first = false;
    }
}

/// A run of attributes, split into groups by blank lines: leading meta-arguments
/// (`count`, `for_each`, `source`…) and a trailing `depends_on` stand apart.
fn write_attribute_run(out: &mut String, run: &[&Attribute], level: usize) {
    let meta = run
        .iter()
        .take_while(|a| is_meta_argument(a.key.as_str()))
        .count();
    let meta = if meta == run.len() { run.len() } else { meta };
    let tail = usize::from(
        run.len() > meta + 1 && run.last().is_some_and(|a| a.key.as_str() == "depends_on"),
    );
    let groups = [
        &run[..meta],
        &run[meta..run.len() - tail],
        &run[run.len() - tail..],
    ];
    let mut first = true;
    for group in groups.iter().filter(|g| !g.is_empty()) {
        if !first {
            out.push('\n');
        }
        let mut lines = Lines::default();
        for a in group.iter() {
            lines.push(
                |t| t.push_str(a.key.as_str()),
                |t| write_expr(t, &a.expr, level),
            );
        }
        write_assignments(out, &lines, level);
        first = false;
    }
}

/// `key = value` lines before they are laid out: every key and value rendered into one buffer
/// (one allocation per run of lines, not two per line).
#[derive(Default)]
struct Lines {
    text: String,
    /// Per line: where its key starts, where its value starts, where it ends.
    spans: Vec<(usize, usize, usize)>,
}

impl Lines {
    /// Adds a line whose key and value the two functions write.
    fn push(&mut self, key: impl FnOnce(&mut String), value: impl FnOnce(&mut String)) {
        let start = self.text.len();
        key(&mut self.text);
        let middle = self.text.len();
        value(&mut self.text);
        self.spans.push((start, middle, self.text.len()));
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    /// The key and value of line `i`.
    fn get(&self, i: usize) -> (&str, &str) {
        let (start, middle, end) = self.spans[i];
        (&self.text[start..middle], &self.text[middle..end])
    }
}

/// Writes `key = value` lines, aligning `=` across consecutive single-line values.
fn write_assignments(out: &mut String, lines: &Lines, level: usize) {
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        while i < lines.len() && !lines.get(i).1.contains('\n') {
            i += 1;
        }
        let width = (start..i)
            .map(|j| lines.get(j).0.chars().count())
            .max()
            .unwrap_or(0);
        for j in start..i {
            let (key, value) = lines.get(j);
            push_indent(out, level);
            out.push_str(key);
            for _ in key.chars().count()..width {
                out.push(' ');
            }
            out.push_str(" = ");
            out.push_str(value);
            out.push('\n');
        }
        if i < lines.len() {
            let (key, value) = lines.get(i);
            push_indent(out, level);
            out.push_str(key);
            out.push_str(" = ");
            out.push_str(value);
            out.push('\n');
            i += 1;
        }
    }
}

fn write_block(out: &mut String, block: &Block, level: usize) {
    push_indent(out, level);
    out.push_str(block.identifier.as_str());
    for label in &block.labels {
        out.push(' ');
        match label {
            BlockLabel::String(s) => push_string_literal(out, s),
            BlockLabel::Identifier(id) => out.push_str(id.as_str()),
        }
    }
    if block.body.0.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    write_body(out, &block.body, level + 1);
    push_indent(out, level);
    out.push_str("}\n");
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str(INDENT);
    }
}

/// Escapes a string for a quoted HCL template: quotes, backslashes, control characters and
/// the template introducers `${` and `%{`, so no value can become an expression.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_escaped(&mut out, s);
    out
}

/// [`escape`] onto `out`. Text with nothing to escape (printable ASCII, no `\`, `"`, `$` or
/// `%`: most of what the generator writes) is copied as it is.
fn push_escaped(out: &mut String, s: &str) {
    let plain = s
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && !matches!(b, b'\\' | b'"' | b'$' | b'%'));
    if plain {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

fn push_string_literal(out: &mut String, s: &str) {
    out.push('"');
    push_escaped(out, s);
    out.push('"');
}

/// Renders an expression whose first line starts at indent `level`.
pub fn expr(e: &Expression, level: usize) -> String {
    let mut out = String::new();
    write_expr(&mut out, e, level);
    out
}

fn write_expr(out: &mut String, e: &Expression, level: usize) {
    match e {
        Expression::Null => out.push_str("null"),
        Expression::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Expression::Number(n) => out.push_str(&n.to_string()),
        Expression::String(s) => push_string_literal(out, s),
        Expression::Array(items) => write_array(out, items, level),
        Expression::Object(obj) => {
            if obj.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            let mut lines = Lines::default();
            for (k, v) in obj.iter() {
                lines.push(|t| write_object_key(t, k), |t| write_expr(t, v, level + 1));
            }
            write_assignments(out, &lines, level + 1);
            push_indent(out, level);
            out.push('}');
        }
        Expression::TemplateExpr(t) => match t.as_ref() {
            TemplateExpr::QuotedString(raw) => {
                out.push('"');
                out.push_str(raw);
                out.push('"');
            }
            TemplateExpr::Heredoc(h) => {
                // Not emitted by tfdesign; rendered faithfully for completeness.
                out.push_str("<<");
                out.push_str(h.delimiter.as_str());
                out.push('\n');
                out.push_str(&h.template);
                out.push_str(h.delimiter.as_str());
            }
        },
        Expression::Variable(v) => out.push_str(v.as_str()),
        Expression::Traversal(t) => {
            write_expr(out, &t.expr, level);
            for op in &t.operators {
                match op {
                    TraversalOperator::AttrSplat => out.push_str(".*"),
                    TraversalOperator::FullSplat => out.push_str("[*]"),
                    TraversalOperator::GetAttr(id) => {
                        out.push('.');
                        out.push_str(id.as_str());
                    }
                    TraversalOperator::Index(i) => {
                        out.push('[');
                        write_expr(out, i, level);
                        out.push(']');
                    }
                    TraversalOperator::LegacyIndex(i) => {
                        out.push('.');
                        out.push_str(&i.to_string());
                    }
                }
            }
        }
        Expression::FuncCall(f)
            if f.name.namespace.is_empty() && f.name.name.as_str() == TEMPLATE_FN =>
        {
            out.push('"');
            for part in &f.args {
                match part {
                    Expression::String(text) => push_escaped(out, text),
                    e => {
                        out.push_str("${");
                        write_expr(out, e, level);
                        out.push('}');
                    }
                }
            }
            out.push('"');
        }
        Expression::FuncCall(f) => {
            for ns in &f.name.namespace {
                out.push_str(ns.as_str());
                out.push_str("::");
            }
            out.push_str(f.name.name.as_str());
            out.push('(');
            for (i, arg) in f.args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, arg, level);
            }
            if f.expand_final {
                out.push_str("...");
            }
            out.push(')');
        }
        Expression::Parenthesis(inner) => {
            out.push('(');
            write_expr(out, inner, level);
            out.push(')');
        }
        Expression::Conditional(c) => {
            write_expr(out, &c.cond_expr, level);
            out.push_str(" ? ");
            write_expr(out, &c.true_expr, level);
            out.push_str(" : ");
            write_expr(out, &c.false_expr, level);
        }
        Expression::Operation(op) => match op.as_ref() {
            Operation::Unary(u) => {
                out.push_str(match u.operator {
                    UnaryOperator::Neg => "-",
                    UnaryOperator::Not => "!",
                });
                write_expr(out, &u.expr, level);
            }
            Operation::Binary(b) => {
                write_expr(out, &b.lhs_expr, level);
                out.push(' ');
                out.push_str(binary_operator(b.operator));
                out.push(' ');
                write_expr(out, &b.rhs_expr, level);
            }
        },
        Expression::ForExpr(f) => {
            // terraform fmt writes `{ for … }` but `[for …]`.
            let object = f.key_expr.is_some();
            out.push_str(if object { "{ for " } else { "[for " });
            if let Some(k) = &f.key_var {
                out.push_str(k.as_str());
                out.push_str(", ");
            }
            out.push_str(f.value_var.as_str());
            out.push_str(" in ");
            write_expr(out, &f.collection_expr, level);
            out.push_str(" : ");
            if let Some(k) = &f.key_expr {
                write_expr(out, k, level);
                out.push_str(" => ");
            }
            write_expr(out, &f.value_expr, level);
            if f.grouping {
                out.push_str("...");
            }
            if let Some(c) = &f.cond_expr {
                out.push_str(" if ");
                write_expr(out, c, level);
            }
            out.push_str(if object { " }" } else { "]" });
        }
        // Expression is non-exhaustive; tfdesign builds none of the other kinds.
        _ => out.push_str("null"),
    }
}

fn write_array(out: &mut String, items: &[Expression], level: usize) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    let inline: Vec<String> = items.iter().map(|e| expr(e, level)).collect();
    let one_line = inline.iter().all(|s| !s.contains('\n'))
        && inline.iter().map(|s| s.len() + 2).sum::<usize>() <= MAX_INLINE_LIST;
    if one_line {
        out.push('[');
        out.push_str(&inline.join(", "));
        out.push(']');
        return;
    }
    out.push_str("[\n");
    for item in items {
        push_indent(out, level + 1);
        write_expr(out, item, level + 1);
        out.push_str(",\n");
    }
    push_indent(out, level);
    out.push(']');
}

/// Whether `key` can be written as a bare object key: an ASCII identifier (a letter or `_`, then
/// letters, digits, `_`, `-`) that is no HCL keyword. A bare `for` opens a for-expression,
/// `null`, `true` and `false` are values, `in` and `if` belong to for-expressions; any of them,
/// and anything else, is written quoted (which `terraform fmt` keeps as it is).
pub fn is_bare_key(key: &str) -> bool {
    key.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(key, "for" | "in" | "if" | "null" | "true" | "false")
}

fn write_object_key(out: &mut String, k: &ObjectKey) {
    match k {
        ObjectKey::Identifier(id) if is_bare_key(id.as_str()) => out.push_str(id.as_str()),
        ObjectKey::Identifier(id) => push_string_literal(out, id.as_str()),
        ObjectKey::Expression(Expression::String(s)) => push_string_literal(out, s),
        // A reference (`aws.us_east_1` in a module call's `providers`) is written bare.
        ObjectKey::Expression(e @ Expression::Traversal(_)) => write_expr(out, e, 0),
        ObjectKey::Expression(e) => {
            out.push('(');
            write_expr(out, e, 0);
            out.push(')');
        }
        // ObjectKey is non-exhaustive; tfdesign builds none of the other kinds.
        _ => out.push_str("\"\""),
    }
}

fn binary_operator(op: BinaryOperator) -> &'static str {
    match op {
        BinaryOperator::Eq => "==",
        BinaryOperator::NotEq => "!=",
        BinaryOperator::LessEq => "<=",
        BinaryOperator::GreaterEq => ">=",
        BinaryOperator::Less => "<",
        BinaryOperator::Greater => ">",
        BinaryOperator::Plus => "+",
        BinaryOperator::Minus => "-",
        BinaryOperator::Mul => "*",
        BinaryOperator::Div => "/",
        BinaryOperator::Mod => "%",
        BinaryOperator::And => "&&",
        BinaryOperator::Or => "||",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::hcl::*;

    /// Renders `file` and compares with `expected` (what `terraform fmt` leaves unchanged).
    fn check(file: File, expected: &str) {
        assert_eq!(body(&file.body()), expected);
    }

    #[test]
    fn aligns_runs_and_breaks_them_at_multiline_values() {
        let mut f = File::new();
        f.push(
            resource("aws_x", "this")
                .a("count", n(1))
                .a("name", s("a"))
                .a("instance_type", s("t3.small"))
                .a("tags", obj([("Name", s("x")), ("LongerKey", s("y"))]))
                .a("after", b(true))
                .b(blk("nested", &[]).a("k", n(1)))
                .a("depends_on", list([r("aws_y.this")])),
        );
        check(
            f,
            "resource \"aws_x\" \"this\" {\n  count = 1\n\n  name          = \"a\"\n  instance_type = \"t3.small\"\n  tags = {\n    Name      = \"x\"\n    LongerKey = \"y\"\n  }\n  after = true\n\n  nested {\n    k = 1\n  }\n\n  depends_on = [aws_y.this]\n}\n",
        );
    }

    #[test]
    fn comments_end_alignment_runs_and_stick_to_what_follows() {
        let mut f = File::new();
        f.push(
            resource("aws_x", "this")
                .skip("CKV_AWS_1", "tiers[dev].waf = false")
                .a("count", n(1))
                .a("name", s("a"))
                .comment("why the next one\nis set")
                .a("instance_type", s("t3.small"))
                .b(blk("nested", &[]).skip("CKV_AWS_2", "x").a("k", n(1)))
                .comment("last"),
        );
        f.push(blk("locals", &[]).comment("only a comment"));
        check(
            f,
            "resource \"aws_x\" \"this\" {\n  # checkov:skip=CKV_AWS_1:tiers[dev].waf = false\n  count = 1\n\n  name = \"a\"\n\n  # why the next one is set\n  instance_type = \"t3.small\"\n\n  nested {\n    # checkov:skip=CKV_AWS_2:x\n    k = 1\n  }\n\n  # last\n}\n\nlocals {\n  # only a comment\n}\n",
        );
    }

    #[test]
    fn escapes_everything_that_could_become_hcl() {
        assert_eq!(escape("a\"b"), "a\\\"b");
        assert_eq!(escape("${x}"), "$${x}");
        assert_eq!(escape("%{x}"), "%%{x}");
        assert_eq!(escape("$x %y"), "$x %y");
        assert_eq!(escape("l1\nl2\\"), "l1\\nl2\\\\");
        assert_eq!(escape("\u{7}"), "\\u0007");
    }

    #[test]
    fn function_calls_with_objects_indent_once() {
        let mut f = File::new();
        f.attr(
            "policy",
            call(
                "jsonencode",
                vec![obj([("Statement", list([obj([("Effect", s("Allow"))])]))])],
            ),
        );
        check(
            f,
            "policy = jsonencode({\n  Statement = [\n    {\n      Effect = \"Allow\"\n    },\n  ]\n})\n",
        );
    }

    #[test]
    fn for_expressions_are_spaced_like_terraform_fmt() {
        let mut f = File::new();
        f.attr("m", for_map("k", "v", r("var.x"), r("k"), r("v.id")));
        f.attr("l", for_list("v", r("var.x"), r("v.id")));
        f.attr("i", r("aws_iam_user.this[each.key].name"));
        check(
            f,
            "m = { for k, v in var.x : k => v.id }\nl = [for v in var.x : v.id]\ni = aws_iam_user.this[each.key].name\n",
        );
    }

    #[test]
    fn templates_escape_literal_parts_only() {
        let mut f = File::new();
        f.attr("name", tpl(vec![T::X(r("local.name")), T::L("-${evil}\"")]));
        check(f, "name = \"${local.name}-$${evil}\\\"\"\n");
    }
}
