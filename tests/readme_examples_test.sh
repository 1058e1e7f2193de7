#!/usr/bin/env bash
# Every call README.md shows (the one `./dev up` prints first, "Calling it"
# and "From the command line: gsctl"), every command of gsctl's README and
# every buf curl call of docs/calling.md's walkthrough (its grpcurl lines
# are skipped: grpcurl is not packaged in Debian 12) run as pasted against
# `./dev up` and its demo tenant: each must exit 0. What
# the READMEs leave to the reader is filled in: the port, build/bin, the
# input files (written here), 1P02... (a demo company's GSID; two throwaway
# companies for a delete), 1S01... (a CTA's GSID) and JOB_ID (the job the
# last import started; a fresh one for `job cancel`, which needs a job that
# has not ended).
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
# The examples make more than the default 100 sync calls a minute; the
# rate limiter itself is tested elsewhere.
export DEV_LIMITS='sync=1000/1m,50000/1d;bulk=10/1h,100/1d'
# The gateway polls bulk jobs every 250 ms instead of every 5 s (doubling),
# so the `job watch` examples end within a second; they print the same.
export GATEWAY_BULK_POLL_INTERVAL=250ms

start "$work/dev.out"
cd "$root"
printf 'Name,Industry,Arr\nNorthwind Traders,Retail,250000\nContoso,Software,90000\n' \
  >"$work/companies.csv"
cp "$work/companies.csv" "$work/accounts.csv"
printf '[{"email":"maria@acme.example","firstName":"Maria","lastName":"Lopez"}]\n' \
  >"$work/people.json"
printf 'External_Id__gc,Name__gc,Amount__gc\nR-1,Acme renewal,1200.5\n' >"$work/trackers.csv"
gsctl="$build_dir/bin/gsctl"
export GSCTL_TARGET=127.0.0.1:$grpc_port
# gsctl's README calls it by name.
export PATH=$build_dir/bin:$PATH

# The examples, one logical line each (continuations joined).
python3 - "$root/README.md" "$root/client/gsctl/README.md" >"$work/examples" <<'PY'
import re, sys
wanted = {
    sys.argv[1]: ('gainsight-gateway\n', 'Calling it\n',
                  'From the command line: gsctl\n'),
    sys.argv[2]: ('gsctl\n',),
}
for path, sections_wanted in wanted.items():
    sections = re.split(r'^#+ ', open(path).read(), flags=re.M)
    for section in sections:
        if not section.startswith(sections_wanted):
            continue
        for block in re.findall(r'```sh\n(.*?)```', section, flags=re.S):
            if 'buf curl' not in block and 'gsctl' not in block:
                continue
            for line in block.replace('\\\n', ' ').splitlines():
                if line.strip() and not line.lstrip().startswith('#'):
                    print(line)
PY
[[ $(wc -l <"$work/examples") -ge 30 ]] || { echo "FAILED: too few examples found"; exit 1; }

