//! The intermediate model: what the generated crate contains, with final Rust names.
//!
//! [`build`] turns a normalised, typed-parsed OpenAPI document into one [`Module`]: operations
//! with their parameters, bodies and responses, and the named types they use. Every name here is
//! final (unique in its namespace, not a keyword); `emit` only spells the model out. This stage
//! knows OpenAPI semantics and Rust naming, never Rust syntax.

mod build;
pub mod common;
pub mod dedupe;
mod family;
pub mod media;
pub(crate) mod names;
mod operation;
mod pagination;
pub mod replay;
pub mod recursion;
mod schema;
pub mod split;
pub mod uses;
mod security;

pub use build::build_module;
pub use names::{pascal_case, snake_case};
pub use security::{merge_flows, ClientCredentialsFlow};

use crate::diag::Location;

/// The pass name of the typed parse and modelling diagnostics (`--message-format json`, warning groups).
pub const PASS: &str = "model";

/// The whole generated crate.
#[derive(Debug, Clone)]
pub struct Api {
    /// Package name, e.g. `sendgrid-access`.
    pub crate_name: String,
    /// Package version.
    pub version: String,
    /// Package description.
    pub description: String,
    /// One module per input, in configuration order.
    pub modules: Vec<Module>,
    /// The servers the client can talk to (union over modules, first module's order).
    pub servers: Vec<Server>,
    /// Header parameters that can have a client-wide default (name on the wire, Rust name, doc).
    pub default_headers: Vec<Param>,
    /// Whether each module is behind a cargo feature named after it.
    pub module_features: bool,
    /// The types shared by several modules (see [`common`]), defined once in the crate-level
    /// module [`Api::common_module`]; empty when nothing is shared.
    pub common: Vec<TypeDef>,
    /// The name of the crate-level module of shared types (`common`, or another name when a
    /// module is called that).
    pub common_module: String,
    /// The OAuth 2 client-credentials flows the client can fetch tokens with, one per token URL,
    /// in module order.
    pub client_credentials: Vec<ClientCredentialsFlow>,
}

/// The streaming support a crate needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Streaming {
    /// Streamed bodies: JSON lines, binary downloads, binary uploads (`runtime/stream.rs`).
    pub bodies: bool,
    /// Server-sent events (`runtime/sse.rs`, on top of `bodies`).
    pub events: bool,
}

impl Api {
    /// The streaming support the crate needs.
    pub fn streaming(&self) -> Streaming {
        let ops = || self.modules.iter().flat_map(|m| &m.operations);
        let events = ops().any(|op| op.responses.iter().any(|r| r.media == ResponseMedia::EventStream || r.stream.is_some()));
        let bodies = events
            || ops().any(|op| {
                op.responses.iter().any(|r| r.status.is_success() && matches!(r.media, ResponseMedia::JsonLines | ResponseMedia::Binary) && r.ty.is_some())
                    || op.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Bytes)
            });
        Streaming { bodies, events }
    }

    /// Whether any type, parameter, body or response of the crate mentions the type written
    /// `custom` ([`TypeRef::Custom`]), e.g. [`FILE_PART`] or [`BYTES`].
    pub fn uses_custom(&self, custom: &str) -> bool {
        fn mentions(ty: &TypeRef, custom: &str) -> bool {
            match ty {
                TypeRef::Custom(c) => c == custom,
                TypeRef::Array(item) | TypeRef::Map(item) => mentions(item, custom),
                _ => false,
            }
        }
        let in_def = |def: &TypeDef| match &def.kind {
            TypeKind::Struct(fields) => fields.iter().any(|f| mentions(&f.ty, custom)),
            TypeKind::Alias(ty) => mentions(ty, custom),
            TypeKind::Union(variants) => variants.iter().any(|v| mentions(&v.ty, custom)),
            TypeKind::Tagged(tagged) => tagged.variants.iter().any(|v| mentions(&v.ty, custom)),
            TypeKind::Enum(_) => false,
        };
        self.common.iter().any(in_def)
            || self.modules.iter().any(|m| {
                m.types.iter().any(in_def)
                    || m.operations.iter().any(|op| {
                        op.params.iter().any(|p| mentions(&p.ty, custom))
                            || op.body.as_ref().is_some_and(|b| mentions(&b.ty, custom))
                            || op.responses.iter().any(|r| r.ty.as_ref().is_some_and(|t| mentions(t, custom)))
                    })
            })
    }

    /// The `#[cfg(feature = ...)]` attribute text for items of `module`, if modules are features.
    pub fn feature_gate(&self, module: &str) -> Option<String> {
        self.module_features.then(|| format!("feature = \"{module}\""))
    }
}

