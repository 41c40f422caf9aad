//! Share links: a whole [`Design`] in the fragment of an address, `https://…/#v1.<payload>`.
//!
//! The fragment never reaches a server, so a link is the only copy of the design in transit: it
//! must be short, open identically in every later release, and be harmless when someone hostile
//! made it. [`encode`] writes a link; [`decode`] reads one and is total (it returns a
//! [`LinkError`], never panics) and bounded (it rejects by length before any work, never
//! inflates more than [`MAX_JSON_BYTES`], never recurses deeper than [`MAX_DEPTH`]).
//!
//! # Link version 1
//!
//! `v1.` followed by base64url without padding (RFC 4648 §5) of
//!
//! ```text
//! CRC-32 of the JSON (4 bytes, big-endian) ‖ raw DEFLATE (RFC 1951) of the JSON
//! ```
//!
//! where the JSON is the design's compact serialisation (`serde_json::to_string`), compressed at
//! level 9 with a *preset window*: [`DICTIONARY_V1`], a frozen text holding the compact JSON of the
//! `minimal` and `sports-cards` presets as they were when link version 1 was made, after a short
//! vocabulary of common values (regions, runtimes, instance types, network keys). DEFLATE
//! back-references may point into that window, so whatever a design shares with it costs a few
//! bits. The reader puts the dictionary back into the window by prepending it to the stream as a
//! stored (uncompressed) block, then drops it from the output; the writer compresses the
//! dictionary, ends it with a sync flush (a byte-aligned block boundary) and keeps only the bytes
//! after it. Neither side depends on how the other's compressor parsed the dictionary.
//!
//! The dictionary is never changed: a link made today decodes identically forever (the fixture
//! links in `core/tests/fixtures/links/` prove it). A new dictionary, or any other change of
//! format, is a new link version beside this one. The design inside carries its own schema
//! `version`, which [`Design::from_json`] migrates like any design file.
//!
//! # Why this encoding: the measurements
//!
//! Characters, measured on this release by `link_lengths_meet_the_targets` in `core/tests/link.rs`
//! (`cargo test -p tfdesign-core link_lengths -- --nocapture` prints them). The two comparison
//! columns are payload only (no prefix, no checksum); the merge-patch column was measured with a
//! throw-away prototype while choosing, against a frozen copy of `sports-cards`.
//!
//! | design | compact JSON (bytes) | JSON + deflate + base64url | merge patch + deflate + base64url | v1 link, all included |
//! |---|---:|---:|---:|---:|
//! | `sports-cards` | 4,694 | 1,978 | 6 | 71 |
//! | `minimal` | 1,203 | 888 | 774 | 41 |
//! | `minimal` + 5 new services | 4,853 | 1,851 | 1,702 | 759 |
//! | `sports-cards`, one tier edited | 4,689 | 1,979 | 567 | 97 |
//!
//! Plain JSON with deflate is over the 1,000-character target for `sports-cards` and barely
//! under the 2,048-character limit links had then (now [`MAX_LINK_CHARS`]). A JSON merge patch
//! (RFC 7396) against a frozen baseline is tiny for the baseline itself but replaces whole
//! arrays, so any edited service or tier costs its full compressed JSON. The preset window gets
//! the best of both: repeated keys and values cost almost nothing even in designs far from any
//! preset, with no diff logic to get wrong. The checksum
//! (6 characters) makes a changed character an error instead of a silently different design.
//!
//! A design whose link would exceed [`MAX_LINK_CHARS`] is refused by [`encode`] with
//! [`LinkError::DesignTooLarge`]; share its JSON file instead.

use crate::design::{Design, LoadError};
use flate2::{Compression, Crc, Decompress, FlushDecompress, Status};
use std::io::Write;

