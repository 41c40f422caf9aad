//! The PostgreSQL database on RDS.

use super::{Kind, ModuleName};
use crate::design::Service;

/// The PostgreSQL database on RDS.
pub struct Database;

impl Kind for Database {
    fn present(&self, service: &Service) -> bool {
        service.database.is_some()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::RdsDatabase]
    }
}
