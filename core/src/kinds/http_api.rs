//! The service's HTTP API (API Gateway v2) in front of its Lambda functions: whether a service
//! has it, its design rules (route keys, functions, authorizer), and what it adds to its
//! deployment roots (module call, root variables, outputs), the docs and the designer.

use super::describe::{Chip, Layout, Shape, Tint, BW, COL, ROW, ROW0};
use super::{Build, Kind, ModuleName, Name, Number, Root, Wiring};
use crate::catalog;
use crate::cost::lines as cost;
use crate::design::{Design, HttpApiAuth, Service, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{key, topic, var, Output, RootVar, UP};
use crate::markdown::code;
use crate::plan::naming;
use std::collections::BTreeSet;

/// A service's HTTP API, `http-api`: the API's name (the root's name).
pub const HTTP_API: naming::Composed = naming::Composed {
    what: "API Gateway API name",
    prefix: "",
    suffix: "",
    max: 128,
};

/// The access log group of a service's HTTP API.
pub const HTTP_API_LOG_GROUP: naming::Composed = naming::Composed {
    what: "log group name",
    prefix: "/aws/apigateway/",
    suffix: "/access",
    max: 512,
};

/// The JWT authorizer of a service's HTTP API.
pub const HTTP_API_AUTHORIZER: naming::Composed = naming::Composed {
    what: "API Gateway authorizer name",
    prefix: "",
    suffix: "-jwt",
    max: 128,
};

/// The alarm on a service's HTTP API's 5xx answers.
pub const HTTP_API_5XX_ALARM: naming::Composed = naming::Composed {
    what: "CloudWatch alarm name",
    prefix: "",
    suffix: "-http-api-5xx",
    max: 255,
};

/// The alarm on a service's HTTP API's latency.
pub const HTTP_API_LATENCY_ALARM: naming::Composed = naming::Composed {
    what: "CloudWatch alarm name",
    prefix: "",
    suffix: "-http-api-latency",
    max: 255,
};

/// The first label of a service's HTTP API host name, after the service's name:
/// `<service>-api.<domain>` (the load-balanced API has `<service>.<domain>`).
pub const HTTP_API_HOST_SUFFIX: &str = "-api";

/// The service's HTTP API.
pub struct HttpApi;

/// A route key taken apart: `METHOD /path`, or API Gateway's `$default` (every request no
/// other route matches).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteKey<'a> {
    /// `$default`.
    Default,
    /// A method (or `ANY`) and a path.
    Route { method: &'a str, path: &'a str },
}

/// Reads route key `route`, or says what is wrong with it.
pub fn parse_route(route: &str) -> Result<RouteKey<'_>, String> {
    if route == "$default" {
        return Ok(RouteKey::Default);
    }
    let Some((method, path)) = route.split_once(' ') else {
        return Err("a route is \"METHOD /path\" (one space between them) or $default".into());
    };
    if !catalog::HTTP_API_METHODS.contains(&method) {
        return Err(format!(
            "\"{}\" is not a method: use one of {}",
            method.escape_debug(),
            catalog::HTTP_API_METHODS.join(", ")
        ));
    }
    if !path.starts_with('/') {
        return Err("the path starts with /".into());
    }
    if path.len() > 1 && path.ends_with('/') {
        return Err("the path does not end with / (except the root path /)".into());
    }
    let segments: Vec<&str> = if path == "/" {
        Vec::new()
    } else {
        path[1..].split('/').collect()
    };
    let mut params = BTreeSet::new();
    for (i, seg) in segments.iter().enumerate() {
        if seg.is_empty() {
            return Err("the path has an empty segment (//)".into());
        }
        if let Some(inner) = seg.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(n) => (n, true),
                None => (inner, false),
            };
            if greedy && i + 1 != segments.len() {
                return Err(format!("{{{inner}}} (greedy) can only be the last segment"));
            }
            let ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !ok {
                return Err(format!(
                    "\"{}\" is not a path parameter: {{name}} or {{name+}} with letters, digits, _ and -",
                    seg.escape_debug()
                ));
            }
            if !params.insert(name) {
                return Err(format!("the parameter {{{name}}} appears twice"));
            }
        } else if !seg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        {
            return Err(format!(
                "\"{}\" is not a path segment: letters, digits and - . _ ~, or a {{parameter}}",
                seg.escape_debug()
            ));
        }
    }
    Ok(RouteKey::Route { method, path })
}

