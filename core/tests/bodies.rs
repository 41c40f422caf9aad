//! The designer checks a bundle on the hcl-rs bodies its files were rendered from, not on the
//! files parsed back. That is only sound if every file parses back to exactly its body, so this
//! holds it for every Terraform file of the presets and of the 10× fixture, and the two ways of
//! checking must find the same things.

use hcl::expr::{Expression, Object, TemplateExpr, TraversalOperator};
use hcl::structure::{Body, Structure};
use tfdesign_core::emit::hcl::{COMMENT_KEY, TEMPLATE_FN};
use tfdesign_core::{emit, generate_with_bodies, presets, render, scale, Design};

/// A generated body as the parser will see its rendering: comment lines gone, templates as
/// their source text (plain strings when they have no interpolation).
fn lower_body(body: &Body) -> Body {
    Body(
        body.iter()
            .filter_map(|s| match s {
                Structure::Attribute(a) if a.key.as_str() == COMMENT_KEY => None,
                Structure::Attribute(a) => {
                    let mut a = a.clone();
                    a.expr = lower(&a.expr);
                    Some(Structure::Attribute(a))
                }
                Structure::Block(b) => {
                    let mut b = b.clone();
                    b.body = lower_body(&b.body);
                    Some(Structure::Block(b))
                }
            })
            .collect(),
    )
}

fn lower(e: &Expression) -> Expression {
    match e {
        Expression::FuncCall(f) if f.name.name.as_str() == TEMPLATE_FN => {
            let literal: Option<String> = f
                .args
                .iter()
                .map(|a| match a {
                    Expression::String(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect();
            match literal {
                Some(text) => Expression::String(text),
                None => {
                    // The parser keeps a template as its source with string escapes decoded
                    // and template escapes (`$${`, `%%{`) kept.
                    let mut raw = String::new();
                    for a in &f.args {
                        match a {
                            Expression::String(s) => {
                                raw.push_str(&s.replace("${", "$${").replace("%{", "%%{"))
                            }
                            x => raw.push_str(&format!("${{{}}}", render::expr(x, 0))),
                        }
                    }
                    Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(raw)))
                }
            }
        }
        Expression::FuncCall(f) => {
            let mut f = f.clone();
            f.args = f.args.iter().map(lower).collect();
            Expression::FuncCall(f)
        }
        Expression::Array(items) => Expression::Array(items.iter().map(lower).collect()),
        Expression::Object(o) => {
            let mut out = Object::new();
            for (k, v) in o {
                out.insert(k.clone(), lower(v));
            }
            Expression::Object(out)
        }
        Expression::Traversal(t) => {
            let mut t = t.clone();
            t.expr = lower(&t.expr);
            for op in &mut t.operators {
                if let TraversalOperator::Index(i) = op {
                    *i = lower(i);
                }
            }
            Expression::Traversal(t)
        }
        Expression::Parenthesis(x) => Expression::Parenthesis(Box::new(lower(x))),
        Expression::Conditional(c) => {
            let mut c = c.clone();
            c.cond_expr = lower(&c.cond_expr);
            c.true_expr = lower(&c.true_expr);
            c.false_expr = lower(&c.false_expr);
            Expression::Conditional(c)
        }
        Expression::Operation(op) => {
            let mut op = op.clone();
            match op.as_mut() {
                hcl::expr::Operation::Unary(u) => u.expr = lower(&u.expr),
                hcl::expr::Operation::Binary(b) => {
                    b.lhs_expr = lower(&b.lhs_expr);
                    b.rhs_expr = lower(&b.rhs_expr);
                }
            }
            Expression::Operation(op)
        }
        Expression::ForExpr(f) => {
            let mut f = f.clone();
            f.collection_expr = lower(&f.collection_expr);
            f.key_expr = f.key_expr.as_ref().map(lower);
            f.value_expr = lower(&f.value_expr);
            f.cond_expr = f.cond_expr.as_ref().map(lower);
            Expression::ForExpr(f)
        }
        other => other.clone(),
    }
}

fn designs() -> Vec<(String, Design)> {
    let mut all: Vec<(String, Design)> = presets::NAMES
        .iter()
        .map(|n| (n.to_string(), presets::get(n).expect("preset")))
        .collect();
    all.push(("10x".into(), scale::scaled(30, 4, 3)));
    // Names that are HCL keywords become quoted object keys (issue 13).
    let mut keywords = presets::sports_cards();
    for k in ["for", "in", "if", "null", "true", "false", "a b"] {
        keywords.tags.insert(k.into(), "x".into());
    }
    keywords.iam.users[0].name = "for".into();
    keywords.iam.groups[0].name = "null".into();
    keywords.iam.users[0].groups = vec!["null".into()];
    all.push(("keywords".into(), keywords));
    all
}

fn generated(design: &Design) -> emit::Generated {
    generate_with_bodies(design).unwrap_or_else(|d| panic!("does not generate: {d:?}"))
}

#[test]
fn every_terraform_file_parses_back_to_the_body_it_was_rendered_from() {
    for (name, design) in designs() {
        let g = generated(&design);
        let terraform = g
            .bundle
            .files
            .keys()
            .filter(|p| p.ends_with(".tf") || p.ends_with(".tfvars"))
            .count();
        assert_eq!(
            g.bodies.len(),
            terraform,
            "{name}: a body per Terraform file"
        );
        for (path, body) in &g.bodies {
            let text = g.bundle.text(path).expect("text");
            let parsed = hcl::parse(text).unwrap_or_else(|e| panic!("{name} {path}: {e}"));
            let lowered = lower_body(body);
            if parsed != lowered {
                let first = parsed
                    .iter()
                    .zip(lowered.iter())
                    .find(|(a, b)| a != b)
                    .map(|(a, b)| format!("parsed:    {a:?}\ngenerated: {b:?}"));
                panic!("{name} {path}: parses back to a different structure\n{first:?}");
            }
        }
    }
}

#[test]
fn checking_bodies_finds_what_checking_the_text_finds() {
    for (name, design) in designs() {
        let g = generated(&design);
        assert_eq!(
            tfdesign_core::validate_generated(&g),
            tfdesign_core::validate_bundle(&g.bundle),
            "{name}"
        );
    }
}
