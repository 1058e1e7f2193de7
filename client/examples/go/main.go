// Command quickstart calls gainsight-gateway with the generated Go stubs (the
// module client/package.sh writes; go.mod beside this file builds it).
//
// It upserts companies, queries them back page by page, creates a CTA unless
// the company has it already (running it twice creates one CTA), reads the
// quota, and handles RESOURCE_EXHAUSTED by waiting as long as RetryInfo says.
// The output lines are the same in every language.
//
// grpc-go 1.33 retries only with GRPC_GO_RETRY=on in the environment.
//
// With mTLS (a gateway with --tls-client-ca-file), pass the CA that signed
// the gateway's certificate and the client's own certificate and key:
// -ca-file ca.crt -cert-file client.crt -key-file client.key.
package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	gainsightv1 "gainsight-gateway/gen/go/gainsight/v1"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

func defaultServiceConfig() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "service_config.json")
}

// withCaller names the caller (x-caller-id) and, for batch work, its priority.
func withCaller(ctx context.Context, batch bool) context.Context {
	pairs := []string{"x-caller-id", "example-go"}
	if batch {
		pairs = append(pairs, "x-gainsight-priority", "batch")
	}
	return metadata.AppendToOutgoingContext(ctx, pairs...)
}

func upsertCompanies(ctx context.Context, companies gainsightv1.CompanyServiceClient, names []string) []string {
	request := &gainsightv1.UpsertCompaniesRequest{Keys: []string{"Name"}}
	for i, name := range names {
		request.Companies = append(request.Companies, &gainsightv1.Company{
			Name: proto.String(name), Industry: proto.String("Retail"), Arr: proto.Float64(1000 * float64(i+1)),
		})
	}
	response, err := companies.UpsertCompanies(withCaller(ctx, false), request)
	if err != nil {
		log.Fatalf("UpsertCompanies: %v", err)
	}
	inserted, updated, failed := 0, 0, 0
	var gsids []string
	for _, result := range response.Results {
		switch {
		case result.Error != nil:
			failed++
			fmt.Printf("  company %d: %s: %s\n", result.Index, codes.Code(result.Error.Code), result.Error.Message)
		case result.Action == gainsightv1.WriteAction_WRITE_ACTION_INSERTED:
			inserted++
		default:
			updated++
		}
		gsids = append(gsids, result.Gsid)
	}
	fmt.Printf("upserted %d companies: %d inserted, %d updated, %d failed\n", len(response.Results), inserted, updated, failed)
	return gsids
}

func queryCompanies(ctx context.Context, companies gainsightv1.CompanyServiceClient, prefix string, pageSize int32) {
	request := &gainsightv1.QueryCompaniesRequest{
		Select: []string{"Name", "Arr"},
		Filter: &gainsightv1.Filter{Conditions: []*gainsightv1.Condition{{
			Field: "Name", Operator: gainsightv1.Operator_OPERATOR_STARTS_WITH,
			Values: []*structpb.Value{structpb.NewStringValue(prefix)},
		}}},
		OrderBy:  []*gainsightv1.OrderBy{{Field: "Name", Direction: gainsightv1.SortDirection_SORT_DIRECTION_ASCENDING}},
		PageSize: pageSize,
	}
	pages, total := 0, 0
	for {
		response, err := companies.QueryCompanies(withCaller(ctx, false), request)
		if err != nil {
			log.Fatalf("QueryCompanies: %v", err)
		}
		pages++
		total += len(response.Companies)
		var names []string
		for _, c := range response.Companies {
			names = append(names, c.GetName())
		}
		fmt.Printf("page %d: %s\n", pages, strings.Join(names, ", "))
		if response.NextPageToken == "" {
			break
		}
		request.PageToken = response.NextPageToken
	}
	fmt.Printf("queried %d companies in %d pages\n", total, pages)
}

// newRequestID returns a random id for one create request.
func newRequestID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		log.Fatalf("random request id: %v", err)
	}
	return "example-" + hex.EncodeToString(b)
}

const ctaName = "Example: renewal at risk"

