// Shape: a vector of sizes that keeps up to five of them inline and moves to the heap beyond.
// Each test runs the same edits on a Shape and on a std::vector<int64_t> and compares, across
// the inline/heap boundary, so the two behave alike whatever the length.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "core/shape.h"

using namespace ripple;

namespace {

void expect_same(const Shape& got, const std::vector<int64_t>& want) {
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(std::vector<int64_t>(got.begin(), got.end()), want);
  EXPECT_TRUE(got == want);
}

TEST(Shape, PushBackPastTheInlineSizesKeepsEveryValue) {
  Shape s;
  std::vector<int64_t> v;
  for (int64_t i = 0; i < 40; ++i) {
    s.push_back(i * 7 - 3);
    v.push_back(i * 7 - 3);
    expect_same(s, v);
  }
  s.pop_back(), v.pop_back();
  expect_same(s, v);
  EXPECT_EQ(s.front(), v.front());
  EXPECT_EQ(s.back(), v.back());
}

TEST(Shape, InsertAndEraseMatchStdVectorInlineAndOnTheHeap) {
  for (size_t n : {0u, 2u, 4u, 5u, 6u, 11u}) {
    Shape s(n, 9);
    std::vector<int64_t> v(n, 9);
    s.insert(s.begin(), 1), v.insert(v.begin(), 1);
    s.insert(s.end(), 2), v.insert(v.end(), 2);
    s.insert(s.begin() + 1, 3), v.insert(v.begin() + 1, 3);
    expect_same(s, v);
    // a range taken from the shape itself, while the insertion may move it to the heap
    s.insert(s.begin() + 2, s.begin(), s.begin() + 3);
    const std::vector<int64_t> head(v.begin(), v.begin() + 3);
    v.insert(v.begin() + 2, head.begin(), head.end());
    expect_same(s, v);
    s.erase(s.begin() + 1), v.erase(v.begin() + 1);
    s.erase(s.begin(), s.begin() + 2), v.erase(v.begin(), v.begin() + 2);
    expect_same(s, v);
    s.resize(n + 3, -1), v.resize(n + 3, -1);
    expect_same(s, v);
    s.resize(1), v.resize(1);
    expect_same(s, v);
  }
}

TEST(Shape, CopiesAndMovesAreIndependentWhetherInlineOrOnTheHeap) {
  for (size_t n : {3u, 8u}) {
    Shape a(n, 4);
    Shape b = a;
    b[0] = 5;
    EXPECT_EQ(a[0], 4);
    Shape c = std::move(b);
    EXPECT_TRUE(b.empty());  // NOLINT: a moved-from Shape is left empty, as documented
    EXPECT_EQ(c[0], 5);
    EXPECT_EQ(c.size(), n);
    a = c;
    EXPECT_EQ(a, c);
    Shape d{1, 2};
    d = std::move(c);
    EXPECT_EQ(d, a);
    d = d;  // self-assignment keeps the sizes
    EXPECT_EQ(d, a);
  }
  EXPECT_EQ(to_string(Shape{2, 3}), "(2, 3)");
  EXPECT_NE(Shape({2, 3}), Shape({2, 3, 1}));
}

}  // namespace
