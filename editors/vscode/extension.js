// aterrapport for VS Code: starts `aterrapport server` (the Language Server Protocol over stdio)
// for YAML files. The server decides which YAML files are reports (a line starting with
// `rapportar:`) and publishes the same findings as `aterrapport check`, with quick fixes, hover
// text, completion, go to definition and the outline.
//
// Plain JavaScript with no build step: VS Code loads this file as it is.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function settings() {
  const config = vscode.workspace.getConfiguration('aterrapport');
  return {
    path: config.get('path') || 'aterrapport',
    // Empty means "not set": the server then uses aterrapport.toml's `lang`, else Swedish.
    lang: config.get('lang') || undefined,
  };
}

function createClient() {
  const { path, lang } = settings();
  const executable = { command: path, args: ['server'], transport: TransportKind.stdio };
  /** @type {import('vscode-languageclient/node').ServerOptions} */
  const serverOptions = { run: executable, debug: executable };
  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    initializationOptions: { lang },
    synchronize: {
      // aterrapport.toml and strategy files (`strategi: { fil: … }`) change the findings of the
      // reports that use them; the server re-lints those reports when told of a change.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{aterrapport.toml,*.yaml,*.yml}'),
    },
  };
  return new LanguageClient('aterrapport', 'aterrapport', serverOptions, clientOptions);
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const { path } = settings();
    vscode.window.showErrorMessage(
      `aterrapport: could not start \`${path} server\` (${err && err.message ? err.message : err}). ` +
        'Install aterrapport or set "aterrapport.path" to the binary.'
    );
  }
}

async function stop() {
  if (!client) {
    return;
  }
  const running = client;
  client = undefined;
  try {
    await running.stop();
  } catch (_) {
    // A server that never started has nothing to stop.
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('aterrapport')) {
        await stop();
        await start();
      }
    }),
    vscode.commands.registerCommand('aterrapport.restartServer', async () => {
      await stop();
      await start();
    })
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
