//! Layer 3: the wiring between files and folders. Every module call passes only variables the
//! module declares, all the ones it requires, with literal values of the declared type; every
//! `var.`, `local.`, `module.`, `data.` and resource reference resolves inside its folder (a
//! root or a module); module outputs and resource attributes that are referenced exist.

use super::Source;
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::COMMENT_KEY;
use crate::schema::{hcl_type, literal_mismatch, providers, BlockSchema, Ty};
use hcl::expr::{Expression, Traversal, TraversalOperator};
#[cfg(feature = "parse")]
use hcl::template::{Directive, Element, Template};
use hcl::{Body, Structure};
use std::collections::{BTreeMap, BTreeSet};

/// What a folder declares.
#[derive(Default)]
struct Decls {
    /// Variable name → (type, has a default).
    variables: BTreeMap<String, (Ty, bool)>,
    locals: BTreeSet<String>,
    outputs: BTreeSet<String>,
    /// Module call name → folder of its source (local sources only).
    modules: BTreeMap<String, Option<String>>,
    /// `type.name` of resources, and of data sources.
    resources: BTreeSet<String>,
    data: BTreeSet<String>,
}

const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

fn declarations(dir: &str, sources: &[Source]) -> Decls {
    let mut d = Decls::default();
    for src in sources {
        for s in src.body.iter() {
            let Structure::Block(b) = s else { continue };
            let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
            match (b.identifier.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    let attr = |k: &str| b.body.attributes().find(|a| a.key.as_str() == k);
                    let ty = attr("type").map_or(Ty::Any, |a| hcl_type(&a.expr));
                    d.variables
                        .insert(name.to_string(), (ty, attr("default").is_some()));
                }
                ("output", [name]) => {
                    d.outputs.insert(name.to_string());
                }
                ("locals", []) => {
                    for a in b
                        .body
                        .attributes()
                        .filter(|a| a.key.as_str() != COMMENT_KEY)
                    {
                        d.locals.insert(a.key.to_string());
                    }
                }
                ("module", [name]) => {
                    let source = b.body.attributes().find_map(|a| match &a.expr {
                        Expression::String(s) if a.key.as_str() == "source" => Some(s.clone()),
                        _ => None,
                    });
                    let folder = source
                        .filter(|s| s.starts_with("./") || s.starts_with("../"))
                        .map(|s| join(dir, &s));
                    d.modules.insert(name.to_string(), folder);
                }
                ("resource", [ty, name]) => {
                    d.resources.insert(format!("{ty}.{name}"));
                }
                ("data", [ty, name]) => {
                    d.data.insert(format!("{ty}.{name}"));
                }
                _ => {}
            }
        }
    }
    d
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

/// Checks every folder of the bundle.
pub fn check(out: &mut Vec<Diagnostic>, folders: &BTreeMap<&str, Vec<Source>>) {
    let decls: BTreeMap<&str, Decls> = folders
        .iter()
        .map(|(dir, sources)| (*dir, declarations(dir, sources)))
        .collect();
    for (dir, sources) in folders {
        let d = &decls[dir];
        for src in sources {
            module_calls(out, src, d, &decls);
            collect_body(&src.body, &mut |t| reference(out, src, d, &decls, t));
        }
    }
}

