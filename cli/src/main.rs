//! `tfdesign`: the designer's pipeline for terminals and CI.

mod output;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tfdesign_core::{link, presets, Design, Severity};

#[derive(Parser)]
#[command(
    name = "tfdesign",
    version,
    about = "Design AWS platforms; get a validated Terraform bundle."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the built-in presets, one per line.
    Presets,
    /// Print a preset's design as JSON, or a benchmark design of a given size.
    Design {
        /// Preset name (see `tfdesign presets`).
        #[arg(long, required_unless_present = "scaled", conflicts_with = "scaled")]
        preset: Option<String>,
        /// A benchmark design: the sports-cards services repeated, as SERVICES,TIERS,REGIONS
        /// (`30,4,3` is the 10× fixture of the benchmarks).
        #[arg(long, value_name = "SERVICES,TIERS,REGIONS")]
        scaled: Option<String>,
    },
    /// Print the JSON Schema of design files.
    Schema,
    /// Check a design and print every problem; exits 1 when there are errors.
    Validate {
        #[command(flatten)]
        source: Source,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the Terraform bundle of a design to a folder, or to a zip when PATH ends in .zip.
    Generate {
        #[command(flatten)]
        source: Source,
        /// Destination folder, or a .zip file.
        #[arg(long)]
        out: PathBuf,
        /// Replace a non-empty destination folder or an existing zip.
        #[arg(long)]
        force: bool,
    },
    /// Print a monthly estimate of what a design's bundle costs on AWS (embedded list prices).
    Cost {
        #[command(flatten)]
        source: Source,
        /// A usage file (JSON): monthly requests, GB and LCUs per resource; every field is 0
        /// unless given (`--format json` shows every field under `usage`).
        #[arg(long)]
        usage: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CostFormat::Table)]
        format: CostFormat,
    },
    /// Share links: a whole design in the fragment (after `#`) of an address.
    Link {
        #[command(subcommand)]
        action: LinkAction,
    },
}

#[derive(Subcommand)]
enum LinkAction {
    /// Print the share link of a design: `BASE#v1.…`, or the bare `v1.…` without --base.
    Encode {
        #[command(flatten)]
        source: Source,
        /// Address of the designer app the link opens, e.g. https://example.org/tfdesign/.
        #[arg(long)]
        base: Option<String>,
    },
    /// Print the design JSON a share link holds; exits 2 with the reason on a bad link.
    Decode {
        /// The link: a whole address, its `#v1.…` fragment or the bare `v1.…`.
        #[arg(allow_hyphen_values = true)]
        link: String,
    },
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct Source {
    /// A design file (JSON), e.g. a bundle's tfdesign.json.
    #[arg(long)]
    design: Option<PathBuf>,
    /// A built-in preset.
    #[arg(long)]
    preset: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CostFormat {
    Table,
    Json,
}

/// The largest design file read (16 MiB): far above any design that passes the size limits.
const MAX_DESIGN_BYTES: u64 = 16 << 20;

/// A failure with the one message the user sees and the exit code.
struct Failure {
    message: String,
    code: u8,
}

fn fail(message: impl Into<String>) -> Failure {
    Failure {
        message: message.into(),
        code: 2,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                let lines: Vec<String> = f.message.lines().map(printable).collect();
                eprintln!("tfdesign: {}", lines.join("\n"));
            }
            ExitCode::from(f.code)
        }
    }
}

fn preset(name: &str) -> Result<Design, Failure> {
    presets::get(name).ok_or_else(|| {
        fail(format!(
            "there is no preset called \"{name}\"; the presets are: {}",
            presets::NAMES.join(", ")
        ))
    })
}

