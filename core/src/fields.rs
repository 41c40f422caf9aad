//! Typed fields of a design: each one carries its JSON Pointer together with the getter and
//! setter of the value there, made in one place so the three cannot disagree.
//!
//! A [`Place`] is a part of the design that holds fields (a service, its API, queue 2 of
//! service 0, a tier's security settings…): its pointer and how to reach it. The [`field!`]
//! macro takes a place and a path of Rust field names and makes the [`Field`] at that path: the
//! pointer's segments *are* the names the accessors use, so a typo does not compile instead of
//! routing a diagnostic to the wrong control. Fields whose setter is an edit of the whole design
//! (a rename that carries its references along) or whose serde name differs from the Rust one
//! are named constructors here, each checked by `core/tests/fields.rs` (setting it changes the
//! design's JSON at exactly its pointer).
//!
//! ```
//! use tfdesign_core::{field, fields, presets};
//! let design = presets::sports_cards();
//! let cpu = field!(fields::api(0), cpu);
//! assert_eq!(cpu.pointer(), "/services/0/api/cpu");
//! assert_eq!(cpu.get(&design), design.services[0].api.as_ref().map(|a| a.cpu));
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::design::*;
use crate::diagnostic::pointer;
use crate::edit;

type Read<T> = Arc<dyn Fn(&Design) -> Option<T> + Send + Sync>;
type Write<T> = Arc<dyn Fn(&mut Design, T) + Send + Sync>;
type Borrow<S> = Arc<dyn for<'a> Fn(&'a Design) -> Option<Cow<'a, S>> + Send + Sync>;
type Update<S> = Arc<dyn Fn(&mut Design, &mut dyn FnMut(&mut S)) + Send + Sync>;

/// One field of a design: its JSON Pointer (where the design rules report its diagnostics),
/// how to read its value (`None` when its owner is gone) and how to write it.
pub struct Field<T> {
    pointer: String,
    read: Read<T>,
    write: Write<T>,
}

impl<T> Clone for Field<T> {
    fn clone(&self) -> Self {
        Field {
            pointer: self.pointer.clone(),
            read: self.read.clone(),
            write: self.write.clone(),
        }
    }
}

impl<T: 'static> Field<T> {
    /// The JSON Pointer of the field in the design (`/services/3/api/cpu`).
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The field's value in `design`, `None` when its owner is not there.
    pub fn get(&self, design: &Design) -> Option<T> {
        (self.read)(design)
    }

    /// Writes `value` into `design` (nothing when the owner is not there).
    pub fn set(&self, design: &mut Design, value: T) {
        (self.write)(design, value)
    }

    /// The same field seen as another type (an enum as its name, an optional text as a text
    /// that is empty for none); the pointer stays.
    pub fn map<U: 'static>(
        self,
        to: impl Fn(T) -> U + Send + Sync + 'static,
        from: impl Fn(U) -> T + Send + Sync + 'static,
    ) -> Field<U> {
        let (read, write) = (self.read, self.write);
        Field {
            pointer: self.pointer,
            read: Arc::new(move |d| read(d).map(&to)),
            write: Arc::new(move |d, v| write(d, from(v))),
        }
    }

    /// The same field, written by `write`, an edit of the whole design (a rename that keeps
    /// the references to the name).
    fn edits_design(self, write: impl Fn(&mut Design, T) + Send + Sync + 'static) -> Self {
        Field {
            write: Arc::new(write),
            ..self
        }
    }

    /// A field of the design read and written by closures.
    fn of_design(
        pointer: String,
        read: impl Fn(&Design) -> Option<T> + Send + Sync + 'static,
        write: impl Fn(&mut Design, T) + Send + Sync + 'static,
    ) -> Self {
        Field {
            pointer,
            read: Arc::new(read),
            write: Arc::new(write),
        }
    }
}

/// A part of the design that holds fields: its JSON Pointer and how to reach it.
pub struct Place<S: Clone> {
    pointer: String,
    borrow: Borrow<S>,
    update: Update<S>,
}