/// What a route's invoke permission allows after `<execution ARN>/*/` (any stage):
/// `<METHOD><path>` (`*` for `ANY`), or `$default`.
pub fn permission_path(route: &RouteKey) -> String {
    match route {
        RouteKey::Default => "$default".into(),
        RouteKey::Route { method, path } => {
            let method = if *method == "ANY" { "*" } else { method };
            format!("{method}{path}")
        }
    }
}

/// The host name of the HTTP API of `service` in a tier with `domain`.
pub fn host_name(service: &str, domain: &str) -> String {
    format!("{service}{}.{domain}", HTTP_API_HOST_SUFFIX)
}

/// Alarms per HTTP API (`http-api`: 5xx, latency).
const HTTP_API_ALARMS: u64 = 2;

impl Kind for HttpApi {
    fn present(&self, service: &Service) -> bool {
        service.http_api.is_some()
    }

    fn field(&self) -> &'static str {
        "http_api"
    }

    fn label(&self) -> &'static str {
        "HTTP API"
    }

    fn a(&self) -> &'static str {
        "an HTTP API"
    }

    fn single(&self) -> bool {
        true
    }

    /// An HTTP API routes to the service's functions: there must be one.
    fn add_refused(&self, service: &Service) -> Option<&'static str> {
        (!super::Lambda.present(service))
            .then_some("an HTTP API routes to the service's functions: add a Lambda function first")
    }

    fn first_field(&self, _number: usize) -> String {
        "/http_api/auth".to_owned()
    }

    /// IAM-authorized, routing `GET /` to the service's first function.
    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        let service = design.services.get_mut(index)?;
        let routes = service.lambdas.first().map(|l| crate::design::HttpRoute {
            route: "GET /".into(),
            function: l.name.clone(),
        });
        service.http_api = Some(crate::design::HttpApi {
            routes: routes.into_iter().collect(),
            auth: HttpApiAuth::Iam,
        });
        Some(0)
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = super::single_mut(design, index, number) {
            service.http_api = None;
        }
    }

    fn what(&self, service: &Service, _number: usize) -> Option<String> {
        service.http_api.as_ref()?;
        Some("the HTTP API".to_owned())
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 211,
            saturation: 72,
        }
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::HttpApi]
    }

    /// Routes only reach the service's functions: the API is no component of its own.
    fn standalone(&self) -> bool {
        false
    }

    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    /// With a tier's domain, `<service>-api.<domain>` fits DNS's 253 characters.
    fn design_rules(&self, design: &Design, base: &str, service: &Service) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (tier, sec) in &design.security.tiers {
            let Some(domain) = &sec.domain else { continue };
            let host = host_name(&service.name, domain);
            if host.len() > 253 {
                out.push(
                    Diagnostic::error(
                        format!("{base}/http_api"),
                        format!(
                            "The HTTP API's host name in tier \"{tier}\" ({} characters) is longer than DNS allows (253)",
                            host.len()
                        ),
                    )
                    .with_hint("shorten the service's name or the tier's domain"),
                );
            }
        }
        out
    }

    /// The tier's throttling, which only HTTP APIs read.
    fn tier_numbers(&self, base: &str, tier: &Tier) -> Vec<Number> {
        let p = format!("{base}/http_api");
        vec![
            (
                format!("{p}/rate_limit"),
                "TierHttpApi",
                "rate_limit",
                tier.http_api.rate_limit,
            ),
            (
                format!("{p}/burst_limit"),
                "TierHttpApi",
                "burst_limit",
                tier.http_api.burst_limit,
            ),
        ]
    }

    /// The API's name, its access log group, authorizer and alarms.
    fn names(&self, service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let mut names = vec![
            Name::new("http_api", HTTP_API, root),
            Name::new("http_api", HTTP_API_LOG_GROUP, root),
            Name::new("http_api", HTTP_API_5XX_ALARM, root),
            Name::new("http_api", HTTP_API_LATENCY_ALARM, root),
        ];
        if matches!(
            service.http_api.as_ref().map(|a| &a.auth),
            Some(HttpApiAuth::Jwt(_))
        ) {
            names.push(Name::new("http_api", HTTP_API_AUTHORIZER, root));
        }
        names
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        let api = service.http_api.as_ref()?;
        Some(Chip {
            class: "httpapi",
            tint: self.tint(),
            label: format!("HTTP API×{}", api.routes.len()),
        })
    }

    /// One box in the second column, below the worker, with an arrow to each function a route
    /// invokes.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let s = layout.service;
        let Some(api) = &s.http_api else {
            return Vec::new();
        };
        let y = layout.http_api_y();
        let mut out = vec![Layout::node(
            COL[1],
            y,
            BW,
            "httpapi",
            format!("HTTP API ({})", auth_label(&api.auth)),
            "/http_api/auth".into(),
        )];
        let targets: BTreeSet<usize> = api
            .routes
            .iter()
            .filter_map(|r| s.lambdas.iter().position(|l| l.name == r.function))
            .collect();
        for i in targets {
            out.push(Layout::edge(
                (COL[1] + BW, y + 20),
                (COL[2], layout.function_y(i) + 20),
            ));
        }
        out
    }
}

