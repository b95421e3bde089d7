// Long work: the job and its respond() travel together to a worker thread.
#include "api/long_work.h"

#include <spdlog/spdlog.h>

#include "api/api_error.h"

namespace va::api {

std::string work_metrics(const core::WorkPoolStats& stats) {
  return "# TYPE voiceagent_work_running gauge\nvoiceagent_work_running " +
         std::to_string(stats.running) +
         "\n# TYPE voiceagent_work_queued gauge\nvoiceagent_work_queued " +
         std::to_string(stats.queued) +
         "\n# TYPE voiceagent_work_refused_total counter\nvoiceagent_work_refused_total " +
         std::to_string(stats.refused) + "\n";
}

HttpResponse refused_response(const core::WorkRefusal& refusal) {
  HttpResponse r;
  switch (refusal.why) {
    case core::WorkRefusal::Why::OwnerBusy:
      r = error_response({429, "too_many_requests",
                          "you already have as many long requests running as allowed; retry "
                          "when one has finished"});
      break;
    case core::WorkRefusal::Why::PoolFull:
      r = error_response({503, "busy", "the server's workers are all busy; retry later"});
      break;
    case core::WorkRefusal::Why::Stopped:
      r = error_response({503, "shutting_down", "the server is stopping"});
      break;
  }
  r.headers.emplace_back("Retry-After", std::to_string(refusal.retry_after.count()));
  return r;
}

HttpResponse run_long_work(core::WorkPool* pool, crm::Id owner, std::function<HttpResponse()> job) {
  if (!pool) return job();
  HttpResponse deferred;
  deferred.deferred = [pool, owner, job = std::move(job)](HttpResponse::Respond respond) {
    auto refused = pool->submit(owner, [owner, job, respond] {
      HttpResponse out;
      try {
        out = job();
      } catch (const std::exception& e) {
        spdlog::error("api: long request of user {} failed: {}", owner, e.what());
        out = error_response({500, "internal", "internal error"});
      }
      respond(std::move(out));
    });
    if (refused) respond(refused_response(*refused));
  };
  return deferred;
}

}  // namespace va::api
