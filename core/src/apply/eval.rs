//! A small partial evaluator of Terraform expressions across the folders of a bundle: literal
//! values, `var.` (through the module call that instantiated a module, or a root's
//! `terraform.tfvars`, or the default), `local.`, templates, conditionals, comparisons,
//! `substr` and list `for` expressions. Whatever it cannot know is [`Val::Unknown`]; name
//! patterns ([`Tree::pattern`]) write an unknown part as `*`.

use crate::bundle::Source;
use crate::emit::hcl::{COMMENT_KEY, TEMPLATE_FN};
use hcl::expr::{
    BinaryOperator, Expression, ObjectKey, Operation, TraversalOperator, UnaryOperator,
};
use hcl::{Block, Body, Structure};
use std::collections::{BTreeMap, BTreeSet};

/// A value, as far as it is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    List(Vec<Val>),
    Unknown,
}

impl Val {
    /// The value as text, when it is a string or a number.
    pub fn text(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Num(n) => Some(num_text(*n)),
            _ => None,
        }
    }
}

fn num_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Bindings of `for` expression variables.
pub type Env = Vec<(String, Val)>;

/// One folder of the bundle.
pub struct Folder<'a> {
    /// Its `terraform.tfvars`, if any.
    pub tfvars: Option<&'a Body>,
    defaults: BTreeMap<String, &'a Expression>,
    locals: BTreeMap<String, &'a Expression>,
    /// Module calls with a local source: (block, folder of the module).
    pub calls: Vec<(&'a Block, String)>,
    /// Every top-level block with its file, in file then block order.
    blocks: Vec<(&'a Source<'a>, &'a Block)>,
    /// The `resource` blocks by resource type, in the same order.
    resources: BTreeMap<&'a str, Vec<(&'a Source<'a>, &'a Block)>>,
}

/// A place an expression is evaluated in: a folder and, for a module, the call that
/// instantiated it (which lives in the next frame of the chain).
#[derive(Clone, Copy)]
pub struct Frame<'a> {
    pub dir: &'a str,
    pub call: Option<&'a Block>,
}

/// Every folder of a bundle, indexed for evaluation.
pub struct Tree<'a> {
    pub folders: BTreeMap<&'a str, Folder<'a>>,
}

/// The attribute `key` of a body.
pub fn attr<'b>(body: &'b Body, key: &str) -> Option<&'b Expression> {
    body.attributes()
        .find(|a| a.key.as_str() == key)
        .map(|a| &a.expr)
}

/// The value of `key` in an object expression.
pub fn field<'e>(e: &'e Expression, key: &str) -> Option<&'e Expression> {
    let Expression::Object(o) = e else {
        return None;
    };
    o.iter().find_map(|(k, v)| {
        let name = match k {
            ObjectKey::Identifier(id) => id.as_str(),
            ObjectKey::Expression(Expression::String(s)) => s.as_str(),
            _ => return None,
        };
        (name == key).then_some(v)
    })
}

