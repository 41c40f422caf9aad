//! How the building blocks describe themselves in the designer: a chip per block in a matrix
//! cell, and the boxes and arrows of a deployment's diagram. The app draws what these return
//! and asks no question about the design's fields itself.

use super::Kind;
use crate::design::Service;

/// A labelled chip of a matrix cell: what deploys there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    /// The CSS class of the building block (`api`, `worker`, `lambda`, `db`, `queue`, `schedule`).
    pub class: &'static str,
    /// The text on the chip.
    pub label: String,
    /// Its colour: the building block's.
    pub tint: Tint,
}

/// The colour of a building block's chips and diagram boxes: a hue (degrees) and a saturation
/// (percent); the designer's light or dark theme chooses the lightness.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tint {
    pub hue: u16,
    pub saturation: u8,
}

impl Tint {
    /// The CSS custom properties that paint a chip or a box in this colour (`.chip` and
    /// `.diagram .node rect` read `--chip-hue` and `--chip-sat`).
    pub fn css(self) -> String {
        format!("--chip-hue: {}; --chip-sat: {}%", self.hue, self.saturation)
    }
}

/// A shape of a deployment diagram, in the diagram's units (pixels of a 690 wide view box).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A labelled box at (`x`, `y`), `w` × `h`.
    Node {
        x: i32,
        y: i32,
        w: i32,
        h: i32,
        class: &'static str,
        label: String,
        /// Its colour: the building block's ([`Kind::tint`]).
        tint: Tint,
        /// The field a click on the box goes to, as a JSON Pointer below the service
        /// (`/api/image`, `/queues/0/name`).
        field: String,
    },
    /// An arrow from `from` to `to`.
    Edge { from: (i32, i32), to: (i32, i32) },
}

/// A deployment diagram: its shapes, in drawing order, and its height.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawing {
    pub shapes: Vec<Shape>,
    pub height: i32,
}

/// Where the boxes of a deployment diagram sit: front door and API on the first row with the
/// database; queues, worker, functions and schedules in columns below, one row of 60 each.
pub struct Layout<'a> {
    pub(crate) service: &'a Service,
    /// The deployment's database is a cross-region replica (a DR root).
    pub(crate) dr_replica: bool,
}

/// Box width and height.
pub(crate) const BW: i32 = 130;
pub(crate) const BH: i32 = 40;
/// The columns, left to right.
pub(crate) const COL: [i32; 4] = [10, 180, 350, 540];
/// The first row of queues, the worker and functions, and the distance between rows.
pub(crate) const ROW0: i32 = 110;
pub(crate) const ROW: i32 = 60;

impl Layout<'_> {
    /// The top of box `i` of `kind`, which stacks its boxes in the last column
    /// ([`Kind::stacked`]): below those of the kinds before it in [`super::ALL`].
    pub(crate) fn stack_y(&self, kind: &dyn Kind, i: usize) -> i32 {
        let above: usize = super::ALL
            .iter()
            .take_while(|k| k.field() != kind.field())
            .map(|k| k.stacked(self.service))
            .sum();
        40 + (above + i) as i32 * ROW
    }

    /// The top of whatever comes below the boxes stacked in the last column.
    pub(crate) fn stack_bottom(&self) -> i32 {
        let rows: usize = super::ALL.iter().map(|k| k.stacked(self.service)).sum();
        40 + rows as i32 * ROW
    }

    /// A box (in its kind's colour, which [`diagram`] gives it).
    pub(crate) fn node(
        x: i32,
        y: i32,
        w: i32,
        class: &'static str,
        label: String,
        field: String,
    ) -> Shape {
        Shape::Node {
            x,
            y,
            w,
            h: BH,
            class,
            label,
            tint: Tint::default(),
            field,
        }
    }

    /// An arrow.
    pub(crate) fn edge(from: (i32, i32), to: (i32, i32)) -> Shape {
        Shape::Edge { from, to }
    }
}

/// The chips of `service` in a matrix cell whose database is a cross-region replica
/// (`dr_replica`), in the order of [`super::ALL`].
pub fn chips(service: &Service, dr_replica: bool) -> Vec<Chip> {
    super::of(service)
        .filter_map(|k| k.chip(service, dr_replica))
        .collect()
}

