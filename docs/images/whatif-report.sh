#!/usr/bin/env bash
# Regenerates docs/images/whatif-report.png: the what-if of the report demo input (96 nodes on
# 4 switches x 4 chassis, 36 apps; cli/src/test/resources/whatif/report-demo/) and its report.html
# in headless Chromium (.ci/install-chromium installs it). The network stays closed: no sync,
# no component updates, no background requests, a fresh profile.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
demo=cli/src/test/resources/whatif/report-demo
out=target/whatif-report-demo
./sigma whatif --nodes "$demo/nodes.jsonl" --requests "$demo/requests.jsonl" --report "$out" | tail -1
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
  --hide-scrollbars --window-size=1400,1800 --screenshot="$PWD/docs/images/whatif-report.png" \
  "file://$PWD/$out/report.html" 2>/dev/null
ls -l docs/images/whatif-report.png
