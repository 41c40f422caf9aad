//! Share links: lengths, links that must open forever, hostile links, properties and fuzzing.
//!
//! Hostile links are made here the way an attacker would make them: with an independent
//! base64url encoder and a plain DEFLATE stream (a valid continuation of the codec's window).

use flate2::{Compression, Crc};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use tfdesign_core::design::*;
use tfdesign_core::link::{self, LinkError};
use tfdesign_core::{generate, presets, Severity};

// ---------------------------------------------------------------------------------------------
// Helpers

fn b64(bytes: &[u8]) -> String {
    let alphabet: Vec<char> = ('A'..='Z')
        .chain('a'..='z')
        .chain('0'..='9')
        .chain(['-', '_'])
        .collect();
    let bits: Vec<bool> = bytes
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1 == 1))
        .collect();
    bits.chunks(6)
        .map(|c| {
            let v = (0..6).fold(0, |v, i| v << 1 | usize::from(c.get(i) == Some(&true)));
            alphabet[v]
        })
        .collect()
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn crc(bytes: &[u8]) -> [u8; 4] {
    let mut c = Crc::new();
    c.update(bytes);
    c.sum().to_be_bytes()
}

/// A v1 link holding `contents` as an attacker would write it: a right checksum and a plain
/// DEFLATE stream.
fn craft(contents: &[u8]) -> String {
    let mut bytes = crc(contents).to_vec();
    bytes.extend(deflate(contents));
    format!("v1.{}", b64(&bytes))
}

/// `craft` of the minimal preset's JSON after `edit`.
fn craft_minimal(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value = serde_json::to_value(presets::minimal()).unwrap();
    edit(&mut value);
    craft(serde_json::to_string(&value).unwrap().as_bytes())
}

fn kind(e: &LinkError) -> &'static str {
    match e {
        LinkError::Empty => "Empty",
        LinkError::TooLong { .. } => "TooLong",
        LinkError::NotALink => "NotALink",
        LinkError::UnsupportedVersion { .. } => "UnsupportedVersion",
        LinkError::NotBase64 { .. } => "NotBase64",
        LinkError::Truncated => "Truncated",
        LinkError::Damaged { .. } => "Damaged",
        LinkError::TooBig { .. } => "TooBig",
        LinkError::TooDeep { .. } => "TooDeep",
        LinkError::TooMany { .. } => "TooMany",
        LinkError::NotJson(_) => "NotJson",
        LinkError::NotADesign(_) => "NotADesign",
        LinkError::DesignTooLarge { .. } => "DesignTooLarge",
        LinkError::Internal(_) => "Internal",
    }
}

/// Decodes `input` and checks the error's kind; returns the error for closer checks.
#[track_caller]
fn check(what: &str, input: &str, expected: &str) -> LinkError {
    match link::decode(input) {
        Ok(_) => panic!("{what}: decoded, expected {expected}"),
        Err(e) => {
            assert_eq!(kind(&e), expected, "{what}: {e}");
            let message = e.to_string();
            assert!(
                message.starts_with("This ") && message.len() > 30,
                "{what}: {message:?} is not a sentence a person understands"
            );
            e
        }
    }
}

fn sports_link() -> String {
    link::encode(&presets::sports_cards()).unwrap()
}

/// The `minimal` preset with five more services of every kind: far from any preset's values.
fn minimal_plus_five() -> Design {
    let mut d = presets::minimal();
    for (i, name) in [
        "billing",
        "notifications",
        "search-indexer",
        "profiles",
        "reporting",
    ]
    .iter()
    .enumerate()
    {
        let snake = name.replace('-', "_");
        d.services.push(Service {
            buckets: vec![],
            tables: vec![],
            capacity: BTreeMap::new(),
            cache: None,
            frontend: None,
            http_api: None,
            topics: vec![],
            name: name.to_string(),
            description: format!("The {name} service of the acme platform."),
            cost_codes: BTreeMap::from([("dev".into(), format!("QX{i}{:0>5}", i * 7919))]),
            launch_type: LaunchType::Ec2,
            api: (i % 2 == 0).then(|| Container {
                image: format!("registry.acme.example/{name}:{}.{i}", 3 + i),
                port: 9000 + i as u32,
                cpu: 256 << (i % 3),
                memory: 512 << (i % 3),
                health_check_path: format!("/{name}/ready"),
                command: if i == 0 {
                    vec!["./server".into(), "--port=9000".into()]
                } else {
                    vec![]
                },
            }),
            worker: (i % 2 == 1).then(|| Worker {
                image: format!("registry.acme.example/{name}-worker:{i}"),
                cpu: 512,
                memory: 1024,
                queues: vec![format!("{name}-jobs")],
                backlog_per_task: 10 + i as u32,
                command: vec![],
            }),
            lambdas: vec![LambdaFunction {
                name: format!("{name}-handler"),
                runtime: ["python3.12", "nodejs22.x", "java21"][i % 3].into(),
                handler: "main.handle".into(),
                memory_mb: 128 * (i as u32 + 1),
                timeout_seconds: 15 * (i as u32 + 1),
                function_url: i % 2 == 0,
                queue: Some(format!("{name}-jobs")),
                ..LambdaFunction::default()
            }],
            database: (i != 2).then(|| Database {
                engine_version: "16".into(),
                db_name: snake.clone(),
                username: format!("{snake}_owner"),
            }),
            queues: vec![Queue {
                name: format!("{name}-jobs"),
                visibility_timeout_seconds: 45 * (i as u32 + 1),
                max_receive_count: 3 + i as u32,
                subscribe: Vec::new(),
            }],
            schedules: vec![Schedule {
                name: format!("{name}-nightly"),
                expression: format!("cron({} {} * * ? *)", 5 * i, i + 1),
                description: format!("Nightly {name} maintenance"),
                lambda: format!("{name}-handler"),
            }],
        });
    }
    d
}

