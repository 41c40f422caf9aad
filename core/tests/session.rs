//! The worker's session answers as the pipeline does, and its messages survive JSON.

use tfdesign_core::compare::{self, Change};
use tfdesign_core::cost::{self, PriceTable, UsageInputs};
use tfdesign_core::plan::Plan;
use tfdesign_core::session::{coalesce, Request, Response, Session, Summary, COMPARE_DIFF_LINES};
use tfdesign_core::{presets, Design};

fn json(design: &Design) -> String {
    serde_json::to_string(design).expect("a design serializes")
}

/// Sends `request` through JSON both ways, as the worker does.
fn ask(
    session: &mut Session,
    request: &Request,
    bytes: Option<&[u8]>,
) -> (Response, Option<Vec<u8>>) {
    let (text, out) = session.answer_json(&request.to_json(), bytes);
    (Response::from_json(&text), out)
}

#[test]
fn a_file_is_the_file_the_pipeline_generates() {
    let design = presets::sports_cards();
    let path = "environments/card-catalog-api/us-east-1/prod/main.tf";
    let mut session = Session::new();
    let (answer, bytes) = ask(
        &mut session,
        &Request::File {
            seq: 7,
            design: json(&design),
            path: path.into(),
        },
        None,
    );
    assert!(bytes.is_none());
    let expected = tfdesign_core::generate_file(&design, path);
    assert!(expected.is_some());
    assert_eq!(
        answer,
        Response::File {
            seq: 7,
            path: path.into(),
            text: expected
        }
    );
}

#[test]
fn the_bundle_answer_has_the_files_checks_and_cost() {
    let design = presets::sports_cards();
    let mut session = Session::new();
    let (answer, _) = ask(
        &mut session,
        &Request::Bundle {
            seq: 3,
            design: json(&design),
        },
        None,
    );
    let generated = tfdesign_core::generate_with_bodies(&design).expect("the preset generates");
    let estimate = cost::estimate(
        &design,
        &Plan::build(&design),
        PriceTable::embedded(),
        &UsageInputs::default(),
    );
    let Response::Bundle {
        seq: 3,
        bundle,
        checks,
        cost: Some(back),
    } = answer
    else {
        panic!("{answer:?}")
    };
    assert_eq!(
        bundle,
        Ok(Summary {
            files: generated.bundle.files.keys().cloned().collect()
        })
    );
    assert_eq!(checks, tfdesign_core::validate_generated(&generated));
    // The estimate crossed JSON without its line items (totals and rollups whole); a root's
    // lines come on their own, with their prices (a price's integer form is internal to the
    // estimator and stays behind).
    let mut without_items = estimate.clone();
    for root in &mut without_items.roots {
        root.items.clear();
    }
    assert_eq!(back.to_json(), without_items.to_json());
    assert_eq!(back.total, estimate.total);
    let root = "environments/card-catalog-api/us-east-1/prod";
    let (lines, _) = ask(
        &mut session,
        &Request::CostLines {
            seq: 4,
            design: json(&design),
            root: root.into(),
        },
        None,
    );
    let Response::CostLines {
        seq: 4,
        root: asked,
        lines: Some(lines),
    } = lines
    else {
        panic!("{lines:?}")
    };
    assert_eq!(asked, root);
    let expected = estimate.root(root).expect("the root is estimated");
    assert!(!expected.items.is_empty());
    assert_eq!(
        serde_json::to_string(&lines).unwrap(),
        serde_json::to_string(expected).unwrap()
    );
    let (none, _) = ask(
        &mut session,
        &Request::CostLines {
            seq: 5,
            design: json(&design),
            root: "nowhere".into(),
        },
        None,
    );
    assert_eq!(
        none,
        Response::CostLines {
            seq: 5,
            root: "nowhere".into(),
            lines: None
        }
    );
}

#[test]
fn a_design_with_errors_gets_its_errors_and_no_zip() {
    let mut design = presets::sports_cards();
    design.services[0].name = "Bad Name".into();
    let mut session = Session::new();
    let (answer, _) = ask(
        &mut session,
        &Request::Bundle {
            seq: 1,
            design: json(&design),
        },
        None,
    );
    let Response::Bundle {
        bundle: Err(errors),
        checks,
        cost: None,
        ..
    } = answer
    else {
        panic!("not refused: {answer:?}")
    };
    assert!(
        errors.iter().any(|d| d.path == "/services/0/name"),
        "{errors:?}"
    );
    assert!(checks.is_empty());
    let (zip, bytes) = ask(
        &mut session,
        &Request::Zip {
            seq: 2,
            design: json(&design),
        },
        None,
    );
    assert!(bytes.is_none());
    assert_eq!(
        zip,
        Response::Zip {
            seq: 2,
            made: Err("the design has errors".into()),
            checks: vec![]
        }
    );
}

