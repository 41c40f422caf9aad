//! What every reusable Terraform module of the bundle is made of, and how its standard files
//! (`variables.tf`, `outputs.tf`, `versions.tf`, `README.md`) are written from it.

use super::hcl::{blk, obj, s, File, E};
use super::Content;
use crate::render;

/// Minimum Terraform version of every generated configuration (S3 native state locking, 1.10;
/// write-only arguments such as the database's `password_wo`, 1.11).
pub const TERRAFORM_VERSION: &str = ">= 1.11";
/// Constraint on hashicorp/aws: 6.15 or a later 6.x (6.15 added `aws_db_proxy`'s
/// `default_auth_scheme`, the RDS Proxy's end-to-end IAM authentication; the schema the bundle is
/// checked against is 6.66); a major release with breaking changes is not taken by surprise.
pub const AWS_PROVIDER_VERSION: &str = ">= 6.15, < 7.0";
/// Constraint on hashicorp/archive (Lambda placeholder packages).
pub const ARCHIVE_PROVIDER_VERSION: &str = ">= 2.4";

/// An input variable.
pub struct Var {
    /// Variable name.
    pub name: &'static str,
    /// Type constraint, e.g. `r("string")` or `call("list", vec![r("string")])`.
    pub ty: E,
    /// What it means, with units.
    pub description: &'static str,
    /// Default value; `None` makes the variable required.
    pub default: Option<E>,
    /// `validation` blocks: (condition, error message).
    pub validations: Vec<(E, &'static str)>,
}

impl Var {
    /// A required variable.
    pub fn req(name: &'static str, ty: E, description: &'static str) -> Var {
        Var {
            name,
            ty,
            description,
            default: None,
            validations: Vec::new(),
        }
    }

    /// An optional variable with a default.
    pub fn opt(name: &'static str, ty: E, description: &'static str, default: E) -> Var {
        Var {
            name,
            ty,
            description,
            default: Some(default),
            validations: Vec::new(),
        }
    }

