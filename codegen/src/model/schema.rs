//! Schemas → Rust types.
//!
//! [`Types`] converts `openapiv3` schemas into [`TypeRef`]s, defining a named [`TypeDef`] whenever
//! a schema needs one (objects with properties, string enums, unions). Component schemas keep
//! their names (PascalCased); inline schemas are named after where they are used
//! (`{Parent}{Property}`, `{Operation}Request`, ...), made unique in the module.
//!
//! Extensions honoured here: `x-rust-name` (the Rust name of a type, property or enum value),
//! `x-rust-type-name` (the Rust name of the type a schema defines, leaving the name of the
//! property it describes alone),
//! `x-rust-type` (a Rust type written out as given, e.g. `i64` for an integer held in a `number`)
//! and `x-aliases` on a property (other JSON names accepted when decoding it, e.g. `pending_id`
//! for `token` where the documentation and the schema disagree; the property's own name is the
//! one sent).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, StringType, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::names::{pascal_case, pascal_part, snake_case, Namespace};
use super::{Field, IntWidth, TypeDef, TypeKind, TypeRef, UnionVariant, Validation, Variant};
use crate::diag::{Location, Warnings};

/// Converts schemas to types for one module, accumulating the named types.
pub struct Types<'a> {
    doc: &'a OpenAPI,
    /// The document's file, for locations.
    pub file: Location,
    names: Namespace,
    components: BTreeMap<String, String>,
    /// The named types defined so far, in definition order.
    pub defs: Vec<TypeDef>,
    /// Warnings found while converting.
    pub warnings: Warnings,
    /// The component schemas whose properties an `allOf` is merging right now (outermost
    /// first): an `allOf` inside them that refers back to one of them would merge without end.
    merging: Vec<String>,
    /// How many named types the module may define (see [`Types::limit_types`]).
    max_types: usize,
    /// The first schema that would have defined a type beyond [`Self::max_types`], with the
    /// error to report: the model stops growing there.
    pub overflow: Option<(Location, String)>,
}

impl<'a> Types<'a> {
    /// Prepares the conversion, reserving a name for every component schema.
    pub fn new(doc: &'a OpenAPI, file: Location, reserved: &[String]) -> Self {
        let mut names = Namespace::default();
        for name in reserved {
            names.reserve(name);
        }
        let mut components = BTreeMap::new();
        if let Some(c) = &doc.components {
            for (name, schema) in &c.schemas {
                let wanted = match schema {
                    ReferenceOr::Item(s) => type_name_ext(&s.schema_data).unwrap_or_else(|| pascal_case(name)),
                    ReferenceOr::Reference { .. } => pascal_case(name),
                };
                components.insert(name.clone(), names.unique(&wanted));
            }
        }
        Types {
            doc,
            file,
            names,
            components,
            defs: Vec::new(),
            warnings: Warnings::default(),
            merging: Vec::new(),
            max_types: usize::MAX,
            overflow: None,
        }
    }

    /// Bounds the number of named types to `max`. A document defines at most one type per
    /// schema node, plus the properties that `allOf` merges copy; a document that would need
    /// more (merges of merges over thousands of components) is refused with an error naming the
    /// schema where the model outgrew the bound, instead of growing until memory runs out.
    pub fn limit_types(&mut self, max: usize) {
        self.max_types = max;
    }

    /// Whether one more named type may be defined; records the overflow at `at` otherwise.
    fn room_for_a_type(&mut self, at: &Location) -> bool {
        if self.defs.len() < self.max_types {
            return true;
        }
        if self.overflow.is_none() {
            self.overflow = Some((
                at.clone(),
                format!(
                    "the schemas of this document expand to more than {} Rust types (here, where the limit was reached; \
                     `allOf` merges of schemas that merge others multiply them); split the document or simplify the `allOf`s",
                    self.max_types
                ),
            ));
        }
        false
    }

    /// Reserves a type-namespace name based on `base` (for call builders, error and success
    /// enums, which share the module's namespace with the models).
    pub fn unique_name(&mut self, base: &str) -> String {
        self.names.unique(base)
    }

