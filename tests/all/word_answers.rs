//! Ja/Nej answers in every form the issue lists: typed boxes, ticks and X, the chosen box alone
//! with the strategy after it, checkbox content controls, legacy form checkboxes, and an answer
//! on the question's own paragraph.

use serde_json::Value;

use super::word_import::{CH2, Q1, Q2, at, imported};
use super::word_support::{b, h, p, run};

/// The first question's values for an answer paragraph (and a comment after it).
fn first_answer(answer: &str) -> Value {
    let body = [
        h(1, CH2),
        b(Q1),
        answer.to_string(),
        p("Budgeten styr."),
        b(Q2),
        p("Ja ☒ Nej ☐"),
    ]
    .concat();
    let (v, _) = imported(&body);
    assert_eq!(
        at(&v, "/aterrapportering_2/bidrag_utvecklingsstrategin/svar"),
        "Ja"
    );
    at(&v, "/aterrapportering_2/faststalld_strategi").clone()
}

#[test]
fn ja_nej_typed_with_boxes_ticks_or_x() {
    for (typed, want) in [
        ("Ja ☒ Nej ☐", "Ja"),
        ("Ja ☐ Nej ☒", "Nej"),
        ("☐ Ja ☒ Nej", "Nej"),
        ("Ja ✓ Nej", "Ja"),
        ("Ja  Nej X", "Nej"),
        ("Nej", "Nej"),
    ] {
        let q = first_answer(&p(typed));
        assert_eq!(q["svar"], want, "{typed}");
        assert_eq!(q["kommentar"], "Budgeten styr.\n", "{typed}");
        assert!(q.get("strategi").is_none(), "{typed}");
    }
}

#[test]
fn the_chosen_box_alone_with_the_strategy_after_it() {
    let q = first_answer(&p("Ja ☒ Budget och verksamhetsplan."));
    assert_eq!(q["svar"], "Ja");
    assert_eq!(q["strategi"], "Budget och verksamhetsplan.");
    assert_eq!(q["kommentar"], "Budgeten styr.\n");
}

#[test]
fn checkbox_content_controls_give_the_answer() {
    let control = |checked: u8, glyph: &str| {
        format!(
            r#"<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{checked}"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"#
        )
    };
    // The glyph inside a control may be stale or another font's: the state decides.
    let para = format!(
        "<w:p>{}{}{}{}</w:p>",
        run("Ja ", false),
        control(0, "☒"),
        run(" Nej ", false),
        control(1, "\u{F0FE}")
    );
    assert_eq!(first_answer(&para)["svar"], "Nej");
}

#[test]
fn legacy_form_checkboxes_give_the_answer() {
    let field = |default: u8, checked: Option<u8>| {
        let checked = checked.map_or(String::new(), |c| format!(r#"<w:checked w:val="{c}"/>"#));
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/><w:default w:val="{default}"/>{checked}</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        )
    };
    let para = format!(
        "<w:p>{}{}{}{}</w:p>",
        run("Ja ", false),
        field(1, Some(0)),
        run(" Nej ", false),
        field(0, Some(1))
    );
    assert_eq!(first_answer(&para)["svar"], "Nej");
    let para = format!("<w:p>{}{}</w:p>", run("Ja ", false), field(1, None));
    assert_eq!(first_answer(&para)["svar"], "Ja");
}

#[test]
fn the_answer_may_stand_on_the_questions_paragraph() {
    let body = [h(1, CH2), p(&format!("{Q1} Ja ☒ Nej ☐")), p("Kommentar.")].concat();
    let (v, _) = imported(&body);
    assert_eq!(at(&v, "/aterrapportering_2/faststalld_strategi/svar"), "Ja");
    assert_eq!(
        at(&v, "/aterrapportering_2/faststalld_strategi/kommentar"),
        "Kommentar.\n"
    );
}
