//! Design rules on single fields that several building blocks and sections share: plain
//! tokens, container images, commands and sizes, Lambda runtimes, EventBridge schedule
//! expressions, the ECS hosts' instance type. A leaf: the kind files and `validate` read it, it
//! reads neither.

use crate::catalog::{
    arm64_instance_type, DEPRECATED_LAMBDA_RUNTIMES, INSTANCE_TYPES, LAMBDA_RUNTIMES,
};
use crate::diagnostic::Diagnostic;
use crate::validate_text::shown;

/// Values written into HCL as strings that must still be one plain token.
pub(crate) fn plain(out: &mut Vec<Diagnostic>, path: &str, what: &str, value: &str) {
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !ok {
        out.push(Diagnostic::error(
            path,
            format!("the {what} \"{}\" is not valid", value.escape_debug()),
        ));
    }
}

/// The EC2 instance type of ECS hosts (a tier's shared hosts or a service's own): a
/// well-formed type (`family.size`) with x86_64 processors. The hosts boot the x86_64
/// ECS-optimized Amazon Linux AMI, which EC2 refuses to launch on an arm64 (Graviton) type: the
/// Auto Scaling group would never get a host, and the tasks would wait forever.
pub(crate) fn instance_type(out: &mut Vec<Diagnostic>, path: &str, value: &str) {
    let well_formed = value.split_once('.').is_some_and(|(family, size)| {
        !family.is_empty()
            && !size.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    });
    let examples = || format!("an EC2 instance type such as {}", INSTANCE_TYPES.join(", "));
    if !well_formed {
        out.push(
            Diagnostic::error(
                path,
                format!("the instance type \"{}\" is not valid", shown(value)),
            )
            .with_hint(examples()),
        );
    } else if arm64_instance_type(value) {
        out.push(
            Diagnostic::error(
                path,
                format!(
                    "\"{value}\" is an arm64 (Graviton) instance type: the ECS hosts boot the x86_64 ECS-optimized AMI, which EC2 does not launch on it"
                ),
            )
            .with_hint(format!("pick an x86_64 type: {}", examples())),
        );
    }
}

/// Most arguments, and characters per argument, of a container command.
const COMMAND_ARGS: usize = 64;
const COMMAND_ARG_CHARS: usize = 4096;

/// A container command: a bounded list of arguments without control characters (tabs and
/// line breaks are fine in a shell script).
pub(crate) fn command(out: &mut Vec<Diagnostic>, path: &str, args: &[String]) {
    if args.len() > COMMAND_ARGS {
        out.push(Diagnostic::error(
            path.to_string(),
            format!(
                "a command has at most {COMMAND_ARGS} arguments ({} given)",
                args.len()
            ),
        ));
        return;
    }
    for (i, arg) in args.iter().enumerate() {
        let at = format!("{path}/{i}");
        if arg.is_empty() && i == 0 {
            out.push(Diagnostic::error(
                at,
                "the command's program (its first argument) is empty",
            ));
        } else if arg.chars().count() > COMMAND_ARG_CHARS {
            out.push(Diagnostic::error(
                at,
                format!("a command argument has at most {COMMAND_ARG_CHARS} characters"),
            ));
        } else if let Some(c) = arg
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        {
            out.push(Diagnostic::error(
                at,
                format!(
                    "the command argument contains the control character U+{:04X}",
                    c as u32
                ),
            ));
        }
    }
}

/// A placeholder's busybox command with another image replaces that image's own start command
/// with a script the image most likely cannot run.
pub(crate) fn placeholder_command(
    out: &mut Vec<Diagnostic>,
    base: &str,
    image: &str,
    args: &[String],
) {
    if image != crate::presets::PLACEHOLDER_IMAGE && crate::presets::is_placeholder_command(args) {
        out.push(
            Diagnostic::warning(
                format!("{base}/command"),
                "the command is the placeholder's busybox script: it replaces the start command of your image",
            )
            .with_hint("Remove the command to run the image's own, or write the one it needs."),
        );
    }
}

pub(crate) fn container(out: &mut Vec<Diagnostic>, base: &str, image: &str, cpu: u32, memory: u32) {
    if let Err(why) = crate::validate_text::image(image) {
        out.push(
            Diagnostic::error(
                format!("{base}/image"),
                format!(
                    "\"{}\" is not a container image reference: {why}",
                    crate::validate_text::shown(image)
                ),
            )
            .with_hint("registry/repository:tag or registry/repository@sha256:<64 hex digits>, e.g. public.ecr.aws/nginx/nginx:1.27"),
        );
    }
    if !(128..=10240).contains(&cpu) {
        out.push(Diagnostic::error(
            format!("{base}/cpu"),
            "container CPU is 128 to 10240 units (1024 = 1 vCPU)",
        ));
    }
    if !(128..=122_880).contains(&memory) {
        out.push(Diagnostic::error(
            format!("{base}/memory"),
            "container memory is 128 to 122880 MiB",
        ));
    }
}

