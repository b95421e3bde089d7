// order_srv: the order in which a client tries SRV targets (RFC 2782 "Usage rules"): lowest
// priority first; within one priority a weighted random draw without replacement.
//
// Rules:
//  1. Records whose target is "." (empty) mean "no service here" and are dropped.
//  2. Groups are tried by ascending priority.
//  3. Within a group, the unordered records are listed with the weight-0 ones first, the
//     running sum of weights is formed, a number r is drawn uniformly from [0, sum], and the
//     first record whose running sum is >= r is taken next; repeated until the group is empty.
//     So a weight-0 record is picked before a weighted one only when r is 0.
#pragma once

#include <functional>
#include <vector>

#include "sip/dns/dns_record.h"

namespace va::sip {

// `random_unit` returns a number in [0, 1).
std::vector<SrvData> order_srv(std::vector<SrvData> records,
                               const std::function<double()>& random_unit);

}  // namespace va::sip
