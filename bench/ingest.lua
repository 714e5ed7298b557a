-- wrk script for the ingest benchmark: one fixed request, repeated.
-- Settings come from the environment (BENCH_METHOD, BENCH_BODY_FILE or BENCH_BODY, BENCH_TOKEN,
-- BENCH_CONTENT_TYPE) or from positional arguments after "--": method, body file, token. BENCH_TOKENS_FILE (one
-- token a line) spreads the requests over several accounts, round robin per thread.
-- done() prints one machine-readable BENCH line, so the driver never scrapes wrk's human summary.

local function read_file(path)
  local file = assert(io.open(path, "rb"), "cannot open body file " .. path)
  local text = file:read("*a")
  file:close()
  return text
end

-- With BENCH_TOKENS_FILE one request per token is built once in init and request() cycles through them; without it
-- no request() is defined, so wrk keeps sending its static request.
local requests = {}
local next_request = 0

local function build_requests(path)
  for line in io.lines(path) do
    if line ~= "" then
      local headers = {}
      for k, v in pairs(wrk.headers) do headers[k] = v end
      headers["Authorization"] = "Bearer " .. line
      requests[#requests + 1] = wrk.format(nil, nil, headers, wrk.body)
    end
  end
  next_request = math.random(0, #requests - 1)
end

if (os.getenv("BENCH_TOKENS_FILE") or "") ~= "" then
  function request()
    next_request = next_request % #requests + 1
    return requests[next_request]
  end
end

function init(args)
  local method = args[1] or os.getenv("BENCH_METHOD") or "POST"
  local body_file = args[2] or os.getenv("BENCH_BODY_FILE")
  local token = args[3] or os.getenv("BENCH_TOKEN")

  wrk.method = method
  if body_file and body_file ~= "" then
    wrk.body = read_file(body_file)
  else
    wrk.body = os.getenv("BENCH_BODY")
  end
  if wrk.body then
    wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/json"
  end
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  local tokens_file = os.getenv("BENCH_TOKENS_FILE")
  if tokens_file and tokens_file ~= "" then build_requests(tokens_file) end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
