//! `aterrapport server`: the language server. It speaks LSP over stdio, lints open reports with
//! the same setup and pipeline as `check` (on a worker thread, once per version), and answers
//! hover, completion, code actions, go to definition and document symbols from the template and
//! the strategy. A request that panics is answered with an error; the server keeps serving.

mod actions;
mod completion;
mod cursor;
mod diagnostics;
mod hover;
mod navigate;
mod position;
mod store;
mod sync;
mod worker;

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    InitializeParams, OneOf, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};
use serde_json::Value;

use crate::cli::ServerArgs;
use crate::i18n::Lang;
use position::Encoding;
use store::{Analysis, Document, Store};
use worker::{Done, Job, Linter};

/// The kind of the "fix everything" action; editors run it on save when asked to.
pub const FIX_ALL: &str = "source.fixAll.aterrapport";

/// Runs the server until `exit`: 0 after `shutdown`, 1 without it (as LSP asks), 2 when the
/// connection could not be set up.
pub fn run(args: &ServerArgs) -> i32 {
    let (connection, io_threads) = Connection::stdio();
    let code = match serve(&connection, args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("aterrapport server: {e}");
            return crate::EXIT_FAILURE;
        }
    };
    drop(connection);
    // The reader stopped at `exit`; the writer stops once every sender is gone.
    if let Err(e) = io_threads.join() {
        eprintln!("aterrapport server: {e}");
    }
    code
}

fn serve(connection: &Connection, args: &ServerArgs) -> Result<i32, String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let lang = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("lang"))
        .and_then(Value::as_str)
        .and_then(|l| match l.trim().to_ascii_lowercase().as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        });
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "aterrapport", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;

    let linter = Arc::new(Linter::new(args.setup.clone(), lang));
    let (jobs, job_rx) = crossbeam_channel::unbounded::<Job>();
    let (done_tx, done) = crossbeam_channel::unbounded::<Done>();
    worker::spawn(linter.clone(), job_rx, done_tx).map_err(|e| e.to_string())?;
    let mut server = Server {
        sender: connection.sender.clone(),
        store: Store::default(),
        encoding,
        linter,
        jobs,
        shown: HashSet::new(),
        hooks: std::env::var_os("ATERRAPPORT_SERVER_TEST_HOOKS").is_some(),
    };
    if params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false)
    {
        server.watch_files();
    }
    Ok(server.main_loop(&connection.receiver, &done))
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(SaveOptions::default().into()),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(true.into()),
        completion_provider: Some(CompletionOptions::default()),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL)]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

struct Server {
    sender: Sender<Message>,
    store: Store,
    encoding: Encoding,
    linter: Arc<Linter>,
    jobs: Sender<Job>,
    /// Setup errors already shown to the author (each once).
    shown: HashSet<String>,
    /// `ATERRAPPORT_SERVER_TEST_HOOKS`: the tests' request that panics on purpose.
    hooks: bool,
}

impl Server {
    fn main_loop(&mut self, messages: &Receiver<Message>, done: &Receiver<Done>) -> i32 {
        let mut shut_down = false;
        loop {
            select! {
                recv(messages) -> message => {
                    let Ok(message) = message else {
                        // The client went away without `exit`.
                        return 1;
                    };
                    match message {
                        Message::Request(req) if shut_down => self.respond(Response::new_err(
                            req.id,
                            ErrorCode::InvalidRequest as i32,
                            "the server is shut down".into(),
                        )),
                        Message::Request(req) if req.method == "shutdown" => {
                            shut_down = true;
                            self.respond(Response::new_ok(req.id, ()));
                        }
                        Message::Request(req) => self.guarded_request(req),
                        Message::Notification(n) if n.method == note::Exit::METHOD => {
                            return if shut_down { 0 } else { 1 };
                        }
                        Message::Notification(n) => {
                            let method = n.method.clone();
                            let outcome =
                                std::panic::catch_unwind(AssertUnwindSafe(|| self.notification(n)));
                            if outcome.is_err() {
                                eprintln!("aterrapport server: handling {method} panicked");
                            }
                        }
                        Message::Response(_) => {}
                    }
                }
                recv(done) -> finished => {
                    if let Ok(finished) = finished {
                        self.finished(finished);
                    }
                }
            }
        }
    }

    fn respond(&self, response: Response) {
        let _ = self.sender.send(response.into());
    }

    fn notify<N: note::Notification>(&self, params: N::Params) {
        let _ = self
            .sender
            .send(Notification::new(N::METHOD.to_string(), params).into());
    }

