//! Scalars resolved by the YAML 1.2 core schema.

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

use super::NodeKind;

/// Resolves a scalar by the YAML 1.2 core schema (`yes`, `no`, `Ja`, `Nej` stay strings).
pub(super) fn resolve(raw: &str, style: ScalarStyle, tag: Option<&Tag>) -> (Value, NodeKind) {
    let string = || (Value::String(raw.to_string()), NodeKind::Str(style.into()));
    if let Some(tag) = tag
        && tag.is_yaml_core_schema()
    {
        return match tag.suffix.as_str() {
            "str" => string(),
            "null" => (Value::Null, NodeKind::Null),
            "bool" => resolve_plain(raw)
                .filter(|(_, k)| *k == NodeKind::Bool)
                .unwrap_or_else(string),
            "int" => resolve_plain(raw)
                .filter(|(_, k)| *k == NodeKind::Int)
                .unwrap_or_else(string),
            "float" => resolve_plain(raw)
                .filter(|(_, k)| matches!(k, NodeKind::Float | NodeKind::Int | NodeKind::NonFinite))
                .unwrap_or_else(string),
            _ => string(),
        };
    }
    if style != ScalarStyle::Plain {
        return string();
    }
    resolve_plain(raw).unwrap_or_else(string)
}

fn resolve_plain(raw: &str) -> Option<(Value, NodeKind)> {
    match raw {
        "" | "~" | "null" | "Null" | "NULL" => return Some((Value::Null, NodeKind::Null)),
        "true" | "True" | "TRUE" => return Some((Value::Bool(true), NodeKind::Bool)),
        "false" | "False" | "FALSE" => return Some((Value::Bool(false), NodeKind::Bool)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => {
            return Some((Value::Number(Number::from(0)), NodeKind::NonFinite));
        }
        _ => {}
    }
    if let Some(hex) = raw.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16)
            .ok()
            .map(|n| (Value::Number(n.into()), NodeKind::Int));
    }
    if let Some(oct) = raw.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8)
            .ok()
            .map(|n| (Value::Number(n.into()), NodeKind::Int));
    }
    let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match raw.parse::<i64>() {
            Ok(n) => Some((Value::Number(n.into()), NodeKind::Int)),
            // Too large for i64: still a number, kept as a float.
            Err(_) => raw
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(|n| (Value::Number(n), NodeKind::Int)),
        };
    }
    if is_core_float(digits) {
        let n = raw
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .unwrap_or_else(|| Number::from(0));
        return Some((Value::Number(n), NodeKind::Float));
    }
    None
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
pub(super) fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(int.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}
