#!/usr/bin/env bash
# Every call README.md shows (the one `./dev up` prints first, "Calling it"
# and "From the command line: gsctl") run as pasted against `./dev up` and
# its demo tenant: each must exit 0. What the README leaves to the reader is
# filled in: the port, build/bin, companies.csv (written here), 1P02... (a
# demo company's GSID) and JOB_ID (the job the README's import started; a
# fresh one for `job cancel`, which needs a job that has not ended).
#
#   tests/readme_examples_test.sh BUILD_DIR
set -euo pipefail
set -m
build_dir=$(cd "$1" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tests/dev_up_lib.sh
source "$root/tests/dev_up_lib.sh"
dev_up_test_setup
passed=0 failed=0

start "$work/dev.out"
cd "$root"
printf 'Name,Industry,Arr\nNorthwind Traders,Retail,250000\nContoso,Software,90000\n' \
  >"$work/companies.csv"
gsctl="$build_dir/bin/gsctl"
export GSCTL_TARGET=127.0.0.1:$grpc_port

# The examples, one logical line each (continuations joined).
python3 - "$root/README.md" >"$work/examples" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
sections = re.split(r'^#+ ', text, flags=re.M)
wanted = ('gainsight-gateway\n', 'Calling it\n', 'From the command line: gsctl\n')
for section in sections:
    if not section.startswith(wanted):
        continue
    for block in re.findall(r'```sh\n(.*?)```', section, flags=re.S):
        if 'buf curl' not in block and 'gsctl' not in block:
            continue
        for line in block.replace('\\\n', ' ').splitlines():
            if line.strip() and not line.lstrip().startswith('#'):
                print(line)
PY
[[ $(wc -l <"$work/examples") -ge 10 ]] || { echo "FAILED: too few examples found"; exit 1; }

job_of() { grep -o 'job-[0-9a-f]*' | head -1; }
# A demo company's GSID, for `company get 1P02...`.
acme=$("$gsctl" company query --where 'Name:EQ:Acme Corp' --select Name -o json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["companies"][0]["gsid"])')
last_job=""
while IFS= read -r example <&3; do
  line=${example//127.0.0.1:50051/127.0.0.1:$grpc_port}
  line=${line//build\/bin\//$build_dir/bin/}
  line=${line//companies.csv/$work/companies.csv}
  line=${line//1P02.../$acme}
  if [[ $line == *"job cancel JOB_ID"* ]]; then
    fresh=$("$gsctl" job import --object Company --connector-job 12345 \
      --file "$work/companies.csv" | job_of)
    line=${line//JOB_ID/$fresh}
  fi
  line=${line//JOB_ID/$last_job}
  status=0
  eval "$line" </dev/null >"$work/out" 2>&1 || status=$?
  if ((status == 0)); then
    echo "ok: $example"
    passed=$((passed + 1))
  else
    echo "FAILED (exit $status): $example"
    sed 's/^/    /' "$work/out"
    failed=$((failed + 1))
  fi
  if [[ $line == *"job import"* ]]; then last_job=$(job_of <"$work/out"); fi
done 3<"$work/examples"

echo "$passed passed, $failed failed"
((failed == 0))
