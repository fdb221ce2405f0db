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

use std::fmt::Write as _;

use super::Report;

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

/// The items of information the delivery holds, one line per delivered column.
fn items(report: &Report, out: &mut String) {
    for d in &report.datasets {
        let _ = writeln!(
            out,
            "\n**{}** (`{}`, {} 件 / rows)\n",
            d.name, d.output.file, d.rows_out
        );
        for c in &d.columns {
            let _ = writeln!(out, "- `{}`: {} — {}", c.name, c.method.ja, c.method.en);
            // The risk gate may have coarsened the column further.
            let level = d.risk.as_ref().and_then(|r| {
                r.generalisation
                    .iter()
                    .find(|g| g.column == c.name && g.level > 0)
            });
            if let Some(g) = level {
                let top = g.level == g.max_level;
                let _ = writeln!(
                    out,
                    "  - 再識別リスクの判定によりさらに粗くした（{} 段階中 {} 段階目{}） — further generalised by the \
                     re-identification gate (level {} of {}{})",
                    g.max_level,
                    g.level,
                    if top { "、値は伏せる" } else { "" },
                    g.level,
                    g.max_level,
                    if top { ": the value is withheld" } else { "" },
                );
            }
        }
        if !d.dropped.is_empty() {
            let _ = writeln!(
                out,
                "- 削除した項目 / deleted: {}",
                d.dropped
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
}

/// The statement as Markdown.
pub(crate) fn statement(report: &Report) -> String {
    let mut s = String::new();
    let formats: Vec<String> = report
        .datasets
        .iter()
        .map(|d| format!("`{}` ({})", d.output.file, d.output.format))
        .collect();
    if report.mode == "anonymous" {
        let _ = writeln!(
            s,
            "# 匿名加工情報の提供に関する公表事項及び明示 / Publication and notice for anonymously processed information\n"
        );
        let _ = writeln!(
            s,
            "提供先 / Recipient: {}（{}）\n\nジョブ / Job: `{}` (SHA-256 `{}`)\n",
            report.recipient,
            kind_words(&report.recipient_kind).0,
            report.job.name,
            report.job.sha256
        );
        let _ = writeln!(
            s,
            "## 1. 公表事項 / Items to publish (APPI Art. 43(3), 44)\n\n\
             ### 匿名加工情報に含まれる個人に関する情報の項目 / Items of information about individuals\n"
        );
        items(report, &mut s);
        let _ = writeln!(
            s,
            "\n### 提供の方法 / Method of provision\n\n\
             電子ファイル {} を、受領者のみがアクセスできる方法で引き渡す。各ファイルの SHA-256 は `manifest.json` に記載する。\n\n\
             Electronic files {} are handed over by a channel only the recipient can access; each file's SHA-256 is listed in `manifest.json`.\n",
            formats.join("、"),
            formats.join(", ")
        );
        let _ = writeln!(
            s,
            "## 2. 受領者への明示 / Notice to the recipient (APPI Art. 44, 45)\n\n\
             本データは、個人情報保護法に定める**匿名加工情報**です。含まれる項目は上記1のとおりです。\
             受領者は、本データの作成に用いられた個人情報に係る本人を識別するために、本データを他の情報と照合してはならず、\
             また、削除された記述等若しくは個人識別符号又は加工の方法に関する情報を取得してはなりません。\n\n\
             This data is **anonymously processed information** (匿名加工情報) under Japan's Act on the Protection of Personal \
             Information; its items are listed in section 1. The recipient must not collate it with other information to \
             identify the individuals it was made from, and must not obtain the deleted descriptions or identification codes, \
             or information on the processing method.\n\n\
             仮IDは本提供のためだけに生成した鍵で作成し、鍵は処理の終了時に破棄した。他の提供や元データとは照合できない。\n\n\
             Pseudonymous IDs were made with a key drawn for this delivery only and destroyed when processing ended; they \
             cannot be linked to other deliveries or to the source data."
        );
    } else {
        let (ja, en) = kind_words(&report.recipient_kind);
        let _ = writeln!(
            s,
            "# 仮名加工情報の提供に関する記録 / Record of a pseudonymously processed information delivery\n"
        );
        let _ = writeln!(
            s,
            "提供先 / Recipient: {}（{}） / {} ({})\n\nジョブ / Job: `{}` (SHA-256 `{}`)\n",
            report.recipient, ja, report.recipient, en, report.job.name, report.job.sha256
        );
        let _ = writeln!(s, "## 1. 含まれる項目 / Items\n");
        items(report, &mut s);
        let _ = writeln!(
            s,
            "\n## 2. 取扱い / Handling (APPI Art. 41)\n\n\
             本データは**仮名加工情報**です。第三者に提供してはならず（第41条第6項）、提供先は{ja}に限ります。\
             利用目的の範囲内でのみ利用し、本人を識別するために他の情報と照合してはなりません。\
             削除情報等（仮IDの鍵、指紋 `{fp}`）は提供元が安全に管理し、提供しません。\n\n\
             This data is **pseudonymously processed information** (仮名加工情報). It must not be provided to third parties \
             (Art. 41(6)); it goes only to {en}. It may be used only within the stated purposes and must not be collated \
             with other information to identify anyone. The deleted information (the pseudonym key, fingerprint `{fp}`) \
             stays with the provider and is not delivered.",
            fp = report.key.fingerprint
        );
    }
    s
}
