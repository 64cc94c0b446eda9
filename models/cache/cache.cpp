#include "models/cache/cache.h"

namespace mtesim::cache {
namespace {

unsigned Log2(uint64_t power_of_two) {
  unsigned n = 0;
  while ((uint64_t{1} << n) < power_of_two) ++n;
  return n;
}

stats::Counters& RegisterCounters(stats::Group& g) {
  return g.AddCounters({
      {"reads", "data reads"},
      {"writes", "data writes (including data-and-tag writes)"},
      {"fetches", "instruction fetches"},
      {"tag_reads", "allocation tag reads"},
      {"tag_writes", "allocation tag writes (including data-and-tag writes)"},
      {"hits", "accesses that found every part of the line they need"},
      {"misses", "accesses that needed a fill (including tag misses)"},
      {"tag_misses", "misses whose line was present without its allocation tags"},
      {"fills", "demand fills requested from the next level"},
      {"tag_fills", "demand fills that brought allocation tags (with the data or alone)"},
      {"writebacks", "dirty lines written back to the next level"},
      {"data_writebacks", "writebacks carrying dirty data"},
      {"tag_writebacks", "writebacks carrying dirty allocation tags"},
      {"evictions", "valid lines replaced (clean or dirty)"},
      {"prefetches", "lines filled by the prefetcher"},
      {"prefetch_hits", "prefetched lines later demanded (useful prefetches)"},
  });
}

}  // namespace

Cache::Cache(const CacheConfig& config, stats::Group& stats)
    : config_(config),
      line_shift_(Log2(config.line_bytes)),
      set_mask_(0),
      counters_(RegisterCounters(stats)) {
  // Owners validate under their config key; this catches a C++-built config that skipped
  // that, naming the cache by its statistics path.
  Validate(config_, stats.path());
  set_mask_ = config_.sets() - 1;
  lines_.resize(static_cast<size_t>(config_.sets()) * config_.ways);
  mru_ = lines_.data();
  replacement_ = MakeReplacementPolicy(config_.replacement, config_.sets(), config_.ways);
  stamps_ = dynamic_cast<StampPolicy*>(replacement_.get());
  prefetcher_ = MakePrefetchPolicy(config_.prefetch, config_.line_bytes, config_.prefetch_degree);
  const stats::Counters* c = &counters_;  // lives as long as the group, unlike this cache
  auto accesses = [c] { return static_cast<double>((*c)[kHits] + (*c)[kMisses]); };
  stats.AddFormula({"hit_rate", "hits / accesses"}, [c, accesses] { return (*c)[kHits] / accesses(); });
  stats.AddFormula({"miss_rate", "misses / accesses"}, [c, accesses] { return (*c)[kMisses] / accesses(); });
}

Cache::Line& Cache::Allocate(unsigned set, Outcome& outcome) {
  Line* base = SetBase(set);
  unsigned way = config_.ways;
  for (unsigned w = 0; w < config_.ways; ++w)
    if (!base[w].valid) {
      way = w;
      break;
    }
  if (way == config_.ways) way = replacement_->Victim(set);
  Line& victim = base[way];
  if (victim.valid) {
    ++counters_[kEvictions];
    if (victim.data_dirty || victim.tags_dirty) {
      ++counters_[kWritebacks];
      if (victim.data_dirty) ++counters_[kDataWritebacks];
      if (victim.tags_dirty) ++counters_[kTagWritebacks];
      outcome.writeback = {true, victim.number << line_shift_, victim.data_dirty, victim.tags_dirty};
    }
  }
  victim = Line{};
  victim.valid = true;
  replacement_->OnFill(set, way);
  mru_ = &victim;
  return victim;
}

void Cache::Trigger(uint64_t number, Outcome& outcome) {
  outcome.prefetch_count = prefetcher_->Candidates(number << line_shift_, outcome.prefetch);
}

Outcome Cache::Access(uint64_t pa, CacheOp op, bool tagged) {
  CountOp(op);
  Outcome outcome;
  const uint64_t number = pa >> line_shift_;
  const unsigned set = static_cast<unsigned>(number & set_mask_);
  const bool needs_data = NeedsData(op);
  const bool needs_tags = tagged || IsTagOp(op);
  Line* line = Find(number, set);
  if (line) {
    const bool was_prefetched = line->prefetched;
    if (was_prefetched) {
      ++counters_[kPrefetchHits];
      line->prefetched = false;
    }
    const bool data_missing = needs_data && !line->data;
    const bool tags_missing = needs_tags && !line->tags;
    Touch(set, line);
    if (!data_missing && !tags_missing) {
      ++counters_[kHits];
      outcome.hit = true;
      if (was_prefetched) Trigger(number, outcome);
    } else {
      // Present but incomplete: fetch only the missing parts, into the same way.
      ++counters_[kMisses];
      ++counters_[kFills];
      if (tags_missing) ++counters_[kTagFills];
      if (tags_missing && !data_missing) ++counters_[kTagMisses];
      outcome.fill = {true, data_missing, tags_missing};
      line->data |= data_missing;
      line->tags |= tags_missing;
    }
  } else {
    ++counters_[kMisses];
    ++counters_[kFills];
    if (needs_tags) ++counters_[kTagFills];
    line = &Allocate(set, outcome);
    line->number = number;
    line->data = true;  // every allocating miss fetches the data, whatever the op needs
    line->tags = needs_tags;
    outcome.fill = {true, true, needs_tags};
    Trigger(number, outcome);
  }
  if (WritesData(op)) line->data_dirty = true;
  if (WritesTags(op)) line->tags_dirty = true;
  return outcome;
}

Outcome Cache::Prefetch(uint64_t line_pa, bool tagged) {
  Outcome outcome;
  const uint64_t number = line_pa >> line_shift_;
  const unsigned set = static_cast<unsigned>(number & set_mask_);
  if (Find(number, set)) return outcome;
  ++counters_[kPrefetches];
  Line& line = Allocate(set, outcome);
  line.number = number;
  line.data = true;
  line.tags = tagged;
  line.prefetched = true;
  outcome.fill = {true, true, tagged};
  return outcome;
}

Outcome Cache::WritebackFromAbove(uint64_t pa, bool data, bool tags) {
  Outcome outcome;
  const uint64_t number = pa >> line_shift_;
  const unsigned set = static_cast<unsigned>(number & set_mask_);
  Line* line = Find(number, set);
  if (line) {
    outcome.hit = true;
    Touch(set, line);
  } else {
    line = &Allocate(set, outcome);
    line->number = number;
  }
  // The parts written back arrive whole; a part not written back stays as it was (a new
  // line lacks it, and a later access needing it fills it).
  if (data) line->data = line->data_dirty = true;
  if (tags) line->tags = line->tags_dirty = true;
  return outcome;
}

}  // namespace mtesim::cache
