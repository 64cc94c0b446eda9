// The statistics tree: every model registers its counters, histograms and matrices here
// under stable dotted names ("pe0.l1d.misses"), and holds only handles to them, so no
// model has public counter fields and one dump, snapshot or reset reaches everything.
//
// Values live in Eigen vectors and matrices registered once, when a model is built:
// a model declares its counters as one set (an enum indexes it), and the hot path is an
// increment through a pointer. Storage never moves after registration, so handles stay
// valid for the tree's life, and Python can later see the same memory as NumPy arrays.
// Formulas (CPI, hit rates, seconds) are evaluated when the tree is read.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

namespace mtesim::stats {

using CounterVector = Eigen::Matrix<uint64_t, Eigen::Dynamic, 1>;
using CounterMatrix = Eigen::Matrix<uint64_t, Eigen::Dynamic, Eigen::Dynamic>;

// A name and what it counts (the documentation users read in the JSON's "_doc" side).
struct StatName {
  std::string name;
  std::string description;
};

// A set of counters registered together; index it with the model's own enum.
class Counters {
 public:
  uint64_t& operator[](unsigned i) { return values_[i]; }
  uint64_t operator[](unsigned i) const { return values_[i]; }
  const CounterVector& values() const { return values_; }
  const std::vector<StatName>& names() const { return names_; }

 private:
  friend class Group;
  friend class Tree;
  explicit Counters(std::vector<StatName> names) : names_(std::move(names)) {
    values_ = CounterVector::Zero(static_cast<Eigen::Index>(names_.size()));
  }
  std::vector<StatName> names_;
  CounterVector values_;
};

// A distribution: samples fall into bins by their lower bounds (the first bin takes
// everything below the second bound, the last everything from its bound up). Log2 bins
// (1, 2, 4, ...) suit latencies; linear ones suit small ranges.
class Histogram {
 public:
  void Sample(uint64_t value, uint64_t times = 1) {
    bins_[static_cast<Eigen::Index>(BinOf(value))] += times;
    count_ += times;
    sum_ += value * times;
  }
  unsigned BinOf(uint64_t value) const;
  const CounterVector& bins() const { return bins_; }
  const std::vector<uint64_t>& lower_bounds() const { return lower_bounds_; }
  uint64_t count() const { return count_; }
  uint64_t sum() const { return sum_; }
  const StatName& name() const { return name_; }

 private:
  friend class Group;
  friend class Tree;
  Histogram(StatName name, std::vector<uint64_t> lower_bounds);
  StatName name_;
  std::vector<uint64_t> lower_bounds_;
  bool log2_ = false;  // bounds are 0, 1, 2, 4, ...: the bin is found without a search
  CounterVector bins_;
  uint64_t count_ = 0, sum_ = 0;
};

// Bins 0, 1, 2, 4, ... 2^(n-2): n bins.
std::vector<uint64_t> Log2Bins(unsigned n);
// Bins first, first + width, ...: n bins.
std::vector<uint64_t> LinearBins(uint64_t first, uint64_t width, unsigned n);

// A matrix of counters with named rows and columns (checks by mode x outcome, DRAM
// accesses by bank x kind).
class Matrix {
 public:
  uint64_t& operator()(unsigned row, unsigned column) { return values_(row, column); }
  uint64_t operator()(unsigned row, unsigned column) const { return values_(row, column); }
  const CounterMatrix& values() const { return values_; }
  const StatName& name() const { return name_; }
  const std::vector<std::string>& rows() const { return rows_; }
  const std::vector<std::string>& columns() const { return columns_; }

 private:
  friend class Group;
  friend class Tree;
  Matrix(StatName name, std::vector<std::string> rows, std::vector<std::string> columns);
  StatName name_;
  std::vector<std::string> rows_, columns_;
  CounterMatrix values_;
};

// One node of the tree: a model's statistics and its children's.
class Group {
 public:
  explicit Group(std::string path) : path_(std::move(path)) {}
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;

  // The child `name` (created on first use). Names are [a-z0-9_]; an invalid or
  // duplicate name is a programming error (std::logic_error).
  Group& Child(const std::string& name);
  Counters& AddCounters(std::initializer_list<StatName> names);
  Counters& AddCounters(std::vector<StatName> names);
  Histogram& AddHistogram(StatName name, std::vector<uint64_t> lower_bounds);
  Matrix& AddMatrix(StatName name, std::vector<std::string> rows, std::vector<std::string> columns);
  // A derived value, computed whenever the tree is read (not reset or snapshotted: it
  // is a function of counters that are).
  void AddFormula(StatName name, std::function<double()> value);
  // A whole-number value a model keeps for its own reasons (resident bytes, pages
  // decoded, TLB hits of a structure counted inside it), read when the tree is read.
  // Like a formula it is neither reset nor snapshotted.
  void AddGauge(StatName name, std::function<uint64_t()> value);

  // "pe0.l1d" ("" for the root).
  const std::string& path() const { return path_; }
  // The child `name`, or nullptr.
  const Group* Find(const std::string& name) const;

 private:
  friend class Tree;
  void ClaimName(const std::string& name);
  template <typename F> void ForEach(F&& f) const;

  std::string path_;
  std::vector<std::string> used_names_;
  std::map<std::string, std::unique_ptr<Group>> children_;
  std::vector<std::unique_ptr<Counters>> counters_;
  std::vector<std::unique_ptr<Histogram>> histograms_;
  std::vector<std::unique_ptr<Matrix>> matrices_;
  struct Formula {
    StatName name;
    std::function<double()> value;
  };
  std::vector<Formula> formulas_;
  struct Gauge {
    StatName name;
    std::function<uint64_t()> value;
  };
  std::vector<Gauge> gauges_;
};

// A copy of every counter, histogram and matrix at one moment.
class Snapshot {
 public:
  // The value of a counter (or a histogram's count) by dotted name; false when absent.
  bool Lookup(const std::string& dotted_name, uint64_t* value) const;

 private:
  friend class Tree;
  std::map<std::string, uint64_t> scalars_;
  std::map<std::string, CounterVector> vectors_;  // histogram bins
  std::map<std::string, CounterMatrix> matrices_;
};

class Tree {
 public:
  Tree() : root_("") {}
  Group& root() { return root_; }
  const Group& root() const { return root_; }

  // Every statistic as nested JSON objects following the dotted names; counters are
  // numbers, formulas numbers (null when not finite), histograms
  // {"lower_bounds", "bins", "count", "sum"}, matrices {"rows", "columns", "values"}.
  // `since`: values less those of the snapshot (what happened after it).
  nlohmann::json ToJson(const Snapshot* since = nullptr) const;
  // Every statistic's dotted name with its description (the documentation).
  std::vector<StatName> Describe() const;
  // The current value of a counter (or a histogram's count) by dotted name.
  bool Lookup(const std::string& dotted_name, uint64_t* value) const;

  Snapshot TakeSnapshot() const;
  // Zero every counter, histogram and matrix (a region of interest starts here).
  void Reset();

  // The storage of every counter set, histogram and matrix with its group's dotted path
  // ("" for the root): what Python's NumPy arrays view without copying.
  struct StorageVisitor {
    std::function<void(const std::string& group, const Counters&)> counters;
    std::function<void(const std::string& group, const Histogram&)> histogram;
    std::function<void(const std::string& group, const Matrix&)> matrix;
  };
  void VisitStorage(const StorageVisitor& visitor) const;

 private:
  Group root_;
};

}  // namespace mtesim::stats
