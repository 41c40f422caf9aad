//! The provider schema facts the bundle checker needs: only the resource, data source and
//! provider types the generator emits, embedded from `providers.txt` (a subset of the
//! hashicorp/aws 6.66 and hashicorp/archive 2.7 schemas, MPL-2.0, see `NOTICE` beside it).
//!
//! `providers.txt` is re-derived by `scripts/derive-schema.py`; it is not a build input of
//! anything but this file. Terraform types ([`Ty`]) and the literal conversion rules
//! ([`literal_mismatch`]) are shared with the module wiring checks.

use hcl::expr::{Expression, ObjectKey};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

/// The embedded schema text.
pub const PROVIDERS_TXT: &str = include_str!("providers.txt");

/// A Terraform type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `any` / dynamic: every value converts.
    Any,
    /// `string`
    String,
    /// `number`
    Number,
    /// `bool`
    Bool,
    /// `list(T)`
    List(Box<Ty>),
    /// `set(T)`
    Set(Box<Ty>),
    /// `map(T)`
    Map(Box<Ty>),
    /// `object({…})` with the names of its optional attributes.
    Object(BTreeMap<String, Ty>, BTreeSet<String>),
    /// `tuple([…])`
    Tuple(Vec<Ty>),
}

/// One attribute of a block schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// Its type.
    pub ty: Ty,
    /// Must be set.
    pub required: bool,
    /// May be set.
    pub optional: bool,
    /// Decided by the provider (read-only unless also optional).
    pub computed: bool,
}

/// How a nested block repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    /// At most one, no list around it.
    Single,
    /// A list of blocks.
    List,
    /// A set of blocks.
    Set,
    /// Blocks keyed by a label.
    Map,
    /// A single block that is always present.
    Group,
}

/// A nested block type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NestedBlock {
    /// How it repeats.
    pub nesting: Nesting,
    /// Fewest blocks (0 = no minimum).
    pub min_items: u32,
    /// Most blocks (0 = no maximum).
    pub max_items: u32,
    /// Its contents (shared between the places a large body repeats, e.g. WAFv2 statements).
    pub block: Arc<BlockSchema>,
}

/// The schema of a block: its attributes and nested block types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockSchema {
    /// Attributes by name.
    pub attributes: BTreeMap<String, Attr>,
    /// Nested block types by name.
    pub blocks: BTreeMap<String, NestedBlock>,
}

/// All embedded schemas.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schemas {
    /// `resource` types.
    pub resources: BTreeMap<String, BlockSchema>,
    /// `data` source types.
    pub data: BTreeMap<String, BlockSchema>,
    /// `provider` blocks.
    pub providers: BTreeMap<String, BlockSchema>,
}

impl Schemas {
    /// The schema of a `resource`, `data` or `provider` block type.
    pub fn get(&self, kind: &str, name: &str) -> Option<&BlockSchema> {
        match kind {
            "resource" => self.resources.get(name),
            "data" => self.data.get(name),
            "provider" => self.providers.get(name),
            _ => None,
        }
    }
}

/// The embedded schemas, parsed once.
pub fn providers() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| parse(PROVIDERS_TXT))
}

/// Parses the `providers.txt` format (see `scripts/derive-schema.py`). Lines it does not
/// understand are skipped, so a damaged file gives a smaller schema, never a panic.
pub fn parse(text: &str) -> Schemas {
    let mut schemas = Schemas::default();
    let lines: Vec<(usize, &str)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let rest = l.trim_start_matches(' ');
            (l.len() - rest.len(), rest)
        })
        .collect();
    let mut shared = BTreeMap::new();
    let mut i = 0;
    while i < lines.len() {
        let (depth, line) = lines[i];
        i += 1;
        let mut words = line.split(' ');
        let (Some(kind), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        if depth != 0 {
            continue;
        }
        let block = parse_block(&lines, &mut i, 1, &mut shared);
        let table = match kind {
            "resource" => &mut schemas.resources,
            "data" => &mut schemas.data,
            "provider" => &mut schemas.providers,
            _ => continue,
        };
        table.insert(name.to_string(), block);
    }
    schemas
}

/// Bodies written once (`#N`) and reused (`*N`).
type Shared = BTreeMap<String, Arc<BlockSchema>>;

