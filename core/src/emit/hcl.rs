//! A small vocabulary over hcl-rs builders so emitters read like the Terraform they make.
//!
//! Every value here becomes an hcl-rs structure; nothing is spliced into HCL source text.
//! Literal strings (including anything a person typed) are `Expression::String`, which the
//! renderer escapes. Templates mix escaped literal parts with expressions.

use hcl::expr::{
    BinaryOp, BinaryOperator, Conditional, Expression, ForExpr, FuncCall, Object, ObjectKey,
    Traversal, TraversalOperator, Variable,
};
use hcl::structure::{Attribute, Block, BlockLabel, Body, Structure};
use hcl::Identifier;

/// How a body carries comments and templates is the renderer's convention ([`crate::render`]).
pub use crate::render::{comment_text, COMMENT_KEY, TEMPLATE_FN};

/// A binary operator of [`op`]: a typo does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `>`
    Greater,
    /// `<`
    Less,
    /// `>=`
    GreaterEq,
    /// `<=`
    LessEq,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Mul,
}

impl From<Op> for BinaryOperator {
    fn from(op: Op) -> BinaryOperator {
        match op {
            Op::Eq => BinaryOperator::Eq,
            Op::NotEq => BinaryOperator::NotEq,
            Op::Greater => BinaryOperator::Greater,
            Op::Less => BinaryOperator::Less,
            Op::GreaterEq => BinaryOperator::GreaterEq,
            Op::LessEq => BinaryOperator::LessEq,
            Op::And => BinaryOperator::And,
            Op::Or => BinaryOperator::Or,
            Op::Plus => BinaryOperator::Plus,
            Op::Minus => BinaryOperator::Minus,
            Op::Mul => BinaryOperator::Mul,
        }
    }
}

/// Shorthand for an hcl-rs expression.
pub type E = Expression;

/// A string literal.
pub fn s(v: impl Into<String>) -> E {
    Expression::String(v.into())
}

/// An integer literal.
pub fn n(v: i64) -> E {
    Expression::Number(v.into())
}

/// A boolean literal.
pub fn b(v: bool) -> E {
    Expression::Bool(v)
}

/// `null`.
pub fn null() -> E {
    Expression::Null
}

/// An identifier: taken as it is when it is a plain ASCII one (every name the generator spells),
/// sanitized otherwise. Sanitizing copies the name a character at a time, and generation makes
/// tens of thousands of identifiers.
fn ident(name: &str) -> Identifier {
    if is_plain_ident(name) {
        Identifier::unchecked(name)
    } else {
        Identifier::sanitized(name)
    }
}

/// `[A-Za-z_][A-Za-z0-9_-]*`: a valid HCL identifier that needs no Unicode tables to check.
fn is_plain_ident(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A reference such as `var.name`, `aws_iam_role.this.arn`, `data.aws_subnets.private.ids`,
/// `module.db.endpoint`, `aws_db_instance.replica[*].endpoint` or `each.value`.
///
/// Only for references the generator spells itself: never call it with user text.
pub fn r(path: &str) -> E {
    // Split on dots outside brackets: `a.b[each.key].c` → `a`, `b[each.key]`, `c`.
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in path.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&path[start..]);
    let root = parts[0];
    let mut ops = Vec::new();
    for part in &parts[1..] {
        let (name, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (*part, ""),
        };
        if !name.is_empty() {
            ops.push(TraversalOperator::GetAttr(ident(name)));
        }
        // Each `[...]` in turn (indexes do not nest in the references we write).
        let mut rest = indexes;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']') else {
                break;
            };
            let idx = &rest[open + 1..open + close];
            if idx == "*" {
                ops.push(TraversalOperator::FullSplat);
            } else if let Ok(i) = idx.parse::<i64>() {
                ops.push(TraversalOperator::Index(n(i)));
            } else {
                ops.push(TraversalOperator::Index(r(idx)));
            }
            rest = &rest[open + close + 1..];
        }
    }
    if ops.is_empty() {
        Expression::Variable(variable(root))
    } else {
        Expression::Traversal(Box::new(Traversal::new(variable(root), ops)))
    }
}

