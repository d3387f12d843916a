-- aterrapport's language server in Neovim: `check`'s findings as you type, quick fixes, hover
-- text from the template, completion, go to definition and the outline, for YAML reports.
--
-- Use: copy into your init.lua, or load it from there with `dofile('/path/to/aterrapport.lua')`.
-- The server is started for every YAML buffer and itself decides which files are reports (a line
-- starting with `rapportar:`); other YAML files get nothing from it.
--
-- Options, set before this file is loaded:
--   vim.g.aterrapport_cmd  = { '/path/to/aterrapport', 'server' }  -- binary not on PATH
--   vim.g.aterrapport_lang = 'en'  -- message language when aterrapport.toml sets none (default sv)
--
-- Neovim 0.11 and later use the first block (vim.lsp.config + vim.lsp.enable). Older versions
-- get the same server through the fallback further down: vim.lsp.start (0.8–0.10) or
-- vim.lsp.start_client + vim.lsp.buf_attach_client (0.7, Debian 12's neovim).

local cmd = vim.g.aterrapport_cmd or { 'aterrapport', 'server' }
local init_options = vim.g.aterrapport_lang and { lang = vim.g.aterrapport_lang } or nil

if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
  vim.lsp.config('aterrapport', {
    cmd = cmd,
    filetypes = { 'yaml' },
    root_markers = { 'aterrapport.toml', '.git' },
    init_options = init_options,
  })
  vim.lsp.enable('aterrapport')
  return
end

-- Fallback for Neovim 0.7–0.10: start (or reuse) the server from a FileType autocommand.

local uv = vim.uv or vim.loop
local root_markers = { 'aterrapport.toml', '.git' }

-- The nearest directory upwards holding aterrapport.toml or .git, else the file's directory.
local function find_root(path)
  local start = vim.fn.fnamemodify(path, ':p:h')
  local dir = start
  while true do
    for _, marker in ipairs(root_markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

local client_for_root = {} -- Neovim 0.7: one client per root, shared by its buffers

vim.api.nvim_create_autocmd('FileType', {
  group = vim.api.nvim_create_augroup('aterrapport', { clear = true }),
  pattern = 'yaml',
  callback = function(args)
    local bufnr = args.buf
    local name = vim.api.nvim_buf_get_name(bufnr)
    if name == '' or vim.bo[bufnr].buftype ~= '' then
      return
    end
    local root = find_root(name)
    local config = { name = 'aterrapport', cmd = cmd, root_dir = root, init_options = init_options }
    if vim.lsp.start ~= nil then
      vim.lsp.start(config, { bufnr = bufnr })
      return
    end
    local id = client_for_root[root]
    if id == nil or vim.lsp.get_client_by_id(id) == nil then
      id = vim.lsp.start_client(config)
      client_for_root[root] = id
    end
    if id ~= nil then
      vim.lsp.buf_attach_client(bufnr, id)
    end
  end,
})