// findCta returns the GSID of the company's CTA named ctaName, or "" when it
// has none.
func findCta(ctx context.Context, ctas gainsightv1.CtaServiceClient, companyID string) string {
	equals := func(field, value string) *gainsightv1.Condition {
		return &gainsightv1.Condition{Field: field, Operator: gainsightv1.Operator_OPERATOR_EQ,
			Values: []*structpb.Value{structpb.NewStringValue(value)}}
	}
	page, err := ctas.ListCtas(withCaller(ctx, false), &gainsightv1.ListCtasRequest{
		Select:   []string{"Name"},
		Filter:   &gainsightv1.Filter{Conditions: []*gainsightv1.Condition{equals("CompanyId", companyID), equals("Name", ctaName)}},
		PageSize: 1,
	})
	if err != nil {
		log.Fatalf("ListCtas: %v", err)
	}
	if len(page.Ctas) == 0 {
		return ""
	}
	return page.Ctas[0].GetGsid()
}

func createCta(ctx context.Context, ctas gainsightv1.CtaServiceClient, companyID string) {
	if existing := findCta(ctx, ctas, companyID); existing != "" {
		fmt.Printf("cta exists: %s\n", existing)
		return
	}
	config, err := ctas.GetCtaConfig(withCaller(ctx, false), &gainsightv1.GetCtaConfigRequest{})
	if err != nil {
		log.Fatalf("GetCtaConfig: %v", err)
	}
	chosen := config.Types[0]
	fmt.Printf("cta config: %d types, using type %s\n", len(config.Types), chosen.Type.Label)
	cta := &gainsightv1.Cta{
		Name: proto.String(ctaName), CompanyId: proto.String(companyID),
		Type: proto.String(chosen.Type.Label), Status: proto.String(chosen.Statuses[0].Label),
		Priority: proto.String(chosen.Priorities[0].Label), Reason: proto.String(chosen.Reasons[0].Label),
		Owner: proto.String("csm.one@example.com"),
	}
	// One request_id per create: the gateway writes it once however often it
	// is retried (the service config retries UNAVAILABLE and ABORTED).
	request := &gainsightv1.CreateCtasRequest{Ctas: []*gainsightv1.Cta{cta}, RequestId: newRequestID()}
	response, err := ctas.CreateCtas(withCaller(ctx, false), request)
	if err != nil {
		s := status.Convert(err)
		fmt.Printf("cta not created: %s: %s\n", codeName(s.Code()), s.Message())
		return
	}
	result := response.Results[0]
	if result.Error != nil {
		fmt.Printf("cta not created: %s: %s\n", codeName(codes.Code(result.Error.Code)), result.Error.Message)
		return
	}
	fmt.Printf("cta created: %s\n", result.Gsid)
}