fn variable(name: &str) -> Variable {
    if is_plain_ident(name) {
        Variable::unchecked(name)
    } else {
        Variable::sanitized(name)
    }
}

/// A function call.
pub fn call(name: &str, args: Vec<E>) -> E {
    let mut f = FuncCall::new(ident(name));
    f.args = args;
    Expression::FuncCall(Box::new(f))
}

/// A list.
pub fn list(items: impl IntoIterator<Item = E>) -> E {
    Expression::Array(items.into_iter().collect())
}

/// A list of string literals.
pub fn strs<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> E {
    list(items.into_iter().map(|v| s(v.as_ref())))
}

/// An object; keys that are valid identifiers are written bare, others quoted.
pub fn obj<K: AsRef<str>>(pairs: impl IntoIterator<Item = (K, E)>) -> E {
    let mut o = Object::new();
    for (k, v) in pairs {
        o.insert(key(k.as_ref()), v);
    }
    Expression::Object(o)
}

/// An object whose keys are references written bare (a module call's `providers`:
/// `aws.us_east_1 = aws.us_east_1`).
pub fn obj_refs<'a>(pairs: impl IntoIterator<Item = (&'a str, E)>) -> E {
    let mut o = Object::new();
    for (k, v) in pairs {
        let key = if crate::render::is_bare_key(k) {
            ObjectKey::Identifier(ident(k))
        } else {
            ObjectKey::Expression(r(k))
        };
        o.insert(key, v);
    }
    Expression::Object(o)
}

fn key(k: &str) -> ObjectKey {
    if crate::render::is_bare_key(k) {
        ObjectKey::Identifier(ident(k))
    } else {
        ObjectKey::Expression(s(k))
    }
}

/// A piece of a string template.
pub enum T<'a> {
    /// Literal text (escaped when rendered).
    L(&'a str),
    /// An interpolated expression.
    X(E),
}

/// A quoted template such as `"${var.name}-alb"`.
pub fn tpl(parts: Vec<T<'_>>) -> E {
    let args = parts
        .into_iter()
        .map(|part| match part {
            T::L(text) => s(text),
            T::X(e) => e,
        })
        .collect();
    call(TEMPLATE_FN, args)
}

/// `cond ? yes : no`.
pub fn cond(c: E, yes: E, no: E) -> E {
    Expression::Conditional(Box::new(Conditional::new(c, yes, no)))
}

/// A binary operation, e.g. `op(r("var.count"), Op::Greater, n(0))`.
pub fn op(lhs: E, operator: Op, rhs: E) -> E {
    let operator = BinaryOperator::from(operator);
    // hcl-rs writes operations as they are, without parentheses: an operand that binds less
    // tightly than this operator (or as tightly, on the right: HCL is left-associative) is
    // put in parentheses, so the text means the tree it was built from.
    let lhs = parenthesize(lhs, |p| p < precedence(operator));
    let rhs = parenthesize(rhs, |p| p <= precedence(operator));
    Expression::Operation(Box::new(hcl::expr::Operation::Binary(BinaryOp::new(
        lhs, operator, rhs,
    ))))
}

/// HCL's binary operator precedence, higher binds tighter.
fn precedence(op: BinaryOperator) -> u8 {
    match op {
        BinaryOperator::Or => 1,
        BinaryOperator::And => 2,
        BinaryOperator::Eq | BinaryOperator::NotEq => 3,
        BinaryOperator::Greater
        | BinaryOperator::GreaterEq
        | BinaryOperator::Less
        | BinaryOperator::LessEq => 4,
        BinaryOperator::Plus | BinaryOperator::Minus => 5,
        BinaryOperator::Mul | BinaryOperator::Div | BinaryOperator::Mod => 6,
    }
}