impl<S: Clone + Send + Sync + 'static> Place<S> {
    /// The JSON Pointer of the place (`/services/3/api`).
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The field at `path` below the place (what [`field!`] makes: `path` is the Rust path).
    #[doc(hidden)]
    pub fn leaf<T: 'static>(
        &self,
        path: &str,
        get: impl Fn(&S) -> T + Send + Sync + 'static,
        set: impl Fn(&mut S, T) + Send + Sync + 'static,
    ) -> Field<T> {
        let (borrow, update) = (self.borrow.clone(), self.update.clone());
        let set = Arc::new(set);
        Field {
            pointer: format!("{}{path}", self.pointer),
            read: Arc::new(move |d| borrow(d).map(|s| get(&s))),
            write: Arc::new(move |d, v| {
                let mut v = Some(v);
                let set = set.clone();
                update(d, &mut |s| {
                    if let Some(v) = v.take() {
                        set(s, v)
                    }
                })
            }),
        }
    }

    /// The place at `segment` below this one, reached by `get` and `get_mut`.
    fn child<C: Clone + Send + Sync + 'static>(
        self,
        segment: &str,
        get: impl for<'a> Fn(&'a S) -> Option<&'a C> + Send + Sync + 'static,
        get_mut: impl for<'a> Fn(&'a mut S) -> Option<&'a mut C> + Send + Sync + 'static,
    ) -> Place<C> {
        let (borrow, update) = (self.borrow, self.update);
        Place {
            pointer: format!("{}/{segment}", self.pointer),
            borrow: Arc::new(move |d| {
                Some(match borrow(d)? {
                    Cow::Borrowed(s) => Cow::Borrowed(get(s)?),
                    Cow::Owned(s) => Cow::Owned(get(&s)?.clone()),
                })
            }),
            update: Arc::new(move |d, f| {
                update(d, &mut |s| {
                    if let Some(c) = get_mut(s) {
                        f(c)
                    }
                })
            }),
        }
    }
}

/// The field at a path of Rust field names below a [`Place`]: `field!(fields::tier(0),
/// compute.asg_min)` is `/tiers/0/compute/asg_min`, read and written through
/// `tier.compute.asg_min`. The value is cloned out.
#[macro_export]
macro_rules! field {
    ($place:expr, $($name:ident).+) => {
        $place.leaf(
            concat!($("/", stringify!($name)),+),
            |x| ::std::clone::Clone::clone(&x.$($name).+),
            |x, v| x.$($name).+ = v,
        )
    };
}

/// The whole design.
pub fn design() -> Place<Design> {
    Place {
        pointer: String::new(),
        borrow: Arc::new(|d| Some(Cow::Borrowed(d))),
        update: Arc::new(|d, f| f(d)),
    }
}

/// Item `i` of a list of the design.
fn item<T: Clone + Send + Sync + 'static>(
    list: &str,
    i: usize,
    get: fn(&Design) -> &Vec<T>,
    get_mut: fn(&mut Design) -> &mut Vec<T>,
) -> Place<T> {
    design().child(
        &format!("{list}/{i}"),
        move |d| get(d).get(i),
        move |d| get_mut(d).get_mut(i),
    )
}

/// Item `j` of a list of service `i`.
fn service_item<T: Clone + Send + Sync + 'static>(
    i: usize,
    list: &str,
    j: usize,
    get: fn(&Service) -> &Vec<T>,
    get_mut: fn(&mut Service) -> &mut Vec<T>,
) -> Place<T> {
    service(i).child(
        &format!("{list}/{j}"),
        move |s| get(s).get(j),
        move |s| get_mut(s).get_mut(j),
    )
}

/// Service `i`.
pub fn service(i: usize) -> Place<Service> {
    item("services", i, |d| &d.services, |d| &mut d.services)
}

/// The API of service `i`.
pub fn api(i: usize) -> Place<Container> {
    service(i).child("api", |s| s.api.as_ref(), |s| s.api.as_mut())
}

