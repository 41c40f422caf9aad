//! Usage assumptions: the monthly amounts the cost estimate prices usage lines by (requests,
//! GB, LCU-hours…), each zero unless given.
//!
//! Every input is listed once, in [`usage_inputs!`]: it makes [`Usage`] (every value, resolved),
//! [`UsageInputs`] (the values one place sets: a design's usage section, a usage file) and
//! [`FIELDS`] (name, label, unit and upper bound of each, for the rules, the JSON Schema and the
//! designer's editor), so the three can never disagree.

use crate::markdown::grouped;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One usage input: its field name, how the designer labels it, its unit and its largest value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsageField {
    /// The field, e.g. `lambda_requests`.
    pub name: &'static str,
    /// A short label, e.g. `Lambda invocations`.
    pub label: &'static str,
    /// What one unit is and what it counts per, e.g. `requests a month, per function`.
    pub unit: &'static str,
    /// The largest value accepted (far above any real workload; keeps totals exact).
    pub max: u64,
}

macro_rules! usage_inputs {
    ($( $(#[doc = $doc:literal])* $name:ident: $label:literal, $unit:literal, $max:literal; )*) => {
        /// Monthly use of each usage-priced resource, applied to every resource of that kind in
        /// a root (each load balancer, each function, each queue…). Every field is zero unless
        /// set, and each usage line of the estimate says which field it comes from.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields, default)]
        pub struct Usage {
            $( $(#[doc = $doc])* pub $name: u64, )*
        }

        /// The usage inputs one place sets (a design's usage section, a usage file); an input
        /// it leaves out comes from the level below.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields, default)]
        pub struct UsageInputs {
            $(
                $(#[doc = $doc])*
                #[serde(skip_serializing_if = "Option::is_none")]
                #[schemars(range(min = 0, max = $max))]
                pub $name: Option<u64>,
            )*
        }

        /// Every usage input, in the order of the fields.
        pub const FIELDS: &[UsageField] = &[
            $( UsageField { name: stringify!($name), label: $label, unit: $unit, max: $max as u64 }, )*
        ];

        impl Usage {
            /// The value of the input `name` (0 for a name that is not an input).
            pub fn get(&self, name: &str) -> u64 {
                match name {
                    $( stringify!($name) => self.$name, )*
                    _ => 0,
                }
            }
        }

        /// Every input set, to the values of `usage`.
        impl From<Usage> for UsageInputs {
            fn from(usage: Usage) -> UsageInputs {
                UsageInputs {
                    $( $name: Some(usage.$name), )*
                }
            }
        }

        impl UsageInputs {
            /// The value set for the input `name`, if any.
            pub fn get(&self, name: &str) -> Option<u64> {
                match name {
                    $( stringify!($name) => self.$name, )*
                    _ => None,
                }
            }

            /// Sets (or with `None` clears) the input `name`; false when there is no such input.
            pub fn set(&mut self, name: &str, value: Option<u64>) -> bool {
                match name {
                    $( stringify!($name) => self.$name = value, )*
                    _ => return false,
                }
                true
            }

            /// `base` with every input set here in place of its value.
            pub fn over(&self, base: &Usage) -> Usage {
                Usage {
                    $( $name: self.$name.unwrap_or(base.$name), )*
                }
            }

            /// Whether no input is set.
            pub fn is_empty(&self) -> bool {
                true $( && self.$name.is_none() )*
            }

            /// The inputs set here, as (field, value), in the order of [`FIELDS`].
            pub fn values(&self) -> Vec<(&'static UsageField, u64)> {
                FIELDS
                    .iter()
                    .filter_map(|f| self.get(f.name).map(|v| (f, v)))
                    .collect()
            }
        }
    };
}

usage_inputs! {
    /// Load balancer capacity units consumed per load balancer, in LCU-hours a month.
    alb_lcu_hours: "Load balancer LCU-hours", "LCU-hours a month, per load balancer", 10_000_000;
    /// Requests per WAF web ACL a month.
    waf_requests: "WAF requests", "requests a month, per web ACL", 1e12;
    /// Invocations per Lambda function a month.
    lambda_requests: "Lambda invocations", "invocations a month, per function", 1e12;
    /// Average duration of one invocation, in milliseconds.
    lambda_duration_ms: "Lambda duration", "ms per invocation (at most 15 minutes)", 900_000;
    /// Requests per SQS queue a month (sends, receives, deletes; its dead-letter queue included).
    sqs_requests: "SQS requests", "requests a month, per queue", 1e12;
    /// Publishes per SNS alarm topic a month.
    sns_publishes: "SNS publishes", "publishes a month, per alarm topic", 1e12;
    /// Email notifications per SNS alarm topic a month.
    sns_email_notifications: "SNS emails", "emails a month, per alarm topic", 1_000_000_000;
    /// GB ingested per CloudWatch Logs log group a month.
    log_ingest_gb: "Logs ingested", "GB a month, per log group", 1_000_000;
    /// GB stored per CloudWatch Logs log group.
    log_storage_gb: "Logs stored", "GB, per log group", 10_000_000;
    /// API requests per KMS key a month.
    kms_requests: "KMS requests", "requests a month, per key", 1e12;
    /// API requests per Secrets Manager secret a month.
    secrets_api_requests: "Secrets Manager requests", "requests a month, per secret", 1e12;
    /// GB stored per S3 bucket the bundle creates (access logs, state).
    s3_storage_gb: "S3 stored", "GB, per bucket", 100_000_000;
    /// PUT, COPY, POST and LIST requests per S3 bucket a month.
    s3_put_requests: "S3 PUT requests", "requests a month, per bucket", 1e12;
    /// GB stored per DynamoDB table (also what point-in-time recovery keeps).
    dynamodb_storage_gb: "DynamoDB stored", "GB, per table", 100_000_000;
    /// Read requests per on-demand DynamoDB table a month.
    dynamodb_read_requests: "DynamoDB reads", "read requests a month, per on-demand table", 1e12;
    /// Write requests per on-demand DynamoDB table a month.
    dynamodb_write_requests: "DynamoDB writes", "write requests a month, per on-demand table", 1e12;
    /// GB of RDS backup storage per database beyond the free amount (the size of its storage).
    rds_backup_gb: "RDS backup storage", "GB beyond the free amount, per database", 1_000_000;
    /// GB a month replicated to another region per cross-region copy (database replica,
    /// access-log and state-bucket replication).
    replication_gb: "Cross-region replication", "GB a month, per cross-region copy", 10_000_000;
}

/// The field `name`, if it is a usage input.
pub fn field(name: &str) -> Option<&'static UsageField> {
    FIELDS.iter().find(|f| f.name == name)
}

impl Usage {
    /// Reads a usage file (JSON, every field optional). The error names the problem.
    pub fn from_json(text: &str) -> Result<Usage, String> {
        UsageInputs::from_json(text).map(|u| u.over(&Usage::default()))
    }

    /// Whether every input is zero.
    pub fn is_zero(&self) -> bool {
        FIELDS.iter().all(|f| self.get(f.name) == 0)
    }
}

impl UsageInputs {
    /// Reads a usage file (JSON, every field optional): the inputs it sets. The error names the
    /// problem (an unknown field, a negative or fractional number, one above its bound).
    pub fn from_json(text: &str) -> Result<UsageInputs, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let inputs: UsageInputs =
            serde_json::from_str(text).map_err(|e| format!("the usage file is not valid: {e}"))?;
        match inputs.out_of_bounds().first() {
            Some(problem) => Err(format!("the usage file is not valid: {problem}")),
            None => Ok(inputs),
        }
    }

    /// A message per input above its bound, naming the field.
    pub fn out_of_bounds(&self) -> Vec<String> {
        self.values()
            .into_iter()
            .filter(|(f, v)| *v > f.max)
            .map(|(f, v)| out_of_bounds(f, v))
            .collect()
    }
}

/// `lambda_requests is 0 to 1,000,000,000,000 invocations a month, per function; got 5`.
pub fn out_of_bounds(f: &UsageField, value: u64) -> String {
    format!(
        "{} is 0 to {} {}; got {}",
        f.name,
        grouped(f.max),
        f.unit,
        grouped(value)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_files_default_to_zero_and_refuse_unknown_fields() {
        assert_eq!(Usage::from_json("{}"), Ok(Usage::default()));
        let u = Usage::from_json(r#"{"lambda_requests": 1000000}"#).unwrap();
        assert_eq!(u.lambda_requests, 1_000_000);
        let e = Usage::from_json(r#"{"lambda_request": 1}"#).unwrap_err();
        assert!(e.contains("unknown field `lambda_request`"), "{e}");
        assert!(Usage::from_json(r#"{"sqs_requests": -1}"#).is_err());
        assert!(Usage::from_json(r#"{"sqs_requests": 1.5}"#).is_err());
        let e = Usage::from_json(r#"{"lambda_duration_ms": 900001}"#).unwrap_err();
        assert!(
            e.contains("lambda_duration_ms is 0 to 900,000 ms per invocation"),
            "{e}"
        );
    }

    #[test]
    fn inputs_set_only_what_they_name_and_lay_over_a_base() {
        let base = Usage {
            kms_requests: 7,
            sqs_requests: 9,
            ..Usage::default()
        };
        let mut inputs = UsageInputs::default();
        assert!(inputs.is_empty());
        assert!(inputs.set("sqs_requests", Some(0)));
        assert!(inputs.set("alb_lcu_hours", Some(100)));
        assert!(!inputs.set("no_such_input", Some(1)));
        let u = inputs.over(&base);
        assert_eq!(
            (u.kms_requests, u.sqs_requests, u.alb_lcu_hours),
            (7, 0, 100)
        );
        assert_eq!(
            serde_json::to_string(&inputs).unwrap(),
            r#"{"alb_lcu_hours":100,"sqs_requests":0}"#
        );
        assert!(inputs.set("sqs_requests", None));
        assert_eq!(inputs.get("sqs_requests"), None);
        assert_eq!(inputs.values().len(), 1);
    }

    #[test]
    fn every_field_is_listed_once_with_a_bound_that_keeps_totals_exact() {
        let names: std::collections::BTreeSet<_> = FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(names.len(), FIELDS.len());
        let all = serde_json::to_value(Usage::default()).unwrap();
        assert_eq!(all.as_object().unwrap().len(), FIELDS.len());
        assert!(FIELDS
            .iter()
            .all(|f| f.max > 0 && f.max <= 1_000_000_000_000));
    }
}