fn module_calls(out: &mut Vec<Diagnostic>, src: &Source, d: &Decls, decls: &BTreeMap<&str, Decls>) {
    for s in src.body.iter() {
        let Structure::Block(b) = s else { continue };
        let (Some(name), "module") = (b.labels.first(), b.identifier.as_str()) else {
            continue;
        };
        let name = name.as_str();
        let Some(Some(target)) = d.modules.get(name) else {
            continue;
        };
        let line = || src.header_line(&format!("module \"{name}\""));
        let Some(module) = decls.get(target.as_str()) else {
            out.push(Diagnostic::error(
                src.at(line()),
                format!("Unreadable module directory: module \"{name}\" calls \"{target}\", which is not in the bundle"),
            ));
            continue;
        };
        let mut given = BTreeSet::new();
        for a in b.body.attributes() {
            let key = a.key.as_str();
            if key == COMMENT_KEY {
                continue;
            }
            given.insert(key);
            if MODULE_META.contains(&key) {
                continue;
            }
            let at = || src.at(src.line_in_block(line(), key));
            match module.variables.get(key) {
                None => out.push(
                    Diagnostic::error(
                        at(),
                        format!("Unsupported argument: module \"{name}\" ({target}) declares no variable \"{key}\""),
                    )
                    .with_hint("declare the variable in the module, or stop passing it"),
                ),
                Some((ty, _)) => {
                    if let Some(m) = literal_mismatch(ty, &a.expr) {
                        out.push(Diagnostic::error(
                            at(),
                            format!("Invalid value for input variable: \"{key}\" of module \"{name}\": {m}"),
                        ));
                    }
                }
            }
        }
        for b in b.body.blocks() {
            out.push(Diagnostic::error(
                src.at(src.line_in_block(line(), b.identifier.as_str())),
                format!(
                    "Unsupported block type: module \"{name}\" takes no \"{}\" block",
                    b.identifier.as_str()
                ),
            ));
        }
        for (var, (_, has_default)) in &module.variables {
            if !has_default && !given.contains(var.as_str()) {
                out.push(Diagnostic::error(
                    src.at(line()),
                    format!(
                        "Missing required argument: module \"{name}\" ({target}) needs \"{var}\""
                    ),
                ));
            }
        }
    }
}

fn get_attr(op: &TraversalOperator) -> Option<&str> {
    match op {
        TraversalOperator::GetAttr(id) => Some(id.as_str()),
        _ => None,
    }
}

/// The first attribute name after `skip` operators, past any index or splat.
fn attr_after(ops: &[TraversalOperator], skip: usize) -> Option<&str> {
    ops.iter().skip(skip).find_map(get_attr)
}

fn reference(
    out: &mut Vec<Diagnostic>,
    src: &Source,
    d: &Decls,
    decls: &BTreeMap<&str, Decls>,
    t: &Traversal,
) {
    let Expression::Variable(root) = &t.expr else {
        return;
    };
    let root = root.as_str();
    let ops = &t.operators;
    let first = ops.first().and_then(get_attr);
    let second = ops.get(1).and_then(get_attr);
    match (root, first) {
        ("var", Some(name)) if !d.variables.contains_key(name) => out.push(
            Diagnostic::error(
                src.at(src.line_of(&format!("var.{name}"))),
                format!(
                    "Reference to undeclared input variable: \"var.{name}\" is not declared in {}",
                    super::folder(src.path)
                ),
            )
            .with_hint("declare it in variables.tf"),
        ),
        ("local", Some(name)) if !d.locals.contains(name) => out.push(Diagnostic::error(
            src.at(src.line_of(&format!("local.{name}"))),
            format!(
                "Reference to undeclared local value: \"local.{name}\" is not defined in {}",
                super::folder(src.path)
            ),
        )),
        ("module", Some(name)) => match d.modules.get(name) {
            None => out.push(Diagnostic::error(
                src.at(src.line_of(&format!("module.{name}"))),
                format!(
                    "Reference to undeclared module: there is no module \"{name}\" in {}",
                    super::folder(src.path)
                ),
            )),
            Some(Some(target)) => {
                let outputs = decls.get(target.as_str()).map(|m| &m.outputs);
                if let (Some(outputs), Some(output)) = (outputs, attr_after(ops, 1)) {
                    if !outputs.contains(output) {
                        out.push(
                            Diagnostic::error(
                                src.at(src.line_of(&format!("module.{name}.{output}"))),
                                format!("Unsupported attribute: module \"{name}\" ({target}) has no output \"{output}\""),
                            )
                            .with_hint("add the output to the module's outputs.tf"),
                        );
                    }
                }
            }
            Some(None) => {}
        },
        ("data", Some(ty)) => {
            let Some(name) = second else { return };
            let key = format!("{ty}.{name}");
            if !d.data.contains(&key) {
                out.push(Diagnostic::error(
                    src.at(src.line_of(&format!("data.{key}"))),
                    format!("Reference to undeclared resource: there is no data \"{ty}\" \"{name}\" in {}", super::folder(src.path)),
                ));
            } else if let (Some(schema), Some(attr)) =
                (providers().data.get(ty), attr_after(ops, 2))
            {
                unsupported_attribute(out, src, &format!("data.{key}"), schema, attr);
            }
        }
        (ty, Some(name)) if ty.contains('_') && is_resource_type(ty) => {
            let key = format!("{ty}.{name}");
            if !d.resources.contains(&key) {
                out.push(Diagnostic::error(
                    src.at(src.line_of(&key)),
                    format!("Reference to undeclared resource: there is no resource \"{ty}\" \"{name}\" in {}", super::folder(src.path)),
                ));
            } else if let (Some(schema), Some(attr)) =
                (providers().resources.get(ty), attr_after(ops, 1))
            {
                unsupported_attribute(out, src, &key, schema, attr);
            }
        }
        _ => {}
    }
}

