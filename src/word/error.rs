//! Why a Word file could not be read: each case is its own variant with a message in both
//! languages, so `check` can tell an unreadable file (AR008) from a hostile one (AR005).

use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordError {
    /// The file could not be read from disk.
    Io(String),
    /// Neither a zip package nor a Word 97 file.
    NotZip,
    /// A Word 97–2003 document (an OLE2 compound file without encryption).
    Doc,
    /// A password-protected document (an OLE2 file with `EncryptionInfo`, or encrypted zip
    /// entries).
    Encrypted,
    /// A zip without `word/document.xml`.
    MissingDocument,
    /// An entry larger than aterrapport reads (bytes actually decompressed, not the header).
    TooLarge { entry: String, limit: u64 },
    /// An entry that decompresses far more than a document does: a zip bomb.
    Ratio { entry: String, ratio: u64 },
    /// XML with a document type declaration: entity declarations are refused, never expanded.
    Doctype { entry: String },
    /// XML that is not well formed (or nested deeper than a document is).
    Xml { entry: String, message: String },
}

impl WordError {
    /// A zip bomb or an XML entity trick: input crafted to exhaust the reader.
    pub fn is_hostile(&self) -> bool {
        matches!(
            self,
            WordError::TooLarge { .. } | WordError::Ratio { .. } | WordError::Doctype { .. }
        )
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            WordError::Io(e) => lang.pick(
                &format!("filen kan inte läsas: {e}"),
                &format!("the file cannot be read: {e}"),
            ),
            WordError::NotZip => lang.pick(
                "filen är inte ett Word-dokument (.docx): den är inte ett zip-paket",
                "the file is not a Word document (.docx): it is not a zip package",
            ),
            WordError::Doc => lang.pick(
                "filen är ett äldre Word-dokument (.doc, Word 97–2003): öppna det i Word och spara som .docx",
                "the file is an old Word document (.doc, Word 97–2003): open it in Word and save as .docx",
            ),
            WordError::Encrypted => lang.pick(
                "dokumentet är lösenordsskyddat (krypterat): ta bort lösenordet i Word och spara igen",
                "the document is password-protected (encrypted): remove the password in Word and save again",
            ),
            WordError::MissingDocument => lang.pick(
                "zip-paketet saknar word/document.xml, så det är inte ett Word-dokument",
                "the zip package has no word/document.xml, so it is not a Word document",
            ),
            WordError::TooLarge { entry, limit } => lang.pick(
                &format!(
                    "{entry} packas upp till mer än {} MiB: filen läses inte (en zip-bomb?)",
                    limit >> 20
                ),
                &format!(
                    "{entry} decompresses to more than {} MiB: the file is not read (a zip bomb?)",
                    limit >> 20
                ),
            ),
            WordError::Ratio { entry, ratio } => lang.pick(
                &format!(
                    "{entry} packas upp mer än {ratio} gånger: filen läses inte (en zip-bomb?)"
                ),
                &format!(
                    "{entry} decompresses more than {ratio} times over: the file is not read (a zip bomb?)"
                ),
            ),
            WordError::Doctype { entry } => lang.pick(
                &format!(
                    "{entry} innehåller en DOCTYPE-deklaration (entiteter): sådan XML läses inte"
                ),
                &format!(
                    "{entry} contains a DOCTYPE declaration (entities): such XML is not read"
                ),
            ),
            WordError::Xml { entry, message } => lang.pick(
                &format!("{entry} är inte giltig XML: {message}"),
                &format!("{entry} is not well-formed XML: {message}"),
            ),
        }
    }
}

impl std::fmt::Display for WordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for WordError {}
