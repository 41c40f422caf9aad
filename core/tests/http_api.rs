//! Issue 15: the services' HTTP APIs (`services[].http_api`, `tiers[].http_api`), end to end:
//! the roots that make them, routes to functions, authorization, invoke permissions scoped to
//! each route, throttling per tier, access logs, the custom domain, the design rules, edits,
//! round trips, cost and docs.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::design::{
    Design, HttpApi, HttpApiAuth, HttpRoute, JwtAuth, LambdaFunction, TierSecurity,
};
use tfdesign_core::edit::{self, Block};
use tfdesign_core::kinds;
use tfdesign_core::plan::Plan;
use tfdesign_core::{cost, link, presets};

/// minimal with a second service; the first has two functions and an IAM HTTP API with a route
/// to each.
fn design() -> Design {
    let mut d = presets::minimal();
    let mut other = d.services[0].clone();
    other.name = "billing".into();
    let s = &mut d.services[0];
    for name in ["cards", "orders"] {
        s.lambdas.push(LambdaFunction {
            name: name.into(),
            ..LambdaFunction::default()
        });
    }
    s.http_api = Some(HttpApi {
        routes: vec![
            route("GET /cards/{id}", "cards"),
            route("ANY /orders/{proxy+}", "orders"),
            route("POST /cards", "cards"),
        ],
        auth: HttpApiAuth::Iam,
    });
    d.services.push(other);
    d
}

fn route(route: &str, function: &str) -> HttpRoute {
    HttpRoute {
        route: route.into(),
        function: function.into(),
    }
}

fn api(d: &mut Design) -> &mut HttpApi {
    d.services[0].http_api.as_mut().expect("an HTTP API")
}

/// The text of the `resource "<kind>" "<name>" { … }` block of `main`.
fn resource_block<'a>(main: &'a str, kind: &str, name: &str) -> &'a str {
    let start = main
        .find(&format!("resource \"{kind}\" \"{name}\" {{"))
        .unwrap_or_else(|| panic!("no {kind}.{name}"));
    let end = main[start..].find("\n}\n").expect("block end") + start;
    &main[start..end]
}

