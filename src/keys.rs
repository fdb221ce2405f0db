//! Key material for keyed pseudonyms and prefix-preserving IP pseudonyms.
//!
//! Two modes (see docs/appi.md):
//! - anonymous (匿名加工情報): a fresh 32-byte key from the OS per run, held in memory only and
//!   zeroised on drop. It is never written anywhere, so two runs give unlinkable pseudonyms.
//! - pseudonymous (仮名加工情報): the shop's kept key (`TOKUMEI_KEY` or the job's `key-file`),
//!   from which a per-recipient subkey is derived with HKDF-SHA256, so two recipients' files cannot
//!   be joined. Only a fingerprint of the kept key is ever shown.
//!
//! Every purpose (a pseudonym domain, Crypto-PAn) gets its own HKDF-derived key, so values of one
//! domain cannot be matched against another's.

use std::fmt;
use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The environment variable holding the kept key (hex) in pseudonymous mode.
pub(crate) const KEY_ENV: &str = "TOKUMEI_KEY";
/// The shortest kept key accepted, in bytes.
pub(crate) const MIN_KEY_BYTES: usize = 32;

/// Bytes that must never be printed. `Debug` shows `Secret(****)`.
pub(crate) struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

/// Where the run's key came from; shown in the plan and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeySource {
    /// Anonymous mode: generated for this run and destroyed after it.
    Ephemeral,
    /// Pseudonymous mode, from `TOKUMEI_KEY`.
    Env,
    /// Pseudonymous mode, from the job's `key-file`.
    File(PathBuf),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Ephemeral => f.write_str("ephemeral (generated for this run, never stored)"),
            KeySource::Env => write!(f, "${KEY_ENV}"),
            KeySource::File(p) => write!(f, "key-file `{}`", p.display()),
        }
    }
}

/// The key a run derives everything from: the ephemeral key, or the recipient subkey.
#[derive(Debug)]
pub(crate) struct RunKey {
    root: Secret,
    /// Fingerprint of the kept key (pseudonymous mode), `None` for an ephemeral key.
    fingerprint: Option<String>,
    source: KeySource,
}

impl RunKey {
    /// A fresh random key for an anonymous run.
    pub(crate) fn ephemeral() -> Result<Self> {
        let mut bytes = Zeroizing::new(vec![0u8; 32]);
        getrandom::fill(&mut bytes).map_err(|e| {
            Error::io(format!(
                "could not get random bytes from the operating system: {e}"
            ))
        })?;
        Ok(RunKey {
            root: Secret(bytes),
            fingerprint: None,
            source: KeySource::Ephemeral,
        })
    }

    /// An anonymous run's ephemeral key, drawn by a caller that runs the rules in several
    /// processes (`tokumei filter --run-key-file`): 32 or more bytes of hex in a file the caller
    /// removes when the run ends. Reported as ephemeral: it is never kept.
    pub(crate) fn ephemeral_from_file(path: &Path) -> Result<Self> {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
            Error::job(format!(
                "cannot read --run-key-file `{}`: {}",
                path.display(),
                e.kind()
            ))
        })?);
        let root = parse_hex_key(text.trim(), &KeySource::File(path.to_path_buf()))?;
        Ok(RunKey {
            root: Secret(root),
            fingerprint: None,
            source: KeySource::Ephemeral,
        })
    }

    /// The kept key, from `key_file` if given, else from `TOKUMEI_KEY`, narrowed to `recipient`.
    pub(crate) fn kept(key_file: Option<&Path>, recipient: &str) -> Result<Self> {
        let (text, source) = match key_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Error::job(format!(
                        "cannot read key-file `{}`: {}; create it with `openssl rand -hex 32 > {}` and keep it protected",
                        path.display(),
                        e.kind(),
                        path.display()
                    ))
                })?;
                (Zeroizing::new(text), KeySource::File(path.to_path_buf()))
            }
            None => match std::env::var(KEY_ENV) {
                Ok(text) => (Zeroizing::new(text), KeySource::Env),
                Err(_) => {
                    return Err(Error::job(format!(
                        "pseudonymous mode needs the kept key: set ${KEY_ENV} to at least {MIN_KEY_BYTES} bytes of hex \
                         (e.g. `export {KEY_ENV}=$(openssl rand -hex 32)`, stored as the protected 削除情報等) \
                         or set `key-file` in the job"
                    )));
                }
            },
        };
        let master = parse_hex_key(text.trim(), &source)?;
        let fingerprint = fingerprint(&master);
        let hk = Hkdf::<Sha256>::new(Some(b"tokumei/v1/recipient"), &master);
        let mut sub = Zeroizing::new(vec![0u8; 32]);
        hk.expand(normalise_recipient(recipient).as_bytes(), &mut sub)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        Ok(RunKey {
            root: Secret(sub),
            fingerprint: Some(fingerprint),
            source,
        })
    }

    pub(crate) fn fingerprint(&self) -> Option<&str> {
        self.fingerprint.as_deref()
    }

    pub(crate) fn source(&self) -> &KeySource {
        &self.source
    }

    /// A 32-byte key for one purpose, e.g. `pseudonym:customer_id` or `crypto-pan:ip`.
    pub(crate) fn derive(&self, purpose: &str) -> Secret {
        let hk = Hkdf::<Sha256>::new(Some(b"tokumei/v1/purpose"), self.root.bytes());
        let mut out = Zeroizing::new(vec![0u8; 32]);
        hk.expand(purpose.as_bytes(), &mut out)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        Secret(out)
    }
}

