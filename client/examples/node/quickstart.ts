// Calls gainsight-gateway with the generated TypeScript stubs (ts-proto) over
// @grpc/grpc-js.
//
// Upserts companies, queries them back page by page, creates a CTA unless the
// company has it already (running it twice creates one CTA), reads the quota,
// and handles RESOURCE_EXHAUSTED by waiting as long as RetryInfo says. The
// output lines are the same in every language (client/README.md). Build it
// with package.json beside it (`npm install && npm run build`).
//
// With mTLS (a gateway with --tls-client-ca-file), pass the CA that signed
// the gateway's certificate and the client's own certificate and key:
// --ca-file ca.crt --cert-file client.crt --key-file client.key.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";

import {
  CallOptions,
  ChannelCredentials,
  credentials,
  Metadata,
  ServiceError,
  status as Code,
} from "@grpc/grpc-js";
import { Operator, SortDirection, WriteAction } from "@gainsight-gateway/stubs/gainsight/v1/common";
import { Company, CompanyServiceClient } from "@gainsight-gateway/stubs/gainsight/v1/company";
import { Cta, CtaServiceClient, ListCtasRequest } from "@gainsight-gateway/stubs/gainsight/v1/cta";
import { CallClass, QuotaServiceClient } from "@gainsight-gateway/stubs/gainsight/v1/quota";
import { Duration } from "@gainsight-gateway/stubs/google/protobuf/duration";
import { ErrorInfo, QuotaFailure, RetryInfo } from "@gainsight-gateway/stubs/google/rpc/error_details";
import { Status } from "@gainsight-gateway/stubs/google/rpc/status";

/** Metadata naming the caller (x-caller-id) and, for batch work, its priority. */
function callerMetadata(batch = false): Metadata {
  const metadata = new Metadata();
  metadata.set("x-caller-id", "example-node");
  if (batch) metadata.set("x-gainsight-priority", "batch");
  return metadata;
}

type Callback<Res> = (error: ServiceError | null, response: Res) => void;
type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<Res>,
) => unknown;