// ---------------------------------------------------------------------------------------------
// Lengths

#[test]
fn link_lengths_meet_the_targets() {
    let sports = presets::sports_cards();
    let json = serde_json::to_string(&sports).unwrap();
    let plain = format!("v1.{}", b64(&deflate(json.as_bytes())));
    let mut edited = presets::sports_cards();
    edited.tiers[2].compute.instance_type = "m7i.xlarge".into();
    edited.project = "cards2".into();
    let rows = [
        ("sports-cards", sports),
        ("minimal", presets::minimal()),
        ("minimal + 5 services", minimal_plus_five()),
        ("sports-cards, one tier edited", edited),
    ];
    println!("share link lengths, in characters:");
    println!(
        "  {:32} {:>6} {:>12} {:>14}",
        "design", "v1 link", "JSON bytes", "JSON+deflate+b64"
    );
    let mut lengths = Vec::new();
    for (name, design) in &rows {
        let json = serde_json::to_string(design).unwrap();
        let link = link::encode(design).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!(
            "  {name:32} {:>6} {:>12} {:>14}",
            link.len(),
            json.len(),
            b64(&deflate(json.as_bytes())).len()
        );
        assert_eq!(link::decode(&link).as_ref(), Ok(design), "{name}");
        lengths.push(link.len());
    }
    println!(
        "  comparison: sports-cards as plain JSON + deflate + base64url = {} characters \
         ({} with a v1. prefix); as a v1 link = {}",
        plain.len() - 3,
        plain.len(),
        lengths[0]
    );
    assert!(lengths[0] <= 1000, "sports-cards: {} > 1000", lengths[0]);
    assert!(lengths.iter().all(|&l| l <= link::MAX_LINK_CHARS));
    assert!(lengths[0] < plain.len());
}

#[test]
fn link_encode_refuses_what_decode_would_refuse() {
    // Incompressible text: each service carries 500 pseudo-random characters (a description
    // may hold 512), far more than a link of MAX_LINK_CHARS holds.
    let mut seed = 0x2545_f491_u32;
    let mut noise = |n: usize| -> String {
        (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                char::from(b'a' + (seed % 26) as u8)
            })
            .collect()
    };
    let mut big = presets::minimal();
    for i in 0..30 {
        let mut s = big.services[0].clone();
        s.name = format!("s{i}");
        s.description = noise(500);
        big.services.push(s);
    }
    match link::encode(&big) {
        Err(e @ LinkError::DesignTooLarge { length, limit }) => {
            assert!(length > limit);
            assert!(e.to_string().contains("Share its JSON file instead"), "{e}");
        }
        other => panic!("{other:?}"),
    }

    let mut many = presets::minimal();
    many.services = vec![many.services[0].clone(); link::MAX_SERVICES + 1];
    let e = link::encode(&many).unwrap_err();
    assert_eq!(
        e,
        LinkError::TooMany {
            path: "/services".into(),
            count: link::MAX_SERVICES + 1,
            limit: link::MAX_SERVICES
        }
    );

    let mut future = presets::minimal();
    future.version = 99;
    assert_eq!(kind(&link::encode(&future).unwrap_err()), "NotADesign");
}

// ---------------------------------------------------------------------------------------------
// Links that must open forever

#[test]
fn link_accepts_an_address_a_fragment_or_the_bare_payload() {
    for name in presets::NAMES {
        let design = presets::get(name).unwrap();
        let payload = link::encode(&design).unwrap();
        assert!(payload.starts_with("v1."), "{payload}");
        for input in [
            payload.clone(),
            format!("#{payload}"),
            format!("https://example.org/tfdesign/?x=1#{payload}"),
            format!("  https://example.org/#{payload}\n"),
        ] {
            assert_eq!(link::decode(&input).as_ref(), Ok(&design), "{input}");
        }
    }
}

