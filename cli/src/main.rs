//! `tfdesign`: the designer's pipeline for terminals and CI.

mod folder;
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
    /// Check a bundle folder against the bundle its own design (DIR/tfdesign.json) regenerates:
    /// every generated file missing, different or unexpected, the team's own files ignored.
    /// Exits 0 when it matches, 1 when it drifted, 2 on bad input.
    Check {
        /// The bundle folder.
        dir: PathBuf,
        /// The most lines of diff shown for one file.
        #[arg(long, default_value_t = 40, value_name = "N")]
        max_diff_lines: usize,
    },
    /// Show what changed between two versions: design fields, the monthly cost estimate (in all
    /// and per root that changed), and the files added, removed and changed with unified diffs.
    /// A and B are each a design (.json), a bundle folder or a bundle .zip. Exits 0 when they
    /// are the same, 1 when they differ, 2 on bad input.
    Diff {
        /// The earlier version.
        a: PathBuf,
        /// The later version.
        b: PathBuf,
        /// The most lines of diff shown for one file.
        #[arg(long, default_value_t = 40, value_name = "N")]
        max_diff_lines: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CostFormat::Table)]
        format: CostFormat,
    },
    /// Print a monthly estimate of what a design's bundle costs on AWS (embedded list prices).
    Cost {
        #[command(flatten)]
        source: Source,
        /// A usage file (JSON): monthly requests, GB and LCUs per resource. Each field it gives
        /// replaces the design's usage value of that field (design-wide and per service); the
        /// others keep the design's values, 0 unless its `usage` section sets them
        /// (`--format json` shows every field under `usage` and `service_usage`).
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
            // The file's inputs replace the design's values of the same inputs, everywhere;
            // the inputs it leaves out keep the design's usage section.
            let usage = match usage {
                None => tfdesign_core::cost::UsageInputs::default(),
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        fail(format!(
                            "cannot read the usage file {}: {e}",
                            path.display()
                        ))
                    })?;
                    tfdesign_core::cost::UsageInputs::from_json(&text)
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
            let bundle = generate_or_fail(&design, "the design", 1).map_err(|f| Failure {
                message: f
                    .message
                    .replacen("has errors:", "has errors; nothing was written:", 1),
                ..f
            })?;
            let kept = if out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            {
                output::write_zip(&bundle, &out, force).map_err(fail)?;
                Vec::new()
            } else {
                output::write_folder(&bundle, &out, force, &previous_files).map_err(fail)?
            };
            eprintln!("wrote {} files to {}", bundle.files.len(), out.display());
            if !kept.is_empty() {
                eprintln!(
                    "kept {} of your own (not generated, left as they were):",
                    count(kept.len(), "entry", "entries")
                );
                for path in &kept {
                    eprintln!("  {}", printable(path));
                }
            }
        }
        Command::Check {
            dir,
            max_diff_lines,
        } => check(&dir, max_diff_lines)?,
        Command::Diff {
            a,
            b,
            max_diff_lines,
            format,
        } => diff(&a, &b, max_diff_lines, format)?,
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

/// The bundle `design` generates, or a failure with exit code `code` listing its errors.
fn generate_or_fail(
    design: &Design,
    what: &str,
    code: u8,
) -> Result<tfdesign_core::Bundle, Failure> {
    tfdesign_core::generate(design).map_err(|diagnostics| {
        let lines: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("  {}", printable(&d.to_string())))
            .collect();
        Failure {
            message: format!("{what} has errors:\n{}", lines.join("\n")),
            code,
        }
    })
}

/// `tfdesign check DIR`: prints the drift of the folder from its design's bundle.
fn check(dir: &Path, max_diff_lines: usize) -> Result<(), Failure> {
    let design = folder::read_design(dir).map_err(fail)?;
    let what = format!("the design {}", dir.join("tfdesign.json").display());
    let expected = generate_or_fail(&design, &what, 2)?;
    let found = folder::read_files(dir, &|path| expected.files.contains_key(path)).map_err(fail)?;
    let drift = tfdesign_core::compare::drift(&expected, &found, max_diff_lines);
    let shown = dir.display();
    if drift.is_clean() {
        println!(
            "{shown} matches its design: {} generated files{}",
            expected.files.len(),
            if drift.ignored > 0 {
                format!(
                    ", {} not generated ignored",
                    count(drift.ignored, "file", "files")
                )
            } else {
                String::new()
            }
        );
        return Ok(());
    }
    for (path, diff) in &drift.changed {
        println!("changed: {}", printable(path));
        for line in diff.lines() {
            println!("    {}", printable(line));
        }
    }
    for path in &drift.missing {
        println!("missing: {}", printable(path));
    }
    for path in &drift.unexpected {
        println!("unexpected: {}", printable(path));
    }
    // `generate` refuses the working folder, so the command runs from the folder above it.
    let hint = std::fs::canonicalize(dir)
        .ok()
        .and_then(|full| {
            let name = full.file_name()?.to_string_lossy().into_owned();
            let parent = full.parent()?.display().to_string();
            Some(format!(
                "(cd {parent} && tfdesign generate --design {name}/tfdesign.json --out {name} --force)"
            ))
        })
        .unwrap_or_else(|| "tfdesign generate --force".to_string());
    println!(
        "{shown} drifted from its design: {} changed, {} missing, {} unexpected. \
         Change the design and regenerate: {} keeps your *.local.tf files and custom/ folders.",
        drift.changed.len(),
        drift.missing.len(),
        drift.unexpected.len(),
        printable(&hint)
    );
    Err(Failure {
        message: String::new(),
        code: 1,
    })
}

/// The largest bundle zip read (256 MiB).
const MAX_ZIP_BYTES: u64 = 256 << 20;

