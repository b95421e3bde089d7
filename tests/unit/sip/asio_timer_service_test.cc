// AsioTimerService on a real io_context: firing, cancellation, cancel_all.
#include "sip/asio_timer_service.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

using namespace std::chrono_literals;

TEST(AsioTimerServiceTest, FiresOnceAndNeverAfterCancel) {
  boost::asio::io_context context;
  AsioTimerService timers(context);
  std::vector<int> fired;
  timers.start(20ms, [&] { fired.push_back(2); });
  const auto cancelled = timers.start(10ms, [&] { fired.push_back(1); });
  timers.start(30ms, [&] {
    fired.push_back(3);
    context.stop();
  });
  timers.cancel(cancelled);
  EXPECT_EQ(timers.pending(), 2u);
  context.run_for(3s);
  EXPECT_EQ(fired, (std::vector<int>{2, 3}));
  EXPECT_EQ(timers.pending(), 0u);
}

TEST(AsioTimerServiceTest, CancelAllDropsEveryPendingTimer) {
  boost::asio::io_context context;
  AsioTimerService timers(context);
  int fired = 0;
  for (int i = 0; i < 5; ++i)
    timers.start(1ms, [&] { ++fired; });
  timers.cancel_all();
  context.run_for(50ms);
  EXPECT_EQ(fired, 0);
  EXPECT_EQ(timers.pending(), 0u);
}

}  // namespace
}  // namespace va::sip
