// Calls gainsight-gateway with the generated Java stubs (the jar
// client/package.sh builds; pom.xml beside src/ builds this example).
//
// Upserts companies, queries them back page by page, creates a CTA unless the
// company has it already (running it twice creates one CTA), reads the quota,
// and handles RESOURCE_EXHAUSTED by waiting as long as RetryInfo says. The
// output lines are the same in every language.
package io.gainsightgateway.examples;

import com.google.gson.Gson;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;
import io.gainsightgateway.v1.CallClass;
import io.gainsightgateway.v1.Company;
import io.gainsightgateway.v1.CompanyServiceGrpc;
import io.gainsightgateway.v1.Condition;
import io.gainsightgateway.v1.CreateCtasRequest;
import io.gainsightgateway.v1.CreateCtasResponse;
import io.gainsightgateway.v1.Cta;
import io.gainsightgateway.v1.CtaServiceGrpc;
import io.gainsightgateway.v1.CtaTypeConfig;
import io.gainsightgateway.v1.Filter;
import io.gainsightgateway.v1.GetCompanyRequest;
import io.gainsightgateway.v1.GetCtaConfigRequest;
import io.gainsightgateway.v1.GetCtaConfigResponse;
import io.gainsightgateway.v1.GetQuotaRequest;
import io.gainsightgateway.v1.GetQuotaResponse;
import io.gainsightgateway.v1.ListCtasRequest;
import io.gainsightgateway.v1.ListCtasResponse;
import io.gainsightgateway.v1.Operator;
import io.gainsightgateway.v1.OrderBy;
import io.gainsightgateway.v1.QueryCompaniesRequest;
import io.gainsightgateway.v1.QueryCompaniesResponse;
import io.gainsightgateway.v1.QuotaClass;
import io.gainsightgateway.v1.QuotaServiceGrpc;
import io.gainsightgateway.v1.QuotaWindow;
import io.gainsightgateway.v1.RecordResult;
import io.gainsightgateway.v1.SortDirection;
import io.gainsightgateway.v1.UpsertCompaniesRequest;
import io.gainsightgateway.v1.UpsertCompaniesResponse;
import io.gainsightgateway.v1.WriteAction;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public final class Quickstart {
  private static final Metadata.Key<String> CALLER =
      Metadata.Key.of("x-caller-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PRIORITY =
      Metadata.Key.of("x-gainsight-priority", Metadata.ASCII_STRING_MARSHALLER);

  private Quickstart() {}

  /** Headers naming the caller (x-caller-id) and, for batch work, its priority. */
  private static Metadata headers(boolean batch) {
    Metadata headers = new Metadata();
    headers.put(CALLER, "example-java");
    if (batch) {
      headers.put(PRIORITY, "batch");
    }
    return headers;
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNanos() / 1e9;
  }

  private static String codeName(int code) {
    return Status.fromCodeValue(code).getCode().name();
  }

  static List<String> upsertCompanies(CompanyServiceGrpc.CompanyServiceBlockingStub companies,
                                      List<String> names) {
    UpsertCompaniesRequest.Builder request = UpsertCompaniesRequest.newBuilder().addKeys("Name");
    for (int i = 0; i < names.size(); i++) {
      request.addCompanies(Company.newBuilder()
          .setName(names.get(i)).setIndustry("Retail").setArr(1000.0 * (i + 1)));
    }
    UpsertCompaniesResponse response = companies.upsertCompanies(request.build());
    int inserted = 0, updated = 0, failed = 0;
    List<String> gsids = new ArrayList<>();
    for (RecordResult result : response.getResultsList()) {
      if (result.hasError()) {
        failed++;
        System.out.printf("  company %d: %s: %s%n", result.getIndex(),
            codeName(result.getError().getCode()), result.getError().getMessage());
      } else if (result.getAction() == WriteAction.WRITE_ACTION_INSERTED) {
        inserted++;
      } else {
        updated++;
      }
      gsids.add(result.getGsid());
    }
    System.out.printf("upserted %d companies: %d inserted, %d updated, %d failed%n",
        response.getResultsCount(), inserted, updated, failed);
    return gsids;
  }

  static void queryCompanies(CompanyServiceGrpc.CompanyServiceBlockingStub companies,
                             String prefix, int pageSize) {
    QueryCompaniesRequest.Builder request = QueryCompaniesRequest.newBuilder()
        .addSelect("Name").addSelect("Arr")
        .setFilter(Filter.newBuilder().addConditions(Condition.newBuilder()
            .setField("Name").setOperator(Operator.OPERATOR_STARTS_WITH)
            .addValues(Value.newBuilder().setStringValue(prefix))))
        .addOrderBy(OrderBy.newBuilder().setField("Name")
            .setDirection(SortDirection.SORT_DIRECTION_ASCENDING))
        .setPageSize(pageSize);
    int pages = 0, total = 0;
    while (true) {
      QueryCompaniesResponse response = companies.queryCompanies(request.build());
      pages++;
      total += response.getCompaniesCount();
      List<String> names = new ArrayList<>();
      for (Company c : response.getCompaniesList()) {
        names.add(c.getName());
      }
      System.out.printf("page %d: %s%n", pages, String.join(", ", names));
      if (response.getNextPageToken().isEmpty()) {
        break;
      }
      request.setPageToken(response.getNextPageToken());
    }
    System.out.printf("queried %d companies in %d pages%n", total, pages);
  }

  private static final String CTA_NAME = "Example: renewal at risk";

  /** GSID of the company's CTA named CTA_NAME, or empty when it has none. */
  static String findCta(CtaServiceGrpc.CtaServiceBlockingStub ctas, String companyId) {
    ListCtasResponse page = ctas.listCtas(ListCtasRequest.newBuilder()
        .addSelect("Name")
        .setFilter(Filter.newBuilder()
            .addConditions(Condition.newBuilder().setField("CompanyId")
                .setOperator(Operator.OPERATOR_EQ)
                .addValues(Value.newBuilder().setStringValue(companyId)))
            .addConditions(Condition.newBuilder().setField("Name")
                .setOperator(Operator.OPERATOR_EQ)
                .addValues(Value.newBuilder().setStringValue(CTA_NAME))))
        .setPageSize(1).build());
    return page.getCtasCount() == 0 ? "" : page.getCtas(0).getGsid();
  }

  static void createCta(CtaServiceGrpc.CtaServiceBlockingStub ctas, String companyId) {
    String existing = findCta(ctas, companyId);
    if (!existing.isEmpty()) {
      System.out.printf("cta exists: %s%n", existing);
      return;
    }
    GetCtaConfigResponse config = ctas.getCtaConfig(GetCtaConfigRequest.getDefaultInstance());
    CtaTypeConfig chosen = config.getTypes(0);
    System.out.printf("cta config: %d types, using type %s%n", config.getTypesCount(),
        chosen.getType().getLabel());
    Cta cta = Cta.newBuilder()
        .setName(CTA_NAME).setCompanyId(companyId)
        .setType(chosen.getType().getLabel()).setStatus(chosen.getStatuses(0).getLabel())
        .setPriority(chosen.getPriorities(0).getLabel()).setReason(chosen.getReasons(0).getLabel())
        .setOwner("csm.one@example.com").build();
    CreateCtasResponse response;
    try {
      // One request_id per create: the gateway writes it once however often it
      // is retried (the service config retries UNAVAILABLE and ABORTED).
      response = ctas.createCtas(CreateCtasRequest.newBuilder().addCtas(cta)
          .setRequestId("example-" + java.util.UUID.randomUUID()).build());
    } catch (StatusRuntimeException e) {
      System.out.printf("cta not created: %s: %s%n", e.getStatus().getCode().name(),
          java.util.Objects.toString(e.getStatus().getDescription(), ""));
      return;
    }
    RecordResult result = response.getResults(0);
    if (result.hasError()) {
      System.out.printf("cta not created: %s: %s%n", codeName(result.getError().getCode()),
          result.getError().getMessage());
    } else {
      System.out.printf("cta created: %s%n", result.getGsid());
    }
  }

  static void printQuota(QuotaServiceGrpc.QuotaServiceBlockingStub quota) {
    GetQuotaResponse response = quota.getQuota(GetQuotaRequest.getDefaultInstance());
    for (QuotaClass quotaClass : response.getClassesList()) {
      String name = quotaClass.getCallClass().name().replaceFirst("^CALL_CLASS_", "")
          .toLowerCase(Locale.ROOT);
      for (QuotaWindow w : quotaClass.getWindowsList()) {
        System.out.printf("quota %s: %d per %ss, %d used, %d remaining%n", name, w.getUsable(),
            formatSeconds(seconds(w.getLength())), w.getUsed(), w.getRemaining());
      }
    }
  }

  /** Like printf's %g without trailing zeros: 2, 0.5, 86400. */
  private static String formatSeconds(double s) {
    return new java.math.BigDecimal(Double.toString(s)).stripTrailingZeros().toPlainString();
  }

  /**
   * Batch reads with a short deadline until the gateway says "no slot in time", then waits as
   * RetryInfo says and reads again.
   */
  static void rideOutResourceExhausted(CompanyServiceGrpc.CompanyServiceBlockingStub companies,
                                       String gsid) throws InterruptedException,
                                                           InvalidProtocolBufferException {
    CompanyServiceGrpc.CompanyServiceBlockingStub batch =
        companies.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(true)));
    GetCompanyRequest request = GetCompanyRequest.newBuilder().setGsid(gsid).build();
    for (int attempt = 1; attempt <= 500; attempt++) {
      com.google.rpc.Status status;
      try {
        batch.withDeadlineAfter(500, TimeUnit.MILLISECONDS).getCompany(request);
        continue;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
          continue;  // admitted, but slower than the short deadline
        }
        if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED) {
          throw e;
        }
        status = StatusProto.fromThrowable(e);
      }
      RetryInfo retry = null;
      QuotaFailure failure = null;
      ErrorInfo info = null;
      for (Any detail : status == null ? List.<Any>of() : status.getDetailsList()) {
        if (detail.is(RetryInfo.class)) {
          retry = detail.unpack(RetryInfo.class);
        } else if (detail.is(QuotaFailure.class)) {
          failure = detail.unpack(QuotaFailure.class);
        } else if (detail.is(ErrorInfo.class)) {
          info = detail.unpack(ErrorInfo.class);
        }
      }
      if (retry == null || failure == null || info == null) {
        throw new IllegalStateException(
            "RESOURCE_EXHAUSTED without RetryInfo, QuotaFailure and ErrorInfo");
      }
      double delay = seconds(retry.getRetryDelay());
      System.out.printf(Locale.ROOT, "resource exhausted after %d calls: retry in %.3fs (%s, %s)%n",
          attempt, delay, failure.getViolations(0).getSubject(), info.getReason());
      long delayMillis = (long) Math.ceil(delay * 1000);
      Thread.sleep(delayMillis);
      batch.withDeadlineAfter(delayMillis + 30_000, TimeUnit.MILLISECONDS).getCompany(request);
      System.out.printf(Locale.ROOT, "retried after %.3fs: ok%n", delay);
      return;
    }
    throw new IllegalStateException("the gateway never answered RESOURCE_EXHAUSTED");
  }

  /** Plaintext, or TLS (mTLS with a client certificate) when a CA file is given. */
  static ManagedChannelBuilder<?> channelBuilder(
      String target, String caFile, String certFile, String keyFile) throws Exception {
    if (caFile == null) {
      return ManagedChannelBuilder.forTarget(target).usePlaintext();
    }
    TlsChannelCredentials.Builder tls =
        TlsChannelCredentials.newBuilder().trustManager(new File(caFile));
    if (certFile != null) {
      tls.keyManager(new File(certFile), new File(keyFile));
    }
    return Grpc.newChannelBuilder(target, tls.build());
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    String target = "127.0.0.1:50051";
    String serviceConfigPath = "client/service_config.json";
    // With mTLS (a gateway with --tls-client-ca-file): --ca-file ca.crt
    // --cert-file client.crt --key-file client.key.
    String caFile = null;
    String certFile = null;
    String keyFile = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--target": target = args[i + 1]; break;
        case "--service-config": serviceConfigPath = args[i + 1]; break;
        case "--ca-file": caFile = args[i + 1]; break;
        case "--cert-file": certFile = args[i + 1]; break;
        case "--key-file": keyFile = args[i + 1]; break;
        default: throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    Map<String, ?> serviceConfig = new Gson().fromJson(
        new String(Files.readAllBytes(Path.of(serviceConfigPath)), StandardCharsets.UTF_8),
        Map.class);
    ManagedChannel channel = channelBuilder(target, caFile, certFile, keyFile)
        .defaultServiceConfig(serviceConfig).enableRetry().build();
    try {
      ClientInterceptor caller = MetadataUtils.newAttachHeadersInterceptor(headers(false));
      CompanyServiceGrpc.CompanyServiceBlockingStub companies =
          CompanyServiceGrpc.newBlockingStub(channel).withInterceptors(caller);
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        names.add("Example Co " + i);
      }
      List<String> gsids = upsertCompanies(companies, names);
      queryCompanies(companies, "Example Co", 2);
      createCta(CtaServiceGrpc.newBlockingStub(channel).withInterceptors(caller),
          gsids.get(0));
      printQuota(QuotaServiceGrpc.newBlockingStub(channel).withInterceptors(caller));
      rideOutResourceExhausted(CompanyServiceGrpc.newBlockingStub(channel), gsids.get(0));
      System.out.println("done");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
