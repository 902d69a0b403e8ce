//! Checks of the API schema's constraints, run before a request is sent.
// An API whose schemas declare no bounds or patterns (say, one imported from a Postman
// collection) uses none of these checks.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

use super::error::InvalidRequest;

/// `minLength`/`maxLength`, counted in characters.
#[allow(dead_code)] // used only by APIs whose schemas have constraints
pub(crate) fn length(field: &str, value: &str, min: Option<u64>, max: Option<u64>) -> Result<(), InvalidRequest> {
    let n = value.chars().count() as u64;
    if min.is_some_and(|min| n < min) || max.is_some_and(|max| n > max) {
        let bounds = match (min, max) {
            (Some(a), Some(b)) => format!("between {a} and {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        };
        return Err(InvalidRequest::new(field, format!("must be {bounds} characters long (is {n})")));
    }
    Ok(())
}

/// `pattern`. A pattern the `regex` crate cannot compile (ECMA-262 look-around) is not checked.
#[allow(dead_code)] // used only by APIs whose schemas have constraints
pub(crate) fn pattern(field: &str, value: &str, pattern: &'static str) -> Result<(), InvalidRequest> {
    static CACHE: OnceLock<Mutex<BTreeMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let matches = {
        let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let regex = cache.entry(pattern).or_insert_with(|| Regex::new(pattern).ok());
        regex.as_ref().is_none_or(|r| r.is_match(value))
    };
    if matches {
        Ok(())
    } else {
        Err(InvalidRequest::new(field, format!("must match the pattern `{pattern}`")))
    }
}

/// A number that can be compared with `minimum`/`maximum` (bounds are `f64` in the schema).
#[allow(dead_code)] // used only by APIs whose schemas have constraints
pub(crate) trait Number {
    /// The value as `f64` (exact for every integer a JSON API sends in practice).
    fn to_f64(&self) -> f64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            #[allow(clippy::cast_lossless, clippy::cast_precision_loss)]
            fn to_f64(&self) -> f64 {
                *self as f64
            }
        }
    )*};
}

number!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

/// `minimum`/`maximum`, inclusive.
#[allow(dead_code)] // used only by APIs whose schemas have constraints
pub(crate) fn range(field: &str, value: f64, min: Option<f64>, max: Option<f64>) -> Result<(), InvalidRequest> {
    if min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max) {
        let bounds = match (min, max) {
            (Some(a), Some(b)) => format!("between {a} and {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        };
        return Err(InvalidRequest::new(field, format!("must be {bounds} (is {value})")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints() {
        assert!(length("email", "a@b.c", Some(5), Some(255)).is_ok());
        let err = length("email", "a@b", Some(5), Some(255)).unwrap_err();
        assert_eq!(err.to_string(), "invalid request: `email` must be between 5 and 255 characters long (is 3)");
        assert!(pattern("email", "jane@example.com", r"^.*@.*\..*").is_ok());
        assert!(pattern("email", "jane-example", r"^.*@.*\..*").is_err());
        assert!(pattern("x", "anything", "(?=lookahead)").is_ok(), "uncompilable patterns are not checked");
        assert!(range("limit", 500.0, Some(0.0), Some(500.0)).is_ok());
        assert!(range("limit", 501.0, Some(0.0), Some(500.0)).is_err());
    }
}
