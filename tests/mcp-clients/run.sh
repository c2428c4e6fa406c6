#!/usr/bin/env bash
# Black-box MCP client tests against the built jar: the official TypeScript SDK client (stdio + Streamable HTTP),
# the MCP Inspector CLI (stdio + HTTP), and the conformance suite's generic server scenarios (HTTP).
# Usage: tests/mcp-clients/run.sh <rtt.jar>   (expects `npm ci` done in this directory)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
examples="$here/../../examples"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cp -R "$examples/shop" "$work/shop"
rm -rf "$work/shop/.rtt"
ws="$work/shop"
token="blackbox-$RANDOM$RANDOM"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

port="$(free_port)"
RTT_MCP_TOKEN="$token" java -jar "$jar" serve --http "127.0.0.1:$port" "$ws" 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 1 100); do
  grep -q "MCP Streamable HTTP at" "$work/server.log" 2>/dev/null && break
  sleep 0.2
done
grep -q "MCP Streamable HTTP at" "$work/server.log" || { cat "$work/server.log"; echo "server did not start" >&2; exit 1; }
url="http://127.0.0.1:$port/mcp"

cd "$here"
echo "== TypeScript SDK client"
node sdk-client.mjs "$jar" "$ws" "$url" "$token"

echo "== MCP Inspector CLI"
inspector=(node node_modules/.bin/mcp-inspector --cli)
check() { # name, expected-substring, command...
  local name="$1" want="$2"; shift 2
  local out
  out="$("$@" 2>&1)" || { echo "not ok - inspector $name: exit $?"; echo "$out"; exit 1; }
  grep -q -- "$want" <<<"$out" || { echo "not ok - inspector $name: missing $want"; echo "$out" | head -40; exit 1; }
  echo "ok - inspector $name"
}
stdio=(java -jar "$jar" serve --stdio "$ws")
http=("$url" --transport http --header "Authorization: Bearer $token")
for t in stdio http; do
  if [[ $t == stdio ]]; then target=("${stdio[@]}"); else target=("${http[@]}"); fi
  check "$t tools/list" '"rtt_scan"' "${inspector[@]}" "${target[@]}" --method tools/list
  check "$t tools/call" '"byKind"' "${inspector[@]}" "${target[@]}" --method tools/call --tool-name rtt_scan --tool-arg 'path="api"'
  check "$t resources/list" '"rtt://index"' "${inspector[@]}" "${target[@]}" --method resources/list
  check "$t resources/read" 'rtt.index/1' "${inspector[@]}" "${target[@]}" --method resources/read --uri rtt://index
  check "$t prompts/list" '"wire_repository"' "${inspector[@]}" "${target[@]}" --method prompts/list
  check "$t prompts/get" 'rtt_scan' "${inspector[@]}" "${target[@]}" --method prompts/get --prompt-name wire_repository --prompt-args goal=testing
done

echo "== MCP conformance (generic server scenarios, over HTTP through a bearer-adding proxy)"
pport="$(free_port)"
node bearer-proxy.mjs "$pport" "http://127.0.0.1:$port" "$token" 2>"$work/proxy.log" &
pids+=($!)
for _ in $(seq 1 50); do grep -q "bearer proxy on" "$work/proxy.log" 2>/dev/null && break; sleep 0.1; done
for scenario in server-initialize ping logging-set-level tools-list resources-list prompts-list \
    server-sse-multiple-streams dns-rebinding-protection; do
  if node node_modules/.bin/conformance server --url "http://127.0.0.1:$pport/mcp" --scenario "$scenario" \
      >"$work/conformance-$scenario.log" 2>&1; then
    echo "ok - conformance $scenario"
  else
    echo "not ok - conformance $scenario"; cat "$work/conformance-$scenario.log"; exit 1
  fi
done
echo "all black-box MCP client tests passed"