/// The worker of service `i`.
pub fn worker(i: usize) -> Place<Worker> {
    service(i).child("worker", |s| s.worker.as_ref(), |s| s.worker.as_mut())
}

/// The database of service `i`.
pub fn database(i: usize) -> Place<Database> {
    service(i).child("database", |s| s.database.as_ref(), |s| s.database.as_mut())
}

/// The cache of service `i`.
pub fn cache(i: usize) -> Place<Cache> {
    service(i).child("cache", |s| s.cache.as_ref(), |s| s.cache.as_mut())
}

/// Lambda function `j` of service `i`.
pub fn lambda(i: usize, j: usize) -> Place<LambdaFunction> {
    service_item(i, "lambdas", j, |s| &s.lambdas, |s| &mut s.lambdas)
}

/// Queue `j` of service `i`.
pub fn queue(i: usize, j: usize) -> Place<Queue> {
    service_item(i, "queues", j, |s| &s.queues, |s| &mut s.queues)
}

/// Schedule `j` of service `i`.
pub fn schedule(i: usize, j: usize) -> Place<Schedule> {
    service_item(i, "schedules", j, |s| &s.schedules, |s| &mut s.schedules)
}

/// Bucket `j` of service `i`.
pub fn bucket(i: usize, j: usize) -> Place<Bucket> {
    service_item(i, "buckets", j, |s| &s.buckets, |s| &mut s.buckets)
}

/// Table `j` of service `i`.
pub fn table(i: usize, j: usize) -> Place<Table> {
    service_item(i, "tables", j, |s| &s.tables, |s| &mut s.tables)
}

/// The static frontend of service `i`.
pub fn frontend(i: usize) -> Place<Frontend> {
    service(i).child("frontend", |s| s.frontend.as_ref(), |s| s.frontend.as_mut())
}

/// The HTTP API of service `i`.
pub fn http_api(i: usize) -> Place<HttpApi> {
    service(i).child("http_api", |s| s.http_api.as_ref(), |s| s.http_api.as_mut())
}

/// Route `j` of service `i`'s HTTP API.
pub fn http_route(i: usize, j: usize) -> Place<HttpRoute> {
    http_api(i).child(
        &format!("routes/{j}"),
        move |a| a.routes.get(j),
        move |a| a.routes.get_mut(j),
    )
}

/// The JWT authorizer of service `i`'s HTTP API (`…/http_api/auth/jwt`; not there while the
/// API is IAM-authorized).
pub fn jwt(i: usize) -> Place<JwtAuth> {
    fn jwt(auth: &HttpApiAuth) -> Option<&JwtAuth> {
        match auth {
            HttpApiAuth::Jwt(j) => Some(j),
            HttpApiAuth::Iam => None,
        }
    }
    fn jwt_mut(auth: &mut HttpApiAuth) -> Option<&mut JwtAuth> {
        match auth {
            HttpApiAuth::Jwt(j) => Some(j),
            HttpApiAuth::Iam => None,
        }
    }
    http_api(i).child("auth/jwt", |a| jwt(&a.auth), |a| jwt_mut(&mut a.auth))
}

/// Topic `j` of service `i`.
pub fn topic(i: usize, j: usize) -> Place<Topic> {
    service_item(i, "topics", j, |s| &s.topics, |s| &mut s.topics)
}

/// Subscription `k` of queue `j` of service `i` to a topic of another service.
pub fn subscription(i: usize, j: usize, k: usize) -> Place<Subscription> {
    queue(i, j).child(
        &format!("subscribe/{k}"),
        move |q| q.subscribe.get(k),
        move |q| q.subscribe.get_mut(k),
    )
}

/// Tier `i`.
pub fn tier(i: usize) -> Place<Tier> {
    item("tiers", i, |d| &d.tiers, |d| &mut d.tiers)
}

/// Region `i`.
pub fn region(i: usize) -> Place<Region> {
    item("regions", i, |d| &d.regions, |d| &mut d.regions)
}