/// The link version [`encode`] writes; the only one [`decode`] reads so far.
pub const LINK_VERSION: u64 = 1;
/// Most characters in a link's fragment (after `#`, including the version prefix). A fragment
/// never leaves the browser, so only the tools that carry a link around bound it (chat and mail
/// clients keep far longer addresses); 2,048 was too few for a platform with every building
/// block (`saas-platform`'s link is about 2,100 characters). What a link may unpack to stays
/// bounded by [`MAX_JSON_BYTES`].
pub const MAX_LINK_CHARS: usize = 8192;
/// Most bytes of text [`decode`] looks at, whole address included; longer input is rejected
/// before any other work.
pub const MAX_INPUT_BYTES: usize = 16384;
/// Most bytes of JSON a link may unpack to; inflation stops there.
pub const MAX_JSON_BYTES: usize = 256 * 1024;
/// Deepest nesting of JSON arrays and objects a link may hold (a design needs 5).
pub const MAX_DEPTH: usize = 16;
/// Most services in a design read from a link: the design size limit.
pub const MAX_SERVICES: usize = crate::validate_limits::MAX_SERVICES;
/// Most tiers in a design read from a link: the design size limit.
pub const MAX_TIERS: usize = crate::validate_limits::MAX_TIERS;
/// Most regions in a design read from a link: the design size limit.
pub const MAX_REGIONS: usize = crate::validate_limits::MAX_REGIONS;
/// Link versions above this are reported as never made rather than as newer.
const MAX_PLAUSIBLE_LINK_VERSION: u64 = 1000;
/// Most entries of any other list or map in a design read from a link.
pub const MAX_ITEMS: usize = 200;

/// Why a link could not be read (or, for [`LinkError::DesignTooLarge`], written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Nothing where the design should be.
    Empty,
    /// Longer than any link tfdesign makes; rejected before any other work.
    TooLong {
        /// Bytes of the input (or of its fragment).
        length: usize,
        /// The most allowed.
        limit: usize,
    },
    /// No `v<number>.` prefix: not a tfdesign link.
    NotALink,
    /// A link version this release does not read.
    UnsupportedVersion {
        /// The version in the prefix.
        found: u64,
    },
    /// A character that base64url does not use.
    NotBase64 {
        /// 1-based position of the character in the fragment.
        position: usize,
        /// The character.
        character: char,
    },
    /// The link ends before its data does.
    Truncated,
    /// The data is not what tfdesign wrote (invalid compressed data, wrong checksum, extra data).
    Damaged {
        /// What is wrong, in a few words.
        reason: &'static str,
    },
    /// Unpacks to more than [`MAX_JSON_BYTES`] (a decompression bomb, or a design too big).
    TooBig {
        /// The most allowed, in bytes of JSON.
        limit: usize,
    },
    /// JSON nested deeper than [`MAX_DEPTH`].
    TooDeep {
        /// The deepest allowed.
        limit: usize,
    },
    /// A list or map with more entries than allowed.
    TooMany {
        /// JSON Pointer of the list or map (`""` for the design itself).
        path: String,
        /// Entries found.
        count: usize,
        /// The most allowed there.
        limit: usize,
    },
    /// The unpacked data is not JSON text.
    NotJson(String),
    /// JSON, but not a design this release can load (wrong types, missing or unknown fields,
    /// unknown schema version).
    NotADesign(LoadError),
    /// From [`encode`]: the link would be longer than [`MAX_LINK_CHARS`].
    DesignTooLarge {
        /// Characters the link would have.
        length: usize,
        /// The most allowed.
        limit: usize,
    },
    /// From [`encode`]: the compressor failed (a bug, never expected).
    Internal(String),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::Empty => write!(
                f,
                "This link is empty: there is no design after the \"#\". Copy the whole link again."
            ),
            LinkError::TooLong { length, limit } => write!(
                f,
                "This link is too long: {length} bytes, more than the {limit} tfdesign reads. \
                 It was not made by tfdesign, or other text was pasted with it."
            ),
            LinkError::NotALink => write!(
                f,
                "This is not a tfdesign link: a link's part after \"#\" starts with \"v{LINK_VERSION}.\"."
            ),
            // A number no release will reach (or one too long to read, kept as u64::MAX) is
            // not shown: it is no newer tfdesign's link.
            LinkError::UnsupportedVersion { found } if *found > MAX_PLAUSIBLE_LINK_VERSION => write!(
                f,
                "This link carries a version number that no tfdesign made; links start with \
                 \"v{LINK_VERSION}.\"."
            ),
            LinkError::UnsupportedVersion { found } if *found > LINK_VERSION => write!(
                f,
                "This link was made by a newer tfdesign (link version {found}); this one opens \
                 links up to version {LINK_VERSION}. Open it with the latest tfdesign."
            ),
            LinkError::UnsupportedVersion { found } => write!(
                f,
                "This link says it is version {found}, which tfdesign never made; links start \
                 with \"v{LINK_VERSION}.\"."
            ),
            LinkError::NotBase64 {
                position,
                character,
            } => write!(
                f,
                "This link has a character no tfdesign link contains: {character:?} at position \
                 {position}. It may have been changed when it was copied."
            ),
            LinkError::Truncated => write!(
                f,
                "This link is cut off: its end is missing. Copy the whole link again."
            ),
            LinkError::Damaged { reason } => write!(
                f,
                "This link is damaged: {reason}. Some characters were changed since it was made."
            ),
            LinkError::TooBig { limit } => write!(
                f,
                "This link unpacks to more than {} KiB, more than any design a link may hold.",
                limit / 1024
            ),
            LinkError::TooDeep { limit } => write!(
                f,
                "This link holds data nested more than {limit} levels deep, which no design has."
            ),
            LinkError::TooMany { path, count, limit } => {
                let place = if path.is_empty() {
                    "the design".to_string()
                } else {
                    format!("\"{path}\"")
                };
                write!(
                    f,
                    "This design has too many entries in {place}: {count}, but a link holds at \
                     most {limit}."
                )
            }
            LinkError::NotJson(e) => write!(f, "This link does not hold a design: {e}."),
            LinkError::NotADesign(e) => write!(f, "This link does not hold a valid design: {e}."),
            LinkError::DesignTooLarge { length, limit } => write!(
                f,
                "This design is too large for a link: it needs {length} characters, and a link \
                 has at most {limit}. Share its JSON file instead."
            ),
            LinkError::Internal(e) => write!(f, "tfdesign could not make this link: {e}."),
        }
    }
}

