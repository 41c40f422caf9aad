//! Problems found in a design or a bundle, as values.

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Generation refuses the design.
    Error,
    /// Generation goes on, but a reviewer would ask about it.
    Warning,
}

/// One problem, pointing at the field it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// JSON Pointer into the design (`/services/0/name`), or `file:line` for bundle findings.
    pub path: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How to fix it, when there is something to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The apply-time rule that found it (`crate::apply::RULES`, set by `apply::FoundBy`), if
    /// any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The AWS (or provider) documentation the rule comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
            hint: None,
            rule: None,
            doc: None,
        }
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            path: path.into(),
            message: message.into(),
            hint: None,
            rule: None,
            doc: None,
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

/// A JSON Pointer from raw segments (escaping `~` and `/`).
pub fn pointer(segments: &[&str]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {} ({})", self.message, self.path)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, " [{rule}")?;
            if let Some(doc) = &self.doc {
                write!(f, ": {doc}")?;
            }
            write!(f, "]")?;
        }
        Ok(())
    }
}

/// Where the JSON Pointer `path` leads in `design`, in words, for people: `/services/0/name`
/// is "Service api › Name", `/tiers/1/database/multi_az` is "Tier prod › Database › Multi-AZ".
/// Items of lists are named by their `name` (by their place when it is empty or the item is
/// gone); keys of maps are shown as they are. `None` for a path that is not a pointer (a
/// bundle finding's `file:line`).
pub fn place(design: &crate::Design, path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("The design".to_owned());
    }
    let rest = path.strip_prefix('/')?;
    let segments: Vec<String> = rest
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut words: Vec<String> = Vec::new();
    let mut i = 0;
    // A list item named by `name_of`, or "<kind> <n>" (1-based) when it has no name.
    let item = |kind: &str, index: &str, name_of: &dyn Fn(usize) -> Option<String>| match index
        .parse::<usize>()
    {
        Ok(n) => match name_of(n).filter(|name| !name.is_empty()) {
            Some(name) => format!("{kind} {name}"),
            None => format!("{kind} {}", n + 1),
        },
        Err(_) => format!("{kind} {index}"),
    };
    let at = |i: usize| segments.get(i).map(String::as_str);
    let service = match (at(0), at(1)) {
        (Some("services"), Some(index)) => index.parse::<usize>().ok(),
        _ => None,
    };
    match (at(0), at(1), at(2)) {
        (Some("services"), Some(index), _) => {
            words.push(item("Service", index, &|n| {
                design.services.get(n).map(|s| s.name.clone())
            }));
            i = 2;
        }
        (Some("tiers"), Some(index), _) => {
            words.push(item("Tier", index, &|n| {
                design.tiers.get(n).map(|t| t.name.clone())
            }));
            i = 2;
        }
        (Some("regions"), Some(index), _) => {
            words.push(item("Region", index, &|n| {
                design.regions.get(n).map(|r| r.name.clone())
            }));
            i = 2;
        }
        (Some("iam"), Some(list @ ("groups" | "users")), Some(index)) => {
            let kind = if list == "groups" {
                "IAM group"
            } else {
                "IAM user"
            };
            words.push(item(kind, index, &|n| {
                if list == "groups" {
                    design.iam.groups.get(n).map(|g| g.name.clone())
                } else {
                    design.iam.users.get(n).map(|u| u.name.clone())
                }
            }));
            i = 3;
        }
        (Some("security"), Some("tiers"), Some(name)) => {
            words.push(format!("Tier {name}"));
            words.push("Security".to_owned());
            i = 3;
        }
        (Some("security"), Some("services"), Some(name)) => {
            words.push(format!("Service {name}"));
            words.push("Security".to_owned());
            i = 3;
        }
        (Some("backend"), Some("regions"), Some(name)) => {
            words.push(format!("State backend {name}"));
            i = 3;
        }
        (Some("usage"), Some("services"), Some(name)) => {
            words.push(format!("Service {name}"));
            words.push("Usage".to_owned());
            i = 3;
        }
        (Some("usage"), Some("defaults"), _) => {
            words.push("Usage of every service".to_owned());
            i = 2;
        }
        _ => {}
    }
    while let Some(segment) = at(i) {
        let next = at(i + 1);
        let owned =
            |kind: &str, name_of: &dyn Fn(&crate::design::Service, usize) -> Option<String>| {
                let index = next.unwrap_or_default();
                item(kind, index, &|n| {
                    service
                        .and_then(|s| design.services.get(s))
                        .and_then(|s| name_of(s, n))
                })
            };
        let named = match (service.is_some() && i == 2, segment) {
            (true, "lambdas") if next.is_some() => Some(owned("Function", &|s, n| {
                s.lambdas.get(n).map(|l| l.name.clone())
            })),
            (true, "queues") if next.is_some() => Some(owned("Queue", &|s, n| {
                s.queues.get(n).map(|q| q.name.clone())
            })),
            (true, "schedules") if next.is_some() => Some(owned("Schedule", &|s, n| {
                s.schedules.get(n).map(|q| q.name.clone())
            })),
            _ => None,
        };
        if let Some(named) = named {
            words.push(named);
            i += 2;
            continue;
        }
        match segment.parse::<usize>() {
            // An item of a plain list (an e-mail address, a command argument).
            Ok(n) if !words.is_empty() => words.push(format!("item {}", n + 1)),
            _ => words.push(field_words(segment)),
        }
        i += 1;
    }
    Some(words.join(" › "))
}