/// Recipients are compared after NFKC and trimming, so `Acme ` and `Ａｃｍｅ` are one recipient.
fn normalise_recipient(recipient: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    recipient.nfkc().collect::<String>().trim().to_string()
}

fn parse_hex_key(text: &str, source: &KeySource) -> Result<Zeroizing<Vec<u8>>> {
    let bytes = hex::decode(text).map_err(|e| {
        // `hex` reports an odd length before any character that is no hex digit.
        let hex_digits = text.bytes().all(|b| b.is_ascii_hexdigit());
        let why = match e {
            hex::FromHexError::OddLength if hex_digits => {
                "has an odd number of hex digits (one lost in copying?)"
            }
            _ => "is not hex",
        };
        Error::job(format!(
            "the key in {source} {why}; generate one with `openssl rand -hex 32`"
        ))
    })?;
    if !bytes.is_empty() && bytes.iter().all(|b| *b == 0) {
        return Err(Error::job(format!(
            "the key in {source} is all zeros: a placeholder, not a secret; generate one with `openssl rand -hex 32`"
        )));
    }
    if bytes.len() < MIN_KEY_BYTES {
        return Err(Error::job(format!(
            "the key in {source} has {} bytes; at least {MIN_KEY_BYTES} are needed (`openssl rand -hex 32`)",
            bytes.len()
        )));
    }
    Ok(Zeroizing::new(bytes))
}

/// A short public name for a kept key: the first 8 bytes of a domain-separated SHA-256, in hex.
/// It tells which key was used without helping anyone recover it.
fn fingerprint(key: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(b"tokumei/v1/fingerprint\0");
    h.update(key);
    let digest = h.finalize();
    format!("sha256:{}", hex::encode(&digest[..8]))
}

/// The delivery's signing key (the job's `signing-key`): an Ed25519 private key (RFC 8032) in
/// the PKCS#8 PEM file `openssl genpkey -algorithm ed25519 -out signing.pem` writes. It signs
/// `SHA256SUMS`, which lists every file of the delivery, so a recipient who holds the public key
/// can tell the delivery comes from the shop and was not edited, with openssl alone. The key is
/// never printed or written; the report names its public key.
pub(crate) struct DeliverySigner {
    key: ed25519_dalek::SigningKey,
}

impl fmt::Debug for DeliverySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DeliverySigner({})",
            public_fingerprint(&self.public_key())
        )
    }
}

/// How to make a signing key and its public key, for error messages.
pub(crate) const SIGNING_KEY_HOW: &str = "make one with `openssl genpkey -algorithm ed25519 -out signing.pem` and give the recipient `openssl pkey -in signing.pem -pubout -out signing.pub.pem`";

impl DeliverySigner {
    /// Reads the PEM file at `path` (`what` names it in messages: the job key).
    pub(crate) fn read(path: &Path, what: &str) -> Result<DeliverySigner> {
        use ed25519_dalek::pkcs8::DecodePrivateKey;
        let text = std::fs::read_to_string(path)
            .map(Zeroizing::new)
            .map_err(|e| {
                Error::io(format!(
                    "{what}: cannot read `{}`: {}; {SIGNING_KEY_HOW}",
                    crate::error::shown_path(path),
                    e.kind()
                ))
            })?;
        let key = ed25519_dalek::SigningKey::from_pkcs8_pem(&text).map_err(|_| {
            Error::job(format!(
                "{what}: `{}` is not an Ed25519 private key in PKCS#8 PEM; {SIGNING_KEY_HOW}",
                crate::error::shown_path(path)
            ))
        })?;
        Ok(DeliverySigner { key })
    }

    /// The raw Ed25519 signature (64 bytes) of `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer;
        self.key.sign(message).to_bytes()
    }

    /// The public key, 32 bytes.
    pub(crate) fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }
}

/// A short name for a public key: `sha256:` and the first 8 bytes of its SHA-256, in hex.
pub(crate) fn public_fingerprint(public: &[u8; 32]) -> String {
    format!("sha256:{}", hex::encode(&Sha256::digest(public)[..8]))
}