#[test]
fn the_zip_is_the_bundles_zip_and_reads_back_to_the_design() {
    let design = presets::minimal();
    let mut session = Session::new();
    // Asked about the same design twice: the second answer reuses the bundle and is the same.
    let _ = ask(
        &mut session,
        &Request::Bundle {
            seq: 1,
            design: json(&design),
        },
        None,
    );
    let (answer, bytes) = ask(
        &mut session,
        &Request::Zip {
            seq: 2,
            design: json(&design),
        },
        None,
    );
    let Response::Zip {
        seq: 2,
        made: Ok(()),
        ..
    } = answer
    else {
        panic!("{answer:?}")
    };
    let zip = bytes.expect("the zip's bytes");
    let expected = tfdesign_core::generate(&design)
        .expect("generates")
        .to_zip()
        .expect("zips");
    assert_eq!(zip, expected);

    let (read, _) = ask(
        &mut Session::new(),
        &Request::ReadZip { seq: 9 },
        Some(&zip),
    );
    let Response::ReadZip {
        seq: 9,
        design: Ok(text),
    } = read
    else {
        panic!("{read:?}")
    };
    assert_eq!(Design::from_json(&text).expect("loads"), design);
}

#[test]
fn a_broken_zip_is_refused_with_a_reason() {
    let mut session = Session::new();
    let (read, _) = ask(
        &mut session,
        &Request::ReadZip { seq: 1 },
        Some(b"PK\x03\x04 not really"),
    );
    let Response::ReadZip {
        design: Err(why), ..
    } = read
    else {
        panic!("{read:?}")
    };
    assert!(!why.is_empty());
    let (none, _) = ask(&mut session, &Request::ReadZip { seq: 2 }, None);
    assert_eq!(
        none,
        Response::ReadZip {
            seq: 2,
            design: Err("no zip came with the request".into())
        }
    );
}

#[test]
fn the_count_is_core_s_count() {
    let large = tfdesign_core::scale::scaled(30, 4, 3);
    let (answer, _) = ask(
        &mut Session::new(),
        &Request::Count {
            seq: 4,
            design: json(&large),
        },
        None,
    );
    let expected = tfdesign_core::confirm_before_generating(&large)
        .expect("large")
        .files;
    assert!(expected.is_some());
    assert_eq!(
        answer,
        Response::Count {
            seq: 4,
            files: expected
        }
    );
    let small = presets::minimal();
    let (answer, _) = ask(
        &mut Session::new(),
        &Request::Count {
            seq: 5,
            design: json(&small),
        },
        None,
    );
    let files = tfdesign_core::generate(&small)
        .expect("generates")
        .files
        .len();
    assert_eq!(
        answer,
        Response::Count {
            seq: 5,
            files: Some(files)
        }
    );
}

#[test]
fn nonsense_is_refused_not_a_panic() {
    let mut session = Session::new();
    let (text, bytes) = session.answer_json("{\"op\":\"launch\"}", None);
    assert!(bytes.is_none());
    let Response::Refused { seq: None, message } = Response::from_json(&text) else {
        panic!("{text}")
    };
    assert!(
        message.starts_with("the request is not understood"),
        "{message}"
    );
    let (answer, _) = ask(
        &mut session,
        &Request::File {
            seq: 2,
            design: "{\"version\":".into(),
            path: "README.md".into(),
        },
        None,
    );
    let Response::Refused {
        seq: Some(2),
        message,
    } = answer
    else {
        panic!("{answer:?}")
    };
    assert!(message.starts_with("the design does not load"), "{message}");
    assert!(matches!(
        Response::from_json("]"),
        Response::Refused { seq: None, .. }
    ));
}

