//! Layer 2: `resource`, `data` and `provider` blocks against the embedded provider schema —
//! unknown arguments and blocks, missing required ones, read-only attributes set, literal
//! values of the wrong type, and block counts (min/max items, single blocks).

use super::Source;
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::COMMENT_KEY;
use crate::schema::{literal_mismatch, BlockSchema, Nesting, Schemas};
use hcl::{Block, Body, Structure};
use std::collections::BTreeMap;

/// Meta-arguments Terraform itself handles, per top-level block kind.
fn meta(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "resource" => (
            &["count", "for_each", "depends_on", "provider"],
            &["lifecycle", "provisioner", "connection"],
        ),
        "data" => (
            &["count", "for_each", "depends_on", "provider"],
            &["lifecycle"],
        ),
        "provider" => (&["alias"], &[]),
        _ => (&[], &[]),
    }
}

/// Checks every `resource`/`data`/`provider` block of one file.
pub fn check_file(out: &mut Vec<Diagnostic>, src: &Source, schemas: &Schemas) {
    for structure in src.body.iter() {
        let Structure::Block(block) = structure else {
            continue;
        };
        let kind = block.identifier.as_str();
        if !matches!(kind, "resource" | "data" | "provider") {
            continue;
        }
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        let Some(ty) = labels.first() else { continue };
        let header = std::iter::once(kind.to_string())
            .chain(labels.iter().map(|l| format!("\"{l}\"")))
            .collect::<Vec<_>>()
            .join(" ");
        let line = src.header_line(&header);
        let Some(schema) = schemas.get(kind, ty) else {
            // Providers other than those embedded are not judged; an unknown type of a known
            // provider is an error.
            let provider = ty.split('_').next().unwrap_or_default();
            let known = schemas
                .resources
                .keys()
                .chain(schemas.data.keys())
                .any(|k| k.split('_').next() == Some(provider));
            if kind != "provider" && known {
                out.push(Diagnostic::error(
                    src.at(line),
                    format!(
                        "Invalid {kind} type: the provider does not support {kind} type \"{ty}\""
                    ),
                ));
            }
            continue;
        };
        let ctx = Ctx {
            src,
            line,
            what: header.clone(),
        };
        let (meta_attrs, meta_blocks) = meta(kind);
        check_body(out, &ctx, schema, &block.body, meta_attrs, meta_blocks);
    }
}

struct Ctx<'a, 'b> {
    src: &'a Source<'b>,
    line: usize,
    what: String,
}

impl Ctx<'_, '_> {
    fn at(&self, key: &str) -> String {
        self.src.at(self.src.line_in_block(self.line, key))
    }
}

fn check_body(
    out: &mut Vec<Diagnostic>,
    ctx: &Ctx,
    schema: &BlockSchema,
    body: &Body,
    meta_attrs: &[&str],
    meta_blocks: &[&str],
) {
    let what = &ctx.what;
    // Per nested block type: (static count, has dynamic blocks).
    let mut counts: BTreeMap<&str, (u32, bool)> = BTreeMap::new();
    let mut seen_attrs = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(a) => {
                let key = a.key.as_str();
                if key == COMMENT_KEY {
                    continue;
                }
                seen_attrs.push(key);
                if meta_attrs.contains(&key) {
                    continue;
                }
                match schema.attributes.get(key) {
                    Some(attr) if !attr.optional && !attr.required => out.push(
                        Diagnostic::error(
                            ctx.at(key),
                            format!("Value for unconfigurable attribute: \"{key}\" of {what} is decided by the provider and cannot be set"),
                        ),
                    ),
                    Some(attr) => {
                        if let Some(m) = literal_mismatch(&attr.ty, &a.expr) {
                            out.push(Diagnostic::error(
                                ctx.at(key),
                                format!("Incorrect attribute value type: \"{key}\" of {what}: {m}"),
                            ));
                        }
                    }
                    None if schema.blocks.contains_key(key) => out.push(
                        Diagnostic::error(
                            ctx.at(key),
                            format!("Unsupported argument: {what} has no argument \"{key}\"; \"{key}\" is a nested block"),
                        )
                        .with_hint(format!("write it as a block: {key} {{ … }}")),
                    ),
                    None => out.push(Diagnostic::error(
                        ctx.at(key),
                        format!("Unsupported argument: {what} has no argument \"{key}\""),
                    )),
                }
            }
            Structure::Block(b) => {
                let (name, inner, dynamic) = match dynamic_parts(b) {
                    Some((name, content)) => (name, content, true),
                    None => (b.identifier.as_str(), Some(&b.body), false),
                };
                if meta_blocks.contains(&name) && !dynamic {
                    continue;
                }
                match schema.blocks.get(name) {
                    Some(nested) => {
                        let c = counts.entry(name).or_default();
                        if dynamic {
                            c.1 = true;
                        } else {
                            c.0 += 1;
                        }
                        if let Some(inner) = inner {
                            let ctx = Ctx {
                                src: ctx.src,
                                line: ctx.line,
                                what: format!("block \"{name}\" of {what}"),
                            };
                            check_body(out, &ctx, &nested.block, inner, &[], &[]);
                        }
                    }
                    None if schema.attributes.contains_key(name) => out.push(
                        Diagnostic::error(
                            ctx.at(name),
                            format!("Unsupported block type: {what} has no block \"{name}\"; \"{name}\" is an argument"),
                        )
                        .with_hint(format!("write it as an argument: {name} = …")),
                    ),
                    None => out.push(Diagnostic::error(
                        ctx.at(name),
                        format!("Unsupported block type: {what} has no block \"{name}\""),
                    )),
                }
            }
        }
    }
    for (key, attr) in &schema.attributes {
        if attr.required && !seen_attrs.contains(&key.as_str()) {
            out.push(Diagnostic::error(
                ctx.src.at(ctx.line),
                format!("Missing required argument: {what} needs \"{key}\""),
            ));
        }
    }
    for (name, nested) in &schema.blocks {
        let (n, dynamic) = counts.get(name.as_str()).copied().unwrap_or_default();
        if dynamic {
            continue;
        }
        let single = matches!(nested.nesting, Nesting::Single | Nesting::Group);
        if single && n > 1 {
            out.push(Diagnostic::error(
                ctx.at(name),
                format!("Duplicate {name} block: {what} takes at most one \"{name}\" block"),
            ));
        } else if nested.max_items > 0 && n > nested.max_items {
            out.push(Diagnostic::error(
                ctx.at(name),
                format!(
                    "Too many {name} blocks: {what} takes at most {} \"{name}\" block{}, it has {n}",
                    nested.max_items,
                    if nested.max_items == 1 { "" } else { "s" }
                ),
            ));
        }
        if nested.min_items > 0 && n < nested.min_items {
            out.push(Diagnostic::error(
                ctx.src.at(ctx.line),
                format!(
                    "Insufficient {name} blocks: {what} needs at least {} \"{name}\" block{}",
                    nested.min_items,
                    if nested.min_items == 1 { "" } else { "s" }
                ),
            ));
        }
    }
}

/// `dynamic "name" { … content { … } }` → the block name and its content body.
fn dynamic_parts(b: &Block) -> Option<(&str, Option<&Body>)> {
    if b.identifier.as_str() != "dynamic" {
        return None;
    }
    let name = b.labels.first()?.as_str();
    let content = b.body.iter().find_map(|s| match s {
        Structure::Block(c) if c.identifier.as_str() == "content" => Some(&c.body),
        _ => None,
    });
    Some((name, content))
}