// codeName spells a code as the other languages do: RESOURCE_EXHAUSTED.
func codeName(code codes.Code) string {
	var b strings.Builder
	previousLower := false
	for _, r := range code.String() {
		upper := r >= 'A' && r <= 'Z'
		if upper && previousLower {
			b.WriteByte('_')
		}
		previousLower = !upper
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

func printQuota(ctx context.Context, quota gainsightv1.QuotaServiceClient) {
	response, err := quota.GetQuota(withCaller(ctx, false), &gainsightv1.GetQuotaRequest{})
	if err != nil {
		log.Fatalf("GetQuota: %v", err)
	}
	for _, class := range response.Classes {
		name := strings.ToLower(strings.TrimPrefix(class.CallClass.String(), "CALL_CLASS_"))
		for _, w := range class.Windows {
			fmt.Printf("quota %s: %d per %gs, %d used, %d remaining\n",
				name, w.Usable, w.Length.AsDuration().Seconds(), w.Used, w.Remaining)
		}
	}
}

// rideOutResourceExhausted makes batch reads with a short deadline until the
// gateway says "no slot in time", then waits as RetryInfo says and reads again.
func rideOutResourceExhausted(ctx context.Context, companies gainsightv1.CompanyServiceClient, gsid string) {
	request := &gainsightv1.GetCompanyRequest{Gsid: gsid}
	for attempt := 1; attempt <= 500; attempt++ {
		callCtx, cancel := context.WithTimeout(withCaller(ctx, true), 500*time.Millisecond)
		_, err := companies.GetCompany(callCtx, request)
		cancel()
		if err == nil {
			continue
		}
		s := status.Convert(err)
		if s.Code() == codes.DeadlineExceeded {
			continue // admitted, but slower than the short deadline
		}
		if s.Code() != codes.ResourceExhausted {
			log.Fatalf("GetCompany: %v", err)
		}
		var retry *errdetails.RetryInfo
		var failure *errdetails.QuotaFailure
		var info *errdetails.ErrorInfo
		for _, detail := range s.Details() {
			switch d := detail.(type) {
			case *errdetails.RetryInfo:
				retry = d
			case *errdetails.QuotaFailure:
				failure = d
			case *errdetails.ErrorInfo:
				info = d
			}
		}
		if retry == nil || failure == nil || info == nil {
			log.Fatalf("RESOURCE_EXHAUSTED without RetryInfo, QuotaFailure and ErrorInfo: %v", s.Details())
		}
		delay := time.Duration(retry.RetryDelay.Seconds)*time.Second + time.Duration(retry.RetryDelay.Nanos)
		fmt.Printf("resource exhausted after %d calls: retry in %.3fs (%s, %s)\n",
			attempt, delay.Seconds(), failure.Violations[0].Subject, info.Reason)
		time.Sleep(delay)
		callCtx, cancel = context.WithTimeout(withCaller(ctx, true), delay+30*time.Second)
		defer cancel()
		if _, err := companies.GetCompany(callCtx, request); err != nil {
			log.Fatalf("GetCompany after waiting: %v", err)
		}
		fmt.Printf("retried after %.3fs: ok\n", delay.Seconds())
		return
	}
	log.Fatal("the gateway never answered RESOURCE_EXHAUSTED")
}

// transport is plaintext, or TLS (mTLS with a client certificate) when a CA
// file is given.
func transport(caFile, certFile, keyFile string) grpc.DialOption {
	if caFile == "" {
		return grpc.WithInsecure()
	}
	pem, err := ioutil.ReadFile(caFile)
	if err != nil {
		log.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		log.Fatalf("%s: no PEM certificate", caFile)
	}
	config := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	if certFile != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			log.Fatal(err)
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return grpc.WithTransportCredentials(credentials.NewTLS(config))
}

func main() {
	target := flag.String("target", "127.0.0.1:50051", "gateway address")
	configPath := flag.String("service-config", defaultServiceConfig(), "gRPC service config (JSON)")
	caFile := flag.String("ca-file", "", "CA certificates (PEM) of the gateway: TLS")
	certFile := flag.String("cert-file", "", "client certificate (PEM), for mTLS")
	keyFile := flag.String("key-file", "", "client private key (PEM), for mTLS")
	flag.Parse()
	if os.Getenv("GRPC_GO_RETRY") != "on" {
		log.Print("GRPC_GO_RETRY is not \"on\": grpc-go 1.33 ignores the retry policy")
	}
	serviceConfig, err := ioutil.ReadFile(*configPath)
	if err != nil {
		log.Fatal(err)
	}
	conn, err := grpc.Dial(*target, transport(*caFile, *certFile, *keyFile),
		grpc.WithDefaultServiceConfig(string(serviceConfig)))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ctx := context.Background()
	companies := gainsightv1.NewCompanyServiceClient(conn)
	var names []string
	for i := 1; i <= 5; i++ {
		names = append(names, fmt.Sprintf("Example Co %d", i))
	}
	gsids := upsertCompanies(ctx, companies, names)
	queryCompanies(ctx, companies, "Example Co", 2)
	createCta(ctx, gainsightv1.NewCtaServiceClient(conn), gsids[0])
	printQuota(ctx, gainsightv1.NewQuotaServiceClient(conn))
	rideOutResourceExhausted(ctx, companies, gsids[0])
	fmt.Println("done")
}