pub(crate) fn runtime(out: &mut Vec<Diagnostic>, path: &str, value: &str) {
    if LAMBDA_RUNTIMES.contains(&value) {
        return;
    }
    match DEPRECATED_LAMBDA_RUNTIMES.iter().find(|(old, _)| *old == value) {
        Some((old, new)) => out.push(
            Diagnostic::warning(
                path,
                format!("the Lambda runtime {old} is deprecated: AWS no longer patches it and will block updates to functions that use it"),
            )
            .with_hint(format!("use {new}")),
        ),
        None => out.push(
            Diagnostic::error(
                path,
                format!("\"{}\" is not a Lambda runtime", value.escape_debug()),
            )
            .with_hint(format!("one of {}", LAMBDA_RUNTIMES.join(", "))),
        ),
    }
}

/// Parses an EventBridge `cron(…)` or `rate(…)` schedule expression.
pub fn schedule_expression(e: &str) -> Result<(), String> {
    if let Some(inner) = e.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        return rate(inner);
    }
    if let Some(inner) = e.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) {
        return cron(inner);
    }
    Err("it is neither cron(…) nor rate(…)".into())
}

fn rate(inner: &str) -> Result<(), String> {
    let parts: Vec<&str> = inner.split(' ').collect();
    let [value, unit] = parts[..] else {
        return Err("a rate is a value and a unit, e.g. rate(5 minutes)".into());
    };
    let n: u64 = value
        .parse()
        .ok()
        .filter(|n| *n > 0 && value.chars().all(|c| c.is_ascii_digit()))
        .ok_or_else(|| format!("the rate value \"{value}\" is not a positive whole number"))?;
    let singular = match unit {
        "minute" | "hour" | "day" => true,
        "minutes" | "hours" | "days" => false,
        _ => {
            return Err(format!(
                "\"{unit}\" is not a unit: use minute(s), hour(s) or day(s)"
            ))
        }
    };
    match (n == 1, singular) {
        (true, false) => Err(format!(
            "a value of 1 takes the singular: rate(1 {})",
            unit.trim_end_matches('s')
        )),
        (false, true) => Err(format!(
            "a value above 1 takes the plural: rate({n} {unit}s)"
        )),
        _ => Ok(()),
    }
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn cron(inner: &str) -> Result<(), String> {
    let fields: Vec<&str> = inner.split(' ').collect();
    if fields.len() != 6 {
        return Err(format!(
            "cron takes 6 fields (minutes hours day-of-month month day-of-week year), it has {}",
            fields.len()
        ));
    }
    cron_field(fields[0], "minutes", 0, 59, &[])?;
    cron_field(fields[1], "hours", 0, 23, &[])?;
    cron_field(fields[3], "month", 1, 12, MONTHS)?;
    cron_field(fields[5], "year", 1970, 2199, &[])?;
    let (dom, dow) = (fields[2], fields[4]);
    match (dom == "?", dow == "?") {
        (true, true) => return Err("only one of day-of-month and day-of-week can be ?".into()),
        (false, false) => {
            return Err(
                "one of day-of-month and day-of-week must be ? (e.g. cron(0 4 * * ? *))".into(),
            )
        }
        _ => {}
    }
    if dom != "?" {
        let special = dom == "L"
            || dom == "LW"
            || dom
                .strip_suffix('W')
                .is_some_and(|d| d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)));
        if !special {
            cron_field(dom, "day-of-month", 1, 31, &[])?;
        }
    }
    if dow != "?" {
        let day = |d: &str| {
            d.parse::<u32>().is_ok_and(|d| (1..=7).contains(&d))
                || WEEKDAYS.contains(&d.to_ascii_uppercase().as_str())
        };
        let special = dow == "L"
            || dow.strip_suffix('L').is_some_and(day)
            || dow.split_once('#').is_some_and(|(d, n)| {
                day(d) && n.parse::<u32>().is_ok_and(|n| (1..=5).contains(&n))
            });
        if !special {
            cron_field(dow, "day-of-week", 1, 7, WEEKDAYS)?;
        }
    }
    Ok(())
}

/// One cron field: `*`, values, ranges `a-b`, steps `*/n`, `a/n`, `a-b/n`, and lists of them.
fn cron_field(field: &str, what: &str, min: u32, max: u32, names: &[&str]) -> Result<(), String> {
    let value = |v: &str| -> Result<u32, String> {
        let upper = v.to_ascii_uppercase();
        if let Some(i) = names.iter().position(|n| *n == upper) {
            return Ok(min + i as u32);
        }
        v.parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| format!("{what} \"{v}\" is not a value from {min} to {max}"))
    };
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (item, None),
        };
        if let Some(s) = step {
            if !s.parse::<u32>().is_ok_and(|s| s > 0) {
                return Err(format!(
                    "the {what} step \"{s}\" is not a positive whole number"
                ));
            }
        }
        if range == "*" {
            continue;
        }
        match range.split_once('-') {
            Some((a, b)) => {
                value(a)?;
                value(b)?;
            }
            None => {
                value(range)?;
            }
        }
    }
    Ok(())
}
