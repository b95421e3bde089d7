// Long work off the request pool: a route whose work takes seconds (a greeting preview, a CSV
// import) hands it to core::WorkPool as the acting user's job and returns a deferred response
// (http_types.h): the handler thread is free at once, and the connection gets the job's
// response when it is done. Over the user's limit: 429 with Retry-After; the pool full or
// stopping: 503 with Retry-After; nothing runs.
#pragma once

#include <functional>

#include "api/http_types.h"
#include "core/work_pool.h"
#include "crm/entities.h"

namespace va::api {

// Without a pool (unit tests that wire none) the job runs inline on the handler's thread.
HttpResponse run_long_work(core::WorkPool* pool, crm::Id owner, std::function<HttpResponse()> job);

// The work pool's gauges and refusals as Prometheus text (for /metrics).
std::string work_metrics(const core::WorkPoolStats& stats);

// The refusal as the client sees it.
HttpResponse refused_response(const core::WorkRefusal& refusal);

}  // namespace va::api
