//! Word files that cannot be read: each gives its own error with a message in both languages,
//! and hostile ones (a zip bomb, entity declarations) are refused without being expanded.

use aterrapport::i18n::Lang;
use aterrapport::word::{WordError, read};

use super::word_support::{docx, p, zip_of};

fn err(bytes: &[u8]) -> WordError {
    match read(bytes) {
        Ok(doc) => panic!("read as a document: {doc:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_file_that_is_not_a_zip() {
    let e = err(b"Detta \xE4r text, inte ett Word-dokument.");
    assert_eq!(e, WordError::NotZip);
    assert!(e.message(Lang::Sv).contains("inte ett zip-paket"));
    assert!(e.message(Lang::En).contains("not a zip package"));
}

fn ole2(extra: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend_from_slice(extra);
    bytes.resize(2048, 0);
    bytes
}

#[test]
fn a_word_97_document_asks_to_be_saved_as_docx() {
    let e = err(&ole2(b""));
    assert_eq!(e, WordError::Doc);
    assert!(e.message(Lang::Sv).contains("spara som .docx"));
    assert!(e.message(Lang::En).contains("save as .docx"));
    assert!(!e.is_hostile());
}

#[test]
fn an_encrypted_document_is_named_as_such() {
    let name: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let e = err(&ole2(&name));
    assert_eq!(e, WordError::Encrypted);
    assert!(e.message(Lang::Sv).contains("lösenordsskyddat"));
    assert!(e.message(Lang::En).contains("password-protected"));
    // A zip that carries the encrypted package's streams as entries.
    let zipped = zip_of(&[
        ("EncryptionInfo", vec![0; 16]),
        ("EncryptedPackage", vec![0; 16]),
    ]);
    assert_eq!(err(&zipped), WordError::Encrypted);
}

#[test]
fn a_zip_without_the_document_part() {
    let e = err(&zip_of(&[("word/styles.xml", b"<w:styles/>".to_vec())]));
    assert_eq!(e, WordError::MissingDocument);
    assert!(e.message(Lang::Sv).contains("word/document.xml"));
}

#[test]
fn a_zip_bomb_is_refused_by_the_bytes_it_decompresses() {
    // 4 MiB of spaces inside the body deflate to a few KiB: far beyond 100:1.
    let padding = " ".repeat(4 << 20);
    let e = err(&docx(&format!("{}{padding}", p("Text"))));
    assert!(matches!(e, WordError::Ratio { .. }), "{e:?}");
    assert!(e.is_hostile());
    assert!(e.message(Lang::Sv).contains("zip-bomb"));
    assert!(e.message(Lang::En).contains("zip bomb"));
}

#[test]
fn entity_declarations_are_refused_not_expanded() {
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#;
    let e = err(&zip_of(&[("word/document.xml", bomb.as_bytes().to_vec())]));
    assert_eq!(
        e,
        WordError::Doctype {
            entry: "word/document.xml".into()
        }
    );
    assert!(e.is_hostile());
    assert!(e.message(Lang::En).contains("DOCTYPE"));
    // An external entity in the styles is refused the same way.
    let styles = r#"<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:styles xmlns:w="w">&x;</w:styles>"#;
    let document = r#"<w:document xmlns:w="w"><w:body><w:p/></w:body></w:document>"#;
    let e = err(&zip_of(&[
        ("word/styles.xml", styles.as_bytes().to_vec()),
        ("word/document.xml", document.as_bytes().to_vec()),
    ]));
    assert!(matches!(e, WordError::Doctype { .. }), "{e:?}");
}

#[test]
fn malformed_xml_is_an_error_not_a_panic() {
    for body in ["<w:p><w:r><w:t>öppen", "<w:p></w:r>", "<w:p>&okänd;</w:p>"] {
        let doc = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let e = err(&zip_of(&[("word/document.xml", doc.into_bytes())]));
        assert!(matches!(e, WordError::Xml { .. }), "{body}: {e:?}");
        assert!(e.message(Lang::Sv).contains("inte giltig XML"));
    }
}

#[test]
fn an_entry_over_the_size_limit_is_refused() {
    // Stored, not deflated: the ratio is 1:1, only the size is over the limit (64 MiB).
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", stored).unwrap();
    std::io::Write::write_all(&mut zip, &vec![b' '; (64 << 20) + 1]).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let e = err(&bytes);
    assert!(
        matches!(&e, WordError::TooLarge { entry, .. } if entry == "word/document.xml"),
        "{e:?}"
    );
    assert!(e.is_hostile());
    assert!(e.message(Lang::Sv).contains("word/document.xml"));
    assert!(e.message(Lang::En).contains("word/document.xml"));
}
