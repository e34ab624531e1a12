-- Headless Neovim 0.7 as an independent LSP client: start dist/server.js, wait for diagnostics, apply a quick fix.
-- Writes what it saw as JSON to $TT_OUT and exits 0, or non-zero on failure or timeout.
local server = os.getenv('TT_SERVER')
local out = os.getenv('TT_OUT')
local finished = false

local function finish(result, code)
  if finished then return end
  finished = true
  local file = io.open(out, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end

vim.defer_fn(function() finish({ error = 'timeout waiting for the server' }, 3) end, 20000)

local function fix(result)
  local diagnostic
  for _, d in ipairs(result.diagnostics) do
    if d.code == 'MISSING_VERSION' then diagnostic = d end
  end
  if not diagnostic then return finish({ diagnostics = result.diagnostics, error = 'no MISSING_VERSION' }, 4) end
  local bufnr = vim.uri_to_bufnr(result.uri)
  local params = { textDocument = { uri = result.uri }, range = diagnostic.range, context = { diagnostics = { diagnostic } } }
  vim.lsp.buf_request(bufnr, 'textDocument/codeAction', params, function(err, actions)
    if err or not actions or #actions == 0 then
      return finish({ diagnostics = result.diagnostics, error = err and err.message or 'no code action' }, 5)
    end
    vim.lsp.util.apply_workspace_edit(actions[1].edit, 'utf-16')
    finish({
      diagnostics = result.diagnostics,
      action = actions[1].title,
      text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'),
    }, 0)
  end)
end

-- init.lua runs before the file is read; attach once the editor (and its buffer) is ready.
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
local client_id = vim.lsp.start_client({
  name = 'trailtight',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      if #result.diagnostics > 0 then vim.schedule(function() fix(result) end) end
    end,
  },
})
vim.lsp.buf_attach_client(0, client_id)
end })
