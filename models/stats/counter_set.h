// A model's counters: registered in the statistics tree when the model is given a group,
// else (a model built outside a board, as the hypervisor's unit tests build VMs) in a
// group of its own. The model counts the same way in both cases, through an index.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/stats/statistics.h"

namespace mtesim::stats {

class CounterSet {
 public:
  CounterSet(Group* group, std::vector<StatName> names)
      : own_(group ? nullptr : std::make_unique<Group>("")),
        counters_(&(group ? *group : *own_).AddCounters(std::move(names))) {}

  uint64_t& operator[](unsigned i) { return (*counters_)[i]; }
  uint64_t operator[](unsigned i) const { return (*counters_)[i]; }

 private:
  std::unique_ptr<Group> own_;  // only without a tree
  Counters* counters_;
};

}  // namespace mtesim::stats
