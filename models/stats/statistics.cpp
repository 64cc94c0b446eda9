#include "models/stats/statistics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mtesim::stats {

namespace {

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string Join(const std::string& path, const std::string& name) { return path.empty() ? name : path + "." + name; }

// The JSON object at `path` below `root`, created as needed.
nlohmann::json& NodeAt(nlohmann::json& root, const std::string& path) {
  nlohmann::json* node = &root;
  size_t start = 0;
  while (start < path.size()) {
    const size_t dot = path.find('.', start);
    const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    node = &(*node)[part];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return *node;
}

}  // namespace

// ---- Histogram ----

std::vector<uint64_t> Log2Bins(unsigned n) {
  std::vector<uint64_t> bounds;
  if (n == 0) return bounds;
  bounds.push_back(0);
  for (unsigned k = 1; k < n && k <= 64; ++k) bounds.push_back(uint64_t{1} << (k - 1));
  return bounds;
}

std::vector<uint64_t> LinearBins(uint64_t first, uint64_t width, unsigned n) {
  std::vector<uint64_t> bounds;
  for (unsigned k = 0; k < n; ++k) bounds.push_back(first + width * k);
  return bounds;
}

Histogram::Histogram(StatName name, std::vector<uint64_t> lower_bounds)
    : name_(std::move(name)), lower_bounds_(std::move(lower_bounds)) {
  if (lower_bounds_.empty() || !std::is_sorted(lower_bounds_.begin(), lower_bounds_.end()) ||
      std::adjacent_find(lower_bounds_.begin(), lower_bounds_.end()) != lower_bounds_.end())
    throw std::logic_error("histogram " + name_.name + ": bounds must be strictly increasing and non-empty");
  log2_ = lower_bounds_ == Log2Bins(static_cast<unsigned>(lower_bounds_.size()));
  bins_ = CounterVector::Zero(static_cast<Eigen::Index>(lower_bounds_.size()));
}

unsigned Histogram::BinOf(uint64_t value) const {
  const unsigned last = static_cast<unsigned>(lower_bounds_.size() - 1);
  if (log2_) {
    // Bin 0 holds 0, bin k holds [2^(k-1), 2^k).
    const unsigned bin = value == 0 ? 0 : 64 - static_cast<unsigned>(__builtin_clzll(value));
    return std::min(bin, last);
  }
  const auto it = std::upper_bound(lower_bounds_.begin(), lower_bounds_.end(), value);
  return it == lower_bounds_.begin() ? 0 : static_cast<unsigned>(it - lower_bounds_.begin() - 1);
}

// ---- Matrix ----

Matrix::Matrix(StatName name, std::vector<std::string> rows, std::vector<std::string> columns)
    : name_(std::move(name)), rows_(std::move(rows)), columns_(std::move(columns)) {
  values_ = CounterMatrix::Zero(static_cast<Eigen::Index>(rows_.size()), static_cast<Eigen::Index>(columns_.size()));
}

// ---- Group ----

void Group::ClaimName(const std::string& name) {
  if (!ValidName(name)) throw std::logic_error("statistic name '" + name + "' in '" + path_ + "': use [a-z0-9_]");
  if (std::find(used_names_.begin(), used_names_.end(), name) != used_names_.end())
    throw std::logic_error("statistic '" + Join(path_, name) + "' registered twice");
  used_names_.push_back(name);
}

Group& Group::Child(const std::string& name) {
  auto it = children_.find(name);
  if (it != children_.end()) return *it->second;
  ClaimName(name);
  auto child = std::make_unique<Group>(Join(path_, name));
  Group& ref = *child;
  children_.emplace(name, std::move(child));
  return ref;
}

const Group* Group::Find(const std::string& name) const {
  auto it = children_.find(name);
  return it == children_.end() ? nullptr : it->second.get();
}

Counters& Group::AddCounters(std::initializer_list<StatName> names) {
  return AddCounters(std::vector<StatName>(names));
}

Counters& Group::AddCounters(std::vector<StatName> names) {
  for (const StatName& n : names) ClaimName(n.name);
  counters_.push_back(std::unique_ptr<Counters>(new Counters(std::move(names))));
  return *counters_.back();
}

Histogram& Group::AddHistogram(StatName name, std::vector<uint64_t> lower_bounds) {
  ClaimName(name.name);
  histograms_.push_back(std::unique_ptr<Histogram>(new Histogram(std::move(name), std::move(lower_bounds))));
  return *histograms_.back();
}

Matrix& Group::AddMatrix(StatName name, std::vector<std::string> rows, std::vector<std::string> columns) {
  ClaimName(name.name);
  matrices_.push_back(std::unique_ptr<Matrix>(new Matrix(std::move(name), std::move(rows), std::move(columns))));
  return *matrices_.back();
}

void Group::AddFormula(StatName name, std::function<double()> value) {
  ClaimName(name.name);
  formulas_.push_back(Formula{std::move(name), std::move(value)});
}

void Group::AddGauge(StatName name, std::function<uint64_t()> value) {
  ClaimName(name.name);
  gauges_.push_back(Gauge{std::move(name), std::move(value)});
}

// Visits this group and every descendant, parents first.
template <typename F>
void Group::ForEach(F&& f) const {
  f(*this);
  for (const auto& [name, child] : children_) child->ForEach(f);
}

// ---- Tree ----

nlohmann::json Tree::ToJson(const Snapshot* since) const {
  nlohmann::json out = nlohmann::json::object();
  root_.ForEach([&](const Group& g) {
    nlohmann::json& node = g.path_.empty() ? out : NodeAt(out, g.path_);
    if (!node.is_object()) node = nlohmann::json::object();
    for (const auto& set : g.counters_) {
      for (size_t i = 0; i < set->names_.size(); ++i) {
        uint64_t value = set->values_[static_cast<Eigen::Index>(i)], before = 0;
        if (since && since->Lookup(Join(g.path_, set->names_[i].name), &before)) value -= before;
        node[set->names_[i].name] = value;
      }
    }
    for (const auto& h : g.histograms_) {
      const std::string full = Join(g.path_, h->name_.name);
      CounterVector bins = h->bins_;
      uint64_t count = h->count_, sum = h->sum_;
      if (since) {
        auto it = since->vectors_.find(full);
        if (it != since->vectors_.end() && it->second.size() == bins.size()) bins -= it->second;
        uint64_t before = 0;
        if (since->Lookup(full, &before)) count -= before;
        if (since->Lookup(full + ".sum", &before)) sum -= before;
      }
      node[h->name_.name] = {{"lower_bounds", h->lower_bounds_},
                             {"bins", std::vector<uint64_t>(bins.data(), bins.data() + bins.size())},
                             {"count", count},
                             {"sum", sum}};
    }
    for (const auto& m : g.matrices_) {
      CounterMatrix values = m->values_;
      if (since) {
        auto it = since->matrices_.find(Join(g.path_, m->name_.name));
        if (it != since->matrices_.end() && it->second.rows() == values.rows() && it->second.cols() == values.cols())
          values -= it->second;
      }
      nlohmann::json rows = nlohmann::json::array();
      for (Eigen::Index r = 0; r < values.rows(); ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (Eigen::Index c = 0; c < values.cols(); ++c) row.push_back(values(r, c));
        rows.push_back(row);
      }
      node[m->name_.name] = {{"rows", m->rows_}, {"columns", m->columns_}, {"values", rows}};
    }
    for (const auto& f : g.formulas_) {
      const double v = f.value();
      node[f.name.name] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
    }
    for (const auto& gauge : g.gauges_) node[gauge.name.name] = gauge.value();
  });
  return out;
}

std::vector<StatName> Tree::Describe() const {
  std::vector<StatName> out;
  root_.ForEach([&](const Group& g) {
    for (const auto& set : g.counters_)
      for (const StatName& n : set->names_) out.push_back({Join(g.path_, n.name), n.description});
    for (const auto& h : g.histograms_) out.push_back({Join(g.path_, h->name_.name), h->name_.description});
    for (const auto& m : g.matrices_) out.push_back({Join(g.path_, m->name_.name), m->name_.description});
    for (const auto& f : g.formulas_) out.push_back({Join(g.path_, f.name.name), f.name.description});
    for (const auto& gauge : g.gauges_) out.push_back({Join(g.path_, gauge.name.name), gauge.name.description});
  });
  return out;
}

void Tree::VisitStorage(const StorageVisitor& visitor) const {
  root_.ForEach([&](const Group& g) {
    if (visitor.counters)
      for (const auto& set : g.counters_) visitor.counters(g.path_, *set);
    if (visitor.histogram)
      for (const auto& h : g.histograms_) visitor.histogram(g.path_, *h);
    if (visitor.matrix)
      for (const auto& m : g.matrices_) visitor.matrix(g.path_, *m);
  });
}

bool Tree::Lookup(const std::string& dotted_name, uint64_t* value) const {
  bool found = false;
  root_.ForEach([&](const Group& g) {
    if (found) return;
    for (const auto& set : g.counters_)
      for (size_t i = 0; i < set->names_.size(); ++i)
        if (Join(g.path_, set->names_[i].name) == dotted_name) {
          *value = set->values_[static_cast<Eigen::Index>(i)];
          found = true;
        }
    for (const auto& h : g.histograms_)
      if (Join(g.path_, h->name_.name) == dotted_name) {
        *value = h->count_;
        found = true;
      }
    for (const auto& gauge : g.gauges_)
      if (Join(g.path_, gauge.name.name) == dotted_name) {
        *value = gauge.value();
        found = true;
      }
  });
  return found;
}

Snapshot Tree::TakeSnapshot() const {
  Snapshot s;
  root_.ForEach([&](const Group& g) {
    for (const auto& set : g.counters_)
      for (size_t i = 0; i < set->names_.size(); ++i)
        s.scalars_[Join(g.path_, set->names_[i].name)] = set->values_[static_cast<Eigen::Index>(i)];
    for (const auto& h : g.histograms_) {
      const std::string full = Join(g.path_, h->name_.name);
      s.vectors_[full] = h->bins_;
      s.scalars_[full] = h->count_;
      s.scalars_[full + ".sum"] = h->sum_;
    }
    for (const auto& m : g.matrices_) s.matrices_[Join(g.path_, m->name_.name)] = m->values_;
  });
  return s;
}

void Tree::Reset() {
  root_.ForEach([](const Group& g) {
    // The tree owns the storage; reset writes through the const walk.
    for (const auto& set : g.counters_) set->values_.setZero();
    for (const auto& h : g.histograms_) {
      h->bins_.setZero();
      h->count_ = h->sum_ = 0;
    }
    for (const auto& m : g.matrices_) m->values_.setZero();
  });
}

bool Snapshot::Lookup(const std::string& dotted_name, uint64_t* value) const {
  auto it = scalars_.find(dotted_name);
  if (it == scalars_.end()) return false;
  *value = it->second;
  return true;
}

}  // namespace mtesim::stats
