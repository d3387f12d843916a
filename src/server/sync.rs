//! Keeping the editor's view in step: the document notifications (open, change, close, save,
//! watched files) queue lints of the reports they touch, and a finished lint is published only
//! if it is of the version the editor has now.

use std::path::Path;

use lsp_server::Notification;
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::{PublishDiagnosticsParams, Uri};

use super::worker::{Done, Job};
use super::{Server, diagnostics, store};

impl Server {
    pub(super) fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidOpenTextDocumentParams>(
                    note::DidOpenTextDocument::METHOD,
                ) else {
                    return;
                };
                let d = p.text_document;
                self.store.open(d.uri.clone(), d.text, d.version);
                self.schedule(&d.uri);
            }
            note::DidChangeTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    note::DidChangeTextDocument::METHOD,
                ) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.store.change(
                    &uri,
                    p.text_document.version,
                    p.content_changes,
                    self.encoding,
                );
                self.schedule(&uri);
            }
            note::DidCloseTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidCloseTextDocumentParams>(
                    note::DidCloseTextDocument::METHOD,
                ) else {
                    return;
                };
                if let Some(doc) = self.store.close(&p.text_document.uri)
                    && doc.published
                {
                    self.publish(doc.uri, Vec::new(), None);
                }
            }
            note::DidSaveTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidSaveTextDocumentParams>(
                    note::DidSaveTextDocument::METHOD,
                ) else {
                    return;
                };
                let path = store::path_of(&p.text_document.uri);
                self.file_changed(&path);
            }
            note::DidChangeWatchedFiles::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeWatchedFilesParams>(
                    note::DidChangeWatchedFiles::METHOD,
                ) else {
                    return;
                };
                for change in p.changes {
                    self.file_changed(&store::path_of(&change.uri));
                }
            }
            _ => {}
        }
    }

    /// Queues a lint of the document's current version; a document that is not (or no longer) a
    /// report gets nothing, or an empty list once if it had findings.
    fn schedule(&mut self, uri: &Uri) {
        let Some(doc) = self.store.get_mut(uri) else {
            return;
        };
        if !doc.is_report {
            if doc.published {
                doc.published = false;
                let (uri, version) = (doc.uri.clone(), doc.version);
                self.publish(uri, Vec::new(), Some(version));
            }
            return;
        }
        let _ = self.jobs.send(Job {
            uri: doc.uri.clone(),
            version: doc.version,
            path: doc.path.clone(),
            text: doc.text.clone(),
        });
    }

    /// A file on disk changed: a configuration or schema file re-lints every open report, a
    /// strategy file the open reports that use it.
    fn file_changed(&mut self, path: &Path) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let setup_file = name == crate::config::FILE_NAME || name.ends_with(".json");
        if setup_file {
            self.linter.forget_setups();
        }
        let affected: Vec<Uri> = self
            .store
            .iter()
            .filter(|d| d.is_report && d.path != path)
            .filter(|d| {
                setup_file
                    || d.analysis
                        .as_ref()
                        .is_some_and(|a| a.report.strategy.as_ref().is_some_and(|s| s.path == path))
            })
            .map(|d| d.uri.clone())
            .collect();
        for uri in affected {
            self.schedule(&uri);
        }
    }

    /// A lint finished: kept and published if it is of the version the editor has now.
    pub(super) fn finished(&mut self, done: Done) {
        let encoding = self.encoding;
        let Some(doc) = self.store.get_mut(&done.uri) else {
            return;
        };
        if doc.version != done.version || !doc.is_report {
            return;
        }
        let diagnostics = match done.result {
            None => return,
            Some(Ok(analysis)) => {
                let frame =
                    diagnostics::Frame::new(&doc.uri, &analysis.text, &analysis.report, encoding);
                let list = frame.all();
                doc.analysis = Some(analysis);
                list
            }
            Some(Err(e)) => {
                if self.shown.insert(e.0.clone()) {
                    eprintln!("{e}");
                    self.notify::<note::ShowMessage>(lsp_types::ShowMessageParams {
                        typ: lsp_types::MessageType::ERROR,
                        message: e.0.clone(),
                    });
                }
                Vec::new()
            }
        };
        let Some(doc) = self.store.get_mut(&done.uri) else {
            return;
        };
        doc.published = !diagnostics.is_empty();
        let (uri, version) = (doc.uri.clone(), doc.version);
        self.publish(uri, diagnostics, Some(version));
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify::<note::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }
}