impl std::error::Error for LinkError {}

/// The share link of `design`: `v1.` and its payload, to put after `#` in an address.
///
/// Refuses what [`decode`] would refuse (too many entries, too large), so every link it returns
/// opens.
pub fn encode(design: &Design) -> Result<String, LinkError> {
    let json = serde_json::to_string(design).map_err(|e| LinkError::Internal(e.to_string()))?;
    load(json.as_bytes())?;
    let mut bytes = crc32(json.as_bytes()).to_be_bytes().to_vec();
    bytes.extend(deflate(json.as_bytes()).map_err(|e| LinkError::Internal(e.to_string()))?);
    let link = format!("v{LINK_VERSION}.{}", base64url::encode(&bytes));
    if link.len() > MAX_LINK_CHARS {
        return Err(LinkError::DesignTooLarge {
            length: link.len(),
            limit: MAX_LINK_CHARS,
        });
    }
    Ok(link)
}

/// The design in a share link: a whole address (what follows `#` is read), a `#v1.…` fragment
/// or the bare `v1.…` payload. Surrounding whitespace is ignored.
///
/// Total and bounded: any input gives a design or a [`LinkError`] that names the problem.
pub fn decode(link: &str) -> Result<Design, LinkError> {
    if link.len() > MAX_INPUT_BYTES {
        return Err(LinkError::TooLong {
            length: link.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let link = link.trim();
    let fragment = match link.split_once('#') {
        Some((_, fragment)) => fragment.trim(),
        None => link,
    };
    if fragment.is_empty() {
        return Err(LinkError::Empty);
    }
    if fragment.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong {
            length: fragment.len(),
            limit: MAX_LINK_CHARS,
        });
    }
    let (version, payload) = split_version(fragment)?;
    if version != LINK_VERSION {
        return Err(LinkError::UnsupportedVersion { found: version });
    }
    let offset = fragment.len() - payload.len();
    let bytes = base64url::decode(payload).map_err(|(index, character)| {
        if index == usize::MAX {
            LinkError::Truncated
        } else {
            LinkError::NotBase64 {
                position: offset + index + 1,
                character,
            }
        }
    })?;
    let (checksum, compressed) = match bytes.split_first_chunk::<4>() {
        Some((checksum, compressed)) if !compressed.is_empty() => {
            (u32::from_be_bytes(*checksum), compressed)
        }
        _ => return Err(LinkError::Truncated),
    };
    let json = inflate(compressed)?;
    if crc32(&json) != checksum {
        return Err(LinkError::Damaged {
            reason: "its checksum does not match its contents",
        });
    }
    load(&json)
}

/// Splits `v<digits>.<payload>` into the version and the payload.
fn split_version(fragment: &str) -> Result<(u64, &str), LinkError> {
    let rest = fragment.strip_prefix('v').ok_or(LinkError::NotALink)?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if digits == 0 {
        return Err(LinkError::NotALink);
    }
    let (number, after) = rest.split_at(digits);
    let payload = match after.strip_prefix('.') {
        Some(payload) => payload,
        // `v1` and nothing else: cut off right after the version.
        None if after.is_empty() => return Err(LinkError::Truncated),
        None => return Err(LinkError::NotALink),
    };
    Ok((number.parse().unwrap_or(u64::MAX), payload))
}

/// JSON bytes → design, with every bound checked before the typed parse.
fn load(json: &[u8]) -> Result<Design, LinkError> {
    if json.len() > MAX_JSON_BYTES {
        return Err(LinkError::TooBig {
            limit: MAX_JSON_BYTES,
        });
    }
    let text = std::str::from_utf8(json)
        .map_err(|_| LinkError::NotJson("its contents are not UTF-8 text".into()))?;
    if nesting_exceeds(json, MAX_DEPTH) {
        return Err(LinkError::TooDeep { limit: MAX_DEPTH });
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| LinkError::NotJson(e.to_string()))?;
    check_counts(&value, &mut String::new())?;
    Design::from_json(text).map_err(LinkError::NotADesign)
}

/// Whether arrays and objects in `json` nest deeper than `limit` (brackets inside strings do
/// not count). Runs before the JSON parser, so the parser never recurses deeply.
fn nesting_exceeds(json: &[u8], limit: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &byte in json {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Checks the number of entries of every list and map; `path` is the JSON Pointer of `value`.
fn check_counts(value: &serde_json::Value, path: &mut String) -> Result<(), LinkError> {
    use serde_json::Value;
    let count = match value {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => return Ok(()),
    };
    let limit = match path.as_str() {
        "/services" => MAX_SERVICES,
        "/tiers" => MAX_TIERS,
        "/regions" => MAX_REGIONS,
        _ => MAX_ITEMS,
    };
    if count > limit {
        return Err(LinkError::TooMany {
            path: path.clone(),
            count,
            limit,
        });
    }
    let len = path.len();
    let mut visit = |key: &str, child: &Value| {
        path.push('/');
        path.push_str(&key.replace('~', "~0").replace('/', "~1"));
        let result = check_counts(child, path);
        path.truncate(len);
        result
    };
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, child)| visit(&i.to_string(), child)),
        Value::Object(map) => map.iter().try_for_each(|(k, child)| visit(k, child)),
        _ => Ok(()),
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = Crc::new();
    crc.update(bytes);
    crc.sum()
}

/// Raw DEFLATE of `json` with [`DICTIONARY_V1`] in the window: the output is what follows the
/// dictionary's sync flush.
fn deflate(json: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(DICTIONARY_V1.as_bytes())?;
    // A sync flush ends the dictionary on a byte-aligned block boundary and keeps it in the
    // window; the reader supplies the dictionary itself, so its compressed form is dropped.
    encoder.flush()?;
    encoder.get_mut().clear();
    encoder.write_all(json)?;
    encoder.finish()
}

/// Inflates `compressed` after [`DICTIONARY_V1`] (as stored blocks), into at most
/// [`MAX_JSON_BYTES`] of output.
fn inflate(compressed: &[u8]) -> Result<Vec<u8>, LinkError> {
    let dictionary = DICTIONARY_V1.as_bytes();
    let mut stream = Vec::with_capacity(dictionary.len() + 5 + compressed.len());
    for chunk in dictionary.chunks(usize::from(u16::MAX)) {
        // BFINAL = 0, BTYPE = 00 (stored), padded to the byte; then LEN and its complement.
        let len = chunk.len() as u16;
        stream.push(0);
        stream.extend_from_slice(&len.to_le_bytes());
        stream.extend_from_slice(&(!len).to_le_bytes());
        stream.extend_from_slice(chunk);
    }
    stream.extend_from_slice(compressed);

    let limit = dictionary.len() + MAX_JSON_BYTES;
    // The output never grows past its capacity: this is the bound on inflation.
    let mut out = Vec::with_capacity(limit + 1);
    let mut inflater = Decompress::new(false);
    loop {
        let (read, written) = (inflater.total_in(), inflater.total_out());
        let rest = usize::try_from(read)
            .ok()
            .and_then(|read| stream.get(read..))
            .unwrap_or_default();
        let status = inflater
            .decompress_vec(rest, &mut out, FlushDecompress::None)
            .map_err(|_| LinkError::Damaged {
                reason: "its compressed data is invalid",
            })?;
        if out.len() > limit {
            return Err(LinkError::TooBig {
                limit: MAX_JSON_BYTES,
            });
        }
        if status == Status::StreamEnd {
            break;
        }
        if inflater.total_in() == read && inflater.total_out() == written {
            // No progress: the output is full, or the input ended before the stream did.
            return Err(if out.len() >= out.capacity() {
                LinkError::TooBig {
                    limit: MAX_JSON_BYTES,
                }
            } else {
                LinkError::Truncated
            });
        }
    }
    if usize::try_from(inflater.total_in()).ok() != Some(stream.len()) {
        return Err(LinkError::Damaged {
            reason: "it has extra data after the end of the design",
        });
    }
    out.drain(..dictionary.len().min(out.len()));
    Ok(out)
}

/// base64url without padding (RFC 4648 §5).
mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for group in bytes.chunks(3) {
            let b = [
                group[0],
                *group.get(1).unwrap_or(&0),
                *group.get(2).unwrap_or(&0),
            ];
            let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for i in 0..=group.len() {
                text.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            }
        }
        text
    }

    fn value(c: char) -> Option<u32> {
        Some(match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            _ => return None,
        })
    }

    /// The bytes of `text`, ignoring up to two `=` of padding and the unused bits of the last
    /// character. On error: the byte index and the character that is not base64url, or
    /// `usize::MAX` when the length is one no encoder writes (a cut-off link).
    pub fn decode(text: &str) -> Result<Vec<u8>, (usize, char)> {
        let text = text.strip_suffix('=').unwrap_or(text);
        let text = text.strip_suffix('=').unwrap_or(text);
        let mut bytes = Vec::with_capacity(text.len() / 4 * 3 + 2);
        let (mut bits, mut count) = (0u32, 0u32);
        for (index, c) in text.char_indices() {
            bits = (bits << 6 | value(c).ok_or((index, c))?) & 0xFFFF;
            count += 6;
            if count >= 8 {
                count -= 8;
                bytes.push((bits >> count) as u8);
            }
        }
        if text.len() % 4 == 1 {
            return Err((usize::MAX, '\0'));
        }
        Ok(bytes)
    }
}

