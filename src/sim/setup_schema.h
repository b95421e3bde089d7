// The protobuf schema of BidiGenerateContentSetup as the simulator checks it (ai-live-protocols.md
// A2, A4, D1.3): the real service parses setup with protobuf-JSON, which refuses a field name it
// does not know at any depth (close 1007, `Unknown name "<x>" at '<path>'`), in either spelling
// (camelCase or snake_case). Map values (Schema.properties) and list elements are checked too.
#pragma once

#include <boost/json/object.hpp>
#include <string>

namespace va::sim {

// The service's close reason for the first unknown field name in `setup` (the object under the
// top-level "setup"), or "" when every name is known. The path is snake_case with list indices,
// as the service writes it: 'setup.tools[0].function_declarations[0].parameters'.
std::string unknown_setup_field(const boost::json::object& setup);

}  // namespace va::sim
