//! OpenAPI Overlay 1.0/1.1 (placeholder: being written).

use std::path::Path;

use serde_json::Value;

use crate::diag::Result;
use crate::report::Report;

/// Applies the overlay document `overlay` (read from `overlay_file`) to `doc`, in action order.
pub fn apply(_doc: &mut Value, _overlay: &Value, _overlay_file: &Path, _report: &mut Report) -> Result<()> {
    unimplemented!("overlay engine is being written")
}
