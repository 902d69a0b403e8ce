//! Usage examples in the generated documentation: every operation's rustdoc shows a short
//! `no_run` example calling it with its required arguments (compiled by `cargo test --doc`), and
//! the crate's README shows one call per module.
//!
//! Argument values come from the model: a string literal named after the parameter or field
//! (`"cert_id"`; an email address where the pattern asks for one), a number within the bounds,
//! the first variant of an enum, `Type::new(..)` with the required fields of a struct, an empty
//! list or map, `None` for a nullable field. An argument that cannot be written so (a union
//! several levels deep, a recursive required field) becomes a parameter of the example's hidden
//! function, so the example still compiles and still shows the call.

use std::collections::BTreeSet;

use serde_json::Value;

use super::op_tests::type_path;
use super::samples::sample;
use crate::model::{Module, Operation, TypeKind, TypeRef, Validation};

/// How deep constructors are nested in an argument before it is taken as a parameter instead.
const MAX_DEPTH: usize = 4;

/// Lines longer than this are broken, one constructor argument per line.
const MAX_WIDTH: usize = 92;

/// One call of an operation, ready to be written into an example.
#[derive(Debug, Default)]
pub struct Usage {
    /// Types the example names, by their name in the module.
    pub types: BTreeSet<String>,
    /// Arguments taken from the hidden function: name and full type path.
    pub hidden: Vec<(String, String)>,
    /// The statements, one per line, that build the arguments and make the call.
    pub lines: Vec<String>,
}

/// How the example names the module's types: imported (`Name`) or through the module
/// (`sso::Name`, in the README where several modules meet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// `use lib::module::Name;` and `Name`.
    Imported,
    /// `use lib::module;` and `module::Name`.
    Qualified,
}

/// The call of `op` with its required arguments. With [`Naming::Qualified`], arguments taken
/// from the hidden function are prefixed with the module's name, so calls of several modules can
/// share one function.
pub fn usage(lib: &str, module: &Module, op: &Operation, naming: Naming) -> Usage {
    let mut cx = Cx { module, naming, usage: Usage::default(), stack: Vec::new() };
    let hidden_name = |name: &str| match naming {
        Naming::Imported => name.to_string(),
        Naming::Qualified => format!("{}_{name}", module.name),
    };
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        match cx.value(&p.ty, &p.validation, &p.name, Want::Arg, 0) {
            Some(value) => args.push(value.inline()),
            None => {
                let name = hidden_name(&p.rust_name);
                cx.usage.hidden.push((name.clone(), type_path(lib, &module.name, &p.ty)));
                args.push(name);
            }
        }
    }
    if let Some(body) = &op.body {
        match cx.value(&body.ty, &Validation::default(), "body", Want::Owned, 0) {
            Some(value) => {
                cx.usage.lines.push(value.statement("let body = ", ";"));
                args.push("&body".into());
            }
            None => {
                let name = hidden_name("body");
                cx.usage.hidden.push((name.clone(), type_path(lib, &module.name, &body.ty)));
                args.push(format!("&{name}"));
            }
        }
    }
    let call = format!("client.{}().{}({}).await?;", module.name, op.fn_name, args.join(", "));
    let call = match op.success_type() {
        Some(_) => format!("let response = {call}"),
        None => call,
    };
    cx.usage.lines.push(call);
    cx.usage
}

/// The `# Example` section of an operation's rustdoc, one line per element (without `///`).
pub fn doc_example(lib: &str, module: &Module, op: &Operation) -> Vec<String> {
    let usage = usage(lib, module, op, Naming::Imported);
    let mut lines = vec!["# Example".to_string(), String::new(), "```no_run".to_string()];
    lines.push(hidden_fn(lib, &usage.hidden));
    if !usage.types.is_empty() {
        let names: Vec<&str> = usage.types.iter().map(String::as_str).collect();
        let names = if names.len() == 1 { names[0].to_string() } else { format!("{{{}}}", names.join(", ")) };
        lines.push(format!("use {lib}::{}::{names};", module.name));
        lines.push(String::new());
    }
    lines.extend(usage.lines);
    lines.extend(["# Ok(())".to_string(), "# }".to_string(), "```".to_string()]);
    lines
}