/// One input document as a Rust module.
#[derive(Debug, Clone)]
pub struct Module {
    /// The module's Rust name (snake_case).
    pub name: String,
    /// The input document, for docs and diagnostics.
    pub source: Location,
    /// The document's title.
    pub title: String,
    /// The document's description (Markdown).
    pub description: Option<String>,
    /// The operations, in document order.
    pub operations: Vec<Operation>,
    /// The named types, in a stable order (components first, then inline types by first use).
    pub types: Vec<TypeDef>,
    /// The servers the document declares.
    pub servers: Vec<Server>,
    /// Examples found in the document, with the type they belong to.
    pub examples: Vec<Example>,
    /// The error body most operations of the module answer with, and the trait that reads it
    /// from any of the module's error enums; `None` unless two operations share one.
    pub error_body: Option<SharedErrorBody>,
    /// Notes for the module's docs (Markdown paragraphs) about what the document declares and
    /// the client does not do: webhooks (no operations), mutual TLS.
    pub notes: Vec<String>,
    /// The OAuth 2 client-credentials flows the module's operations accept, one per token URL.
    pub client_credentials: Vec<ClientCredentialsFlow>,
    /// Where each type is in `types`, built on first use by [`Module::type_def`].
    pub type_index: TypeIndex,
}

impl Module {
    /// The named type `name` of this module. Emission looks types up by name millions of
    /// times on big documents (Microsoft Graph: 22,000 operations, 6,000 types), so the
    /// positions are indexed once; an index made stale by a later change to `types` is noticed
    /// (the entry names another type) and the list searched instead.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        let index = self.type_index.0.get_or_init(|| {
            let mut index = std::collections::HashMap::with_capacity(self.types.len());
            for (i, def) in self.types.iter().enumerate() {
                index.entry(def.name.clone()).or_insert(i);
            }
            index
        });
        match index.get(name).and_then(|&i| self.types.get(i)) {
            Some(def) if def.name == name => Some(def),
            _ => self.types.iter().find(|d| d.name == name),
        }
    }
}

/// The lazily built name → position index of a module's types (see [`Module::type_def`]);
/// a clone starts empty, so it is never shared by modules whose types differ.
#[derive(Default)]
pub struct TypeIndex(std::sync::OnceLock<std::collections::HashMap<String, usize>>);

impl Clone for TypeIndex {
    fn clone(&self) -> Self {
        TypeIndex::default()
    }
}

impl std::fmt::Debug for TypeIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TypeIndex")
    }
}

/// An error body shared by the error responses of several operations of a module.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedErrorBody {
    /// The name of the trait every error enum of the module implements (`HasErrorBody`).
    pub trait_name: String,
    /// The body's type.
    pub ty: TypeRef,
}

/// A base URL from `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL, without a trailing slash.
    pub url: String,
    /// The spec's description of it.
    pub description: Option<String>,
    /// The Rust variant name for the `Region` enum (e.g. `Global`, `Eu`).
    pub variant: String,
}

/// An HTTP method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
    /// Any other method (an RFC 9110 token such as `PURGE`), from the `x-method` extension.
    Other(String),
}

impl Method {
    /// The method as spelled on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Other(name) => name,
        }
    }

    /// Whether repeating the request is safe (RFC 9110 §9.2.2); methods the RFC does not define
    /// are taken not to be.
    pub fn is_idempotent(&self) -> bool {
        !matches!(self, Method::Post | Method::Patch | Method::Other(_))
    }
}