    /// Defines every component schema under its reserved name, in document order.
    pub fn define_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (name, schema) in &components.schemas {
            let Some(rust_name) = self.components.get(name).cloned() else { continue };
            let at = self.file.child("components").child("schemas").child(name);
            let kind = match schema {
                ReferenceOr::Reference { reference } => TypeKind::Alias(self.reference(reference, &at)),
                ReferenceOr::Item(schema) => self.kind_of(schema, &rust_name, &at),
            };
            let description = match schema {
                ReferenceOr::Item(s) => s.schema_data.description.clone().or_else(|| s.schema_data.title.clone()),
                ReferenceOr::Reference { .. } => None,
            };
            self.defs.push(TypeDef { name: rust_name, description, location: at, kind, explicit_name: true, shared_as: None });
        }
    }

    /// The type of `schema`, used at `at`; `hint` names an inline type if one is needed.
    pub fn type_of(&mut self, schema: &ReferenceOr<Schema>, hint: &str, at: &Location) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, hint, at),
        }
    }

    /// The string `format` of a schema of this document (see [`string_format`]).
    pub fn string_format(&self, schema: &ReferenceOr<Schema>) -> Option<String> {
        string_format(self.doc, schema)
    }

    /// The type of a boxed schema (properties and items are boxed in `openapiv3`).
    fn type_of_boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, hint: &str, at: &Location) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(schema) => self.inline(schema, hint, at),
        }
    }

    fn reference(&mut self, reference: &str, at: &Location) -> TypeRef {
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            let name = crate::diag::unescape_token(name);
            if let Some(rust) = self.components.get(&name) {
                return TypeRef::Named(rust.clone());
            }
        }
        self.warnings.push(at.clone(), format!("schema reference `{reference}` is not a component schema; typed as any JSON"));
        TypeRef::Json
    }

    /// The type of an inline schema; defines a named type when it needs one.
    fn inline(&mut self, schema: &Schema, hint: &str, at: &Location) -> TypeRef {
        if let Some(custom) = schema.schema_data.extensions.get("x-rust-type").and_then(Value::as_str) {
            return TypeRef::Custom(custom.to_string());
        }
        if let Some(inner) = single_all_of(schema) {
            return self.type_of(inner, hint, at);
        }
        if let Some(simple) = self.simple(schema, hint, at) {
            return simple;
        }
        if !self.room_for_a_type(at) {
            return TypeRef::Json;
        }
        let explicit = type_name_ext(&schema.schema_data);
        let name = self.names.unique(&explicit.clone().unwrap_or_else(|| pascal_case(hint)));
        let kind = self.kind_of(schema, &name, at);
        let description = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
        let explicit_name = explicit.is_some();
        self.defs.push(TypeDef { name: name.clone(), description, location: at.clone(), kind, explicit_name, shared_as: None });
        TypeRef::Named(name)
    }

    /// The type of a schema that needs no named type, or `None` if it needs one.
    fn simple(&mut self, schema: &Schema, hint: &str, at: &Location) -> Option<TypeRef> {
        Some(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().all(Option::is_none) => match &s.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) => TypeRef::Custom(super::FILE_PART.into()),
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::String(_)) => return None,
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Integer(int_width(&i.format)),
            SchemaKind::Type(Type::Number(_)) => TypeRef::Number,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(a)) => TypeRef::Array(Box::new(match &a.items {
                Some(items) => self.type_of_boxed(items, &format!("{hint}Item"), &at.child("items")),
                None => TypeRef::Json,
            })),
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                TypeRef::Map(Box::new(self.additional(&o.additional_properties, hint, at)))
            }
            // A primitive `type` wins over object keywords beside it (`type: string` with
            // `properties` is a contradiction in the document; it is reported).
            SchemaKind::Any(any) if matches!(any.typ.as_deref(), Some("string" | "integer" | "number" | "boolean")) && any.enumeration.is_empty() => {
                if !any.properties.is_empty() {
                    self.warnings.push(at.clone(), format!("`type: {}` with `properties`: the type wins, the properties are ignored", any.typ.as_deref().unwrap_or("")));
                }
                match any.typ.as_deref() {
                    Some("string") => TypeRef::String,
                    Some("integer") => TypeRef::Integer(IntWidth::I64),
                    Some("number") => TypeRef::Number,
                    _ => TypeRef::Boolean,
                }
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty() => {
                TypeRef::Json
            }
            SchemaKind::Not { .. } => TypeRef::Json,
            _ => return None,
        })
    }

    fn additional(&mut self, additional: &Option<AdditionalProperties>, hint: &str, at: &Location) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(s)) => self.type_of(s, &format!("{hint}Value"), &at.child("additionalProperties")),
            _ => TypeRef::Json,
        }
    }

    /// The shape of a named type defined from `schema`.
    fn kind_of(&mut self, schema: &Schema, name: &str, at: &Location) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => TypeKind::Enum(string_variants(s, &schema.schema_data)),
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                TypeKind::Struct(self.fields(&o.properties, &o.required, name, at))
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && matches!(any.typ.as_deref(), None | Some("object")) => {
                TypeKind::Struct(self.fields(&any.properties, &any.required, name, at))
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, name, at),
            SchemaKind::OneOf { one_of: alternatives } => self.union(alternatives, "oneOf", &schema.schema_data, name, at),
            SchemaKind::AnyOf { any_of: alternatives } => self.union(alternatives, "anyOf", &schema.schema_data, name, at),
            // `type: object` beside `oneOf`/`anyOf` makes openapiv3 read an untyped schema.
            SchemaKind::Any(any) if !any.one_of.is_empty() => self.union(&any.one_of, "oneOf", &schema.schema_data, name, at),
            SchemaKind::Any(any) if !any.any_of.is_empty() => self.union(&any.any_of, "anyOf", &schema.schema_data, name, at),
            _ => match self.simple(schema, name, at) {
                Some(ty) => TypeKind::Alias(ty),
                None => TypeKind::Alias(TypeRef::Json),
            },
        }
    }

    /// A `oneOf`/`anyOf` (under `key`): an untagged union, or a tagged one with a discriminator.
    fn union(&mut self, alternatives: &[ReferenceOr<Schema>], key: &str, data: &SchemaData, name: &str, at: &Location) -> TypeKind {
        let mut variants = Vec::new();
        let mut seen = Namespace::default();
        seen.reserve("Unknown"); // the catch-all of tagged unions
        for (i, alt) in alternatives.iter().enumerate() {
            let ty = self.type_of(alt, &format!("{name}Variant{}", i + 1), &at.child(key).child(&i.to_string()));
            let rust_name = seen.unique(&variant_name_for(&ty, i));
            variants.push(UnionVariant { rust_name, ty, boxed: false });
        }
        match &data.discriminator {
            Some(d) => self.tagged(d, alternatives, variants, at),
            None => TypeKind::Union(variants),
        }
    }

    /// A discriminated union: the mapping (explicit, else each alternative's component name).
    fn tagged(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        alternatives: &[ReferenceOr<Schema>],
        variants: Vec<UnionVariant>,
        at: &Location,
    ) -> TypeKind {
        let reference_of = |alt: &ReferenceOr<Schema>| match alt {
            ReferenceOr::Reference { reference } => Some(reference.clone()),
            ReferenceOr::Item(_) => None,
        };
        let index_of = |target: &str| {
            let full = if target.starts_with('#') { target.to_string() } else { format!("#/components/schemas/{target}") };
            alternatives.iter().position(|alt| reference_of(alt).as_deref() == Some(full.as_str()))
        };
        let mut mapping = Vec::new();
        for (value, target) in &discriminator.mapping {
            match index_of(target) {
                Some(i) => mapping.push((value.clone(), i)),
                None => self.warnings.push(
                    at.child("discriminator").child("mapping").child(value),
                    format!("discriminator value `{value}` maps to `{target}`, which is not an alternative; ignored"),
                ),
            }
        }
        if discriminator.mapping.is_empty() {
            for (i, alt) in alternatives.iter().enumerate() {
                if let Some(name) = reference_of(alt).as_deref().and_then(|r| r.strip_prefix("#/components/schemas/")) {
                    mapping.push((crate::diag::unescape_token(name), i));
                }
            }
        }
        TypeKind::Tagged(super::Tagged { property: discriminator.property_name.clone(), variants, mapping })
    }

    /// `allOf` of object schemas: one struct with the properties of every part, in order.
    fn all_of(&mut self, parts: &[ReferenceOr<Schema>], name: &str, at: &Location) -> TypeKind {
        let referenced: Vec<String> = parts
            .iter()
            .filter_map(|part| match part {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        if let Some(back) = referenced.iter().find(|r| self.merging.contains(r)) {
            self.warnings.push(at.child("allOf"), format!("`allOf` merges `{back}` inside itself (a recursive merge); typed as any JSON"));
            return TypeKind::Alias(TypeRef::Json);
        }
        let depth = self.merging.len();
        self.merging.extend(referenced);
        let kind = self.merge_all_of(parts, name, at);
        self.merging.truncate(depth);
        kind
    }

    /// The struct of [`Self::all_of`]: the properties of every object part, in order.
    fn merge_all_of(&mut self, parts: &[ReferenceOr<Schema>], name: &str, at: &Location) -> TypeKind {
        let mut properties: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let Some(schema) = self.resolve(part) else {
                self.warnings.push(at.child("allOf").child(&i.to_string()), "allOf part is not a component schema; ignored");
                continue;
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    properties.extend(o.properties.clone());
                    required.extend(o.required.clone());
                }
                SchemaKind::Any(any) => {
                    properties.extend(any.properties.clone());
                    required.extend(any.required.clone());
                }
                _ => self.warnings.push(at.child("allOf").child(&i.to_string()), "allOf part is not an object; its constraints are not modelled"),
            }
        }
        TypeKind::Struct(self.fields(&properties, &required, name, at))
    }

    fn resolve(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                let name = crate::diag::unescape_token(reference.strip_prefix("#/components/schemas/")?);
                match self.doc.components.as_ref()?.schemas.get(&name)? {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    fn fields(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        parent: &str,
        at: &Location,
    ) -> Vec<Field> {
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        for (name, schema) in properties {
            let here = at.child("properties").child(name);
            let data = match schema {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let explicit = data.and_then(rust_name_ext);
            let rust_name = names.unique(&explicit.clone().map(|n| snake_case(&n)).unwrap_or_else(|| snake_case(name)));
            // A property renamed with `x-rust-name` also accepts its new spelling when reading,
            // so that an upstream fix of the misspelling does not break deserialisation; the
            // spellings listed in `x-aliases` are accepted too (documentation and schema
            // disagreeing on a key's name).
            let mut aliases = match &explicit {
                Some(n) if n != name => vec![n.clone()],
                _ => Vec::new(),
            };
            for alias in data.map(aliases_ext).unwrap_or_default() {
                if alias != *name && !aliases.contains(&alias) {
                    aliases.push(alias);
                }
            }
            let ty = self.type_of_boxed(schema, &format!("{parent}{}", pascal_part(name)), &here);
            let validation = match schema {
                ReferenceOr::Item(s) => validation_of(s),
                ReferenceOr::Reference { .. } => Validation::default(),
            };
            fields.push(Field {
                name: name.clone(),
                rust_name,
                aliases,
                ty,
                required: required.contains(name),
                nullable: data.is_some_and(|d| d.nullable),
                description: data.and_then(|d| d.description.clone().or_else(|| d.title.clone())).or_else(|| match schema {
                    ReferenceOr::Item(s) => all_of_description(s),
                    ReferenceOr::Reference { .. } => None,
                }),
                validation,
                format: string_format_boxed(self.doc, schema, 0),
                boxed: false,
            });
        }
        for name in required {
            if !properties.contains_key(name) {
                self.warnings.push(at.child("required"), format!("`required` names `{name}`, which is not a property; ignored"));
            }
        }
        fields
    }
}

/// The `x-rust-name` extension of a schema.
fn rust_name_ext(data: &SchemaData) -> Option<String> {
    data.extensions.get("x-rust-name").and_then(Value::as_str).map(str::to_string)
}

/// The Rust name of the type a schema defines: `x-rust-type-name` (which names only the type,
/// never the property the schema describes), else `x-rust-name`.
fn type_name_ext(data: &SchemaData) -> Option<String> {
    data.extensions.get("x-rust-type-name").and_then(Value::as_str).map(str::to_string).or_else(|| rust_name_ext(data))
}

/// The `x-aliases` extension of a property: other JSON names accepted when reading it.
fn aliases_ext(data: &SchemaData) -> Vec<String> {
    match data.extensions.get("x-aliases") {
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::String(name)) => vec![name.clone()],
        _ => Vec::new(),
    }
}

/// `allOf` with one part that shapes the type, the others only annotating it (a description, a
/// title, an example…): the type is that part's. This is the down-level form of `$ref` +
/// siblings (`allOf: [{$ref}]`) and the common `allOf: [{$ref}, {description}]` idiom, which,
/// merged as an object, would expand a recursive component without end.
fn single_all_of(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => {
            let mut shaping = all_of.iter().filter(|part| !annotation_only(part));
            match (shaping.next(), shaping.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The description (or title) of the first annotation-only part of an `allOf`, for a type or
/// field whose own schema has none.
fn all_of_description(schema: &Schema) -> Option<String> {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return None };
    all_of.iter().filter(|part| annotation_only(part)).find_map(|part| match part {
        ReferenceOr::Item(s) => s.schema_data.description.clone().or_else(|| s.schema_data.title.clone()),
        ReferenceOr::Reference { .. } => None,
    })
}

/// Whether an inline schema only annotates (docs, examples, read/write flags, extensions) and
/// says nothing about the shape of a value.
fn annotation_only(part: &ReferenceOr<Schema>) -> bool {
    const ANNOTATIONS: [&str; 9] = ["description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "externalDocs"];
    let ReferenceOr::Item(schema) = part else { return false };
    match serde_json::to_value(schema) {
        Ok(Value::Object(map)) => map.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")),
        _ => false,
    }
}

fn int_width(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> IntWidth {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => IntWidth::I32,
        _ => IntWidth::I64,
    }
}

fn string_variants(s: &StringType, data: &SchemaData) -> Vec<Variant> {
    let names_ext = data.extensions.get("x-rust-enum-names").and_then(Value::as_object);
    let mut ns = Namespace::default();
    ns.reserve("Unknown");
    s.enumeration
        .iter()
        .flatten()
        .map(|value| {
            let wanted = names_ext.and_then(|m| m.get(value)).and_then(Value::as_str).map(str::to_string);
            Variant { value: value.clone(), rust_name: ns.unique(&wanted.unwrap_or_else(|| pascal_case(value))) }
        })
        .collect()
}

/// The constraints the client checks for a value of `schema`.
///
/// A string `enum` (typed as a Rust enum) has no length or pattern checks: its variants are the
/// only values it can hold, so the enum already constrains it, and its type is not a `str` the
/// checks could read (issue 15: `expected &str, found &GetFilesPurpose`).
fn validation_of(schema: &Schema) -> Validation {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => Validation::default(),
        SchemaKind::Type(Type::String(s)) => Validation {
            min_length: s.min_length.map(|n| n as u64),
            max_length: s.max_length.map(|n| n as u64),
            pattern: s.pattern.clone(),
            ..Validation::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Validation {
            minimum: i.minimum.map(|n| n as f64),
            maximum: i.maximum.map(|n| n as f64),
            ..Validation::default()
        },
        SchemaKind::Type(Type::Number(n)) => Validation { minimum: n.minimum, maximum: n.maximum, ..Validation::default() },
        _ => Validation::default(),
    }
}

/// The `format` of the string a schema holds, directly or as the items or values of an array
/// or map (`list_ids: [uuid]`); references are followed to their component.
pub(super) fn string_format(doc: &OpenAPI, schema: &ReferenceOr<Schema>) -> Option<String> {
    match schema {
        ReferenceOr::Item(s) => format_in(doc, s, 0),
        ReferenceOr::Reference { reference } => format_in(doc, component(doc, reference)?, 0),
    }
}

/// [`string_format`] of a boxed schema (properties and items are boxed in `openapiv3`).
fn string_format_boxed(doc: &OpenAPI, schema: &ReferenceOr<Box<Schema>>, depth: usize) -> Option<String> {
    match schema {
        ReferenceOr::Item(s) => format_in(doc, s, depth),
        ReferenceOr::Reference { reference } => format_in(doc, component(doc, reference)?, depth),
    }
}

/// The component schema `reference` names.
fn component<'d>(doc: &'d OpenAPI, reference: &str) -> Option<&'d Schema> {
    let name = crate::diag::unescape_token(reference.strip_prefix("#/components/schemas/")?);
    doc.components.as_ref()?.schemas.get(&name)?.as_item()
}

fn format_in(doc: &OpenAPI, schema: &Schema, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(f) => Some(match f {
                openapiv3::StringFormat::Date => "date".into(),
                openapiv3::StringFormat::DateTime => "date-time".into(),
                openapiv3::StringFormat::Password => "password".into(),
                openapiv3::StringFormat::Byte => "byte".into(),
                openapiv3::StringFormat::Binary => "binary".into(),
            }),
            VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        SchemaKind::Type(Type::Array(a)) => a.items.as_ref().and_then(|i| string_format_boxed(doc, i, depth + 1)),
        SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
            Some(AdditionalProperties::Schema(s)) => match s.as_ref() {
                ReferenceOr::Item(s) => format_in(doc, s, depth + 1),
                ReferenceOr::Reference { reference } => format_in(doc, component(doc, reference)?, depth + 1),
            },
            _ => None,
        },
        _ => None,
    }
}

