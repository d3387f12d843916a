//! One fixture per reading rule of import: each builds a small `.docx` and asserts the exact
//! value the import gives, loaded back through the project's own pipeline.

use serde_json::Value;

use super::support::check_text;
use super::word_support::{b, cells, docx, h, li, p, run, styled, table};
use aterrapport::template::Templates;
use aterrapport::word::{ImportOptions, Imported, import, read};

pub const CH1: &str = "Återrapportering 1 – Regionalt tillväxtarbete";
pub const S11: &str = "1.1 Det regionala utvecklingsansvaret";
pub const S111: &str = "1.1.1 Den regionala utvecklingsstrategin";
pub const S12: &str = "1.2 Innovation och företagande";
pub const S121: &str = "1.2.1 Innovation";
pub const CH2: &str = "Återrapportering 2 – Fördelning av anslag 1:1 Regionala tillväxtåtgärder";
pub const Q1: &str = "Finns det en fastställd strategi för fördelning eller prioritetsordning?";
pub const Q2: &str =
    "Har anslaget bidragit till att nå målen i den regionala utvecklingsstrategin?";
pub const TEXT_111: &str = "/aterrapportering_1/utvecklingsansvar/utvecklingsstrategin/text";
pub const INSATSER_121: &str = "/aterrapportering_1/innovation_och_foretagande/innovation/insatser";
pub const TABLE_A: [&str; 4] = [
    "Namn på insats och kort beskrivning",
    "Insatsens bidrag till fastställda mål",
    "Resultat i form av prestationer",
    "Resultat i form av effekter på kort och lång sikt",
];

fn import_with(body: &str, opts: &ImportOptions) -> (Value, Imported) {
    let doc = read(&docx(body)).unwrap_or_else(|e| panic!("{e}"));
    let templates = Templates::builtin();
    let template = templates
        .get("aterrapport-2020")
        .unwrap_or_else(|| panic!("template"));
    let imported = import(&doc, template, opts);
    let report = check_text("import.yaml", imported.yaml.as_bytes());
    let value = report
        .document
        .and_then(|d| d.value)
        .unwrap_or_else(|| panic!("the import does not load:\n{}", imported.yaml));
    (value, imported)
}

pub fn imported(body: &str) -> (Value, Imported) {
    import_with(body, &ImportOptions::default())
}

pub fn at<'v>(v: &'v Value, pointer: &str) -> &'v Value {
    v.pointer(pointer)
        .unwrap_or_else(|| panic!("{pointer} missing in {v:#}"))
}

pub fn section_111(content: &str) -> String {
    format!("{}{}{}{content}", h(1, CH1), h(2, S11), h(3, S111))
}

#[test]
fn headings_with_heading_styles_find_their_sections() {
    let (v, im) = imported(&section_111(&p("Strategin fastställdes 2020.")));
    assert_eq!(at(&v, TEXT_111), "Strategin fastställdes 2020.\n");
    assert_eq!(im.headings, 3);
    assert!(im.unplaced.is_empty());
}

#[test]
fn bold_typed_headings_ignore_tabs_spaces_case_and_dashes() {
    let body = [
        b("ÅTERRAPPORTERING 1 - Regionalt tillväxtarbete  "),
        b("1.1\tDet regionala  utvecklingsansvaret "),
        b("1.1.3\tInomregionala skillnader – hänsyn till olika förutsättningar"),
        p("Hela länet."),
    ]
    .concat();
    let (v, im) = imported(&body);
    assert_eq!(
        at(
            &v,
            "/aterrapportering_1/utvecklingsansvar/inomregionala_skillnader/text"
        ),
        "Hela länet.\n"
    );
    assert_eq!(im.headings, 3);
}

#[test]
fn automatic_heading_numbers_leave_the_text_alone_to_match() {
    // With Word's heading numbering the number is not in the text; 1.3 and 1.3.1 share theirs.
    let body = [
        h(1, CH1),
        h(2, "Attraktiva miljöer och tillgänglighet"),
        h(3, "Attraktiva miljöer och tillgänglighet"),
        p("Kollektivtrafik."),
    ]
    .concat();
    let (v, _) = imported(&body);
    let pointer = "/aterrapportering_1/attraktiva_miljoer_och_tillganglighet/attraktiva_miljoer_och_tillganglighet/text";
    assert_eq!(at(&v, pointer), "Kollektivtrafik.\n");
}

#[test]
fn a_rapportar_heading_gives_the_year_and_mall_only_when_not_the_default() {
    let body = [
        h(
            1,
            "7 Övriga medskick ni vill göra angående det regionala tillväxtarbetet 2021",
        ),
        p("Inget mer."),
    ]
    .concat();
    let (v, im) = imported(&body);
    assert_eq!(im.year, Some(2021));
    assert_eq!(at(&v, "/rapportar"), 2021);
    assert_eq!(at(&v, "/aterrapportering_7/text"), "Inget mer.\n");
    // 2021's default template would be aterrapport-2021: the 2020 template is named.
    assert_eq!(at(&v, "/mall"), "aterrapport-2020");
    let (v, _) = imported(&format!("{}{}", p("Rapportår: 2020"), body));
    assert!(v.get("mall").is_none());
}