/// One API operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId (or a derived one).
    pub id: String,
    /// The method name on the module's API handle (snake_case).
    pub fn_name: String,
    /// The name of the call builder type (PascalCase).
    pub call_name: String,
    /// The name of the operation's error enum (PascalCase).
    pub error_name: String,
    /// The name of the success enum, when the 2xx responses have different bodies (one variant
    /// per status); `None` when they share one type (or none has a body).
    pub success_enum: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// The path template, e.g. `/v3/sso/certificates/{cert_id}`.
    pub path: String,
    /// The operation's tags, in document order.
    pub tags: Vec<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description (Markdown).
    pub description: Option<String>,
    /// Parameters in declaration order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Declared responses, in status order.
    pub responses: Vec<Response>,
    /// How the operation authenticates: the schemes it accepts, in order (the client sends the
    /// first it has a credential for); empty when it sends none.
    pub auth: Vec<AuthScheme>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// How to page through results, for `limit`/`offset` list operations.
    pub pagination: Option<Pagination>,
    /// Where it is declared.
    pub location: Location,
    /// The method, route and parameter names as the document writes them, recorded apart from
    /// the fields the client is generated from (`method`, `path`, `params`).
    pub document: DocumentRequest,
    /// The streaming twin of an operation whose success response also offers an event stream
    /// (see [`Response::stream`]): its method on the API handle and its call builder.
    pub stream_variant: Option<StreamVariant>,
    /// For an operation imported from a Postman request: the request the collection describes and
    /// the values that send it (the generated replay test).
    pub replay: Option<replay::Replay>,
    /// The `Accept` header the operation sends instead of the one its responses imply
    /// (`x-accept`, from the `Accept` a Postman request sets).
    pub accept: Option<String>,
}

/// The names of an operation's streaming twin (`create_chat_completion_stream`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamVariant {
    /// The method name on the module's API handle.
    pub fn_name: String,
    /// The call builder's type name.
    pub call_name: String,
}

impl Operation {
    /// The first success response that offers an event stream beside JSON, with its stream.
    pub fn stream_alternative(&self) -> Option<&StreamAlternative> {
        self.successes().find_map(|r| r.stream.as_ref())
    }

    /// How the success body is streamed, when it is (an event stream or JSON lines as the
    /// response's only media type).
    pub fn streamed_success(&self) -> Option<&Response> {
        self.successes().find(|r| matches!(r.media, ResponseMedia::EventStream | ResponseMedia::JsonLines))
    }
}

/// An operation's request as its document describes it. The generated operation tests expect
/// this, not the model's own fields: a client generated from a model whose path or parameter
/// names went wrong fails its tests instead of agreeing with itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRequest {
    /// The method, as the document spells it in upper case (`GET`, `PROPFIND`).
    pub method: String,
    /// The route: the path key, or `x-path` for the requests a Postman import places elsewhere.
    pub path: String,
    /// The name and place of each parameter, in the order of `Operation::params`.
    pub params: Vec<(String, ParamLocation)>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthScheme {
    /// `Authorization: <scheme> <api key>`, e.g. `Bearer`.
    Http(String),
    /// `Authorization: Basic <user:password>`.
    Basic,
    /// The API key in this header.
    Header(String),
    /// The API key in this query parameter.
    Query(String),
    /// The API key in this cookie.
    Cookie(String),
    /// `Authorization: Bearer`: the API key, or a token the client fetches with the OAuth 2
    /// client-credentials flow whose token URL (as the document writes it) this is.
    OAuth2(String),
}

/// Offset pagination: the parameters that move through the list and where the items are.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The Rust name of the page-size parameter (`limit`).
    pub limit: String,
    /// The Rust name of the offset parameter (`offset`).
    pub offset: String,
    /// Where the items of a page are in the success body.
    pub items: PageItems,
    /// The item type.
    pub item_ty: TypeRef,
}

/// Where the items of a page are.
#[derive(Debug, Clone, PartialEq)]
pub enum PageItems {
    /// The body is the array.
    Body,
    /// The body is an object; this optional field (Rust name) holds the array.
    OptionalField(String),
    /// The body is an object; this required field (Rust name) holds the array.
    RequiredField(String),
}

impl Operation {
    /// The success (2xx) responses.
    pub fn successes(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| r.status.is_success())
    }

    /// The type of a successful call: the success enum, the shared body type, or `None` for `()`.
    pub fn success_type(&self) -> Option<TypeRef> {
        match &self.success_enum {
            Some(name) => Some(TypeRef::Named(name.clone())),
            None => self.successes().find_map(|r| r.ty.clone()),
        }
    }

    /// The declared non-success responses.
    pub fn failures(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| !r.status.is_success())
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie of the `Cookie` header.
    Cookie,
}