fn parse_block(
    lines: &[(usize, &str)],
    i: &mut usize,
    depth: usize,
    shared: &mut Shared,
) -> BlockSchema {
    let mut block = BlockSchema::default();
    while *i < lines.len() && lines[*i].0 == depth {
        let line = lines[*i].1;
        *i += 1;
        if let Some(rest) = line.strip_prefix('+') {
            let w: Vec<&str> = rest.split(' ').collect();
            if w.len() != 4 && w.len() != 5 {
                continue;
            }
            let nesting = match w[1] {
                "single" => Nesting::Single,
                "set" => Nesting::Set,
                "map" => Nesting::Map,
                "group" => Nesting::Group,
                _ => Nesting::List,
            };
            let inner = match w.get(4) {
                Some(r) if r.starts_with('*') => shared.get(&r[1..]).cloned().unwrap_or_default(),
                Some(d) if d.starts_with('#') => {
                    let body = Arc::new(parse_block(lines, i, depth + 1, shared));
                    shared.insert(d[1..].to_string(), Arc::clone(&body));
                    body
                }
                _ => Arc::new(parse_block(lines, i, depth + 1, shared)),
            };
            block.blocks.insert(
                w[0].to_string(),
                NestedBlock {
                    nesting,
                    min_items: w[2].parse().unwrap_or(0),
                    max_items: w[3].parse().unwrap_or(0),
                    block: inner,
                },
            );
        } else {
            let mut w = line.splitn(3, ' ');
            let (Some(name), Some(flags), Some(ty)) = (w.next(), w.next(), w.next()) else {
                continue;
            };
            let ty = if ty.starts_with('[') {
                serde_json::from_str(ty)
                    .map(|v| json_type(&v))
                    .unwrap_or(Ty::Any)
            } else {
                json_type(&serde_json::Value::String(ty.to_string()))
            };
            block.attributes.insert(
                name.to_string(),
                Attr {
                    ty,
                    required: flags == "r",
                    optional: flags.contains('o'),
                    computed: flags.contains('c'),
                },
            );
        }
    }
    block
}

/// A type in the JSON form of `terraform providers schema -json`.
pub fn json_type(v: &serde_json::Value) -> Ty {
    use serde_json::Value;
    match v {
        Value::String(s) => match s.as_str() {
            "string" => Ty::String,
            "number" => Ty::Number,
            "bool" => Ty::Bool,
            _ => Ty::Any,
        },
        Value::Array(parts) => {
            let kind = parts.first().and_then(Value::as_str).unwrap_or("");
            let arg = parts.get(1).unwrap_or(&Value::Null);
            match kind {
                "list" => Ty::List(Box::new(json_type(arg))),
                "set" => Ty::Set(Box::new(json_type(arg))),
                "map" => Ty::Map(Box::new(json_type(arg))),
                "tuple" => Ty::Tuple(
                    arg.as_array()
                        .map(|a| a.iter().map(json_type).collect())
                        .unwrap_or_default(),
                ),
                "object" => {
                    let attrs = arg
                        .as_object()
                        .map(|o| o.iter().map(|(k, v)| (k.clone(), json_type(v))).collect())
                        .unwrap_or_default();
                    let optional = parts
                        .get(2)
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|x| x.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    Ty::Object(attrs, optional)
                }
                _ => Ty::Any,
            }
        }
        _ => Ty::Any,
    }
}

/// A type constraint as written in a `variable` block (`list(string)`, `object({…})`,
/// `optional(number, 3)` inside objects). Anything it does not understand is `any`.
pub fn hcl_type(e: &Expression) -> Ty {
    match e {
        Expression::Variable(v) => match v.as_str() {
            "string" => Ty::String,
            "number" => Ty::Number,
            "bool" => Ty::Bool,
            _ => Ty::Any,
        },
        Expression::FuncCall(f) => {
            let arg = f.args.first();
            let inner = || Box::new(arg.map(hcl_type).unwrap_or(Ty::Any));
            match f.name.name.as_str() {
                "list" => Ty::List(inner()),
                "set" => Ty::Set(inner()),
                "map" => Ty::Map(inner()),
                "tuple" => match arg {
                    Some(Expression::Array(items)) => {
                        Ty::Tuple(items.iter().map(hcl_type).collect())
                    }
                    _ => Ty::Any,
                },
                "object" => match arg {
                    Some(Expression::Object(o)) => {
                        let mut attrs = BTreeMap::new();
                        let mut optional = BTreeSet::new();
                        for (k, v) in o {
                            let Some(k) = key_name(k) else { continue };
                            match v {
                                Expression::FuncCall(f) if f.name.name.as_str() == "optional" => {
                                    optional.insert(k.clone());
                                    attrs
                                        .insert(k, f.args.first().map(hcl_type).unwrap_or(Ty::Any));
                                }
                                _ => {
                                    attrs.insert(k, hcl_type(v));
                                }
                            }
                        }
                        Ty::Object(attrs, optional)
                    }
                    _ => Ty::Any,
                },
                _ => Ty::Any,
            }
        }
        _ => Ty::Any,
    }
}

/// The name of an object key written as an identifier or a string literal.
pub fn key_name(k: &ObjectKey) -> Option<String> {
    match k {
        ObjectKey::Identifier(id) => Some(id.as_str().to_string()),
        ObjectKey::Expression(Expression::String(s)) => Some(s.clone()),
        ObjectKey::Expression(Expression::Variable(v)) => Some(v.as_str().to_string()),
        _ => None,
    }
}