/// `text` with every run of spaces made one (alignment aside).
fn squash(text: &str) -> String {
    text.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn only_the_service_with_an_http_api_calls_the_module_with_its_routes() {
    let f = files(&design());
    let web = &f["environments/web-api/eu-west-1/dev/main.tf"];
    let billing = &f["environments/billing/eu-west-1/dev/main.tf"];
    let call = squash(module_block(web, "http_api"));
    for needle in [
        "source = \"../../../../modules/http-api\"",
        "name = local.name",
        "name = module.lambda_cards.function_name",
        "invoke_arn = module.lambda_orders.invoke_arn",
        "\"GET /cards/{id}\" = {\n function = \"cards\"\n permission_path = \"GET/cards/{id}\"",
        "\"ANY /orders/{proxy+}\" = {\n function = \"orders\"\n permission_path = \"*/orders/{proxy+}\"",
        "\"POST /cards\" = {\n function = \"cards\"\n permission_path = \"POST/cards\"",
        "authorization = \"AWS_IAM\"",
        "throttling_rate_limit = var.http_api_rate_limit",
        "throttling_burst_limit = var.http_api_burst_limit",
        "kms_key_arn = aws_kms_key.this.arn",
        "alarm_actions = [aws_sns_topic.alarms.arn]",
        "domain_name = var.http_api_domain_name",
    ] {
        assert!(call.contains(needle), "{needle} in\n{call}");
    }
    // One integration per function: cards appears once among the functions.
    assert_eq!(call.matches("module.lambda_cards.invoke_arn").count(), 1);
    assert!(!call.contains("jwt_issuer"));
    assert!(!billing.contains("module \"http_api\""));
    assert!(!f.contains_key("environments/billing/eu-west-1/dev/http-api"));
    let outputs = &f["environments/web-api/eu-west-1/dev/outputs.tf"];
    assert!(outputs.contains("output \"http_api_endpoint\""));
    assert!(outputs.contains("module.http_api.endpoint"));
    let tfvars = &f["environments/web-api/eu-west-1/dev/terraform.tfvars"];
    assert!(squash(tfvars).contains("http_api_rate_limit = 100"));
    assert!(squash(tfvars).contains("http_api_burst_limit = 200"));
    assert!(squash(tfvars).contains("http_api_domain_name = null"));
    // A design without an HTTP API ships no module for it.
    let plain = files(&presets::minimal());
    assert!(!plain.keys().any(|k| k.starts_with("modules/http-api/")));
    assert!(f.contains_key("modules/http-api/README.md"));
}

#[test]
fn every_route_is_authorized_logged_throttled_and_may_invoke_only_its_function() {
    let f = files(&design());
    let main = &f["modules/http-api/main.tf"];
    let route = squash(resource_block(main, "aws_apigatewayv2_route", "this"));
    assert!(
        route.contains("authorization_type = var.authorization"),
        "{route}"
    );
    assert!(route.contains("route_key = each.key"));
    let permission = squash(resource_block(main, "aws_lambda_permission", "route"));
    assert!(permission.contains("for_each = var.routes"), "{permission}");
    assert!(permission.contains("principal = \"apigateway.amazonaws.com\""));
    assert!(permission.contains(
        "source_arn = \"${aws_apigatewayv2_api.this.execution_arn}/*/${each.value.permission_path}\""
    ));
    let stage = squash(resource_block(main, "aws_apigatewayv2_stage", "this"));
    for needle in [
        "name = \"$default\"",
        "auto_deploy = true",
        "destination_arn = aws_cloudwatch_log_group.access.arn",
        "format = jsonencode({",
        "throttling_rate_limit = var.throttling_rate_limit",
        "throttling_burst_limit = var.throttling_burst_limit",
    ] {
        assert!(stage.contains(needle), "{needle} in\n{stage}");
    }
    let logs = squash(resource_block(main, "aws_cloudwatch_log_group", "access"));
    assert!(logs.contains("kms_key_id = var.kms_key_arn"));
    assert!(logs.contains("retention_in_days = var.log_retention_days"));
    let api = squash(resource_block(main, "aws_apigatewayv2_api", "this"));
    assert!(api.contains("protocol_type = \"HTTP\""));
    assert!(api.contains("disable_execute_api_endpoint = local.https"));
    for alarm in ["fivexx", "latency"] {
        let a = squash(resource_block(main, "aws_cloudwatch_metric_alarm", alarm));
        assert!(a.contains("namespace = \"AWS/ApiGateway\""), "{a}");
        assert!(a.contains("alarm_actions = var.alarm_actions"), "{a}");
    }
}

#[test]
fn a_jwt_authorizer_carries_the_issuer_and_audiences() {
    let mut d = design();
    api(&mut d).auth = HttpApiAuth::Jwt(JwtAuth {
        issuer: "https://auth.example.com/".into(),
        audience: vec!["web".into(), "mobile".into()],
    });
    assert_eq!(errors(&d), Vec::<(String, String)>::new());
    let f = files(&d);
    let call = squash(module_block(
        &f["environments/web-api/eu-west-1/dev/main.tf"],
        "http_api",
    ));
    assert!(call.contains("authorization = \"JWT\""), "{call}");
    assert!(call.contains("jwt_issuer = \"https://auth.example.com/\""));
    assert!(call.contains("jwt_audience = [\"web\", \"mobile\"]"));
    let main = &f["modules/http-api/main.tf"];
    let authorizer = squash(resource_block(main, "aws_apigatewayv2_authorizer", "jwt"));
    assert!(authorizer.contains("authorizer_type = \"JWT\""));
    assert!(authorizer.contains("identity_sources = [\"$request.header.Authorization\"]"));
}

#[test]
fn the_tier_sets_the_throttling_and_its_domain_the_host_name() {
    let mut d = design();
    d.tiers[0].http_api.rate_limit = 50;
    d.tiers[0].http_api.burst_limit = 75;
    d.security.tiers.insert(
        "dev".into(),
        TierSecurity {
            domain: Some("dev.example.com".into()),
            route53_zone_id: Some("Z0123456789ABCDEFGHIJ".into()),
            ..TierSecurity::default()
        },
    );
    assert_eq!(errors(&d), Vec::<(String, String)>::new());
    let f = files(&d);
    let tfvars = squash(&f["environments/web-api/eu-west-1/dev/terraform.tfvars"]);
    assert!(tfvars.contains("http_api_rate_limit = 50"), "{tfvars}");
    assert!(tfvars.contains("http_api_burst_limit = 75"));
    // Its own host name beside the load balancer's `web-api.dev.example.com`.
    assert!(tfvars.contains("http_api_domain_name = \"web-api-api.dev.example.com\""));
    assert!(tfvars.contains("http_api_route53_zone_id = \"Z0123456789ABCDEFGHIJ\""));
    assert!(tfvars.contains("domain_name = \"web-api.dev.example.com\""));
    let main = &f["modules/http-api/main.tf"];
    let domain = squash(resource_block(main, "aws_apigatewayv2_domain_name", "this"));
    assert!(domain.contains("endpoint_type = \"REGIONAL\""), "{domain}");
    assert!(domain.contains("security_policy = \"TLS_1_2\""));
    assert!(domain.contains("certificate_arn = local.certificate_arn"));
    let mapping = squash(resource_block(main, "aws_apigatewayv2_api_mapping", "this"));
    assert!(mapping.contains("stage = aws_apigatewayv2_stage.this.id"));
    let alias = squash(resource_block(main, "aws_route53_record", "alias"));
    assert!(alias.contains("target_domain_name"), "{alias}");
}

#[test]
fn the_preset_serves_its_portal_with_jwt_and_fails_over_in_prod() {
    let f = files(&presets::saas_platform());
    let prod = squash(module_block(
        &f["environments/reports/us-east-1/prod/main.tf"],
        "http_api",
    ));
    assert!(prod.contains("authorization = \"JWT\""));
    assert!(prod.contains("dns_failover = \"PRIMARY\""));
    let dr = squash(module_block(
        &f["environments/reports/us-east-2/prod/main.tf"],
        "http_api",
    ));
    assert!(dr.contains("dns_failover = \"SECONDARY\""), "{dr}");
    let tfvars = squash(&f["environments/reports/us-east-1/prod/terraform.tfvars"]);
    assert!(tfvars.contains("http_api_domain_name = \"reports-api.app.acme-saas.example.com\""));
    assert!(tfvars.contains("http_api_rate_limit = 500"));
    let dev = squash(&f["environments/reports/us-east-1/dev/terraform.tfvars"]);
    assert!(dev.contains("http_api_domain_name = null"));
    for other in ["accounts", "billing", "media"] {
        let main = &f[&format!("environments/{other}/us-east-1/dev/main.tf")];
        assert!(!main.contains("module \"http_api\""), "{other}");
    }
}

#[test]
fn rules_point_at_the_route_function_and_authorizer_fields() {
    let check = |edit: fn(&mut Design), expected: &[(&str, &str)]| {
        let mut d = design();
        edit(&mut d);
        let got = errors(&d);
        for (path, words) in expected {
            assert!(
                got.iter().any(|(p, m)| p == path && m.contains(words)),
                "{path}: {words} in {got:?}"
            );
        }
        assert_eq!(got.len(), expected.len(), "{got:?}");
    };
    check(|_| {}, &[]);
    check(
        |d| api(d).routes[0].route = "FETCH /cards".into(),
        &[("/services/0/http_api/routes/0/route", "is not a route key")],
    );
    check(
        |d| api(d).routes[0].route = "GET cards".into(),
        &[("/services/0/http_api/routes/0/route", "starts with /")],
    );
    check(
        |d| api(d).routes[1].route = "ANY /{proxy+}/x".into(),
        &[("/services/0/http_api/routes/1/route", "last segment")],
    );
    check(
        |d| api(d).routes[2].route = "GET /cards/{id}".into(),
        &[("/services/0/http_api/routes/2/route", "defined twice")],
    );
    check(
        |d| api(d).routes[1].function = "nope".into(),
        &[(
            "/services/0/http_api/routes/1/function",
            "not one of the service's functions",
        )],
    );
    check(
        |d| api(d).routes.clear(),
        &[("/services/0/http_api/routes", "at least one route")],
    );
    check(
        |d| {
            api(d).auth = HttpApiAuth::Jwt(JwtAuth {
                issuer: "http://auth.example.com".into(),
                audience: vec![],
            })
        },
        &[
            ("/services/0/http_api/auth/jwt/issuer", "https://"),
            (
                "/services/0/http_api/auth/jwt/audience",
                "needs an audience",
            ),
        ],
    );
    check(
        |d| d.tiers[0].http_api.rate_limit = 0,
        &[("/tiers/0/http_api/rate_limit", "")],
    );
    check(
        |d| d.tiers[0].http_api.burst_limit = 5001,
        &[("/tiers/0/http_api/burst_limit", "")],
    );
    check(
        |d| {
            d.services[0].lambdas.clear();
            api(d).routes.truncate(1);
        },
        &[
            ("/services/0/http_api", "has none"),
            (
                "/services/0/http_api/routes/0/function",
                "not one of the service's functions",
            ),
        ],
    );
}

#[test]
fn the_designer_adds_routes_and_removing_a_function_removes_its_routes() {
    let mut d = presets::minimal();
    // No function yet: nothing to route to, and the designer is told so.
    assert!(!edit::can_add(&d, 0, Block(&kinds::HttpApi)));
    assert_eq!(
        edit::why_not_add(&d, 0, Block(&kinds::HttpApi)).as_deref(),
        Some("an HTTP API routes to the service's functions: add a Lambda function first")
    );
    assert_eq!(
        edit::add_block(&mut d, 0, Block(&kinds::Lambda)).as_deref(),
        Some("/lambdas/0/name")
    );
    assert!(edit::can_add(&d, 0, Block(&kinds::HttpApi)));
    assert_eq!(
        edit::add_block(&mut d, 0, Block(&kinds::HttpApi)).as_deref(),
        Some("/http_api/auth")
    );
    assert!(!edit::can_add(&d, 0, Block(&kinds::HttpApi)));
    assert_eq!(
        edit::why_not_add(&d, 0, Block(&kinds::HttpApi)),
        Some(format!(
            "service \"{}\" already has an HTTP API",
            d.services[0].name
        ))
    );
    let function = d.services[0].lambdas[0].name.clone();
    assert_eq!(api(&mut d).routes, [route("GET /", &function)]);
    assert_eq!(edit::add_http_route(&mut d, 0), Some(1));
    assert_eq!(edit::add_http_route(&mut d, 0), Some(2));
    let keys: Vec<String> = api(&mut d).routes.iter().map(|r| r.route.clone()).collect();
    assert_eq!(keys, ["GET /", "GET /items", "GET /items-2"]);
    assert_eq!(errors(&d), Vec::<(String, String)>::new());
    edit::rename_lambda(&mut d, 0, 0, "cards");
    assert!(api(&mut d).routes.iter().all(|r| r.function == "cards"));
    edit::remove_http_route(&mut d, 0, 1);
    assert_eq!(api(&mut d).routes.len(), 2);
    edit::remove_lambda(&mut d, 0, 0);
    assert!(api(&mut d).routes.is_empty());
    assert_eq!(
        edit::block_at("/http_api/routes/0/route"),
        Some((Block(&kinds::HttpApi), 0))
    );
    edit::remove_block(&mut d, 0, Block(&kinds::HttpApi), 0);
    assert!(d.services[0].http_api.is_none());
}

#[test]
fn http_apis_round_trip_through_files_and_links_and_stay_out_when_absent() {
    let mut d = design();
    api(&mut d).auth = HttpApiAuth::Jwt(JwtAuth {
        issuer: "https://auth.example.com".into(),
        audience: vec!["web".into()],
    });
    d.tiers[0].http_api.rate_limit = 7;
    let json = d.to_json();
    assert!(json.contains("\"route\": \"GET /cards/{id}\""), "{json}");
    assert!(json.contains("\"jwt\": {"), "{json}");
    assert!(json.contains("\"rate_limit\": 7"), "{json}");
    assert_eq!(Design::from_json(&json).unwrap(), d);
    assert_eq!(link::decode(&link::encode(&d).unwrap()).unwrap(), d);
    api(&mut d).auth = HttpApiAuth::Iam;
    assert!(d.to_json().contains("\"auth\": \"iam\""));
    for name in ["sports-cards", "minimal"] {
        let json = presets::get(name).unwrap().to_json();
        assert!(!json.contains("\"http_api\""), "{name}");
    }
}

#[test]
fn the_estimate_names_the_missing_request_price() {
    let d = design();
    let estimate = cost::estimate(
        &d,
        &Plan::build(&d),
        cost::PriceTable::embedded(),
        &Default::default(),
    );
    let root = |service: &str| {
        estimate
            .roots
            .iter()
            .find(|r| r.service == service)
            .expect("a root")
    };
    let line = root("web-api")
        .items
        .iter()
        .find(|i| i.key == "apigateway:http-api-requests")
        .expect("an HTTP API line");
    assert!(line.monthly.is_none(), "never a made-up price");
    assert!(root("billing")
        .items
        .iter()
        .all(|i| !i.key.starts_with("apigateway:")));
}

#[test]
fn the_docs_draw_and_list_the_http_api() {
    let f = files(&design());
    assert!(f["ARCHITECTURE.md"].contains("- HTTP API (3 routes, IAM)\n"));
    assert!(f["ARCHITECTURE.md"].contains("| HTTP APIs of the services:"));
    let diagram = &f["DIAGRAM.md"];
    assert!(diagram.contains("httpapi[\"HTTP API (IAM)\"]"), "{diagram}");
    assert!(
        diagram.contains("httpapi -->|\"GET /cards/{id}, POST /cards\"| fn_cards"),
        "{diagram}"
    );
    let readme = &f["environments/web-api/eu-west-1/dev/README.md"];
    assert!(
        readme.contains("HTTP API route `GET /cards/{id}` → Lambda `cards` (IAM)"),
        "{readme}"
    );
    let drawing = tfdesign_core::kinds::diagram(&d_service(), false);
    assert!(drawing.shapes.iter().any(|s| matches!(
        s,
        tfdesign_core::kinds::Shape::Node {
            class: "httpapi",
            ..
        }
    )));
}

fn d_service() -> tfdesign_core::design::Service {
    design().services[0].clone()
}