#[test]
fn fixture_links_decode_forever() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/links");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected_path = path.with_extension("json");
        let expected = Design::from_json(&std::fs::read_to_string(&expected_path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let decoded = link::decode(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(decoded, expected, "{}", path.display());
        seen.push(path.file_name().unwrap().to_string_lossy().into_owned());
    }
    seen.sort();
    assert_eq!(
        seen,
        ["v1-edited.txt", "v1-minimal.txt", "v1-sports-cards.txt"],
        "every released link version keeps its fixtures"
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile links: each case gives its own error kind

#[test]
fn link_empty_too_long_and_foreign_inputs() {
    check("nothing", "", "Empty");
    check("blank", " \n\t", "Empty");
    check(
        "address without fragment data",
        "https://example.org/#",
        "Empty",
    );
    let huge = format!("v1.{}", "A".repeat(1 << 20));
    let started = std::time::Instant::now();
    let e = check("1 MB fragment", &huge, "TooLong");
    assert!(
        started.elapsed().as_millis() < 50,
        "rejected by length first"
    );
    assert!(e.to_string().contains("too long"), "{e}");
    check(
        "9,000 characters",
        &format!("v1.{}", "A".repeat(9000)),
        "TooLong",
    );
    check("an address", "https://example.org/", "NotALink");
    check("prose", "hello world", "NotALink");
    check("capital V", "V1.AAAA", "NotALink");
    check("no number", "v.AAAA", "NotALink");
    check("no dot", "v1AAAA", "NotALink");
}

#[test]
fn link_versions_other_than_1_are_refused() {
    let payload = sports_link();
    let future = payload.replacen("v1.", "v9.", 1);
    let e = check("future version", &future, "UnsupportedVersion");
    assert_eq!(e, LinkError::UnsupportedVersion { found: 9 });
    assert!(e.to_string().contains("newer tfdesign"), "{e}");
    check(
        "version 0",
        &payload.replacen("v1.", "v0.", 1),
        "UnsupportedVersion",
    );
    let e = check(
        "absurd version",
        "v123456789012345678901234567890.AAAA",
        "UnsupportedVersion",
    );
    assert_eq!(e, LinkError::UnsupportedVersion { found: u64::MAX });
    // Reported sanely, not as 18446744073709551615 nor as a newer release (issue 13).
    let text = e.to_string();
    assert!(
        text.contains("no tfdesign made") && !text.contains("18446744073709551615"),
        "{text}"
    );
}

#[test]
fn link_with_non_base64_characters() {
    let e = check("dollar", "v1.abc$def", "NotBase64");
    assert_eq!(
        e,
        LinkError::NotBase64 {
            position: 7,
            character: '$'
        }
    );
    check("standard base64 alphabet", "v1.ab+/cd", "NotBase64");
    check("space inside", "v1.abc def", "NotBase64");
    check("emoji", "v1.ab🚀cd", "NotBase64");
    check("a second #", "https://x/#v1.ab#cd", "NotBase64");
    check("percent-encoded", "v1.ab%20cd", "NotBase64");
}

#[test]
fn link_cut_off_anywhere_is_truncated() {
    let payload = sports_link();
    check("version only", "v1", "Truncated");
    for end in 3..payload.len() {
        check(&format!("cut at {end}"), &payload[..end], "Truncated");
    }
    let edited = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/links/v1-edited.txt"),
    )
    .unwrap();
    let edited = edited.trim();
    for end in (3..edited.len()).step_by(7) {
        let e = check(&format!("edited cut at {end}"), &edited[..end], "Truncated");
        assert!(e.to_string().starts_with("This link is cut off"), "{e}");
    }
}

#[test]
fn link_damaged_data_is_detected() {
    let payload = sports_link();
    // A changed character in the checksum.
    let mut changed = payload.clone().into_bytes();
    changed[4] = if changed[4] == b'A' { b'B' } else { b'A' };
    check(
        "changed checksum",
        std::str::from_utf8(&changed).unwrap(),
        "Damaged",
    );
    // A right checksum over other contents.
    let mut bytes = crc(b"{}").to_vec();
    bytes.extend(deflate(b"[]"));
    check(
        "checksum of other data",
        &format!("v1.{}", b64(&bytes)),
        "Damaged",
    );
    // Not a DEFLATE stream at all (block type 3 is reserved).
    check(
        "invalid block type",
        &format!("v1.{}", b64(&[0, 0, 0, 0, 0xff, 0xff])),
        "Damaged",
    );
    // Data after the end of the stream.
    let mut bytes = crc(b"{}").to_vec();
    bytes.extend(deflate(b"{}"));
    bytes.extend(b"more");
    let e = check("extra data", &format!("v1.{}", b64(&bytes)), "Damaged");
    assert!(e.to_string().contains("extra data"), "{e}");
}

#[test]
fn link_decompression_bomb_is_bounded() {
    // One mebibyte of JSON text, from a link well under the length limit.
    let mut json = br#"{"version":1,"project":""#.to_vec();
    json.extend(std::iter::repeat_n(b'a', 1 << 20));
    json.extend(br#""}"#);
    let bomb = craft(&json);
    assert!(bomb.len() <= link::MAX_LINK_CHARS, "{}", bomb.len());
    let e = check("1 MiB of JSON", &bomb, "TooBig");
    assert_eq!(
        e,
        LinkError::TooBig {
            limit: link::MAX_JSON_BYTES
        }
    );
    let zeros = craft(&vec![0u8; 1_400_000]);
    assert!(zeros.len() <= link::MAX_LINK_CHARS, "{}", zeros.len());
    check("1.4 MB of zeros", &zeros, "TooBig");
    // Just under the bound: inflated, then refused for what it is (not a design), not its size.
    let mut json = br#"{"version":1,"project":""#.to_vec();
    json.extend(std::iter::repeat_n(b'a', link::MAX_JSON_BYTES - 30));
    json.extend(br#""}"#);
    check("just under the bound", &craft(&json), "NotADesign");
}

#[test]
fn link_deeply_nested_json_is_refused_before_parsing() {
    check(
        "100,000 brackets",
        &craft("[".repeat(100_000).as_bytes()),
        "TooDeep",
    );
    check(
        "deep but balanced",
        &craft(format!("{}{}", "[".repeat(500), "]".repeat(500)).as_bytes()),
        "TooDeep",
    );
    let e = check(
        "deep inside a design",
        &craft_minimal(|v| {
            let mut deep = serde_json::json!(1);
            for _ in 0..40 {
                deep = serde_json::json!({ "x": [deep] });
            }
            v["tags"] = deep;
        }),
        "TooDeep",
    );
    assert_eq!(
        e,
        LinkError::TooDeep {
            limit: link::MAX_DEPTH
        }
    );
    // Brackets inside strings are text, not nesting.
    let brackets = "[{".repeat(200);
    let design = link::decode(&craft_minimal(|v| v["project"] = brackets.clone().into())).unwrap();
    assert_eq!(design.project, brackets);
}

#[test]
fn link_huge_lists_are_capped() {
    let e = check(
        "201 services",
        &craft_minimal(|v| {
            // Counted before the typed parse: the entries need not be services.
            v["services"] = vec![serde_json::json!({ "name": "x" }); link::MAX_SERVICES + 1].into();
        }),
        "TooMany",
    );
    assert_eq!(
        e,
        LinkError::TooMany {
            path: "/services".into(),
            count: link::MAX_SERVICES + 1,
            limit: link::MAX_SERVICES
        }
    );
    let e = check(
        "21 tiers",
        &craft_minimal(|v| {
            let tier = v["tiers"][0].clone();
            v["tiers"] = vec![tier; 21].into();
        }),
        "TooMany",
    );
    assert!(e.to_string().contains("\"/tiers\""), "{e}");
    check(
        "21 regions",
        &craft_minimal(|v| v["regions"] = vec![v["regions"][0].clone(); 21].into()),
        "TooMany",
    );
    let e = check(
        "100,000 zeros",
        &craft_minimal(|v| v["services"][0]["lambdas"] = vec![0; 100_000].into()),
        "TooMany",
    );
    assert_eq!(
        e,
        LinkError::TooMany {
            path: "/services/0/lambdas".into(),
            count: 100_000,
            limit: link::MAX_ITEMS
        }
    );
    check(
        "201 tags",
        &craft_minimal(|v| {
            v["tags"] = (0..201)
                .map(|i| (format!("k{i}"), serde_json::Value::from("v")))
                .collect::<serde_json::Map<_, _>>()
                .into()
        }),
        "TooMany",
    );
    // Pointer escaping in the reported path.
    let e = check(
        "a map key with / and ~",
        &craft_minimal(|v| {
            v["backend"]["regions"]["a/b~c"] = vec![1; 300].into();
        }),
        "TooMany",
    );
    assert!(
        matches!(&e, LinkError::TooMany { path, .. } if path == "/backend/regions/a~1b~0c"),
        "{e:?}"
    );
}

#[test]
fn link_wrong_types_and_shapes_are_not_designs() {
    check("not JSON", &craft(b"hello"), "NotJson");
    check("not UTF-8", &craft(&[0xff, 0xfe, 0x7b]), "NotJson");
    check("nothing inside", &craft(b""), "NotJson");
    check("trailing garbage", &craft(b"{}}"), "NotJson");
    check("an array", &craft(b"[1,2,3]"), "NotADesign");
    check(
        "project is a number",
        &craft_minimal(|v| v["project"] = 42.into()),
        "NotADesign",
    );
    check(
        "services is a string",
        &craft_minimal(|v| v["services"] = "lots".into()),
        "NotADesign",
    );
    check(
        "version is a string",
        &craft_minimal(|v| v["version"] = "1".into()),
        "NotADesign",
    );
    check(
        "negative number",
        &craft_minimal(|v| v["tiers"][0]["compute"]["asg_max"] = (-1).into()),
        "NotADesign",
    );
    check(
        "number too large",
        &craft_minimal(|v| v["tiers"][0]["compute"]["asg_max"] = 1e300.into()),
        "NotADesign",
    );
    check(
        "unknown field",
        &craft_minimal(|v| v["services"][0]["evil"] = true.into()),
        "NotADesign",
    );
    check(
        "missing field",
        &craft_minimal(|v| {
            v.as_object_mut().unwrap().remove("iam");
        }),
        "NotADesign",
    );
    let e = check(
        "future schema",
        &craft_minimal(|v| v["version"] = 99.into()),
        "NotADesign",
    );
    assert_eq!(e, LinkError::NotADesign(LoadError::UnknownVersion(99)));
}

#[test]
fn link_names_crafted_to_inject_hcl_are_caught_by_validation() {
    let evil_name = "x\" {}\nresource \"aws_iam_user\" \"evil\" {\n  name = \"${var.x}";
    let evil_text = "${file(\"/etc/passwd\")} %{ if true }\" }\n";
    let hostile = craft_minimal(|v| {
        v["services"][0]["name"] = evil_name.into();
        v["services"][0]["description"] = evil_text.into();
        v["tags"]["Note"] = evil_text.into();
    });
    // The link is a well-formed design: decoding succeeds and keeps the text as it is...
    let design = link::decode(&hostile).unwrap();
    assert_eq!(design.services[0].name, evil_name);
    // ...and generation refuses the name with a validation error that points at it.
    let errors = generate(&design).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|d| d.severity == Severity::Error && d.path == "/services/0/name"),
        "{errors:?}"
    );
    // Free text is not a name: it is escaped, and every file still parses (a tag value holds
    // no newline: AWS refuses control characters in tags, and so does validation).
    let design = link::decode(&craft_minimal(|v| {
        v["services"][0]["description"] = evil_text.into();
        v["tags"]["Note"] = evil_text.trim_end().into();
    }))
    .unwrap();
    let bundle = generate(&design).expect("free text is escaped, not rejected");
    for (path, contents) in &bundle.files {
        if path.ends_with(".tf") {
            let text = std::str::from_utf8(contents).unwrap();
            hcl::parse(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(
                text.matches("${file(").count(),
                text.matches("$${file(").count(),
                "{path} interpolates the text"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties: round trip of generated designs, and decode never panics

fn text() -> impl Strategy<Value = String> {
    let ascii = prop::collection::vec(
        prop::sample::select(
            "abcdefghijklmnopqrstuvwxyz0123456789-_./ "
                .chars()
                .collect::<Vec<_>>(),
        ),
        0..14,
    );
    let unicode = prop::collection::vec(any::<char>(), 0..8);
    prop_oneof![3 => ascii, 1 => unicode].prop_map(String::from_iter)
}

fn strings(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..max)
}

fn lambda() -> impl Strategy<Value = LambdaFunction> {
    (
        text(),
        text(),
        text(),
        any::<u32>(),
        any::<u32>(),
        (any::<bool>(), any::<bool>()),
        prop::option::of(text()),
    )
        .prop_map(
            |(
                name,
                runtime,
                handler,
                memory_mb,
                timeout_seconds,
                (function_url, public_url),
                queue,
            )| {
                LambdaFunction {
                    name,
                    runtime,
                    handler,
                    memory_mb,
                    timeout_seconds,
                    function_url,
                    public_url,
                    queue,
                }
            },
        )
}

fn queue() -> impl Strategy<Value = Queue> {
    let subscription =
        (text(), any::<bool>(), text()).prop_map(|(topic, raw_message_delivery, filter_policy)| {
            Subscription {
                topic,
                raw_message_delivery,
                filter_policy,
            }
        });
    (
        text(),
        any::<u32>(),
        any::<u32>(),
        prop::collection::vec(subscription, 0..2),
    )
        .prop_map(|(name, v, m, subscribe)| Queue {
            name,
            visibility_timeout_seconds: v,
            max_receive_count: m,
            subscribe,
        })
}

fn key_attribute() -> impl Strategy<Value = KeyAttribute> {
    let kinds = prop::sample::select(vec![AttributeType::S, AttributeType::N, AttributeType::B]);
    (text(), kinds).prop_map(|(name, kind)| KeyAttribute { name, kind })
}

fn table() -> impl Strategy<Value = Table> {
    let index = (text(), key_attribute(), prop::option::of(key_attribute())).prop_map(
        |(name, partition_key, sort_key)| TableIndex {
            name,
            partition_key,
            sort_key,
        },
    );
    (
        text(),
        key_attribute(),
        prop::option::of(key_attribute()),
        prop::option::of(text()),
        prop::collection::vec(index, 0..2),
    )
        .prop_map(
            |(name, partition_key, sort_key, ttl_attribute, indexes)| Table {
                name,
                partition_key,
                sort_key,
                ttl_attribute,
                indexes,
            },
        )
}

fn service() -> impl Strategy<Value = Service> {
    let container = (
        text(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        text(),
        strings(3),
    )
        .prop_map(
            |(image, port, cpu, memory, health_check_path, command)| Container {
                image,
                port,
                cpu,
                memory,
                health_check_path,
                command,
            },
        );
    let worker = (text(), any::<u32>(), any::<u32>(), strings(3), strings(2)).prop_map(
        |(image, cpu, memory, queues, command)| Worker {
            image,
            cpu,
            memory,
            queues,
            backlog_per_task: memory % 1000,
            command,
        },
    );
    let database =
        (text(), text(), text()).prop_map(|(engine_version, db_name, username)| Database {
            engine_version,
            db_name,
            username,
        });
    let schedule =
        (text(), text(), text(), text()).prop_map(|(name, expression, description, lambda)| {
            Schedule {
                name,
                expression,
                description,
                lambda,
            }
        });
    (
        text(),
        text(),
        (
            prop::collection::btree_map(text(), text(), 0..3),
            prop::sample::select(LaunchType::ALL.to_vec()),
            prop::collection::btree_map(text(), capacity(), 0..2),
        ),
        prop::option::of(container),
        prop::option::of(worker),
        prop::collection::vec(lambda(), 0..3),
        prop::option::of(database),
        prop::collection::vec(queue(), 0..3),
        prop::collection::vec(schedule, 0..2),
        prop::collection::vec(text().prop_map(|name| Bucket { name }), 0..3),
        prop::collection::vec(table(), 0..2),
        (
            prop::option::of(
                prop::sample::select(vec![CacheEngine::Valkey, CacheEngine::Redis])
                    .prop_map(|engine| Cache { engine }),
            ),
            prop::option::of((any::<bool>(), text(), prop::option::of(text())).prop_map(
                |(spa, default_root_object, backend)| Frontend {
                    spa,
                    default_root_object,
                    backend,
                },
            )),
            prop::option::of(http_api()),
            prop::collection::vec(text().prop_map(|name| Topic { name }), 0..3),
        ),
    )
        .prop_map(
            |(
                name,
                description,
                (cost_codes, launch_type, capacity),
                api,
                worker,
                lambdas,
                database,
                queues,
                schedules,
                buckets,
                tables,
                (cache, frontend, http_api, topics),
            )| {
                Service {
                    name,
                    description,
                    cost_codes,
                    launch_type,
                    api,
                    worker,
                    lambdas,
                    database,
                    queues,
                    schedules,
                    buckets,
                    tables,
                    capacity,
                    cache,
                    frontend,
                    http_api,
                    topics,
                }
            },
        )
}

/// A service's capacity in one tier: any field set or not, the hosts' too.
fn capacity() -> impl Strategy<Value = ServiceCapacity> {
    let n = || prop::option::of(any::<u32>());
    (
        (n(), n(), n(), n(), n()),
        (prop::option::of(text()), n()),
        (prop::option::of(text()), n(), n(), n()),
    )
        .prop_map(
            |(
                (task_count, api_cpu, api_memory, worker_cpu, worker_memory),
                (db_instance_class, db_read_replicas),
                (instance_type, asg_min, asg_max, asg_desired),
            )| ServiceCapacity {
                task_count,
                api_cpu,
                api_memory,
                worker_cpu,
                worker_memory,
                db_instance_class,
                db_read_replicas,
                instance_type,
                asg_min,
                asg_max,
                asg_desired,
            },
        )
}

fn tier() -> impl Strategy<Value = Tier> {
    let numbers = prop::array::uniform4(any::<u32>());
    let flags = prop::array::uniform5(any::<bool>());
    (
        text(),
        strings(3),
        text(),
        numbers,
        (any::<u32>(), any::<bool>()),
        text(),
        numbers,
        flags,
        (numbers, strings(2)),
        (any::<u32>(), any::<u32>(), any::<u32>()),
        (numbers, any::<bool>(), any::<bool>()),
        ((text(), any::<u32>(), any::<bool>(), any::<u32>()), text()),
    )
        .prop_map(
            |(
                name,
                regions,
                instance_type,
                c,
                (task_count, fargate_spot),
                instance_class,
                d,
                f,
                (a, emails),
                (noncurrent_version_days, rate_limit, burst_limit),
                (capacity, provisioned, point_in_time_recovery),
                ((node_type, replicas, multi_az, snapshot_retention_days), price_class),
            )| {
                Tier {
                    name,
                    regions,
                    compute: TierCompute {
                        instance_type,
                        asg_min: c[0],
                        asg_max: c[1],
                        asg_desired: c[2],
                        task_count,
                        fargate_spot,
                    },
                    database: TierDatabase {
                        instance_class,
                        allocated_storage_gb: d[0],
                        max_allocated_storage_gb: d[1],
                        multi_az: f[0],
                        read_replicas: d[2],
                        replica_multi_az: f[4],
                        cross_region_replica: f[1],
                        backup_retention_days: d[3],
                        deletion_protection: f[2],
                        performance_insights: f[3],
                    },
                    log_retention_days: c[3],
                    alarms: TierAlarms {
                        cpu_high_percent: a[0],
                        cpu_low_percent: a[1],
                        queue_depth: a[2],
                        message_age_seconds: a[3],
                        notify_emails: emails,
                    },
                    storage: TierStorage {
                        noncurrent_version_days,
                        tables: TierTables {
                            billing: if provisioned {
                                TableBilling::Provisioned
                            } else {
                                TableBilling::OnDemand
                            },
                            read_capacity: capacity[0],
                            write_capacity: capacity[1],
                            max_read_capacity: capacity[2],
                            max_write_capacity: capacity[3],
                            point_in_time_recovery,
                            global: provisioned != point_in_time_recovery,
                        },
                    },
                    cache: TierCache {
                        node_type,
                        replicas,
                        multi_az,
                        snapshot_retention_days,
                    },
                    frontend: TierFrontend { price_class },
                    http_api: TierHttpApi {
                        rate_limit,
                        burst_limit,
                    },
                }
            },
        )
}

/// An HTTP API: routes of any text to any function, IAM or a JWT authorizer.
fn http_api() -> impl Strategy<Value = HttpApi> {
    let route = (text(), text()).prop_map(|(route, function)| HttpRoute { route, function });
    let auth = prop_oneof![
        Just(HttpApiAuth::Iam),
        (text(), prop::collection::vec(text(), 0..3))
            .prop_map(|(issuer, audience)| HttpApiAuth::Jwt(JwtAuth { issuer, audience })),
    ];
    (prop::collection::vec(route, 0..3), auth).prop_map(|(routes, auth)| HttpApi { routes, auth })
}

/// Usage inputs: any input set to any value (bounds are a design rule, not the link's concern).
fn usage_inputs() -> impl Strategy<Value = UsageInputs> {
    let names: Vec<&str> = tfdesign_core::usage::FIELDS
        .iter()
        .map(|f| f.name)
        .collect();
    prop::collection::vec((prop::sample::select(names), any::<u64>()), 0..4).prop_map(|values| {
        let mut inputs = UsageInputs::default();
        for (name, value) in values {
            inputs.set(name, Some(value));
        }
        inputs
    })
}

/// A usage section as drawn: defaults, inputs for existing services (by index), inputs for any
/// name.
type UsageDraw = (
    UsageInputs,
    Vec<(Index, UsageInputs)>,
    Vec<(String, UsageInputs)>,
);

/// A usage section: defaults, and inputs for existing services (by index) or any name.
fn usage() -> impl Strategy<Value = UsageDraw> {
    (
        usage_inputs(),
        prop::collection::vec((any::<Index>(), usage_inputs()), 0..3),
        prop::collection::vec((text(), usage_inputs()), 0..2),
    )
}

/// A preset with random edits: renames, numbers, services, tiers, lambdas, queues, tags,
/// access-log buckets and access keys added or removed, usage assumptions, text of any Unicode.
fn design() -> impl Strategy<Value = Design> {
    let edits = (
        prop::option::of(text()),
        prop::collection::btree_map(text(), text(), 0..4),
        prop::collection::vec((any::<Index>(), text()), 0..3),
        prop::collection::vec((any::<Index>(), any::<u32>()), 0..3),
        prop::collection::vec((any::<Index>(), lambda()), 0..2),
        prop::collection::vec((any::<Index>(), queue()), 0..2),
        (
            prop::collection::btree_map(text(), text(), 0..3),
            any::<bool>(),
        ),
        usage(),
    );
    (
        prop::sample::select(vec![presets::sports_cards(), presets::minimal()]),
        prop::collection::vec(any::<Index>(), 0..3),
        prop::collection::vec(service(), 0..3),
        prop::collection::vec(any::<Index>(), 0..2),
        prop::collection::vec(tier(), 0..2),
        edits,
    )
        .prop_map(
            |(mut d, drop_services, services, drop_tiers, tiers, edits)| {
                let (project, tags, renames, numbers, lambdas, queues, (log_buckets, keys), usage) =
                    edits;
                d.security.access_log_buckets.extend(log_buckets);
                for user in &mut d.iam.users {
                    user.access_key = keys;
                }
                for i in drop_services {
                    if !d.services.is_empty() {
                        d.services.remove(i.index(d.services.len()));
                    }
                }
                d.services.extend(services);
                for i in drop_tiers {
                    if !d.tiers.is_empty() {
                        d.tiers.remove(i.index(d.tiers.len()));
                    }
                }
                d.tiers.extend(tiers);
                if let Some(project) = project {
                    d.project = project;
                }
                d.tags.extend(tags);
                for (i, name) in renames {
                    if !d.services.is_empty() {
                        let n = d.services.len();
                        d.services[i.index(n)].name = name;
                    }
                }
                for (i, value) in numbers {
                    if !d.tiers.is_empty() {
                        let n = d.tiers.len();
                        d.tiers[i.index(n)].compute.asg_max = value;
                    }
                }
                for (i, l) in lambdas {
                    if !d.services.is_empty() {
                        let n = d.services.len();
                        d.services[i.index(n)].lambdas.push(l);
                    }
                }
                for (i, q) in queues {
                    if !d.services.is_empty() {
                        let n = d.services.len();
                        d.services[i.index(n)].queues.push(q);
                    }
                }
                let (defaults, own, any_name) = usage;
                d.usage.defaults = defaults;
                for (i, inputs) in own {
                    if !d.services.is_empty() {
                        let n = d.services.len();
                        let name = d.services[i.index(n)].name.clone();
                        d.usage.services.insert(name, inputs);
                    }
                }
                d.usage.services.extend(any_name);
                d
            },
        )
}

const BASE64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn link_round_trips_generated_designs(d in design()) {
        match link::encode(&d) {
            Ok(payload) => {
                prop_assert!(payload.len() <= link::MAX_LINK_CHARS);
                prop_assert_eq!(link::decode(&payload), Ok(d.clone()));
                let address = format!("https://example.org/#{payload}");
                prop_assert_eq!(link::decode(&address), Ok(d));
            }
            Err(LinkError::DesignTooLarge { length, limit }) => prop_assert!(length > limit),
            Err(e) => prop_assert!(false, "encode failed: {e}"),
        }
    }

    #[test]
    fn link_changed_character_never_yields_another_design(
        at in any::<Index>(),
        c in prop::sample::select(BASE64URL.chars().collect::<Vec<_>>()),
    ) {
        let payload = link::encode(&minimal_plus_five()).unwrap();
        let at = 3 + at.index(payload.len() - 3);
        let mut changed = payload.clone();
        changed.replace_range(at..at + 1, &c.to_string());
        if let Ok(d) = link::decode(&changed) {
            // Only the unused low bits of the last character may change without effect.
            prop_assert_eq!(d, minimal_plus_five());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn link_decode_never_panics_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..3000),
    ) {
        let _ = link::decode(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn link_decode_never_panics_on_arbitrary_text(text in any::<String>()) {
        let _ = link::decode(&text);
        let _ = link::decode(&format!("v1.{text}"));
    }

    #[test]
    fn link_decode_never_panics_on_v1_payloads(
        body in prop::collection::vec(
            prop::sample::select(BASE64URL.chars().collect::<Vec<_>>()), 0..2100),
    ) {
        let _ = link::decode(&format!("v1.{}", String::from_iter(body)));
    }

    #[test]
    fn link_decode_never_panics_on_arbitrary_compressed_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..1500),
    ) {
        let _ = link::decode(&format!("v1.{}", b64(&bytes)));
    }

    #[test]
    fn link_decode_never_panics_on_mutated_design_json(
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), 0..3u8), 1..8),
    ) {
        let mut json = serde_json::to_vec(&presets::minimal()).unwrap();
        for (at, byte, op) in edits {
            let at = at.index(json.len());
            match op {
                0 => json[at] = byte,
                1 => json.insert(at, byte),
                _ => { json.remove(at); }
            }
        }
        if let Err(e) = link::decode(&craft(&json)) {
            prop_assert!(
                matches!(kind(&e), "NotJson" | "NotADesign" | "TooDeep" | "TooMany"),
                "{e:?}"
            );
        }
    }
}