/// IAM group `j`.
pub fn iam_group(j: usize) -> Place<IamGroup> {
    design().child(
        &format!("iam/groups/{j}"),
        move |d| d.iam.groups.get(j),
        move |d| d.iam.groups.get_mut(j),
    )
}

/// IAM user `j`.
pub fn iam_user(j: usize) -> Place<IamUser> {
    design().child(
        &format!("iam/users/{j}"),
        move |d| d.iam.users.get(j),
        move |d| d.iam.users.get_mut(j),
    )
}

/// The entry `key` of a map of the design at `at` (`/security/tiers`…): a missing entry reads
/// as its defaults and is created on the first write; with `prune`, an entry set back to the
/// defaults is removed, so the design file stays short.
fn keyed<S: Clone + Default + PartialEq + Send + Sync + 'static>(
    at: &[&str],
    key: &str,
    prune: bool,
    map: fn(&Design) -> &BTreeMap<String, S>,
    map_mut: fn(&mut Design) -> &mut BTreeMap<String, S>,
) -> Place<S> {
    let mut segments = at.to_vec();
    segments.push(key);
    let (k1, k2) = (key.to_owned(), key.to_owned());
    Place {
        pointer: pointer(&segments),
        borrow: Arc::new(move |d| {
            Some(match map(d).get(&k1) {
                Some(s) => Cow::Borrowed(s),
                None => Cow::Owned(S::default()),
            })
        }),
        update: Arc::new(move |d, f| {
            let entry = map_mut(d).entry(k2.clone()).or_default();
            f(entry);
            if prune && *entry == S::default() {
                map_mut(d).remove(&k2);
            }
        }),
    }
}

/// The usage inputs of every root (`/usage/defaults`).
pub fn usage_defaults() -> Place<UsageInputs> {
    design().child(
        "usage/defaults",
        |d| Some(&d.usage.defaults),
        |d| Some(&mut d.usage.defaults),
    )
}

/// The usage inputs of the service named `name` (`/usage/services/<name>`), over the
/// defaults; a missing entry reads as none set, and an entry with nothing set is removed.
pub fn service_usage(name: &str) -> Place<UsageInputs> {
    keyed(
        &["usage", "services"],
        name,
        true,
        |d| &d.usage.services,
        |d| &mut d.usage.services,
    )
}

/// The security settings of the tier named `name` (`/security/tiers/<name>`); a missing entry
/// reads as the secure defaults.
pub fn tier_security(name: &str) -> Place<TierSecurity> {
    keyed(
        &["security", "tiers"],
        name,
        true,
        |d| &d.security.tiers,
        |d| &mut d.security.tiers,
    )
}

/// The security settings of the service named `name` (`/security/services/<name>`), like
/// [`tier_security`].
pub fn service_security(name: &str) -> Place<ServiceSecurity> {
    keyed(
        &["security", "services"],
        name,
        true,
        |d| &d.security.services,
        |d| &mut d.security.services,
    )
}

/// The explicit network ids of deployment `key` (`region/tier`, `/network/explicit/<key>`).
pub fn explicit_network(key: &str) -> Place<ExplicitNetwork> {
    keyed(
        &["network", "explicit"],
        key,
        false,
        |d| &d.network.explicit,
        |d| &mut d.network.explicit,
    )
}

// Fields whose setter is an edit of the whole design, or whose serde name is not the Rust one.

/// The name of service `i`; a rename keeps its security settings and usage.
pub fn service_name(i: usize) -> Field<String> {
    let at = field!(service(i), name);
    at.edits_design(move |d, v| edit::rename_service(d, i, &v))
}

/// The name of tier `i`; a rename keeps its cost codes, settings and regions.
pub fn tier_name(i: usize) -> Field<String> {
    let at = field!(tier(i), name);
    at.edits_design(move |d, v: String| edit::rename_tier(d, i, &v))
}

/// The name of region `i`; a rename carries the tiers and backend along.
pub fn region_name(i: usize) -> Field<String> {
    let at = field!(region(i), name);
    at.edits_design(move |d, v| edit::rename_region(d, i, &v))
}