job_of() { grep -o 'job-[0-9a-f]*' | head -1; }
# Runs one example (the line as the document shows it, then as run). A
# batch write answers OK with a failed record inside: an answer naming an
# "error" fails the example too.
report() {  # STATUS NAME: counts NAME passed when STATUS is 0, else shows out
  if (($1 == 0)); then
    echo "ok: $2"
    passed=$((passed + 1))
  else
    echo "FAILED (exit $1): $2"
    sed 's/^/    /' "$work/out"
    failed=$((failed + 1))
  fi
}
run_example() {  # EXAMPLE LINE
  local status=0
  eval "$2" </dev/null >"$work/out" 2>&1 || status=$?
  if ((status == 0)) && grep -q '"error"' "$work/out"; then status=-1; fi
  report "$status" "$1"
}
gsid_of_cta() {  # NAME
  "$gsctl" cta list --where "Name:EQ:$1" -o json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["ctas"][0]["gsid"])'
}
# A demo company's GSID, for `company get 1P02...`.
acme=$("$gsctl" company query --where 'Name:EQ:Acme Corp' --select Name -o json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["companies"][0]["gsid"])')
last_job=""
while IFS= read -r example <&3; do
  line=${example//127.0.0.1:50051/127.0.0.1:$grpc_port}
  line=${line//localhost:50051/127.0.0.1:$grpc_port}
  line=${line//build\/bin\//$build_dir/bin/}
  for file in companies.csv accounts.csv people.json trackers.csv ctas.json; do
    line=${line// $file/ $work/$file}
  done
  if [[ $line == *"company delete 1P02... 1P02..."* ]]; then
    throwaway=$("$gsctl" company insert --file "$work/companies.csv" -o json |
      python3 -c 'import json,sys; print(" ".join(r["gsid"] for r in json.load(sys.stdin)["results"]))')
    line=${line//1P02... 1P02.../$throwaway}
  fi
  if [[ $line == *"cta create"* ]]; then
    printf '[{"name":"Renewal at risk","companyId":"%s","type":"Risk","status":"New","priority":"High","reason":"Usage Drop","owner":"csm.one@example.com","dueDate":"2027-01-15"}]\n' \
      "$acme" >"$work/ctas.json"
  fi
  if [[ $line == *"1S01..."* ]]; then
    cta=$("$gsctl" cta list --where "CompanyId:EQ:$acme" -o json |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["ctas"][0]["gsid"])')
    line=${line//1S01.../$cta}
  fi
  line=${line//1P02.../$acme}
  if [[ $line == *"job cancel JOB_ID"* ]]; then
    fresh=$("$gsctl" job import --object Company --connector-job 12345 \
      --file "$work/companies.csv" | job_of)
    line=${line//JOB_ID/$fresh}
  fi
  line=${line//JOB_ID/$last_job}
  run_example "$example" "$line"
  if [[ $line == *"job import"* ]]; then last_job=$(job_of <"$work/out"); fi
done 3<"$work/examples"

# The README says ./dev up declares data job 12345 to the gateway: an import
# with a column the job does not map is refused before it queues.
printf 'Name,Industy\nUmbrella,Pharma\n' >"$work/typo.csv"
status=0
"$gsctl" job import --object Company --connector-job 12345 \
  --file "$work/typo.csv" >"$work/out" 2>&1 || status=$?
# Refused (13: INVALID_ARGUMENT) is the pass; accepted (0) is a failure.
if ((status == 13)) && grep -q 'did you mean Industry' "$work/out"; then
  status=0
elif ((status == 0)); then
  status=-1
fi
report "$status" "./dev up declares data job 12345 (an unmapped column is refused)"

# docs/calling.md: one logical command per line (a quote left open or a
# trailing backslash continues it), newlines inside quotes kept as spaces.
python3 - "$root/docs/calling.md" >"$work/calling" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
wanted = ('One call per RPC, with buf curl\n',
          'grpcurl and buf curl: reflection, metadata, error details\n')
for section in re.split(r'^## ', text, flags=re.M):
    if not section.startswith(wanted):
        continue
    for block in re.findall(r'```sh\n(.*?)```', section, flags=re.S):
        if '--cacert' in block or 'detail()' in block:
            continue  # needs certificates / shows a refused call on purpose
        command = ''
        for line in block.splitlines():
            if not command and (not line.strip() or line.lstrip().startswith('#')):
                continue
            command += (' ' if command else '') + line.rstrip('\\').strip()
            if command.count("'") % 2 == 0 and not line.endswith('\\'):
                if not command.startswith('grpcurl') and 'grpcurl' not in command.split(';')[-1]:
                    print(command)
                command = ''
PY
[[ $(wc -l <"$work/calling") -ge 20 ]] || { echo "FAILED: too few calls found in docs/calling.md"; exit 1; }
playbook=$("$gsctl" playbook list -o json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["playbooks"][0]["gsid"])')
while IFS= read -r example <&3; do
  line=${example//127.0.0.1:50051/127.0.0.1:$grpc_port}
  line=${line//<GSID from InsertCompanies>/$acme}
  line=${line//<playbook GSID>/$playbook}
  if [[ $line == *UpdateCtas*"<CTA GSID>"* ]]; then
    line=${line//<CTA GSID>/$(gsid_of_cta 'Usage fell 40%')}
  fi
  if [[ $line == *"<CTA GSID>"* || $line == *'"cta_id":"<GSID>"'* ]]; then
    # Tasks go on the CTA gsctl's README created (still open).
    open_cta=$(gsid_of_cta 'Renewal at risk')
    line=${line//<CTA GSID>/$open_cta}
    line=${line//<GSID>/$open_cta}
  fi
  run_example "$example" "$line"
done 3<"$work/calling"

echo "$passed passed, $failed failed"
((failed == 0))
