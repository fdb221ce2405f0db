//! `text`: scrubs free text with the identifier detectors (and the dataset's known identifier
//! values), replacing each finding with a typed placeholder such as `<EMAIL>` or `<NAME>` while
//! the text around it survives byte for byte.

use std::sync::Arc;

use super::TextRule;
use crate::detect::Detector;

pub(crate) struct Text {
    pub(crate) detector: Arc<Detector>,
}

/// Scrubbing passes at most. Replacing a finding with a shorter placeholder can bring a keyword
/// within reach of a number (`マイナンバー` + `<NAME>様の` + a 4-4-4 number), so changed text is
/// scanned again until nothing more is found; the delivery check found such a case.
const MAX_PASSES: usize = 4;

impl TextRule for Text {
    fn transform(&self, value: &str) -> Option<String> {
        let mut text = match self.detector.scrub(value) {
            std::borrow::Cow::Borrowed(b) => return Some(b.to_string()),
            std::borrow::Cow::Owned(o) => o,
        };
        for _ in 1..MAX_PASSES {
            match self.detector.scrub(&text) {
                std::borrow::Cow::Borrowed(_) => break,
                std::borrow::Cow::Owned(o) => text = o,
            }
        }
        Some(text)
    }
}