/// The preset window of link version 1. FROZEN: changing one byte changes the meaning of every
/// link ever made; a new dictionary needs a new link version.
///
/// A vocabulary of common values, then the compact JSON of the `minimal` and `sports-cards`
/// presets as they were when link version 1 was made (later preset changes do not touch it).
pub const DICTIONARY_V1: &str = concat!(
    r#"{"version":1,"project":"","tags":{"Owner":"platform-team","Team":"","Environment":""},"#,
    r#""regions":[{"name":"eu-central-1","role":"primary"},{"name":"eu-west-2","role":"dr"},"#,
    r#"{"name":"eu-north-1"},{"name":"ap-southeast-2"},{"name":"ap-northeast-1"},"#,
    r#"{"name":"ap-south-1"},{"name":"us-east-2"},{"name":"ca-central-1"},"#,
    r#"{"name":"sa-east-1"}],"tiers":[{"name":"test","compute":{"instance_type":"t3.micro"},"#,
    r#"{"instance_type":"t4g.medium"},{"instance_type":"c7g.xlarge"},"#,
    r#"{"instance_type":"m7i.2xlarge"},"database":{"instance_class":"db.t4g.large"},"#,
    r#"{"instance_class":"db.m7g.xlarge"},{"instance_class":"db.r7g.2xlarge"}],"#,
    r#""log_retention_days":14,"log_retention_days":90,"log_retention_days":365},"#,
    r#""services":[{"api":{"image":"123456789012.dkr.ecr.eu-central-1.amazonaws.com/app:latest""#,
    r#","port":80,"cpu":1024,"memory":2048,"health_check_path":"/healthz"},"#,
    r#""worker":{"cpu":2048,"memory":4096},"lambdas":[{"name":"handler","runtime":"python3.13","#,
    r#""handler":"app.handler","memory_mb":128,"timeout_seconds":900,"function_url":false,"#,
    r#""queue":"events"},{"runtime":"python3.12","handler":"main.handler"},"#,
    r#"{"runtime":"nodejs20.x","handler":"index.handler"},{"runtime":"java21"},"#,
    r#"{"runtime":"provided.al2023","handler":"bootstrap"}],"database":{"engine_version":"17","#,
    r#""db_name":"app","username":"app_admin"},"queues":[{"name":"events","#,
    r#""visibility_timeout_seconds":30}],"schedules":[{"expression":"rate(5 minutes)","#,
    r#""expression":"cron(0 * * * ? *)"}]}],"network":{"mode":"explicit","#,
    r#""explicit":{"eu-central-1/prod":{"vpc_id":"vpc-","private_subnet_ids":["subnet-"],"#,
    r#""public_subnet_ids":["subnet-"]}}}}{"version":1,"project":"acme","tags":{},"#,
    r#""regions":[{"name":"eu-west-1","role":"primary"}],"tiers":[{"name":"dev","#,
    r#""regions":["eu-west-1"],"compute":{"instance_type":"t3.small","asg_min":1,"asg_max":3,"#,
    r#""asg_desired":1,"task_count":1},"database":{"instance_class":"db.t4g.micro","#,
    r#""allocated_storage_gb":20,"max_allocated_storage_gb":100,"multi_az":false,"#,
    r#""read_replicas":0,"cross_region_replica":false,"backup_retention_days":7,"#,
    r#""deletion_protection":false,"performance_insights":false},"log_retention_days":7,"#,
    r#""alarms":{"cpu_high_percent":75,"cpu_low_percent":25,"queue_depth":1000,"#,
    r#""message_age_seconds":600}}],"services":[{"name":"web-api","#,
    r#""description":"The product's HTTP API.","cost_codes":{"dev":"AB12CD34"},"#,
    r#""api":{"image":"public.ecr.aws/nginx/nginx:1.27","port":8080,"cpu":256,"memory":512,"#,
    r#""health_check_path":"/"}}],"iam":{"users":[],"groups":[],"ci_role":{"enabled":true,"#,
    r#""github_repositories":["acme/infrastructure"],"create_oidc_provider":true,"#,
    r#""managed_policies":["PowerUserAccess"]},"s3_data_buckets":[]},"#,
    r#""network":{"mode":"discover","vpc_name":"{project}-{tier}","subnet_tier_tag":"Tier"},"#,
    r#""backend":{"regions":{"eu-west-1":{"bucket":"acme-tfstate-eu-west-1","#,
    r#""lock_table":"acme-tflock-eu-west-1"}}}}{"version":1,"project":"sports-cards","tags":{},"#,
    r#""regions":[{"name":"us-east-1","role":"primary"},{"name":"us-west-2","role":"dr"}],"#,
    r#""tiers":[{"name":"dev","regions":["us-east-1"],"compute":{"instance_type":"t3.small","#,
    r#""asg_min":1,"asg_max":10,"asg_desired":2,"task_count":1},"#,
    r#""database":{"instance_class":"db.t4g.micro","allocated_storage_gb":20,"#,
    r#""max_allocated_storage_gb":100,"multi_az":false,"read_replicas":0,"#,
    r#""cross_region_replica":false,"backup_retention_days":7,"deletion_protection":false,"#,
    r#""performance_insights":false},"log_retention_days":7,"alarms":{"cpu_high_percent":75,"#,
    r#""cpu_low_percent":25,"queue_depth":1000,"message_age_seconds":600}},{"name":"staging","#,
    r#""regions":["us-east-1"],"compute":{"instance_type":"t3.medium","asg_min":1,"asg_max":10,"#,
    r#""asg_desired":3,"task_count":2},"database":{"instance_class":"db.t4g.small","#,
    r#""allocated_storage_gb":50,"max_allocated_storage_gb":200,"multi_az":false,"#,
    r#""read_replicas":0,"cross_region_replica":false,"backup_retention_days":7,"#,
    r#""deletion_protection":false,"performance_insights":false},"log_retention_days":7,"#,
    r#""alarms":{"cpu_high_percent":75,"cpu_low_percent":25,"queue_depth":1000,"#,
    r#""message_age_seconds":600}},{"name":"prod","regions":["us-east-1","us-west-2"],"#,
    r#""compute":{"instance_type":"m6i.large","asg_min":1,"asg_max":10,"asg_desired":5,"#,
    r#""task_count":3},"database":{"instance_class":"db.r6g.large","allocated_storage_gb":100,"#,
    r#""max_allocated_storage_gb":500,"multi_az":true,"read_replicas":2,"#,
    r#""cross_region_replica":true,"backup_retention_days":30,"deletion_protection":true,"#,
    r#""performance_insights":true},"log_retention_days":30,"alarms":{"cpu_high_percent":75,"#,
    r#""cpu_low_percent":25,"queue_depth":1000,"message_age_seconds":600}}],"#,
    r#""services":[{"name":"card-catalog-api","description":"Public catalogue of sports cards: "#,
    r#"search, card details and images.","cost_codes":{"dev":"A1B2C3D4","prod":"E9F0A1B2","#,
    r#""staging":"C5D6E7F8"},"api":{"image":"public.ecr.aws/nginx/nginx:1.27","port":8080,"#,
    r#""cpu":512,"memory":1024,"health_check_path":"/health"},"#,
    r#""lambdas":[{"name":"image-resizer","runtime":"nodejs22.x","handler":"index.handler","#,
    r#""memory_mb":512,"timeout_seconds":30,"function_url":true}],"#,
    r#""database":{"engine_version":"16","db_name":"catalog","username":"catalog_admin"}},"#,
    r#"{"name":"orders-ingestion","description":"Takes orders from the storefront and queues th"#,
    r#"em for fulfilment.","cost_codes":{"dev":"G3H4I5J6","prod":"J9K0L1M2","#,
    r#""staging":"K7L8M9N0"},"api":{"image":"public.ecr.aws/nginx/nginx:1.27","port":3000,"#,
    r#""cpu":512,"memory":1024,"health_check_path":"/health"},"#,
    r#""worker":{"image":"public.ecr.aws/docker/library/busybox:1.37","cpu":256,"memory":512,"#,
    r#""queues":["orders"]},"lambdas":[{"name":"order-validator","runtime":"python3.11","#,
    r#""handler":"index.handler","memory_mb":256,"timeout_seconds":60,"function_url":true}],"#,
    r#""database":{"engine_version":"16","db_name":"orders","username":"orders_admin"},"#,
    r#""queues":[{"name":"orders","visibility_timeout_seconds":300,"max_receive_count":5}]},"#,
    r#"{"name":"manufacturing-orchestrator","description":"Plans print runs and drives the manu"#,
    r#"facturing partners' jobs.","cost_codes":{"dev":"P1Q2R3S4","prod":"T5U6V7W8","#,
    r#""staging":"X7Y8Z9W0"},"worker":{"image":"public.ecr.aws/docker/library/busybox:1.37","#,
    r#""cpu":512,"memory":1024,"queues":["jobs"]},"lambdas":[{"name":"cleanup","#,
    r#""runtime":"python3.11","handler":"index.handler","memory_mb":256,"timeout_seconds":300,"#,
    r#""function_url":false},{"name":"partner-sync","runtime":"nodejs22.x","#,
    r#""handler":"index.handler","memory_mb":512,"timeout_seconds":120,"function_url":true}],"#,
    r#""database":{"engine_version":"16","db_name":"manufacturing","#,
    r#""username":"manufacturing_admin"},"queues":[{"name":"jobs","#,
    r#""visibility_timeout_seconds":600,"max_receive_count":5}],"#,
    r#""schedules":[{"name":"daily-cleanup","expression":"cron(0 4 * * ? *)","#,
    r#""description":"Daily cleanup at 04:00 UTC","lambda":"cleanup"},{"name":"hourly-sync","#,
    r#""expression":"rate(1 hour)","description":"Hourly partner data synchronisation","#,
    r#""lambda":"partner-sync"}]}],"iam":{"users":[{"name":"deployer","groups":["deployers"]},"#,
    r#"{"name":"reader","groups":["readers"]}],"groups":[{"name":"deployers","#,
    r#""managed_policies":["PowerUserAccess"],"s3_data_access":true},{"name":"readers","#,
    r#""managed_policies":["ReadOnlyAccess"],"s3_data_access":false}],"#,
    r#""ci_role":{"enabled":true,"github_repositories":["sports-cards/infrastructure"],"#,
    r#""create_oidc_provider":true,"managed_policies":["PowerUserAccess"]},"#,
    r#""s3_data_buckets":["sports-cards-data"]},"network":{"mode":"discover","#,
    r#""vpc_name":"{project}-{tier}","subnet_tier_tag":"Tier"},"#,
    r#""backend":{"regions":{"us-east-1":{"bucket":"sports-cards-tfstate-us-east-1","#,
    r#""lock_table":"sports-cards-tflock-us-east-1"},"#,
    r#""us-west-2":{"bucket":"sports-cards-tfstate-us-west-2","#,
    r#""lock_table":"sports-cards-tflock-us-west-2"}}}}"#,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_dictionary_v1_is_frozen() {
        assert_eq!(
            (DICTIONARY_V1.len(), crc32(DICTIONARY_V1.as_bytes())),
            (7462, 0x11B879F8),
            "DICTIONARY_V1 changed: every v1 link would change meaning; add a link version instead"
        );
    }

    #[test]
    fn link_base64url_matches_rfc_4648_vectors() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
            (&[0xfb, 0xff, 0xbf], "-_-_"),
        ] {
            assert_eq!(base64url::encode(bytes), text);
            assert_eq!(base64url::decode(text), Ok(bytes.to_vec()));
        }
        assert_eq!(base64url::decode("Zm8="), Ok(b"fo".to_vec()));
        assert_eq!(base64url::decode("Zm9vY"), Err((usize::MAX, '\0')));
        assert_eq!(base64url::decode("Zm+v"), Err((2, '+')));
        assert_eq!(base64url::decode("Zmé"), Err((2, 'é')));
    }

    #[test]
    fn link_nesting_counts_brackets_outside_strings_only() {
        assert!(!nesting_exceeds(br#"{"a":[[1]]}"#, 3));
        assert!(nesting_exceeds(br#"{"a":[[[1]]]}"#, 3));
        assert!(!nesting_exceeds(br#"{"a":"[[[[\"[[[["}"#, 1));
    }
}
