//! `appi_statement.md`: the statements APPI asks for with a delivery, in Japanese with an English
//! translation, generated from the job and the columns actually delivered (see
//! `../shared/docs/appi.md`; a summary to build from, not legal advice).
//!
//! - Anonymous mode (匿名加工情報): the publication items (公表事項, Art. 43(3), 44): the items of
//!   information about individuals the data contains and the method of provision; and the notice
//!   to the recipient (Art. 44, 45): that the data is 匿名加工情報, its items, and that the
//!   recipient must not try to identify anyone nor obtain the deleted descriptions or the
//!   processing method.
//! - Pseudonymous mode (仮名加工情報): who receives it and why that is allowed (a contractor, joint
//!   use or a business successor, Art. 41(6)), that it must not be provided to third parties, used
//!   beyond the stated purposes, or used to identify anyone, and that the deleted information (the
//!   key) stays with the shop.
//!
//! The statement names columns and what they hold, never a value.

use super::Report;

/// One block of the statement; the Markdown file and `report.html` are both rendered from these.
/// Inline text may hold `code` spans and **strong** spans (Markdown's own syntax).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    H1(String),
    H2(String),
    H3(String),
    P(String),
    /// A list item; `sub` items belong to the item before them.
    Item {
        sub: bool,
        text: String,
    },
}

fn kind_words(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "contractor" => (
            "委託先（個人情報保護法第27条第5項第1号）",
            "a contractor (APPI Art. 27(5)(i))",
        ),
        "joint-use" => ("共同利用者（同第3号）", "a joint user (Art. 27(5)(iii))"),
        "succession" => (
            "事業の承継者（同第2号）",
            "a business successor (Art. 27(5)(ii))",
        ),
        _ => ("第三者", "a third party"),
    }
}