/// The name of Lambda function `j` of service `i`; schedules invoking it follow.
pub fn lambda_name(i: usize, j: usize) -> Field<String> {
    let at = field!(lambda(i, j), name);
    at.edits_design(move |d, v| edit::rename_lambda(d, i, j, &v))
}

/// The name of queue `j` of service `i`; the worker and functions consuming it follow.
pub fn queue_name(i: usize, j: usize) -> Field<String> {
    let at = field!(queue(i, j), name);
    at.edits_design(move |d, v| edit::rename_queue(d, i, j, &v))
}

/// The name of IAM group `j`; its users follow.
pub fn iam_group_name(j: usize) -> Field<String> {
    let at = field!(iam_group(j), name);
    at.edits_design(move |d, v| edit::rename_iam_group(d, j, &v))
}

/// The project's name.
pub fn project() -> Field<String> {
    let at = field!(design(), project);
    at.edits_design(|d, v: String| edit::rename_project(d, &v))
}

/// The image of a container (`/api/image`, `/worker/image`): a new image drops a command
/// that was written for the old one.
pub fn api_image(i: usize) -> Field<String> {
    api(i).leaf(
        "/image",
        |a| a.image.clone(),
        |a, v| edit::set_image(&mut a.image, &mut a.command, v),
    )
}

/// The worker's image, like [`api_image`].
pub fn worker_image(i: usize) -> Field<String> {
    worker(i).leaf(
        "/image",
        |w| w.image.clone(),
        |w, v| edit::set_image(&mut w.image, &mut w.command, v),
    )
}

/// The launch type of service `i`'s containers, by its design name.
pub fn launch_type(i: usize) -> Field<String> {
    service(i).leaf(
        "/launch_type",
        |s| s.launch_type.as_str().to_owned(),
        |s, v| edit::set_launch_type(s, &v),
    )
}

/// The cost code of service `i` in tier `tier` (`/services/<i>/cost_codes/<tier>`).
pub fn cost_code(i: usize, tier: &str) -> Field<String> {
    let (k1, k2) = (tier.to_owned(), tier.to_owned());
    service(i).leaf(
        &pointer(&["cost_codes", tier]),
        move |s| s.cost_codes.get(&k1).cloned().unwrap_or_default(),
        move |s, v| {
            s.cost_codes.insert(k2.clone(), v);
        },
    )
}

/// The name of topic `j` of service `i`; the subscriptions to it follow.
pub fn topic_name(i: usize, j: usize) -> Field<String> {
    let at = field!(topic(i, j), name);
    at.edits_design(move |d, v| edit::rename_topic(d, i, j, &v))
}

/// How service `i`'s HTTP API authorizes callers, by name (`iam` or `jwt`, as
/// `catalog::HTTP_API_AUTH`): choosing `jwt` adds an empty authorizer, `iam` drops it, the same
/// choice again keeps it.
pub fn http_api_auth(i: usize) -> Field<String> {
    http_api(i).leaf(
        "/auth",
        |a| {
            match a.auth {
                HttpApiAuth::Iam => "iam",
                HttpApiAuth::Jwt(_) => "jwt",
            }
            .to_owned()
        },
        |a, v: String| match (v.as_str(), &a.auth) {
            ("jwt", HttpApiAuth::Iam) => a.auth = HttpApiAuth::Jwt(JwtAuth::default()),
            ("iam", HttpApiAuth::Jwt(_)) => a.auth = HttpApiAuth::Iam,
            _ => {}
        },
    )
}

/// The usage input `name` (one of `usage::FIELDS`) of a usage place ([`usage_defaults`],
/// [`service_usage`]): `None` when that place does not set it.
pub fn usage(place: Place<UsageInputs>, name: &'static str) -> Field<Option<u64>> {
    place.leaf(
        &format!("/{name}"),
        move |u| u.get(name),
        move |u, v| {
            u.set(name, v);
        },
    )
}