/// A public key from a PEM file (`openssl pkey -pubout`), a file of 64 hex digits, or the 64 hex
/// digits themselves (as `report.json` gives them).
pub(crate) fn read_public_key(path: &Path) -> Result<[u8; 32]> {
    use ed25519_dalek::pkcs8::DecodePublicKey;
    let literal = path.to_str().filter(|p| !path.exists() && p.len() == 64);
    if let Some(raw) = literal.and_then(|p| hex::decode(p).ok())
        && let Ok(raw) = <[u8; 32]>::try_from(raw.as_slice())
        && ed25519_dalek::VerifyingKey::from_bytes(&raw).is_ok()
    {
        return Ok(raw);
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::job(format!(
            "--public-key: cannot read `{}`: {}",
            crate::error::shown_path(path),
            e.kind()
        ))
    })?;
    if let Ok(k) = ed25519_dalek::VerifyingKey::from_public_key_pem(&text) {
        return Ok(k.to_bytes());
    }
    let hex_text = text.trim();
    if let Ok(bytes) = hex::decode(hex_text)
        && let Ok(raw) = <[u8; 32]>::try_from(bytes.as_slice())
        && ed25519_dalek::VerifyingKey::from_bytes(&raw).is_ok()
    {
        return Ok(raw);
    }
    Err(Error::job(format!(
        "--public-key: `{}` is not an Ed25519 public key (PEM from `openssl pkey -pubout`, or 64 hex digits)",
        crate::error::shown_path(path)
    )))
}

/// Whether `signature` (raw, 64 bytes) is `public`'s signature of `message`.
pub(crate) fn signature_holds(public: &[u8; 32], message: &[u8], signature: &[u8]) -> bool {
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(public) else {
        return false;
    };
    let Ok(sig) = ed25519_dalek::Signature::from_slice(signature) else {
        return false;
    };
    key.verify_strict(message, &sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signature holds for its message and key only.
    #[test]
    fn signatures_hold_for_their_message_and_key_only() {
        let signer = DeliverySigner {
            key: ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]),
        };
        let public = signer.public_key();
        let sig = signer.sign(b"abc  report.json\n");
        assert!(signature_holds(&public, b"abc  report.json\n", &sig));
        assert!(!signature_holds(&public, b"abd  report.json\n", &sig));
        assert!(!signature_holds(&[9u8; 32], b"abc  report.json\n", &sig));
        assert!(!signature_holds(&public, b"abc  report.json\n", &sig[..63]));
        // Debug shows the public key's fingerprint, never the private key.
        let shown = format!("{signer:?}");
        assert!(shown.contains(&public_fingerprint(&public)));
        assert!(!shown.contains(&hex::encode([7u8; 32])));
    }

    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    fn kept(recipient: &str) -> RunKey {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.hex");
        std::fs::write(&path, format!("{KEY}\n")).unwrap();
        RunKey::kept(Some(&path), recipient).unwrap()
    }

    #[test]
    fn debug_never_shows_key_bytes() {
        let k = kept("acme");
        let shown = format!("{k:?}");
        assert!(shown.contains("****"));
        assert!(!shown.contains("0001020304"));
    }

    #[test]
    fn recipients_get_different_subkeys_and_same_fingerprint() {
        let a = kept("acme");
        let b = kept("globex");
        assert_ne!(
            a.derive("pseudonym:x").bytes(),
            b.derive("pseudonym:x").bytes()
        );
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(
            kept("Ａｃｍｅ").derive("p").bytes(),
            kept("Acme").derive("p").bytes()
        );
    }

    #[test]
    fn purposes_are_separated() {
        let a = kept("acme");
        assert_ne!(
            a.derive("pseudonym:a").bytes(),
            a.derive("pseudonym:b").bytes()
        );
    }

    #[test]
    fn short_or_bad_keys_are_rejected_without_echo() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.hex");
        std::fs::write(&path, "abcd").unwrap();
        let err = RunKey::kept(Some(&path), "x").unwrap_err().to_string();
        assert!(err.contains("2 bytes"), "{err}");
        std::fs::write(&path, "zz-not-hex-secret").unwrap();
        let err = RunKey::kept(Some(&path), "x").unwrap_err().to_string();
        assert!(!err.contains("not-hex-secret"), "{err}");
        // A digit lost in copying, and a placeholder of zeros.
        std::fs::write(&path, "ab".repeat(32).split_at(63).0).unwrap();
        let err = RunKey::kept(Some(&path), "x").unwrap_err().to_string();
        assert!(err.contains("odd number of hex digits"), "{err}");
        std::fs::write(&path, "0".repeat(64)).unwrap();
        let err = RunKey::kept(Some(&path), "x").unwrap_err().to_string();
        assert!(err.contains("all zeros"), "{err}");
        // An odd length of other characters is still "not hex" (the Spark driver's test).
        std::fs::write(&path, "not-a-hex-key").unwrap();
        let err = RunKey::kept(Some(&path), "x").unwrap_err().to_string();
        assert!(err.contains("is not hex"), "{err}");
    }

    #[test]
    fn ephemeral_keys_differ() {
        let a = RunKey::ephemeral().unwrap();
        let b = RunKey::ephemeral().unwrap();
        assert_ne!(a.derive("p").bytes(), b.derive("p").bytes());
        assert!(a.fingerprint().is_none());
    }
}
