// The statistics tree for Python: nested dicts (the JSON of --stats), the names with
// their descriptions, snapshots and reset, and NumPy arrays that view the tree's Eigen
// storage without copying (they keep the Platform alive and see later updates).
#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "models/stats/statistics.h"
#include "python/native/bind_platform.h"

namespace py = pybind11;

namespace mtesim::python {

namespace {

std::string Join(const std::string& group, const std::string& name) { return group.empty() ? name : group + "." + name; }

py::object FromJson(const nlohmann::json& j) {
  return py::module_::import("json").attr("loads")(j.dump());
}

// An array over `data` (rows x columns, column-major as Eigen stores it), owned by `owner`.
py::array_t<uint64_t> View(const uint64_t* data, py::ssize_t rows, py::ssize_t columns, py::handle owner, bool matrix) {
  constexpr py::ssize_t kWord = sizeof(uint64_t);
  if (!matrix) return py::array_t<uint64_t>({rows}, {kWord}, data, owner);
  return py::array_t<uint64_t>({rows, columns}, {kWord, kWord * rows}, data, owner);
}

struct StatisticsState {
  std::unique_ptr<stats::Snapshot> snapshot;
};

StatisticsState& StateOf(PlatformHandle& p) {
  static StatisticsState state;  // one platform per process
  (void)p;
  return state;
}

}  // namespace

void BindStatistics(py::class_<PlatformHandle>& c) {
  c.def("statistics",
        [](PlatformHandle& p, bool since_snapshot) {
          StatisticsState& st = StateOf(p);
          if (since_snapshot && !st.snapshot)
            throw py::value_error("statistics(since_snapshot=True): no snapshot taken (call take_snapshot first)");
          return FromJson(p.platform().statistics().ToJson(since_snapshot ? st.snapshot.get() : nullptr));
        },
        py::arg("since_snapshot") = false, "Every statistic as nested dicts (the JSON --stats writes).")
      .def("describe_statistics",
           [](PlatformHandle& p) {
             std::vector<std::pair<std::string, std::string>> out;
             for (const stats::StatName& s : p.platform().statistics().Describe()) out.emplace_back(s.name, s.description);
             return out;
           },
           "Every statistic's dotted name and description.")
      .def("take_snapshot",
           [](PlatformHandle& p) {
             StateOf(p).snapshot = std::make_unique<stats::Snapshot>(p.platform().statistics().TakeSnapshot());
           },
           "Remembers every counter now: statistics(since_snapshot=True) gives what happened after.")
      .def("reset_statistics", [](PlatformHandle& p) { p.platform().statistics().Reset(); },
           "Zeroes every counter, histogram and matrix (formulas and gauges follow what they compute from).")
      .def("statistics_arrays",
           [](py::object self) {
             PlatformHandle& p = self.cast<PlatformHandle&>();
             py::dict out;
             stats::Tree::StorageVisitor v;
             v.counters = [&](const std::string& group, const stats::Counters& set) {
               std::vector<std::string> names;
               for (const stats::StatName& n : set.names()) names.push_back(n.name);
               py::dict entry;
               entry["kind"] = "counters";
               entry["labels"] = names;
               entry["values"] = View(set.values().data(), set.values().size(), 1, self, false);
               // A group may hold several counter sets: name each by its first counter.
               out[py::str(Join(group, names.empty() ? "counters" : names.front()))] = entry;
             };
             v.histogram = [&](const std::string& group, const stats::Histogram& h) {
               py::dict entry;
               entry["kind"] = "histogram";
               entry["labels"] = h.lower_bounds();
               entry["values"] = View(h.bins().data(), h.bins().size(), 1, self, false);
               out[py::str(Join(group, h.name().name))] = entry;
             };
             v.matrix = [&](const std::string& group, const stats::Matrix& m) {
               py::dict entry;
               entry["kind"] = "matrix";
               entry["labels"] = py::make_tuple(m.rows(), m.columns());
               entry["values"] = View(m.values().data(), m.values().rows(), m.values().cols(), self, true);
               out[py::str(Join(group, m.name().name))] = entry;
             };
             p.platform().statistics().VisitStorage(v);
             return out;
           },
           "The counters, histograms and matrices as NumPy arrays that view the simulator's storage: "
           "{name: {kind, labels, values}}.");
}

}  // namespace mtesim::python
