// A fresh directory under the test's temp dir, removed with the object, and
// the whole text of a file: for tests of code that writes files.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEMP_DIR_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace gg::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "gg") {
    std::string pattern = ::testing::TempDir() + "/" + prefix + "-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    path_ = mkdtemp(buffer.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEMP_DIR_H_
