//! The price table: AWS on-demand list prices, one row per region and key, each with the
//! source it was copied from and the date that source gave it.
//!
//! The embedded table (`prices.tsv` beside this file, licences in `NOTICE`) is a subset of the
//! offline snapshot in `../shared/data/aws-prices/`, re-derived by `scripts/derive-prices.py`:
//! only the instance types and classes the designer offers and the [`KEYS`] below. A price the
//! table lacks is never guessed; the estimate says so.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The unit-price keys the estimator reads (besides `ec2:<type>` and
/// `rds-postgres:<class>:single-az|multi-az`). `scripts/derive-prices.py` keeps exactly these.
pub const KEYS: &[&str] = &[
    "alb:hour",
    "alb:lcu-hour",
    "cloudwatch:alarm",
    "ebs:gp3",
    "dynamodb:pitr-storage",
    "dynamodb:read-request",
    "dynamodb:storage",
    "ec2:detailed-monitoring-metric",
    "kms:key",
    "kms:requests",
    "lambda:gb-second",
    "lambda:requests",
    "logs:ingest",
    "logs:storage",
    "rds:backup-storage",
    "rds:gp3:multi-az",
    "rds:gp3:single-az",
    "s3:get-requests",
    "s3:put-requests",
    "s3:standard",
    "secretsmanager:api-requests",
    "secretsmanager:secret",
    "sns:email",
    "sns:publish",
    "sqs:requests",
    "transfer:inter-region",
    "waf:managed-rule-group",
    "waf:requests",
    "waf:web-acl",
];

/// Decimal places of [`Price::usd_e10`]: the snapshot prints at most 10.
pub const PRICE_DECIMALS: u32 = 10;

/// The embedded table's text.
pub const EMBEDDED_TSV: &str = include_str!("prices.tsv");

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Price {
    /// AWS region code.
    pub region: String,
    /// Stable key, e.g. `ec2:m6i.large` or `kms:key`.
    pub key: String,
    /// What one price buys: `hour`, `month`, `gb-month`, `million-requests`, …
    pub unit: String,
    /// The price as the source printed it, e.g. `0.096`.
    pub usd: String,
    /// The same, exactly, in units of 10⁻¹⁰ USD.
    #[serde(skip)]
    pub usd_e10: u64,
    /// Where the number was seen (repository, commit, file, selector, licence).
    pub source: String,
    /// The date the source produced or confirmed it (not the date AWS set it).
    pub as_of: String,
}

/// A set of prices by region and key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceTable {
    rows: BTreeMap<(String, String), Price>,
}

/// `text` (digits with at most one `.`) in units of 10⁻¹⁰, if it has at most 10 decimals.
pub fn parse_usd(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > PRICE_DECIMALS as usize {
        return None;
    }
    let scale = 10u64.pow(PRICE_DECIMALS);
    let frac_value = if frac.is_empty() {
        0
    } else {
        frac.parse::<u64>().ok()? * 10u64.pow(PRICE_DECIMALS - frac.len() as u32)
    };
    whole
        .parse::<u64>()
        .ok()?
        .checked_mul(scale)?
        .checked_add(frac_value)
}

impl PriceTable {
    /// The table built into tfdesign.
    pub fn embedded() -> &'static PriceTable {
        static TABLE: OnceLock<PriceTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            // The embedded text is checked by the tests; a broken row would fail them.
            PriceTable::parse(EMBEDDED_TSV).unwrap_or_default()
        })
    }

    /// Reads a table in the snapshot's format (`region key unit usd source as_of`,
    /// tab-separated, one header line). The error names the line and the problem.
    pub fn parse(text: &str) -> Result<PriceTable, String> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, "region\tkey\tunit\tusd\tsource\tas_of")) => {}
            _ => {
                return Err(
                    "line 1: expected the header `region\tkey\tunit\tusd\tsource\tas_of`".into(),
                )
            }
        }
        let mut rows = BTreeMap::new();
        for (i, line) in lines {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [region, key, unit, usd, source, as_of] = cols[..] else {
                return Err(format!(
                    "line {}: {} columns, expected 6",
                    i + 1,
                    cols.len()
                ));
            };
            let usd_e10 = parse_usd(usd).ok_or_else(|| {
                format!(
                    "line {}: price {usd:?} is not a decimal with at most {PRICE_DECIMALS} places",
                    i + 1
                )
            })?;
            let price = Price {
                region: region.into(),
                key: key.into(),
                unit: unit.into(),
                usd: usd.into(),
                usd_e10,
                source: source.into(),
                as_of: as_of.into(),
            };
            if rows
                .insert((region.to_string(), key.to_string()), price)
                .is_some()
            {
                return Err(format!("line {}: {key} in {region} twice", i + 1));
            }
        }
        Ok(PriceTable { rows })
    }

    /// The price of `key` in `region`, if the table has it.
    pub fn get(&self, region: &str, key: &str) -> Option<&Price> {
        self.rows.get(&(region.to_string(), key.to_string()))
    }

    /// Every row, sorted by region and key.
    pub fn rows(&self) -> impl Iterator<Item = &Price> {
        self.rows.values()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_parse_exactly() {
        assert_eq!(parse_usd("0.096"), Some(960_000_000));
        assert_eq!(parse_usd("1"), Some(10_000_000_000));
        assert_eq!(parse_usd("0.0000000309"), Some(309));
        assert_eq!(parse_usd("0.00000000001"), None);
        assert_eq!(parse_usd("-1"), None);
        assert_eq!(parse_usd(".5"), None);
        assert_eq!(parse_usd("1e3"), None);
    }

    #[test]
    fn the_embedded_table_parses_and_has_every_key_somewhere() {
        let table = PriceTable::parse(EMBEDDED_TSV).unwrap();
        assert_eq!(table.len(), PriceTable::embedded().len());
        for key in KEYS {
            assert!(table.rows().any(|p| p.key == *key), "{key}");
        }
        for p in table.rows() {
            assert!(p.as_of.len() == 10 && !p.source.is_empty(), "{p:?}");
        }
    }

    #[test]
    fn bad_rows_are_named() {
        let head = "region\tkey\tunit\tusd\tsource\tas_of\n";
        assert_eq!(
            PriceTable::parse(&format!(
                "{head}us-east-1\tkms:key\tmonth\tone\ts\t2024-01-01\n"
            )),
            Err("line 2: price \"one\" is not a decimal with at most 10 places".into())
        );
        assert!(PriceTable::parse("nope").is_err());
        assert!(PriceTable::parse(&format!("{head}a\tb\n"))
            .unwrap_err()
            .contains("2 columns"));
    }
}
