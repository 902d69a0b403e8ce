//! Callbacks: requests the API server makes to the client's own server. A generated client
//! sends requests and serves none, so callbacks are left out, with one warning per document
//! naming how many there were. Leaving them out early also spares the typed parser a form it
//! cannot read (a callback given as a `$ref`, as PeerTube's document has).

use std::path::Path;

use serde_json::Value;

use crate::diag::{pointer_push, Location, Result};
use crate::normalise::METHODS;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "callbacks";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    let mut removed: Vec<String> = Vec::new();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for method in METHODS {
                let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else { continue };
                if op.remove("callbacks").is_some() {
                    removed.push(pointer_push(&pointer_push("/paths", path), method) + "/callbacks");
                }
            }
        }
    }
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        if components.remove("callbacks").is_some() {
            removed.push("/components/callbacks".into());
        }
    }
    if let Some(first) = removed.first() {
        let what = format!(
            "{} `callbacks` left out: callbacks are requests the API makes to a server of yours, which a client does not serve",
            removed.len()
        );
        report.warn(Location::new(file, first.clone()), what);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn callbacks_are_left_out_with_one_warning() {
        let mut doc = json!({
            "paths": {"/hooks": {"post": {"callbacks": {"event": {"$ref": "#/components/callbacks/Event"}}, "responses": {}}}},
            "components": {"callbacks": {"Event": {}}}
        });
        let mut report = Report::default();
        run(&mut doc, Path::new("a.json"), &mut report).expect("runs");
        assert!(doc["paths"]["/hooks"]["post"].get("callbacks").is_none());
        assert!(doc["components"].get("callbacks").is_none());
        assert_eq!(report.warnings.len(), 1);
        assert_eq!(report.warnings[0].location.pointer, "/paths/~1hooks/post/callbacks");
        assert!(report.warnings[0].message.starts_with("2 `callbacks` left out"));
    }
}
