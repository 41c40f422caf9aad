//! The usage an estimate assumes: monthly amounts per resource, each zero unless given.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Monthly use of each usage-priced resource, applied to every resource of that kind (each
/// load balancer, each function, each queue…). Every field is zero unless the usage file sets
/// it, and each usage line of the estimate says which field it comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Usage {
    /// Load balancer capacity units consumed per load balancer, in LCU-hours a month.
    pub alb_lcu_hours: u64,
    /// Requests per WAF web ACL a month.
    pub waf_requests: u64,
    /// Invocations per Lambda function a month.
    pub lambda_requests: u64,
    /// Average duration of one invocation, in milliseconds.
    pub lambda_duration_ms: u64,
    /// Requests per SQS queue a month (sends, receives, deletes; its dead-letter queue included).
    pub sqs_requests: u64,
    /// Publishes per SNS alarm topic a month.
    pub sns_publishes: u64,
    /// Email notifications per SNS alarm topic a month.
    pub sns_email_notifications: u64,
    /// GB ingested per CloudWatch Logs log group a month.
    pub log_ingest_gb: u64,
    /// GB stored per CloudWatch Logs log group.
    pub log_storage_gb: u64,
    /// API requests per KMS key a month.
    pub kms_requests: u64,
    /// API requests per Secrets Manager secret a month.
    pub secrets_api_requests: u64,
    /// GB stored per S3 bucket the bundle creates (access logs, state).
    pub s3_storage_gb: u64,
    /// PUT, COPY, POST and LIST requests per S3 bucket a month.
    pub s3_put_requests: u64,
    /// GB stored per DynamoDB table (also what point-in-time recovery keeps).
    pub dynamodb_storage_gb: u64,
    /// Read requests per on-demand DynamoDB table a month.
    pub dynamodb_read_requests: u64,
    /// Write requests per on-demand DynamoDB table a month.
    pub dynamodb_write_requests: u64,
    /// GB of RDS backup storage per database beyond the free amount (the size of its storage).
    pub rds_backup_gb: u64,
    /// GB a month replicated to another region per cross-region copy (database replica,
    /// access-log and state-bucket replication).
    pub replication_gb: u64,
}

impl Usage {
    /// Reads a usage file (JSON, every field optional). The error names the problem.
    pub fn from_json(text: &str) -> Result<Usage, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        serde_json::from_str(text).map_err(|e| format!("the usage file is not valid: {e}"))
    }
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
    }
}
