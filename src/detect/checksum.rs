//! Check digits of the identifiers the detectors recognise. All functions take ASCII digits
//! (`b'0'..=b'9'`); the callers only pass digit runs.

fn value(c: u8) -> u32 {
    u32::from(c.wrapping_sub(b'0'))
}

fn all_digits(d: &[u8]) -> bool {
    d.iter().all(u8::is_ascii_digit)
}

/// The My Number (個人番号) check digit of the first 11 digits: weights 6,5,4,3,2,7,6,5,4,3,2
/// from the left; r = Σ mod 11; check = 0 if r ≤ 1 else 11 − r.
pub(crate) fn my_number_check(first11: &[u8]) -> u8 {
    const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first11
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| value(c) * w)
        .sum();
    let r = sum % 11;
    if r <= 1 { 0 } else { (11 - r) as u8 }
}

/// 12 digits with a valid My Number check digit.
pub(crate) fn is_my_number(d: &[u8]) -> bool {
    d.len() == 12 && all_digits(d) && u32::from(my_number_check(&d[..11])) == value(d[11])
}

/// The corporate number (法人番号) check digit of the 12-digit base: 9 − (Σ Pn·Qn mod 9), Pn the
/// n-th digit from the right, Qn = 1 for odd n and 2 for even n.
pub(crate) fn corporate_check(base12: &[u8]) -> u8 {
    let sum: u32 = base12
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &c)| value(c) * if i % 2 == 0 { 1 } else { 2 })
        .sum();
    (9 - sum % 9) as u8
}

/// 13 digits whose first digit is the corporate number check digit of the other 12.
pub(crate) fn is_corporate_number(d: &[u8]) -> bool {
    d.len() == 13 && all_digits(d) && u32::from(corporate_check(&d[1..])) == value(d[0])
}

/// The Luhn (mod 10) check over all digits, the last being the check digit: cards, and the
/// health insurance insurer number (保険者番号), whose 8th digit is Luhn over the first 7.
pub(crate) fn is_luhn(d: &[u8]) -> bool {
    if d.is_empty() || !all_digits(d) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &c) in d.iter().rev().enumerate() {
        let mut v = value(c);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// The digit that, appended to `payload`, makes a valid Luhn number (generates test cards).
#[cfg(test)]
pub(crate) fn luhn_check_digit(payload: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &c) in payload.iter().rev().enumerate() {
        let mut v = value(c);
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    ((10 - sum % 10) % 10) as u8
}

/// A valid EAN-13 / JAN barcode (weights 1,3,1,3… from the left, last digit the check).
pub(crate) fn is_ean13(d: &[u8]) -> bool {
    if d.len() != 13 || !all_digits(d) {
        return false;
    }
    let sum: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, &c)| value(c) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    (10 - sum % 10) % 10 == value(d[12])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn my_number() {
        assert_eq!(my_number_check(b"12345678901"), 8);
        assert!(is_my_number(b"123456789018"));
        assert!(!is_my_number(b"123456789019"));
        assert!(!is_my_number(b"12345678901"));
        // r ≤ 1 → 0: 00000000000 sums to 0.
        assert!(is_my_number(b"000000000000"));
    }

    #[test]
    fn corporate_number() {
        // The National Tax Agency's own corporate number.
        assert!(is_corporate_number(b"7000012050002"));
        assert!(!is_corporate_number(b"8000012050002"));
        assert_eq!(corporate_check(b"000012050002"), 7);
    }

    #[test]
    fn luhn() {
        assert!(is_luhn(b"4111111111111111"));
        assert!(!is_luhn(b"4111111111111112"));
        assert_eq!(luhn_check_digit(b"411111111111111"), 1);
        assert!(is_luhn(b"79927398713"));
        // Insurer number: Luhn over the first 7 digits.
        let mut n = b"0613001".to_vec();
        n.push(b'0' + luhn_check_digit(&n));
        assert!(is_luhn(&n));
    }

    #[test]
    fn ean() {
        assert!(is_ean13(b"4901234567894"));
        assert!(!is_ean13(b"4901234567895"));
    }
}