/// `e` in parentheses when it is a binary operation whose precedence `needs` them, or a
/// conditional (which binds less tightly than any operator).
fn parenthesize(e: E, needs: impl Fn(u8) -> bool) -> E {
    let wrap = match &e {
        Expression::Operation(o) => match o.as_ref() {
            hcl::expr::Operation::Binary(b) => needs(precedence(b.operator)),
            hcl::expr::Operation::Unary(_) => false,
        },
        Expression::Conditional(_) => true,
        _ => false,
    };
    if wrap {
        Expression::Parenthesis(Box::new(e))
    } else {
        e
    }
}

/// `!e`.
pub fn not(e: E) -> E {
    Expression::Operation(Box::new(hcl::expr::Operation::Unary(
        hcl::expr::UnaryOp::new(hcl::expr::UnaryOperator::Not, parenthesize(e, |_| true)),
    )))
}

/// `[for v in coll : value]`.
pub fn for_list(var: &str, coll: E, value: E) -> E {
    Expression::ForExpr(Box::new(ForExpr::new(ident(var), coll, value)))
}

/// `{for k, v in coll : key => value}`.
pub fn for_map(k: &str, v: &str, coll: E, key: E, value: E) -> E {
    let f = ForExpr::new(ident(v), coll, value)
        .with_key_var(ident(k))
        .with_key_expr(key);
    Expression::ForExpr(Box::new(f))
}

/// A comment line as a body structure (see [`Blk::comment`]).
pub fn comment(text: &str) -> Structure {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Structure::Attribute(Attribute::new(
        ident(COMMENT_KEY),
        Expression::String(one_line),
    ))
}

/// A block under construction.
pub struct Blk(Block);

/// A block with labels, e.g. `blk("resource", &["aws_sqs_queue", "this"])`.
pub fn blk(identifier: &str, labels: &[&str]) -> Blk {
    let mut b = Block::new(ident(identifier));
    b.labels = labels
        .iter()
        .map(|l| BlockLabel::String((*l).to_string()))
        .collect();
    Blk(b)
}

/// `lifecycle { precondition { condition = …, error_message = "…" } }`.
pub fn precondition(condition: E, message: &str) -> Blk {
    blk("lifecycle", &[]).b(blk("precondition", &[])
        .a("condition", condition)
        .a("error_message", s(message)))
}

/// `resource "kind" "name" { … }`.
pub fn resource(kind: &str, name: &str) -> Blk {
    blk("resource", &[kind, name])
}

/// `data "kind" "name" { … }`.
pub fn data(kind: &str, name: &str) -> Blk {
    blk("data", &[kind, name])
}

impl Blk {
    /// Adds an attribute.
    pub fn a(mut self, key: &str, value: E) -> Blk {
        self.0
            .body
            .0
            .push(Structure::Attribute(Attribute::new(ident(key), value)));
        self
    }

    /// Puts `count = <count>` first in the block, when `count` is `Some` (a resource made
    /// optional after its other arguments were written).
    pub fn counted(mut self, count: Option<E>) -> Blk {
        if let Some(count) = count {
            self.0.body.0.insert(
                0,
                Structure::Attribute(Attribute::new(ident("count"), count)),
            );
        }
        self
    }

    /// Puts `for_each = <collection>` first in the block.
    pub fn each(mut self, collection: E) -> Blk {
        self.0.body.0.insert(
            0,
            Structure::Attribute(Attribute::new(ident("for_each"), collection)),
        );
        self
    }

    /// Adds an attribute when `value` is `Some`.
    pub fn opt(self, key: &str, value: Option<E>) -> Blk {
        match value {
            Some(v) => self.a(key, v),
            None => self,
        }
    }

    /// Adds a `# text` comment line at this point of the block (rendered by
    /// [`crate::render`]; hcl-rs bodies cannot hold comments, so it travels as an attribute
    /// with the reserved key [`COMMENT_KEY`]). Line breaks in `text` become spaces.
    pub fn comment(mut self, text: &str) -> Blk {
        self.0.body.0.push(comment(text));
        self
    }

    /// Adds a `# checkov:skip=<id>:<reason>` line: the check is deliberately not met, for the
    /// reason given (which names the design field that chose it).
    pub fn skip(self, id: &str, reason: &str) -> Blk {
        self.comment(&format!("checkov:skip={id}:{reason}"))
    }

