//! Issue 13: what a hostile design file or share link carries is refused at its field, never
//! wrapped, crashed on or rendered into something else.

use serde_json::Value;
use tfdesign_core::design::Design;
use tfdesign_core::validate::validate;
use tfdesign_core::validate_limits::{bound, numbers, BOUNDS};
use tfdesign_core::{presets, Severity};

/// The design with the JSON value at `pointer` replaced.
fn with(design: &Design, pointer: &str, value: Value) -> Design {
    let mut json: Value = serde_json::from_str(&design.to_json()).unwrap();
    *json
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = value;
    Design::from_json(&json.to_string()).unwrap()
}

fn errors_at(design: &Design, path: &str) -> Vec<String> {
    validate(design)
        .into_iter()
        .filter(|d| d.severity == Severity::Error && d.path == path)
        .map(|d| d.message)
        .collect()
}

#[test]
fn read_replicas_at_u32_max_with_a_cross_region_replica_is_refused_at_its_field() {
    let d = presets::sports_cards();
    let (i, _) = d
        .tiers
        .iter()
        .enumerate()
        .find(|(_, t)| t.database.cross_region_replica)
        .expect("the preset has a tier with a cross-region replica");
    let path = format!("/tiers/{i}/database/read_replicas");
    let bad = with(&d, &path, Value::from(u32::MAX));
    let errors = errors_at(&bad, &path);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("4294967295"), "{errors:?}");
    assert!(tfdesign_core::generate(&bad).is_err());
}

#[test]
fn every_numeric_field_is_bounded_at_its_field() {
    let d = presets::sports_cards();
    let fields = numbers(&d);
    assert!(fields.len() > 20);
    for (path, definition, field, _) in fields {
        let b = bound(definition, field).unwrap();
        let mut outside = vec![u64::from(b.max) + 1, u64::from(u32::MAX)];
        if b.min > 0 {
            outside.push(u64::from(b.min) - 1);
        }
        for value in outside {
            let bad = with(&d, &path, Value::from(value));
            assert!(
                !errors_at(&bad, &path).is_empty(),
                "{path} = {value} is not refused at its field"
            );
        }
        // A number above u32 is refused when the file is read.
        let mut json: Value = serde_json::from_str(&d.to_json()).unwrap();
        *json.pointer_mut(&path).unwrap() = Value::from(u64::MAX);
        assert!(Design::from_json(&json.to_string()).is_err(), "{path}");
    }
}

#[test]
fn the_schema_documents_every_bound() {
    let schema: Value = serde_json::from_str(&tfdesign_core::design::json_schema()).unwrap();
    let definitions = schema["definitions"].as_object().unwrap();
    let mut integers = 0;
    for (name, def) in definitions {
        let Some(props) = def["properties"].as_object() else {
            continue;
        };
        for (field, p) in props {
            if p["type"] != "integer" {
                continue;
            }
            integers += 1;
            let b = bound(name, field).unwrap_or_else(|| panic!("{name}.{field} has no bound"));
            assert_eq!(
                p["minimum"].as_f64(),
                Some(f64::from(b.min)),
                "{name}.{field}"
            );
            assert_eq!(
                p["maximum"].as_f64(),
                Some(f64::from(b.max)),
                "{name}.{field}"
            );
        }
    }
    assert_eq!(integers, BOUNDS.len());
    assert_eq!(
        schema["properties"]["version"]["minimum"].as_f64(),
        Some(1.0)
    );
}
