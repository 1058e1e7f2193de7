// The shape of a Gainsight answer by its key names only, for logs about
// answers the gateway cannot read: never a value (record values, GSIDs and
// texts stay out of logs).
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ANSWER_SHAPE_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ANSWER_SHAPE_H_

#include <string>

#include "gainsight/envelope.h"

namespace gg {

// "{count,errors,records}" for an object (its keys in order), "[3]{Gsid}"
// for an array (its length and its first element's shape), else the JSON
// type ("null", "string", "number", "boolean"). Two levels at most; at most
// kMaxShapeKeys keys per object, each cut to kMaxShapeKeyLength characters.
std::string AnswerShape(const Json& data);

inline constexpr int kMaxShapeKeys = 20;
inline constexpr int kMaxShapeKeyLength = 64;

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ANSWER_SHAPE_H_