#[test]
fn front_matter_gives_region_and_year_and_options_override_them() {
    let front = [
        p("Återrapportering av regionalt tillväxtarbete"),
        styled("Title", "Region  skåne"),
        p("Rapportår: 2020"),
        p("Strategi: Det Öppna Skåne 2030 (fastställd 2020-06-16)"),
    ]
    .concat();
    let body = format!("{front}{}", section_111(&p("Text.")));
    let (v, im) = imported(&body);
    assert_eq!(at(&v, "/region"), "Region skåne");
    assert_eq!(at(&v, "/rapportar"), 2020);
    assert!(im.unplaced.is_empty(), "front matter is never unplaced");
    let opts = ImportOptions {
        region: Some("Region Halland".into()),
        year: Some(2021),
        ..ImportOptions::default()
    };
    let (v, _) = import_with(&body, &opts);
    assert_eq!(at(&v, "/region"), "Region Halland");
    assert_eq!(at(&v, "/rapportar"), 2021);
}

#[test]
fn a_typed_table_of_contents_before_the_title_is_skipped() {
    let toc = [
        p("Innehållsförteckning"),
        p(&format!("{CH1}\t3")),
        p(&format!("{S11} ........ 3")),
        p("Den regionala utvecklingsstrategin\t4"),
    ]
    .concat();
    let body = format!("{toc}{}{}", p("Region Skåne"), section_111(&p("Text.")));
    let (v, im) = imported(&body);
    assert_eq!(im.region.as_deref(), Some("Region Skåne"));
    assert_eq!(at(&v, TEXT_111), "Text.\n");
    assert_eq!(im.headings, 3);
    assert!(im.unplaced.is_empty());
}

#[test]
fn a_toc_field_and_a_toc_content_control_are_skipped() {
    let field = format!(
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}</w:p>{}<w:p>{}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        run(&format!("{CH1}\t3"), false),
        p(&format!("{S11}\t3")),
        run(&format!("{S111}\t3"), false),
    );
    let sdt = format!(
        r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>{}{}</w:sdtContent></w:sdt>"#,
        p("Innehåll"),
        h(1, CH1)
    );
    let (v, im) = imported(&format!("{field}{sdt}{}", section_111(&p("Text."))));
    assert_eq!(im.headings, 3, "only the body's headings count");
    assert_eq!(at(&v, TEXT_111), "Text.\n");
}

#[test]
fn lists_in_every_form_become_dash_items_and_line_breaks_are_kept() {
    let content = [
        p("Inledning:"),
        li("numrerad"),
        p("• typad punkt"),
        p("\u{F0B7}\tsymbolpunkt"),
        p("- streck"),
        styled("Punktlista", "punktlistestil"),
        p("rad ett\nrad två"),
    ]
    .concat();
    let (v, _) = imported(&section_111(&content));
    assert_eq!(
        at(&v, TEXT_111),
        "Inledning:\n\n- numrerad\n- typad punkt\n- symbolpunkt\n- streck\n- punktlistestil\n\nrad ett\nrad två\n"
    );
}

#[test]
fn tracked_changes_are_read_as_accepted_and_comments_ignored() {
    let para = r#"<w:p><w:commentRangeStart w:id="1"/><w:r><w:t xml:space="preserve">Beslutet togs </w:t></w:r><w:del w:id="2" w:author="A"><w:r><w:delText>i maj</w:delText></w:r></w:del><w:ins w:id="3" w:author="A"><w:r><w:t>i juni</w:t></w:r></w:ins><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:r><w:t>.</w:t></w:r></w:p>"#;
    let (v, _) = imported(&section_111(para));
    assert_eq!(at(&v, TEXT_111), "Beslutet togs i juni.\n");
}

fn header_a() -> Vec<String> {
    TABLE_A.iter().map(|t| b(t)).collect()
}

#[test]
fn a_table_row_maps_by_column_with_the_bold_name_split_from_its_description() {
    let name_cell = format!(
        "<w:p>{}{}</w:p>{}",
        run("Open Lab", true),
        run("\nEtt samverkansprojekt.", false),
        p("Med tre lärosäten.")
    );
    let rows = vec![
        header_a(),
        vec![
            name_cell,
            p("Visionsmål 2."),
            p("En skiss\npå en modell."),
            p("Ökad tillgång."),
        ],
        cells(&["", "", "", ""]),
    ];
    let body = [
        h(1, CH1),
        h(2, S12),
        h(3, S121),
        p("Text."),
        table(&rows, true),
    ]
    .concat();
    let (v, im) = imported(&body);
    let row = at(&v, &format!("{INSATSER_121}/0"));
    assert_eq!(row["namn"], "Open Lab");
    assert_eq!(
        row["beskrivning"],
        "Ett samverkansprojekt.\n\nMed tre lärosäten.\n"
    );
    assert_eq!(row["bidrag_till_mal"], "Visionsmål 2.");
    assert_eq!(row["prestationer"], "En skiss\npå en modell.\n");
    assert_eq!(row["effekter"], "Ökad tillgång.");
    assert!(row.get("mal").is_none(), "never a row's mal");
    assert_eq!(
        at(&v, INSATSER_121).as_array().map(Vec::len),
        Some(1),
        "empty rows skipped"
    );
    assert!(im.unplaced.is_empty());
}

