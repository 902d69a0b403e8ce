//! The walk over the item tree: folders and requests, with auth inheritance and tags.
//!
//! An item with an `item` member is a folder, an item with a `request` member is a request;
//! anything else is reported and skipped. Each request is tagged with the name of its immediate
//! parent folder (requests at the top level have no tag): the folder nearest to a request is
//! the one its author chose for it, and "the outermost folder that is not just a URL segment"
//! cannot be told apart reliably. A collection is a JSON tree, so folders cannot form a loop;
//! nesting deeper than [`MAX_DEPTH`] folders is an error (it would only come from a generated
//! or corrupted file, and bounds the recursion).

use serde_json::Value;

use super::auth::{self, Auth, Unsupported};
use super::text::description;
use super::vars::Variables;
use crate::diag::{Error, Location, Result, Warnings};

/// The deepest folder nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// One request found in the tree.
#[derive(Debug)]
pub struct RequestItem<'a> {
    /// Where the item is.
    pub loc: Location,
    /// The request's name (may be empty).
    pub name: String,
    /// The name of the immediate parent folder, if any.
    pub tag: Option<String>,
    /// The auth that applies to the request (after inheritance).
    pub auth: Auth,
    /// The item itself (with `request` and `response`).
    pub item: &'a Value,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Tree<'a> {
    /// The requests, in collection order.
    pub requests: Vec<RequestItem<'a>>,
    /// The tags used (folder names), in order of first use, with the folder's description.
    pub tags: Vec<(String, Option<String>)>,
}

/// The folder a walk is in.
struct Folder<'f> {
    name: Option<&'f str>,
    description: Option<String>,
    auth: &'f Auth,
    depth: usize,
}

/// Walks the items of the collection (`items` at `loc`), whose own auth is `collection_auth`.
pub fn walk<'a>(
    items: &'a [Value],
    loc: &Location,
    collection_auth: &Auth,
    vars: &mut Variables,
    unsupported: &mut Unsupported,
    warnings: &mut Warnings,
) -> Result<Tree<'a>> {
    let mut tree = Tree::default();
    let root = Folder { name: None, description: None, auth: collection_auth, depth: 0 };
    let mut state = State { tree: &mut tree, vars, unsupported, warnings };
    walk_items(items, loc, &root, &mut state)?;
    Ok(tree)
}

/// What the walk fills in as it goes.
struct State<'s, 'a> {
    tree: &'s mut Tree<'a>,
    vars: &'s mut Variables,
    unsupported: &'s mut Unsupported,
    warnings: &'s mut Warnings,
}

fn walk_items<'a>(
    items: &'a [Value],
    loc: &Location,
    folder: &Folder<'_>,
    state: &mut State<'_, 'a>,
) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        let item_loc = loc.child(&i.to_string());
        let Some(map) = item.as_object() else {
            state.warnings.push(item_loc, "item is not an object: skipped");
            continue;
        };
        let name = map.get("name").and_then(Value::as_str).unwrap_or_default().trim();
        state.vars.define(map.get("variable"));
        if let Some(children) = map.get("item") {
            if folder.depth >= MAX_DEPTH {
                return Err(Error::input(
                    item_loc,
                    format!("folders are nested more than {MAX_DEPTH} levels deep"),
                ));
            }
            let own = auth::read(map.get("auth"), &item_loc.child("auth"), state.unsupported, state.warnings);
            let inner = Folder {
                name: Some(name).filter(|n| !n.is_empty()),
                description: description(map.get("description")),
                auth: if own == Auth::Inherit { folder.auth } else { &own },
                depth: folder.depth + 1,
            };
            match children {
                Value::Array(list) => {
                    walk_items(list, &item_loc.child("item"), &inner, state)?;
                }
                Value::Null => state.warnings.push(item_loc.child("item"), "folder has no items"),
                _ => {
                    return Err(Error::input(
                        item_loc.child("item"),
                        "a folder's `item` must be an array",
                    ));
                }
            }
        } else if let Some(request) = map.get("request") {
            let request_auth_loc = item_loc.child("request").child("auth");
            let own = auth::read(request.get("auth"), &request_auth_loc, state.unsupported, state.warnings);
            let auth = if own == Auth::Inherit { folder.auth.clone() } else { own };
            if let Some(tag) = folder.name {
                if !state.tree.tags.iter().any(|(t, _)| t == tag) {
                    state.tree.tags.push((tag.to_string(), folder.description.clone()));
                }
            }
            state.tree.requests.push(RequestItem {
                loc: item_loc,
                name: name.to_string(),
                tag: folder.name.map(str::to_string),
                auth,
                item,
            });
        } else {
            state
                .warnings
                .push(item_loc, format!("item `{name}` has neither `request` nor `item`: skipped"));
        }
    }
    Ok(())
}
