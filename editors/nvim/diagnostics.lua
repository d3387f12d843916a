-- The init file (`nvim -u`) that diagnostics.sh gives headless Neovim: it loads aterrapport.lua
-- as an author's configuration would, opens one report, waits until the server has published
-- the diagnostics for it and prints them to standard output, one a line:
--
--   LINE:COLUMN: SEVERITY[CODE] MESSAGE
--
-- LINE and COLUMN are 1-based; COLUMN counts characters (Unicode scalar values), as in
-- `aterrapport check --format json`. A newline inside a message is printed as `\n`.
-- Exit status: 0 when the diagnostics arrived (none at all is fine for a clean report),
-- 1 when no server started, the server exited first, or none arrived within the time limit.
--
-- Input from diagnostics.sh, through the environment:
--   ATERRAPPORT_NVIM_CONFIG   path of aterrapport.lua
--   ATERRAPPORT_NVIM_BIN      the aterrapport binary (run as `BIN server`)
--   ATERRAPPORT_NVIM_REPORT   the report to open
--   ATERRAPPORT_NVIM_TIMEOUT  seconds to wait for the diagnostics

local uv = vim.uv or vim.loop

local config_file = os.getenv('ATERRAPPORT_NVIM_CONFIG')
local bin = os.getenv('ATERRAPPORT_NVIM_BIN')
local report = os.getenv('ATERRAPPORT_NVIM_REPORT')
local timeout_ms = math.floor((tonumber(os.getenv('ATERRAPPORT_NVIM_TIMEOUT') or '') or 10) * 1000)

local function note(message)
  io.stderr:write('diagnostics.sh: ' .. message .. '\n')
end

local function version_string()
  local v = vim.version()
  return string.format('%d.%d.%d', v.major, v.minor, v.patch)
end

local function api_path()
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    return 'vim.lsp.config + vim.lsp.enable'
  elseif vim.lsp.start ~= nil then
    return 'fallback vim.lsp.start in a FileType autocommand'
  else
    return 'fallback vim.lsp.start_client + vim.lsp.buf_attach_client in a FileType autocommand'
  end
end

-- The aterrapport clients, starting ones too: Neovim 0.7 lists a client among the active ones
-- only once `initialize` has been answered, but finds it by id before that. This Neovim has
-- no other clients, so the first few ids are all there are.
local function aterrapport_clients()
  local found = {}
  for id = 1, 32 do
    local client = vim.lsp.get_client_by_id(id)
    if client ~= nil and client.name == 'aterrapport' then
      table.insert(found, client)
    end
  end
  return found
end

local function finish(status)
  io.stdout:flush()
  io.stderr:flush()
  -- End the server the way an editor does, `shutdown` then `exit`, and give it time to go.
  for _, client in ipairs(aterrapport_clients()) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(3000, function()
    return #aterrapport_clients() == 0
  end, 20)
  if status == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit ' .. status)
  end
end

local function fail(message)
  -- Neovim's own "Client … quit" notice on standard error has no newline at its end.
  io.stderr:write('\n')
  note(message)
  finish(1)
end

local function same_file(a, b)
  return (uv.fs_realpath(a) or a) == (uv.fs_realpath(b) or b)
end

-- Note every publishDiagnostics for the report, an empty one too (a clean report), before
-- Neovim's own handler stores it.
local published = false
local function seen(uri)
  if published or type(uri) ~= 'string' then
    return
  end
  local ok, fname = pcall(vim.uri_to_fname, uri)
  if ok and same_file(fname, report) then
    published = true
  end
end
local method = 'textDocument/publishDiagnostics'
local default_handler = vim.lsp.handlers[method]
vim.lsp.handlers[method] = function(err, result, ctx, config)
  local value = default_handler(err, result, ctx, config)
  seen(result and result.uri)
  return value
end

local severities = { 'error', 'warning', 'info', 'hint' }

local function print_diagnostics(bufnr)
  local diagnostics = vim.diagnostic.get(bufnr)
  for index, d in ipairs(diagnostics) do
    d._order = index
  end
  table.sort(diagnostics, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    elseif a.col ~= b.col then
      return a.col < b.col
    end
    return a._order < b._order
  end)
  for _, d in ipairs(diagnostics) do
    -- Neovim keeps the column in bytes; count the characters before it instead.
    local text = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
    local column = vim.fn.strchars(text:sub(1, d.col)) + 1
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then
      code = d.user_data.lsp.code -- Neovim 0.7 keeps the code here
    end
    local message = (d.message or ''):gsub('\r?\n', '\\n')
    local tag = severities[d.severity] or tostring(d.severity)
    if code ~= nil and code ~= vim.NIL then
      tag = tag .. '[' .. tostring(code) .. ']'
    end
    io.stdout:write(string.format('%d:%d: %s %s\n', d.lnum + 1, column, tag, message))
  end
  return #diagnostics
end

local function run()
  if not (config_file and bin and report) then
    return fail('run me through editors/nvim/diagnostics.sh')
  end
  local v = vim.version()
  if v.major == 0 and v.minor < 11 then
    note(string.format(
      'Neovim %s is older than 0.11, which the vim.lsp.config configuration needs; testing with the %s',
      version_string(), api_path()))
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(report))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= 'yaml' then
    vim.bo[bufnr].filetype = 'yaml' -- whatever the name, a report is YAML
  end

  if #aterrapport_clients() == 0 then
    return fail('no aterrapport language server was started for ' .. report ..
      ' (Neovim ' .. version_string() .. ', ' .. api_path() .. ')')
  end

  local died = false
  local arrived = vim.wait(timeout_ms, function()
    if published then
      return true
    end
    died = #aterrapport_clients() == 0
    return died
  end, 20)

  if published then
    local count = print_diagnostics(bufnr)
    note(string.format('%d diagnostic%s for %s (Neovim %s, %s)', count, count == 1 and '' or 's',
      report, version_string(), api_path()))
    return finish(0)
  elseif died then
    return fail('`' .. bin .. ' server` exited before it published diagnostics for ' .. report)
  elseif not arrived then
    return fail(string.format('no diagnostics for %s within %g s from `%s server`', report,
      timeout_ms / 1000, bin))
  end
end

if config_file and bin then
  vim.g.aterrapport_cmd = { bin, 'server' }
  dofile(config_file)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      fail('error in diagnostics.lua: ' .. tostring(err))
    end
  end,
})