fn load(source: &Source) -> Result<Design, Failure> {
    if let Some(name) = &source.preset {
        return preset(name);
    }
    let path = source.design.as_deref().unwrap_or(Path::new(""));
    let text = std::fs::read_to_string(path).map_err(|e| {
        fail(format!(
            "cannot read the design file {}: {e}",
            path.display()
        ))
    })?;
    Design::from_json(&text).map_err(|e| fail(format!("{}: {e}", path.display())))
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Presets => {
            for name in presets::NAMES {
                println!("{name}");
            }
        }
        Command::Design {
            preset: name,
            scaled,
        } => {
            let design = match (name, scaled) {
                (Some(name), _) => preset(&name)?,
                (None, Some(size)) => scaled_design(&size).map_err(fail)?,
                (None, None) => return Err(fail("give --preset NAME or --scaled S,T,R")),
            };
            print!("{}", design.to_json());
        }
        Command::Cost {
            source,
            usage,
            format,
        } => {
            let design = load(&source)?;
            let usage = match usage {
                None => tfdesign_core::cost::Usage::default(),
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        fail(format!(
                            "cannot read the usage file {}: {e}",
                            path.display()
                        ))
                    })?;
                    tfdesign_core::cost::Usage::from_json(&text)
                        .map_err(|e| fail(format!("{}: {e}", path.display())))?
                }
            };
            let estimate = tfdesign_core::cost::of(&design, &usage).map_err(|diagnostics| {
                let errors: Vec<String> = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| d.to_string())
                    .collect();
                Failure {
                    message: format!(
                        "the design has errors, so it has no bundle to price:\n{}",
                        errors.join("\n")
                    ),
                    code: 1,
                }
            })?;
            match format {
                CostFormat::Json => print!("{}", estimate.to_json()),
                CostFormat::Table => {
                    print!("{}", tfdesign_core::cost::text(&design.project, &estimate))
                }
            }
        }
        Command::Schema => print!("{}", tfdesign_core::design::json_schema()),
        Command::Validate { source, format } => {
            // All three layers: design rules, then (when they pass) the generated bundle against
            // the provider schema and its module wiring. A design file with unknown fields is
            // reported field by field, like any other diagnostic.
            let diagnostics = match load(&source) {
                Ok(design) => tfdesign_core::validate_all(&design),
                Err(failure) => {
                    let text = source
                        .design
                        .as_deref()
                        .and_then(|p| std::fs::read_to_string(p).ok());
                    let unknown = text
                        .map(|t| tfdesign_core::validate::unknown_fields(&t))
                        .unwrap_or_default();
                    if unknown.is_empty() {
                        return Err(failure);
                    }
                    unknown
                }
            };
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&diagnostics).unwrap_or_default()
                ),
                Format::Text => {
                    for d in &diagnostics {
                        println!("{}", printable(&d.to_string()));
                    }
                    let errors = diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .count();
                    println!("{errors} errors, {} warnings", diagnostics.len() - errors);
                }
            }
            if diagnostics.iter().any(|d| d.severity == Severity::Error) {
                return Err(Failure {
                    message: String::new(),
                    code: 1,
                });
            }
        }
        Command::Generate { source, out, force } => {
            let design = load(&source)?;
            let bundle = tfdesign_core::generate(&design).map_err(|diagnostics| {
                let lines: Vec<String> = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| format!("  {}", printable(&d.to_string())))
                    .collect();
                Failure {
                    message: format!(
                        "the design has errors; nothing was written:\n{}",
                        lines.join("\n")
                    ),
                    code: 1,
                }
            })?;
            if out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            {
                output::write_zip(&bundle, &out, force).map_err(fail)?;
            } else {
                output::write_folder(&bundle, &out, force, &previous_files).map_err(fail)?;
            }
            eprintln!("wrote {} files to {}", bundle.files.len(), out.display());
        }
        Command::Link {
            action: LinkAction::Encode { source, base },
        } => {
            let payload = link::encode(&load(&source)?).map_err(|e| fail(e.to_string()))?;
            match base {
                // An address that already has a fragment gets this one instead.
                Some(base) => println!("{}#{payload}", base.split('#').next().unwrap_or_default()),
                None => println!("{payload}"),
            }
        }
        Command::Link {
            action: LinkAction::Decode { link: text },
        } => print!(
            "{}",
            link::decode(&text)
                .map_err(|e| fail(e.to_string()))?
                .to_json()
        ),
    }
    Ok(())
}

/// The files the generator wrote into an existing bundle folder: the bundle of the design file it
/// holds (`tfdesign.json`), when that still loads and generates. Used so `--force` drops the old
/// bundle's generated files but keeps the ones a team added.
fn previous_files(folder: &Path) -> BTreeSet<String> {
    let file = folder.join("tfdesign.json");
    let regular =
        std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file() && m.len() <= MAX_DESIGN_BYTES);
    std::fs::read_to_string(&file)
        .ok()
        .filter(|_| regular)
        .and_then(|text| Design::from_json(&text).ok())
        .and_then(|design| tfdesign_core::generate(&design).ok())
        .map(|bundle| bundle.files.into_keys().collect())
        .unwrap_or_default()
}

/// `text` with control characters (and the invisible and bidirectional formatting ones) escaped,
/// so a value from a design cannot move the cursor, forge lines or reorder what a terminal shows.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            let format = matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
            if c.is_control() || format {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The benchmark design of `size` (`SERVICES,TIERS,REGIONS`, each 1–100).
fn scaled_design(size: &str) -> Result<Design, String> {
    let parts: Vec<usize> = size
        .split(',')
        .map(|p| p.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("--scaled {size}: expected three numbers, SERVICES,TIERS,REGIONS"))?;
    match parts.as_slice() {
        [s, t, r] if [*s, *t, *r].iter().all(|n| (1..=100).contains(n)) => {
            Ok(tfdesign_core::scale::scaled(*s, *t, *r))
        }
        _ => Err(format!(
            "--scaled {size}: expected three numbers from 1 to 100, SERVICES,TIERS,REGIONS"
        )),
    }
}
