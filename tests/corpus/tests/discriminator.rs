//! Hand-written tests of the corpus crate, copied into it by `cargo xtask corpus`.
//!
//! The logs API's `EmailLogsEvent` is a `oneOf` whose discriminator maps two values
//! (`dropped`, `cancel_drop`) to one schema: decoding must pick the variant the discriminator
//! names, never the first alternative that happens to fit, and keep unknown values.

use sendgrid_corpus::logs::{EmailLogsEvent, Event4};
use serde_json::json;

fn dropped(event: &str) -> serde_json::Value {
    json!({
        "event": event, "email": "", "sg_message_id": "m1", "sg_event_id": "e1",
        "timestamp": 1_700_000_000, "smtp-id": "<s@x>", "reason": "Bounced Address"
    })
}

#[test]
fn two_discriminator_values_decode_into_one_variant() {
    for (value, expected) in [("dropped", Event4::Dropped), ("cancel_drop", Event4::CancelDrop)] {
        match serde_json::from_value::<EmailLogsEvent>(dropped(value)) {
            Ok(EmailLogsEvent::DroppedEvent(event)) => assert_eq!(event.event, expected),
            other => panic!("`{value}` should decode as DroppedEvent, got {other:?}"),
        }
    }
}

#[test]
fn unknown_discriminator_values_are_kept() {
    let raw = json!({"event": "teleported", "email": "a@b.c"});
    match serde_json::from_value::<EmailLogsEvent>(raw.clone()) {
        Ok(EmailLogsEvent::Unknown(kept)) => assert_eq!(kept, raw),
        other => panic!("expected Unknown, got {other:?}"),
    }
}

#[test]
fn variants_encode_back_unchanged() {
    let value = dropped("cancel_drop");
    let event: EmailLogsEvent = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&event).expect("encodes"), value);
}