impl Build for HttpApi {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        if !self.present(root.service) {
            return;
        }
        // The price data has no API Gateway rows: the estimate names the requests it lacks.
        l.missing(
            cost::Kind::Usage,
            "HTTP API requests",
            "module.http_api.aws_apigatewayv2_api.this",
            "apigateway:http-api-requests",
            "request",
            "API Gateway HTTP API requests (no price in the table)",
        );
        l.count_alarms(HTTP_API_ALARMS, "5xx and latency of the HTTP API");
        l.count_log_groups(1, "the HTTP API's access logs");
    }
    fn cost_rank(&self) -> u8 {
        1
    }
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk> {
        let Some(api) = &root.service.http_api else {
            return Vec::new();
        };
        // Each function a route invokes, once, in the order the routes first name them.
        let mut seen = BTreeSet::new();
        let functions = api
            .routes
            .iter()
            .filter(|r| seen.insert(r.function.as_str()))
            .map(|r| {
                let f = |attr| super::lambda::attr(&r.function, attr);
                (
                    r.function.clone(),
                    obj([
                        ("name", f("function_name")),
                        ("invoke_arn", f("invoke_arn")),
                    ]),
                )
            });
        let routes = api.routes.iter().filter_map(|r| {
            let key = parse_route(&r.route).ok()?;
            Some((
                r.route.clone(),
                obj([
                    ("function", s(r.function.as_str())),
                    ("permission_path", s(permission_path(&key))),
                ]),
            ))
        });
        let call = blk("module", &["http_api"])
            .a("source", s(format!("{UP}/modules/http-api")))
            .a("name", r("local.name"))
            .a("functions", obj(functions))
            .a("routes", obj(routes));
        let call = match &api.auth {
            HttpApiAuth::Iam => call.a("authorization", s("AWS_IAM")),
            HttpApiAuth::Jwt(jwt) => call
                .a("authorization", s("JWT"))
                .a("jwt_issuer", s(jwt.issuer.as_str()))
                .a("jwt_audience", strs(&jwt.audience)),
        };
        vec![call
            .a("throttling_rate_limit", r("var.http_api_rate_limit"))
            .a("throttling_burst_limit", r("var.http_api_burst_limit"))
            .a("log_retention_days", r("var.log_retention_days"))
            .a("kms_key_arn", key())
            .a("domain_name", r("var.http_api_domain_name"))
            .a("certificate_arn", r("var.http_api_certificate_arn"))
            .a("route53_zone_id", r("var.http_api_route53_zone_id"))
            .opt("dns_failover", wiring.dns_failover.map(s))
            .a("alarm_actions", topic())]
    }
    /// The tier's throttling and front door (host name, certificate, zone).
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        let t = &root.tier.http_api;
        let sec = root.tier_security;
        let opt = |v: Option<String>| v.map(s).unwrap_or_else(null);
        vec![
            var(
                "http_api_rate_limit",
                ty::number(),
                "Requests a second each route of the HTTP API accepts on average.",
                n(t.rate_limit.into()),
            ),
            var(
                "http_api_burst_limit",
                ty::number(),
                "Requests each route of the HTTP API accepts at once above the rate.",
                n(t.burst_limit.into()),
            ),
            var(
                "http_api_domain_name",
                ty::string(),
                "Host name of the HTTP API (a custom domain, the execute-api endpoint then off); null keeps the execute-api endpoint.",
                opt(sec
                    .domain
                    .as_ref()
                    .map(|d| host_name(&root.service.name, d))),
            ),
            var(
                "http_api_certificate_arn",
                ty::string(),
                "Existing ACM certificate covering the HTTP API's host name; null requests one.",
                opt(sec.certificate_arn.clone()),
            ),
            var(
                "http_api_route53_zone_id",
                ty::string(),
                "Route 53 zone of the domain: certificate validation and alias records of the HTTP API; null needs http_api_certificate_arn.",
                opt(sec.route53_zone_id.clone()),
            ),
        ]
    }
    fn outputs(&self, _root: &Root) -> Vec<Output> {
        vec![Output {
            name: "http_api_endpoint".into(),
            description: "Base URL of the HTTP API (https://<service>-api.<domain> with a domain, else its execute-api URL).".into(),
            value: r("module.http_api.endpoint"),
        }]
    }
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        let Some(api) = &root.service.http_api else {
            return Vec::new();
        };
        api.routes
            .iter()
            .map(|r| {
                format!(
                    "HTTP API route {} → Lambda {} ({})",
                    code(&r.route),
                    code(&r.function),
                    auth_label(&api.auth)
                )
            })
            .collect()
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let api = service.http_api.iter();
        api.map(|a| {
            format!(
                "HTTP API ({} routes, {})",
                a.routes.len(),
                auth_label(&a.auth)
            )
        })
        .collect()
    }
    /// The API node and an arrow to each function a route invokes, labelled with its routes.
    fn mermaid(&self, service: &Service) -> Vec<String> {
        let Some(api) = &service.http_api else {
            return Vec::new();
        };
        let mut lines = vec![format!(
            "  httpapi[\"HTTP API ({})\"]",
            auth_label(&api.auth)
        )];
        let mut seen = BTreeSet::new();
        for r in &api.routes {
            if seen.insert(r.function.as_str()) {
                let node = super::bucket::mermaid_id(&["fn", &r.function]);
                lines.push(format!(
                    "  httpapi -->|\"{}\"| {node}",
                    mermaid_label(&api.routes, &r.function)
                ));
            }
        }
        lines
    }
    fn security_row(&self) -> Option<&'static str> {
        Some(
            "| HTTP APIs of the services: every route authorized (AWS IAM or a JWT authorizer), \
throttled per route, access logs as JSON in a log group encrypted with the deployment key, each \
function's invoke permission scoped to the API and its route's method and path; with the tier's \
domain a regional custom domain with TLS 1.2 and the `execute-api` endpoint off | Only signed or \
token-bearing callers reach the functions, each route only its own function, and every request \
is on record | `modules/http-api`; `services[].http_api.auth`, `tiers[].http_api` |\n",
        )
    }
    fn key_encrypts(&self) -> Option<&'static str> {
        Some("the HTTP APIs' access logs")
    }
}

