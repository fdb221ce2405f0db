//! `report.html`: the delivery's report for a data-protection officer, in Japanese with English
//! alongside. One self-contained file (inline CSS and SVG, no script, no external asset), rendered
//! with askama from `report.html` beside this file; every value is escaped by the template.
//!
//! Like `report.json` it holds counts, rule parameters in words, file names and hashes, never a
//! cell value and never key material.

use askama::Template;

use super::Report;
use super::appi::{self, Block};
use crate::risk::Measures;

#[derive(Template)]
#[template(path = "report.html", config = "src/report/askama.toml")]
struct Page<'a> {
    r: &'a Report,
    mode_ja: &'static str,
    mode_en: &'static str,
    key_ja: String,
    key_en: String,
    rows_in: u64,
    rows_out: u64,
    datasets: Vec<DatasetView<'a>>,
    joins: Vec<JoinView<'a>>,
    statement: Vec<BlockView>,
    detectors: String,
}

struct DatasetView<'a> {
    name: &'a str,
    inputs: String,
    output: &'a str,
    format: String,
    rows_in: u64,
    rows_out: u64,
    columns: Vec<ColumnView<'a>>,
    dropped: String,
    risk: Option<RiskView<'a>>,
    linked: Vec<String>,
}

struct ColumnView<'a> {
    name: &'a str,
    ja: &'a str,
    en: &'a str,
    types: String,
    nulls_in: u64,
    unparsed: u64,
    nulls_out: u64,
    gate: Option<String>,
}

struct RiskView<'a> {
    quasi_identifiers: String,
    subject: Option<&'a str>,
    min_k: u64,
    min_l: String,
    max_suppression: String,
    suppress: &'static str,
    before: MeasureView,
    after: MeasureView,
    chart: Chart,
    generalisation: Vec<LevelView<'a>>,
    recoded: Vec<String>,
    suppressed_rows: u64,
    suppressed_subjects: u64,
    nulled_rows: u64,
    suppressed_share: String,
    search: String,
    traces: Option<String>,
    arx_loss: String,
}

struct LevelView<'a> {
    column: &'a str,
    level: usize,
    max_level: usize,
    ja: &'a str,
    en: &'a str,
}

struct MeasureView {
    k: u64,
    classes: u64,
    rows: u64,
    subjects: u64,
    below_k: u64,
    unique: String,
    prosecutor: String,
    marketer: String,
    l: String,
    t: String,
}

struct JoinView<'a> {
    left: &'a str,
    right: &'a str,
    on: &'a str,
    min_k: String,
    before: MeasureView,
    after: MeasureView,
    unlinked: u64,
    unlinked_share: String,
    reason: Option<&'a str>,
    implied: bool,
    /// m of k^m over the linked subjects' traces.
    trace_items: usize,
    km_before: u64,
    km_after: u64,
    min_km: String,
    unlinked_for_traces: u64,
}

/// The class-size distribution before and after the gate as grouped bars.
struct Chart {
    width: u32,
    height: u32,
    base: u32,
    bars: Vec<Bar>,
    labels: Vec<Label>,
}

struct Bar {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
    after: bool,
    count: u64,
}

struct Label {
    x: u32,
    text: String,
}

/// A statement block: `html` is escaped inline markup (see `appi::inline_html`); list items
/// say where their list opens and closes.
struct BlockView {
    tag: &'static str,
    html: String,
    sub: bool,
    list_start: bool,
    list_end: bool,
}

fn percent(share: f64) -> String {
    format!("{:.2} %", share * 100.0)
}

fn measure(m: &Measures) -> MeasureView {
    MeasureView {
        k: m.k,
        classes: m.classes,
        rows: m.rows,
        subjects: m.subjects,
        below_k: m.subjects_below_k,
        unique: percent(m.unique_share),
        prosecutor: format!("{:.4}", m.prosecutor_risk),
        marketer: format!("{:.4}", m.marketer_risk),
        l: if m.l_diversity.is_empty() {
            "—".into()
        } else {
            m.l_diversity
                .iter()
                .map(|l| format!("{}: {} ({:.2})", l.attribute, l.distinct_l, l.entropy_l))
                .collect::<Vec<_>>()
                .join(", ")
        },
        t: if m.t_closeness.is_empty() {
            "—".into()
        } else {
            m.t_closeness
                .iter()
                .map(|t| format!("{}: {:.3} ({})", t.attribute, t.t, t.distance))
                .collect::<Vec<_>>()
                .join(", ")
        },
    }
}