/// One side of `tfdesign diff`: its design and its bundle's files.
fn side(path: &Path) -> Result<(Design, std::collections::BTreeMap<String, Vec<u8>>), Failure> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("{shown}: {e}")))?;
    if meta.is_dir() {
        let design = folder::read_design(path).map_err(fail)?;
        let expected = generate_or_fail(&design, &format!("the design of {shown}"), 2)?;
        let found = folder::read_files(path, &|_| true).map_err(fail)?;
        return Ok((
            design,
            tfdesign_core::compare::bundle_files(&expected, found),
        ));
    }
    let zip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if zip {
        if meta.len() > MAX_ZIP_BYTES {
            return Err(fail(format!(
                "{shown} is larger than {} MiB",
                MAX_ZIP_BYTES >> 20
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| fail(format!("{shown}: {e}")))?;
        let (design, files) =
            tfdesign_core::compare::read_zip(&bytes).map_err(|e| fail(format!("{shown}: {e}")))?;
        let expected = generate_or_fail(&design, &format!("the design of {shown}"), 2)?;
        return Ok((
            design,
            tfdesign_core::compare::bundle_files(&expected, files),
        ));
    }
    if meta.len() > MAX_DESIGN_BYTES {
        return Err(fail(format!(
            "{shown} is larger than {} MiB",
            MAX_DESIGN_BYTES >> 20
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| fail(format!("{shown}: {e}")))?;
    let design = Design::from_json(&text).map_err(|e| fail(format!("{shown}: {e}")))?;
    let bundle = generate_or_fail(&design, &format!("the design {shown}"), 2)?;
    Ok((design, bundle.files))
}

/// A design value for one line of `diff`: at most 80 characters.
fn clip(value: &str) -> String {
    if value.chars().count() <= 80 {
        return value.to_string();
    }
    let head: String = value.chars().take(79).collect();
    format!("{head}…")
}

/// `tfdesign diff A B`.
fn diff(a: &Path, b: &Path, max_diff_lines: usize, format: CostFormat) -> Result<(), Failure> {
    use tfdesign_core::compare::{self, Change};
    let (design_a, files_a) = side(a)?;
    let (design_b, files_b) = side(b)?;
    let fields = compare::design(&design_a, &design_b);
    let files = compare::files(&files_a, &files_b, max_diff_lines);
    // Both sides generated, so both pass the design rules and have an estimate.
    let usage = tfdesign_core::cost::UsageInputs::default();
    let cost = tfdesign_core::cost::of(&design_a, &usage)
        .ok()
        .zip(tfdesign_core::cost::of(&design_b, &usage).ok())
        .map(|(x, y)| compare::cost(&x, &y));
    let same = fields.is_empty() && files.is_empty();
    let differ = || Failure {
        message: String::new(),
        code: 1,
    };
    if let CostFormat::Json = format {
        let json = serde_json::json!({
            "same": same,
            "fields": fields.iter().map(|f| serde_json::json!({
                "path": f.path,
                "before": f.before,
                "after": f.after,
            })).collect::<Vec<_>>(),
            "cost": cost,
            "files": files.iter().map(|f| {
                let (change, diff) = match &f.change {
                    Change::Changed(diff) => ("changed", Some(diff)),
                    Change::Added => ("added", None),
                    Change::Removed => ("removed", None),
                };
                serde_json::json!({ "path": f.path, "change": change, "diff": diff })
            }).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
        return if same { Ok(()) } else { Err(differ()) };
    }
    if same {
        println!("{} and {} are the same", a.display(), b.display());
        return Ok(());
    }
    if !fields.is_empty() {
        println!(
            "design: {}",
            count(fields.len(), "field changed", "fields changed")
        );
        for f in &fields {
            let line = match (&f.before, &f.after) {
                (Some(x), Some(y)) => format!("{}: {} → {}", f.path, clip(x), clip(y)),
                (None, Some(y)) => format!("{}: added {}", f.path, clip(y)),
                (Some(x), None) => format!("{}: removed (was {})", f.path, clip(x)),
                (None, None) => f.path.clone(),
            };
            println!("  {}", printable(&line));
        }
    }
    if let Some(cost) = cost.filter(|c| !c.is_same()) {
        let missing = |n: usize| {
            if n == 0 {
                String::new()
            } else {
                format!(" + {n} without price")
            }
        };
        println!(
            "cost: {}{} → {}{} a month ({}/mo)",
            cost.before.dollars(),
            missing(cost.missing.0),
            cost.after.dollars(),
            missing(cost.missing.1),
            cost.change
        );
        let side = |m: Option<tfdesign_core::cost::Micros>, n: usize| match m {
            Some(m) => format!("{}{}", m.dollars(), missing(n)),
            None => "none".to_string(),
        };
        for r in &cost.roots {
            println!(
                "  {}: {} → {} ({})",
                printable(&r.root),
                side(r.before, r.missing.0),
                side(r.after, r.missing.1),
                r.change
            );
        }
    }
    let tally = |want: fn(&Change) -> bool| files.iter().filter(|f| want(&f.change)).count();
    println!(
        "files: {} changed, {} added, {} removed",
        tally(|c| matches!(c, Change::Changed(_))),
        tally(|c| matches!(c, Change::Added)),
        tally(|c| matches!(c, Change::Removed)),
    );
    for f in &files {
        match &f.change {
            Change::Changed(diff) => {
                println!("changed: {}", printable(&f.path));
                for line in diff.lines() {
                    println!("    {}", printable(line));
                }
            }
            Change::Added => println!("added: {}", printable(&f.path)),
            Change::Removed => println!("removed: {}", printable(&f.path)),
        }
    }
    Err(differ())
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

/// `n` and the noun, singular or plural.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
