//! `number`: round to a multiple, fixed-width buckets or explicit bucket edges, with top and
//! bottom coding. Accepts typed numbers and text such as `12,800`, `¥12,800`, `12800円`, full
//! width digits. Rounding to a whole multiple gives integers; buckets give labels such as
//! `[10000,20000)`, `100000+` (top-coded) and `<0` (bottom-coded).

use polars::prelude::*;

use super::{ValueRule, nfkc};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NumberMethod {
    /// Round to the nearest multiple of this.
    Round(f64),
    /// Buckets of this width starting at 0.
    Width(f64),
    /// Buckets between these ascending edges.
    Edges(Vec<f64>),
    /// Only top/bottom coding.
    Clamp,
}

pub(crate) struct Number {
    pub(crate) method: NumberMethod,
    pub(crate) top: Option<f64>,
    pub(crate) bottom: Option<f64>,
}

/// Formats a bound without a trailing `.0` when it is whole.
pub(crate) fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub(crate) fn parse_number(raw: &str) -> Option<f64> {
    let s = nfkc(raw);
    let cleaned: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '¥' | '￥' | '円' | ' ' | '_'))
        .collect();
    let v: f64 = cleaned.parse().ok()?;
    v.is_finite().then_some(v)
}

impl Number {
    fn integer_output(&self) -> bool {
        match &self.method {
            NumberMethod::Round(to) => to.fract() == 0.0,
            _ => false,
        }
    }

    fn is_label_output(&self) -> bool {
        matches!(self.method, NumberMethod::Width(_) | NumberMethod::Edges(_))
    }

    fn clamp(&self, v: f64) -> f64 {
        let v = self.top.map_or(v, |t| v.min(t));
        self.bottom.map_or(v, |b| v.max(b))
    }

    pub(crate) fn numeric(&self, v: f64) -> f64 {
        let v = self.clamp(v);
        match &self.method {
            NumberMethod::Round(to) => (v / to).round() * to,
            _ => v,
        }
    }

    pub(crate) fn label(&self, v: f64) -> String {
        if let Some(t) = self.top
            && v >= t
        {
            return format!("{}+", fmt_num(t));
        }
        if let Some(b) = self.bottom
            && v < b
        {
            return format!("<{}", fmt_num(b));
        }
        match &self.method {
            NumberMethod::Width(w) => {
                let lo = (v / w).floor() * w;
                format!("[{},{})", fmt_num(lo), fmt_num(lo + w))
            }
            NumberMethod::Edges(edges) => {
                let first = edges[0];
                let last = edges[edges.len() - 1];
                if v < first {
                    return format!("<{}", fmt_num(first));
                }
                if v >= last {
                    return format!("{}+", fmt_num(last));
                }
                let i = edges.partition_point(|e| *e <= v);
                format!("[{},{})", fmt_num(edges[i - 1]), fmt_num(edges[i]))
            }
            _ => fmt_num(v),
        }
    }

    fn values(input: &Column) -> PolarsResult<Vec<Option<f64>>> {
        Ok(match input.dtype() {
            dt if dt.is_primitive_numeric() => {
                let f = input.cast(&DataType::Float64)?;
                f.f64()?
                    .iter()
                    .map(|v| v.filter(|x| x.is_finite()))
                    .collect()
            }
            _ => {
                let s = input.cast(&DataType::String)?;
                s.str()?.iter().map(|v| v.and_then(parse_number)).collect()
            }
        })
    }
}

impl ValueRule for Number {
    fn output_dtype(&self) -> DataType {
        if self.is_label_output() {
            DataType::String
        } else if self.integer_output() {
            DataType::Int64
        } else {
            DataType::Float64
        }
    }

    fn apply(&self, input: &Column) -> PolarsResult<Column> {
        let vals = Self::values(input)?;
        let name = input.name().clone();
        Ok(if self.is_label_output() {
            let ca: StringChunked = vals.into_iter().map(|v| v.map(|v| self.label(v))).collect();
            ca.with_name(name).into_column()
        } else if self.integer_output() {
            let ca: Int64Chunked = vals
                .into_iter()
                .map(|v| {
                    v.map(|v| self.numeric(v))
                        .filter(|r| r.abs() < 9.0e15)
                        .map(|r| r as i64)
                })
                .collect();
            ca.with_name(name).into_column()
        } else {
            let ca: Float64Chunked = vals
                .into_iter()
                .map(|v| v.map(|v| self.numeric(v)))
                .collect();
            ca.with_name(name).into_column()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transform::test_util::one;

    #[test]
    fn round_and_clamp() {
        let r = Number {
            method: NumberMethod::Round(1000.0),
            top: Some(1_000_000.0),
            bottom: None,
        };
        assert_eq!(one(&r, "12,800").as_deref(), Some("13000"));
        assert_eq!(one(&r, "¥12,400").as_deref(), Some("12000"));
        assert_eq!(one(&r, "１２８００円").as_deref(), Some("13000"));
        assert_eq!(one(&r, "12000000").as_deref(), Some("1000000"));
        assert_eq!(one(&r, "n/a"), None);
    }

    #[test]
    fn width_buckets() {
        let r = Number {
            method: NumberMethod::Width(10000.0),
            top: Some(100000.0),
            bottom: Some(0.0),
        };
        assert_eq!(r.label(12800.0), "[10000,20000)");
        assert_eq!(r.label(0.0), "[0,10000)");
        assert_eq!(r.label(100000.0), "100000+");
        assert_eq!(r.label(-5.0), "<0");
    }

    #[test]
    fn edge_buckets() {
        let r = Number {
            method: NumberMethod::Edges(vec![0.0, 1.0, 5.0, 20.0]),
            top: None,
            bottom: None,
        };
        assert_eq!(r.label(0.0), "[0,1)");
        assert_eq!(r.label(3.0), "[1,5)");
        assert_eq!(r.label(20.0), "20+");
        assert_eq!(r.label(-1.0), "<0");
    }

    #[test]
    fn typed_input() {
        let r = Number {
            method: NumberMethod::Round(10.0),
            top: None,
            bottom: None,
        };
        let c = Int64Chunked::from_iter([Some(14i64), None, Some(15)])
            .with_name("n".into())
            .into_column();
        let out = r.apply(&c).unwrap();
        let v: Vec<Option<i64>> = out.i64().unwrap().iter().collect();
        assert_eq!(v, vec![Some(10), None, Some(20)]);
    }
}