#[test]
fn without_a_bold_run_the_name_is_the_first_line_and_alone_it_has_no_description() {
    let rows = vec![
        header_a(),
        vec![
            p("AI Sweden\nEn nationell satsning."),
            p("Mål 2."),
            p("P."),
            p("E."),
        ],
        cells(&["Bredbandskoordinator", "Mål 1.", "P.", "E."]),
    ];
    let body = [h(1, CH1), h(2, S12), h(3, S121), table(&rows, true)].concat();
    let (v, _) = imported(&body);
    assert_eq!(at(&v, &format!("{INSATSER_121}/0/namn")), "AI Sweden");
    assert_eq!(
        at(&v, &format!("{INSATSER_121}/0/beskrivning")),
        "En nationell satsning."
    );
    assert_eq!(
        at(&v, &format!("{INSATSER_121}/1/namn")),
        "Bredbandskoordinator"
    );
    assert!(
        v.pointer(&format!("{INSATSER_121}/1/beskrivning"))
            .is_none()
    );
}

#[test]
fn a_table_continued_after_a_repeated_header_row_is_one_table() {
    let first = vec![header_a(), cells(&["Ett", "M.", "P.", "E."])];
    let second = vec![
        header_a(),
        cells(&["Två", "M.", "P.", "E."]),
        cells(&["", "", "", ""]),
    ];
    let body = [
        h(1, CH1),
        h(2, S12),
        h(3, S121),
        table(&first, true),
        p(""),
        table(&second, false),
    ]
    .concat();
    let (v, _) = imported(&body);
    let names: Vec<&Value> = at(&v, INSATSER_121)
        .as_array()
        .map(|a| a.iter().map(|r| &r["namn"]).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Ett", "Två"]);
}

#[test]
fn the_kind_column_splits_name_and_type_and_reads_ja_nej() {
    let header = cells(&[
        "Typ av aktivitet (analys, uppföljning eller utvärdering)",
        "Helt eller delvis finansierat av anslag 1:1 - Ja/Nej",
        "Hur har erfarenheter och kunskap tagits till vara?",
    ]);
    let rows = vec![
        header,
        cells(&[
            "Hur har det gått i Skåne? (uppföljning)",
            "Nej",
            "I planeringen.",
        ]),
        cells(&["Klusteranalys (Analys)", "Ja ☒ Nej ☐", "Som underlag."]),
    ];
    let body = [
        h(1, "Återrapportering 5 - Arbetet med att analysera, följa upp och utvärdera det regionala tillväxtarbetet"),
        h(2, "5.1 Genomförda analyser, uppföljningar och utvärderingar"),
        table(&rows, false),
    ]
    .concat();
    let (v, _) = imported(&body);
    let rows = at(&v, "/aterrapportering_5/genomforda_analyser/aktiviteter");
    assert_eq!(rows[0]["namn"], "Hur har det gått i Skåne?");
    assert_eq!(rows[0]["typ"], "uppföljning");
    assert_eq!(rows[0]["finansierat_av_anslag"], "Nej");
    assert_eq!(rows[1]["typ"], "analys");
    assert_eq!(rows[1]["finansierat_av_anslag"], "Ja");
}

#[test]
fn the_strategy_is_a_file_a_skeleton_or_left_out() {
    let body = section_111(&p("Text."));
    let opts = ImportOptions {
        strategy_file: Some("strategier/skane.yaml".into()),
        output: Some("rapporter/skane-2020.yaml".into()),
        ..ImportOptions::default()
    };
    let (v, _) = import_with(&body, &opts);
    assert_eq!(at(&v, "/strategi/fil"), "../strategier/skane.yaml");
    let opts = ImportOptions {
        skeleton: true,
        ..ImportOptions::default()
    };
    let (v, im) = import_with(&body, &opts);
    let name = at(&v, "/strategi/namn").as_str().unwrap_or_default();
    assert!(name.starts_with("[fyll i:"), "{name}");
    assert!(im.yaml.contains("    - id: \"1\""));
    let (v, _) = imported(&body);
    assert!(v.get("strategi").is_none());
}

#[test]
fn only_what_the_document_holds_is_written() {
    let body = [
        h(1, CH1),
        h(2, S11),
        h(3, S111),
        p("   "),
        h(3, "1.1.2 Utmaningar"),
        p("Pandemin."),
    ]
    .concat();
    let (v, im) = imported(&body);
    assert!(
        v.pointer("/aterrapportering_1/utvecklingsansvar/utvecklingsstrategin")
            .is_none()
    );
    assert!(v.get("region").is_none() && v.get("rapportar").is_none());
    assert!(!im.yaml.contains("\"\""), "no empty strings:\n{}", im.yaml);
    assert!(!im.yaml.contains("fyll i"), "no placeholders:\n{}", im.yaml);
    assert!(im.yaml.starts_with("# yaml-language-server: $schema="));
}