/// The keys of an object expression.
pub fn keys(e: &Expression) -> Vec<String> {
    let Expression::Object(o) = e else {
        return Vec::new();
    };
    o.iter()
        .filter_map(|(k, _)| match k {
            ObjectKey::Identifier(id) => Some(id.to_string()),
            ObjectKey::Expression(Expression::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// `dir` joined with a relative `path`, `..` resolved.
fn join(dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The parts of a template: literal text, or an expression.
pub enum Part {
    Lit(String),
    Expr(Expression),
}

/// The parts of a quoted template (generated, or parsed back), or `None` for anything else.
pub fn template_parts(e: &Expression) -> Option<Vec<Part>> {
    match e {
        Expression::FuncCall(f)
            if f.name.namespace.is_empty() && f.name.name.as_str() == TEMPLATE_FN =>
        {
            Some(
                f.args
                    .iter()
                    .map(|a| match a {
                        Expression::String(s) => Part::Lit(s.clone()),
                        other => Part::Expr(other.clone()),
                    })
                    .collect(),
            )
        }
        #[cfg(feature = "parse")]
        Expression::TemplateExpr(t) => {
            use hcl::template::{Element, Template};
            let tpl = Template::from_expr(t).ok()?;
            let mut parts = Vec::new();
            for el in tpl.elements() {
                match el {
                    Element::Literal(s) => parts.push(Part::Lit(s.clone())),
                    Element::Interpolation(i) => parts.push(Part::Expr(i.expr.clone())),
                    Element::Directive(_) => parts.push(Part::Expr(Expression::Null)),
                }
            }
            Some(parts)
        }
        _ => None,
    }
}

/// A traversal as its root name and the attribute names after it (`None` past an index or
/// splat).
pub fn path(e: &Expression) -> Option<(String, Vec<Option<String>>)> {
    let Expression::Traversal(t) = e else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let ops = t
        .operators
        .iter()
        .map(|op| match op {
            TraversalOperator::GetAttr(id) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    Some((root.to_string(), ops))
}

const MAX_DEPTH: usize = 40;

impl<'a> Tree<'a> {
    /// Indexes the folders (`.tf` sources) and the `terraform.tfvars` bodies by folder.
    pub fn new(
        folders: &'a BTreeMap<&'a str, Vec<Source<'a>>>,
        tfvars: &'a BTreeMap<String, std::sync::Arc<Body>>,
    ) -> Tree<'a> {
        let mut out = BTreeMap::new();
        for (dir, sources) in folders {
            let mut f = Folder {
                tfvars: tfvars.get(*dir).map(|b| b.as_ref()),
                defaults: BTreeMap::new(),
                locals: BTreeMap::new(),
                calls: Vec::new(),
                blocks: Vec::new(),
                resources: BTreeMap::new(),
            };
            for src in sources.iter() {
                for b in src.body.blocks() {
                    f.blocks.push((src, b));
                    let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
                    match (b.identifier.as_str(), labels.as_slice()) {
                        ("resource", [ty, ..]) => {
                            f.resources.entry(*ty).or_default().push((src, b));
                        }
                        ("variable", [name]) => {
                            if let Some(d) = attr(&b.body, "default") {
                                f.defaults.insert(name.to_string(), d);
                            }
                        }
                        ("locals", []) => {
                            for a in b
                                .body
                                .attributes()
                                .filter(|a| a.key.as_str() != COMMENT_KEY)
                            {
                                f.locals.insert(a.key.to_string(), &a.expr);
                            }
                        }
                        ("module", [_]) => {
                            if let Some(Expression::String(s)) = attr(&b.body, "source") {
                                if s.starts_with("./") || s.starts_with("../") {
                                    f.calls.push((b, join(dir, s)));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            out.insert(*dir, f);
        }
        Tree { folders: out }
    }

    /// Every way each folder is instantiated: a root (a folder no module call targets) alone,
    /// and each module with the chain of calls that reaches it (innermost first).
    pub fn chains(&self) -> Vec<Vec<Frame<'_>>> {
        let called: BTreeSet<&str> = self
            .folders
            .values()
            .flat_map(|f| f.calls.iter().map(|(_, d)| d.as_str()))
            .collect();
        let mut out = Vec::new();
        for dir in self.folders.keys().filter(|d| !called.contains(**d)) {
            self.walk(vec![Frame { dir, call: None }], &mut out);
        }
        out
    }

    fn walk<'t>(&'t self, chain: Vec<Frame<'t>>, out: &mut Vec<Vec<Frame<'t>>>) {
        let depth = chain.len();
        let dir = chain[0].dir;
        out.push(chain.clone());
        if depth > 4 {
            return;
        }
        let Some(f) = self.folders.get(dir) else {
            return;
        };
        for (block, target) in &f.calls {
            let Some((key, _)) = self.folders.get_key_value(target.as_str()) else {
                continue;
            };
            let mut next = vec![Frame {
                dir: key,
                call: Some(*block),
            }];
            next.extend(chain.iter().copied());
            self.walk(next, out);
        }
    }

    /// The sources and top-level blocks of a folder.
    pub fn blocks(&self, dir: &str) -> impl Iterator<Item = (&'a Source<'a>, &'a Block)> + '_ {
        self.folders
            .get(dir)
            .into_iter()
            .flat_map(|f| f.blocks.iter().copied())
    }

    /// The `resource` blocks of type `ty` in folder `dir`, with their files.
    pub fn resources(
        &self,
        dir: &str,
        ty: &str,
    ) -> impl Iterator<Item = (&'a Source<'a>, &'a Block)> + '_ {
        self.folders
            .get(dir)
            .and_then(|f| f.resources.get(ty))
            .into_iter()
            .flat_map(|v| v.iter().copied())
    }

    /// The expression `var.name` stands for in `chain`, with the chain to evaluate it in.
    fn var<'c>(
        &self,
        name: &str,
        chain: &'c [Frame<'a>],
    ) -> Option<(&'a Expression, &'c [Frame<'a>])> {
        let frame = chain.first()?;
        if let Some(call) = frame.call {
            if let Some(e) = attr(&call.body, name) {
                return Some((e, &chain[1..]));
            }
        } else if let Some(e) = self
            .folders
            .get(frame.dir)?
            .tfvars
            .and_then(|b| attr(b, name))
        {
            return Some((e, chain));
        }
        self.folders
            .get(frame.dir)?
            .defaults
            .get(name)
            .map(|e| (*e, chain))
    }

    fn local(&self, name: &str, chain: &[Frame<'a>]) -> Option<&'a Expression> {
        self.folders
            .get(chain.first()?.dir)?
            .locals
            .get(name)
            .copied()
    }

    /// A top-level block `kind "ty" "name"` of the chain's folder.
    fn block(&self, chain: &[Frame<'a>], kind: &str, ty: &str, name: &str) -> Option<&'a Block> {
        let dir = chain.first()?.dir;
        self.blocks(dir).map(|(_, b)| b).find(|b| {
            b.identifier.as_str() == kind
                && b.labels.len() == 2
                && b.labels[0].as_str() == ty
                && b.labels[1].as_str() == name
        })
    }

    /// The value of `e` in `chain`.
    pub fn eval(&self, e: &Expression, chain: &[Frame<'a>], env: &Env) -> Val {
        self.eval_at(e, chain, env, 0)
    }

    fn eval_at(&self, e: &Expression, chain: &[Frame<'a>], env: &Env, depth: usize) -> Val {
        if depth > MAX_DEPTH {
            return Val::Unknown;
        }
        let ev = |x: &Expression| self.eval_at(x, chain, env, depth + 1);
        match e {
            Expression::Null => Val::Null,
            Expression::Bool(b) => Val::Bool(*b),
            Expression::Number(n) => n.as_f64().map_or(Val::Unknown, Val::Num),
            Expression::String(s) => Val::Str(s.clone()),
            Expression::Array(items) => Val::List(items.iter().map(ev).collect()),
            Expression::Parenthesis(x) => ev(x),
            Expression::Variable(v) => env
                .iter()
                .rev()
                .find(|(k, _)| k == v.as_str())
                .map_or(Val::Unknown, |(_, val)| val.clone()),
            Expression::Traversal(_) => self.eval_path(e, chain, env, depth),
            Expression::Conditional(c) => match ev(&c.cond_expr) {
                Val::Bool(true) => ev(&c.true_expr),
                Val::Bool(false) => ev(&c.false_expr),
                _ => Val::Unknown,
            },
            Expression::Operation(op) => match op.as_ref() {
                Operation::Unary(u) => match (u.operator, ev(&u.expr)) {
                    (UnaryOperator::Not, Val::Bool(b)) => Val::Bool(!b),
                    (UnaryOperator::Neg, Val::Num(n)) => Val::Num(-n),
                    _ => Val::Unknown,
                },
                Operation::Binary(b) => {
                    let (l, r) = (ev(&b.lhs_expr), ev(&b.rhs_expr));
                    if l == Val::Unknown || r == Val::Unknown {
                        return Val::Unknown;
                    }
                    match (b.operator, &l, &r) {
                        (BinaryOperator::Eq, ..) => Val::Bool(l == r),
                        (BinaryOperator::NotEq, ..) => Val::Bool(l != r),
                        (BinaryOperator::And, Val::Bool(x), Val::Bool(y)) => Val::Bool(*x && *y),
                        (BinaryOperator::Or, Val::Bool(x), Val::Bool(y)) => Val::Bool(*x || *y),
                        (BinaryOperator::Less, Val::Num(x), Val::Num(y)) => Val::Bool(x < y),
                        (BinaryOperator::LessEq, Val::Num(x), Val::Num(y)) => Val::Bool(x <= y),
                        (BinaryOperator::Greater, Val::Num(x), Val::Num(y)) => Val::Bool(x > y),
                        (BinaryOperator::GreaterEq, Val::Num(x), Val::Num(y)) => Val::Bool(x >= y),
                        (BinaryOperator::Plus, Val::Num(x), Val::Num(y)) => Val::Num(x + y),
                        (BinaryOperator::Minus, Val::Num(x), Val::Num(y)) => Val::Num(x - y),
                        (BinaryOperator::Mul, Val::Num(x), Val::Num(y)) => Val::Num(x * y),
                        _ => Val::Unknown,
                    }
                }
            },
            Expression::ForExpr(f) if f.key_expr.is_none() => {
                let Val::List(items) = ev(&f.collection_expr) else {
                    return Val::Unknown;
                };
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    let mut inner = env.clone();
                    if let Some(k) = &f.key_var {
                        inner.push((k.to_string(), Val::Num(i as f64)));
                    }
                    inner.push((f.value_var.to_string(), item));
                    if let Some(c) = &f.cond_expr {
                        match self.eval_at(c, chain, &inner, depth + 1) {
                            Val::Bool(true) => {}
                            Val::Bool(false) => continue,
                            _ => return Val::Unknown,
                        }
                    }
                    out.push(self.eval_at(&f.value_expr, chain, &inner, depth + 1));
                }
                Val::List(out)
            }
            Expression::FuncCall(f) if f.name.namespace.is_empty() => {
                let args: Vec<Val> = match f.name.name.as_str() {
                    TEMPLATE_FN | "substr" | "tostring" | "tonumber" => {
                        f.args.iter().map(ev).collect()
                    }
                    _ => return Val::Unknown,
                };
                match f.name.name.as_str() {
                    TEMPLATE_FN => {
                        let mut text = String::new();
                        for a in &args {
                            match a.text() {
                                Some(t) => text.push_str(&t),
                                None => return Val::Unknown,
                            }
                        }
                        Val::Str(text)
                    }
                    "substr" => match (args.first(), args.get(1), args.get(2)) {
                        (Some(Val::Str(s)), Some(Val::Num(off)), Some(Val::Num(len))) => {
                            let chars: Vec<char> = s.chars().collect();
                            let start = (*off as usize).min(chars.len());
                            let end = if *len < 0.0 {
                                chars.len()
                            } else {
                                (start + *len as usize).min(chars.len())
                            };
                            Val::Str(chars[start..end].iter().collect())
                        }
                        _ => Val::Unknown,
                    },
                    "tostring" => args
                        .first()
                        .and_then(Val::text)
                        .map_or(Val::Unknown, Val::Str),
                    _ => match args.first() {
                        Some(Val::Num(n)) => Val::Num(*n),
                        Some(Val::Str(s)) => s.parse().map_or(Val::Unknown, Val::Num),
                        _ => Val::Unknown,
                    },
                }
            }
            #[cfg(feature = "parse")]
            Expression::TemplateExpr(_) => {
                let Some(parts) = template_parts(e) else {
                    return Val::Unknown;
                };
                let mut text = String::new();
                for p in parts {
                    match p {
                        Part::Lit(s) => text.push_str(&s),
                        Part::Expr(x) => match ev(&x).text() {
                            Some(t) => text.push_str(&t),
                            None => return Val::Unknown,
                        },
                    }
                }
                Val::Str(text)
            }
            _ => Val::Unknown,
        }
    }

    fn eval_path(&self, e: &Expression, chain: &[Frame<'a>], env: &Env, depth: usize) -> Val {
        let Some((root, ops)) = path(e) else {
            return Val::Unknown;
        };
        let attr_at = |i: usize| ops.get(i).cloned().flatten();
        match root.as_str() {
            "var" if ops.len() == 1 => {
                let Some(name) = attr_at(0) else {
                    return Val::Unknown;
                };
                match self.var(&name, chain) {
                    Some((x, c)) => self.eval_at(x, c, &Vec::new(), depth + 1),
                    None => Val::Unknown,
                }
            }
            "local" if ops.len() == 1 => match attr_at(0).and_then(|n| self.local(&n, chain)) {
                Some(x) => self.eval_at(x, chain, &Vec::new(), depth + 1),
                None => Val::Unknown,
            },
            // What identifies a database: the identifier it was looked up by.
            "data" if ops.len() == 3 => {
                let (Some(ty), Some(name), Some(at)) = (attr_at(0), attr_at(1), attr_at(2)) else {
                    return Val::Unknown;
                };
                if ty != "aws_db_instance"
                    || !matches!(
                        at.as_str(),
                        "db_instance_arn" | "db_instance_identifier" | "id"
                    )
                {
                    return Val::Unknown;
                }
                match self
                    .block(chain, "data", &ty, &name)
                    .and_then(|b| attr(&b.body, "db_instance_identifier"))
                {
                    Some(x) => self.eval_at(x, chain, &Vec::new(), depth + 1),
                    None => Val::Unknown,
                }
            }
            "aws_db_instance" if ops.len() == 2 => {
                let (Some(name), Some(at)) = (attr_at(0), attr_at(1)) else {
                    return Val::Unknown;
                };
                if !matches!(at.as_str(), "identifier" | "arn" | "id") {
                    return Val::Unknown;
                }
                match self
                    .block(chain, "resource", "aws_db_instance", &name)
                    .and_then(|b| attr(&b.body, "identifier"))
                {
                    Some(x) => self.eval_at(x, chain, &Vec::new(), depth + 1),
                    None => Val::Unknown,
                }
            }
            name if ops.is_empty() => env
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map_or(Val::Unknown, |(_, v)| v.clone()),
            _ => Val::Unknown,
        }
    }

    /// A pattern of the string `e` can be in `chain`: what is known, with `*` for each
    /// unknown part (`"${var.name}-exec"` called with `name = "app-prod"` → `app-prod-exec`).
    pub fn pattern(&self, e: &Expression, chain: &[Frame<'a>], env: &Env) -> String {
        let mut text = self.pattern_at(e, chain, env, 0);
        while text.contains("**") {
            text = text.replace("**", "*");
        }
        text
    }

    fn pattern_at(&self, e: &Expression, chain: &[Frame<'a>], env: &Env, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return "*".into();
        }
        if let Some(parts) = template_parts(e) {
            return parts
                .iter()
                .map(|p| match p {
                    Part::Lit(s) => s.clone(),
                    Part::Expr(x) => self.pattern_at(x, chain, env, depth + 1),
                })
                .collect();
        }
        match e {
            Expression::Parenthesis(x) => self.pattern_at(x, chain, env, depth + 1),
            Expression::Traversal(_) => {
                if let Some((root, ops)) = path(e) {
                    if ops.len() == 1 {
                        if let Some(name) = ops[0].clone() {
                            let resolved = match root.as_str() {
                                "var" => self.var(&name, chain),
                                "local" => self.local(&name, chain).map(|x| (x, chain)),
                                _ => None,
                            };
                            if let Some((x, c)) = resolved {
                                return self.pattern_at(x, c, &Vec::new(), depth + 1);
                            }
                        }
                    }
                }
                self.eval_at(e, chain, env, depth + 1)
                    .text()
                    .unwrap_or_else(|| "*".into())
            }
            Expression::FuncCall(f)
                if f.name.namespace.is_empty() && f.name.name.as_str() == "substr" =>
            {
                let inner = f
                    .args
                    .first()
                    .map_or("*".into(), |x| self.pattern_at(x, chain, env, depth + 1));
                match (
                    f.args
                        .get(1)
                        .map(|x| self.eval_at(x, chain, env, depth + 1)),
                    f.args
                        .get(2)
                        .map(|x| self.eval_at(x, chain, env, depth + 1)),
                ) {
                    (Some(Val::Num(off)), Some(Val::Num(len))) if off == 0.0 && len >= 0.0 => {
                        let len = len as usize;
                        let chars: Vec<char> = inner.chars().collect();
                        match chars.iter().position(|c| *c == '*') {
                            Some(star) if star < len => chars[..=star].iter().collect(),
                            _ => chars.iter().take(len).collect(),
                        }
                    }
                    _ => "*".into(),
                }
            }
            Expression::Conditional(c) => match self.eval_at(&c.cond_expr, chain, env, depth + 1) {
                Val::Bool(true) => self.pattern_at(&c.true_expr, chain, env, depth + 1),
                Val::Bool(false) => self.pattern_at(&c.false_expr, chain, env, depth + 1),
                _ => "*".into(),
            },
            _ => self
                .eval_at(e, chain, env, depth + 1)
                .text()
                .unwrap_or_else(|| "*".into()),
        }
    }

    /// The patterns of a list of strings (a list, a `for` expression over a known list, a
    /// variable holding either); a lone string is a list of one.
    pub fn patterns(&self, e: &Expression, chain: &[Frame<'a>], env: &Env) -> Vec<String> {
        self.patterns_at(e, chain, env, 0)
    }

    fn patterns_at(
        &self,
        e: &Expression,
        chain: &[Frame<'a>],
        env: &Env,
        depth: usize,
    ) -> Vec<String> {
        if depth > MAX_DEPTH {
            return vec!["*".into()];
        }
        match e {
            Expression::Array(items) => items
                .iter()
                .flat_map(|x| self.patterns_at(x, chain, env, depth + 1))
                .collect(),
            // `flatten` of lists of patterns is the patterns of every item, as for `concat`.
            Expression::FuncCall(f)
                if f.name.namespace.is_empty()
                    && matches!(f.name.name.as_str(), "concat" | "flatten") =>
            {
                f.args
                    .iter()
                    .flat_map(|x| self.patterns_at(x, chain, env, depth + 1))
                    .collect()
            }
            Expression::ForExpr(f) if f.key_expr.is_none() => {
                match self.eval_at(&f.collection_expr, chain, env, depth + 1) {
                    Val::List(items) => items
                        .into_iter()
                        .flat_map(|item| {
                            let mut inner = env.clone();
                            inner.push((f.value_var.to_string(), item));
                            self.patterns_at(&f.value_expr, chain, &inner, depth + 1)
                        })
                        .collect(),
                    _ => vec![self.pattern(&f.value_expr, chain, env)],
                }
            }
            Expression::Traversal(_) => match path(e) {
                Some((root, ops)) if ops.len() == 1 && (root == "var" || root == "local") => {
                    let name = ops[0].clone().unwrap_or_default();
                    let resolved = if root == "var" {
                        self.var(&name, chain)
                    } else {
                        self.local(&name, chain).map(|x| (x, chain))
                    };
                    match resolved {
                        Some((x, c)) => self.patterns_at(x, c, &Vec::new(), depth + 1),
                        None => vec!["*".into()],
                    }
                }
                _ => match self.eval_at(e, chain, env, depth + 1) {
                    Val::List(items) => items
                        .iter()
                        .map(|v| v.text().unwrap_or_else(|| "*".into()))
                        .collect(),
                    v => vec![v.text().unwrap_or_else(|| "*".into())],
                },
            },
            _ => vec![self.pattern(e, chain, env)],
        }
    }

    /// The keys of the object `e` stands for (through variables and locals), if known.
    pub fn object_keys(&self, e: &Expression, chain: &[Frame<'a>]) -> Option<Vec<String>> {
        self.object_keys_at(e, chain, 0)
    }

    fn object_keys_at(
        &self,
        e: &Expression,
        chain: &[Frame<'a>],
        depth: usize,
    ) -> Option<Vec<String>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match e {
            Expression::Object(_) => Some(keys(e)),
            Expression::Parenthesis(x) => self.object_keys_at(x, chain, depth + 1),
            Expression::Traversal(_) => {
                let (root, ops) = path(e)?;
                let name = ops.first()?.clone()?;
                if ops.len() != 1 {
                    return None;
                }
                let (x, c) = match root.as_str() {
                    "var" => self.var(&name, chain)?,
                    "local" => (self.local(&name, chain)?, chain),
                    _ => return None,
                };
                self.object_keys_at(x, c, depth + 1)
            }
            _ => None,
        }
    }
}

/// Every attribute of a body, nested blocks included, depth first.
pub fn walk_attrs<'b>(body: &'b Body, f: &mut dyn FnMut(&'b str, &'b Expression)) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => f(a.key.as_str(), &a.expr),
            Structure::Block(b) => walk_attrs(&b.body, f),
        }
    }
}

/// Glob match with `*` (any run of characters) in `pattern`.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}
