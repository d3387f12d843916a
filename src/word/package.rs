//! The `.docx` package: a zip, recognised before anything is decompressed (a Word 97 file and a
//! password-protected document are OLE2 files, not zips), and read entry by entry with bounds on
//! the bytes actually decompressed and on the compression ratio.

use std::io::{Cursor, Read};
use std::path::Path;

use zip::ZipArchive;
use zip::result::ZipError;

use super::WordError;

/// The most any one entry may decompress to.
pub const ENTRY_LIMIT: u64 = 64 << 20;
/// The most a `.docx` file may be on disk.
pub const FILE_LIMIT: u64 = 256 << 20;
/// Decompressed bytes per compressed byte beyond which an entry is a zip bomb. Word's XML
/// compresses about 10:1; the ratio is only checked past `RATIO_FLOOR` bytes.
pub const RATIO_LIMIT: u64 = 100;
const RATIO_FLOOR: u64 = 1 << 20;

/// The OLE2 compound file signature (Word 97–2003, and encrypted Office documents).
const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, WordError> {
        if bytes.starts_with(&OLE2) {
            return Err(if ole2_is_encrypted(bytes) {
                WordError::Encrypted
            } else {
                WordError::Doc
            });
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| WordError::NotZip)?;
        if zip
            .file_names()
            .any(|n| n.contains("EncryptionInfo") || n.contains("EncryptedPackage"))
        {
            return Err(WordError::Encrypted);
        }
        Ok(Package { zip })
    }

    /// The entry's bytes, or `None` when the package has no such entry.
    pub fn entry(&mut self, name: &str) -> Result<Option<Vec<u8>>, WordError> {
        let file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(ZipError::UnsupportedArchive(m)) if m == ZipError::PASSWORD_REQUIRED => {
                return Err(WordError::Encrypted);
            }
            Err(e) => {
                return Err(WordError::Xml {
                    entry: name.to_string(),
                    message: e.to_string(),
                });
            }
        };
        if file.encrypted() {
            return Err(WordError::Encrypted);
        }
        let too_large = || WordError::TooLarge {
            entry: name.to_string(),
            limit: ENTRY_LIMIT,
        };
        if file.size() > ENTRY_LIMIT {
            return Err(too_large());
        }
        let compressed = file.compressed_size().max(1);
        // The header's size is not trusted: the bytes actually read are counted.
        let mut reader = file.take(ENTRY_LIMIT + 1);
        let mut out = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = reader.read(&mut chunk).map_err(|e| WordError::Xml {
                entry: name.to_string(),
                message: e.to_string(),
            })?;
            if n == 0 {
                break;
            }
            out.extend_from_slice(chunk.get(..n).unwrap_or_default());
            let read = out.len() as u64;
            if read > ENTRY_LIMIT {
                return Err(too_large());
            }
            if read > RATIO_FLOOR && read / compressed > RATIO_LIMIT {
                return Err(WordError::Ratio {
                    entry: name.to_string(),
                    ratio: RATIO_LIMIT,
                });
            }
        }
        Ok(Some(out))
    }
}

/// An encrypted Office document is an OLE2 file holding the streams `EncryptionInfo` and
/// `EncryptedPackage`; their names are stored in UTF-16LE in the file's directory.
fn ole2_is_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// A file's bytes, refusing files larger than `FILE_LIMIT`.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, WordError> {
    let file = std::fs::File::open(path).map_err(|e| WordError::Io(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| WordError::Io(e.to_string()))?;
    if bytes.len() as u64 > FILE_LIMIT {
        return Err(WordError::TooLarge {
            entry: path.display().to_string(),
            limit: FILE_LIMIT,
        });
    }
    Ok(bytes)
}
