//! `report.html`: the delivery's human-readable report. It is self-contained (no script, no
//! external asset), names what was done to every column, carries no raw value, and renders in a
//! real browser to a page that is not blank (headless Chromium, installed by `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::*;

fn sample_delivery(tmp: &Path) -> PathBuf {
    let out = tmp.join("delivery");
    assert_eq!(
        run_job(&root().join("jobs/partner_delivery.toml"), &out, None).code,
        0
    );
    out
}

#[test]
fn the_html_report_is_self_contained_and_says_what_was_done() {
    let tmp = tempfile::tempdir().unwrap();
    let out = sample_delivery(tmp.path());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let lower = html.to_lowercase();
    // Self-contained: no script and nothing fetched from elsewhere.
    for banned in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!lower.contains(banned), "report.html contains `{banned}`");
    }
    assert!(html.contains("<svg"), "the class-size chart is inline SVG");
    assert!(html.contains("提供可") && html.contains("Delivered"));
    assert!(html.contains("匿名加工情報"));
    assert!(html.contains("ephemeral key"), "the key statement");
    // Every delivered column is named with its method in words, as report.json has it.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    for d in report["datasets"].as_array().unwrap() {
        for c in d["columns"].as_array().unwrap() {
            let name = c["name"].as_str().unwrap();
            assert!(html.contains(&format!("<code>{name}</code>")), "{name}");
            let en = c["method"]["en"].as_str().unwrap();
            let escaped = en
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            assert!(html.contains(&escaped), "{name}: {en}");
        }
        if let Some(g) = d["risk"]["generalisation"].as_array() {
            for l in g {
                assert!(html.contains(l["method"]["ja"].as_str().unwrap()));
            }
        }
    }
    // No raw value of the inputs: no e-mail address, no customer ID, no phone of the sample.
    let customers = read_csv(&root().join("sample_data/customers.csv"));
    for col in ["email", "customer_id", "phone", "name"] {
        if customers.column(col).is_err() {
            continue;
        }
        for v in strings(&customers, col).into_iter().flatten().take(2000) {
            assert!(!html.contains(&v), "a raw `{col}` value is in report.html");
        }
    }
    // The checksums and the manifest cover it.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(sums.lines().any(|l| l.ends_with("  report.html")));
}

/// The browser to render with: `TOKUMEI_CHROMIUM`, else `chromium` or `google-chrome` on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TOKUMEI_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// A decoded 8-bit RGB(A) PNG: width, height, and RGB pixels.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<[u8; 3]>,
}

/// Decodes the PNG Chromium writes (8-bit RGB or RGBA, not interlaced): chunks, zlib, then the
/// five scanline filters of the PNG specification (ISO/IEC 15948, section 9).
fn decode_png(bytes: &[u8]) -> Image {
    use std::io::Read as _;
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let mut pos = 8;
    let (mut width, mut height, mut channels) = (0usize, 0usize, 0usize);
    let mut idat = Vec::new();
    while pos + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let data = &bytes[pos + 8..pos + 8 + len];
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap()) as usize;
                height = u32::from_be_bytes(data[4..8].try_into().unwrap()) as usize;
                assert_eq!(data[8], 8, "8-bit samples");
                channels = match data[9] {
                    2 => 3,
                    6 => 4,
                    t => panic!("PNG colour type {t}"),
                };
                assert_eq!(data[12], 0, "not interlaced");
            }
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = width * channels;
    assert_eq!(raw.len(), height * (stride + 1));
    let mut prev = vec![0u8; stride];
    let mut rgb = Vec::with_capacity(width * height);
    for row in raw.chunks(stride + 1) {
        let (filter, line) = (row[0], &row[1..]);
        let mut cur = vec![0u8; stride];
        for i in 0..stride {
            let a = if i >= channels { cur[i - channels] } else { 0 };
            let b = prev[i];
            let c = if i >= channels { prev[i - channels] } else { 0 };
            let pred = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("PNG filter {f}"),
            };
            cur[i] = line[i].wrapping_add(pred);
        }
        rgb.extend(cur.chunks(channels).map(|p| [p[0], p[1], p[2]]));
        prev = cur;
    }
    Image { width, height, rgb }
}

#[test]
fn the_png_decoder_reads_what_it_is_given() {
    // A 2×1 RGB image, filtered with Sub: red then red + (0, 255, 0) = yellow.
    use std::io::Write as _;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&[1, 255, 0, 0, 0, 255, 0]).unwrap();
    let idat = z.finish().unwrap();
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0; 4]); // the CRC is not checked
        c
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &[0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
    png.extend(chunk(b"IDAT", &idat));
    png.extend(chunk(b"IEND", &[]));
    let img = decode_png(&png);
    assert_eq!((img.width, img.height), (2, 1));
    assert_eq!(img.rgb, [[255, 0, 0], [255, 255, 0]]);
}

/// Renders the sample delivery's report in headless Chromium and checks the screenshot: a page
/// with text on it (a real share of non-white pixels, many colours from anti-aliased glyphs) and
/// the report's own colours (the heading rule and the chart's bars, #1f4e79). Skipped when no
/// Chromium is installed, unless `TOKUMEI_REQUIRE_CHROMIUM` is set (`.ci/run` sets it).
#[test]
fn the_html_report_renders_in_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("TOKUMEI_REQUIRE_CHROMIUM").is_none(),
            "TOKUMEI_REQUIRE_CHROMIUM is set but no chromium is on PATH (apt-get install chromium)"
        );
        eprintln!("skipped: no chromium on PATH (set TOKUMEI_CHROMIUM to its path)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = sample_delivery(tmp.path());
    let shot = std::env::var_os("TOKUMEI_SCREENSHOT")
        .map_or_else(|| tmp.path().join("report.png"), PathBuf::from);
    let mut child = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            "--window-size=1280,3000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", out.join("report.html").display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium exited with {status}");
            break;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("chromium did not finish the screenshot in 180 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let img = decode_png(&std::fs::read(&shot).expect("chromium wrote the screenshot"));
    assert_eq!((img.width, img.height), (1280, 3000));
    let non_white = img
        .rgb
        .iter()
        .filter(|p| p.iter().any(|&c| c < 235))
        .count();
    let share = non_white as f64 / img.rgb.len() as f64;
    let colours: std::collections::HashSet<[u8; 3]> = img.rgb.iter().copied().collect();
    let brand = img
        .rgb
        .iter()
        .filter(|p| p[0].abs_diff(0x1f) < 8 && p[1].abs_diff(0x4e) < 8 && p[2].abs_diff(0x79) < 8)
        .count();
    eprintln!(
        "screenshot {}×{}: {:.1} % non-white, {} colours, {} pixels of #1f4e79",
        img.width,
        img.height,
        share * 100.0,
        colours.len(),
        brand
    );
    assert!(share > 0.03, "the page is (nearly) blank: {share}");
    assert!(
        colours.len() > 50,
        "no anti-aliased text: {} colours",
        colours.len()
    );
    assert!(
        brand > 2000,
        "the heading rule and the chart's bars are missing"
    );
}
