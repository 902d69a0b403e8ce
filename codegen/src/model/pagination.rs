//! Offset pagination: list operations with integer `limit` and `offset` query parameters whose
//! success body is an array, or an object with exactly one array field, get a stream that pages
//! until a short page.

use super::{Field, Operation, PageItems, Pagination, ParamLocation, TypeDef, TypeKind, TypeRef};

/// The pagination of `op`, if it has the `limit`/`offset` shape.
pub fn detect(op: &Operation, defs: &[TypeDef]) -> Option<Pagination> {
    let param = |name: &str| {
        op.params.iter().find(|p| {
            p.location == ParamLocation::Query && p.name == name && !p.required && matches!(p.ty, TypeRef::Integer(_))
        })
    };
    let (limit, offset) = (param("limit")?, param("offset")?);
    if op.success_enum.is_some() {
        return None;
    }
    let success = op.success_type()?;
    let (items, item_ty) = match &success {
        TypeRef::Array(item) => (PageItems::Body, (**item).clone()),
        TypeRef::Named(name) => {
            let def = defs.iter().find(|d| &d.name == name)?;
            let TypeKind::Struct(fields) = &def.kind else { return None };
            let arrays: Vec<&Field> = fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_))).collect();
            let [field] = arrays.as_slice() else { return None };
            let TypeRef::Array(item) = &field.ty else { return None };
            let place = if field.is_optional() {
                PageItems::OptionalField(field.rust_name.clone())
            } else {
                PageItems::RequiredField(field.rust_name.clone())
            };
            (place, (**item).clone())
        }
        _ => return None,
    };
    Some(Pagination { limit: limit.rust_name.clone(), offset: offset.rust_name.clone(), items, item_ty })
}
