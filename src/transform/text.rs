//! `text`: scrubs free text with the identifier detectors (and the dataset's known identifier
//! values), replacing each finding with a typed placeholder such as `<EMAIL>` or `<NAME>` while
//! the text around it survives byte for byte.

use std::sync::Arc;

use super::TextRule;
use crate::detect::Detector;

pub(crate) struct Text {
    pub(crate) detector: Arc<Detector>,
}

impl TextRule for Text {
    fn transform(&self, value: &str) -> Option<String> {
        Some(self.detector.scrub(value).into_owned())
    }
}