/// Resource types of the embedded providers (roots such as `each`, `count` or a `for`
/// variable are not resources).
fn is_resource_type(ty: &str) -> bool {
    let s = providers();
    s.resources.contains_key(ty)
        || ty.split('_').next().is_some_and(|p| {
            s.providers.contains_key(p) || s.resources.keys().any(|k| k.starts_with(p))
        })
}

fn unsupported_attribute(
    out: &mut Vec<Diagnostic>,
    src: &Source,
    key: &str,
    schema: &BlockSchema,
    attr: &str,
) {
    if !schema.attributes.contains_key(attr) && !schema.blocks.contains_key(attr) {
        out.push(Diagnostic::error(
            src.at(src.line_of(key)),
            format!("Unsupported attribute: {key} has no attribute \"{attr}\""),
        ));
    }
}

fn collect_body(body: &Body, refs: &mut dyn FnMut(&Traversal)) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => collect(&a.expr, refs),
            Structure::Block(b) => collect_body(&b.body, refs),
        }
    }
}

fn collect(e: &Expression, refs: &mut dyn FnMut(&Traversal)) {
    match e {
        Expression::Traversal(t) => {
            refs(t);
            collect(&t.expr, refs);
            for op in &t.operators {
                if let TraversalOperator::Index(i) = op {
                    collect(i, refs);
                }
            }
        }
        Expression::Array(items) => items.iter().for_each(|x| collect(x, refs)),
        Expression::Object(o) => {
            for (k, v) in o {
                if let hcl::expr::ObjectKey::Expression(k) = k {
                    collect(k, refs);
                }
                collect(v, refs);
            }
        }
        // Bodies parsed from text hold templates as source; generated bodies hold them as
        // calls of `TEMPLATE_FN`, whose arguments the `FuncCall` arm walks.
        #[cfg(feature = "parse")]
        Expression::TemplateExpr(t) => {
            if let Ok(tpl) = Template::from_expr(t) {
                let mut exprs = Vec::new();
                template_exprs(&tpl, &mut exprs);
                exprs.iter().for_each(|x| collect(x, refs));
            }
        }
        Expression::FuncCall(f) => f.args.iter().for_each(|x| collect(x, refs)),
        Expression::Parenthesis(x) => collect(x, refs),
        Expression::Conditional(c) => {
            collect(&c.cond_expr, refs);
            collect(&c.true_expr, refs);
            collect(&c.false_expr, refs);
        }
        Expression::Operation(op) => match op.as_ref() {
            hcl::expr::Operation::Unary(u) => collect(&u.expr, refs),
            hcl::expr::Operation::Binary(b) => {
                collect(&b.lhs_expr, refs);
                collect(&b.rhs_expr, refs);
            }
        },
        Expression::ForExpr(f) => {
            collect(&f.collection_expr, refs);
            if let Some(k) = &f.key_expr {
                collect(k, refs);
            }
            collect(&f.value_expr, refs);
            if let Some(c) = &f.cond_expr {
                collect(c, refs);
            }
        }
        _ => {}
    }
}

#[cfg(feature = "parse")]
fn template_exprs(t: &Template, out: &mut Vec<Expression>) {
    for el in t.elements() {
        match el {
            Element::Literal(_) => {}
            Element::Interpolation(i) => out.push(i.expr.clone()),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => {
                    out.push(d.cond_expr.clone());
                    template_exprs(&d.true_template, out);
                    if let Some(f) = &d.false_template {
                        template_exprs(f, out);
                    }
                }
                Directive::For(d) => {
                    out.push(d.collection_expr.clone());
                    template_exprs(&d.template, out);
                }
            },
        }
    }
}