    /// Answers one request; a panic inside it becomes an error response.
    fn guarded_request(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| self.request(req)));
        let response = match outcome {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => {
                eprintln!("aterrapport server: {method} panicked; the server goes on");
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("aterrapport: internal error while answering {method}"),
                )
            }
        };
        self.respond(response);
    }

    fn request(&mut self, req: Request) -> Result<Value, (ErrorCode, String)> {
        use lsp_types::request::{
            CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
            Request as _,
        };
        fn parse<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(v).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
        }
        let enc = self.encoding;
        let json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match req.method.as_str() {
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = parse(req.params)?;
                let pos = p.text_document_position_params;
                let doc = self.store.get(&pos.text_document.uri);
                json(serde_json::to_value(
                    doc.and_then(|d| hover::hover(d, enc, pos.position)),
                ))
            }
            Completion::METHOD => {
                let p: lsp_types::CompletionParams = parse(req.params)?;
                let pos = p.text_document_position;
                let doc = self.store.get(&pos.text_document.uri);
                json(serde_json::to_value(
                    doc.map(|d| completion::complete(d, enc, pos.position)),
                ))
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = parse(req.params)?;
                let doc = self.current(&p.text_document.uri);
                json(serde_json::to_value(
                    doc.map(|(d, a)| actions::code_actions(d, &a, enc, &p)),
                ))
            }
            GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = parse(req.params)?;
                let pos = p.text_document_position_params;
                let doc = self.current(&pos.text_document.uri);
                json(serde_json::to_value(doc.and_then(|(d, a)| {
                    navigate::definition(d, &a, enc, pos.position)
                })))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = parse(req.params)?;
                let doc = self.current(&p.text_document.uri);
                json(serde_json::to_value(
                    doc.map(|(d, a)| navigate::symbols(d, &a, enc)),
                ))
            }
            "aterrapport/testPanic" if self.hooks => panic!("a panic asked for by the tests"),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("unknown request {}", req.method),
            )),
        }
    }

    /// The document and the analysis of exactly its current text: the worker's if it has
    /// finished, else one made here (stored, not published: the worker's lint publishes).
    fn current(&mut self, uri: &Uri) -> Option<(&Document, Arc<Analysis>)> {
        let doc = self.store.get(uri)?;
        if !doc.is_report {
            return None;
        }
        if doc.current().is_none() {
            let analysis = self
                .linter
                .analyse(&doc.path, doc.version, doc.text.clone())
                .ok()?;
            if let Some(d) = self.store.get_mut(uri) {
                d.analysis = Some(Arc::new(analysis));
            }
        }
        let doc = self.store.get(uri)?;
        let analysis = doc.current()?.clone();
        Some((doc, analysis))
    }

    /// Asks the client to report changes to configuration, schema and YAML files.
    fn watch_files(&self) {
        let watchers: Vec<_> = ["**/aterrapport.toml", "**/*.schema.json", "**/*.{yaml,yml}"]
            .iter()
            .map(|g| lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String((*g).to_string()),
                kind: None,
            })
            .collect();
        let registration = lsp_types::Registration {
            id: "aterrapport-watched-files".into(),
            method: note::DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(
                lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers },
            )
            .ok(),
        };
        let params = lsp_types::RegistrationParams {
            registrations: vec![registration],
        };
        let _ = self.sender.send(
            Request::new(
                "aterrapport-watch".to_string().into(),
                "client/registerCapability".into(),
                params,
            )
            .into(),
        );
    }
}

/// The template a document is read with: the one its lint chose, else the configured or newest.
fn template_of(a: &Analysis) -> Option<&crate::template::Template> {
    let templates = &a.setup.templates;
    a.setup
        .template_of(&a.report)
        .or_else(|| templates.default_template())
        .or_else(|| templates.ids().last().and_then(|id| templates.get(id)))
}

/// The report's year (`rapportar`), for headings with `{rapportar}`.
fn year_of(a: &Analysis) -> Option<i64> {
    a.report
        .document
        .as_ref()?
        .value
        .as_ref()?
        .get("rapportar")?
        .as_i64()
}

/// Runs `f` with the rules' view of the analysed report (for the goals of its strategy).
fn with_context<R>(a: &Analysis, f: impl FnOnce(&crate::context::Context<'_>) -> R) -> Option<R> {
    let doc = a.report.document.as_ref()?;
    let value = doc.value.as_ref()?;
    let template = template_of(a)?;
    let cx = crate::context::Context {
        source: &a.report.source,
        strategy: a.report.strategy.as_ref(),
        doc,
        value,
        template,
        lang: a.setup.lang,
        year: value.get("rapportar").and_then(Value::as_i64),
        current_year: a.setup.options.current_year,
    };
    Some(f(&cx))
}