    /// Adds every skip of `skips` (check id, reason).
    pub fn skips(self, skips: impl IntoIterator<Item = (String, String)>) -> Blk {
        skips
            .into_iter()
            .fold(self, |b, (id, reason)| b.skip(&id, &reason))
    }

    /// Adds a nested block.
    pub fn b(mut self, block: Blk) -> Blk {
        self.0.body.0.push(Structure::Block(block.0));
        self
    }

    /// Adds a nested block when `block` is `Some`.
    pub fn ob(self, block: Option<Blk>) -> Blk {
        match block {
            Some(b) => self.b(b),
            None => self,
        }
    }

    /// Adds nested blocks.
    pub fn bs(mut self, blocks: impl IntoIterator<Item = Blk>) -> Blk {
        for block in blocks {
            self.0.body.0.push(Structure::Block(block.0));
        }
        self
    }

    /// The finished block.
    pub fn build(self) -> Block {
        self.0
    }
}

/// A file body under construction.
#[derive(Default)]
pub struct File(Vec<Structure>);

impl Extend<Blk> for File {
    /// Appends blocks in order.
    fn extend<I: IntoIterator<Item = Blk>>(&mut self, blocks: I) {
        for block in blocks {
            self.push(block);
        }
    }
}

impl File {
    /// An empty file.
    pub fn new() -> File {
        File(Vec::new())
    }

    /// Appends a block.
    pub fn push(&mut self, block: Blk) -> &mut File {
        self.0.push(Structure::Block(block.0));
        self
    }

    /// Appends a top-level attribute (tfvars files).
    pub fn attr(&mut self, key: &str, value: E) -> &mut File {
        self.0
            .push(Structure::Attribute(Attribute::new(ident(key), value)));
        self
    }

    /// The finished body.
    pub fn body(self) -> Body {
        Body(self.0)
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(e: &E) -> String {
        crate::render::expr(e, 0)
    }

    #[test]
    fn operations_keep_their_grouping_in_text() {
        let (a, b2, c) = (|| r("var.a"), || r("var.b"), || r("var.c"));
        // a && (b || c): the group binds less tightly than && and needs parentheses.
        let e = op(a(), Op::And, op(b2(), Op::Or, c()));
        assert_eq!(text(&e), "var.a && (var.b || var.c)");
        // (a && b) || c reads the same without them.
        assert_eq!(
            text(&op(op(a(), Op::And, b2()), Op::Or, c())),
            "var.a && var.b || var.c"
        );
        // Left-associative: a - (b - c) keeps its parentheses, (a - b) - c needs none.
        assert_eq!(
            text(&op(a(), Op::Minus, op(b2(), Op::Minus, c()))),
            "var.a - (var.b - var.c)"
        );
        assert_eq!(
            text(&op(op(a(), Op::Minus, b2()), Op::Minus, c())),
            "var.a - var.b - var.c"
        );
        // Tighter operands stay bare; negations and conditionals are grouped.
        assert_eq!(
            text(&op(op(a(), Op::Greater, n(0)), Op::Or, c())),
            "var.a > 0 || var.c"
        );
        assert_eq!(text(&not(op(a(), Op::And, b2()))), "!(var.a && var.b)");
        assert_eq!(
            text(&op(cond(a(), n(1), n(2)), Op::Plus, c())),
            "(var.a ? 1 : 2) + var.c"
        );
    }

    #[test]
    fn every_operator_renders_as_hcl_spells_it() {
        let all = [
            ("==", Op::Eq),
            ("!=", Op::NotEq),
            (">", Op::Greater),
            ("<", Op::Less),
            (">=", Op::GreaterEq),
            ("<=", Op::LessEq),
            ("&&", Op::And),
            ("||", Op::Or),
            ("+", Op::Plus),
            ("-", Op::Minus),
            ("*", Op::Mul),
        ];
        for (text, want) in all {
            let e = op(r("var.a"), want, r("var.b"));
            assert_eq!(crate::render::expr(&e, 0), format!("var.a {text} var.b"));
        }
    }
}
