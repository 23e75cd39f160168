//! Points: whole numbers for Polaris, halves for Shared Hope's 2.5-point goals.

use std::fmt;
use std::ops::{Add, Sub};

use serde::{Deserialize, Serialize, Serializer};

/// A score in points. Stored in tenths so sums are exact; shown without a fraction when
/// whole (`45`, `2.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(i64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Points from a number as written in a rubric or on the command line (tenths kept).
    pub fn from_f64(v: f64) -> Option<Points> {
        let t = (v * 10.0).round();
        (v.is_finite() && (t / 10.0 - v).abs() < 1e-9).then_some(Points(t as i64))
    }

    /// Points written as a decimal on the command line (`45`, `2.5`, `2.50`), exactly:
    /// no exponent, no sign, no more than one significant decimal, at most `max`.
    pub fn parse(s: &str, max: Points) -> Result<Points, String> {
        let t = s.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || (t.contains('.') && frac.is_empty()) {
            return Err(format!("`{s}` is not a number of points (write a decimal such as 45 or 2.5)"));
        }
        if frac.bytes().skip(1).any(|b| b != b'0') {
            return Err(format!("`{s}` is not a multiple of 0.1 point"));
        }
        let whole: i64 = whole.trim_start_matches('0').parse().unwrap_or(if whole.bytes().all(|b| b == b'0') {
            0
        } else {
            i64::MAX / 10
        });
        let tenth = frac.bytes().next().map_or(0, |b| i64::from(b - b'0'));
        let p = Points(whole.saturating_mul(10).saturating_add(tenth));
        if p > max {
            return Err(format!("`{s}` is over the most allowed here, {max}"));
        }
        Ok(p)
    }

    /// Whole points.
    pub const fn whole(n: i64) -> Points {
        Points(n * 10)
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 10.0
    }

    /// `+10`, `-2`, `0`: a change, signed.
    pub fn signed(self) -> String {
        if self.0 > 0 {
            format!("+{self}")
        } else {
            self.to_string()
        }
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 10 == 0 {
            write!(f, "{}", self.0 / 10)
        } else {
            let sign = if self.0 < 0 { "-" } else { "" };
            write!(f, "{sign}{}.{}", self.0.abs() / 10, self.0.abs() % 10)
        }
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, o: Points) -> Points {
        Points(self.0 + o.0)
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, o: Points) -> Points {
        Points(self.0 - o.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 10 == 0 {
            s.serialize_i64(self.0 / 10)
        } else {
            s.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Points::from_f64(v).ok_or_else(|| serde::de::Error::custom("points must be a multiple of 0.1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_points_are_exact_decimals_in_range() {
        let max = Points::whole(100);
        assert_eq!(Points::parse("45", max), Ok(Points::whole(45)));
        assert_eq!(Points::parse("2.5", max).unwrap().to_string(), "2.5");
        assert_eq!(Points::parse("2.50", max).unwrap().to_string(), "2.5");
        assert_eq!(Points::parse("007", max), Ok(Points::whole(7)));
        for bad in ["99.99", "NaN", "inf", "1e300", "-1", "", ".5", "5.", "+5", "0x10", "1,5"] {
            assert!(Points::parse(bad, max).is_err(), "{bad} must be refused");
        }
        assert!(Points::parse("100.1", max).unwrap_err().contains("over the most allowed here, 100"));
        assert!(Points::parse("99999999999999999999999", max).is_err());
    }

    #[test]
    fn shows_whole_and_half_points() {
        assert_eq!(Points::whole(45).to_string(), "45");
        assert_eq!(Points::from_f64(2.5).unwrap().to_string(), "2.5");
        assert_eq!((Points::whole(3) - Points::from_f64(5.5).unwrap()).to_string(), "-2.5");
        assert_eq!(Points::whole(10).signed(), "+10");
        assert_eq!(serde_json::to_string(&Points::whole(45)).unwrap(), "45");
        assert_eq!(serde_json::to_string(&Points::from_f64(2.5).unwrap()).unwrap(), "2.5");
    }
}
