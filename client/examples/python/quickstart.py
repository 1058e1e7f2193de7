#!/usr/bin/python3
"""Calls gainsight-gateway with the generated Python stubs (Debian's grpcio).

Upserts companies, queries them back page by page, creates a CTA unless the
company has it already (running it twice creates one CTA), reads the quota,
and handles RESOURCE_EXHAUSTED by waiting as long as RetryInfo says.

  PYTHONPATH=client/gen/python /usr/bin/python3 client/examples/python/quickstart.py \
      --target 127.0.0.1:50051

or, installed with pyproject.toml beside it (the stubs wheel from
client/package.sh first), as `gainsight-quickstart --target ...`.

With mTLS (a gateway with --tls-client-ca-file), add the CA that signed the
gateway's certificate and the client's own certificate and key:

      --ca-file ca.crt --cert-file client.crt --key-file client.key

The output lines are the same in every language (client/README.md).
"""
import argparse
import pathlib
import sys
import time
import uuid

import grpc
from google.protobuf import struct_pb2

from gainsight.v1 import common_pb2
from gainsight.v1 import company_pb2
from gainsight.v1 import company_pb2_grpc
from gainsight.v1 import cta_pb2
from gainsight.v1 import cta_pb2_grpc
from gainsight.v1 import quota_pb2
from gainsight.v1 import quota_pb2_grpc
from google.rpc import error_details_pb2
from google.rpc import status_pb2

CALLER = ("x-caller-id", "example-python")
BATCH = ("x-gainsight-priority", "batch")
DEFAULT_CONFIG = pathlib.Path(__file__).resolve().parents[2] / "service_config.json"


def status_details(error: grpc.RpcError):
    """The google.rpc.Status the gateway sent with an error (details included)."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    return status_pb2.Status()


def unpack(status, message_type):
    """The first detail of `message_type`, or None."""
    for any_detail in status.details:
        if any_detail.Is(message_type.DESCRIPTOR):
            message = message_type()
            any_detail.Unpack(message)
            return message
    return None


def code_name(code: int) -> str:
    """The name of a google.rpc.Status code, e.g. NOT_FOUND."""
    for status_code in grpc.StatusCode:
        if status_code.value[0] == code:
            return status_code.name
    return str(code)


def seconds(duration) -> float:
    return duration.seconds + duration.nanos / 1e9


def upsert_companies(companies, names):
    request = company_pb2.UpsertCompaniesRequest(
        keys=["Name"],
        companies=[company_pb2.Company(name=n, industry="Retail", arr=1000.0 * (i + 1))
                   for i, n in enumerate(names)])
    response = companies.UpsertCompanies(request, metadata=[CALLER])
    counts = {"inserted": 0, "updated": 0, "failed": 0}
    for result in response.results:
        if result.HasField("error"):
            counts["failed"] += 1
            print(f"  company {result.index}: {code_name(result.error.code)}: {result.error.message}")
        elif result.action == common_pb2.WRITE_ACTION_INSERTED:
            counts["inserted"] += 1
        else:
            counts["updated"] += 1
    print(f"upserted {len(response.results)} companies: {counts['inserted']} inserted, "
          f"{counts['updated']} updated, {counts['failed']} failed")
    return [r.gsid for r in response.results]


def query_companies(companies, prefix, page_size):
    request = company_pb2.QueryCompaniesRequest(
        select=["Name", "Arr"],
        filter=common_pb2.Filter(conditions=[common_pb2.Condition(
            field="Name", operator=common_pb2.OPERATOR_STARTS_WITH,
            values=[struct_pb2.Value(string_value=prefix)])]),
        order_by=[common_pb2.OrderBy(field="Name",
                                     direction=common_pb2.SORT_DIRECTION_ASCENDING)],
        page_size=page_size)
    pages = total = 0
    while True:
        response = companies.QueryCompanies(request, metadata=[CALLER])
        pages += 1
        total += len(response.companies)
        print(f"page {pages}: " + ", ".join(c.name for c in response.companies))
        if not response.next_page_token:
            break
        request.page_token = response.next_page_token
    print(f"queried {total} companies in {pages} pages")


CTA_NAME = "Example: renewal at risk"


def find_cta(ctas, company_id):
    """GSID of the company's CTA named CTA_NAME, or "" when it has none."""
    def equals(field, value):
        return common_pb2.Condition(field=field, operator=common_pb2.OPERATOR_EQ,
                                    values=[struct_pb2.Value(string_value=value)])
    request = cta_pb2.ListCtasRequest(
        select=["Name"], page_size=1,
        filter=common_pb2.Filter(conditions=[equals("CompanyId", company_id),
                                             equals("Name", CTA_NAME)]))
    page = ctas.ListCtas(request, metadata=[CALLER])
    return page.ctas[0].gsid if page.ctas else ""


