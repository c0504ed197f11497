// Storage allocation with a cache of freed blocks.
//
// A training loop allocates the same shapes every step. Returning those blocks to the OS and
// getting them back costs a page fault and a page clear per 4 KiB, which was a third of a
// forecast training step. Freed blocks are therefore kept, by size class, and handed out again;
// at most 512 MiB is kept. Under AddressSanitizer the cache is off, so use-after-free of tensor
// memory is still reported.
#include <bit>
#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#include "core/tensor.h"

namespace ripple {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kCacheLimit = 0;
#else
constexpr size_t kCacheLimit = size_t{512} << 20;
#endif

struct BlockCache {
  std::mutex mutex;
  std::unordered_map<size_t, std::vector<void*>> free_blocks;  // by rounded size
  size_t cached_bytes = 0;
};

// Never destroyed: tensors in static objects may be freed after every other static is gone.
BlockCache& cache() {
  static BlockCache* c = new BlockCache;
  return *c;
}

// Blocks are cached by size class: multiples of 64 bytes up to 4 KiB, above that four classes
// per power of two (at most 25% unused). Exact sizes would let a run whose shapes vary (an
// evaluation over chunks of words of every length) fill the cache with blocks no later request
// fits, while the classes let the next chunk's tensors reuse them.
size_t rounded_size(size_t bytes) {
  if (bytes <= 4096) return bytes ? (bytes + 63) / 64 * 64 : 64;
  const size_t step = std::bit_floor(bytes) / 4;
  return (bytes + step - 1) / step * step;
}

}  // namespace

Storage::Storage(size_t bytes_) : bytes(bytes_) {
  const size_t size = rounded_size(bytes_);
  if (kCacheLimit) {
    BlockCache& c = cache();
    std::lock_guard lock(c.mutex);
    auto it = c.free_blocks.find(size);
    if (it != c.free_blocks.end() && !it->second.empty()) {
      data = it->second.back();
      it->second.pop_back();
      c.cached_bytes -= size;
      return;
    }
  }
  data = std::aligned_alloc(64, size);
  if (!data) throw std::bad_alloc();
}

Storage::~Storage() {
  const size_t size = rounded_size(bytes);
  if (kCacheLimit) {
    BlockCache& c = cache();
    std::lock_guard lock(c.mutex);
    if (c.cached_bytes + size <= kCacheLimit) {
      c.free_blocks[size].push_back(data);
      c.cached_bytes += size;
      return;
    }
  }
  std::free(data);
}

}  // namespace ripple