const CHART_W: u32 = 560;
const CHART_H: u32 = 200;
const CHART_BASE: u32 = 170;
const CHART_TOP: u32 = 16;

fn chart(before: &Measures, after: &Measures) -> Chart {
    let max = before
        .class_sizes
        .iter()
        .chain(&after.class_sizes)
        .map(|(_, c)| *c)
        .max()
        .unwrap_or(0)
        .max(1);
    let groups = before.class_sizes.len().max(1) as u32;
    let group_w = (CHART_W - 40) / groups;
    let bar_w = group_w / 3;
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    let height = |c: u64| -> u32 {
        // A class count above zero always shows at least one pixel.
        let h = (c as f64 / max as f64 * f64::from(CHART_BASE - CHART_TOP)).round() as u32;
        if c > 0 { h.max(1) } else { 0 }
    };
    for (i, (label, b)) in before.class_sizes.iter().enumerate() {
        let x0 = 40 + i as u32 * group_w;
        let a = after
            .class_sizes
            .iter()
            .find(|(l, _)| l == label)
            .map_or(0, |(_, c)| *c);
        for (j, (count, is_after)) in [(*b, false), (a, true)].into_iter().enumerate() {
            let h = height(count);
            bars.push(Bar {
                x: x0 + bar_w / 2 + j as u32 * bar_w,
                y: CHART_BASE - h,
                w: bar_w - 2,
                h,
                after: is_after,
                count,
            });
        }
        labels.push(Label {
            x: x0 + group_w / 2,
            text: label.clone(),
        });
    }
    Chart {
        width: CHART_W,
        height: CHART_H,
        base: CHART_BASE,
        bars,
        labels,
    }
}

fn dataset_view(d: &super::DatasetReport) -> DatasetView<'_> {
    let risk = d.risk.as_ref().map(|g| RiskView {
        quasi_identifiers: g.before.quasi_identifiers.join(", "),
        subject: g.before.subject.as_deref(),
        min_k: g.min_k,
        min_l: g.min_l.map_or_else(|| "—".into(), |l| l.to_string()),
        max_suppression: percent(g.max_suppression),
        suppress: match g.suppress {
            crate::risk::Suppress::Rows => "行を削除 / remove rows",
            crate::risk::Suppress::Cells => "セルを空に / null cells",
        },
        before: measure(&g.before),
        after: measure(&g.after),
        chart: chart(&g.before, &g.after),
        generalisation: g
            .generalisation
            .iter()
            .map(|l| LevelView {
                column: &l.column,
                level: l.level,
                max_level: l.max_level,
                ja: &l.method.ja,
                en: &l.method.en,
            })
            .collect(),
        recoded: g
            .idiosyncratic
            .iter()
            .map(|r| {
                format!(
                    "{}: {} values, {} rows {} `{}`",
                    r.column, r.values, r.rows, r.method, r.label
                )
            })
            .collect(),
        suppressed_rows: g.suppressed_rows,
        suppressed_subjects: g.suppressed_subjects,
        nulled_rows: g.nulled_rows,
        suppressed_share: percent(g.suppressed_share),
        traces: g.traces.as_ref().map(|t| {
            format!(
                "訪問の軌跡（k^m、m = {m}）: k {} → {}、一意な軌跡 {} → {}、点を削除した行 {}（本人 {}） / \
                 traces (k^m, m = {m}): k {} → {}, unique traces {} → {}, {} rows of {} subjects' points suppressed{}",
                t.before.k,
                t.after.k,
                percent(t.before.unique_trace_share),
                percent(t.after.unique_trace_share),
                t.suppressed_rows,
                t.touched_subjects,
                t.before.k,
                t.after.k,
                percent(t.before.unique_trace_share),
                percent(t.after.unique_trace_share),
                t.suppressed_rows,
                t.touched_subjects,
                match t.min_km {
                    Some(k) => format!(" (min-km {k})"),
                    None => " (measured only)".into(),
                },
                m = t.before.items,
            )
        }),
        arx_loss: format!("{:.4}", g.arx_loss),
        search: g.search.as_ref().map_or_else(
            || "不要（初めから基準を満たした） / not needed: the data met the thresholds as delivered by its rules".into(),
            |s| format!("{} nodes, {} evaluated", s.nodes, s.evaluated),
        ),
    });
    DatasetView {
        name: &d.name,
        inputs: d
            .inputs
            .iter()
            .map(|i| format!("{} ({} bytes)", i.path, i.bytes))
            .collect::<Vec<_>>()
            .join(", "),
        output: &d.output.file,
        format: match d.output.compression {
            Some(c) => format!("{} ({c})", d.output.format),
            None => d.output.format.to_string(),
        },
        rows_in: d.rows_in,
        rows_out: d.rows_out,
        columns: d
            .columns
            .iter()
            .map(|c| ColumnView {
                name: &c.name,
                ja: &c.method.ja,
                en: &c.method.en,
                types: format!("{} → {}", c.input_type, c.output_type),
                nulls_in: c.nulls_in,
                unparsed: c.unparsed,
                nulls_out: c.nulls_out,
                gate: d.risk.as_ref().and_then(|g| {
                    g.generalisation
                        .iter()
                        .find(|l| l.column == c.name && l.level > 0)
                        .map(|l| format!("{} / {}", l.method.ja, l.method.en))
                }),
            })
            .collect(),
        dropped: d.dropped.join(", "),
        risk,
        linked: d
            .linked
            .iter()
            .map(|l| {
                format!(
                    "{} で削除された本人 {} 人の {} 行を{} / {} row(s) of {} subject(s) suppressed in {} {} (column {})",
                    l.from,
                    l.subjects,
                    l.rows,
                    if l.action == "removed" { "削除" } else { "リンク解除（列を空に）" },
                    l.rows,
                    l.subjects,
                    l.from,
                    l.action,
                    l.column
                )
            })
            .collect(),
    }
}

