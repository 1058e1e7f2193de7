// The Go example as a module. The stubs module is the directory
// client/package.sh writes (or client/gen/go from client/generate.sh); with
// a module proxy, run `go mod tidy` once for go.sum, then `go build`.
// The versions are Debian 12's, the ones the tests build with offline.
module gainsight-gateway/examples/quickstart

go 1.19

require (
	gainsight-gateway/gen/go v0.1.0
	google.golang.org/genproto v0.0.0-20200413115906-b5235f65be36
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)

require (
	github.com/golang/protobuf v1.5.2 // indirect
	golang.org/x/net v0.7.0 // indirect
	golang.org/x/sys v0.3.0 // indirect
	golang.org/x/text v0.7.0 // indirect
)

replace gainsight-gateway/gen/go => ../../dist/go/gainsight-gateway-stubs
