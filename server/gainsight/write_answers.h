// What a successful write answered, read from every shape Gainsight is
// known or likely to send. Gainsight documents the MDA write answer
// (data.records[].Gsid) but not the People API's; where a GSID cannot be
// read, callers read it back instead of failing a write that happened.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_WRITE_ANSWERS_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_WRITE_ANSWERS_H_

#include <optional>
#include <string>
#include <vector>

#include "gainsight/envelope.h"

namespace gg {

// The body of an MDA insert or update of `records`: {"records": [...]}.
Json MdaWriteBody(const std::vector<Json>& records,
                  const Json& lookups = nullptr);

// The GSIDs of an MDA insert or update answer, one per record of the call
// in order: from `data.records` (documented) or `data` itself as an array,
// each entry's Gsid key in any letter case. Empty when the answer lists a
// different number of records than `record_count` (positions would lie);
// nullopt for an entry without a GSID.
std::vector<std::optional<std::string>> WrittenGsids(const Json& data,
                                                     int record_count);

// The person's GSID in a People API upsert answer (UNCONFIRMED shape):
// `data.Gsid`, `data.records[0].Gsid`, `data[0].Gsid` or `data.data.Gsid`,
// the key in any letter case. nullopt otherwise (e.g. `data: null`).
std::optional<std::string> UpsertedPersonGsid(const Json& data);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_WRITE_ANSWERS_H_