/// The routes to `function` as a quoted Mermaid edge label: their keys with only characters
/// it may hold (no quote, no pipe).
fn mermaid_label(routes: &[crate::design::HttpRoute], function: &str) -> String {
    let keys: Vec<String> = routes
        .iter()
        .filter(|r| r.function == function)
        .map(|r| {
            r.route
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || " /+-_.${}".contains(c) {
                        c
                    } else {
                        ' '
                    }
                })
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect();
    keys.join(", ")
}

/// How callers authenticate, in prose.
fn auth_label(auth: &HttpApiAuth) -> &'static str {
    match auth {
        HttpApiAuth::Iam => "IAM",
        HttpApiAuth::Jwt(_) => "JWT",
    }
}

/// The HTTP API's design rules on `svc` (JSON Pointer `base`).
fn rules(base: &str, svc: &Service) -> Vec<Diagnostic> {
    let Some(api) = &svc.http_api else {
        return Vec::new();
    };
    let at = format!("{base}/http_api");
    let mut out = Vec::new();
    if svc.lambdas.is_empty() {
        out.push(
            Diagnostic::error(
                &at,
                "an HTTP API routes to the service's Lambda functions, and the service has none",
            )
            .with_hint("add a function, or remove the HTTP API"),
        );
    }
    if api.routes.is_empty() {
        out.push(
            Diagnostic::error(
                format!("{at}/routes"),
                "an HTTP API needs at least one route",
            )
            .with_hint("add a route such as GET / to one of the service's functions"),
        );
    }
    if api.routes.len() > catalog::HTTP_API_MAX_ROUTES {
        out.push(Diagnostic::error(
            format!("{at}/routes"),
            format!(
                "an HTTP API has at most {} routes here",
                catalog::HTTP_API_MAX_ROUTES
            ),
        ));
    }
    let mut keys = BTreeSet::new();
    for (i, route) in api.routes.iter().enumerate() {
        let rb = format!("{at}/routes/{i}");
        match parse_route(&route.route) {
            Err(why) => out.push(
                Diagnostic::error(
                    format!("{rb}/route"),
                    format!(
                        "\"{}\" is not a route key: {why}",
                        crate::validate_text::shown(&route.route)
                    ),
                )
                .with_hint("e.g. GET /cards/{id}, POST /cards, ANY /admin/{proxy+} or $default"),
            ),
            Ok(_) => {
                if !keys.insert(route.route.as_str()) {
                    out.push(Diagnostic::error(
                        format!("{rb}/route"),
                        format!("the route \"{}\" is defined twice", route.route),
                    ));
                }
            }
        }
        if !svc.lambdas.iter().any(|l| l.name == route.function) {
            out.push(
                Diagnostic::error(
                    format!("{rb}/function"),
                    format!(
                        "\"{}\" is not one of the service's functions",
                        crate::validate_text::shown(&route.function)
                    ),
                )
                .with_hint(if svc.lambdas.is_empty() {
                    "add a function to the service".to_string()
                } else {
                    let names: Vec<&str> = svc.lambdas.iter().map(|l| l.name.as_str()).collect();
                    format!("choose one of {}", names.join(", "))
                }),
            );
        }
    }
    if let HttpApiAuth::Jwt(jwt) = &api.auth {
        let jb = format!("{at}/auth/jwt");
        if !is_https_url(&jwt.issuer) {
            out.push(
                Diagnostic::error(
                    format!("{jb}/issuer"),
                    format!(
                        "\"{}\" is not an https:// URL",
                        crate::validate_text::shown(&jwt.issuer)
                    ),
                )
                .with_hint("e.g. https://cognito-idp.us-east-1.amazonaws.com/<user pool id>"),
            );
        }
        if jwt.audience.is_empty() {
            out.push(
                Diagnostic::error(
                    format!("{jb}/audience"),
                    "a JWT authorizer needs an audience",
                )
                .with_hint("the aud claim its tokens carry (a Cognito app client id)"),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, a) in jwt.audience.iter().enumerate() {
            let ok = !a.is_empty() && !a.chars().any(char::is_whitespace);
            if !ok {
                out.push(Diagnostic::error(
                    format!("{jb}/audience/{i}"),
                    "an audience is a non-empty value without spaces",
                ));
            } else if !seen.insert(a.as_str()) {
                out.push(Diagnostic::error(
                    format!("{jb}/audience/{i}"),
                    format!("the audience \"{}\" is listed twice", a.escape_debug()),
                ));
            }
        }
    }
    out
}

/// Whether `url` is `https://<host>[/<path>]` with a plausible host and no spaces.
fn is_https_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl Layout<'_> {
    /// The top of the HTTP API's box: in the second column, below the worker if any.
    pub(crate) fn http_api_y(&self) -> i32 {
        if super::Worker.present(self.service) {
            ROW0 + ROW
        } else {
            ROW0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_keys() {
        for ok in [
            "GET /",
            "GET /cards/{id}",
            "POST /cards",
            "ANY /admin/{proxy+}",
            "DELETE /a/{b}/c-d.e_f~g",
            "$default",
        ] {
            assert!(parse_route(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "GET",
            "get /x",
            "FETCH /x",
            "GET x",
            "GET /x/",
            "GET //x",
            "GET /{proxy+}/x",
            "GET /{}",
            "GET /{a}/{a}",
            "GET /a b",
            "GET  /x",
            "$DEFAULT",
            "GET /x?y",
        ] {
            assert!(parse_route(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn permission_paths_follow_the_route() {
        let p = |r| permission_path(&parse_route(r).unwrap());
        assert_eq!(p("GET /cards/{id}"), "GET/cards/{id}");
        assert_eq!(p("ANY /admin/{proxy+}"), "*/admin/{proxy+}");
        assert_eq!(p("POST /"), "POST/");
        assert_eq!(p("$default"), "$default");
    }

    #[test]
    fn issuers() {
        assert!(is_https_url(
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"
        ));
        assert!(is_https_url("https://auth.example.com"));
        for bad in [
            "http://auth.example.com",
            "https://",
            "https://localhost",
            "https://a b.com",
            "auth.example.com",
        ] {
            assert!(!is_https_url(bad), "{bad}");
        }
    }
}