def create_cta(ctas, company_id):
    existing = find_cta(ctas, company_id)
    if existing:
        print(f"cta exists: {existing}")
        return
    config = ctas.GetCtaConfig(cta_pb2.GetCtaConfigRequest(), metadata=[CALLER])
    chosen = config.types[0]
    print(f"cta config: {len(config.types)} types, using type {chosen.type.label}")
    cta = cta_pb2.Cta(
        name=CTA_NAME, company_id=company_id,
        type=chosen.type.label, status=chosen.statuses[0].label,
        priority=chosen.priorities[0].label, reason=chosen.reasons[0].label,
        owner="csm.one@example.com")
    try:
        # One request_id per create: the gateway writes it once however often
        # it is retried (the service config retries UNAVAILABLE and ABORTED).
        request = cta_pb2.CreateCtasRequest(ctas=[cta], request_id=f"example-{uuid.uuid4()}")
        response = ctas.CreateCtas(request, metadata=[CALLER])
    except grpc.RpcError as error:
        print(f"cta not created: {error.code().name}: {error.details()}")
        return
    result = response.results[0]
    if result.HasField("error"):
        print(f"cta not created: {code_name(result.error.code)}: {result.error.message}")
    else:
        print(f"cta created: {result.gsid}")


def print_quota(quota):
    response = quota.GetQuota(quota_pb2.GetQuotaRequest(), metadata=[CALLER])
    for quota_class in response.classes:
        name = quota_pb2.CallClass.Name(quota_class.call_class).removeprefix("CALL_CLASS_").lower()
        for window in quota_class.windows:
            print(f"quota {name}: {window.usable} per {seconds(window.length):g}s, "
                  f"{window.used} used, {window.remaining} remaining")


def ride_out_resource_exhausted(companies, gsid):
    """Batch reads with a short deadline until the gateway says "no slot in
    time", then waits as RetryInfo says and reads again."""
    request = company_pb2.GetCompanyRequest(gsid=gsid)
    for attempt in range(1, 501):
        try:
            companies.GetCompany(request, metadata=[CALLER, BATCH], timeout=0.5)
            continue
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
                continue  # admitted, but slower than the short deadline
            if error.code() != grpc.StatusCode.RESOURCE_EXHAUSTED:
                raise
            status = status_details(error)
        retry = unpack(status, error_details_pb2.RetryInfo)
        failure = unpack(status, error_details_pb2.QuotaFailure)
        info = unpack(status, error_details_pb2.ErrorInfo)
        if retry is None or failure is None or info is None:
            sys.exit("RESOURCE_EXHAUSTED without RetryInfo, QuotaFailure and ErrorInfo")
        delay = seconds(retry.retry_delay)
        print(f"resource exhausted after {attempt} calls: retry in {delay:.3f}s "
              f"({failure.violations[0].subject}, {info.reason})")
        time.sleep(delay)
        companies.GetCompany(request, metadata=[CALLER, BATCH], timeout=delay + 30)
        print(f"retried after {delay:.3f}s: ok")
        return
    sys.exit("the gateway never answered RESOURCE_EXHAUSTED")


def open_channel(args, options):
    """Plaintext, or TLS (mTLS with a client certificate) when --ca-file is set."""
    if not args.ca_file:
        return grpc.insecure_channel(args.target, options=options)
    read = lambda path: pathlib.Path(path).read_bytes() if path else None
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(args.ca_file),
        private_key=read(args.key_file),
        certificate_chain=read(args.cert_file))
    return grpc.secure_channel(args.target, credentials, options=options)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--service-config", default=str(DEFAULT_CONFIG))
    parser.add_argument("--ca-file", help="CA certificates (PEM) of the gateway: TLS")
    parser.add_argument("--cert-file", help="client certificate (PEM), for mTLS")
    parser.add_argument("--key-file", help="client private key (PEM), for mTLS")
    args = parser.parse_args()
    service_config = pathlib.Path(args.service_config).read_text()
    with open_channel(args, [("grpc.service_config", service_config),
                             ("grpc.enable_retries", 1)]) as channel:
        companies = company_pb2_grpc.CompanyServiceStub(channel)
        names = [f"Example Co {i}" for i in range(1, 6)]
        gsids = upsert_companies(companies, names)
        query_companies(companies, "Example Co", page_size=2)
        create_cta(cta_pb2_grpc.CtaServiceStub(channel), gsids[0])
        print_quota(quota_pb2_grpc.QuotaServiceStub(channel))
        ride_out_resource_exhausted(companies, gsids[0])
    print("done")


if __name__ == "__main__":
    main()
