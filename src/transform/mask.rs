//! `mask`: keep the first and/or last N characters, replace the rest (e.g. the last 4 digits of
//! a card). A value too short to hide anything is masked entirely, never shown whole.

use super::TextRule;

pub(crate) struct Mask {
    pub(crate) keep_first: usize,
    pub(crate) keep_last: usize,
    pub(crate) with: char,
}

impl Mask {
    pub(crate) fn mask(&self, value: &str) -> String {
        let n = value.chars().count();
        if n <= self.keep_first + self.keep_last {
            return std::iter::repeat_n(self.with, n).collect();
        }
        value
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i < self.keep_first || i >= n - self.keep_last {
                    c
                } else {
                    self.with
                }
            })
            .collect()
    }
}

impl TextRule for Mask {
    fn transform(&self, value: &str) -> Option<String> {
        Some(self.mask(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_last_four() {
        let m = Mask {
            keep_first: 0,
            keep_last: 4,
            with: '*',
        };
        assert_eq!(m.mask("4111111111111111"), "************1111");
        assert_eq!(m.mask("1234"), "****");
        assert_eq!(m.mask("山田太郎様"), "*田太郎様");
        let m = Mask {
            keep_first: 1,
            keep_last: 0,
            with: '●',
        };
        assert_eq!(m.mask("佐藤"), "佐●");
    }
}
