//! Checksums of written files: SHA-256 and size, read back in 1 MiB blocks.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The size and SHA-256 (lower-case hex) of the file at `path`.
pub(crate) fn sha256_file(path: &Path) -> Result<(u64, String)> {
    let mut f = std::fs::File::open(path).map_err(|e| {
        Error::io(format!(
            "cannot read back `{}`: {}",
            path.display(),
            e.kind()
        ))
    })?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(|e| {
            Error::io(format!(
                "cannot read back `{}`: {}",
                path.display(),
                e.kind()
            ))
        })?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((n, hex::encode(h.finalize())))
}