/// The page.
pub(crate) fn render(report: &Report) -> Result<String, askama::Error> {
    let anonymous = report.mode == "anonymous";
    let (key_ja, key_en) = if report.key.source == "ephemeral" {
        (
            "この提供のためだけの一時鍵（処理の終了時に破棄）".to_string(),
            "ephemeral key for this delivery only, destroyed when processing ended".to_string(),
        )
    } else {
        (
            format!("保管鍵（指紋 {}）", report.key.fingerprint),
            format!("kept key, fingerprint {}", report.key.fingerprint),
        )
    };
    let blocks = appi::blocks(report);
    let is_item = |i: usize| matches!(blocks.get(i), Some(Block::Item { .. }));
    let statement = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let (tag, text, sub) = match b {
                Block::H1(t) => ("h3", t, false),
                Block::H2(t) => ("h4", t, false),
                Block::H3(t) => ("h5", t, false),
                Block::P(t) => ("p", t, false),
                Block::Item { sub, text } => ("li", text, *sub),
            };
            BlockView {
                tag,
                html: appi::inline_html(text),
                sub,
                list_start: tag == "li" && (i == 0 || !is_item(i - 1)),
                list_end: tag == "li" && !is_item(i + 1),
            }
        })
        .collect();
    let page = Page {
        r: report,
        mode_ja: if anonymous {
            "匿名加工情報"
        } else {
            "仮名加工情報"
        },
        mode_en: if anonymous {
            "anonymously processed information"
        } else {
            "pseudonymously processed information"
        },
        key_ja,
        key_en,
        rows_in: report.datasets.iter().map(|d| d.rows_in).sum(),
        rows_out: report.datasets.iter().map(|d| d.rows_out).sum(),
        datasets: report.datasets.iter().map(dataset_view).collect(),
        joins: report
            .joined_risk
            .iter()
            .map(|j| JoinView {
                left: &j.datasets[0],
                right: &j.datasets[1],
                on: &j.on,
                min_k: j.min_k.map_or_else(|| "—".into(), |k| k.to_string()),
                before: measure(&j.before),
                after: measure(&j.after),
                unlinked: j.unlinked_subjects,
                unlinked_share: percent(j.unlinked_share),
                reason: j.reason.as_deref(),
                implied: j.implied,
                trace_items: j.traces.before.items,
                km_before: j.traces.before.k,
                km_after: j.traces.after.k,
                min_km: j
                    .traces
                    .min_km
                    .map_or_else(|| "—".into(), |k| k.to_string()),
                unlinked_for_traces: j.traces.unlinked_subjects,
            })
            .collect(),
        statement,
        detectors: report.verification.detectors.join(", "),
    };
    page.render()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_chart_scales_to_the_largest_count_and_shows_every_nonzero_count() {
        let m = crate::risk::Measures {
            class_sizes: vec![("1".into(), 1000), ("2".into(), 1)],
            ..Default::default()
        };
        let c = super::chart(&m, &m);
        assert_eq!(c.bars.len(), 4);
        assert_eq!(c.bars[0].y, super::CHART_TOP);
        assert_eq!(c.bars[2].h, 1);
        assert!(c.bars.iter().all(|b| b.y + b.h == super::CHART_BASE));
    }
}