/// How a query parameter is serialised (OpenAPI `style`; path, header and cookie parameters
/// have one style each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` (the default): `a=1&a=2`, or `a=1,2` without `explode`.
    Form,
    /// `spaceDelimited`: `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[key]=value`.
    DeepObject,
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name on the wire.
    pub name: String,
    /// The Rust name (snake_case).
    pub rust_name: String,
    /// Path, query or header.
    pub location: ParamLocation,
    /// Whether it must be given (path parameters always are).
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Documentation.
    pub description: Option<String>,
    /// For arrays in the query string: repeat the key (`explode: true`) or join with commas.
    pub explode: bool,
    /// How a query parameter is serialised (`form` for the other locations).
    pub style: QueryStyle,
    /// Whether a query value keeps reserved characters unencoded (`allowReserved`).
    pub allow_reserved: bool,
    /// Constraints from the schema.
    pub validation: Validation,
    /// The `format` of the string it holds (see [`Field::format`]).
    pub format: Option<String>,
    /// Whether it is a header carrying an idempotency key (`Idempotency-Key`, or a header the
    /// configuration names): a call without one sends a generated key, the same on every
    /// retry, and is then retried like an idempotent call.
    pub idempotency_key: bool,
}

/// Whether a client-wide default makes sense for `p`: an optional header parameter, except an
/// idempotency key (one key for every call would make the server drop all but the first).
pub fn is_client_default_header(p: &Param) -> bool {
    p.location == ParamLocation::Header && !p.required && !p.idempotency_key
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Its type (`String` for text, `Vec<u8>` for bytes).
    pub ty: TypeRef,
    /// The media type sent.
    pub content_type: String,
    /// How the value is encoded.
    pub encoding: BodyEncoding,
    /// Whether the spec requires it.
    pub required: bool,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `…+json`).
    Json,
    /// `application/x-www-form-urlencoded`: a flat object, `key=value&…`.
    Form,
    /// Text sent as it is (`text/*`, XML): the body is a `String`.
    Text,
    /// Bytes sent as they are (`application/octet-stream` and other media types): `Vec<u8>`.
    Bytes,
    /// `multipart/form-data`: each field of the body one part; fields of type
    /// [`FILE_PART`] (`format: binary`) are file parts with a file name and media type.
    Multipart,
}

/// The Rust type of `type: string, format: binary` schemas: a file (bytes with an optional file
/// name and media type), the runtime's `FilePart`, re-exported at the crate root.
pub const FILE_PART: &str = "crate::FilePart";

/// The Rust type of a binary response body.
pub const BYTES: &str = "bytes::Bytes";

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMedia {
    /// JSON, decoded into the response type.
    Json,
    /// Text (`text/*`, XML), as a `String`.
    Text,
    /// Any other media type (`application/octet-stream`, `image/*`, …), as [`BYTES`]; calls
    /// can also stream it.
    Binary,
    /// Server-sent events (`text/event-stream`): a stream of events whose `data` is the
    /// response type (a `String` when the document gives no structured schema).
    EventStream,
    /// JSON lines or JSON text sequences (`application/x-ndjson`, `application/jsonl`,
    /// `application/json-seq`): a stream of values of the response type, one per line.
    JsonLines,
}

/// A `text/event-stream` answer a response offers beside its JSON one (OpenAI's
/// `createChatCompletion` answers either, by the request's `stream` flag).
#[derive(Debug, Clone, PartialEq)]
pub struct StreamAlternative {
    /// The media type (`text/event-stream`).
    pub media_type: String,
    /// The type of each event's `data`.
    pub item: TypeRef,
}

/// The status a response is declared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// A class such as `4XX` (the hundreds digit).
    Range(u16),
    /// `default`: any status not otherwise declared.
    Default,
}

impl Status {
    /// Whether it is a 2xx status.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(&c),
            Status::Range(r) => r == 2,
            Status::Default => false,
        }
    }
}