#[test]
fn only_the_last_file_and_bundle_requests_are_answered_file_first() {
    let d = |n: u64| format!("design {n}");
    let waiting = vec![
        (
            Request::Bundle {
                seq: 1,
                design: d(1),
            },
            (),
        ),
        (
            Request::File {
                seq: 2,
                design: d(2),
                path: "a".into(),
            },
            (),
        ),
        (
            Request::Zip {
                seq: 3,
                design: d(3),
            },
            (),
        ),
        (
            Request::Bundle {
                seq: 4,
                design: d(4),
            },
            (),
        ),
        (
            Request::File {
                seq: 5,
                design: d(5),
                path: "a".into(),
            },
            (),
        ),
        (Request::ReadZip { seq: 6 }, ()),
    ];
    let order: Vec<u64> = coalesce(waiting).iter().map(|(r, _)| r.seq()).collect();
    assert_eq!(order, vec![5, 3, 4, 6]);
}

#[test]
fn a_comparison_is_core_s_fields_files_and_cost_change() {
    let current = presets::sports_cards();
    let mut earlier = current.clone();
    let prod = earlier
        .tiers
        .iter()
        .position(|t| t.name == "prod")
        .expect("a prod tier");
    earlier.tiers[prod].database.read_replicas += 1;
    let mut session = Session::new();
    let (answer, bytes) = ask(
        &mut session,
        &Request::Compare {
            seq: 11,
            earlier: json(&earlier),
            current: json(&current),
        },
        None,
    );
    assert!(bytes.is_none());
    let Response::Compare {
        seq: 11,
        fields,
        files: Some(files),
        cost: Some(cost),
    } = answer
    else {
        panic!("{answer:?}")
    };
    assert_eq!(fields, compare::design(&earlier, &current));
    assert_eq!(
        fields
            .iter()
            .map(|f| (f.path.as_str(), f.before.as_deref(), f.after.as_deref()))
            .collect::<Vec<_>>(),
        [("tiers[prod].database.read_replicas", Some("3"), Some("2"))],
    );
    let (a, b) = (
        tfdesign_core::generate(&earlier).expect("generates"),
        tfdesign_core::generate(&current).expect("generates"),
    );
    let expected = compare::files(&a.files, &b.files, COMPARE_DIFF_LINES);
    assert!(!expected.is_empty());
    assert_eq!(files, expected);
    let tfvars = "environments/card-catalog-api/us-east-1/prod/terraform.tfvars";
    let Some(Change::Changed(diff)) = files.iter().find(|f| f.path == tfvars).map(|f| &f.change)
    else {
        panic!("{tfvars} is not among the changed files: {files:?}")
    };
    assert!(diff.contains("\n-") && diff.contains("\n+"), "{diff}");
    let estimate = |d: &Design| {
        cost::estimate(
            d,
            &Plan::build(d),
            PriceTable::embedded(),
            &UsageInputs::default(),
        )
    };
    let (before, after) = (estimate(&earlier), estimate(&current));
    assert!(after.total < before.total, "one replica fewer costs less");
    assert_eq!(cost, (before.total, after.total));

    // The same design: nothing changed.
    let (same, _) = ask(
        &mut session,
        &Request::Compare {
            seq: 12,
            earlier: json(&current),
            current: json(&current),
        },
        None,
    );
    let Response::Compare {
        fields,
        files: Some(files),
        cost: Some(cost),
        ..
    } = same
    else {
        panic!("{same:?}")
    };
    assert!(fields.is_empty() && files.is_empty() && cost.0 == cost.1);
}

#[test]
fn a_comparison_with_a_design_with_errors_has_fields_only_and_a_broken_one_is_refused() {
    let current = presets::sports_cards();
    let mut broken = current.clone();
    broken.services[0].name = "Bad Name".into();
    let mut session = Session::new();
    let (answer, _) = ask(
        &mut session,
        &Request::Compare {
            seq: 1,
            earlier: json(&broken),
            current: json(&current),
        },
        None,
    );
    let Response::Compare {
        seq: 1,
        fields,
        files: None,
        cost: None,
    } = answer
    else {
        panic!("{answer:?}")
    };
    assert_eq!(fields, compare::design(&broken, &current));
    assert!(!fields.is_empty());

    let (answer, _) = ask(
        &mut session,
        &Request::Compare {
            seq: 2,
            earlier: "{\"version\":".into(),
            current: json(&current),
        },
        None,
    );
    let Response::Refused {
        seq: Some(2),
        message,
    } = answer
    else {
        panic!("{answer:?}")
    };
    assert!(
        message.starts_with("the earlier design does not load"),
        "{message}"
    );
}