    /// Adds a `validation` block.
    pub fn validate(mut self, condition: E, message: &'static str) -> Var {
        self.validations.push((condition, message));
        self
    }
}

/// The input of every module that creates IAM roles: the ARN of the permissions boundary each
/// of its roles carries (`permissions_boundary = var.permissions_boundary_arn`). The CI apply
/// role may create and change the project's roles only with this boundary attached, so a
/// module role without it fails to apply. A root passes the deterministic ARN of
/// [`crate::emit::modules::iam::permissions_boundary_arn`].
pub fn permissions_boundary_var() -> Var {
    Var::req(
        "permissions_boundary_arn",
        ty::string(),
        "ARN of the permissions boundary every IAM role of this module carries (AWS managed \
`PowerUserAccess`); the CI apply role may create roles only with it.",
    )
}

/// An output.
pub struct Output {
    /// Output name.
    pub name: &'static str,
    /// What it is.
    pub description: &'static str,
    /// Its value.
    pub value: E,
}

impl Output {
    /// An output.
    pub fn new(name: &'static str, description: &'static str, value: E) -> Output {
        Output {
            name,
            description,
            value,
        }
    }
}

/// A reusable module: its interface, its resources and any extra files it ships.
pub struct Module {
    /// Folder name under `modules/`.
    pub name: &'static str,
    /// One paragraph for the README.
    pub description: &'static str,
    /// Inputs, in the order they are documented.
    pub variables: Vec<Var>,
    /// Outputs.
    pub outputs: Vec<Output>,
    /// The body of `main.tf`.
    pub main: File,
    /// Providers besides aws: (local name, source, version constraint).
    pub extra_providers: Vec<(&'static str, &'static str, &'static str)>,
    /// Other files shipped inside the module folder (relative path, contents).
    pub extra_files: Vec<(String, String)>,
    /// Aliases of the aws provider the caller passes in (`configuration_aliases`), e.g.
    /// `us_east_1` for `aws.us_east_1`.
    pub aws_aliases: Vec<&'static str>,
}

/// The `terraform { required_version, required_providers }` block shared by modules and roots.
pub fn terraform_block(extra: &[(&str, &str, &str)]) -> super::hcl::Blk {
    terraform_block_with_aliases(extra, &[])
}

/// [`terraform_block`] of a module that takes the aws provider `aws.<alias>` of each of
/// `aliases` from its caller.
pub fn terraform_block_with_aliases(
    extra: &[(&str, &str, &str)],
    aliases: &[&str],
) -> super::hcl::Blk {
    let mut aws = vec![
        ("source", s("hashicorp/aws")),
        ("version", s(AWS_PROVIDER_VERSION)),
    ];
    if !aliases.is_empty() {
        aws.push((
            "configuration_aliases",
            super::hcl::list(aliases.iter().map(|a| super::hcl::r(&format!("aws.{a}")))),
        ));
    }
    let mut providers = vec![("aws", obj(aws))];
    for (name, source, version) in extra {
        providers.push((
            name,
            obj([("source", s(*source)), ("version", s(*version))]),
        ));
    }
    let mut rp = blk("required_providers", &[]);
    for (name, value) in providers {
        rp = rp.a(name, value);
    }
    blk("terraform", &[])
        .a("required_version", s(TERRAFORM_VERSION))
        .b(rp)
}

/// Header comment of every generated `.tf` file.
pub const HEADER: &str = "Generated by tfdesign. Edit the design (tfdesign.json) and regenerate.";

impl Module {
    /// The module's files, as (path relative to the module folder, contents).
    pub fn files(self) -> Vec<(String, Content)> {
        let mut files = Vec::new();
        let readme = self.readme();

        let mut vars = File::new();
        for v in &self.variables {
            let mut b = blk("variable", &[v.name])
                .a("description", s(v.description))
                .a("type", v.ty.clone());
            if let Some(d) = &v.default {
                b = b.a("default", d.clone());
            }
            for (condition, message) in &v.validations {
                b = b.b(blk("validation", &[])
                    .a("condition", condition.clone())
                    .a("error_message", s(*message)));
            }
            vars.push(b);
        }
        let mut outs = File::new();
        for o in &self.outputs {
            outs.push(
                blk("output", &[o.name])
                    .a("description", s(o.description))
                    .a("value", o.value.clone()),
            );
        }
        let mut versions = File::new();
        versions.push(terraform_block_with_aliases(
            &self.extra_providers,
            &self.aws_aliases,
        ));

        files.push(("main.tf".to_string(), Content::Tf(self.main.body())));
        files.push(("variables.tf".to_string(), Content::Tf(vars.body())));
        files.push(("outputs.tf".to_string(), Content::Tf(outs.body())));
        files.push(("versions.tf".to_string(), Content::Tf(versions.body())));
        files.push(("README.md".to_string(), readme.into()));
        files.extend(self.extra_files.into_iter().map(|(p, t)| (p, t.into())));
        files
    }

    fn readme(&self) -> String {
        let mut md = format!("# Module `{}`\n\n{}\n\n", self.name, self.description);
        md.push_str("## Usage\n\n```hcl\nmodule \"example\" {\n");
        md.push_str(&format!("  source = \"../../modules/{}\"\n", self.name));
        for v in self.variables.iter().filter(|v| v.default.is_none()) {
            md.push_str(&format!("  # {} = ...\n", v.name));
        }
        md.push_str("}\n```\n\n## Inputs\n\n");
        md.push_str("| Name | Description | Type | Default | Required |\n");
        md.push_str("|------|-------------|------|---------|:--------:|\n");
        for v in &self.variables {
            let default = v
                .default
                .as_ref()
                .map(|d| format!("`{}`", one_line(&render::expr(d, 0))))
                .unwrap_or_else(|| "n/a".to_string());
            md.push_str(&format!(
                "| `{}` | {} | `{}` | {} | {} |\n",
                v.name,
                table_cell(v.description),
                one_line(&render::expr(&v.ty, 0)),
                default,
                if v.default.is_none() { "yes" } else { "no" }
            ));
        }
        md.push_str("\n## Outputs\n\n| Name | Description |\n|------|-------------|\n");
        for o in &self.outputs {
            md.push_str(&format!(
                "| `{}` | {} |\n",
                o.name,
                table_cell(o.description)
            ));
        }
        md
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn table_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Type constraint helpers.
pub mod ty {
    use super::super::hcl::{call, r, E};

    /// `string`
    pub fn string() -> E {
        r("string")
    }
    /// `number`
    pub fn number() -> E {
        r("number")
    }
    /// `bool`
    pub fn bool() -> E {
        r("bool")
    }
    /// `list(string)`
    pub fn list_string() -> E {
        call("list", vec![r("string")])
    }
    /// `map(string)`
    pub fn map_string() -> E {
        call("map", vec![r("string")])
    }
}