/// A readable variant name for a union alternative.
fn variant_name_for(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) => "Object".into(),
        TypeRef::Json | TypeRef::Custom(_) => format!("Variant{}", index + 1),
    }
}

/// The validation of a parameter schema (exposed for operations).
pub(super) fn param_validation(schema: &ReferenceOr<Schema>) -> Validation {
    match schema {
        ReferenceOr::Item(s) => validation_of(s),
        ReferenceOr::Reference { .. } => Validation::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn types_of(schemas: Value) -> (Vec<TypeDef>, Warnings) {
        let doc: OpenAPI = serde_json::from_value(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": schemas}
        }))
        .expect("a valid document");
        let mut types = Types::new(&doc, Location::new("t.json", ""), &[]);
        types.define_components();
        (types.defs, types.warnings)
    }

    fn field<'d>(defs: &'d [TypeDef], ty: &str, name: &str) -> &'d Field {
        let def = defs.iter().find(|d| d.name == ty).expect("the type");
        let TypeKind::Struct(fields) = &def.kind else { panic!("{ty} is not a struct") };
        fields.iter().find(|f| f.name == name).expect("the field")
    }

    /// `allOf: [{$ref}, {description}]` (AWS's documents use it for every property) is the
    /// referenced type with that description, also when the reference is recursive.
    #[test]
    fn an_annotated_reference_is_the_reference() {
        let (defs, warnings) = types_of(json!({
            "Node": {"type": "object", "properties": {
                "name": {"type": "string"},
                "parent": {"allOf": [{"$ref": "#/components/schemas/Node"}, {"description": "The parent node."}]}
            }}
        }));
        let parent = field(&defs, "Node", "parent");
        assert_eq!(parent.ty, TypeRef::Named("Node".into()));
        assert_eq!(parent.description.as_deref(), Some("The parent node."));
        assert_eq!(defs.len(), 1);
        assert!(warnings.0.is_empty(), "{:?}", warnings.0);
    }

    /// An `allOf` that merges a component into itself stops with a warning instead of expanding.
    #[test]
    fn a_recursive_merge_stops() {
        let (defs, warnings) = types_of(json!({
            "Node": {"type": "object", "properties": {
                "next": {"allOf": [{"$ref": "#/components/schemas/Node"}, {"type": "object", "properties": {"extra": {"type": "string"}}}]}
            }}
        }));
        assert!(defs.len() < 5, "{defs:?}");
        assert!(warnings.0.iter().any(|w| w.message.contains("recursive merge")), "{:?}", warnings.0);
    }

    fn schema(value: serde_json::Value) -> ReferenceOr<Schema> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn string_enums_have_no_string_checks() {
        // Typed as an enum: a length or pattern check on it would not compile, and the enum
        // already constrains the value.
        let e = schema(json!({"type": "string", "enum": ["assistants", "fine-tune"], "maxLength": 5000, "pattern": "^a"}));
        assert!(param_validation(&e).is_empty());
        // An enum of only `null` is a plain string: its checks stay.
        let s = schema(json!({"type": "string", "enum": [null], "maxLength": 3}));
        assert_eq!(param_validation(&s).max_length, Some(3));
        let plain = schema(json!({"type": "string", "minLength": 1, "pattern": "^a"}));
        assert_eq!(param_validation(&plain), Validation { min_length: Some(1), pattern: Some("^a".into()), ..Validation::default() });
    }
}