/// The hidden start of an example: an async function with the client and any hidden arguments.
pub fn hidden_fn(lib: &str, hidden: &[(String, String)]) -> String {
    let extra: String = hidden.iter().map(|(name, ty)| format!(", {name}: {ty}")).collect();
    format!("# async fn example(client: &{lib}::Client{extra}) -> Result<(), Box<dyn std::error::Error>> {{")
}

/// What a value is passed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// An argument of a method or constructor: strings as `impl Into<String>`.
    Arg,
    /// An owned value (a request body).
    Owned,
}

/// A Rust expression, kept as a tree so long constructor calls can be broken over lines.
#[derive(Debug, Clone)]
enum Expr {
    /// Written as is.
    Text(String),
    /// `path(args)`.
    Call(String, Vec<Expr>),
}

impl Expr {
    fn inline(&self) -> String {
        match self {
            Expr::Text(text) => text.clone(),
            Expr::Call(path, args) => format!("{path}({})", args.iter().map(Expr::inline).collect::<Vec<_>>().join(", ")),
        }
    }

    /// `prefix`, the expression and `suffix`; a call too long for one line gets one argument per
    /// line.
    fn statement(&self, prefix: &str, suffix: &str) -> String {
        let inline = format!("{prefix}{}{suffix}", self.inline());
        match self {
            Expr::Call(path, args) if inline.len() > MAX_WIDTH && !args.is_empty() => {
                let args: String = args.iter().map(|a| format!("    {},\n", a.inline())).collect();
                format!("{prefix}{path}(\n{args}){suffix}")
            }
            _ => inline,
        }
    }
}

struct Cx<'a> {
    module: &'a Module,
    naming: Naming,
    usage: Usage,
    /// The types whose constructors are being written (a required field that leads back is
    /// not written).
    stack: Vec<String>,
}

impl Cx<'_> {
    /// A value of `ty` named `name` (for string placeholders), or `None` if it cannot be written.
    fn value(&mut self, ty: &TypeRef, validation: &Validation, name: &str, want: Want, depth: usize) -> Option<Expr> {
        let text = |s: String| Some(Expr::Text(s));
        match ty {
            TypeRef::String => text(string_literal(name, validation, want)),
            TypeRef::Integer(_) | TypeRef::Number => text(number(self.module, ty, validation)),
            TypeRef::Boolean => text("true".into()),
            TypeRef::Json => text("serde_json::json!({})".into()),
            TypeRef::Array(_) => text("Vec::new()".into()),
            TypeRef::Map(_) => text("std::collections::BTreeMap::new()".into()),
            TypeRef::Custom(custom) => match custom.as_str() {
                "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => text("1".into()),
                "f32" | "f64" => text("1.5".into()),
                "bool" => text("true".into()),
                "String" => text(string_literal(name, validation, Want::Owned)),
                _ => None,
            },
            TypeRef::Named(type_name) => self.named(type_name, name, depth),
        }
    }

    fn named(&mut self, type_name: &str, name: &str, depth: usize) -> Option<Expr> {
        if depth >= MAX_DEPTH || self.stack.iter().any(|t| t == type_name) {
            return None;
        }
        let def = self.module.type_def(type_name)?;
        let path = self.type_name(type_name);
        self.stack.push(type_name.to_string());
        let value = match &def.kind {
            TypeKind::Struct(fields) => {
                let mut args = Vec::new();
                for field in fields.iter().filter(|f| f.required) {
                    let arg = match field.nullable {
                        true => Some(Expr::Text("None".into())),
                        false => self.value(&field.ty, &field.validation, &field.name, Want::Arg, depth + 1),
                    };
                    args.push(arg);
                }
                args.into_iter().collect::<Option<Vec<_>>>().map(|args| Expr::Call(format!("{path}::new"), args))
            }
            TypeKind::Enum(variants) => variants.first().map(|v| Expr::Text(format!("{path}::{}", v.rust_name))),
            TypeKind::Alias(target) => self.value(target, &Validation::default(), name, Want::Owned, depth + 1),
            TypeKind::Union(variants) => self.alternative(&path, variants.iter().map(|v| (&v.rust_name, &v.ty, v.boxed)), name, depth),
            TypeKind::Tagged(tagged) => self.alternative(&path, tagged.variants.iter().map(|v| (&v.rust_name, &v.ty, v.boxed)), name, depth),
        };
        self.stack.pop();
        value
    }

    /// The first alternative of a union that can be written.
    fn alternative<'v>(&mut self, path: &str, variants: impl Iterator<Item = (&'v String, &'v TypeRef, bool)>, name: &str, depth: usize) -> Option<Expr> {
        for (variant, ty, boxed) in variants {
            if let Some(value) = self.value(ty, &Validation::default(), name, Want::Owned, depth + 1) {
                let value = if boxed { Expr::Call("Box::new".into(), vec![value]) } else { value };
                return Some(Expr::Call(format!("{path}::{variant}"), vec![value]));
            }
        }
        None
    }

    /// How the example spells a type of the module, noting the import.
    fn type_name(&mut self, name: &str) -> String {
        match self.naming {
            Naming::Imported => {
                self.usage.types.insert(name.to_string());
                name.to_string()
            }
            Naming::Qualified => format!("{}::{name}", self.module.name),
        }
    }
}

