#include "observe/metrics_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Connects to 127.0.0.1:`port`, waits `delay`, sends `request` and reads
// until the server closes the connection.
std::string Exchange(int port, absl::Duration delay,
                     const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
            0);
  absl::SleepFor(delay);
  EXPECT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof(buffer), 0)) > 0;) {
    response.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return response;
}

TEST(MetricsServerTest, AScrapeWhoseRequestComesLateIsAnswered) {
  auto server =
      MetricsServer::Start("127.0.0.1:0", [] { return std::string("up 1\n"); });
  ASSERT_TRUE(server.ok()) << server.status();
  // A scraper on a busy node: the request comes a while after the
  // connection (the server once dropped one 10 ms late, unanswered).
  const std::string response =
      Exchange((*server)->port(), absl::Milliseconds(200),
               "GET /metrics HTTP/1.1\r\nHost: gateway\r\n\r\n");
  EXPECT_THAT(response, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(response, HasSubstr("up 1\n"));
  // One request per connection: no idle scraper connection holds shutdown.
  EXPECT_THAT(response, HasSubstr("Connection: close"));
}

}  // namespace
}  // namespace gg
