//! Crypto-PAn (Xu, Fan, Ammar, Moon 2002): keyed prefix-preserving IP address pseudonyms with
//! AES-128. Two addresses sharing a k-bit prefix get pseudonyms sharing a k-bit prefix, so
//! subnet-level analysis survives while addresses are unlinkable without the key.
//!
//! The 32-byte key is split as in the paper's reference code: bytes 0..16 are the AES key, bytes
//! 16..32 are encrypted to form the pad. IPv6 uses the same construction over 128 bits.

use aes::Aes128;
use aes::cipher::{BlockEncrypt, KeyInit, generic_array::GenericArray};

pub(crate) struct CryptoPan {
    cipher: Aes128,
    pad: [u8; 16],
}

impl CryptoPan {
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        let cipher = Aes128::new(GenericArray::from_slice(&key[..16]));
        let mut pad = GenericArray::clone_from_slice(&key[16..]);
        cipher.encrypt_block(&mut pad);
        let mut p = [0u8; 16];
        p.copy_from_slice(&pad);
        CryptoPan { cipher, pad: p }
    }

    /// The first bit of AES(block), where block = the first `bits` bits of `orig` followed by the
    /// pad's remaining bits; `width` is 32 or 128.
    fn prf_bit(&self, orig: u128, bits: u32, width: u32) -> u128 {
        let pad = u128::from_be_bytes(self.pad);
        let mut block = [0u8; 16];
        if width == 32 {
            let pad4 = (pad >> 96) as u32;
            let o = orig as u32;
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            let mixed = (o & mask) | (pad4 & !mask);
            block.copy_from_slice(&self.pad);
            block[..4].copy_from_slice(&mixed.to_be_bytes());
        } else {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            let mixed = (orig & mask) | (pad & !mask);
            block = mixed.to_be_bytes();
        }
        let mut b = GenericArray::from(block);
        self.cipher.encrypt_block(&mut b);
        u128::from(b[0] >> 7)
    }

    pub(crate) fn v4(&self, addr: u32) -> u32 {
        let orig = u128::from(addr);
        let mut flip: u32 = 0;
        for pos in 0..32 {
            flip |= (self.prf_bit(orig, pos, 32) as u32) << (31 - pos);
        }
        addr ^ flip
    }

    pub(crate) fn v6(&self, addr: u128) -> u128 {
        let mut flip: u128 = 0;
        for pos in 0..128 {
            flip |= self.prf_bit(addr, pos, 128) << (127 - pos);
        }
        addr ^ flip
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    /// The sample key of the Crypto-PAn reference distribution.
    const KEY: [u8; 32] = [
        21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144, 125, 16, 216, 152, 143, 131,
        121, 121, 101, 39, 98, 87, 76, 45, 42, 132, 34, 2,
    ];

    /// From the reference distribution's sample_trace_raw.dat / sample_trace_sanitized.dat.
    const V4: &[(&str, &str)] = &[
        ("128.11.68.132", "135.242.180.132"),
        ("129.118.74.4", "134.136.186.123"),
        ("130.132.252.244", "133.68.164.234"),
        ("141.223.7.43", "141.167.8.160"),
        ("141.233.145.108", "141.129.237.235"),
        ("152.163.225.39", "151.140.114.167"),
        ("156.29.3.236", "147.225.12.42"),
        ("165.247.96.84", "162.9.99.234"),
        ("166.107.77.190", "160.132.178.185"),
        ("192.102.249.13", "252.138.62.131"),
        ("192.215.32.125", "252.43.47.189"),
        ("192.233.80.103", "252.25.108.8"),
        ("192.41.57.43", "252.222.221.184"),
        ("193.150.244.223", "253.169.52.216"),
        ("195.205.63.100", "255.186.223.5"),
        ("24.0.250.221", "100.15.198.226"),
        ("38.15.67.68", "64.3.66.187"),
        ("4.3.88.225", "124.60.155.63"),
        ("64.14.118.196", "0.255.183.58"),
        ("10.185.25.118", "117.161.29.118"),
    ];

    /// The IPv6 extension's published vectors (same construction over 128 bits).
    const V6: &[(&str, &str)] = &[
        ("::1", "78ff:f001:9fc0:20df:8380:b1f1:704:ed"),
        ("::2", "78ff:f001:9fc0:20df:8380:b1f1:704:ef"),
        ("::ffff", "78ff:f001:9fc0:20df:8380:b1f1:704:f838"),
        ("2001:db8::1", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e"),
        ("2001:db8::2", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1c"),
    ];

    #[test]
    fn matches_reference_vectors_v4() {
        let c = CryptoPan::new(&KEY);
        for (raw, want) in V4 {
            let a: Ipv4Addr = raw.parse().unwrap();
            let got = Ipv4Addr::from(c.v4(a.into()));
            assert_eq!(got.to_string(), *want, "{raw}");
        }
    }

    #[test]
    fn matches_reference_vectors_v6() {
        let c = CryptoPan::new(&KEY);
        for (raw, want) in V6 {
            let a: Ipv6Addr = raw.parse().unwrap();
            let got = Ipv6Addr::from(c.v6(a.into()));
            assert_eq!(got, want.parse::<Ipv6Addr>().unwrap(), "{raw}");
        }
    }

    #[test]
    fn preserves_prefixes() {
        let c = CryptoPan::new(&KEY);
        let a = c.v4(u32::from(Ipv4Addr::new(192, 168, 1, 10)));
        let b = c.v4(u32::from(Ipv4Addr::new(192, 168, 1, 200)));
        let d = c.v4(u32::from(Ipv4Addr::new(192, 168, 2, 10)));
        assert_eq!(a >> 8, b >> 8);
        assert_eq!(a >> 10, d >> 10); // 192.168.1.x and 192.168.2.x share 22 bits
        assert_ne!(a >> 8, d >> 8);
    }
}