/// A string literal: an email address where the pattern or name asks for one, else the name.
fn string_literal(name: &str, validation: &Validation, want: Want) -> String {
    let email = validation.pattern.as_deref().is_some_and(|p| p.contains('@')) || name.to_ascii_lowercase().contains("email");
    let mut text = if email { "user@example.com".to_string() } else { name.to_string() };
    let min = usize::try_from(validation.min_length.unwrap_or(0)).unwrap_or(0);
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = validation.max_length.and_then(|m| usize::try_from(m).ok()) {
        text = text.chars().take(max.max(1)).collect();
    }
    let literal = format!("{text:?}");
    match want {
        Want::Arg => literal,
        Want::Owned => format!("String::from({literal})"),
    }
}

/// A number within the bounds, as a literal of the right kind.
fn number(module: &Module, ty: &TypeRef, validation: &Validation) -> String {
    match sample(module, ty, validation) {
        Value::Number(n) if matches!(ty, TypeRef::Number) && n.is_i64() => format!("{n}.0"),
        Value::Number(n) => n.to_string(),
        _ => "1".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples of the usage fixture (which the golden test also compiles as doc tests).
    #[test]
    fn examples_write_out_arguments_and_take_the_rest_as_parameters() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/emit/usage.yaml");
        let doc = crate::load::read_document(&path, std::path::Path::new("usage.yaml")).expect("fixture");
        let generated = crate::generate_document("usage", std::path::Path::new("usage.yaml"), doc).expect("generates");
        let module = &generated.api.modules[0];
        let example = |id: &str| {
            let op = module.operations.iter().find(|o| o.id == id).expect("operation");
            doc_example("usage", module, op).join("\n")
        };
        assert!(example("ListThings").contains("let response = client.usage().list_things(Kind::Fruit, Vec::new(), 10).await?;"), "{}", example("ListThings"));
        let note = example("PutNote");
        assert!(note.contains("use usage::usage::{Kind, Note, Owner};"), "{note}");
        assert!(note.contains("    \"user@example.com\",\n    std::collections::BTreeMap::new(),\n    serde_json::json!({}),\n    Owner::new(\"namexx\", Kind::Fruit),\n    None,\n);"), "{note}");
        assert!(note.contains("\nclient.usage().put_note(&body).await?;"), "no binding for an empty success: {note}");
        let batch = example("CreateBatch");
        assert!(batch.contains("# async fn example(client: &usage::Client, body: usage::usage::Batch)"), "{batch}");
        assert!(batch.contains("client.usage().create_batch(&body).await?;"), "{batch}");
    }

    #[test]
    fn long_calls_are_broken_and_strings_follow_the_schema() {
        let call = Expr::Call("Request::new".into(), vec![Expr::Text("\"first_name\"".into()); 6]);
        assert_eq!(
            call.statement("let body = ", ";"),
            "let body = Request::new(\n    \"first_name\",\n    \"first_name\",\n    \"first_name\",\n    \"first_name\",\n    \"first_name\",\n    \"first_name\",\n);"
        );
        let email = Validation { pattern: Some("^.+@.+$".into()), ..Default::default() };
        assert_eq!(string_literal("to", &email, Want::Arg), "\"user@example.com\"");
        assert_eq!(string_literal("id", &Validation { min_length: Some(4), ..Default::default() }, Want::Owned), "String::from(\"idxx\")");
        assert_eq!(string_literal("say \"hi\"", &Validation::default(), Want::Arg), "\"say \\\"hi\\\"\"");
    }
}
