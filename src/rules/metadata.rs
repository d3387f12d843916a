//! Metadata rules: an implausible report year (AR601) and a region that is not one of Sweden's 21
//! (AR602).

use serde_json::Value;

use super::Context;
use crate::diagnostic::{Code, Diagnostic};

/// Sweden's 21 regions as they call themselves (RULES.md, AR602).
pub const REGIONS: &[&str] = &[
    "Region Stockholm",
    "Region Uppsala",
    "Region Sörmland",
    "Region Östergötland",
    "Region Jönköpings län",
    "Region Kronoberg",
    "Region Kalmar län",
    "Region Gotland",
    "Region Blekinge",
    "Region Skåne",
    "Region Halland",
    "Västra Götalandsregionen",
    "Region Värmland",
    "Region Örebro län",
    "Region Västmanland",
    "Region Dalarna",
    "Region Gävleborg",
    "Region Västernorrland",
    "Region Jämtland Härjedalen",
    "Region Västerbotten",
    "Region Norrbotten",
];

/// The first year of this kind of report.
const FIRST_YEAR: i64 = 2015;

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    year(cx, out);
    region(cx, out);
}

fn year(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(year) = cx.year else { return };
    let Some(node) = cx.doc.span("/rapportar") else {
        return;
    };
    let lang = cx.lang;
    let last = cx.current_year + 1;
    let d = Diagnostic::new(Code::AR601, node.value).pointer("/rapportar");
    if !(FIRST_YEAR..=last).contains(&year) {
        out.push(
            d.message(lang.pick(
                &format!("rapportåret {year} är orimligt: det ska ligga mellan {FIRST_YEAR} och {last}"),
                &format!("the report year {year} is implausible: it should lie between {FIRST_YEAR} and {last}"),
            ))
            .help(lang.pick("`rapportar` är året som rapporteras, t.ex. 2020", "`rapportar` is the year reported on, e.g. 2020")),
        );
        return;
    }
    let mall_year = cx
        .value
        .get("mall")
        .and_then(Value::as_str)
        .and_then(|m| m.rsplit('-').next())
        .and_then(|y| y.parse::<i64>().ok());
    if let Some(m) = mall_year.filter(|m| *m != year) {
        out.push(
            d.message(lang.pick(
                &format!("rapportåret {year} stämmer inte med mallen för {m}"),
                &format!("the report year {year} does not match the template for {m}"),
            ))
            .help(lang.pick(
                &format!("ändra `rapportar` till {m}, eller `mall` till mallen för {year}"),
                &format!("change `rapportar` to {m}, or `mall` to the template for {year}"),
            )),
        );
    }
}

/// NFC, case and whitespace folded.
fn normalise(s: &str) -> String {
    super::nfc(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The region's own name for a name written as AR602 reads it (case, white space and Unicode form
/// folded, common other names such as "Västra Götaland" included), if it is one of the 21.
pub fn canonical_region(name: &str) -> Option<&'static str> {
    let wanted = normalise(name);
    REGIONS
        .iter()
        .copied()
        .find(|r| normalise(r) == wanted)
        .or_else(|| alias(&wanted))
}

fn region(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(region) = cx.value.get("region").and_then(Value::as_str) else {
        return;
    };
    if region.trim().is_empty() || super::text::is_placeholder(region) {
        return;
    }
    let Some(node) = cx.doc.span("/region") else {
        return;
    };
    let wanted = normalise(region);
    if REGIONS.iter().any(|r| normalise(r) == wanted) {
        return;
    }
    let nearest = alias(&wanted).or_else(|| nearest_region(&wanted));
    let lang = cx.lang;
    let help = match nearest {
        Some(r) => lang.pick(&format!("menade du ”{r}”?"), &format!("did you mean “{r}”?")),
        None => lang.pick(
            "skriv regionens namn som den själv skriver det, t.ex. ”Region Skåne” eller ”Västra Götalandsregionen”",
            "write the region's name as it writes it itself, e.g. “Region Skåne” or “Västra Götalandsregionen”",
        ),
    };
    out.push(
        Diagnostic::new(Code::AR602, node.value)
            .pointer("/region")
            .message(lang.pick(
                &format!("”{region}” är inte en av Sveriges 21 regioner"),
                &format!("“{region}” is not one of Sweden's 21 regions"),
            ))
            .help(help),
    );
}

/// Names in common use that are not the region's own (normalised form → the region's name).
fn alias(wanted: &str) -> Option<&'static str> {
    let folded = ascii_fold(wanted);
    let key = folded.strip_prefix("region ").unwrap_or(&folded);
    Some(
        match key.trim_end_matches(" lan").trim_end_matches("s lan") {
            "vastra gotaland" | "vastra gotalands" | "vgr" | "vastra gotalandsregionen" => {
                "Västra Götalandsregionen"
            }
            "sodermanland" | "sormland" => "Region Sörmland",
            "jamtland" | "harjedalen" | "jamtland harjedalen" => "Region Jämtland Härjedalen",
            "jonkoping" | "jonkopings" => "Region Jönköpings län",
            "orebro" => "Region Örebro län",
            "kalmar" => "Region Kalmar län",
            "gotland" => "Region Gotland",
            "stockholm" | "stockholms" => "Region Stockholm",
            _ => return None,
        },
    )
}

fn nearest_region(wanted: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .map(|r| {
            (
                strsim::jaro_winkler(&ascii_fold(wanted), &ascii_fold(&normalise(r))),
                *r,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.85)
        .map(|(_, r)| r)
}

/// å, ä → a, ö → o, é → e (lower case only): how names are compared when diacritics may be lost.
pub(crate) fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest(name: &str) -> Option<&'static str> {
        let wanted = normalise(name);
        alias(&wanted).or_else(|| nearest_region(&wanted))
    }

    #[test]
    fn common_names_and_lost_diacritics_find_the_region() {
        assert_eq!(suggest("Region Skane"), Some("Region Skåne"));
        assert_eq!(
            suggest("Region Västra Götaland"),
            Some("Västra Götalandsregionen")
        );
        assert_eq!(suggest("Region Jönköping"), Some("Region Jönköpings län"));
        assert_eq!(suggest("Region Kalmar lan"), Some("Region Kalmar län"));
        assert_eq!(suggest("region örebro"), Some("Region Örebro län"));
    }

    #[test]
    fn unrelated_names_get_no_suggestion() {
        assert_eq!(suggest("Gotlands kommun"), None);
        assert_eq!(suggest("Tillväxtverket"), None);
    }
}