/// Why the literal parts of `e` cannot convert to `ty` under Terraform's conversion rules
/// (numbers and bools become strings, numeric strings become numbers, `"true"`/`"false"`
/// become bools); `None` when they can, or when `e` is not a literal and cannot be judged.
pub fn literal_mismatch(ty: &Ty, e: &Expression) -> Option<String> {
    let what = |e: &Expression| match e {
        Expression::Bool(_) => "a bool",
        Expression::Number(_) => "a number",
        Expression::String(_) => "a string",
        Expression::Array(_) => "a list",
        Expression::Object(_) => "an object",
        _ => "a value",
    };
    let literal = matches!(
        e,
        Expression::Bool(_)
            | Expression::Number(_)
            | Expression::String(_)
            | Expression::Array(_)
            | Expression::Object(_)
    );
    if !literal {
        return None;
    }
    let wrong = |want: &str| Some(format!("{want} is required, got {}", what(e)));
    match (ty, e) {
        (Ty::Any, _) => None,
        (Ty::String, Expression::Bool(_) | Expression::Number(_) | Expression::String(_)) => None,
        (Ty::String, _) => wrong("a string"),
        (Ty::Number, Expression::Number(_)) => None,
        (Ty::Number, Expression::String(s)) if s.trim().parse::<f64>().is_ok() => None,
        (Ty::Number, _) => wrong("a number"),
        (Ty::Bool, Expression::Bool(_)) => None,
        (Ty::Bool, Expression::String(s)) if s == "true" || s == "false" => None,
        (Ty::Bool, _) => wrong("a bool"),
        (Ty::List(t) | Ty::Set(t), Expression::Array(items)) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| literal_mismatch(t, x).map(|m| format!("element {i}: {m}"))),
        (Ty::List(_), _) => wrong("a list"),
        (Ty::Set(_), _) => wrong("a set"),
        (Ty::Tuple(ts), Expression::Array(items)) => {
            if ts.len() != items.len() {
                return Some(format!(
                    "a tuple of {} elements is required, got {}",
                    ts.len(),
                    items.len()
                ));
            }
            ts.iter()
                .zip(items)
                .enumerate()
                .find_map(|(i, (t, x))| literal_mismatch(t, x).map(|m| format!("element {i}: {m}")))
        }
        (Ty::Tuple(_), _) => wrong("a tuple"),
        (Ty::Map(t), Expression::Object(o)) => o.iter().find_map(|(k, v)| {
            literal_mismatch(t, v).map(|m| format!("{}: {m}", key_name(k).unwrap_or_default()))
        }),
        (Ty::Map(_), _) => wrong("a map"),
        (Ty::Object(attrs, optional), Expression::Object(o)) => {
            let given: BTreeMap<String, &Expression> = o
                .iter()
                .filter_map(|(k, v)| Some((key_name(k)?, v)))
                .collect();
            if given.len() < o.len() {
                return None; // computed keys: cannot judge
            }
            if let Some(missing) = attrs
                .keys()
                .find(|k| !optional.contains(*k) && !given.contains_key(*k))
            {
                return Some(format!("attribute \"{missing}\" is required"));
            }
            attrs.iter().find_map(|(k, t)| {
                let v = given.get(k)?;
                literal_mismatch(t, v).map(|m| format!("attribute \"{k}\": {m}"))
            })
        }
        (Ty::Object(..), _) => wrong("an object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_subset_parses() {
        let s = providers();
        assert!(s.resources.len() > 30, "{}", s.resources.len());
        let q = &s.resources["aws_sqs_queue"];
        assert_eq!(q.attributes["visibility_timeout_seconds"].ty, Ty::Number);
        assert!(q.attributes["arn"].computed && !q.attributes["arn"].optional);
        let tg = &s.resources["aws_lb_target_group"];
        assert_eq!(tg.blocks["health_check"].max_items, 1);
        assert!(s.providers.contains_key("aws"));
        assert!(s.data.contains_key("archive_file"));
    }

    #[test]
    fn shared_bodies_are_reused() {
        let text = "resource a_x\n +one list 0 1 #0\n  v o string\n +two list 0 0 *0\n";
        let s = parse(text);
        let x = &s.resources["a_x"];
        assert_eq!(x.blocks["one"].block, x.blocks["two"].block);
        assert!(x.blocks["two"].block.attributes.contains_key("v"));
        assert_eq!(x.blocks["one"].max_items, 1);
    }

    #[test]
    fn literal_conversions_follow_terraform() {
        let e = |s: &str| -> Expression { s.parse().unwrap() };
        assert_eq!(literal_mismatch(&Ty::String, &e("3")), None);
        assert_eq!(literal_mismatch(&Ty::Number, &e("\"3\"")), None);
        assert!(literal_mismatch(&Ty::Number, &e("\"three\"")).is_some());
        assert!(literal_mismatch(&Ty::Bool, &e("1")).is_some());
        assert!(literal_mismatch(&Ty::String, &e("[1]")).is_some());
        assert_eq!(literal_mismatch(&Ty::Number, &e("var.x")), None);
        let t = hcl_type(&e("list(object({ a = string, b = optional(number) }))"));
        assert_eq!(literal_mismatch(&t, &e("[{ a = \"x\" }]")), None);
        assert!(literal_mismatch(&t, &e("[{ b = 1 }]")).is_some());
    }
}
