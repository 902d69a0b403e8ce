//! Percent-decoding (RFC 3986 §2.1), shared by the stages that read URL text: `$ref` fragments,
//! Postman query values, the paths the generated tests compare.

/// The bytes `text` stands for with its `%XX` escapes decoded; a `%` not followed by two hex
/// digits is kept as it is.
pub fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// `text` decoded, bytes that are not UTF-8 replaced.
pub fn decode_lossy(text: &str) -> String {
    String::from_utf8_lossy(&decode(text)).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_decode_and_stray_percents_stay() {
        assert_eq!(super::decode_lossy("a%20b%2Fc%zz%4"), "a b/c%zz%4");
        assert_eq!(super::decode("%C3%A9"), "é".as_bytes());
    }
}