/** Calls a unary method of a generated client and resolves with its response. */
function call<Req, Res>(
  method: UnaryMethod<Req, Res>,
  client: object,
  request: Req,
  metadata = callerMetadata(),
  options: Partial<CallOptions> = {},
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method.call(client, request, metadata, options, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

function codeName(code: number): string {
  return Code[code] ?? String(code);
}

function seconds(d: Duration | undefined): number {
  return d ? d.seconds + d.nanos / 1e9 : 0;
}

/** The google.rpc.Status the gateway sent with an error (details included). */
function statusOf(error: ServiceError): Status {
  const bin = error.metadata?.get("grpc-status-details-bin")[0];
  return bin ? Status.decode(bin as Buffer) : Status.fromPartial({});
}

function detail<T>(status: Status, type: { $type?: string; decode(b: Uint8Array): T }, name: string) {
  const any = status.details.find((d) => d.typeUrl.endsWith("/" + name));
  return any ? type.decode(any.value) : undefined;
}

async function upsertCompanies(companies: CompanyServiceClient, names: string[]): Promise<string[]> {
  const response = await call(companies.upsertCompanies, companies, {
    keys: ["Name"],
    companies: names.map((name, i) => Company.fromPartial({ name, industry: "Retail", arr: 1000 * (i + 1) })),
    requestId: "",
    lookups: [],
  });
  let inserted = 0, updated = 0, failed = 0;
  for (const result of response.results) {
    if (result.error) {
      failed++;
      console.log(`  company ${result.index}: ${codeName(result.error.code)}: ${result.error.message}`);
    } else if (result.action === WriteAction.WRITE_ACTION_INSERTED) {
      inserted++;
    } else {
      updated++;
    }
  }
  console.log(
    `upserted ${response.results.length} companies: ${inserted} inserted, ${updated} updated, ${failed} failed`,
  );
  return response.results.map((r) => r.gsid);
}

async function queryCompanies(companies: CompanyServiceClient, prefix: string, pageSize: number) {
  let pageToken = "";
  let pages = 0, total = 0;
  do {
    const response = await call(companies.queryCompanies, companies, {
      select: ["Name", "Arr"],
      filter: {
        conditions: [{ alias: "", field: "Name", operator: Operator.OPERATOR_STARTS_WITH, values: [prefix] }],
        expression: "",
      },
      orderBy: [{ field: "Name", direction: SortDirection.SORT_DIRECTION_ASCENDING }],
      pageSize,
      pageToken,
      picklistIds: false,
    });
    pages++;
    total += response.companies.length;
    console.log(`page ${pages}: ${response.companies.map((c) => c.name).join(", ")}`);
    pageToken = response.nextPageToken;
  } while (pageToken);
  console.log(`queried ${total} companies in ${pages} pages`);
}

const CTA_NAME = "Example: renewal at risk";

/** GSID of the company's CTA named CTA_NAME, or "" when it has none. */
async function findCta(ctas: CtaServiceClient, companyId: string): Promise<string> {
  const page = await call(
    ctas.listCtas,
    ctas,
    ListCtasRequest.fromPartial({
      select: ["Name"],
      filter: {
        conditions: [
          { alias: "", field: "CompanyId", operator: Operator.OPERATOR_EQ, values: [companyId] },
          { alias: "", field: "Name", operator: Operator.OPERATOR_EQ, values: [CTA_NAME] },
        ],
        expression: "",
      },
      pageSize: 1,
    }),
  );
  return page.ctas.length ? page.ctas[0].gsid : "";
}

async function createCta(ctas: CtaServiceClient, companyId: string) {
  const existing = await findCta(ctas, companyId);
  if (existing) {
    console.log(`cta exists: ${existing}`);
    return;
  }
  const config = await call(ctas.getCtaConfig, ctas, { entityType: 0 });
  const chosen = config.types[0];
  console.log(`cta config: ${config.types.length} types, using type ${chosen.type?.label}`);
  const cta = Cta.fromPartial({
    name: CTA_NAME,
    companyId,
    type: chosen.type?.label,
    status: chosen.statuses[0].label,
    priority: chosen.priorities[0].label,
    reason: chosen.reasons[0].label,
    owner: "csm.one@example.com",
  });
  try {
    // One requestId per create: the gateway writes it once however often it is
    // retried (the service config retries UNAVAILABLE and ABORTED).
    const response = await call(ctas.createCtas, ctas, { ctas: [cta], requestId: `example-${randomUUID()}` });
    const result = response.results[0];
    if (result.error) {
      console.log(`cta not created: ${codeName(result.error.code)}: ${result.error.message}`);
    } else {
      console.log(`cta created: ${result.gsid}`);
    }
  } catch (e) {
    const error = e as ServiceError;
    console.log(`cta not created: ${codeName(error.code)}: ${error.details}`);
  }
}

async function printQuota(quota: QuotaServiceClient) {
  const response = await call(quota.getQuota, quota, {});
  for (const quotaClass of response.classes) {
    const name = CallClass[quotaClass.callClass].replace(/^CALL_CLASS_/, "").toLowerCase();
    for (const w of quotaClass.windows) {
      console.log(
        `quota ${name}: ${w.usable} per ${seconds(w.length)}s, ${w.used} used, ${w.remaining} remaining`,
      );
    }
  }
}

/** Batch reads with a short deadline until the gateway says "no slot in time",
 *  then waits as RetryInfo says and reads again. */
async function rideOutResourceExhausted(companies: CompanyServiceClient, gsid: string) {
  const request = { gsid, extraFields: [], picklistIds: false };
  for (let attempt = 1; attempt <= 500; attempt++) {
    let status: Status;
    try {
      await call(companies.getCompany, companies, request, callerMetadata(true), {
        deadline: Date.now() + 500,
      });
      continue;
    } catch (e) {
      const error = e as ServiceError;
      if (error.code === Code.DEADLINE_EXCEEDED) continue; // admitted, but slower than the short deadline
      if (error.code !== Code.RESOURCE_EXHAUSTED) throw error;
      status = statusOf(error);
    }
    const retry = detail(status, RetryInfo, "google.rpc.RetryInfo");
    const failure = detail(status, QuotaFailure, "google.rpc.QuotaFailure");
    const info = detail(status, ErrorInfo, "google.rpc.ErrorInfo");
    if (!retry || !failure || !info) {
      throw new Error("RESOURCE_EXHAUSTED without RetryInfo, QuotaFailure and ErrorInfo");
    }
    const delay = seconds(retry.retryDelay);
    console.log(
      `resource exhausted after ${attempt} calls: retry in ${delay.toFixed(3)}s ` +
        `(${failure.violations[0].subject}, ${info.reason})`,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(delay * 1000)));
    await call(companies.getCompany, companies, request, callerMetadata(true), {
      deadline: Date.now() + delay * 1000 + 30000,
    });
    console.log(`retried after ${delay.toFixed(3)}s: ok`);
    return;
  }
  throw new Error("the gateway never answered RESOURCE_EXHAUSTED");
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** Plaintext, or TLS (mTLS with a client certificate) when --ca-file is set. */
function channelCredentials(): ChannelCredentials {
  const caFile = flag("--ca-file", "");
  if (caFile === "") return credentials.createInsecure();
  const certFile = flag("--cert-file", "");
  const keyFile = flag("--key-file", "");
  return credentials.createSsl(
    readFileSync(caFile),
    keyFile === "" ? null : readFileSync(keyFile),
    certFile === "" ? null : readFileSync(certFile),
  );
}

async function main() {
  const target = flag("--target", "127.0.0.1:50051");
  const configPath = flag("--service-config", path.join("client", "service_config.json"));
  const options = { "grpc.service_config": readFileSync(configPath, "utf8") };
  const channel = channelCredentials();
  const companies = new CompanyServiceClient(target, channel, options);
  const ctas = new CtaServiceClient(target, channel, options);
  const quota = new QuotaServiceClient(target, channel, options);
  try {
    const names = [1, 2, 3, 4, 5].map((i) => `Example Co ${i}`);
    const gsids = await upsertCompanies(companies, names);
    await queryCompanies(companies, "Example Co", 2);
    await createCta(ctas, gsids[0]);
    await printQuota(quota);
    await rideOutResourceExhausted(companies, gsids[0]);
    console.log("done");
  } finally {
    companies.close();
    ctas.close();
    quota.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
