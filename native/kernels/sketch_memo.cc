// sketch_memo.h: a handful of slots under one mutex. Lookups compare the
// operator's whole name (kind, k, n, parameter, seed key) and what is kept;
// the slots are few, so a linear scan is the cheapest index.
#include "sketch_memo.h"

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace skm {
namespace sketch {
namespace {

struct Name {
  int32_t kind = 0;
  int32_t what = 0;
  uint64_t k = 0, n = 0;
  double param = 0;
  uint32_t lo = 0, hi = 0;
  bool operator==(const Name& o) const {
    // param compared as a number: the same operator has the same double.
    return kind == o.kind && what == o.what && k == o.k && n == o.n && param == o.param &&
           lo == o.lo && hi == o.hi;
  }
};

Name NameOf(const Spec& s, MemoWhat what) {
  Name m;
  m.kind = s.kind;
  m.what = static_cast<int32_t>(what);
  m.k = s.k;
  m.n = s.n;
  m.param = s.param;
  m.lo = s.key.lo;
  m.hi = s.key.hi;
  return m;
}

constexpr int kSlots = 16;

struct Slot {
  Name name;
  void* data = nullptr;  // null: empty
  size_t bytes = 0;
  uint64_t used = 0;  // the clock at the last find or store
  int pins = 0;
};

// Names of operators projected once and not kept: an entry is stored only
// when its name is seen a second time, so one-off operators (a range
// finder's fresh seed on every call) never pay for the copy or the memory.
constexpr int kSeen = 32;

struct Table {
  std::mutex mu;
  Slot slots[kSlots];
  size_t total = 0;
  uint64_t clock = 0;
  Name seen[kSeen];
  int seen_next = 0;
};

// Never destroyed: a kernel may still unpin while the process exits.
Table& Get() {
  static Table* table = new Table();
  return *table;
}

}  // namespace

MemoPin::~MemoPin() {
  if (slot_ < 0) return;
  Table& t = Get();
  std::lock_guard<std::mutex> lock(t.mu);
  --t.slots[slot_].pins;
}

void MemoFind(const Spec& s, MemoWhat what, MemoPin* pin) {
  const Name name = NameOf(s, what);
  Table& t = Get();
  std::lock_guard<std::mutex> lock(t.mu);
  for (int i = 0; i < kSlots; ++i) {
    Slot& e = t.slots[i];
    if (e.data != nullptr && e.name == name) {
      e.used = ++t.clock;
      ++e.pins;
      pin->slot_ = i;
      pin->data_ = e.data;
      return;
    }
  }
}

// True when name was noted before; else notes it (the oldest note goes).
bool SeenBefore(Table& t, const Name& name) {
  for (const Name& n : t.seen) {
    if (n == name) return true;
  }
  t.seen[t.seen_next] = name;
  t.seen_next = (t.seen_next + 1) % kSeen;
  return false;
}

void MemoStore(const Spec& s, MemoWhat what, const void* a, size_t na, const void* b,
               size_t nb) {
  if (na > kMemoEntryBytes || nb > kMemoEntryBytes - na) return;
  const size_t bytes = na + nb;
  if (bytes == 0) return;
  const Name name = NameOf(s, what);
  {
    Table& t = Get();
    std::lock_guard<std::mutex> lock(t.mu);
    if (!SeenBefore(t, name)) return;
  }
  char* copy = static_cast<char*>(std::malloc(bytes));
  if (copy == nullptr) return;
  std::memcpy(copy, a, na);
  if (nb > 0) std::memcpy(copy + na, b, nb);
  Table& t = Get();
  std::lock_guard<std::mutex> lock(t.mu);
  for (const Slot& e : t.slots) {
    if (e.data != nullptr && e.name == name) {  // another call stored it first
      std::free(copy);
      return;
    }
  }
  // Make room: drop unpinned entries, least recently used first, until the
  // new one fits in bytes and in a slot.
  for (;;) {
    int empty = -1, oldest = -1;
    for (int i = 0; i < kSlots; ++i) {
      const Slot& e = t.slots[i];
      if (e.data == nullptr) {
        if (empty < 0) empty = i;
      } else if (e.pins == 0 && (oldest < 0 || e.used < t.slots[oldest].used)) {
        oldest = i;
      }
    }
    if (empty >= 0 && t.total + bytes <= kMemoBytes) {
      Slot& e = t.slots[empty];
      e.name = name;
      e.data = copy;
      e.bytes = bytes;
      e.used = ++t.clock;
      e.pins = 0;
      t.total += bytes;
      return;
    }
    if (oldest < 0) {  // everything is in use: keep nothing
      std::free(copy);
      return;
    }
    Slot& e = t.slots[oldest];
    std::free(e.data);
    t.total -= e.bytes;
    e.data = nullptr;
    e.bytes = 0;
  }
}

}  // namespace sketch
}  // namespace skm