/// The override of capacity field `what` of service `i` in the tier named `tier`
/// (`/services/<i>/capacity/<tier>/<key>`), as text: `None` reads as not overridden and
/// writes a reset to the default. Text that is not a whole number for a numeric field leaves
/// the design alone (`edit::set_capacity` says why).
pub fn capacity(i: usize, tier: &str, what: crate::plan::capacity::Field) -> Field<Option<String>> {
    let (k1, k2) = (tier.to_owned(), tier.to_owned());
    Field::of_design(
        crate::plan::capacity::pointer(i, tier, what),
        move |d| {
            let service = d.services.get(i)?;
            Some(service.capacity.get(&k1).and_then(|own| what.get(own)))
        },
        move |d, v: Option<String>| {
            let _ = edit::set_capacity(d, i, &k2, what, v.as_deref());
        },
    )
}

/// The state bucket of the region named `region` (`/backend/regions/<region>/bucket`).
pub fn state_bucket(region: &str) -> Field<String> {
    let (k1, k2) = (region.to_owned(), region.to_owned());
    Field::of_design(
        pointer(&["backend", "regions", region, "bucket"]),
        move |d| {
            Some(
                d.backend
                    .regions
                    .get(&k1)
                    .map(|b| b.bucket.clone())
                    .unwrap_or_default(),
            )
        },
        move |d, v| {
            if let Some(b) = d.backend.regions.get_mut(&k2) {
                b.bucket = v
            }
        },
    )
}

/// The existing access-log bucket of region `region` (`/security/access_log_buckets/<region>`).
pub fn access_log_bucket(region: &str) -> Field<String> {
    let (k1, k2) = (region.to_owned(), region.to_owned());
    Field::of_design(
        pointer(&["security", "access_log_buckets", region]),
        move |d| d.security.access_log_buckets.get(&k1).cloned(),
        move |d, v| edit::set_access_log_bucket(d, &k2, &v),
    )
}

/// Whether the design sends access logs to existing buckets (`/security/access_log_buckets`).
pub fn existing_log_buckets() -> Field<bool> {
    Field::of_design(
        "/security/access_log_buckets".to_owned(),
        |d| Some(!d.security.access_log_buckets.is_empty()),
        edit::use_existing_log_buckets,
    )
}

/// The type of table `j`'s partition key (`…/partition_key/type`; `kind` in Rust).
pub fn partition_key_type(i: usize, j: usize) -> Field<AttributeType> {
    table(i, j).leaf(
        "/partition_key/type",
        |t| t.partition_key.kind,
        |t, v| t.partition_key.kind = v,
    )
}

/// The name of table `j`'s sort key: empty removes the sort key, a name adds one (a string
/// until its type is chosen).
pub fn sort_key_name(i: usize, j: usize) -> Field<String> {
    table(i, j).leaf(
        "/sort_key/name",
        |t| {
            t.sort_key
                .as_ref()
                .map(|k| k.name.clone())
                .unwrap_or_default()
        },
        |t, name: String| {
            if name.trim().is_empty() {
                t.sort_key = None;
            } else if let Some(k) = &mut t.sort_key {
                k.name = name;
            } else {
                t.sort_key = Some(KeyAttribute {
                    name,
                    kind: AttributeType::S,
                });
            }
        },
    )
}

/// The type of table `j`'s sort key (`…/sort_key/type`); nothing to set without a sort key.
pub fn sort_key_type(i: usize, j: usize) -> Field<AttributeType> {
    table(i, j).leaf(
        "/sort_key/type",
        |t| t.sort_key.as_ref().map_or(AttributeType::S, |k| k.kind),
        |t, v| {
            if let Some(k) = &mut t.sort_key {
                k.kind = v
            }
        },
    )
}

/// An optional text as a text: empty (or blank) means none.
pub fn optional(v: String) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// An optional text as typed: empty (or blank) means none, anything else is kept as it is.
pub fn typed(v: String) -> Option<String> {
    (!v.trim().is_empty()).then_some(v)
}