/// The items of information the delivery holds, one item per delivered column.
fn items(report: &Report, out: &mut Vec<Block>) {
    for d in &report.datasets {
        out.push(Block::P(format!(
            "**{}** (`{}`, {} 件 / rows)",
            d.name, d.output.file, d.rows_out
        )));
        for c in &d.columns {
            out.push(Block::Item {
                sub: false,
                text: format!("`{}`: {} — {}", c.name, c.method.ja, c.method.en),
            });
            // The risk gate may have coarsened the column further.
            let level = d.risk.as_ref().and_then(|r| {
                r.generalisation
                    .iter()
                    .find(|g| g.column == c.name && g.level > 0)
            });
            if let Some(g) = level {
                out.push(Block::Item {
                    sub: true,
                    text: format!(
                        "再識別リスクの判定によりさらに粗くした（{} 段階中 {} 段階目: {}） — further generalised by the \
                         re-identification gate (level {} of {}: {})",
                        g.max_level, g.level, g.method.ja, g.level, g.max_level, g.method.en,
                    ),
                });
            }
            // Idiosyncratic values the gate recoded (特異な記述の削除, Rule 34(iv)): a column
            // "kept as is" may still have had its rare values grouped or top-coded.
            for r in d
                .risk
                .iter()
                .flat_map(|r| &r.idiosyncratic)
                .filter(|r| r.column == c.name)
            {
                let ja = match r.method {
                    "top-coded" => "上限でまとめた（トップコーディング）",
                    "bottom-coded" => "下限でまとめた（ボトムコーディング）",
                    _ => "「other」にまとめた",
                };
                out.push(Block::Item {
                    sub: true,
                    text: format!(
                        "特異な記述として {} 種類の値（{} 件）を{}: `{}` — {} distinct value(s) in {} row(s) {} by the \
                         re-identification gate as idiosyncratic: `{}`",
                        r.values, r.rows, ja, r.label, r.values, r.rows, r.method, r.label
                    ),
                });
            }
        }
        if !d.dropped.is_empty() {
            out.push(Block::Item {
                sub: false,
                text: format!(
                    "削除した項目 / deleted: {}",
                    d.dropped
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
}

/// The statement's blocks.
pub(crate) fn blocks(report: &Report) -> Vec<Block> {
    let mut b = Vec::new();
    let formats: Vec<String> = report
        .datasets
        .iter()
        .map(|d| format!("`{}` ({})", d.output.file, d.output.format))
        .collect();
    if report.mode == "anonymous" {
        b.push(Block::H1(
            "匿名加工情報の提供に関する公表事項及び明示 / Publication and notice for anonymously processed information".into(),
        ));
        b.push(Block::P(format!(
            "提供先 / Recipient: {}（{}）",
            report.recipient,
            kind_words(&report.recipient_kind).0,
        )));
        b.push(Block::P(format!(
            "ジョブ / Job: `{}` (SHA-256 `{}`)",
            report.job.name, report.job.sha256
        )));
        b.push(Block::H2(
            "1. 公表事項 / Items to publish (APPI Art. 43(3), 44)".into(),
        ));
        b.push(Block::H3(
            "匿名加工情報に含まれる個人に関する情報の項目 / Items of information about individuals"
                .into(),
        ));
        items(report, &mut b);
        b.push(Block::H3("提供の方法 / Method of provision".into()));
        b.push(Block::P(format!(
            "電子ファイル {} を、受領者のみがアクセスできる方法で引き渡す。各ファイルの SHA-256 は `manifest.json` に記載する。",
            formats.join("、")
        )));
        b.push(Block::P(format!(
            "Electronic files {} are handed over by a channel only the recipient can access; each file's SHA-256 is listed in `manifest.json`.",
            formats.join(", ")
        )));
        b.push(Block::H2(
            "2. 受領者への明示 / Notice to the recipient (APPI Art. 44, 45)".into(),
        ));
        b.push(Block::P(
            "本データは、個人情報保護法に定める**匿名加工情報**です。含まれる項目は上記1のとおりです。\
             受領者は、本データの作成に用いられた個人情報に係る本人を識別するために、本データを他の情報と照合してはならず、\
             また、削除された記述等若しくは個人識別符号又は加工の方法に関する情報を取得してはなりません。"
                .into(),
        ));
        b.push(Block::P(
            "This data is **anonymously processed information** (匿名加工情報) under Japan's Act on the Protection of Personal \
             Information; its items are listed in section 1. The recipient must not collate it with other information to \
             identify the individuals it was made from, and must not obtain the deleted descriptions or identification codes, \
             or information on the processing method."
                .into(),
        ));
        b.push(Block::P(
            "仮IDは本提供のためだけに生成した鍵で作成し、鍵は処理の終了時に破棄した。他の提供や元データとは照合できない。".into(),
        ));
        b.push(Block::P(
            "Pseudonymous IDs were made with a key drawn for this delivery only and destroyed when processing ended; they \
             cannot be linked to other deliveries or to the source data."
                .into(),
        ));
    } else {
        let (ja, en) = kind_words(&report.recipient_kind);
        b.push(Block::H1(
            "仮名加工情報の提供に関する記録 / Record of a pseudonymously processed information delivery".into(),
        ));
        b.push(Block::P(format!(
            "提供先 / Recipient: {}（{}） / {} ({})",
            report.recipient, ja, report.recipient, en
        )));
        b.push(Block::P(format!(
            "ジョブ / Job: `{}` (SHA-256 `{}`)",
            report.job.name, report.job.sha256
        )));
        b.push(Block::H2("1. 含まれる項目 / Items".into()));
        items(report, &mut b);
        b.push(Block::H2("2. 取扱い / Handling (APPI Art. 41)".into()));
        let fp = &report.key.fingerprint;
        b.push(Block::P(format!(
            "本データは**仮名加工情報**です。第三者に提供してはならず（第41条第6項）、提供先は{ja}に限ります。\
             利用目的の範囲内でのみ利用し、本人を識別するために他の情報と照合してはなりません。\
             削除情報等（仮IDの鍵、指紋 `{fp}`）は提供元が安全に管理し、提供しません。"
        )));
        b.push(Block::P(format!(
            "This data is **pseudonymously processed information** (仮名加工情報). It must not be provided to third parties \
             (Art. 41(6)); it goes only to {en}. It may be used only within the stated purposes and must not be collated \
             with other information to identify anyone. The deleted information (the pseudonym key, fingerprint `{fp}`) \
             stays with the provider and is not delivered."
        )));
    }
    b
}

/// The statement as Markdown (`appi_statement.md`).
pub(crate) fn statement(report: &Report) -> String {
    let mut s = String::new();
    let mut in_list = false;
    for block in blocks(report) {
        let is_item = matches!(block, Block::Item { .. });
        if in_list && !is_item {
            s.push('\n');
        }
        in_list = is_item;
        match block {
            Block::H1(t) => s.push_str(&format!("# {t}\n\n")),
            Block::H2(t) => s.push_str(&format!("## {t}\n\n")),
            Block::H3(t) => s.push_str(&format!("### {t}\n\n")),
            Block::P(t) => s.push_str(&format!("{t}\n\n")),
            Block::Item { sub: false, text } => s.push_str(&format!("- {text}\n")),
            Block::Item { sub: true, text } => s.push_str(&format!("  - {text}\n")),
        }
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

/// Inline text as HTML: escaped, then `code` and **strong** spans as elements.
pub(crate) fn inline_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut code = false;
    let mut strong = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !code && rest.starts_with("**") {
            out.push_str(if strong { "</strong>" } else { "<strong>" });
            strong = !strong;
            rest = &rest[2..];
            continue;
        }
        match c {
            '`' => {
                out.push_str(if code { "</code>" } else { "<code>" });
                code = !code;
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    // An unpaired marker (a column named with a backtick) must not leave an element open.
    if code {
        out.push_str("</code>");
    }
    if strong {
        out.push_str("</strong>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_is_escaped_then_marked() {
        assert_eq!(
            inline_html("**匿名** `a<b>` & 'x'"),
            "<strong>匿名</strong> <code>a&lt;b&gt;</code> &amp; &#39;x&#39;"
        );
        // Unpaired markers close at the end: the page's structure never depends on a name.
        assert_eq!(inline_html("`col"), "<code>col</code>");
        assert_eq!(inline_html("<script>"), "&lt;script&gt;");
    }
}