/// The deployment diagram of `service` (its database a cross-region replica with
/// `dr_replica`): each building block draws its boxes and the arrows it starts.
pub fn diagram(service: &Service, dr_replica: bool) -> Drawing {
    let layout = Layout {
        service,
        dr_replica,
    };
    let shapes: Vec<Shape> = super::of(service)
        .flat_map(|k| {
            k.diagram(&layout).into_iter().map(|mut shape| {
                if let Shape::Node { tint, .. } = &mut shape {
                    *tint = k.tint();
                }
                shape
            })
        })
        .collect();
    // Below the lowest box a row's gap, and never above the first row of the columns.
    let height = shapes
        .iter()
        .filter_map(|shape| match shape {
            Shape::Node { y, .. } => Some(y + ROW),
            Shape::Edge { .. } => None,
        })
        .fold(ROW0, i32::max)
        + 10;
    Drawing { shapes, height }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn service(name: &str) -> Service {
        presets::sports_cards()
            .services
            .into_iter()
            .find(|s| s.name == name)
            .expect("a service of the preset")
    }

    fn nodes(d: &Drawing) -> Vec<(&'static str, &str)> {
        d.shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Node { class, label, .. } => Some((*class, label.as_str())),
                Shape::Edge { .. } => None,
            })
            .collect()
    }

    #[test]
    fn chips_name_each_block_once_and_count_the_lists() {
        let empty = Service::default();
        assert!(chips(&empty, false).is_empty());
        let s = Service {
            database: service("card-catalog-api").database,
            queues: service("orders-ingestion").queues,
            ..Service::default()
        };
        let labels = |dr| -> Vec<String> { chips(&s, dr).into_iter().map(|c| c.label).collect() };
        let queues = format!("Queue×{}", s.queues.len());
        assert_eq!(labels(false), ["DB".to_string(), queues.clone()]);
        assert_eq!(labels(true), ["DB replica".to_string(), queues]);
    }

    #[test]
    fn chips_and_boxes_carry_their_kinds_colour() {
        for s in presets::saas_platform().services {
            for kind in super::super::of(&s) {
                if let Some(chip) = kind.chip(&s, false) {
                    assert_eq!(chip.tint, kind.tint(), "{}", chip.class);
                }
            }
            assert_eq!(
                chips(&s, false).iter().map(|c| c.tint).collect::<Vec<_>>(),
                super::super::of(&s)
                    .filter(|k| k.chip(&s, false).is_some())
                    .map(|k| k.tint())
                    .collect::<Vec<_>>()
            );
            for shape in diagram(&s, false).shapes {
                if let Shape::Node { tint, class, .. } = shape {
                    assert_ne!(tint, Tint::default(), "{class}");
                }
            }
        }
        assert_eq!(
            Tint {
                hue: 221,
                saturation: 100
            }
            .css(),
            "--chip-hue: 221; --chip-sat: 100%"
        );
    }

    #[test]
    fn buckets_get_a_box_each_and_no_box_overlaps_another() {
        for mut s in presets::sports_cards().services {
            for name in ["images", "exports", "archive"] {
                s.buckets.push(crate::design::Bucket { name: name.into() });
            }
            s.tables.push(crate::design::Table {
                name: "orders".into(),
                ..Default::default()
            });
            s.cache = Some(crate::design::Cache::default());
            let d = diagram(&s, false);
            let boxes: Vec<(i32, i32, i32, i32)> = d
                .shapes
                .iter()
                .filter_map(|shape| match shape {
                    Shape::Node { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
                    Shape::Edge { .. } => None,
                })
                .collect();
            let n = nodes(&d);
            assert_eq!(n.iter().filter(|(c, _)| *c == "bucket").count(), 3);
            assert!(n.contains(&("bucket", "S3 images")));
            assert!(n.contains(&("table", "DDB orders")));
            assert!(n.contains(&("cache", "Cache (Valkey)")));
            for (a, &(ax, ay, aw, ah)) in boxes.iter().enumerate() {
                assert!(ay + ah <= d.height, "{}: a box below the drawing", s.name);
                for &(bx, by, bw, bh) in &boxes[a + 1..] {
                    let apart = ax + aw <= bx || bx + bw <= ax || ay + ah <= by || by + bh <= ay;
                    assert!(apart, "{}: boxes overlap", s.name);
                }
            }
        }
    }

    #[test]
    fn the_diagram_draws_every_part_and_its_arrows() {
        for s in presets::sports_cards().services {
            let d = diagram(&s, false);
            let n = nodes(&d);
            let count = |class| n.iter().filter(|(c, _)| *c == class).count();
            assert_eq!(count("api"), usize::from(s.api.is_some()), "{}", s.name);
            assert_eq!(count("alb"), usize::from(s.api.is_some()));
            assert_eq!(count("worker"), usize::from(s.worker.is_some()));
            assert_eq!(count("db"), usize::from(s.database.is_some()));
            assert_eq!(count("queue"), s.queues.len());
            assert_eq!(count("lambda"), s.lambdas.len());
            assert_eq!(count("schedule"), s.schedules.len());
            let edges = d.shapes.len() - n.len();
            let expected = usize::from(s.api.is_some()) * (1 + usize::from(s.database.is_some()))
                + usize::from(s.worker.is_some() && s.database.is_some())
                + s.worker.as_ref().map_or(0, |w| w.queues.len())
                + s.lambdas.iter().filter(|l| l.queue.is_some()).count()
                + s.schedules.len();
            assert_eq!(edges, expected, "{}", s.name);
            // Every box fits the drawing.
            for shape in &d.shapes {
                if let Shape::Node { y, h, .. } = shape {
                    assert!(y + h <= d.height, "{}: a box below the drawing", s.name);
                }
            }
        }
        let with_db = service("card-catalog-api");
        assert!(nodes(&diagram(&with_db, true)).contains(&("db", "DB replica (RDS)")));
        assert!(nodes(&diagram(&with_db, false)).contains(&("db", "DB (RDS)")));
    }
}