/// One declared response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status it is declared for.
    pub status: Status,
    /// The Rust variant name in the operation's error enum (e.g. `NotFound`).
    pub variant: String,
    /// The spec's description.
    pub description: Option<String>,
    /// The decoded body type; `None` when the response declares no content.
    pub ty: Option<TypeRef>,
    /// How the body is read (JSON when there is none).
    pub media: ResponseMedia,
    /// The declared media type read, when the response has content.
    pub media_type: Option<String>,
    /// The event stream the response also offers, beside JSON, if any.
    pub stream: Option<StreamAlternative>,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i32` or `i64`.
    Integer(IntWidth),
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `serde_json::Value`: any JSON.
    Json,
    /// A type named in the same module.
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A type written out as given by `x-rust-type` (e.g. `i64`).
    Custom(String),
}

impl TypeRef {
    /// The type as the generated code spells it (`Vec<String>`, `BTreeMap<String, i64>`), for
    /// the API lock and the docs; the emitted tokens come from `emit`.
    pub fn rust_text(&self) -> String {
        match self {
            TypeRef::String => "String".into(),
            TypeRef::Integer(IntWidth::I32) => "i32".into(),
            TypeRef::Integer(IntWidth::I64) => "i64".into(),
            TypeRef::Number => "f64".into(),
            TypeRef::Boolean => "bool".into(),
            TypeRef::Json => "serde_json::Value".into(),
            TypeRef::Named(name) => name.clone(),
            TypeRef::Array(item) => format!("Vec<{}>", item.rust_text()),
            TypeRef::Map(value) => format!("BTreeMap<String, {}>", value.rust_text()),
            TypeRef::Custom(text) => text.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }
}

/// Integer width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntWidth {
    /// `i32` (`format: int32`).
    I32,
    /// `i64` (everything else).
    I64,
}

/// A named type of a module.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name (PascalCase, unique in the module).
    pub name: String,
    /// Documentation.
    pub description: Option<String>,
    /// Where the schema is.
    pub location: Location,
    /// What it is.
    pub kind: TypeKind,
    /// Whether the name was given by the document (a component's name or `x-rust-name`) rather
    /// than derived from where the schema is used.
    pub explicit_name: bool,
    /// When the type is shared with other modules: its name in the crate-level module of shared
    /// types, which this module re-exports under [`TypeDef::name`].
    pub shared_as: Option<String>,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Vec<Field>),
    /// A string enum with a catch-all for values this version does not know.
    Enum(Vec<Variant>),
    /// A newtype alias of another type (arrays and maps at the top level, free-form values).
    Alias(TypeRef),
    /// A `oneOf`/`anyOf`: one of several types, tried in order.
    Union(Vec<UnionVariant>),
    /// A `oneOf` with a discriminator: the property's value picks the variant; values the
    /// mapping does not know decode into a catch-all holding the raw JSON.
    Tagged(Tagged),
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON name.
    pub name: String,
    /// The Rust name (snake_case, not a keyword).
    pub rust_name: String,
    /// Other JSON names accepted when reading (e.g. an upstream typo).
    pub aliases: Vec<String>,
    /// Its type (without the `Option` for optional fields).
    pub ty: TypeRef,
    /// Whether the schema requires it.
    pub required: bool,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Documentation.
    pub description: Option<String>,
    /// Constraints from the schema.
    pub validation: Validation,
    /// The `format` of the string it holds (directly, or as the items of a list or map), such as
    /// `email`, `uuid` or `date-time`: not checked by the client, but followed by the sample
    /// values of the generated tests, which an independent validator checks.
    pub format: Option<String>,
    /// Whether the value is held in a `Box` because its type contains this struct again (a
    /// recursive schema); set by [`recursion::box_cycles`].
    pub boxed: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The JSON value.
    pub value: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// A discriminated union.
#[derive(Debug, Clone)]
pub struct Tagged {
    /// The discriminator property (JSON name).
    pub property: String,
    /// The alternatives.
    pub variants: Vec<UnionVariant>,
    /// Discriminator value → index into `variants`, in mapping order (several values may name
    /// the same variant).
    pub mapping: Vec<(String, usize)>,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// Whether the alternative is held in a `Box` because it contains this union again.
    pub boxed: bool,
}

/// Constraints that the client checks before sending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validation {
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern` (ECMA-262, checked with the `regex` crate where compatible).
    pub pattern: Option<String>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
}

impl Validation {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Validation::default()
    }
}

/// An example value from the document and the type it should decode into.
#[derive(Debug, Clone)]
pub struct Example {
    /// Where the example is.
    pub location: Location,
    /// The type it belongs to.
    pub ty: TypeRef,
    /// The example value.
    pub value: serde_json::Value,
}
