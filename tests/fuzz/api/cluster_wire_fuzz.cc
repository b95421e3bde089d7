// Fuzz target: a NOTIFY payload from another node (or anyone who can write to the database).
// Never crashes; an accepted message encodes within the NOTIFY limit and parses back the same.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/cluster_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  auto m = va::api::parse_cluster_message(payload);
  if (!m) return 0;
  const auto again = va::api::encode_cluster_message(*m);
  if (again.size() > va::api::kMaxClusterPayload) std::abort();
  // An accepted message whose fields all fit encodes again and is accepted again.
  if (!again.empty() && !va::api::parse_cluster_message(again)) std::abort();
  return 0;
}
