//! `postal-code` (Japanese): keep the first 1–3 digits of a 7-digit 郵便番号. Accepts 〒, full-width
//! digits, any dash or none, spaces. Anything that is not 7 digits → null.

use super::{TextRule, fold_dashes, nfkc};

pub(crate) struct PostalCode {
    pub(crate) digits: usize,
}

impl TextRule for PostalCode {
    fn transform(&self, raw: &str) -> Option<String> {
        let n = nfkc(raw);
        let n = fold_dashes(&n);
        let mut digits = String::with_capacity(7);
        for c in n.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '〒' | '-' | ' ' | '\u{3000}' => {}
                _ => return None,
            }
        }
        if digits.len() != 7 {
            return None;
        }
        digits.truncate(self.digits);
        Some(digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let p = PostalCode { digits: 3 };
        for v in [
            "160-0023",
            "1600023",
            "〒160-0023",
            "〒 160-0023",
            "１６０－００２３",
            "160ー0023",
        ] {
            assert_eq!(p.transform(v).as_deref(), Some("160"), "{v}");
        }
        assert_eq!(p.transform("160-002"), None);
        assert_eq!(p.transform("abc-defg"), None);
        assert_eq!(
            PostalCode { digits: 1 }.transform("160-0023").as_deref(),
            Some("1")
        );
    }
}