/// A field's key in words: `task_count` is "Task count", `db_name` "DB name", `multi_az`
/// "Multi-AZ". Keys that are not snake case (map keys: tag names, `us-east-1/prod`) stay as
/// they are.
fn field_words(key: &str) -> String {
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return key.to_owned();
    }
    if key == "multi_az" {
        return "Multi-AZ".to_owned();
    }
    let words: Vec<String> = key
        .split('_')
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, word)| {
            let upper = matches!(
                word,
                "api"
                    | "arn"
                    | "az"
                    | "ci"
                    | "cpu"
                    | "db"
                    | "dr"
                    | "gb"
                    | "http"
                    | "iam"
                    | "id"
                    | "ids"
                    | "kms"
                    | "oidc"
                    | "s3"
                    | "url"
                    | "vpc"
                    | "waf"
                    | "alb"
                    | "asg"
            );
            if upper {
                if word == "ids" {
                    "IDs".to_owned()
                } else {
                    word.to_ascii_uppercase()
                }
            } else if i == 0 {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            } else {
                word.to_owned()
            }
        })
        .collect();
    words.join(" ")
}

/// A design name that becomes part of folder, resource and AWS names: lowercase letters,
/// digits and single dashes, starting with a letter, at most `max` characters.
pub(crate) fn name(out: &mut Vec<Diagnostic>, path: &str, what: &str, value: &str, max: usize) {
    if value.is_empty() {
        out.push(Diagnostic::error(path, format!("the {what} is empty")));
        return;
    }
    let ok = value.starts_with(|c: char| c.is_ascii_lowercase())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.ends_with('-')
        && !value.contains("--");
    if !ok {
        out.push(
            Diagnostic::error(path, format!("the {what} \"{}\" may only hold lowercase letters, digits and single dashes, starting with a letter", value.escape_debug()))
                .with_hint("it becomes part of folder, resource and AWS names"),
        );
    }
    if value.chars().count() > max {
        out.push(Diagnostic::error(
            path,
            format!(
                "the {what} \"{}\" is longer than {max} characters",
                value.escape_debug()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn check(path: &str, expected: Option<&str>) {
        let design = presets::sports_cards();
        assert_eq!(place(&design, path).as_deref(), expected, "{path}");
    }

    #[test]
    fn pointers_read_as_places() {
        let design = presets::sports_cards();
        let service = &design.services[0].name;
        let tier = &design.tiers[0].name;
        check(
            "/services/0/name",
            Some(&format!("Service {service} › Name")),
        );
        check(
            "/tiers/0/database/multi_az",
            Some(&format!("Tier {tier} › Database › Multi-AZ")),
        );
        check(
            "/tiers/0/compute/task_count",
            Some(&format!("Tier {tier} › Compute › Task count")),
        );
        check(
            "/tiers/0/alarms/notify_emails/1",
            Some(&format!("Tier {tier} › Alarms › Notify emails › item 2")),
        );
        check("/project", Some("Project"));
        check("/tags/Team", Some("Tags › Team"));
        check(
            "/network/explicit/us-east-1~1prod/private_subnet_ids",
            Some("Network › Explicit › us-east-1/prod › Private subnet IDs"),
        );
        check(
            "/security/tiers/prod/waf",
            Some("Tier prod › Security › WAF"),
        );
        check(
            "/backend/regions/us-east-1/bucket",
            Some("State backend us-east-1 › Bucket"),
        );
        check("", Some("The design"));
        check("modules/ecs-api/main.tf:12", None);
        // An item that is gone is named by its place.
        check("/services/99/api/image", Some("Service 100 › API › Image"));
    }

    #[test]
    fn a_services_parts_are_named() {
        let design = presets::sports_cards();
        let (si, service) = design
            .services
            .iter()
            .enumerate()
            .find(|(_, s)| !s.lambdas.is_empty() && !s.queues.is_empty())
            .expect("a service with functions and queues");
        let lambda = &service.lambdas[0].name;
        assert_eq!(
            place(
                &design,
                &format!("/services/{si}/lambdas/0/timeout_seconds")
            ),
            Some(format!(
                "Service {} › Function {lambda} › Timeout seconds",
                service.name
            ))
        );
        assert_eq!(
            place(&design, &format!("/services/{si}/queues/0")),
            Some(format!(
                "Service {} › Queue {}",
                service.name, service.queues[0].name
            ))
        );
        let mut unnamed = design.clone();
        unnamed.iam.groups = vec![Default::default()];
        assert_eq!(
            place(&unnamed, "/iam/groups/0/name"),
            Some("IAM group 1 › Name".to_owned())
        );
    }
}
